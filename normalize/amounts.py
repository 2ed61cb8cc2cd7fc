"""Funds cells (项目资金, in 万元 as printed) → numbers.

Funds cells are short: ``70.4``, ``1,600.00``, ``0.00``, ``１２.５``, sometimes with the unit written
in (``12.5万元``). ``parse_amount`` reads the whole cell as one amount in 万元 or returns ``None``:
blank cells, ``-``/``/``/``无``, and anything with words around the number (``约70万元``,
``详见附表``) are not amounts. A cell that writes ``元`` or ``亿元`` is converted to 万元 exactly
(decimal arithmetic) because the field is 万元 by contract; ``万元`` or ``万`` is taken as is.
"""

from __future__ import annotations

import re
from decimal import Decimal
from types import MappingProxyType
from typing import Optional

from .fold import fold

__all__ = ["parse_amount"]

_AMOUNT_RE = re.compile(
    r"(?P<number>-?(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]{1,15})(?:\.[0-9]{1,8})?)"
    r" ?(?P<unit>万元|万|亿元|元)?"
)
_TO_WAN = MappingProxyType({None: 0, "万元": 0, "万": 0, "亿元": 4, "元": -4})


def parse_amount(text: str, bare_unit: str = "万元") -> Optional[float]:
    """Read a funds cell as 万元: ``"1,600.00"`` → 1600.0, ``"12.5万元"`` → 12.5; else ``None``.

    ``bare_unit`` is the unit of a number printed without one (``元`` under a ``单位：元``
    heading); a unit written in the cell wins over it. Never raises.
    """
    match = _AMOUNT_RE.fullmatch(fold(text))
    if match is None:
        return None
    amount = Decimal(match.group("number").replace(",", ""))
    return float(amount.scaleb(_TO_WAN[match.group("unit") or bare_unit]))
