"""The form vocabulary: which printed labels name which field or column.

Labels are matched on a *key*: whitespace, parenthesised notes such as ``(万元)`` and trailing
colons removed, full-width punctuation folded — so ``项 目 名 称``, ``项目名称：`` and
``项目资金（万元）`` all match. Fields are never found by position.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Optional

_PAREN = re.compile(r"[(（\[【][^()（）\[\]【】]{0,20}[)）\]】]")
_PUNCT = str.maketrans({"：": ":", "，": ",", "；": ";", "　": ""})
_SPACES = re.compile(r"\s+")

# Header fields of the record, by label key.
_HEADER_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("project_name", re.compile(r"^(项目名称|项目全称)$")),
    (
        "department",
        re.compile(
            r"^(主管部门(及代码|名称|及编码)?|主管单位(及代码)?|部门名称|部门单位名称|"
            r"预算部门(名称)?|部门)$"
        ),
    ),
    ("unit_name", re.compile(r"^(单位名称|预算单位(名称)?)$")),
    (
        "implementing_unit",
        re.compile(r"^(项目)?(实施|执行|承担|承办)单位(名称)?$|^项目单位$"),
    ),
    ("project_attribute", re.compile(r"^项目属性$")),
    ("funds_total", re.compile(r"^(年度|当年|本年)?(预算)?(资金)?总额$|^年度预算(数|资金)?$")),
    ("funds_fiscal", re.compile(r"^(其中:?)?(当年|本年)?财政(拨款|资金|性资金)(资金)?$")),
    ("funds_other", re.compile(r"^(其中:?)?其他资金$")),
    (
        "funds_group",
        re.compile(r"^(项目|年度|预算)?资金(情况|来源|安排|投入|总体情况|总额情况)?$"),
    ),
    ("goal", re.compile(r"^(项目)?(年度|本年度|当年)?(总体|绩效|总体绩效|主要)?目标(任务)?$")),
    ("block", re.compile(r"^(年度|中期|长期)?绩效指标$")),
    (
        "field",
        re.compile(
            r"^(.{0,6}负责人|联系人|联系电话|联系方式|项目期|项目周期|项目实施期|项目起止时间|"
            r"项目起止年限|项目来源|项目类别|项目类型|项目编码|项目代码|项目编号|中期目标|"
            r"长期目标|预算年度|项目概况|立项依据|项目立项依据|实施内容|项目内容|资金用途|"
            r"项目实施内容|绩效目标类型|年度主要任务|主要任务|项目开始时间|项目结束时间|"
            r"填报单位|填报日期|填表人|填报人|审核人)$"
        ),
    ),
]

# Funds sub-labels that only count inside a funds block (项目资金 covering them).
_FUNDS_PART = re.compile(
    r"^(其中:?)?.{0,8}(资金|收入|结转|结余|补助|拨款|基金|债券|自筹|预算|合计|总计|总额|其他)$"
)

_COLUMN_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    # What a self-evaluation (绩效自评表) prints beside the target; before ``target``, which
    # would take 全年实际值 for a target column.
    ("actual", re.compile(r"^(全年|年度|本年)?(实际|完成).{0,4}(值|数|情况)$|^实际完成$")),
    ("weight", re.compile(r"^(指标)?(分值|权重|权重分值)$")),
    ("score", re.compile(r"^(自评)?(得分|评分)$")),
    ("deviation", re.compile(r"偏差原因|未完成原因|原因分析|改进措施")),
    ("level1", re.compile(r"^一级指标(名称)?$")),
    ("level2", re.compile(r"^二级指标(名称)?$")),
    ("name", re.compile(r"^(三级指标|指标名称|三级指标名称|指标内容|绩效指标名称|具体指标)$")),
    ("op", re.compile(r"^(指标性质|指标值性质|符号|比较符|运算符号?)$")),
    ("unit", re.compile(r"^(度量单位|计量单位|单位)$")),
    ("target", re.compile(r"指标值|目标值|标准值")),
]

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

_TITLE = re.compile(r"绩效目标(申报|审核|批复)?表|绩效(目标)?自评(价)?(结果)?表")
_EVALUATION_TITLE = re.compile(r"自评")

# The funds grid of a self-evaluation: 年初预算数 | 全年预算数 | 全年执行数 | 分值 | 执行率 | 得分.
_EXECUTION_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("planned", re.compile(r"^年初(预算)?(数|金额)?$")),
    ("adjusted", re.compile(r"^(全年|调整后)(预算)?(数|金额)?$|^预算数$")),
    ("spent", re.compile(r"^(全年|预算|实际)?执行(数|金额)?$")),
    ("rate", re.compile(r"^(预算)?执行率$")),
    ("weight", re.compile(r"^(分值|权重)$")),
    ("score", re.compile(r"^得分$")),
]
# The 年度总体目标 of a self-evaluation, split into 预期目标 | 实际完成情况.
_GOAL_PARTS: list[tuple[str, re.Pattern[str]]] = [
    ("goal", re.compile(r"^(年初)?(预期|计划|设定)目标$|^年度(绩效)?目标$")),
    ("goal_achieved", re.compile(r"^(全年|年度)?(实际|目标|年度目标)?完成情况$|^(全年)?实际完成$")),
]
# 总分 / 合计得分 of a self-evaluation's indicator table: the form's total score, no indicator.
_TOTAL_SCORE = re.compile(r"^(总分|总计|合计|合计得分|总得分|自评总分|综合得分)$")
# A level-1 cell printed with its points: 产出指标（50分）, 产出指标50分, 满意度指标（10）.
_LEVEL_POINTS = re.compile(r"^(.*?指标)\s*[(（]?\s*(\d+(?:\.\d+)?)\s*分?\s*[)）]?$")
_YEAR = re.compile(r"(?<!\d)(20\d{2})\s*年")


def label_key(text: str) -> str:
    """The comparable form of a printed label."""
    key = _SPACES.sub("", text.translate(_PUNCT))
    key = _PAREN.sub("", key)
    return key.strip(":").replace("：", ":")


def value_key(text: str) -> str:
    """The comparable form of a printed value: width folded, whitespace removed. Unlike
    :func:`label_key` it keeps bracketed text (农村公路建设（一期） ≠ （二期）)."""
    return _SPACES.sub("", unicodedata.normalize("NFKC", text))


def header_field(text: str) -> Optional[str]:
    """The record field a header label names, or None when it is no known label."""
    if not text or len(text) > 40:
        return None
    key = label_key(text)
    if not key:
        return None
    for field_name, pattern in _HEADER_PATTERNS:
        if pattern.match(key):
            return field_name
    return None


def is_funds_part(text: str) -> bool:
    """Whether a label inside a funds block names an amount (自有资金, 上年结转 …)."""
    key = label_key(text)
    return bool(key) and len(key) <= 14 and bool(_FUNDS_PART.match(key))


def column_role(text: str) -> Optional[str]:
    """The indicator-table column a header cell names: level1, level2, name, target, op or
    unit; None for any other column (kept in ``extra``)."""
    if not text or len(text) > 30:
        return None
    key = label_key(text)
    for role, pattern in _COLUMN_PATTERNS:
        if pattern.search(key):
            if role == "target" and ("实际" in key or "完成值" in key):
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


def is_form_title(text: str) -> bool:
    """Whether a line is the title of a performance target form."""
    key = label_key(text)
    return 4 <= len(key) <= 60 and bool(_TITLE.search(key)) and not key.endswith(("。", "："))


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


def execution_role(text: str) -> Optional[str]:
    """The funds-grid column a self-evaluation's header cell names (planned, adjusted,
    spent, rate, weight, score), or None."""
    if not text or len(text) > 20:
        return None
    key = label_key(text)
    for role, pattern in _EXECUTION_PATTERNS:
        if pattern.match(key):
            return role
    return None


def goal_part(text: str) -> Optional[str]:
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
    """Whether a form title names the department-wide (整体支出) kind."""
    return "整体" in label_key(text)


def year_in(text: str) -> Optional[int]:
    """The budget year in a short line such as ``(2021年度)`` or a title."""
    match = _YEAR.search(text)
    return int(match.group(1)) if match else None


def printed_label(text: str) -> str:
    """A label as printed, minus a trailing colon: the key used in ``fields`` and ``raw``."""
    return text.strip().rstrip(":：").strip()
