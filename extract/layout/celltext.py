"""Glyphs → text: lines by vertical overlap, spaces from gaps, wrapped lines joined.

A cell's wrapped lines are joined with no space where either side is CJK (output.md) or where
a number was broken by the wrap; latin words keep a space. Glyphs drawn twice at the same spot
(fake bold) are kept once.
"""

from __future__ import annotations

from dataclasses import dataclass
from operator import itemgetter

from ...normalize.text import clean_text
from ..model import Char

# A gap wider than this share of the glyph height between two glyphs is a space.
SPACE_GAP = 0.25
# A gap wider than this share of the glyph height splits a free text line into phrases.
PHRASE_GAP = 2.0

# A glyph's fields, as sort keys and for map(): Char is a named tuple (text, x0, top, x1, bottom).
_x0, _top, _x1, _bottom = itemgetter(1), itemgetter(2), itemgetter(3), itemgetter(4)
_reading_key = itemgetter(2, 1)  # (top, x0)


@dataclass
class Line:
    """Glyphs on one baseline, left to right."""

    chars: list[Char]

    @property
    def top(self) -> float:
        return min(map(_top, self.chars))

    @property
    def bottom(self) -> float:
        return max(map(_bottom, self.chars))

    @property
    def x0(self) -> float:
        return self.chars[0].x0

    @property
    def x1(self) -> float:
        return max(map(_x1, self.chars))


def chars_to_lines(chars: list[Char]) -> list[Line]:
    """Group glyphs into lines, top to bottom, each left to right.

    A glyph joins a line when its vertical extent overlaps the line's (its glyphs' mean top
    and bottom, so a line does not grow into the next one) by more than half of the smaller.
    Space glyphs take no part in that: some producers draw spaces with boxes several lines
    tall, which would merge (and interleave) every line they touch; a space is put on the
    line its centre lies on, or dropped (gaps give spaces anyway, :func:`line_to_text`).
    Last, glyphs of a second font whose boxes sit off the line (digits in another font,
    their boxes shifted by the font's other ascent) are put back on the line whose gaps
    they fill (:func:`_rejoin_offset`).
    """
    lines: list[list[Char]] = []
    bounds: list[list[float]] = []  # sum of tops, sum of bottoms
    spaces: list[Char] = []
    for ch in sorted(chars, key=_reading_key):
        text, _, ch_top, _, ch_bottom = ch
        if text.isspace():
            spaces.append(ch)
            continue
        ch_size = ch_bottom - ch_top
        n_lines = len(lines)
        for k in range(n_lines - 1, n_lines - 4 if n_lines > 3 else -1, -1):
            line = lines[k]
            n = len(line)
            band = bounds[k]
            top, bottom = band[0] / n, band[1] / n
            overlap = (bottom if bottom < ch_bottom else ch_bottom) - (top if top > ch_top else ch_top)
            size = bottom - top
            if overlap > 0.5 * (ch_size if ch_size < size else size):
                line.append(ch)
                band[0] += ch_top
                band[1] += ch_bottom
                break
        else:
            lines.append([ch])
            bounds.append([ch_top, ch_bottom])
    if len(lines) > 1:
        lines = _rejoin_offset(lines)
    if spaces:
        _place_spaces(spaces, lines)
    result = []
    for line_chars in lines:
        line_chars.sort(key=_x0)
        result.append(Line(_drop_overprint(line_chars)))
    if len(result) > 1:
        result.sort(key=lambda line: line.top)
    return result


def _band(chars: list[Char]) -> tuple[float, float]:
    return sum(map(_top, chars)) / len(chars), sum(map(_bottom, chars)) / len(chars)


def _place_spaces(spaces: list[Char], lines: list[list[Char]]) -> None:
    """Put each space glyph on the first line whose band holds its centre and is at least half
    its height; drop it when there is none. A line's band counts the spaces put on it."""
    bands = [_band(line) for line in lines]
    for space in spaces:
        cy, size = space.cy, space.size
        for k, (top, bottom) in enumerate(bands):
            if top <= cy <= bottom and size <= 2.0 * (bottom - top):
                lines[k].append(space)
                bands[k] = _band(lines[k])
                break


def _fills_gaps(fragment: list[Char], line: list[Char]) -> bool:
    """Whether a fragment sits in the horizontal gaps of a line, touching it: no glyph of it
    over a glyph of the line, and the two no farther apart than a glyph."""
    size = max(c.size for c in line)
    x0, x1 = min(c.x0 for c in line), max(c.x1 for c in line)
    if max(c.x1 for c in fragment) < x0 - size or min(c.x0 for c in fragment) > x1 + size:
        return False
    for ch in fragment:
        if any(min(ch.x1, c.x1) - max(ch.x0, c.x0) > 0.2 * min(ch.x1 - ch.x0, c.x1 - c.x0) for c in line):
            return False
    return True


def _rejoin_offset(lines: list[list[Char]]) -> list[list[Char]]:
    """Merge each line that is a fragment of a neighbour: shorter, its box overlapping the
    neighbour's band yet shifted by less than a glyph, and filling the neighbour's gaps."""
    bands = [_band(line) for line in lines]
    k = 0
    while k < len(lines):
        fragment = lines[k]
        f_top, f_bottom = bands[k]
        for j in (k - 1, k + 1):
            if not 0 <= j < len(lines) or len(lines[j]) <= len(fragment):
                continue
            top, bottom = bands[j]
            shift = abs(f_top - top)
            if not (f_top < bottom and top < f_bottom and shift < 0.9 * (bottom - top)):
                continue
            if _fills_gaps(fragment, lines[j]):
                lines[j].extend(fragment)
                bands[j] = _band(lines[j])
                del lines[k]
                del bands[k]
                k = max(k - 2, -1)
                break
        k += 1
    return lines


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
    prev_x1 = prev_size = 0.0
    for text, x0, top, x1, bottom in line.chars:
        size = bottom - top
        # the threshold is at least SPACE_GAP: the sizes are looked at only past it
        if parts and x0 - prev_x1 > SPACE_GAP and x0 - prev_x1 > SPACE_GAP * max(size, prev_size, 1.0):
            parts.append(" ")
        parts.append(" " if text.isspace() else text)
        prev_x1, prev_size = x1, size
    return "".join(parts)


def line_to_phrases(line: Line) -> list[tuple[float, float, str]]:
    """Split a free text line at wide gaps: (x0, x1, text) for each phrase."""
    phrases: list[list[Char]] = [[]]
    prev_x1 = prev_size = 0.0
    for ch in line.chars:
        _, x0, top, x1, bottom = ch
        size = bottom - top
        # the threshold is at least PHRASE_GAP: the sizes are looked at only past it
        if phrases[-1] and x0 - prev_x1 > PHRASE_GAP and x0 - prev_x1 > PHRASE_GAP * max(size, prev_size, 1.0):
            phrases.append([])
        phrases[-1].append(ch)
        prev_x1, prev_size = x1, size
    return [
        (p[0].x0, max(map(_x1, p)), clean_text(line_to_text(Line(p)))) for p in phrases if p
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
