"""List tables: many projects in one indicator table, one form per entry.

Beijing 预算表12, Changsha and Chongqing 表十二 print 项目名称 | 项目总额 | 财政资金 | 其他资金 | 绩效目标
beside the indicator columns, each merged down beside its project's rows and printed
vertically centred. An *entry* (one form) is one block of the amount column (or, without one,
of the goal or name column); its name is the 项目名称 block beside it, so one merged name over
several amount blocks names several entries. A page break cuts the merged cells: a block at the
top of a page continues the block at the bottom of the page before when it prints nothing,
the same text, or the rest of the cut text. Text clipped out of a merged cell at the table's
edge is read as free lines just above or below the table; each is given back to the cell of
the column it stands in.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Optional

from ...schemas.issues import IssueCode
from ..layout.celltext import join_wrapped
from .columns import ENTRY_ROLE, PACKED_ROLE, Column, assign_cells
from .settings import DEFAULT_FORM_SETTINGS, FormSettings
from .labels import entry_field, label_key, names_annual, value_key
from ..model import Row, RowCell

# The entry field of a packed 绩效指标 cell (see packed_indicators).
PACKED = "packed"
# An item of a packed indicator list: ``1、`` ``2.`` at the start or after a full stop.
_ITEM = re.compile(r"(?:^|(?<=[。；;]))\s*\d{1,3}\s*(?:、|[．.](?!\d))\s*")
_CODED = re.compile(r"^\d{1,4}\s*[-－—]\s*(.+)$")
_VALUE = re.compile(r"^(.{0,12}?指标值)\s*[:：]\s*(.*)$")
# Which column's blocks delimit the entries, best first.
_ANCHORS = ("funds_total", "funds_fiscal", "goal", "project_name", "unit_name")
# A part that is the other with characters missing is a clipped copy of it (not a piece of
# its own) when it still holds at least this share of the other's characters: clipping loses
# the characters of the lines cut at the page edge, never most of the cell, while a genuine
# continuation that happens to repeat the other's characters in order is short.
_CLIPPED_SHARE = 0.5


def is_list_table(columns: list[Column]) -> bool:
    """An indicator table whose header also has a 项目名称 (or 单位名称) column: a list of
    projects (or units)."""
    return any(c.role in (ENTRY_ROLE, PACKED_ROLE) for c in columns)


def join_cut(first: str, second: str) -> str:
    """Join the two parts of a merged cell cut by a page break: a part printed on both pages,
    or the cut line repeated, is kept once; a part printed on both pages but clipped by the
    cell's box on one of them is kept as the fuller copy."""
    if not first or value_key(first) == value_key(second):
        return second or first
    if not second:
        return first
    if second.startswith(first) or is_clipped_copy(first, second):
        return second
    if first.endswith(second) or first.startswith(second) or is_clipped_copy(second, first):
        return first
    for k in range(min(len(first), len(second)) - 1, 1, -1):
        if first.endswith(second[:k]):
            return first + second[k:]
    return join_wrapped(first, second)


def is_clipped_copy(part: str, whole: str) -> bool:
    """Whether ``part`` is ``whole`` with characters missing, as a cell's box clips its text
    on a page: every character of ``part`` in order in ``whole``, most of ``whole`` kept."""
    part, whole = value_key(part), value_key(whole)
    if len(part) >= len(whole) or len(part) < _CLIPPED_SHARE * len(whole):
        return False
    rest = iter(whole)
    return all(ch in rest for ch in part)


def _same_cell(first: str, second: str) -> bool:
    """Whether a block at the top of a page may be the rest of one cut at the bottom of the
    page before: it prints nothing, the same text, or the cut text's whole."""
    return not first or not second or value_key(first) == value_key(second) or second.startswith(first)


@dataclass
class Piece:
    """The part of a merged cell on one page."""

    cell: RowCell
    text: str
    at_bottom: bool  # reaches the bottom of its table


@dataclass
class Logical:
    """One printed merged cell, possibly cut by page breaks into pieces."""

    pieces: list[Piece] = field(default_factory=list)

    @property
    def text(self) -> str:
        text = ""
        for piece in self.pieces:
            text = join_cut(text, piece.text)
        return text

    @property
    def last(self) -> Piece:
        return self.pieces[-1]


@dataclass
class Entry:
    """One project of the list: its merged cells by field, in the order seen."""

    cells: dict[str, list[Logical]] = field(default_factory=dict)
    indicators: list[int] = field(default_factory=list)
    problems: list[tuple[IssueCode, str]] = field(default_factory=list)

    def add(self, name: str, logical: Logical) -> None:
        seen = self.cells.setdefault(name, [])
        if not any(x is logical for x in seen):
            seen.append(logical)

    def text(self, name: str) -> str:
        text = ""
        for logical in self.cells.get(name, []):
            text = join_cut(text, logical.text)
        return text


def _split_words(cell: RowCell) -> list[RowCell]:
    """A free-text phrase cut at its spaces, each word placed by its share of the phrase's
    width (CJK glyphs count double): clipped lines of neighbouring cells run together into
    one phrase (``0000391739- 198.000000``)."""
    words = cell.text.split()
    if len(words) <= 1:
        return [cell]
    weights = [sum(2 if ord(ch) > 0x2E80 else 1 for ch in w) for w in words]
    gaps = len(words) - 1
    unit = (cell.x1 - cell.x0) / max(sum(weights) + gaps, 1)
    parts, x = [], cell.x0
    for word, weight in zip(words, weights):
        parts.append(replace(cell, text=word, x0=x, x1=x + weight * unit))
        x += (weight + 1) * unit
    return parts


def _key(row: Row, cell: RowCell) -> tuple[int, int, int, int]:
    grid = cell.cell
    return (row.page, row.table if row.table is not None else -1, grid.row if grid else row.index, grid.col if grid else -1)


def _reaches_bottom(row: Row, cell: RowCell) -> bool:
    grid = cell.cell
    return grid is None or grid.row + grid.rowspan >= row.table_rows


@dataclass
class ListState:
    """What the reader of one list table keeps from row to row."""

    columns: dict[str, Column]
    entries: list[Entry] = field(default_factory=list)
    current: dict[str, Logical] = field(default_factory=dict)
    keys: dict[str, tuple[int, int, int, int]] = field(default_factory=dict)
    lines: list[Row] = field(default_factory=list)
    table: Optional[tuple[int, int]] = None
    table_bottom: float = 0.0
    settings: FormSettings = DEFAULT_FORM_SETTINGS

    @classmethod
    def of(cls, columns: list[Column], settings: FormSettings = DEFAULT_FORM_SETTINGS) -> "ListState":
        named = {}
        for col in columns:
            name = entry_field(col.label) if col.role == ENTRY_ROLE else (PACKED if col.role == PACKED_ROLE else None)
            if name and name not in named:
                named[name] = col
        return cls(named, settings=settings)

    def take_line(self, row: Row) -> None:
        """Keep a free line: it may be the clipped text of a merged cell."""
        self.lines.append(row)

    def _phrases(self, name: str, rows: list[Row]) -> list[RowCell]:
        col = self.columns[name]
        inside = []
        for row in rows:
            for cell in row.cells:
                for part in _split_words(cell):
                    width = max(part.x1 - part.x0, 1e-6)
                    slack = self.settings.list_slack
                    if min(part.x1, col.x1 + slack) - max(part.x0, col.x0 - slack) >= self.settings.column_cover * width:
                        inside.append(part)
        return inside

    def _flush_below(self) -> None:
        """Lines below the last table of its page go to the cells reaching its bottom."""
        if self.table is None:
            self.lines = []
            return
        page = self.table[0]
        below = [r for r in self.lines if r.page == page and r.top >= self.table_bottom - 1]
        for name, logical in self.current.items():
            if not logical.last.at_bottom:
                continue
            edge = self.table_bottom
            for cell in sorted(self._phrases(name, below), key=lambda c: c.top):
                if cell.top - edge > self.settings.list_line_gap * max(cell.bottom - cell.top, 1.0):
                    break
                logical.last.text = join_wrapped(logical.last.text, cell.text)
                edge = cell.bottom
        self.lines = [r for r in self.lines if r.page != page]

    def _lines_above(self, name: str, row: Row) -> str:
        above = [r for r in self.lines if r.page == row.page and r.bottom <= row.top + 1]
        edge = row.top
        picked: list[RowCell] = []
        for cell in sorted(self._phrases(name, above), key=lambda c: -c.top):
            if edge - cell.bottom > self.settings.list_line_gap * max(cell.bottom - cell.top, 1.0):
                break
            picked.insert(0, cell)
            edge = cell.top
        text = ""
        for cell in picked:
            text = join_wrapped(text, cell.text)
        return text

    def place(self, row: Row) -> dict[str, RowCell]:
        """The row's cell under each entry column, by the column's entry field: what both
        :meth:`is_label_row` and :meth:`read_row` read."""
        names = list(self.columns)
        placed = assign_cells(row, [self.columns[n] for n in names], self.settings)
        return {names[k]: cell for k, cell in placed.items()}

    def is_label_row(self, placed: dict[str, RowCell]) -> bool:
        """A row whose entry cells (:meth:`place`) print their column's label: the table's
        header repeated at the top of a page (or its first line)."""
        return any(
            cell.text and label_key(cell.text) == label_key(self.columns[name].label) for name, cell in placed.items()
        )

    def read_row(self, row: Row, placed: dict[str, RowCell]) -> int:
        """The index of the entry a data row belongs to (a new entry when it starts one),
        from its entry cells (:meth:`place`)."""
        table = (row.page, row.table if row.table is not None else -1)
        first_of_table = table != self.table
        if first_of_table:
            self._flush_below()
        pieces: dict[str, Piece] = {}
        present: list[str] = []
        for name in self.columns:
            cell = placed.get(name)
            if cell is None:
                continue
            present.append(name)
            if self.keys.get(name) == _key(row, cell):
                continue
            self.keys[name] = _key(row, cell)
            text = cell.cell.text if cell.cell is not None else cell.text
            if first_of_table and (cell.cell is None or cell.cell.row == 0):
                text = join_wrapped(self._lines_above(name, row), text)
            pieces[name] = Piece(cell, text, _reaches_bottom(row, cell))
        if first_of_table:
            self.lines = [r for r in self.lines if r.page != row.page]
        self.table, self.table_bottom = table, row.bottom
        anchor = next((n for n in _ANCHORS if n in self.columns), None)
        new_entry = not self.entries or (anchor in pieces and not self._continues(anchor, pieces, first_of_table))
        if new_entry:
            self.entries.append(Entry())
        entry = self.entries[-1]
        for name, piece in pieces.items():
            prev = self.current.get(name)
            chained = (
                prev is not None
                and first_of_table
                and prev.last.at_bottom
                and (not new_entry or (name == "project_name" and _same_cell(prev.text, piece.text)))
            )
            if chained and prev is not None:
                prev.pieces.append(piece)
            else:
                self.current[name] = Logical([piece])
        for name in present:
            entry.add(name, self.current[name])
        return len(self.entries) - 1

    def _continues(self, anchor: str, pieces: dict[str, Piece], first_of_table: bool) -> bool:
        """A new anchor block at the top of a page that continues the entry cut at the
        bottom of the page before."""
        prev = self.current.get(anchor)
        if not first_of_table or prev is None or not prev.last.at_bottom:
            return False
        if not _same_cell(prev.text, pieces[anchor].text):
            return False
        if pieces[anchor].text:
            return True
        # Nothing printed in the new block: only the 项目名称 column can tell.
        name, old = pieces.get("project_name"), self.current.get("project_name")
        if name is not None and old is not None and name.text and old.text:
            return _same_cell(old.text, name.text)
        return True

    def finish(self) -> None:
        """The end of the table: lines left below it go to its last cells."""
        self._flush_below()


def packed_indicators(text: str) -> list[tuple[Optional[str], Optional[str], str, Optional[str]]]:
    """The indicators of a packed 绩效指标 cell, as (level1, level2, name, target).

    ``1、1-产出指标；11-数量指标；会议活动保障次数；实施周期指标值:每年≥20场；年度指标值:每年≥20场。2、…``:
    numbered items; in each, coded parts (``11-数量指标``) are the levels, the first plain part
    the indicator, and the 年度指标值 the target (else the last value given)."""
    rows: list[tuple[Optional[str], Optional[str], str, Optional[str]]] = []
    for item in _ITEM.split(text):
        parts = [p.strip().rstrip("。") for p in re.split(r"[；;]", item) if p.strip().rstrip("。")]
        if not parts:
            continue
        levels: list[Optional[str]] = []
        name: Optional[str] = None
        values: list[tuple[str, str]] = []
        for part in parts:
            value = _VALUE.match(part)
            coded = _CODED.match(part)
            if value:
                values.append((value.group(1), value.group(2).strip()))
            elif coded and name is None and len(levels) < 2:
                levels.append(coded.group(1).strip())
            elif name is None:
                name = part
        if name is None:
            continue
        annual = [v for label, v in values if names_annual(label)]
        target = annual[-1] if annual else (values[-1][1] if values else None)
        levels += [None] * (2 - len(levels))
        rows.append((levels[0], levels[1], name, target or None))
    return rows
