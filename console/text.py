"""Text for the terminal: what the console commands print is made safe to show."""

from __future__ import annotations

import unicodedata


def terminal_text(text: str) -> str:
    """Text safe to print on a terminal: control characters (an escape sequence in a file
    name, a newline in a reason), bidi overrides, line separators and undecodable bytes are
    shown as visible escapes (``\\x1b``, ``\\u202e``, ``\\udcff``); the rest unchanged."""
    if text.isprintable():
        return text
    return "".join(
        ch if ch == " " or unicodedata.category(ch) not in ("Cc", "Cf", "Cs", "Zl", "Zp") else ch.encode("unicode_escape", "backslashreplace").decode("ascii")
        for ch in text
    )
