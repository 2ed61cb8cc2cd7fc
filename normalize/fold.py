"""Fold a cell's text to one canonical spelling before it is parsed.

Forms mix full-width and half-width characters freely (``≥９５％``, ``＞＝90%``, ``1，2``), and the
parsers below are written against one alphabet only. ``fold`` maps every variant to it:

* full-width ASCII (``０-９``, ``％``, ``，``, ``：``, ``（）``, ``～``, ``／``, ``＞＝`` …) to ASCII;
* ``﹪`` to ``%``, ``≧ ≦ >= <=`` to ``≥ ≤``, the minus sign and small forms to ASCII;
* ``》`` / ``〉`` (``《`` / ``〈``) typed for ``>`` (``<``) on Chinese keyboards, when a number
  follows (``》95%``, ``》=95%``) and the mark closes (opens) no book title (``《条例》2021年``);
* middle-dot variants (``•``, ``・``) to ``·``;
* every run of blanks to one space, line breaks to ``\\n`` with no blanks around them;
* trailing sentence punctuation (``。``, ``;``, ``,``) removed.

The caller keeps the original text for ``Value.raw``; folding only feeds the parsers.
"""

from __future__ import annotations

import re
from types import MappingProxyType

__all__ = ["fold"]


def _build_table() -> dict[int, str]:
    """Build the ``str.translate`` table for the single-character folds."""
    table: dict[int, str] = {cp: chr(cp - 0xFEE0) for cp in range(0xFF01, 0xFF5F)}
    table.update(
        {
            0x3000: " ",  # ideographic space
            0x00A0: " ",
            0x2002: " ",
            0x2003: " ",
            0x2009: " ",
            0x200B: "",  # zero-width space
            0xFEFF: "",
            0x09: " ",
            0x0B: " ",
            0x0C: " ",
            ord("\r"): "\n",
            0x2028: "\n",
            0x2029: "\n",
            ord("﹪"): "%",
            ord("﹣"): "-",
            ord("−"): "-",  # U+2212 minus sign
            ord("﹤"): "<",
            ord("﹥"): ">",
            ord("﹦"): "=",
            ord("﹙"): "(",
            ord("﹚"): ")",
            ord("〜"): "~",
            ord("∼"): "~",
            ord("≧"): "≥",
            ord("≦"): "≤",
            ord("⩾"): "≥",
            ord("⩽"): "≤",
            ord("•"): "·",
            ord("・"): "·",
            ord("∙"): "·",
            ord("‧"): "·",
            ord("﹐"): ",",
            ord("﹔"): ";",
            ord("﹕"): ":",
        }
    )
    return table


_TABLE = MappingProxyType(_build_table())
_TWO_CHAR_OPS = re.compile(r">=|=>|<=|=<|≥=|≤=")
_TWO_CHAR_MAP = MappingProxyType(
    {">=": "≥", "=>": "≥", "≥=": "≥", "<=": "≤", "=<": "≤", "≤=": "≤"}
)
_ANGLE_OP = re.compile(r"[》〉《〈](?=\s?=?\s?[\d.])")
_BLANKS = re.compile(r" {2,}")
_BLANKS_AROUND_BREAK = re.compile(r" ?\n[\n ]*")
_TRAILING_PUNCT = " \n。.,;、!?"


def _angle_ops(text: str) -> str:
    """``》95%`` → ``>95%``; a closing 》 of an open 《 (or a 《 closed later) stays a bracket."""

    def replace(match: re.Match[str]) -> str:
        mark, at = match.group(), match.start()
        if mark in "》〉":
            opened = text.count("《", 0, at) + text.count("〈", 0, at)
            closed = text.count("》", 0, at) + text.count("〉", 0, at)
            return mark if opened > closed else ">"
        return mark if "》" in text[at:] or "〉" in text[at:] else "<"

    return _ANGLE_OP.sub(replace, text)


def fold(text: str) -> str:
    """Return ``text`` in the canonical alphabet the parsers read (see the module docstring)."""
    folded = text.translate(_TABLE)
    if any(mark in folded for mark in "》〉《〈"):
        folded = _angle_ops(folded)
    if "=" in folded:
        folded = _TWO_CHAR_OPS.sub(lambda m: _TWO_CHAR_MAP[m.group()], folded)
    folded = _BLANKS.sub(" ", folded)
    if "\n" in folded:
        folded = _BLANKS_AROUND_BREAK.sub("\n", folded)
    return folded.strip().rstrip(_TRAILING_PUNCT)
