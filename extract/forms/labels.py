"""The form vocabulary: which printed labels name which field or column.

Labels are matched on a *key*: whitespace, parenthesised notes such as ``(万元)`` and trailing
colons removed, full-width punctuation folded — so ``项 目 名 称``, ``项目名称：`` and
``项目资金（万元）`` all match. Fields are never found by position.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from typing import Literal, Optional

_PAREN = re.compile(r"[(（\[【][^()（）\[\]【】]{0,20}[)）\]】]")
_PUNCT = str.maketrans({"：": ":", "，": ",", "；": ";", "　": ""})
_SPACES = re.compile(r"\s+")

# Header fields of the record, by label key.
_HEADER_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("project_name", re.compile(r"^(项目名称|项目全称|专项名称|专项资金名称|转移支付名称|专项转移支付名称)$")),
    (
        "department",
        re.compile(
            r"^((市级|省级|区级|县级|资金)?主管部门(及代码|名称|及编码)?|主管单位(及代码)?|部门名称|部门单位名称|"
            r"预算部门(名称)?|部门)$"
        ),
    ),
    ("unit_name", re.compile(r"^(单位名称|预算单位(名称)?)$")),
    (
        "implementing_unit",
        re.compile(r"^(项目)?(实施|执行|承担|承办)单位(名称)?$|^项目单位$"),
    ),
    ("project_attribute", re.compile(r"^项目属性$")),
    (
        "funds_total",
        re.compile(r"^(项目)?(年度|当年|本年)?(预算)?(支出)?(资金)?总额$|^(年度|当年|本年)(预算)?(数|金额)$|^(年度|当年|本年)预算(资金)?$"),
    ),
    # The funds or goal of the whole implementation period (实施期, 中期): the record's
    # value only where the form prints no annual one.
    ("funds_total_longer", re.compile(r"^(项目)?(实施期|中期)(预算)?(资金)?总额$")),
    ("goal_longer", re.compile(r"^(项目)?实施期(总体|绩效)?总?目标$|^项目总目标$")),
    ("funds_fiscal", re.compile(r"^(其中:?)?(当年|本年)?财政(拨款|资金|性资金)(资金)?$")),
    ("funds_other", re.compile(r"^(其中:?)?其他资金$")),
    (
        "funds_group",
        re.compile(r"^(项目|年度|预算)?资金(情况|来源|安排|投入|总体情况|总额情况)?$"),
    ),
    ("goal", re.compile(r"^(项目)?(年度|本年度|当年)?(总体|绩效|总体绩效|整体|整体绩效|主要)?目标(任务)?$")),
    ("block", re.compile(r"^(年度|中期|长期)?绩效指标$")),
    (
        "field",
        re.compile(
            r"^(.{0,6}负责人|联系人|联系电话|联系方式|项目期|项目周期|项目实施期|项目起止时间|"
            r"项目起止年限|项目来源|项目类别|项目类型|项目编码|项目代码|项目编号|中期目标|"
            r"长期目标|预算年度|项目概况|立项依据|项目立项依据|实施内容|项目内容|资金用途|"
            r"项目实施内容|绩效目标类型|年度主要任务|主要任务|项目开始时间|项目结束时间|"
            r"填报单位|填报日期|填表人|填报人|审核人|实施期限|项目实施期限|实施周期|项目性质|"
            r"部门预算编码|预算编码|部门编码|执行率分值)$"
        ),
    ),
]

# The header keys of a form's funds (资金总额, its longer-period total, 财政拨款, 其他资金,
# 资金组成); sub-amounts of a funds block are ``funds_part``.
FUNDS_KEYS = ("funds_total", "funds_total_longer", "funds_fiscal", "funds_other", "funds_group")
# What a row of a self-evaluation's funds grid can name: the year's amounts only.
GRID_FUNDS_KEYS = tuple(k for k in FUNDS_KEYS if k != "funds_total_longer")

# Header fields printed as columns beside the indicator columns of a list table (one row
# block per project: 项目名称 | 项目总额 | 财政资金 | 其他资金 | 绩效目标).
ENTRY_FIELDS = ("project_name", "unit_name", "department", "funds_total", "funds_fiscal", "funds_other", "goal")

# Funds sub-labels that only count inside a funds block (项目资金 covering them).
_FUNDS_PART = re.compile(
    r"^(其中:?)?.{0,8}(资金|收入|结转|结余|补助|拨款|基金|债券|自筹|预算|合计|总计|总额|其他)$"
)

# What a column of an indicator table holds, as its header label names it (``block``: the
# 绩效指标 label over the level columns; ``entry`` / ``packed``: a list table's project
# columns and its indicators packed into one cell; ``actual_*``: parts of the achieved value).
ColumnRole = Literal[
    "level1", "level2", "name", "target", "op", "unit", "block",
    "actual", "actual_op", "actual_unit", "weight", "score", "deviation", "entry", "packed",
]

# The columns of a 年度主要任务 table.
TaskRole = Literal["name", "content", "amount"]
# The amount columns of a self-evaluation's funds grid.
ExecutionRole = Literal["planned", "adjusted", "spent", "rate", "weight", "score"]
# The two halves of a self-evaluation's 年度总体目标 (预期目标 | 实际完成情况).
GoalPart = Literal["goal", "goal_achieved"]

_COLUMN_PATTERNS: list[tuple[ColumnRole, re.Pattern[str]]] = [
    # What a self-evaluation (绩效自评表) prints beside the target; before ``target``, which
    # would take 全年实际值 for a target column.
    ("actual", re.compile(r"^(全年|年度|本年)?(实际|完成).{0,4}(值|数|情况)$|^实际完成$")),
    ("weight", re.compile(r"^(指标)?(分值|权重|权重分值)$")),
    ("score", re.compile(r"^(自评)?(得分|评分)$")),
    ("deviation", re.compile(r"偏差原因|未完成原因|原因分析|改进措施")),
    ("level1", re.compile(r"^一级指标(名称)?$")),
    ("level2", re.compile(r"^二级指标(名称)?$")),
    ("name", re.compile(r"^(三级指标|指标名称|三级指标名称|指标内容|绩效指标名称|具体指标)$")),
    ("op", re.compile(r"^(绩效)?(指标性质|指标值性质|指标值类型|指标类型|符号|比较符|运算符号?)$")),
    ("unit", re.compile(r"^(绩效)?(度量单位|计量单位|单位)$")),
    ("target", re.compile(r"指标值|目标值|标准值")),
]

# A 指标值 column that explains the target rather than printing it (Changsha 指标值内容).
_NOT_TARGET = ("内容", "说明", "解释", "描述")

# 一级 and 二级指标 names of the national templates (成本指标 is 一级 in newer ones, 二级 in
# older ones; 满意度指标 likewise).
LEVEL1_NAMES = frozenset({"产出指标", "效益指标", "满意度指标", "成本指标"})
LEVEL2_NAMES = frozenset(
    {
        "数量指标", "质量指标", "时效指标", "成本指标", "经济效益指标", "社会效益指标",
        "生态效益指标", "可持续影响指标", "服务对象满意度指标", "满意度指标", "经济成本指标",
        "社会成本指标", "生态环境成本指标",
    }
)

_TITLE = re.compile(r"绩效目标(申报|审核|批复|填报)?表|绩效(目标)?自评(价)?(结果)?表")
_EVALUATION_TITLE = re.compile(r"自评")

# The funds grid of a self-evaluation: 年初预算数 | 全年预算数 | 全年执行数 | 分值 | 执行率 | 得分.
_EXECUTION_PATTERNS: list[tuple[ExecutionRole, re.Pattern[str]]] = [
    ("planned", re.compile(r"^年初(预算)?(数|金额)?$")),
    ("adjusted", re.compile(r"^(全年|调整后)(预算)?(数|金额)?$|^预算数$")),
    ("spent", re.compile(r"^(全年|预算|实际)?执行(数|金额)?$")),
    ("rate", re.compile(r"^(预算)?执行率$")),
    ("weight", re.compile(r"^(分值|权重)$")),
    ("score", re.compile(r"^得分$")),
]
# The 年度总体目标 of a self-evaluation, split into 预期目标 | 实际完成情况.
_GOAL_PARTS: list[tuple[GoalPart, re.Pattern[str]]] = [
    ("goal", re.compile(r"^(年初)?(预期|计划|设定)目标$|^年度(绩效)?目标$")),
    ("goal_achieved", re.compile(r"^(全年|年度)?(实际|目标|年度目标)?完成情况$|^(全年)?实际完成$")),
]
# 总分 / 合计得分 of a self-evaluation's indicator table: the form's total score, no indicator.
# The 金额合计 row of a task table: its amounts are the form's funds.
_AMOUNT_TOTAL = re.compile(r"^(金额)?(合计|总计)$")
_TOTAL_SCORE = re.compile(r"^(总分|总计|合计|小计|合计得分|得分合计|总得分|自评总分|综合得分)$")
# A level-1 cell printed with its points: 产出指标（50分）, 产出指标50分, 满意度指标（10）.
_LEVEL_POINTS = re.compile(r"^(.*?指标)\s*[(（]?\s*(\d+(?:\.\d+)?)\s*分?\s*[)）]?$")
_YEAR = re.compile(r"(?<!\d)(20\d{2})\s*年")


# The label functions are pure functions of a cell's text and are asked about the same few
# hundred texts many times per page: a bounded per-process memo (nothing else is kept).
_memo = functools.lru_cache(maxsize=8192)


def _key_of(text: str) -> str:
    key = _SPACES.sub("", text.translate(_PUNCT))
    key = _PAREN.sub("", key)
    return key.strip(":").replace("：", ":")


@_memo
def label_key(text: str) -> str:
    """The comparable form of a printed label."""
    return _key_of(text)


def value_key(text: str) -> str:
    """The comparable form of a printed value: width folded, whitespace removed. Unlike
    :func:`label_key` it keeps bracketed text (农村公路建设（一期） ≠ （二期）)."""
    return _SPACES.sub("", unicodedata.normalize("NFKC", text))


def _first_field(key: str, patterns: list[tuple[str, re.Pattern[str]]]) -> Optional[str]:
    """The field of the first pattern a label key matches, or None."""
    for field_name, pattern in patterns:
        if pattern.match(key):
            return field_name
    return None


@_memo
def header_field(text: str) -> Optional[str]:
    """The record field a header label names, or None when it is no known label."""
    if not text or len(text) > 40:
        return None
    key = label_key(text)
    return _first_field(key, _HEADER_PATTERNS) if key else None


@_memo
def entry_field(text: str) -> Optional[str]:
    """The record field a list table's entry column names (项目名称, 项目总额, 绩效目标 …)."""
    key = header_field(text)
    if key == "unit_name" and "项目" in text:
        return "project_name"  # 单位（项目）名称: a list of units and their projects
    return key if key in ENTRY_FIELDS else None
_LONGER = re.compile(r"^(项目)?(实施期|中期|长期)")
# Words that make a label the annual one or the longer-term one of a pair (年度资金总额 beside
# 中期资金总额, 年度指标值 beside 中期指标值, 长期绩效指标 over a second grid).
_ANNUAL_WORDS = ("本年", "年度", "全年", "当年")
_LONGER_WORDS = ("长期", "中期")


def names_annual(text: str) -> bool:
    """Whether a label names the annual one of an annual/longer pair (年度, 本年, 全年, 当年)."""
    return any(w in text for w in _ANNUAL_WORDS)


def names_longer(text: str) -> bool:
    """Whether a label names a longer term than the year (中期, 长期)."""
    return any(w in text for w in _LONGER_WORDS)


def longer_period(text: str) -> Optional[str]:
    """``实施期`` / ``中期`` / ``长期`` when a label names the whole implementation period
    (实施期资金总额, 中期目标), else None."""
    match = _LONGER.match(label_key(text))
    return match.group(2) if match else None


def is_funds_part(text: str) -> bool:
    """Whether a label inside a funds block names an amount (自有资金, 上年结转 …)."""
    key = label_key(text)
    return bool(key) and len(key) <= 14 and bool(_FUNDS_PART.match(key))


@_memo
def column_role(text: str) -> Optional[ColumnRole]:
    """The indicator-table column a header cell names: level1, level2, name, target, op or
    unit; None for any other column (kept in ``extra``)."""
    if not text or len(text) > 30:
        return None
    # Digits drawn in a second font may land in a label's text (``300指标名称``).
    key = label_key(text).lstrip("0123456789.")
    for role, pattern in _COLUMN_PATTERNS:
        if pattern.search(key):
            if role == "target" and ("实际" in key or "完成值" in key or key.endswith(_NOT_TARGET)):
                return None
            return role
    return None


def level_name(text: str) -> Optional[str]:
    """``level1`` or ``level2`` for a known 一级/二级指标 name; names in both lists count as
    ``level2`` (the reading of a lone 成本指标 under 产出指标); None for anything else."""
    key = label_key(text)
    if key in LEVEL2_NAMES:
        return "level2"
    if key in LEVEL1_NAMES:
        return "level1"
    return None


def split_levels(text: str) -> tuple[Optional[str], Optional[str], str]:
    """A cell that fuses 一级, 二级 and 三级指标 (``产出指标质量指标来信扫描完成率``, printed
    under one 绩效指标 column): the known level names it starts with, and the rest."""
    level1 = next((n for n in sorted(LEVEL1_NAMES, key=len, reverse=True) if text.startswith(n)), None)
    rest = text[len(level1) :] if level1 else text
    level2 = next((n for n in sorted(LEVEL2_NAMES, key=len, reverse=True) if rest.startswith(n)), None)
    if level1 is None or level2 is None or len(rest) == len(level2):
        return None, None, text
    return level1, level2, rest[len(level2) :]


def is_form_title(text: str) -> bool:
    """Whether a line is the title of a performance target form: …绩效目标表 at its end (a
    section heading such as ``（二）绩效目标表及说明`` is none)."""
    key = label_key(split_money_unit(text)[0])
    match = _TITLE.search(key)
    return 4 <= len(key) <= 80 and match is not None and not key[match.end() :].strip("-—_ ")


_TITLE_UNIT = re.compile(r"\s*(金额)?单位\s*[:：]\s*(万元|元)\s*$")


_UNIT_LINE = re.compile(r"^(金额)?单位\s*[:：]\s*(万元|元)$")


def money_unit_line(text: str) -> Optional[str]:
    """``万元`` or ``元`` for a line that only says ``单位：万元`` / ``金额单位：元``."""
    match = _UNIT_LINE.match(text.strip())
    return match.group(2) if match else None


def split_money_unit(text: str) -> tuple[str, Optional[str]]:
    """``预算11表项目支出绩效目标表 金额单位：万元`` → (title, ``万元``): the money unit a
    producer printed on the line of a title or a header value, apart from it."""
    match = _TITLE_UNIT.search(text)
    if not match or match.start() == 0:
        return text, None
    return text[: match.start()].rstrip(), match.group(2)


def is_other_title(text: str) -> bool:
    """Whether a short line is the title of some other table (收支总表, 自评表 …): it ends
    the form before it."""
    key = label_key(text)
    if is_form_title(text) or not 4 <= len(key) <= 40:
        return False
    return key.endswith("表") and not re.search(r"[,，。;；]", key)


def is_evaluation_title(text: str) -> bool:
    """Whether a form title names a self-evaluation (绩效自评表) rather than targets."""
    return bool(_EVALUATION_TITLE.search(label_key(text)))


@_memo
def execution_role(text: str) -> Optional[ExecutionRole]:
    """The funds-grid column a self-evaluation's header cell names (planned, adjusted,
    spent, rate, weight, score), or None."""
    if not text or len(text) > 20:
        return None
    key = label_key(text)
    for role, pattern in _EXECUTION_PATTERNS:
        if pattern.match(key):
            return role
    return None


@_memo
def goal_part(text: str) -> Optional[GoalPart]:
    """``goal`` for 预期目标, ``goal_achieved`` for 实际完成情况 (the two halves of a
    self-evaluation's 年度总体目标), else None."""
    if not text or len(text) > 12:
        return None
    key = label_key(text)
    return next((part for part, pattern in _GOAL_PARTS if pattern.match(key)), None)


def is_total_score(text: str) -> bool:
    """Whether a cell is the 总分 label of a self-evaluation's indicator table."""
    return bool(_TOTAL_SCORE.match(label_key(text)))


def level_points(text: str) -> tuple[str, Optional[str]]:
    """``产出指标（50分）`` → (``产出指标``, ``50``); a label without points is returned as is."""
    match = _LEVEL_POINTS.match(_SPACES.sub("", text))
    if not match or not match.group(1):
        return text, None
    return match.group(1), match.group(2)


def is_department_title(text: str) -> bool:
    """Whether a form title names the department-wide (整体支出) kind; a 专项资金整体绩效目标表
    is one special fund's form, a project."""
    key = label_key(text)
    return "整体" in key and not re.search(r"专项(资金|业务)?整体", key)


def year_in(text: str) -> Optional[int]:
    """The budget year in a short line such as ``(2021年度)`` or a title."""
    match = _YEAR.search(text)
    return int(match.group(1)) if match else None


# Fields whose label may be printed fused with its value in one cell, and what the value
# may not start with (then the label goes on: 项目名称及编码).
_FUSED_FIELDS = ("project_name", "department", "implementing_unit", "unit_name")
_FUSED_ABSENT = re.compile(r"^[及和与或、/（(:：]")
# The header patterns up to the last fused field's: the first of them a key matches is the
# header field a prefix names, whenever that field is a fused one.
_UP_TO_FUSED = _HEADER_PATTERNS[: 1 + max(k for k, (name, _) in enumerate(_HEADER_PATTERNS) if name in _FUSED_FIELDS)]


def _fused_field(label: str) -> Optional[str]:
    """:func:`header_field` of a cell's prefix, as far as it can be a fused field; neither
    memoised nor through the memoised :func:`label_key`, so that the dozen prefixes tried per
    cell do not crowd real labels out of those memos."""
    if len(label) > 40:
        return None
    key = _key_of(label)
    return _first_field(key, _UP_TO_FUSED) if key else None


@_memo
def split_fused_label(text: str) -> Optional[tuple[str, str, str]]:
    """``专项（项目）名称伯乐奖`` → (label, field, value): a cell that starts with a whole name
    label and goes on with its value, printed without a colon or space between them."""
    text = text.strip()
    for end in range(min(len(text) - 2, 16), 1, -1):
        label, value = text[:end], text[end:].strip()
        key = _fused_field(label)
        if key in _FUSED_FIELDS and len(value) >= 2 and not _FUSED_ABSENT.match(value) and header_field(value) is None:
            return printed_label(label), key, value
    return None


def printed_label(text: str) -> str:
    """A label as printed, minus a trailing colon: the key used in ``fields`` and ``raw``."""
    return text.strip().rstrip(":：").strip()


_TITLE_TAIL = re.compile(r"(项目)?(支出)?(预算)?(总体|整体)?绩效目标(申报|审核|批复)?表$")
_TABLE_NUMBER = re.compile(r"^(预算)?(表\d+|\d+表)[-—\d]*")
# A title head that names no project: a year, a report's table number, a generic kind.
_GENERIC_HEAD = re.compile(r"^(预算)?(表\d*|\d+表)?[-—\d]*(20\d{2}年度?)?(部门|单位|市级|区级|县级|本级)?(整体|项目|专项|一般性)?(支出|资金|项目)?$")
_UNIT_PREFIX = re.compile(r"^(\d{6})_([^_]{2,40})_(.+)$")


def name_from_title(title: str) -> Optional[tuple[str, Optional[str]]]:
    """The project named by a title printed without a 项目名称 row: the title minus its
    ``项目绩效目标表`` tail (``市级机关保留公务用车委托管理费项目绩效目标表`` →
    ``市级机关保留公务用车委托管理费``); a ``<unit code>_<unit name>_`` prefix (Quanzhou) gives
    the unit apart. ``(name, unit or None)``, or None when the head names no project."""
    key = _SPACES.sub("", title)
    head = _TABLE_NUMBER.sub("", _TITLE_TAIL.sub("", key))
    if head == key:
        return None
    unit: Optional[str] = None
    prefixed = _UNIT_PREFIX.match(head)
    if prefixed:
        unit, head = prefixed.group(2), prefixed.group(3)
    if len(head) < 2 or _GENERIC_HEAD.match(head):
        return None
    return head, unit


def is_amount_total(text: str) -> bool:
    """Whether a task table's name cell is its 合计 / 金额合计 row."""
    return bool(_AMOUNT_TOTAL.match(label_key(text)))
