"""Units written after a target's number, and the magnitude prefix folded out of them.

A unit is read by a regular expression built here (:data:`UNIT_PATTERN`):

* ``%``, ``‰`` — percentages;
* an optional magnitude prefix (``万``, ``亿``, ``千``, ``百万``, ``千万``, ``万亿``) followed
  by one or more *atoms* joined by ``/``, ``·`` or ``.`` (``元/人·月``, ``人次/年``, ``万元/公里``);
  a prefix alone is a unit too (``1.2万``);
* an atom is a known unit word (:data:`KNOWN_UNITS`: ``人次``, ``个工作日``, ``平方米`` …), a Latin
  unit (``km``, ``kWh``, ``m2``), or a *counted noun*: a nominal classifier followed by up to four
  ideographs (``70本卷宗``, ``5个乡镇``, ``2所学校``). Counted nouns are only trusted after Arabic
  digits; after a Chinese numeral they would turn idioms into targets (``一张网``, ``四个全面``),
  so :func:`is_known_unit` lets the caller refuse them there. An atom may name an alternative
  unit in brackets, as forms print ``台(套)`` and ``人(次)``.

``千`` before ``米 克 瓦 卡 …`` is part of an SI unit (``千米``, ``千瓦时``), not a prefix: those are
units in their own right and are kept whole.

:func:`split_magnitude` turns ``万元/公里`` into ``(4, "元/公里")`` and ``万`` into ``(4, None)``;
only a prefix at the very start is folded (``元/万人`` keeps its unit).
"""

from __future__ import annotations

import re
from types import MappingProxyType
from typing import Optional

__all__ = [
    "KNOWN_UNITS",
    "MAGNITUDES",
    "UNIT_PATTERN",
    "is_known_unit",
    "split_magnitude",
]

#: Magnitude prefixes and their powers of ten, longest first so ``百万`` wins over ``万``.
MAGNITUDES: tuple[tuple[str, int], ...] = (
    ("万亿", 12),
    ("千万", 7),
    ("百万", 6),
    ("亿", 8),
    ("万", 4),
    ("千", 3),
)

#: Unit words read as written. Longer words are tried first, so ``人次`` wins over ``人``.
KNOWN_UNITS: tuple[str, ...] = (
    # people and visits
    "人", "人次", "名", "位", "户", "户次", "家", "家次", "人日", "人天", "人份", "人月", "人年",
    "班", "班次", "组", "队", "支", "对",
    # events and times an action is done
    "次", "场", "场次", "期", "期次", "批", "批次", "轮", "届", "趟", "回", "遍", "项", "项次",
    "件", "件次", "起", "例", "宗", "单", "笔", "台次", "架次", "车次", "辆次", "航次", "课时", "学时",
    "节", "节次", "课", "堂", "门", "科", "篇次", "份次", "个次", "条次", "人课时",
    # things
    "个", "台", "套", "台套", "辆", "艘", "架", "部", "本", "册", "篇", "份", "张", "页", "幅",
    "块", "条", "根", "只", "头", "匹", "羽", "株", "棵", "丛", "盏", "处", "座", "所", "间", "栋",
    "幢", "层", "床", "张床", "床位", "把", "片", "粒", "剂", "盒", "瓶", "袋", "箱", "包", "桶",
    "卷", "宗卷", "首", "部", "集", "期", "道", "款", "种", "类", "样", "枚", "副", "顶", "双",
    "点", "个点", "站", "个站", "网点", "点位", "个点位", "所学校", "校", "园", "村", "个村",
    "乡镇", "个乡镇", "社区", "个社区", "街道", "个街道", "县", "个县", "县区", "个县区", "区",
    "个区", "镇", "乡", "个部门", "个单位", "个项目", "个企业", "标段", "个标段", "个平台",
    "个系统", "步",
    # time
    "年", "年度", "个年度", "月", "个月", "周", "个周", "星期", "天", "日", "个工作日", "工作日",
    "自然日", "个自然日", "日历天", "小时", "个小时", "时", "分钟", "秒", "秒钟", "季度", "个季度",
    "学期", "个学期", "周期",
    # money
    "元", "角", "美元", "欧元",
    # length, area, volume, mass, energy
    "米", "延米", "公里", "千米", "厘米", "毫米", "里", "平方米", "平米", "平方", "平方公里",
    "平方千米", "亩", "公顷", "顷", "立方米", "立方", "方", "吨", "千克", "公斤", "克", "毫克",
    "斤", "升", "毫升", "立升", "度", "千瓦", "千瓦时", "瓦", "兆瓦", "兆瓦时", "伏", "千伏",
    "千伏安", "摄氏度", "分贝", "字节", "千字节", "兆字节", "标准亩", "标方", "延长米",
    "㎡", "㎥", "㎞", "㎏", "℃", "m²", "m³",
    # scores, ratios, grades
    "分", "个百分点", "百分点", "倍", "级", "个等级", "等级", "星", "星级", "档", "成",
)  # fmt: skip

#: Classifiers that may lead a counted noun (``本卷宗``, ``个乡镇``); verbal classifiers such as
#: ``次`` are left out, because ``3次培训`` is a count followed by prose, not a unit.
_NOMINAL_CLASSIFIERS = "个名位家所座处项条本套台辆间户只头株棵块张部篇份册种类栋幢艘架盏根组支队对"

_SI_AFTER_THOUSAND = "米克瓦卡伏帕赫字兆"


def _alternation(words: tuple[str, ...] | list[str]) -> str:
    """An alternation of literal words, longest first so the longest word is tried first."""
    unique = sorted(set(words), key=lambda word: (-len(word), word))
    return "|".join(re.escape(word) for word in unique)


_MAGNITUDE = "|".join(
    re.escape(prefix) + (f"(?![{_SI_AFTER_THOUSAND}])" if prefix == "千" else "")
    for prefix, _ in MAGNITUDES
)
_KNOWN = _alternation(KNOWN_UNITS)
_LATIN = r"[A-Za-zμΩ]{1,6}(?:[23²³](?![0-9.]))?"
_COUNTED_NOUN = rf"[{_NOMINAL_CLASSIFIERS}][\u4e00-\u9fff]{{1,4}}?"
_ALTERNATIVE = rf"(?:\((?:{_KNOWN})\))?"  # 台(套), 人(次): a second unit word in brackets
_ATOM = rf"(?:{_KNOWN}|{_LATIN}|{_COUNTED_NOUN}){_ALTERNATIVE}"
_KNOWN_ATOM = rf"(?:{_KNOWN}|{_LATIN}){_ALTERNATIVE}"

#: A unit after a number (see the module docstring).
UNIT_PATTERN = (
    rf"(?:[%‰‱]|(?:{_MAGNITUDE})?{_ATOM}(?:[/·.]{_ATOM}){{0,3}}|(?:{_MAGNITUDE}))"
)

_KNOWN_UNIT_RE = re.compile(
    rf"(?:[%‰‱]|(?:{_MAGNITUDE})?{_KNOWN_ATOM}(?:[/·.]{_KNOWN_ATOM}){{0,3}}|(?:{_MAGNITUDE}))"
)
_MAGNITUDE_RE = re.compile(rf"({_MAGNITUDE})")
_EXPONENTS = MappingProxyType(dict(MAGNITUDES))


def is_known_unit(unit: str) -> bool:
    """Whether ``unit`` is built from known words only (no counted noun such as ``本卷宗``)."""
    return _KNOWN_UNIT_RE.fullmatch(unit) is not None


def split_magnitude(unit: str) -> tuple[int, Optional[str]]:
    """Split a leading magnitude prefix off ``unit``: ``万元`` → ``(4, "元")``, ``万`` → ``(4, None)``.

    A unit without a prefix comes back whole with exponent 0; so do the SI words ``千米``, ``千瓦时``.
    """
    match = _MAGNITUDE_RE.match(unit)
    if match is None:
        return 0, unit
    rest = unit[match.end() :]
    if rest[:1] in ("/", "·", "."):
        return 0, unit  # 万/年 is not a prefixed unit; keep it as written
    return _EXPONENTS[match.group(1)], rest or None
