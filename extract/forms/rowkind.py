"""What each row of the stream is, decided once: the form stage's one row classifier.

:func:`classify` gives a row its :class:`RowKind`, a set of flags, from what the row prints
alone (its labels, its cells), before any form is built. Segmentation (:mod:`.stitch`) and
form building (:mod:`.build`) then read the kinds instead of asking the predicates again;
what depends on the form being read (its indicator columns, a value cut by a page break)
stays with them.

A row may be several things at once: the column header of a list table that starts with
项目名称 is also the identity row of its first project; a 项目名称 row is a header row too.
"""

from __future__ import annotations

import enum

from ..layout.celltext import join_wrapped
from ..model import Row
from .columns import is_column_header, is_subheader
from .evaluation import goal_columns, is_execution_header
from .header import is_header_row
from .labels import header_field, is_form_title, is_other_title, is_total_score, split_fused_label
from .settings import DEFAULT_FORM_SETTINGS, FormSettings
from .tasks import is_amount_subheader, is_task_header

IDENTITY_KEYS = ("project_name",)


class RowKind(enum.Flag):
    """The kinds a row can be, as printed."""

    NONE = 0
    TEXT = enum.auto()  # a free text line (outside any table)
    TITLE = enum.auto()  # a form title (…绩效目标表, …绩效自评表)
    OTHER_TITLE = enum.auto()  # a free line titling another table (收支总表 …): ends a form
    LINE = enum.auto()  # a table row of one short line and no label (a title or year line)
    IDENTITY = enum.auto()  # its first own cell is 项目名称: a form starts or continues here
    HEADER = enum.auto()  # its first own cell is a header label (not the 绩效指标 block)
    COLUMN_HEADER = enum.auto()  # the indicator table's header (三级指标 … 指标值)
    SUBHEADER = enum.auto()  # sub-column labels of a two-line indicator header
    TASK_HEADER = enum.auto()  # the 年度主要任务 table's header
    AMOUNT_SUBHEADER = enum.auto()  # 总额 | 财政拨款 | 其他资金 under the task table's 预算金额
    EXECUTION_HEADER = enum.auto()  # a self-evaluation's funds grid header (全年执行数 …)
    GOAL_HEADER = enum.auto()  # 预期目标 | 实际完成情况 under 年度总体目标
    TOTAL = enum.auto()  # a 总分 / 合计 row under the indicators


def row_text(row: Row) -> str:
    """All own text of a row, joined as one line."""
    text = ""
    for t in row.texts:
        text = join_wrapped(text, t)
    return text


def is_title_row(row: Row) -> bool:
    """A form title: a free text line, or a table row with a single cell, matching …绩效目标表."""
    texts = row.texts
    return len(texts) == 1 and is_form_title(texts[0])


def is_line_row(row: Row, line_chars: int = DEFAULT_FORM_SETTINGS.line_chars) -> bool:
    """A table row holding one short line of text and no label: a title or year line that a
    producer put inside the table's frame."""
    own = [c for c in row.cells if c.first and c.text]
    return (
        len(own) == 1
        and len(own[0].text) <= line_chars
        and header_field(own[0].text) in (None, "field")
        and split_fused_label(own[0].text) is None
    )


def is_other_title_row(row: Row) -> bool:
    """A free text line titling some other table; it ends the open form."""
    texts = row.texts
    return row.is_text and len(texts) == 1 and is_other_title(texts[0])


def is_identity_row(row: Row) -> bool:
    """A row whose first own cell is 项目名称 (or its variants)."""
    for cell in row.cells:
        if cell.first and cell.text:
            key = header_field(cell.text)
            if key is None and ("：" in cell.text or ":" in cell.text):
                key = header_field(cell.text.replace("：", ":").split(":", 1)[0])
            if key is None:
                fused = split_fused_label(cell.text)
                key = fused[1] if fused else None
            return key in IDENTITY_KEYS
    return False


def is_total_row(row: Row) -> bool:
    """A 总分 / 合计 row under the indicators (self-evaluations, lists): no indicator."""
    own = [c.text for c in row.cells if c.first and c.text]
    return bool(own) and is_total_score(own[0])


_TESTS = (
    (RowKind.TITLE, is_title_row),
    (RowKind.OTHER_TITLE, is_other_title_row),
    (RowKind.IDENTITY, is_identity_row),
    (RowKind.HEADER, is_header_row),
    (RowKind.COLUMN_HEADER, is_column_header),
    (RowKind.SUBHEADER, is_subheader),
    (RowKind.TASK_HEADER, is_task_header),
    (RowKind.AMOUNT_SUBHEADER, is_amount_subheader),
    (RowKind.EXECUTION_HEADER, is_execution_header),
    (RowKind.GOAL_HEADER, lambda row: goal_columns(row) is not None),
    (RowKind.TOTAL, is_total_row),
)


def classify(row: Row, settings: FormSettings = DEFAULT_FORM_SETTINGS) -> RowKind:
    """Every kind the row is, from its own text and cells."""
    # The flags are or-ed as plain ints: an enum.Flag's | is a Python-level call per flag.
    value = RowKind.TEXT.value if row.is_text else 0
    if is_line_row(row, settings.line_chars):
        value |= RowKind.LINE.value
    for flag, test in _TESTS:
        if test(row):
            value |= flag.value
    return RowKind(value)
