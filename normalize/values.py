"""Parse a target's text into a :class:`~jixiao.schemas.Value` (values.md).

Placeholder until the normaliser lands: it classifies without inventing terms.
"""

from __future__ import annotations

import re

from ..schemas import Value

_EMPTY = {"", "-", "/", "—", "无", "－", "／"}


def parse_value(text: str) -> Value:
    """Read ``text``; never raises. Unreadable text is ``kind="text"`` with no terms."""
    stripped = text.strip()
    if stripped in _EMPTY:
        return Value(raw=text, kind="empty")
    if not re.search(r"[0-9０-９]", stripped):
        return Value(raw=text, kind="qualitative")
    return Value(raw=text, kind="text")
