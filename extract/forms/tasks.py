"""The 年度主要任务 table of department forms: 任务名称 | 主要内容 | 预算金额 (总额 / 财政拨款 /
其他资金), one row per task, usually closed by a 金额合计 row that gives the department's funds.

Its columns are found like the indicator table's: from its header row (and the row of amount
sub-labels beneath it), as x ranges.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from typing import Optional

from ..layout.celltext import join_wrapped
from .columns import Column, assign_cells
from .settings import DEFAULT_FORM_SETTINGS, FormSettings
from .labels import TaskRole, is_amount_total, label_key, printed_label
from ..model import Row

_NAME = re.compile(r"^(任务名称|主要任务名称|任务)$")
_CONTENT = re.compile(r"^(主要内容|任务内容|主要任务内容|内容|任务主要内容)$")
# A department self-evaluation's task table also prints 执行数 / 执行率 / 分值 / 得分 per task.
_AMOUNT = re.compile(r"(预算金额|预算数|金额|资金|总额|财政拨款|其他|合计|执行数|执行率|分值|权重|得分)")


@dataclass
class TaskDraft:
    """A task as read: name, content and amount cells by their printed labels."""

    name: str
    content: Optional[str] = None
    amounts: dict[str, str] = field(default_factory=dict)


# A pure function of a cell's text asked of every own cell of every row: memoised per
# process, as the label functions of labels.py are.
@functools.lru_cache(maxsize=8192)
def _role(text: str) -> Optional[TaskRole]:
    key = label_key(text)
    if _NAME.match(key):
        return "name"
    if _CONTENT.match(key):
        return "content"
    if _AMOUNT.search(key) and len(key) <= 12:
        return "amount"
    return None


def is_task_header(row: Row) -> bool:
    """A row naming the task table's columns: 任务名称 and a content or amount column."""
    roles = {_role(c.text) for c in row.cells if c.first and c.text}
    return "name" in roles and bool(roles & {"content", "amount"})


def is_amount_subheader(row: Row) -> bool:
    """The row of amount sub-labels (总额 | 财政拨款 | 其他资金) under 预算金额."""
    own = [c for c in row.cells if c.first and c.text]
    return bool(own) and all(_role(c.text) == "amount" for c in own)


def task_columns(header: Row, sub: Optional[Row]) -> list[Column]:
    """The task table's columns; an amount column with sub-labels beneath is split."""
    columns: list[Column] = []
    subs = [c for c in (sub.cells if sub else []) if c.first and c.text]
    for cell in header.cells:
        if not cell.first or not cell.text:
            continue
        role = _role(cell.text)
        inside = [s for s in subs if s.x0 >= cell.x0 - 2 and s.x1 <= cell.x1 + 2]
        if role == "amount" and len(inside) >= 2:
            columns.extend(Column("amount", printed_label(s.text), s.x0, s.x1) for s in inside)
        elif role is not None:
            columns.append(Column(role, printed_label(cell.text), cell.x0, cell.x1))
    return columns


def read_task(row: Row, columns: list[Column], settings: FormSettings = DEFAULT_FORM_SETTINGS) -> Optional[TaskDraft]:
    """One task row; None when the row has no task name and no amounts."""
    placed = assign_cells(row, columns, settings)
    task = TaskDraft(name="")
    for k, col in enumerate(columns):
        cell = placed.get(k)
        if cell is None or not cell.first:
            continue
        if col.role == "name":
            task.name = join_wrapped(task.name, cell.text)
        elif col.role == "content" and cell.text:
            task.content = join_wrapped(task.content or "", cell.text)
        elif col.role == "amount":
            task.amounts[col.label] = cell.text
    if not task.name and not any(task.amounts.values()):
        return None
    return task


def is_total(task: TaskDraft) -> bool:
    """The 金额合计 row: the department's funds, not a task."""
    return is_amount_total(task.name)
