"""Whether an actual value meets its target (a self-evaluation's ``achieved``).

``meets(target, actual)`` compares two parsed values (values.md) term by term and is never a
guess: it gives ``None`` unless both are ``numeric`` with the same number of terms, each pair in
the same base unit (``万元`` and ``元`` compare; ``个工作日`` and ``天``, ``%`` and no unit do not).
Then each actual number is held against the target's comparator:

- ``>=`` ``>`` ``<=`` ``<``: as written (``≥90%`` / ``95.2%`` → true, ``≤5个工作日`` / ``3个工作日``
  → true);
- ``=`` (a target with no comparator): met only when the actual equals it. An actual above or
  below a bare target is *not met* (``=100%`` / ``98%`` → false, and so is ``4次`` / ``5次``):
  whether more is better is not printed, and reading it from the indicator's name would be a guess;
  the form's own 得分 says how the department scored it;
- ``range``: inside the bounds (in the same unit as printed); ``~`` (约, 左右): ``None``, no
  tolerance is printed.

An actual printed with a comparator of its own (``≥95%``) counts only where its bound decides
(``≥95%`` against ``≥90%``); otherwise ``None``. Several terms: all met → true, any not met →
false, any undecided → ``None``.

>>> from jixiao.normalize import parse_value
>>> meets(parse_value("≥90%"), parse_value("95.2%"))
True
>>> meets(parse_value("按期完成"), parse_value("已完成")) is None
True
"""

from __future__ import annotations

import math
from typing import Optional

from ..schemas import Term, Value

__all__ = ["meets"]

_AT_LEAST = (">=", ">")
_AT_MOST = ("<=", "<")


def _close(a: float, b: float) -> bool:
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9)


def _holds(op: str, actual: float, target: float) -> bool:
    if op == ">=":
        return actual > target or _close(actual, target)
    if op == ">":
        return actual > target and not _close(actual, target)
    if op == "<=":
        return actual < target or _close(actual, target)
    if op == "<":
        return actual < target and not _close(actual, target)
    return _close(actual, target)


def _term_meets(target: Term, actual: Term) -> Optional[bool]:
    if target.base_unit != actual.base_unit:
        return None
    if target.op == "~" or actual.op in ("~", "range"):
        return None
    if target.op == "range":
        if actual.op != "=" or target.unit != actual.unit or target.upper is None:
            return None
        return _holds(">=", actual.value, target.value) and _holds("<=", actual.value, target.upper)
    if actual.op == "=":
        return _holds(target.op, actual.base_value, target.base_value)
    # An actual bound: it decides only in the target's own direction, and only when it holds.
    same_direction = (actual.op in _AT_LEAST and target.op in _AT_LEAST) or (
        actual.op in _AT_MOST and target.op in _AT_MOST
    )
    if same_direction and _holds(target.op, actual.base_value, target.base_value):
        return True
    return None


def meets(target: Value, actual: Value) -> Optional[bool]:
    """Whether ``actual`` meets ``target``; None where that cannot be read (see module doc)."""
    if target.kind != "numeric" or actual.kind != "numeric":
        return None
    if not target.terms or len(target.terms) != len(actual.terms):
        return None
    results = [_term_meets(t, a) for t, a in zip(target.terms, actual.terms)]
    if any(r is False for r in results):
        return False
    if any(r is None for r in results):
        return None
    return True
