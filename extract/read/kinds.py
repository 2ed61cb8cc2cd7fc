"""Which reader a file goes to, by its suffix: the one list of the input kinds jixiao reads."""

PDF_SUFFIXES = (".pdf",)
SPREADSHEET_SUFFIXES = (".xlsx", ".xlsm", ".xls")
TEXT_EXPORT_SUFFIXES = (".txt", ".tsv")  # read when named on the command line, never walked
WORD_SUFFIXES = (".docx", ".doc", ".wps", ".et")  # .et: WPS spreadsheets, converted like .doc
# What a folder walk picks up.
WALK_SUFFIXES = PDF_SUFFIXES + SPREADSHEET_SUFFIXES + WORD_SUFFIXES
