"""Page → rows in reading order: table grid rows with their cells, and free text lines.

This is the one place where glyphs meet grids. The row stream it returns is what the form
parser reads, whatever the source (text layer now; OCR and spreadsheets give the same rows).
"""

from __future__ import annotations

from bisect import bisect_right
from typing import Optional

from .celltext import chars_to_lines, chars_to_text, line_to_phrases
from .grid import GridSettings, cell_grid, rules_to_tables
from ..model import Cell, Char, Page, PageRows, Row, RowCell, Table
from .rules import RuleSettings, segments_to_rules
from .settings import LayoutSettings


def page_to_tables(
    page: Page,
    rule_settings: RuleSettings = RuleSettings(),
    grid_settings: GridSettings = GridSettings(),
) -> tuple[list[Table], list[Char]]:
    """Rebuild the page's tables and fill their cells; return them with the glyphs that
    fall outside every table."""
    tables, _, outside = _filled_tables(page, rule_settings, grid_settings)
    return tables, outside


def _filled_tables(
    page: Page, rule_settings: RuleSettings, grid_settings: GridSettings
) -> tuple[list[Table], list[list[list[Cell]]], list[Char]]:
    horizontal, vertical = segments_to_rules(page.segments, rule_settings)
    tables = rules_to_tables(horizontal, vertical, page.number, grid_settings)
    by_area = sorted(
        range(len(tables)),
        key=lambda k: (tables[k].xs[-1] - tables[k].xs[0]) * (tables[k].ys[-1] - tables[k].ys[0]),
    )
    grids = [cell_grid(t) for t in tables]
    if not tables:
        return tables, grids, list(page.chars)
    # each cell's glyphs, in one list that every grid square of the cell points to
    chars_of: list[dict[int, list[Char]]] = [{id(cell): [] for cell in t.cells} for t in tables]
    bins: list[list[list[list[Char]]]] = [
        [[of[id(cell)] for cell in squares] for squares in grid] for of, grid in zip(chars_of, grids)
    ]
    outside: list[Char] = []
    # smallest table first, each with its outer box and last grid square: most glyphs miss
    # most tables
    candidates = [
        (t.xs[0], t.xs[-1], t.ys[0], t.ys[-1], t.xs, t.ys, len(t.xs) - 2, len(t.ys) - 2, bins[k])
        for k, t in ((k, tables[k]) for k in by_area)
    ]
    for ch in page.chars:
        _, x0, y0, x1, y1 = ch
        cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
        for left, right, top, bottom, xs, ys, last_col, last_row, squares in candidates:
            if left <= cx <= right and top <= cy <= bottom:
                # the grid square holding the centre (the last square takes a point on the far
                # edge); inline, as this runs for every glyph of every ruled page
                j = bisect_right(xs, cx) - 1
                i = bisect_right(ys, cy) - 1
                squares[i if i < last_row else last_row][j if j < last_col else last_col].append(ch)
                break
        else:
            outside.append(ch)
    for table, of in zip(tables, chars_of):
        for cell in table.cells:
            cell.text = chars_to_text(of[id(cell)])
    return tables, grids, outside


def table_to_rows(table: Table, index: int, grid: Optional[list[list[Cell]]] = None) -> list[Row]:
    """One row per grid row that has text of its own; merged cells appear in every row they
    cover, marked ``first=False`` after the row where they start. ``grid`` is the table's
    :func:`cell_grid` when the caller has it already."""
    grid = grid if grid is not None else cell_grid(table)
    rows = []
    for i, squares in enumerate(grid):
        seen: set[int] = set()
        cells: list[RowCell] = []
        for cell in squares:
            if id(cell) in seen:
                continue
            seen.add(id(cell))
            cells.append(_row_cell(cell, first=cell.row == i))
        if any(c.first and c.text for c in cells):
            rows.append(
                Row(
                    page=table.page,
                    top=table.ys[i],
                    bottom=table.ys[i + 1],
                    cells=cells,
                    table=index,
                    index=i,
                    table_rows=table.n_rows,
                )
            )
    return rows


def _row_cell(cell: Cell, first: bool) -> RowCell:
    x0, top, x1, bottom = cell.bbox
    return RowCell(
        text=cell.text, x0=x0, x1=x1, first=first, cell=cell, top=top, bottom=bottom, page=cell.page
    )


def chars_to_text_rows(chars: list[Char], page: int) -> list[Row]:
    """Free text outside tables: one row per line, split into phrases at wide gaps."""
    rows = []
    for line in chars_to_lines(chars):
        top, bottom = line.top, line.bottom
        phrases = [
            RowCell(text=t, x0=x0, x1=x1, top=top, bottom=bottom, page=page)
            for x0, x1, t in line_to_phrases(line)
            if t
        ]
        if phrases:
            rows.append(Row(page=page, top=top, bottom=bottom, cells=phrases))
    return rows


def page_to_rows(page: Page, settings: Optional[LayoutSettings] = None) -> PageRows:
    """All rows of a page, top to bottom, with the given tolerances (the defaults if None)."""
    settings = settings or LayoutSettings()
    tables, grids, outside = _filled_tables(page, settings.rules, settings.grid)
    rows: list[Row] = chars_to_text_rows(outside, page.number)
    for index, (table, grid) in enumerate(zip(tables, grids)):
        rows.extend(table_to_rows(table, index, grid))
    rows.sort(key=lambda r: (r.top, r.cells[0].x0 if r.cells else 0.0))
    return PageRows(page=page.number, rows=rows, n_chars=len(page.chars))

