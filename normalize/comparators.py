"""Comparator words and symbols around a target's number, and how they combine into one ``op``.

A term may carry a comparator before its number (``≥``, ``不低于``, ``约``), after it (``以上``,
``以内``, ``左右``), a note (``(预估)``), or be a range (``80%-90%``). values.md's table is the
vocabulary; a few spellings real forms use beside it are added (``不得低于``, ``最多``, ``不足``,
``内`` as in ``5个工作日内``, ``上下`` as in ``100人上下``).

Words come in three strengths, which decide what happens when a cell writes more than one:

* *strong* — symbols and exact words (``≥``, ``不少于``, ``以上``, ``以内``). Two strong words must
  agree (``不低于95%以上`` is ``>=``); if they do not (``≤5%以上``), the term is unreadable.
* *approximate* — ``约``, ``左右``, ``(预估)``; a strong word or a range overrides it.
* *weak* — ``达到``/``达`` (``>=``) and ``控制在`` (``<=``): they only say the target is to be
  reached, so any other comparator wins (``控制在5%以内``, ``达到80%-90%``).

A range may not also carry a strong comparator (``≥80-90%``): that term is unreadable. An
"inclusive" note (``(含)``, ``(含95%)``) only confirms the bound and is ignored.
"""

from __future__ import annotations

import re
from types import MappingProxyType
from typing import Literal, Optional

__all__ = [
    "APPROX_SUFFIX_PATTERN",
    "INCLUSIVE_NOTE_PATTERN",
    "NOTE_PATTERN",
    "PREFIX_PATTERN",
    "RANGE_PATTERN",
    "SUFFIX_PATTERN",
    "resolve_op",
]

Strength = Literal["strong", "approx", "weak", "none"]

_PREFIXES: MappingProxyType[str, tuple[str, Strength]] = MappingProxyType(
    {
        "≥": (">=", "strong"),
        "≮": (">=", "strong"),
        "不低于": (">=", "strong"),
        "不少于": (">=", "strong"),
        "不小于": (">=", "strong"),
        "不得低于": (">=", "strong"),
        "不得少于": (">=", "strong"),
        "不应低于": (">=", "strong"),
        "大于等于": (">=", "strong"),
        "大于或等于": (">=", "strong"),
        "至少": (">=", "strong"),
        "最少": (">=", "strong"),
        "最低": (">=", "strong"),
        "≤": ("<=", "strong"),
        "≯": ("<=", "strong"),
        "不高于": ("<=", "strong"),
        "不超过": ("<=", "strong"),
        "不超出": ("<=", "strong"),
        "不多于": ("<=", "strong"),
        "不大于": ("<=", "strong"),
        "不得高于": ("<=", "strong"),
        "不得超过": ("<=", "strong"),
        "不得多于": ("<=", "strong"),
        "小于等于": ("<=", "strong"),
        "小于或等于": ("<=", "strong"),
        "最多": ("<=", "strong"),
        "至多": ("<=", "strong"),
        "最高": ("<=", "strong"),
        ">": (">", "strong"),
        "大于": (">", "strong"),
        "高于": (">", "strong"),
        "超过": (">", "strong"),
        "多于": (">", "strong"),
        "<": ("<", "strong"),
        "小于": ("<", "strong"),
        "低于": ("<", "strong"),
        "少于": ("<", "strong"),
        "不足": ("<", "strong"),
        "不到": ("<", "strong"),
        "=": ("=", "strong"),
        "等于": ("=", "strong"),
        "约": ("~", "approx"),
        "约为": ("~", "approx"),
        "大约": ("~", "approx"),
        "大概": ("~", "approx"),
        "预计": ("~", "approx"),
        "预估": ("~", "approx"),
        "估计": ("~", "approx"),
        "≈": ("~", "approx"),
        "达到": (">=", "weak"),
        "达": (">=", "weak"),
        "控制在": ("<=", "weak"),
    }
)

_SUFFIXES: MappingProxyType[str, tuple[str, Strength]] = MappingProxyType(
    {
        "以上": (">=", "strong"),
        "及以上": (">=", "strong"),
        "或以上": (">=", "strong"),
        "以下": ("<=", "strong"),
        "及以下": ("<=", "strong"),
        "或以下": ("<=", "strong"),
        "以内": ("<=", "strong"),
        "之内": ("<=", "strong"),
        "内": ("<=", "strong"),
    }
)

_APPROX_SUFFIXES = ("左右", "上下")

_NOTES: MappingProxyType[str, tuple[str, Strength]] = MappingProxyType(
    {
        "(预估)": ("~", "approx"),
        "(预计)": ("~", "approx"),
        "(估计)": ("~", "approx"),
        "(约)": ("~", "approx"),
        "(估算)": ("~", "approx"),
    }
)

#: Characters that, before ``达`` or ``约``, make it part of a word (送达, 下达, 节约, 预约 …)
#: rather than the comparator "reaches" / "about".
_WORD_HEADS = MappingProxyType({"达": "送到抵传下通直表转发上畅雷豁练", "约": "节俭制契公简相邀特条隐合签履缔婚预"})


def _alternation(words: list[str]) -> str:
    """Alternation of literal words, longest first; ``达`` and ``约`` alone are guarded (above)."""
    parts = []
    for word in sorted(words, key=lambda w: (-len(w), w)):
        if word in _WORD_HEADS:
            parts.append(rf"(?<![{_WORD_HEADS[word]}]){word}")
        else:
            parts.append(re.escape(word))
    return "|".join(parts)


PREFIX_PATTERN = _alternation(list(_PREFIXES))
SUFFIX_PATTERN = _alternation(list(_SUFFIXES))
APPROX_SUFFIX_PATTERN = _alternation(list(_APPROX_SUFFIXES))
#: An "inclusive" note — ``(含)``, ``(含95%)``, ``(含本数)`` — confirms 以上/以下 and changes nothing.
INCLUSIVE_NOTE_PATTERN = r"\((?:含|包含)[^()]{0,12}\)"
#: A note in brackets after the target: an approximate one above, or an inclusive one.
NOTE_PATTERN = _alternation(list(_NOTES)) + "|" + INCLUSIVE_NOTE_PATTERN
#: What joins the two bounds of a range.
RANGE_PATTERN = r"-{1,2}|~|至|到|—{1,2}|–"


def resolve_op(
    prefix: Optional[str],
    suffix: Optional[str],
    approx_suffix: Optional[str],
    note: Optional[str],
    is_range: bool,
) -> Optional[str]:
    """Combine the comparators written around one number into its ``op``; ``None`` on conflict."""
    strong: set[str] = set()
    approx = approx_suffix is not None
    weak: Optional[str] = None
    for op, strength in (
        _PREFIXES[prefix] if prefix else ("=", "none"),
        _SUFFIXES[suffix] if suffix else ("=", "none"),
        _NOTES.get(note, ("=", "none")) if note else ("=", "none"),
    ):
        if strength == "strong":
            strong.add(op)
        elif strength == "approx":
            approx = True
        elif strength == "weak":
            weak = op
    if len(strong) > 1:
        return None
    if is_range:
        return None if strong else "range"
    if strong:
        return strong.pop()
    if approx:
        return "~"
    return weak or "="
