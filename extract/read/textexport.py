"""Plain-text exports of forms (tab-separated cells, one line per row) → the row stream.

Some sites publish the forms as text, and some tools export a PDF's tables that way (the
seed of this project is one). A line without a tab after the lines of a table (the next form's
title) starts a new page. Exports lose merged cells and often the leading tabs of a row:
the rows come out as printed, with ``method`` ``text-export``, and the form stage puts their
cells back in the indicator columns by what they say (:mod:`jixiao.extract.forms.realign`).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Optional

from ...normalize.text import clean_text
from ...schemas.record import TEXT_EXPORT
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


def _row(cells: list[str], page: int, index: int, table: Optional[int]) -> Row:
    top = index * ROW_HEIGHT
    row_cells = []
    for col, text in enumerate(cells):
        x0, x1 = col * CELL_WIDTH, (col + 1) * CELL_WIDTH
        cell = Cell(row=index, col=col, rowspan=1, colspan=1, bbox=(x0, top, x1, top + ROW_HEIGHT), text=text, page=page)
        row_cells.append(RowCell(text=text, x0=x0, x1=x1, cell=cell, top=top, bottom=top + ROW_HEIGHT, page=page))
    return Row(page=page, top=top, bottom=top + ROW_HEIGHT, cells=row_cells, table=table, index=index)


def text_export_rows(path: Path) -> Iterator[PageRows]:
    """Rows of a text export, a page per form: a free line (no tab) after table lines starts
    the next page."""
    page, index = 1, 0
    rows: list[Row] = []
    in_table = False
    for line in read_text(Path(path)).splitlines():
        cells = split_cells(line)
        if not any(cells):
            continue
        if "\t" not in line and in_table:
            yield PageRows(page=page, rows=rows, method=TEXT_EXPORT)
            page, index, rows, in_table = page + 1, 0, [], False
        if sum(1 for c in cells if c) == 1 and not in_table:
            rows.append(_row([c for c in cells if c], page, index, None))
        else:
            in_table = True
            rows.append(_row(cells, page, index, 0))
        index += 1
    if rows:
        yield PageRows(page=page, rows=rows, method=TEXT_EXPORT)
