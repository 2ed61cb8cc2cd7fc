"""The form record written by ``jixiao extract`` (``../shared/spec/output.md``, version 1)."""

from __future__ import annotations

from typing import Literal, Optional

from pydantic import BaseModel, ConfigDict, Field, SerializerFunctionWrapHandler, model_serializer

from .issues import IssueCode
from .values import Value

SCHEMA_VERSION = 1

Method = Literal["text", "ocr", "spreadsheet", "text-export", "document"]
# Rows whose cells stand in printed order, not in their columns (a tab-separated export).
TEXT_EXPORT: Method = "text-export"
FormKind = Literal["project", "department"]
Stage = Literal["target", "evaluation"]
# Which indicator table of a form a row comes from: the annual one, or the long-term (中期/长期) one.
Grid = Literal["annual", "long-term"]

# Keys only a self-evaluation (绩效自评表) has; a target form's record is written without them,
# exactly as before they existed (output.md, "Self-evaluations").
EVALUATION_FORM_KEYS = ("stage", "execution", "goal_achieved", "total_score")
EVALUATION_INDICATOR_KEYS = ("actual", "actual_value", "weight", "score", "deviation", "achieved")


class Source(BaseModel):
    """Where a form came from: the file and the pages it spans."""

    model_config = ConfigDict(extra="forbid")

    path: str = Field(description="path as found under the input root, '/'-separated")
    sha256: str
    pages: list[int] = Field(description="1-based pages the form spans, ascending")
    method: Method = "text"


class Funds(BaseModel):
    """Project funds in 万元 as printed; ``raw`` keeps every funds label with its cell text."""

    model_config = ConfigDict(extra="forbid")

    total: Optional[float] = None
    fiscal: Optional[float] = None
    other: Optional[float] = None
    raw: dict[str, str] = {}


class Box(BaseModel):
    """Where something was read: 1-based page and box in PDF points, origin top-left (as
    pdfplumber's ``top``). Added after version 1 for the review page; optional."""

    model_config = ConfigDict(extra="forbid")

    page: int
    x0: float
    top: float
    x1: float
    bottom: float


class Indicator(BaseModel):
    """One row of the indicator table (三级指标 with its target)."""

    model_config = ConfigDict(extra="forbid")

    level1: Optional[str] = None
    level2: Optional[str] = None
    name: str
    target: Optional[str] = None
    value: Value
    page: int
    extra: dict[str, str] = {}
    bbox: Optional[Box] = Field(default=None, description="the row's cells on its page")
    grid: Optional[Grid] = Field(
        default=None,
        description="which indicator table the row belongs to when a form has two "
        "(年度 annual; 长期/中期 long-term); null when it has one",
    )
    actual: Optional[str] = Field(default=None, description="evaluations: 实际完成值 / 全年实际值 / 完成值 as printed")
    actual_value: Optional[Value] = Field(default=None, description="evaluations: ``actual`` parsed, as ``value``")
    weight: Optional[float] = Field(default=None, description="evaluations: 分值 / 权重 of the row")
    score: Optional[float] = Field(default=None, description="evaluations: 得分")
    deviation: Optional[str] = Field(default=None, description="evaluations: 偏差原因分析及改进措施 / 未完成原因")
    achieved: Optional[bool] = Field(
        default=None,
        description="evaluations: whether actual_value meets value; null where either is not "
        "numeric or their units differ",
    )


class Execution(BaseModel):
    """One row of a self-evaluation's funds grid (年度资金总额, 其中:财政拨款, 上年结转资金 …)."""

    model_config = ConfigDict(extra="forbid")

    label: str
    planned: Optional[float] = Field(default=None, description="年初预算数, 万元")
    adjusted: Optional[float] = Field(default=None, description="全年预算数 / 调整后预算数, 万元")
    spent: Optional[float] = Field(default=None, description="全年执行数 / 预算执行数, 万元")
    rate: Optional[str] = Field(default=None, description="执行率 as printed, e.g. 95.51%")
    weight: Optional[float] = Field(default=None, description="分值 / 权重")
    score: Optional[float] = Field(default=None, description="得分")


class Task(BaseModel):
    """One 年度主要任务 of a department form: its name, content and amounts as printed."""

    model_config = ConfigDict(extra="forbid")

    name: str
    content: Optional[str] = None
    amounts: dict[str, str] = Field(default={}, description="amount label (总额, 财政拨款 …) → cell text")


class Issue(BaseModel):
    """A finding a reader should check, e.g. funds that do not add up."""

    model_config = ConfigDict(extra="forbid")

    code: IssueCode = Field(description="what kind of finding (the codes are listed in schemas/issues.py)")
    message: str


class FormRecord(BaseModel):
    """One filled-in 绩效目标表 or 绩效自评表, however many pages it spans."""

    model_config = ConfigDict(extra="forbid")

    schema_version: Literal[1] = SCHEMA_VERSION
    id: str = Field(description="first 12 hex of the file's sha256, ':', 1-based form index")
    source: Source
    title: str
    kind: FormKind
    year: Optional[int] = None
    department: Optional[str] = None
    project_name: Optional[str] = None
    implementing_unit: Optional[str] = None
    project_attribute: Optional[str] = None
    funds: Funds = Funds()
    goal: Optional[str] = None
    fields: dict[str, str] = {}
    indicators: list[Indicator] = []
    issues: list[Issue] = []
    boxes: dict[str, Box] = Field(
        default={},
        description="where each header value was read: 'project_name', 'goal', "
        "'funds.raw.<label>', 'fields.<label>' …",
    )
    tasks: list[Task] = Field(default=[], description="年度主要任务 of department forms, in order")
    stage: Stage = Field(default="target", description="target (绩效目标表) or evaluation (绩效自评表)")
    execution: list[Execution] = Field(default=[], description="evaluations: the funds grid, row by row")
    goal_achieved: Optional[str] = Field(default=None, description="evaluations: 实际完成情况 of the goal")
    total_score: Optional[float] = Field(default=None, description="evaluations: the 总分 row")

    @model_serializer(mode="wrap")
    def _target_without_evaluation_keys(self, handler: SerializerFunctionWrapHandler) -> dict[str, object]:
        """A target form is written without the evaluation keys, byte for byte as before."""
        data = handler(self)
        if self.stage == "target":
            for key in EVALUATION_FORM_KEYS:
                data.pop(key, None)
            for row in data.get("indicators", []):
                for key in EVALUATION_INDICATOR_KEYS:
                    row.pop(key, None)
        return data


