"""Workbook files → :class:`~.sheet.Sheet` objects: openpyxl for .xlsx/.xlsm, xlrd for .xls,
chosen by the first bytes; and the row stream of a whole workbook."""

from __future__ import annotations

import io
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Optional

from ....schemas import ReasonCode
from ...errors import InputError
from ...model import PageRows
from .cell_text import value_text
from .sheet import BOTTOM, DEFAULT_ROW_HEIGHT, LEFT, POINTS_PER_CHAR, RIGHT, TOP, CellValue, Sheet, SheetCell
from .sheet_rows import sheet_to_rows

if TYPE_CHECKING:
    from openpyxl.cell.cell import Cell as XlsxCell
    from openpyxl.worksheet.worksheet import Worksheet
    from xlrd.book import Book
    from xlrd.sheet import Sheet as XlsSheet

ENCRYPTED_WORKBOOK = "encrypted spreadsheet: a password is needed to open it (not supported)"


ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# An encrypted .xlsx is an OLE file holding these streams (MS-OFFCRYPTO); names are UTF-16.
_ENCRYPTION_STREAMS = ("EncryptionInfo".encode("utf-16-le"), "EncryptedPackage".encode("utf-16-le"))


def _damaged(exc: BaseException) -> Exception:
    """The one-line reason for a library's failure to read a workbook."""
    text = " ".join(str(exc).split())[:200]
    if "encrypt" in text.lower() or "password" in text.lower():
        return InputError(ENCRYPTED_WORKBOOK, ReasonCode.ENCRYPTED)
    name = type(exc).__name__
    return InputError(f"damaged spreadsheet: {name}: {text}" if text else f"damaged spreadsheet: {name}")


def _openpyxl_sides(cell: XlsxCell) -> int:
    """Border sides of an openpyxl cell (a merged range's edge cells carry its border)."""
    if not cell.has_style:
        return 0
    border = cell.border
    sides = 0
    for bit, name in ((LEFT, "left"), (TOP, "top"), (RIGHT, "right"), (BOTTOM, "bottom")):
        side = getattr(border, name, None)
        if side is not None and side.style:
            sides |= bit
    return sides


def _openpyxl_sheet(ws: Worksheet, number: int) -> Sheet:
    """One openpyxl worksheet → :class:`Sheet`."""
    sheet = Sheet(number=number)
    fmt = ws.sheet_format
    default_chars = fmt.defaultColWidth or (fmt.baseColWidth or 8) + 0.43
    sheet.default_col_width = default_chars * POINTS_PER_CHAR
    sheet.default_row_height = fmt.defaultRowHeight or DEFAULT_ROW_HEIGHT
    hidden_cols: set[int] = set()
    for dim in ws.column_dimensions.values():
        lo, hi = dim.min, dim.max
        if lo is None or hi is None:
            continue
        for c in range(lo - 1, min(hi, 16384)):
            if dim.hidden:
                hidden_cols.add(c)
                sheet.col_widths[c] = 0.0
            elif dim.customWidth:
                sheet.col_widths[c] = dim.width * POINTS_PER_CHAR
    hidden_rows: set[int] = set()
    for r, dim in ws.row_dimensions.items():
        if dim.hidden:
            hidden_rows.add(r - 1)
            sheet.row_heights[r - 1] = 0.0
        elif dim.ht is not None:
            sheet.row_heights[r - 1] = float(dim.ht)
    # The worksheet's own cell store: iterating ``ws.iter_rows()`` would create a cell for every
    # empty square up to the used range, which a stray format at row 1,048,576 makes enormous.
    for (r, c), cell in ws._cells.items():
        if r - 1 in hidden_rows or c - 1 in hidden_cols:
            continue
        sides = _openpyxl_sides(cell)
        text = value_text(cell.value, cell.number_format) if cell.value is not None else ""
        if text or sides:
            sheet.cells[r - 1, c - 1] = SheetCell(text, sides)
    for rng in ws.merged_cells.ranges:
        sheet.merges.append((rng.min_row - 1, rng.min_col - 1, rng.max_row - 1, rng.max_col - 1))
    return sheet


def xlsx_sheets(path: Path) -> Iterator[Sheet]:
    """The visible worksheets of an .xlsx/.xlsm workbook (cached values of formulas)."""
    import openpyxl

    try:
        # A file object, not the path: openpyxl refuses paths whose suffix is not .xlsx/.xlsm,
        # and the reader was chosen by content. Full mode reads everything here.
        with open(path, "rb") as fh, warnings.catch_warnings():
            warnings.simplefilter("ignore")  # unsupported extensions, missing default styles
            wb = openpyxl.load_workbook(fh, data_only=True, keep_links=False)
    except MemoryError:
        raise
    except Exception as exc:  # noqa: BLE001 - any failure to load is a damaged input
        raise _damaged(exc) from None
    try:
        for ws in wb.worksheets:
            if ws.sheet_state == "visible":
                yield _openpyxl_sheet(ws, wb.index(ws) + 1)
    finally:
        wb.close()


def _xlrd_value(book: Book, sheet: XlsSheet, r: int, c: int) -> tuple[CellValue, Optional[str]]:
    """The value of an .xls cell as openpyxl would give it, with its number format."""
    import xlrd

    ctype = sheet.cell_type(r, c)
    value = sheet.cell_value(r, c)
    if ctype in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK):
        return None, None
    if ctype == xlrd.XL_CELL_TEXT:
        return value, None
    if ctype == xlrd.XL_CELL_BOOLEAN:
        return bool(value), None
    if ctype == xlrd.XL_CELL_ERROR:
        return xlrd.error_text_from_code.get(value, "#N/A"), None
    if ctype == xlrd.XL_CELL_DATE:
        try:
            return xlrd.xldate.xldate_as_datetime(value, book.datemode), None
        except (xlrd.xldate.XLDateError, OverflowError, ValueError):
            return value, None
    xf = book.xf_list[sheet.cell_xf_index(r, c)]
    fmt = book.format_map.get(xf.format_key)
    return value, fmt.format_str if fmt is not None else None


def _xlrd_sides(book: Book, sheet: XlsSheet, r: int, c: int) -> int:
    """Border sides of an .xls cell, from its XF record."""
    border = book.xf_list[sheet.cell_xf_index(r, c)].border
    sides = 0
    for bit, style in (
        (LEFT, border.left_line_style), (TOP, border.top_line_style),
        (RIGHT, border.right_line_style), (BOTTOM, border.bottom_line_style),
    ):
        if style:
            sides |= bit
    return sides


def _xlrd_sheet(book: Book, sh: XlsSheet, number: int) -> Sheet:
    """One xlrd sheet (opened with formatting info) → :class:`Sheet`."""
    sheet = Sheet(number=number)
    if sh.standardwidth:
        sheet.default_col_width = sh.standardwidth / 256 * POINTS_PER_CHAR
    elif sh.defcolwidth:
        sheet.default_col_width = sh.defcolwidth * POINTS_PER_CHAR
    if sh.default_row_height:
        sheet.default_row_height = sh.default_row_height / 20
    hidden_cols: set[int] = set()
    for c, info in sh.colinfo_map.items():
        if info.hidden:
            hidden_cols.add(c)
        sheet.col_widths[c] = 0.0 if info.hidden else info.width / 256 * POINTS_PER_CHAR
    hidden_rows: set[int] = set()
    for r, info in sh.rowinfo_map.items():
        if info.hidden:
            hidden_rows.add(r)
        sheet.row_heights[r] = 0.0 if info.hidden else info.height / 20
    for r in range(sh.nrows):
        if r in hidden_rows:
            continue
        for c in range(sh.row_len(r)):
            if c in hidden_cols:
                continue
            value, fmt = _xlrd_value(book, sh, r, c)
            text = value_text(value, fmt)
            sides = _xlrd_sides(book, sh, r, c)
            if text or sides:
                sheet.cells[r, c] = SheetCell(text, sides)
    sheet.merges = [(r0, c0, r1 - 1, c1 - 1) for r0, r1, c0, c1 in sh.merged_cells]
    return sheet


def xls_sheets(path: Path) -> Iterator[Sheet]:
    """The visible worksheets of a BIFF .xls workbook (cached values of formulas)."""
    import xlrd

    log = io.StringIO()  # xlrd writes its warnings to stdout by default; stdout is data only
    try:
        book = xlrd.open_workbook(str(path), formatting_info=True, on_demand=True, logfile=log)
    except MemoryError:
        raise
    except Exception as exc:  # noqa: BLE001 - any failure to open is a damaged input
        raise _damaged(exc) from None
    try:
        for index in range(book.nsheets):
            try:
                sh = book.sheet_by_index(index)
            except MemoryError:
                raise
            except Exception as exc:  # noqa: BLE001 - a sheet that cannot be parsed
                raise _damaged(exc) from None
            if sh.visibility == 0:
                yield _xlrd_sheet(book, sh, index + 1)
            book.unload_sheet(index)
    finally:
        book.release_resources()


def workbook_sheets(path: Path) -> Iterator[Sheet]:
    """The visible sheets of a workbook, the reader chosen by the file's first bytes."""
    with open(path, "rb") as fh:
        head = fh.read(1024)
    if not head:
        raise InputError("empty file (0 bytes)", ReasonCode.EMPTY)
    if head.startswith(ZIP_MAGIC):
        return xlsx_sheets(path)
    if head.startswith(OLE_MAGIC):
        data = path.read_bytes()
        if any(name in data for name in _ENCRYPTION_STREAMS):
            raise InputError(ENCRYPTED_WORKBOOK, ReasonCode.ENCRYPTED)
        return xls_sheets(path)
    lowered = head.lower()
    if b"<html" in lowered or b"<!doctype" in lowered or b"<table" in lowered:
        raise InputError("damaged spreadsheet: the file is an HTML page, not a workbook")
    if b"urn:schemas-microsoft-com:office:spreadsheet" in lowered:
        raise InputError("damaged spreadsheet: an XML Spreadsheet 2003 file, not a workbook (save it as .xlsx)")
    raise InputError("damaged spreadsheet: neither an .xlsx (zip) nor an .xls (OLE) file")


def spreadsheet_rows(path: Path) -> Iterator[PageRows]:
    """The row stream of a workbook: one page per visible worksheet."""
    for sheet in workbook_sheets(Path(path)):
        yield sheet_to_rows(sheet)
