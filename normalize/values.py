"""Parse a target's text into a :class:`~jixiao.schemas.Value` (values.md, version 1).

``parse_value`` is pure and never raises. It folds the text (:mod:`.fold`) and decides the kind in
this order; the first that reads the *whole* cell wins:

1. ``empty`` — blank, or only ``-`` ``/`` ``—`` ``无`` ``暂无`` and the like;
2. ``period`` — a date, a period or a deadline (:mod:`.periods`): ``2021年``, ``2021年1-12月``,
   ``2022年6月底前``, ``上半年``, ``2021.12``;
3. ``numeric`` — one or more target expressions joined by separators (:mod:`.terms`):
   ``≥98%``, ``≤5个工作日``, ``合格率≥95%,优秀率≥90%``, ``不少于十二次``;
4. ``text`` if the cell has an Arabic digit, else ``qualitative``.

**Text vs numeric.** A cell is numeric only when *every* part of it is a target expression
(label, comparator, number, unit, comparator word); prose with numbers in it is ``text``, with no
terms: ``2020年律师参与涉法涉诉值班200人次,参与案件10件`` (a year, then prose) and
``评查70本卷宗,撰写通报`` (a part with no number) are text. What cannot be read is never guessed.
"Digit" for ``qualitative`` means an Arabic digit (full-width included): Chinese numerals are common
in qualitative wording (``统一规范``, ``一站式服务``), so a cell whose only numbers are Chinese
numerals and that does not read as a target is qualitative.

**Year.** Deadlines without a year (``年底前``, ``12月31日前``, ``上半年``) need the form's year.
Pass it as ``year=`` (the extractor should pass the form's budget year); without it such a cell is
still ``period`` with the right ``op``, but ``start``/``end`` are null. A year written in the cell
always wins over ``year=``.

**Numbers.** A number written without a decimal point is an ``int`` (``60``), otherwise a ``float``;
``base_value`` folds the unit's magnitude prefix (万, 亿, 千, 百万, 千万) with decimal arithmetic,
so ``70.35万元`` gives exactly ``703500`` (an ``int`` whenever the result is integral). Units are
reported in the folded alphabet (``元/人`` for ``元／人``).

>>> parse_value("合格率≥95%").terms[0].op
'>='
>>> parse_value("70.35万元").terms[0].base_value
703500
"""

from __future__ import annotations

import re
from typing import Optional

from ..schemas import Value
from .fold import fold
from .periods import text_to_period
from .terms import text_to_terms

__all__ = ["parse_value"]

_EMPTY_RE = re.compile(r"[-—–―/\\_~·.* ]*|无|暂无|空|N/?A", re.IGNORECASE)
_ARABIC_DIGIT_RE = re.compile(r"[0-9]")


def parse_value(text: str, *, year: Optional[int] = None) -> Value:
    """Read a target's text; never raises. Unreadable text is ``kind="text"`` with no terms.

    ``year`` is the form's budget year, used only for periods that do not write one.
    """
    folded = fold(text)
    if _EMPTY_RE.fullmatch(folded):
        return Value(raw=text, kind="empty")
    period = text_to_period(folded, year)
    if period is not None:
        return Value(raw=text, kind="period", period=period)
    terms = text_to_terms(folded)
    if terms is not None:
        return Value(raw=text, kind="numeric", terms=terms)
    if _ARABIC_DIGIT_RE.search(folded):
        return Value(raw=text, kind="text")
    return Value(raw=text, kind="qualitative")
