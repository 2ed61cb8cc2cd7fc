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
"""

from __future__ import annotations

import datetime as dt
import io
import re
import warnings
from bisect import bisect_left
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from pathlib import Path
from typing import TYPE_CHECKING, Optional, Union

from ...normalize.text import clean_text
from ..errors import InputError
from ..model import Cell, PageRows, Row, RowCell

if TYPE_CHECKING:
    from openpyxl.cell.cell import Cell as XlsxCell
    from openpyxl.worksheet.worksheet import Worksheet
    from xlrd.book import Book
    from xlrd.sheet import Sheet as XlsSheet

POINTS_PER_CHAR = 5.25  # one character of column width: 7 px at 96 dpi
DEFAULT_COL_WIDTH = 8.43  # characters, Excel's default when a sheet states none
DEFAULT_ROW_HEIGHT = 15.0  # points

ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# An encrypted .xlsx is an OLE file holding these streams (MS-OFFCRYPTO); names are UTF-16.
_ENCRYPTION_STREAMS = ("EncryptionInfo".encode("utf-16-le"), "EncryptedPackage".encode("utf-16-le"))

# Border sides of a cell as bits; a cell is ruled when vertical ones close it on both sides.
LEFT, TOP, RIGHT, BOTTOM = 1, 2, 4, 8
_VERTICAL = LEFT | RIGHT

CellValue = Union[None, str, bool, int, float, dt.datetime, dt.date, dt.time, dt.timedelta]


# ---------------------------------------------------------------------------------------------
# What a reader hands the builder
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SheetCell:
    """One cell as read: its text as Excel shows it (cleaned) and its border sides (bits)."""

    text: str = ""
    sides: int = 0


@dataclass
class Sheet:
    """One worksheet, independent of the file format. Indices are 0-based; only cells with
    text or borders are listed; merges are inclusive ``(row0, col0, row1, col1)``."""

    number: int  # 1-based position in the workbook
    cells: dict[tuple[int, int], SheetCell] = field(default_factory=dict)
    merges: list[tuple[int, int, int, int]] = field(default_factory=list)
    col_widths: dict[int, float] = field(default_factory=dict)  # points, where not the default
    row_heights: dict[int, float] = field(default_factory=dict)  # points, where not the default
    default_col_width: float = DEFAULT_COL_WIDTH * POINTS_PER_CHAR
    default_row_height: float = DEFAULT_ROW_HEIGHT


# ---------------------------------------------------------------------------------------------
# Text as Excel shows it
# ---------------------------------------------------------------------------------------------

_PLACEHOLDERS = "0#?"
_DATE_TOKENS = re.compile(r"[ymdhs]", re.IGNORECASE)


def _split_sections(code: str) -> list[str]:
    """A number format's ``;``-separated sections, ignoring ``;`` inside quotes or after ``\\``."""
    sections, current, quoted, escaped = [], "", False, False
    for ch in code:
        if escaped:
            current += ch
            escaped = False
        elif ch == "\\":
            current += ch
            escaped = True
        elif ch == '"':
            current += ch
            quoted = not quoted
        elif ch == ";" and not quoted:
            sections.append(current)
            current = ""
        else:
            current += ch
    sections.append(current)
    return sections


@dataclass
class _Pattern:
    """One section of a number format, split into literal text around one numeric pattern."""

    prefix: str = ""
    number: str = ""  # placeholders, '.', ',' and an exponent part
    suffix: str = ""
    percent: int = 0
    text_at: bool = False  # an '@' (the cell's text) is in the section


def _parse_section(section: str) -> _Pattern:
    """Tokenise a section: quoted and escaped literals, ``[…]`` colours/conditions/locales
    (a ``[$¥-804]`` currency keeps its symbol), ``_x`` padding and ``*x`` fill dropped."""
    pat = _Pattern()
    i, n = 0, len(section)

    def literal(text: str) -> None:
        if pat.number:
            pat.suffix += text
        else:
            pat.prefix += text

    while i < n:
        ch = section[i]
        if ch == '"':
            end = section.find('"', i + 1)
            end = n if end < 0 else end
            literal(section[i + 1 : end])
            i = end + 1
            continue
        if ch == "\\" and i + 1 < n:
            literal(section[i + 1])
            i += 2
            continue
        if ch in "_*" and i + 1 < n:
            i += 2
            continue
        if ch == "[":
            end = section.find("]", i)
            end = n if end < 0 else end
            inside = section[i + 1 : end]
            if inside.startswith("$"):
                literal(inside[1:].split("-", 1)[0])
            i = end + 1
            continue
        if ch in _PLACEHOLDERS or (ch in ".," and _near_placeholder(section, i)):
            pat.number += ch
        elif ch in "Ee" and pat.number and i + 1 < n and section[i + 1] in "+-":
            pat.number += "E" + section[i + 1]
            i += 2
            continue
        elif ch == "%":
            pat.percent += 1
            literal("%")
        elif ch == "@":
            pat.text_at = True
        else:
            literal(ch)
        i += 1
    return pat


def _near_placeholder(section: str, i: int) -> bool:
    """Whether the ``.`` or ``,`` at ``i`` belongs to the number (a placeholder before or after)."""
    before = section[i - 1] if i > 0 else " "
    after = section[i + 1] if i + 1 < len(section) else " "
    return before in _PLACEHOLDERS + ".," or after in _PLACEHOLDERS


def format_general(value: float) -> str:
    """Excel's General format: integers without ``.0``, others to 15 significant digits (the
    precision Excel keeps), in plain notation unless very large or small."""
    if value == int(value) and abs(value) < 1e15:
        return str(int(value))
    text = f"{value:.15g}"
    if "e" in text and 1e-9 <= abs(value) < 1e15:
        text = format(Decimal(text).normalize(), "f")
    return text.replace("e", "E")


def _digits(value: Decimal, number: str) -> str:
    """``value`` (not negative) in the numeric pattern ``number`` (no exponent part)."""
    int_part, _, frac_part = number.partition(".")
    scale = 0
    while int_part.endswith(","):  # trailing commas divide by a thousand each
        scale += 1
        int_part = int_part[:-1]
    value = value.scaleb(-3 * scale)
    max_dec = sum(frac_part.count(p) for p in _PLACEHOLDERS)
    min_dec = frac_part.count("0")
    rounded = value.quantize(Decimal(1).scaleb(-max_dec), rounding=ROUND_HALF_UP)
    whole, _, frac = f"{rounded:f}".partition(".")
    frac = frac.rstrip("0") if len(frac) > min_dec else frac
    frac = frac.ljust(min_dec, "0")
    min_int = int_part.count("0")
    if whole == "0" and min_int == 0:
        whole = ""
    whole = whole.rjust(min_int, "0")
    if "," in int_part and whole:
        whole = f"{int(whole):,}"
    point = "." if "." in number and (frac or max_dec == 0) else ""
    return whole + point + frac


def _scientific(value: Decimal, number: str) -> str:
    """``value`` (not negative) in a pattern with an exponent part, e.g. ``0.00E+00``."""
    mantissa, sign, exponent = re.split(r"E([+-])", number, maxsplit=1)
    decimals = sum(mantissa.partition(".")[2].count(p) for p in _PLACEHOLDERS)
    text = f"{value:.{decimals}E}"
    base, _, power = text.partition("E")
    power_value = int(power)
    digits = str(abs(power_value)).rjust(max(1, exponent.count("0")), "0")
    shown = "-" if power_value < 0 else ("+" if sign == "+" else "")
    return f"{base}E{shown}{digits}"


def format_number(value: Union[int, float], code: Optional[str]) -> str:
    """A number as a cell with number format ``code`` shows it: ``0.00`` → 2 decimals,
    ``#,##0.00`` with thousands separators, ``0%`` ×100 with ``%``, literal text kept
    (``0.00"万元"``), sections for negatives and zero. Rounding is half away from zero, as
    Excel's. Formats this does not model (fractions, dates on a plain number) give General."""
    code = (code or "General").strip()
    if code.lower() in ("general", "@", ""):
        return format_general(value)
    sections = _split_sections(code)
    if value < 0 and len(sections) >= 2 and sections[1]:
        section, sign = sections[1], ""
    elif value == 0 and len(sections) >= 3:
        section, sign = sections[2], ""
    else:
        section, sign = sections[0], "-" if value < 0 else ""
    if section.strip().lower() == "general":
        return sign + format_general(abs(value))
    bare = re.sub(r'"[^"]*"|\[[^\]]*\]|\\.', "", section)
    if _DATE_TOKENS.search(bare) or "/" in bare:  # a date or fraction format on a plain number
        return format_general(value)
    pat = _parse_section(section)
    try:
        magnitude = abs(Decimal(repr(float(value)) if isinstance(value, float) else value))
    except InvalidOperation:
        return format_general(value)
    magnitude = magnitude.scaleb(2 * pat.percent)
    if not pat.number:
        body = format_general(float(magnitude)) if pat.text_at else ""
    elif "E" in pat.number:
        body = _scientific(magnitude, pat.number)
    else:
        body = _digits(magnitude, pat.number)
    return sign + pat.prefix + body + pat.suffix


def value_text(value: CellValue, number_format: Optional[str] = None) -> str:
    """A cell value as Excel shows it, cleaned as PDF cell text is (output.md)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        text = "TRUE" if value else "FALSE"
    elif isinstance(value, (int, float)):
        text = format_number(value, number_format)
    elif isinstance(value, dt.datetime):
        midnight = value.time() == dt.time(0, 0)
        text = value.date().isoformat() if midnight else value.isoformat(timespec="seconds")
    elif isinstance(value, (dt.date, dt.time)):
        text = value.isoformat()
    else:
        text = str(value)
    return clean_text(text)


# ---------------------------------------------------------------------------------------------
# Sheet → rows
# ---------------------------------------------------------------------------------------------


@dataclass
class _Span:
    """A cell of the sheet as the eye sees it: a merged range, or one square."""

    row0: int
    col0: int
    row1: int
    col1: int
    text: str
    ruled: bool = False


class _Axis:
    """Edges of a sheet's rows or columns in points, from the sizes that differ from the
    default: computed per edge, so a stray border at row 1,048,576 costs nothing."""

    def __init__(self, sizes: dict[int, float], default: float) -> None:
        self.keys = sorted(sizes)
        self.default = default
        self.offsets = [0.0]  # cumulative (size - default) over ``keys``
        for key in self.keys:
            self.offsets.append(self.offsets[-1] + sizes[key] - default)

    def edge(self, k: int) -> float:
        """Where row (column) ``k`` starts, 0-based; ``edge(k + 1)`` is where it ends."""
        return round(k * self.default + self.offsets[bisect_left(self.keys, k)], 1)


def _ruled_squares(cells: dict[tuple[int, int], SheetCell]) -> dict[tuple[int, int], int]:
    """Border sides touching each square: its own and the facing sides of its neighbours."""
    touching: dict[tuple[int, int], int] = {}
    facing = ((LEFT, 0, -1, RIGHT), (RIGHT, 0, 1, LEFT), (TOP, -1, 0, BOTTOM), (BOTTOM, 1, 0, TOP))
    for (r, c), cell in cells.items():
        if not cell.sides:
            continue
        touching[r, c] = touching.get((r, c), 0) | cell.sides
        for side, dr, dc, other in facing:
            if cell.sides & side and r + dr >= 0 and c + dc >= 0:
                key = (r + dr, c + dc)
                touching[key] = touching.get(key, 0) | other
    return touching


def _is_ruled(sides: int) -> bool:
    return sides & _VERTICAL == _VERTICAL


def sheet_to_spans(sheet: Sheet) -> dict[tuple[int, int], _Span]:
    """Every square with text or borders (or under a merged range) → the span covering it."""
    touching = _ruled_squares(sheet.cells)
    spans: dict[tuple[int, int], _Span] = {}
    for r0, c0, r1, c1 in sheet.merges:
        top_left = sheet.cells.get((r0, c0), SheetCell())
        sides = 0
        for r in range(r0, r1 + 1):
            for c in range(c0, c1 + 1):
                sides |= touching.get((r, c), 0)
        span = _Span(r0, c0, r1, c1, top_left.text, _is_ruled(sides))
        for r in range(r0, r1 + 1):
            for c in range(c0, c1 + 1):
                spans[r, c] = span
    for key in set(sheet.cells) | set(touching):
        if key not in spans:
            cell = sheet.cells.get(key, SheetCell())
            spans[key] = _Span(key[0], key[1], key[0], key[1], cell.text, _is_ruled(touching.get(key, 0)))
    return spans


@dataclass
class _SheetRow:
    """The spans touching one sheet row, left to right, and how the row is read."""

    index: int
    spans: list[_Span]
    tabular: bool = False

    @property
    def own_text(self) -> bool:
        return any(s.text and s.row0 == self.index for s in self.spans)


def spans_to_sheet_rows(spans: dict[tuple[int, int], _Span]) -> list[_SheetRow]:
    """The sheet's rows that hold something, each marked tabular (part of a table) or not."""
    by_row: dict[int, dict[int, _Span]] = {}
    for (r, _), span in spans.items():
        by_row.setdefault(r, {})[id(span)] = span
    rows = [
        _SheetRow(r, sorted(found.values(), key=lambda s: s.col0))
        for r, found in sorted(by_row.items())
    ]
    ruled_sheet = any(s.ruled for s in spans.values())
    for row in rows:
        if ruled_sheet:
            row.tabular = any(s.ruled for s in row.spans)
        else:
            row.tabular = sum(1 for s in row.spans if s.text) >= 2
    return rows


def sheet_rows_to_blocks(rows: list[_SheetRow]) -> list[list[_SheetRow]]:
    """Runs of tabular rows with consecutive indices (one table each); every other row with
    own text is a block of its own (free text). Empty rows go, and end a run."""
    blocks: list[list[_SheetRow]] = []
    for row in rows:
        if row.tabular:
            last = blocks[-1] if blocks else None
            if last and last[-1].tabular and last[-1].index == row.index - 1:
                last.append(row)
            else:
                blocks.append([row])
        elif row.own_text:
            blocks.append([row])
    return blocks


class _Geometry:
    """Boxes of a sheet's cells in points."""

    def __init__(self, sheet: Sheet) -> None:
        self.xs = _Axis(sheet.col_widths, sheet.default_col_width)
        self.ys = _Axis(sheet.row_heights, sheet.default_row_height)

    def bbox(self, row0: int, col0: int, row1: int, col1: int) -> tuple[float, float, float, float]:
        return (self.xs.edge(col0), self.ys.edge(row0), self.xs.edge(col1 + 1), self.ys.edge(row1 + 1))


def block_to_table_rows(
    block: list[_SheetRow], spans: dict[tuple[int, int], _Span], geo: _Geometry, table: int, page: int
) -> list[Row]:
    """A table: one row per sheet row with text of its own, one cell per column of the table's
    extent; a merged range is one :class:`Cell` (rows and columns relative to the table, clipped
    to it), ``first=False`` in the rows after the one where it starts."""
    first_row, last_row = block[0].index, block[-1].index
    used = [s for row in block for s in row.spans if s.ruled or s.text]
    col0 = min(s.col0 for s in used)
    col1 = max(s.col1 for s in used)
    cells: dict[tuple[int, int], Cell] = {}  # by the span's top-left square

    def cell_of(span: _Span) -> Cell:
        key = (span.row0, span.col0)
        if key not in cells:
            r0, r1 = max(span.row0, first_row), min(span.row1, last_row)
            c0, c1 = max(span.col0, col0), min(span.col1, col1)
            cells[key] = Cell(
                row=r0 - first_row,
                col=c0 - col0,
                rowspan=r1 - r0 + 1,
                colspan=c1 - c0 + 1,
                bbox=geo.bbox(r0, c0, r1, c1),
                text=span.text,
                page=page,
            )
        return cells[key]

    rows: list[Row] = []
    for sheet_row in block:
        r = sheet_row.index
        row_cells: list[RowCell] = []
        c = col0
        while c <= col1:
            span = spans.get((r, c)) or _Span(r, c, r, c, "")
            cell = cell_of(span)
            x0, top, x1, bottom = cell.bbox
            row_cells.append(
                RowCell(
                    text=cell.text, x0=x0, x1=x1, first=span.row0 == r, cell=cell,
                    top=top, bottom=bottom, page=page,
                )
            )
            c = min(span.col1, col1) + 1
        if any(rc.first and rc.text for rc in row_cells):
            rows.append(
                Row(
                    page=page, top=geo.ys.edge(r), bottom=geo.ys.edge(r + 1), cells=row_cells,
                    table=table, index=r - first_row, table_rows=last_row - first_row + 1,
                )
            )
    return rows


def sheet_row_to_text_row(row: _SheetRow, geo: _Geometry, page: int) -> Row:
    """A free text row: one phrase per cell with text that starts in this row."""
    phrases = []
    for span in row.spans:
        if span.text and span.row0 == row.index:
            x0, top, x1, bottom = geo.bbox(span.row0, span.col0, span.row1, span.col1)
            phrases.append(RowCell(text=span.text, x0=x0, x1=x1, top=top, bottom=bottom, page=page))
    return Row(page=page, top=geo.ys.edge(row.index), bottom=geo.ys.edge(row.index + 1), cells=phrases)


def sheet_to_rows(sheet: Sheet) -> PageRows:
    """All rows of one worksheet, top to bottom, as one page."""
    spans = sheet_to_spans(sheet)
    geo = _Geometry(sheet)
    rows: list[Row] = []
    tables = 0
    for block in sheet_rows_to_blocks(spans_to_sheet_rows(spans)):
        if block[0].tabular:
            rows.extend(block_to_table_rows(block, spans, geo, tables, sheet.number))
            tables += 1
        else:
            rows.append(sheet_row_to_text_row(block[0], geo, sheet.number))
    n_chars = sum(len(c.text) for c in sheet.cells.values())
    return PageRows(page=sheet.number, rows=rows, n_chars=n_chars, method="spreadsheet")


# ---------------------------------------------------------------------------------------------
# Readers
# ---------------------------------------------------------------------------------------------


ENCRYPTED = "damaged spreadsheet: encrypted, a password is needed to open it (not supported)"


def _damaged(exc: BaseException) -> Exception:
    """The one-line reason for a library's failure to read a workbook."""
    text = " ".join(str(exc).split())[:200]
    if "encrypt" in text.lower() or "password" in text.lower():
        return InputError(ENCRYPTED)
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
        raise InputError("empty file (0 bytes)")
    if head.startswith(ZIP_MAGIC):
        return xlsx_sheets(path)
    if head.startswith(OLE_MAGIC):
        data = path.read_bytes()
        if any(name in data for name in _ENCRYPTION_STREAMS):
            raise InputError(ENCRYPTED)
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
