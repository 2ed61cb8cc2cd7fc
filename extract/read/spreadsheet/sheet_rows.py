"""A :class:`~.sheet.Sheet` → the row stream: ruled tables with their merged cells and free text
lines, in points, as a PDF page gives them."""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass

from ...model import Cell, PageRows, Row, RowCell
from .sheet import BOTTOM, LEFT, RIGHT, TOP, Sheet, SheetCell


@dataclass
class _Span:
    """A cell of the sheet as the eye sees it: a merged range, or one square."""

    row0: int
    col0: int
    row1: int
    col1: int
    text: str
    ruled: bool = False


_VERTICAL = LEFT | RIGHT


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
