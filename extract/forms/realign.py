"""Indicator rows of a text export put back in their columns by what they say.

A tab-separated export (``method`` ``text-export``) loses merged cells and often the leading
tabs of a row, so its cells stand in printed order. Once its column header has named the
columns, each indicator row is re-aligned by content: known 一级/二级指标 names go to their
columns, and the remaining cells are the name and the target.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace

from ..model import Cell, Row, RowCell
from .columns import header_roles, is_column_header
from .labels import header_field, level_name


@dataclass
class _Layout:
    """What the export has shown so far of the indicator table's columns."""

    slots: dict[str, int] = field(default_factory=dict)  # role → column index
    width: int = 0


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


def _is_header_label(cells: list[str]) -> bool:
    first = next((c for c in cells if c), "")
    key = header_field(first)
    return key is not None and key != "block"


def _with_texts(row: Row, texts: list[str]) -> Row:
    """The row with one cell per text, on the export's equal-width columns."""
    width = row.cells[0].x1 - row.cells[0].x0
    cells = []
    for col, text in enumerate(texts):
        box = (col * width, row.top, (col + 1) * width, row.bottom)
        grid = Cell(row=row.index, col=col, rowspan=1, colspan=1, bbox=box, text=text, page=row.page)
        cells.append(RowCell(text=text, x0=box[0], x1=box[2], cell=grid, top=row.top, bottom=row.bottom, page=row.page))
    return replace(row, cells=cells)


class ExportAligner:
    """Re-aligns the table rows of text-export pages, carrying the columns across pages."""

    def __init__(self) -> None:
        self.layout = _Layout()

    def rows(self, rows: Iterable[Row]) -> Iterator[Row]:
        for row in rows:
            if row.is_text:
                yield row
                continue
            texts = [c.text for c in row.cells]
            if is_column_header(row):
                self.layout.slots = {role: row.cells.index(cell) for cell, role in header_roles(row) if role}
                self.layout.width = len(texts)
            elif self.layout.slots.keys() >= {"name", "target"} and not _is_header_label(texts):
                row = _with_texts(row, realign_indicator(texts, self.layout))
            yield row
