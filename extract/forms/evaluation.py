"""What only a self-evaluation (绩效自评表) prints: its funds grid, its goal split into 预期目标
| 实际完成情况, its 总分 row, and the columns beside each target (实际完成值, 分值, 得分,
偏差原因分析及改进措施).

Everything is found by its printed labels (:mod:`.labels`), as x ranges like the indicator
columns; the form builder (:mod:`.build`) calls these functions from a few hooks, and
:mod:`.evaluation_record` turns what they read into the record's fields.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

from ...normalize.amounts import parse_amount
from ..layout.celltext import join_wrapped
from .columns import Column, assign_cells
from .settings import DEFAULT_FORM_SETTINGS, FormSettings
from .header import Pair
from .labels import GRID_FUNDS_KEYS, execution_role, goal_part, header_field, is_funds_part, is_total_score, printed_label
from ..model import Row, RowCell
from .tasks import is_task_header

# Indicator-table column roles of a self-evaluation (labels.column_role); the split 完成值
# columns of a two-line header are actual_op / actual / actual_unit. On a target form these
# columns stay in the row's ``extra`` as before.
EVALUATION_ROLES = frozenset({"actual", "actual_op", "actual_unit", "weight", "score", "deviation"})
_AMOUNT_ROLES = ("planned", "adjusted", "spent")


@dataclass
class ExecutionDraft:
    """One row of the funds grid as printed: its label and cell text per column role."""

    label: str
    cells: dict[str, str] = field(default_factory=dict)
    pair: Optional[Pair] = None  # the row as a funds pair (全年预算数), for ``funds``


def is_execution_header(row: Row) -> bool:
    """The header of a self-evaluation's funds grid: 年初预算数 / 全年预算数 and 全年执行数."""
    roles = {execution_role(c.text) for c in row.cells if c.first and c.text}
    return bool(roles & {"planned", "adjusted"}) and "spent" in roles and not is_task_header(row)


def task_amount_key(label: str) -> Optional[str]:
    """The funds field of a department self-evaluation's 金额合计 amount: its 全年预算数 is the
    department's total (as 全年预算数 is a project's); None for other amounts."""
    return "funds_total" if execution_role(label) == "adjusted" else None


def execution_columns(row: Row) -> list[Column]:
    """The funds grid's amount columns, as x ranges."""
    columns = []
    for cell in row.cells:
        role = execution_role(cell.text) if cell.first and cell.text else None
        if role is not None:
            columns.append(Column(role, printed_label(cell.text), cell.x0, cell.x1))
    return columns


def _label_cell(row: Row, columns: list[Column]) -> Optional[RowCell]:
    left = min(c.x0 for c in columns)
    own = [c for c in row.cells if c.first and c.text and c.x1 <= left + 2]
    return own[-1] if own else None


def read_execution(row: Row, columns: list[Column], settings: FormSettings = DEFAULT_FORM_SETTINGS) -> Optional[ExecutionDraft]:
    """A row of the funds grid (年度资金总额, 其中:财政拨款, 上年结转 …); None when the row is
    not one (its label names no amount)."""
    label_cell = _label_cell(row, columns)
    if label_cell is None:
        return None
    label = printed_label(label_cell.text)
    key = header_field(label)
    placed = assign_cells(row, columns, settings)
    draft = ExecutionDraft(label)
    for k, col in enumerate(columns):
        cell = placed.get(k)
        if cell is not None and cell.first and cell.text and cell is not label_cell:
            draft.cells[col.role or ""] = cell.text
    # Rows other than the funds labels (基本支出, 项目支出 …) count when they carry an amount.
    amounts = any(parse_amount(draft.cells.get(role, "")) is not None for role in _AMOUNT_ROLES)
    if key not in GRID_FUNDS_KEYS and not (is_funds_part(label) or (amounts and len(label) <= 20)):
        return None
    budget = next((r for r in ("adjusted", "planned") if r in draft.cells), None)
    budget_cell = next((placed[k] for k, c in enumerate(columns) if c.role == budget and k in placed), None)
    draft.pair = Pair(
        label,
        key if key in GRID_FUNDS_KEYS else "funds_part",
        draft.cells.get(budget or "", ""),
        funds=True,
        cells=[label_cell] + ([budget_cell] if budget_cell is not None else []),
    )
    return draft


def goal_columns(row: Row) -> Optional[dict[str, Column]]:
    """The 预期目标 | 实际完成情况 row under 年度总体目标: where each half stands."""
    found: dict[str, Column] = {}
    for cell in row.cells:
        part = goal_part(cell.text) if cell.first and cell.text else None
        if part is not None:
            found[part] = Column(part, printed_label(cell.text), cell.x0, cell.x1)
    return found if len(found) == 2 else None


def read_goal_parts(row: Row, columns: dict[str, Column], settings: FormSettings = DEFAULT_FORM_SETTINGS) -> list[Pair]:
    """The row below 预期目标 | 实际完成情况: one pair per half (empty when nothing lines up)."""
    ordered = list(columns.values())
    placed = assign_cells(row, ordered, settings)
    pairs = []
    for k, col in enumerate(ordered):
        cell = placed.get(k)
        if cell is not None and cell.first and cell.text:
            pairs.append(Pair(col.label, col.role, cell.text, cells=[cell]))
    return pairs


def continue_goal_parts(pairs: list[Pair], row: Row, columns: dict[str, Column], settings: FormSettings = DEFAULT_FORM_SETTINGS) -> bool:
    """A goal cut by a page break: a row at the top of a later page whose cells lie under
    预期目标 / 实际完成情况 and name no label. Its texts are appended to the halves read
    before; False (nothing changed) for any other row."""
    own = [c for c in row.cells if c.first and c.text]
    if not own or not pairs or any(header_field(c.text) for c in own):
        return False
    if any(c.page >= row.page for p in pairs for c in p.cells):
        return False
    by_part = {p.key: p for p in pairs}
    more = read_goal_parts(row, columns, settings)
    if sum(len(p.value) for p in more) < sum(len(c.text) for c in own) or any(p.key not in by_part for p in more):
        return False
    for part in more:
        pair = by_part[part.key or ""]
        pair.value = join_wrapped(pair.value, part.value)
        pair.cells.extend(part.cells)
    return True


def total_score_of(texts: dict[str, str], evaluation: dict[str, str]) -> Optional[str]:
    """The 得分 text of a 总分 row (empty when none is printed), or None when the row is no
    总分 row. A 总分 cell spans the level, name and target columns."""
    name = texts.get("name", "")
    if not name or not is_total_score(name):
        return None
    if any(texts.get(k) not in ("", None, name) for k in ("level1", "level2", "target")):
        return None
    return evaluation.get("score", "")


def join_evaluation(evaluation: dict[str, tuple[str, str]], role: str, label: str, text: str) -> None:
    """Add a cell's text to a row's evaluation columns (wrapped lines, a row cut by a page)."""
    prior = evaluation.get(role)
    evaluation[role] = (label, join_wrapped(prior[1], text) if prior else text)
