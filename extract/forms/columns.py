"""The indicator table's columns: found from its header row, then used to read data rows.

Columns are kept as x ranges, not grid indices, so that a continuation page — a different
table with its own grid — is read with the header of the page where the table began.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Optional, Union

from ..layout.celltext import join_cells
from ...schemas.record import Grid
from .settings import DEFAULT_FORM_SETTINGS, FormSettings
from .labels import (
    ColumnRole,
    ExecutionRole,
    GoalPart,
    TaskRole,
    column_role,
    entry_field,
    header_field,
    label_key,
    names_annual,
    names_longer,
    printed_label,
)
from ..model import Row, RowCell


# The role of a list table's 项目名称 / 项目总额 / 绩效目标 … columns (see listtable.py).
ENTRY_ROLE: ColumnRole = "entry"
# The role of a list's 绩效指标 column holding each project's indicators as one text.
PACKED_ROLE: ColumnRole = "packed"


# A column's role in the table it belongs to: indicators, tasks, a funds grid, goal halves.
Role = Union[ColumnRole, TaskRole, ExecutionRole, GoalPart]


@dataclass(frozen=True)
class Column:
    """One indicator-table column: its role (level1, level2, name, target, op, unit, block;
    None for any other column), its printed label and its x range."""

    role: Optional[Role]
    label: str
    x0: float
    x1: float


# Sub-columns under 完成值 (a self-evaluation's split actual value) → the actual's parts.
_UNDER_ACTUAL: dict[ColumnRole, ColumnRole] = {"op": "actual_op", "target": "actual", "unit": "actual_unit"}


def under_actual(parent: Column, sub: Column) -> Column:
    """A sub-column printed under a self-evaluation's 完成值 (its own 指标性质 | 指标值 |
    度量单位): the actual value's parts, not the target's."""
    if parent.role == "actual" and sub.role in _UNDER_ACTUAL:
        return Column(_UNDER_ACTUAL[sub.role], sub.label, sub.x0, sub.x1)
    return sub


def header_roles(row: Row) -> list[tuple[RowCell, Optional[ColumnRole]]]:
    """Each own cell of a row with the column role its text names."""
    return [(c, column_role(c.text)) for c in row.cells if c.first and c.text]


def is_column_header(row: Row) -> bool:
    """Whether a row is the indicator table's header (三级指标 … 指标值)."""
    roles = {role for _, role in header_roles(row)}
    return (
        ("name" in roles and ("target" in roles or "level2" in roles))
        or {"level1", "level2"} <= roles
        or ("target" in roles and bool(roles & {"op", "unit"}) and _fused_column(row) is not None)
        or (not roles - {None} and _packed_column(row) is not None)
    )


def _packed_column(row: Row) -> Optional[RowCell]:
    """The 绩效指标 column of a list whose indicators are packed into one text cell per
    project (项目名称 … | 绩效指标, no 一级/二级/三级指标 columns): the header cell over it."""
    cells = [c for c in row.cells if c.first and c.text]
    if not any(entry_field(c.text) == "project_name" for c in cells):
        return None
    return next((c for c in cells if header_field(c.text) == "block"), None)


def _fused_column(row: Row) -> Optional[RowCell]:
    """The 绩效指标 header cell over indicators printed as one fused text (一级, 二级 and
    三级指标 in one cell), in a header with no 三级指标 column."""
    cells = [c for c in row.cells if c.first and c.text]
    if any(column_role(c.text) in ("name", "level1", "level2") for c in cells):
        return None
    # A 绩效指标 label merged down beside the rows is a block label, not a column.
    return next((c for c in cells if header_field(c.text) == "block" and (c.cell is None or c.cell.rowspan == 1)), None)


def is_subheader(row: Row) -> bool:
    """Whether a row only holds sub-column labels (指标性质 | 指标值 | 度量单位) of a
    two-line table header."""
    cells = header_roles(row)
    return bool(cells) and all(
        role in ("op", "unit", "target") or (role is None and entry_field(c.text)) for c, role in cells
    )


def columns_from_header(row: Row, sub: Optional[Row] = None) -> list[Column]:
    """Build the column model from a header row and, for a two-line header, the row of
    sub-column labels beneath it."""
    columns: list[Column] = []
    fused = _fused_column(row)
    packed = _packed_column(row)
    for cell in row.cells:
        if not cell.text:
            continue
        role = column_role(cell.text)
        if cell is packed:
            role = PACKED_ROLE
        elif cell is fused:
            role = "name"
        elif role is None and header_field(cell.text) == "block":
            role = "block"
        columns.append(Column(role, printed_label(cell.text), cell.x0, cell.x1))
    if sub is not None:
        columns = _split_by_subheader(columns, sub)
    return _entry_columns(_single_target(columns))


def _entry_columns(columns: list[Column]) -> list[Column]:
    """A header with a 项目名称 column is a list table's: its header-field columns are the
    entries' cells, not extras of the indicator rows."""
    if not any(c.role is None and entry_field(c.label) in ("project_name", "unit_name") for c in columns):
        return columns
    return [replace(c, role=ENTRY_ROLE) if c.role is None and entry_field(c.label) else c for c in columns]


def _split_by_subheader(columns: list[Column], sub: Row) -> list[Column]:
    result: list[Column] = []
    subs = [
        Column(column_role(c.text), printed_label(c.text), c.x0, c.x1)
        for c in sub.cells
        if c.first and c.text
    ]
    for col in columns:
        inside = [s for s in subs if s.x0 >= col.x0 - 2 and s.x1 <= col.x1 + 2]
        if len(inside) >= 2:
            result.extend(under_actual(col, s) for s in inside)
        else:
            result.append(col)
    return result


def _single_target(columns: list[Column]) -> list[Column]:
    """Keep one target column: the annual one where several (中期/年度) are printed."""
    targets = [c for c in columns if c.role == "target"]
    if len(targets) <= 1:
        return columns
    annual = [c for c in targets if names_annual(c.label)]
    keep = annual[-1] if annual else targets[0]
    return [c if c.role != "target" or c is keep else Column(None, c.label, c.x0, c.x1) for c in columns]


def grid_label(columns: list[Column]) -> Optional[str]:
    """What names this indicator table among several: its block label (长期绩效指标,
    年度绩效指标) or, failing that, its target column's label (中期指标值)."""
    for col in columns:
        if col.role == "block" and (names_longer(col.label) or names_annual(col.label)):
            return col.label
    for col in columns:
        if col.role == "target":
            return col.label
    return None


def grid_of(label: Optional[str]) -> Grid:
    """``long-term`` for 长期/中期 tables, else ``annual``."""
    return "long-term" if label and names_longer(label) else "annual"


def _overlap(x0: float, x1: float, c0: float, c1: float) -> float:
    """How far [x0, x1] and [c0, c1] overlap (0 when apart): ``max(0, min(x1, c1) - max(x0,
    c0))``, spelt with comparisons since it runs for every cell and column of a table."""
    d = (c1 if c1 < x1 else x1) - (c0 if c0 > x0 else x0)
    return d if d > 0.0 else 0.0


def assign_cells(row: Row, columns: list[Column], settings: FormSettings = DEFAULT_FORM_SETTINGS) -> dict[int, RowCell]:
    """Map each column index to the row's cell lying over it (most overlap wins)."""
    placed: dict[int, RowCell] = {}
    best: dict[int, float] = {}
    if not columns:
        return placed
    cover = settings.column_cover
    # Each column's x range and the overlap that covers it mostly, once per row.
    spans = [(col.x0, col.x1, cover * max(col.x1 - col.x0, 1e-6)) for col in columns]
    for cell in row.cells:
        x0, x1 = cell.x0, cell.x1
        width = max(x1 - x0, 1e-6)
        overlaps = [_overlap(x0, x1, c0, c1) for c0, c1, _ in spans]
        # A wide cell may cover several columns: it is placed in every column it covers
        # mostly, and otherwise in the one it covers most.
        covering = [k for k, (overlap, span) in enumerate(zip(overlaps, spans)) if overlap >= span[2]]
        targets = covering or [max((overlap / width, k) for k, overlap in enumerate(overlaps))[1]]
        for k in targets:
            share = overlaps[k] / width
            inside = placed.get(k)
            if inside is not None and share >= cover and best[k] >= cover and cell.first and inside.first:
                # Two own cells within one header column (指标值 printed over a value and a
                # unit cell): both are its text.
                placed[k] = _merged(inside, cell)
            elif share > best.get(k, 0.0):
                best[k], placed[k] = share, cell
    return placed


def _merged(left: RowCell, right: RowCell) -> RowCell:
    """One cell standing for two neighbours of the same column, texts joined in x order."""
    if right.x0 < left.x0:
        left, right = right, left
    return replace(left, text=join_cells(left.text, right.text), x0=min(left.x0, right.x0), x1=max(left.x1, right.x1))


def repeats_header(row: Row, columns: list[Column]) -> bool:
    """A row whose own cells only print column labels of the table (a column header
    repeated on a new page, or its first line): never an indicator."""
    own = [c.text for c in row.cells if c.first and c.text]
    if len(own) < 2:
        return False
    labels = {label_key(c.label) for c in columns}
    return all(label_key(t) in labels or column_role(t) for t in own)


def fits_columns(row: Row, columns: list[Column], settings: FormSettings = DEFAULT_FORM_SETTINGS) -> bool:
    """Whether a row's own cells line up with the column model: a table from a different
    layout (a 收支表 after the last form) does not."""
    own = [c for c in row.cells if c.first and c.text]
    if not own:
        return False
    aligned = 0
    share = settings.cell_on_column
    spans = [(col.x0, col.x1, col.x1 - col.x0) for col in columns]
    for cell in own:
        x0, x1 = cell.x0, cell.x1
        width = max(x1 - x0, 1e-6)
        if any(_overlap(x0, x1, c0, c1) >= share * (w if w < width else width) for c0, c1, w in spans):
            aligned += 1
    return aligned >= settings.row_aligned * len(own)
