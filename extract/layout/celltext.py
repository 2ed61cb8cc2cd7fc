"""Glyphs → text: lines by vertical overlap, spaces from gaps, wrapped lines joined.

A cell's wrapped lines are joined with no space where either side is CJK (output.md) or where
a number was broken by the wrap; latin words keep a space. Glyphs drawn twice at the same spot
(fake bold) are kept once.
"""

from __future__ import annotations

from dataclasses import dataclass

from ...normalize.text import clean_text
from ..model import Char

# A gap wider than this share of the glyph height between two glyphs is a space.
SPACE_GAP = 0.25
# A gap wider than this share of the glyph height splits a free text line into phrases.
PHRASE_GAP = 2.0


@dataclass
class Line:
    """Glyphs on one baseline, left to right."""

    chars: list[Char]

    @property
    def top(self) -> float:
        return min(c.top for c in self.chars)

    @property
    def bottom(self) -> float:
        return max(c.bottom for c in self.chars)

    @property
    def x0(self) -> float:
        return self.chars[0].x0

    @property
    def x1(self) -> float:
        return max(c.x1 for c in self.chars)


def chars_to_lines(chars: list[Char]) -> list[Line]:
    """Group glyphs into lines: a glyph joins a line when their vertical extents overlap by
    more than half of the smaller one."""
    lines: list[list[Char]] = []
    bounds: list[list[float]] = []
    for ch in sorted(chars, key=lambda c: (c.top, c.x0)):
        placed = False
        for k in range(len(lines) - 1, max(-1, len(lines) - 4), -1):
            top, bottom = bounds[k]
            overlap = min(bottom, ch.bottom) - max(top, ch.top)
            if overlap > 0.5 * min(bottom - top, ch.size):
                lines[k].append(ch)
                bounds[k] = [min(top, ch.top), max(bottom, ch.bottom)]
                placed = True
                break
        if not placed:
            lines.append([ch])
            bounds.append([ch.top, ch.bottom])
    result = []
    for line_chars in lines:
        line_chars.sort(key=lambda c: c.x0)
        result.append(Line(_drop_overprint(line_chars)))
    result.sort(key=lambda line: line.top)
    return result


def _drop_overprint(chars: list[Char]) -> list[Char]:
    kept: list[Char] = []
    for ch in chars:
        if kept:
            prev = kept[-1]
            if prev.text == ch.text and abs(prev.x0 - ch.x0) < 0.3 * max(ch.size, 1.0):
                continue
        kept.append(ch)
    return kept


def line_to_text(line: Line) -> str:
    """One line's text: space glyphs as printed, and a space wherever the gap between
    glyphs is wide (producers that position words instead of drawing spaces)."""
    parts: list[str] = []
    prev: Char | None = None
    for ch in line.chars:
        if prev is not None and ch.x0 - prev.x1 > SPACE_GAP * max(ch.size, prev.size, 1.0):
            parts.append(" ")
        parts.append(" " if ch.text.isspace() else ch.text)
        prev = ch
    return "".join(parts)


def line_to_phrases(line: Line) -> list[tuple[float, float, str]]:
    """Split a free text line at wide gaps: (x0, x1, text) for each phrase."""
    phrases: list[list[Char]] = [[]]
    prev: Char | None = None
    for ch in line.chars:
        if prev is not None and ch.x0 - prev.x1 > PHRASE_GAP * max(ch.size, prev.size, 1.0):
            phrases.append([])
        phrases[-1].append(ch)
        prev = ch
    return [
        (p[0].x0, max(c.x1 for c in p), clean_text(line_to_text(Line(p)))) for p in phrases if p
    ]


def join_wrapped(first: str, second: str) -> str:
    """Join two pieces of one cell's text that a line wrap or a page break separated."""
    if not first:
        return second
    if not second:
        return first
    a, b = first[-1], second[0]
    if a.isspace() or b.isspace():
        return first.rstrip() + " " + second.lstrip()
    latin_a = a.isascii() and a.isalnum()
    latin_b = b.isascii() and b.isalnum()
    if latin_a and latin_b and not (a.isdigit() and b.isdigit()):
        return first + " " + second
    return first + second


def join_cells(first: str, second: str) -> str:
    """Join the texts of neighbouring cells read as one value: like a wrap, except that two
    numbers in two cells stay two numbers (``300``, ``100`` → ``300 100``, never ``300100``)."""
    if first and second and first[-1].isdigit() and second[0].isdigit():
        return first + " " + second
    return join_wrapped(first, second)


def lines_to_text(lines: list[Line]) -> str:
    """A cell's text: its lines joined as a wrap joins them, then cleaned (output.md)."""
    text = ""
    for line in lines:
        text = join_wrapped(text, line_to_text(line))
    return clean_text(text)


def chars_to_text(chars: list[Char]) -> str:
    """The cleaned text of a set of glyphs (one cell)."""
    if not chars:
        return ""
    return lines_to_text(chars_to_lines(chars))
