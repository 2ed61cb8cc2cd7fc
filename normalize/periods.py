"""Read a folded cell as a date, a period or a deadline (:class:`~jixiao.schemas.Period`).

What is read (years 1900–2099; a point may be any of these)::

    2021年  2021年度  2021年全年        → 2021-01-01 … 2021-12-31
    2021年6月  2021.6  2021-06         → 2021-06-01 … 2021-06-30 (the real last day)
    2021年6月30日  2021.6.30  2021-6-30 → that day (a final 日 may be left off)
    上半年 / 下半年, 第三季度 / 三季度 / 3季度, 6月上旬 / 中旬 / 下旬
    a range of two points joined by - ~ 至 到 —: 2021年1-12月, 2021.1-2021.12, 2021-2023年,
    2021年1月1日至12月31日 (the second point takes the first one's year when it has none)

Around the point:

* ``底``/``末`` after a point is its last day, as a single day (``2021年底``: 2021-12-31 … 2021-12-31);
* a deadline — ``前``, ``之前``, ``以前``, ``内``, ``以内``, ``止`` after the point, or ``截至``,
  ``截止``, ``至``, ``到`` before it — gives ``start`` null, ``end`` the last day of the point and
  ``op`` ``<=`` (``2022年6月底前`` → end 2022-06-30; ``2021年12月前`` → end 2021-12-31: the month named
  is included, as forms mean it);
* an optional lead (``完成时间:``, ``于``, ``在``) and a trailing completion phrase (``完成``,
  ``前完成``, ``全部完工``, ``完成验收工作``) are allowed; other prose makes the cell text.

**Year.** A point without a year (``年底前``, ``12月31日前``, ``上半年``, ``第三季度``) takes the
``year`` the caller passes: the form's budget year, which is the year such a target means (the
extractor knows it from ``(2021年度)``). ``当年``/``本年度``/``全年`` mean that year, ``次年``/``明年`` the next one. Without a
``year`` such a cell is still ``kind="period"`` with its ``op``, but ``start`` and ``end`` are null:
we do not invent a year.
"""

from __future__ import annotations

import calendar
import re
from datetime import date
from types import MappingProxyType
from typing import Optional

from ..schemas import Period

__all__ = ["text_to_period"]

_YEAR = r"(?:19|20)[0-9]{2}"
_MONTH = r"1[0-2]|0?[1-9]"
_DAY = r"3[01]|[12][0-9]|0?[1-9]"
_RANGE = r"(?:-{1,2}|~|至|到|—{1,2}|–)"


def _point(n: int) -> str:
    """The pattern of one point in time; group names end in ``n`` (1 or 2)."""
    return rf"""
    (?:
        (?P<year{n}>{_YEAR})(?:年度?|(?={_RANGE}{_YEAR}年))(?:全年)?
      | (?P<relative{n}>当年度?|本年度?|今年|全年|年度|次年度?|明年|下一?年度?|年(?=[底末内]))
    )?
    (?:
        (?P<half{n}>[上下])半年
      | 第?(?P<quarter{n}>[1-4一二三四])季度
      | (?P<month{n}>{_MONTH})(?:月份?|(?={_RANGE}(?:{_MONTH})月))
        (?:(?P<day{n}>{_DAY})(?:[日号]|(?![0-9])))?
        (?:(?P<xun{n}>[上中下])旬)?
    )?
    """


_COMPLETION = (
    r"(?:全部|全面|如期|按时|按期|按计划|基本)?"
    r"(?:完成|完工|竣工|办结|结束|实施完毕|执行完毕|验收|支付|拨付|发放|到位|投入使用|交付使用"
    r"|上线|开工|启动|实施|兑现|建成)[\u4e00-\u9fff]{0,10}"
)

_PERIOD_RE = re.compile(
    rf"""
    (?:(?:项目)?(?:完成|计划|预计|实施)?(?:时间|时限|期限|日期|周期):?\ ?)?
    (?P<lead>截至|截止(?:到|至|于)?|至|到|于|在)?\ ?
    {_point(1)}
    (?:\ ?(?P<range>{_RANGE})\ ?{_point(2)})?
    (?P<edge>[底末])?
    (?P<deadline>之前|以前|前|之内|以内|内|止)?
    (?:{_COMPLETION})?
    """,
    re.VERBOSE,
)

_DOTTED_DAY_RE = re.compile(
    rf"(?<![0-9.])({_YEAR})([./-])({_MONTH})\2({_DAY})(?![0-9.])"
)
_DOTTED_MONTH_RE = re.compile(
    rf"(?<![0-9.])({_YEAR})(?:[./]({_MONTH})|-(0[1-9]|1[0-2]))月?(?![0-9.])"
)
_MIGHT_BE_PERIOD_RE = re.compile(r"[年月日季旬]|(?:19|20)[0-9][0-9][./-][0-9]")

_CHINESE_QUARTERS = MappingProxyType({"一": 1, "二": 2, "三": 3, "四": 4})
_DEADLINE_LEADS = ("截至", "截止", "至", "到")

Span = tuple[Optional[date], Optional[date]]


def _undot(text: str) -> str:
    """Rewrite ``2021.12.31`` / ``2021-12-31`` / ``2021.12`` as ``2021年12月31日`` / ``2021年12月``."""
    text = _DOTTED_DAY_RE.sub(r"\1年\3月\4日", text)
    return _DOTTED_MONTH_RE.sub(lambda m: f"{m.group(1)}年{m.group(2) or m.group(3)}月", text)


def _point_year(match: re.Match[str], n: int, context_year: Optional[int]) -> Optional[int]:
    """The year written in point ``n``, or the one its relative word means; ``None`` if neither."""
    written = match.group(f"year{n}")
    if written:
        return int(written)
    relative = match.group(f"relative{n}")
    if relative and context_year is not None:
        return context_year + (1 if relative[0] in "次明下" else 0)
    return None


def _has_point(match: re.Match[str], n: int) -> bool:
    """Whether point ``n`` wrote anything at all."""
    return any(
        match.group(f"{name}{n}")
        for name in ("year", "relative", "half", "quarter", "month")
    )


def _point_span(match: re.Match[str], n: int, year: Optional[int]) -> Optional[Span]:
    """First and last day of point ``n``: ``(None, None)`` if the year is unknown, ``None`` if the
    date is impossible (``2月30日``)."""
    month_text = match.group(f"month{n}")
    day_text = match.group(f"day{n}")
    if month_text:
        month = int(month_text)
        longest = calendar.monthrange(year if year is not None else 2000, month)[1]
        if day_text and int(day_text) > longest:
            return None  # 2月30日, or 2月29日 in a common year
        if year is None:
            return None, None
        if day_text:
            day = date(year, month, int(day_text))
            return day, day
        xun = match.group(f"xun{n}")
        first, last = 1, longest
        if xun == "上":
            last = 10
        elif xun == "中":
            first, last = 11, 20
        elif xun == "下":
            first = 21
        return date(year, month, first), date(year, month, last)
    if year is None:
        return None, None
    quarter = match.group(f"quarter{n}")
    if quarter:
        q = _CHINESE_QUARTERS.get(quarter) or int(quarter)
        last_month = 3 * q
        return date(year, last_month - 2, 1), date(
            year, last_month, calendar.monthrange(year, last_month)[1]
        )
    half = match.group(f"half{n}")
    if half == "上":
        return date(year, 1, 1), date(year, 6, 30)
    if half == "下":
        return date(year, 7, 1), date(year, 12, 31)
    return date(year, 1, 1), date(year, 12, 31)


def text_to_period(text: str, year: Optional[int] = None) -> Optional[Period]:
    """Read a folded cell as a :class:`Period`; ``None`` when it is not one (see module docstring).

    ``year`` is the form's year, used only by points that do not write their own.
    """
    if not _MIGHT_BE_PERIOD_RE.search(text):
        return None
    if year is not None and not date.min.year <= year < date.max.year:
        year = None  # not a calendar year we can build dates in (次年 adds one)
    match = _PERIOD_RE.fullmatch(_undot(text))
    if match is None or not _has_point(match, 1):
        return None
    is_range = match.group("range") is not None
    if is_range and not _has_point(match, 2):
        return None

    first_year = _point_year(match, 1, year)
    second_year = _point_year(match, 2, year) if is_range else None
    if first_year is None and match.group("relative1") is None and not match.group("year1"):
        first_year = second_year if second_year is not None else year
    if is_range and second_year is None and not match.group("relative2"):
        second_year = first_year

    first = _point_span(match, 1, first_year)
    if first is None:
        return None
    start, end = first
    if is_range:
        second = _point_span(match, 2, second_year)
        if second is None:
            return None
        end = second[1]
        if start is not None and end is not None and start > end:
            return None
    if match.group("edge") and not is_range:
        start = end  # 2021年底: the last day; in a range 底 only restates the end

    lead = match.group("lead") or ""
    if match.group("deadline") or lead.startswith(_DEADLINE_LEADS):
        return Period(start=None, end=end, op="<=")
    return Period(start=start, end=end, op="=")
