"""Which reader a file goes to, by its suffix: the one list of the input kinds jixiao reads,
and the engines a PDF can be read with. Plain tuples: the command line declares its options
from them without importing the readers."""

PDF_SUFFIXES = (".pdf",)
SPREADSHEET_SUFFIXES = (".xlsx", ".xlsm", ".xls")
TEXT_EXPORT_SUFFIXES = (".txt", ".tsv")  # read when named on the command line, never walked
WORD_SUFFIXES = (".docx", ".doc", ".wps", ".et")  # .et: WPS spreadsheets, converted like .doc
# What a folder walk picks up.
WALK_SUFFIXES = PDF_SUFFIXES + SPREADSHEET_SUFFIXES + WORD_SUFFIXES
# The PDF engines (``--engine``): pdfium (:mod:`.pdfium_pages`) or pdfminer (:mod:`.pdfminer_pages`).
ENGINES = ("pdfium", "pdfminer")
