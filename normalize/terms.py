"""Read a folded cell as a list of numeric targets (:class:`~jixiao.schemas.Term`), or refuse.

A *target expression* is, in order (every part but the number optional)::

    label [:] comparator number [unit] [range-mark number [unit]] [(含)] [以上|以内…] [左右] [(预估)] [verb]

* the **label** names the number (``合格率`` in ``合格率≥95%``); it holds no Arabic digit, except in
  Latin-and-digit tokens such as ``PM2.5``, ``5G``, ``10kV``, and is at most 40 characters;
* the **unit** is read by :mod:`.units`; after a Chinese numeral it must be a known unit word,
  and a Chinese numeral must have one (so ``统一``, ``一站式``, ``一次性`` stay words);
* the **verb** is one of a few completion words that do not change the quantity (``办结`` in
  ``5个工作日内办结``, ``完成`` in ``100%完成``); any other trailing prose makes the cell text;
* a 4-digit year followed by ``年`` is a date, never a count of years (``2020年律师…`` is prose).

A cell is numeric when it is *entirely* target expressions joined by separators (``,`` ``;``
``、`` ``且`` ``和`` ``以及`` a line break or a blank), optionally numbered ``1.``/``(2)``. This is
the text-vs-numeric rule: ``评查70本卷宗,撰写通报`` is text, because ``撰写通报`` is not a target.
"""

from __future__ import annotations

import re
from typing import Optional

from ..schemas import Term
from .comparators import (
    APPROX_SUFFIX_PATTERN,
    INCLUSIVE_NOTE_PATTERN,
    NOTE_PATTERN,
    PREFIX_PATTERN,
    RANGE_PATTERN,
    SUFFIX_PATTERN,
    resolve_op,
)
from .numerals import NUMBER_PATTERN, read_number, scale
from .units import UNIT_PATTERN, is_known_unit, split_magnitude

__all__ = ["MAX_LABEL_LENGTH", "text_to_terms"]

MAX_LABEL_LENGTH = 40

_SEPARATOR_WORDS = "且|和|以及|并且|同时"
_VERBS = (
    "完成|办结|完工|办理|办毕|处理|处置|解决|答复|回复|反馈|到位|发放|拨付|支付|兑现|结案|审结|落实|覆盖"
    "|达标|合格|公开|受理|整改|上报"
)

# A label is built of single characters that are no digit, comparator, percent sign or separator,
# or of Latin-digit tokens (PM2.5, 5G, 10kV). It is lazy so comparators are left to their group,
# and bounded (a little above MAX_LABEL_LENGTH) so long prose fails fast instead of backtracking.
_LABEL = (
    r"(?P<label>(?:(?<![A-Za-z])[A-Za-z]{1,8}[0-9]{1,6}(?:\.[0-9]{1,3})?(?![0-9.])"
    r"|(?<![0-9])[0-9]{1,6}[A-Za-z]{1,8}(?![0-9.])"
    r"|[^0-9<>=≥≤≮≯≈~±+×÷*%‰,;:\n。!?]){0,48}?)"
)

_TERM_RE = re.compile(
    rf"""
    {_LABEL}
    (?::\ ?)?
    (?P<prefix>{PREFIX_PATTERN})?\ ?
    (?P<sign>-)?
    (?P<number>{NUMBER_PATTERN})\ ?
    (?P<unit>{UNIT_PATTERN})?
    (?:\ ?(?P<range>{RANGE_PATTERN})\ ?
       (?P<upper>{NUMBER_PATTERN})\ ?(?P<upper_unit>{UNIT_PATTERN})?)?
    (?:\ ?{INCLUSIVE_NOTE_PATTERN})?
    \ ?(?P<suffix>{SUFFIX_PATTERN})?
    \ ?(?P<approx>{APPROX_SUFFIX_PATTERN})?
    \ ?(?P<note>{NOTE_PATTERN})?
    (?P<verb>{_VERBS})?
    (?=\ ?(?:[,;、\n]|{_SEPARATOR_WORDS})|\ |$)
    """,
    re.VERBOSE,
)
_SEPARATOR_RE = re.compile(rf"\ ?(?:[,;、\n]+|{_SEPARATOR_WORDS})\ ?|\ ")
_ENUMERATOR_RE = re.compile(r"(?:\([0-9]{1,2}\)|[0-9]{1,2}[.、)](?![0-9]))\ ?(?=[^0-9\W])")
_LEADING_CONJUNCTION_RE = re.compile(r"^(?:并且|且|同时|其中)[:\ ]?")
_LABEL_COPULA_RE = re.compile(r"(?<=[率数量度值比额])为$")
_YEAR_NUMBER_RE = re.compile(r"(?:19|20)[0-9][0-9]")
_NON_ASCII_START = re.compile(r"[^\x00-\x7f]")  # a number that starts so is a Chinese numeral


def _clean_label(raw: str) -> Optional[str]:
    """Trim a label: blanks, a leading conjunction, a trailing ``为`` after 率/数/量…."""
    label = raw.strip(" ")
    label = _LEADING_CONJUNCTION_RE.sub("", label)
    label = _LABEL_COPULA_RE.sub("", label).strip(" ")
    return label or None


def _match_to_term(match: re.Match[str]) -> Optional[Term]:
    """Check one matched expression against the rules the pattern cannot say; build its Term."""
    label = _clean_label(match.group("label"))
    if label is not None and len(label) > MAX_LABEL_LENGTH:
        return None
    number_text = match.group("number")
    upper_text = match.group("upper")
    unit = match.group("unit")
    upper_unit = match.group("upper_unit")
    chinese = bool(_NON_ASCII_START.match(number_text)) or bool(
        upper_text and _NON_ASCII_START.match(upper_text)
    )

    if upper_text is not None:
        if unit is None or unit == upper_unit:
            unit = upper_unit or unit
        elif upper_unit is None:
            pass  # 80%-90: the unit is written once, on the lower bound
        elif split_magnitude(unit)[1] is None and upper_unit.startswith(unit):
            unit = upper_unit  # 3万-5万元: a bare prefix on the lower bound
        else:
            return None
    if chinese and (unit is None or not is_known_unit(unit)):
        return None
    if unit in ("年", "年度") and _YEAR_NUMBER_RE.fullmatch(number_text):
        return None

    op = resolve_op(
        match.group("prefix"),
        match.group("suffix"),
        match.group("approx"),
        match.group("note"),
        upper_text is not None,
    )
    if op is None:
        return None
    lower = read_number(number_text)
    if lower is None:
        return None
    value, exact = lower
    if match.group("sign"):
        value, exact = -value, -exact
    upper_value = None
    if upper_text is not None:
        upper = read_number(upper_text)
        if upper is None:
            return None
        upper_value = upper[0]
    exponent, base_unit = split_magnitude(unit) if unit else (0, None)
    return Term(
        label=label,
        op=op,
        value=value,
        upper=upper_value,
        unit=unit,
        base_value=scale(value, exact, exponent),
        base_unit=base_unit,
    )


def text_to_terms(text: str) -> Optional[list[Term]]:
    """Read a folded, non-empty cell as target expressions; ``None`` unless all of it is."""
    terms: list[Term] = []
    position = 0
    end = len(text)
    while position < end:
        enumerator = _ENUMERATOR_RE.match(text, position)
        if enumerator is not None:
            position = enumerator.end()
        match = _TERM_RE.match(text, position)
        if match is None:
            return None
        term = _match_to_term(match)
        if term is None:
            return None
        terms.append(term)
        position = match.end()
        if position < end:
            separator = _SEPARATOR_RE.match(text, position)
            if separator is None:
                return None
            position = separator.end()
    return terms or None
