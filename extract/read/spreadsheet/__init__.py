"""Spreadsheets (.xlsx/.xlsm, .xls) → the row stream, so the form parser reads them as PDFs.

Some departments publish the 绩效目标表 as workbooks. Each visible worksheet is one page
(``PageRows.page`` is the sheet's 1-based position in the workbook, hidden sheets counted, so a
page number names the tab a reader finds; ``method="spreadsheet"``), and its rows are built with
the conventions of :mod:`jixiao.extract.layout.rows`:

* **Geometry.** x edges are cumulative column widths, y edges cumulative row heights, both in
  points (a column width of one character counts :data:`POINTS_PER_CHAR`); hidden rows and
  columns have no size and no text. A merged range is one :class:`Cell` with its spans and the
  text of its top-left cell, present in every row it covers, ``first=False`` after the first.
* **Tables and free text.** A cell is *ruled* when vertical borders close it on both sides (its
  own left and right sides, or the facing sides of its neighbours; a merged range counts all its
  squares): column lines make a grid even where rows are not separated, while an underline
  under a title or a 填报单位 line does not, as a lone line in a PDF does not, and the square just
  right of a table (touched by the table's right border only) stays outside it. Runs of
  consecutive rows touching a ruled cell are tables, each with a new ``table`` index; within a
  table every row holds one cell per column of the table's extent (its ruled and non-empty
  cells), empty ones included, as a PDF grid does. Other rows are free text
  (``table=None``, one phrase per non-empty cell): the title, ``(2021年度)``, ``填报单位（盖章）``.
  A sheet without any ruled cell falls back to content: rows with two or more non-empty cells
  are table rows. Fully empty rows are skipped and end a table.
* **Text as Excel shows it.** Numbers go through their number format (:func:`format_number`),
  dates are ISO, booleans ``TRUE``/``FALSE``, formulas give their cached value (``""`` when the
  file has none, as openpyxl-written files do), then :func:`jixiao.normalize.text.clean_text`
  as for PDF cells.

Two small readers turn a workbook into :class:`Sheet` objects — openpyxl for .xlsx/.xlsm, xlrd
(``formatting_info=True``: merges, borders, sizes) for .xls — chosen by the file's magic bytes,
not its suffix (a workbook saved under the other suffix still opens); one builder,
:func:`sheet_to_rows`, makes the rows. A file that is not a workbook, is encrypted or is corrupt
raises :class:`~jixiao.extract.errors.InputError` with a one-line reason.

Memory: openpyxl loads .xlsx in full mode, because its read-only mode drops merged ranges, which
the 一级/二级指标 columns need; forms workbooks are small, and a decompression bomb is stopped by
the batch's memory cap. Only cells with text or borders are kept for the builder.

Modules: :mod:`.sheet` (the format-free worksheet), :mod:`.cell_text` (text as Excel shows it),
:mod:`.sheet_rows` (worksheet → rows), :mod:`.workbooks` (the .xlsx and .xls readers).
"""

from .cell_text import format_general, format_number, value_text
from .sheet import BOTTOM, LEFT, POINTS_PER_CHAR, RIGHT, TOP, Sheet, SheetCell
from .sheet_rows import sheet_to_rows
from .workbooks import ZIP_MAGIC, spreadsheet_rows, workbook_sheets

__all__ = [
    "BOTTOM", "LEFT", "POINTS_PER_CHAR", "RIGHT", "TOP", "ZIP_MAGIC", "Sheet", "SheetCell",
    "format_general", "format_number", "sheet_to_rows", "spreadsheet_rows", "value_text", "workbook_sheets",
]  # fmt: skip
