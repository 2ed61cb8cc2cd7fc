"""Plain-text exports of forms (tab-separated cells, one line per row) → the row stream.

Some sites publish the forms as text, and some tools export a PDF's tables that way (the
seed of this project is one). A title line starts a new page. Exports lose merged cells and
often the leading tabs of a row, so indicator rows are re-aligned by content: known
一级/二级指标 names go to their columns, and the remaining cells are the name and the target.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

from ...normalize.text import clean_text
from ..forms.columns import header_roles, is_column_header
from ..forms.labels import header_field, is_form_title, level_name
from ..model import Cell, PageRows, Row, RowCell

CELL_WIDTH = 100.0
ROW_HEIGHT = 20.0
ENCODINGS = ("utf-8-sig", "gb18030")


def read_text(path: Path) -> str:
    """The file's text: UTF-8 (with or without BOM), else GB18030 (a superset of GBK)."""
    data = path.read_bytes()
    for encoding in ENCODINGS:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("utf-8", errors="replace")


def split_cells(line: str) -> list[str]:
    """A line's cells, cleaned, without the empty cells at its end."""
    cells = [clean_text(c) for c in line.rstrip("\r\n").split("\t")]
    while cells and not cells[-1]:
        cells.pop()
    return cells


@dataclass
class _Layout:
    """What the export has shown so far of the indicator table's columns."""

    slots: dict[str, int] = field(default_factory=dict)  # role → column index
    width: int = 0


def _row(cells: list[str], page: int, index: int, table: Optional[int]) -> Row:
    top = index * ROW_HEIGHT
    row_cells = []
    for col, text in enumerate(cells):
        x0, x1 = col * CELL_WIDTH, (col + 1) * CELL_WIDTH
        cell = Cell(row=index, col=col, rowspan=1, colspan=1, bbox=(x0, top, x1, top + ROW_HEIGHT), text=text, page=page)
        row_cells.append(RowCell(text=text, x0=x0, x1=x1, cell=cell, top=top, bottom=top + ROW_HEIGHT, page=page))
    return Row(page=page, top=top, bottom=top + ROW_HEIGHT, cells=row_cells, table=table, index=index)


def realign_indicator(cells: list[str], layout: _Layout) -> list[str]:
    """Put an indicator row's cells in the table's columns by what they say."""
    texts = [c for c in cells if c and header_field(c) != "block"]
    levels: dict[str, str] = {}
    while texts and level_name(texts[0]) and len(levels) < 2:
        text = texts.pop(0)
        role = "level1" if levels or (len(texts) >= 1 and level_name(texts[0])) else level_name(text)
        if "level1" in levels:
            role = "level2"
        levels[role or "level2"] = text
    out = [""] * layout.width
    for role, text in levels.items():
        if role in layout.slots:
            out[layout.slots[role]] = text
    for role, text in zip(("name", "target"), texts):
        out[layout.slots[role]] = text
    return out


def text_export_rows(path: Path) -> Iterator[PageRows]:
    """Rows of a text export, a page per title block."""
    layout = _Layout()
    page, index, rows = 0, 0, []
    in_table = False
    for line in read_text(Path(path)).splitlines():
        cells = split_cells(line)
        if not any(cells):
            continue
        single = sum(1 for c in cells if c) == 1
        if single and is_form_title(next(c for c in cells if c)):
            if rows:
                yield PageRows(page=page, rows=rows, method="text-export")
            page, index, rows, in_table = page + 1, 0, [], False
        page = page or 1
        if single and not in_table:
            rows.append(_row([c for c in cells if c], page, index, None))
            index += 1
            continue
        in_table = True
        row = _row(cells, page, index, 0)
        if is_column_header(row):
            layout.slots = {role: _col_of(row, cell) for cell, role in header_roles(row) if role}
            layout.width = len(cells)
        elif layout.slots.keys() >= {"name", "target"} and not _is_header_label(cells):
            row = _row(realign_indicator(cells, layout), page, index, 0)
        rows.append(row)
        index += 1
    if rows:
        yield PageRows(page=page, rows=rows, method="text-export")


def _col_of(row: Row, cell: RowCell) -> int:
    return row.cells.index(cell)


def _is_header_label(cells: list[str]) -> bool:
    first = next((c for c in cells if c), "")
    key = header_field(first)
    return key is not None and key != "block"
