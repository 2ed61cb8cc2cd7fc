"""The form as it is being read: what was printed (:class:`FormDraft`), the table position
the builder is at (:class:`ReadingState`), and each indicator row (:class:`IndicatorDraft`).

A draft is filled by :mod:`.build` and turned into a checked record by :mod:`.record`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

from ...schemas.issues import IssueCode
from ..model import RowCell
from .columns import Column
from .evaluation import ExecutionDraft
from .header import Pair
from .listtable import ListState
from .settings import DEFAULT_FORM_SETTINGS, FormSettings
from .stitch import pairs_summary
from .tasks import TaskDraft


@dataclass
class IndicatorDraft:
    """An indicator row as read, before the record is built."""

    level1: Optional[str]
    level2: Optional[str]
    name: str
    target: Optional[str]
    page: int
    extra: dict[str, str] = field(default_factory=dict)
    parts: dict[str, str] = field(default_factory=dict)  # op / target / unit cells when split
    grid_label: Optional[str] = None  # the block or target label of its table's header
    cells: list[RowCell] = field(default_factory=list)  # the row's own cells, for its box
    entry: Optional[int] = None  # the list-table entry (project) it belongs to
    # self-evaluation columns (actual, weight, score, deviation …): role → (label, text)
    evaluation: dict[str, tuple[str, str]] = field(default_factory=dict)


@dataclass
class ReadingState:
    """Where the builder stands in the form's tables: the columns in force, what merged
    cells carry down, and which sub-table (tasks, funds grid, goal halves) it is inside."""

    columns: Optional[list[Column]] = None
    column_header_seen: bool = False
    grid_label: Optional[str] = None  # the block or target label of the indicator header
    carry: dict[str, Optional[str]] = field(default_factory=dict)
    # level → (the empty merged cell: page, table, row, col; indicators waiting for its label)
    unresolved: dict[str, tuple[tuple[int, Optional[int], int, int], list[int]]] = field(default_factory=dict)
    last_table: Optional[tuple[int, int]] = None
    task_columns: Optional[list[Column]] = None
    listing: Optional[ListState] = None  # set when the indicator table lists many projects
    execution_columns: Optional[list[Column]] = None
    goal_columns: Optional[dict[str, Column]] = None
    goal_pairs: list[Pair] = field(default_factory=list)
    # The indicator columns of the form before it: taken when its own table prints no
    # column header but its cells stand exactly where those columns do.
    series_columns: Optional[list[Column]] = None
    settings: FormSettings = DEFAULT_FORM_SETTINGS  # the form stage's tolerances


@dataclass
class FormDraft:
    """A form while it is being read: what was printed, with the pages it was seen on."""

    title: str = ""
    year: Optional[int] = None
    kind: str = "project"
    pairs: list[Pair] = field(default_factory=list)
    indicators: list[IndicatorDraft] = field(default_factory=list)
    tasks: list[TaskDraft] = field(default_factory=list)
    pages: set[int] = field(default_factory=set)
    methods: set[str] = field(default_factory=set)
    problems: list[tuple[IssueCode, str]] = field(default_factory=list)
    money_unit: Optional[str] = None  # 万元 or 元, where a 单位：… line says
    # A self-evaluation (绩效自评表): its title says so, or its indicator table has an
    # 实际完成值 column. Then its funds grid, goal halves and 总分 (score text) are read.
    evaluation: bool = False
    execution: list[ExecutionDraft] = field(default_factory=list)
    total_score: Optional[str] = None
    # No title printed above it: title and year are those of the series heading printed
    # before it (Xi'an prints the 表14/表16 heading once, above the first table of the series).
    title_inherited: bool = False
    reading: ReadingState = field(default_factory=ReadingState)

    @property
    def header(self) -> dict[str, str]:
        return pairs_summary(self.pairs)

    @property
    def is_template(self) -> bool:
        """An empty template: its indicator rows print names (指标1：…) but no targets, or it
        has no indicator rows and no header value at all (此表无数据, a blank grid)."""
        if self.indicators:
            return all(not d.target and not any(d.parts.values()) for d in self.indicators)
        return not any(p.value for p in self.pairs)

    @property
    def is_form(self) -> bool:
        """A draft is a form once it has an indicator table; a lone title or a table that
        merely has a 项目名称 column is not."""
        return self.reading.column_header_seen or bool(self.indicators)
