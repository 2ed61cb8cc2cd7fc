"""Small synthetic pages for unit tests: tables drawn as rules and glyphs, no PDF needed.

A table is given as rows of cell texts; ``<`` marks a square merged with the cell to its
left and ``^`` one merged with the cell above. Glyphs are 10 pt
squares laid left to right; a ``\\n`` in a text starts a new line inside the cell.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

from jixiao.extract.model import Char, Page, Segment

GLYPH = 10.0
ROW_H = 24.0


@dataclass
class Drawn:
    """What has been drawn on a synthetic page so far."""

    chars: list[Char] = field(default_factory=list)
    segments: list[Segment] = field(default_factory=list)


def text_at(drawn: Drawn, text: str, x: float, top: float, size: float = GLYPH) -> None:
    """Lay out ``text`` from (x, top), one glyph per character, lines separated by \\n."""
    for k, line in enumerate(text.split("\n")):
        cx = x
        for ch in line:
            drawn.chars.append(Char(ch, cx, top + k * (size + 2), cx + size, top + k * (size + 2) + size))
            cx += size


LEFT, UP = "<", "^"


def _spans(rows: list[list[str]]) -> list[tuple[int, int, int, int, str]]:
    """(row, col, rowspan, colspan, text) of each cell; ``<`` and ``^`` squares are covered
    by the cell to their left or above."""
    cells = []
    for i, row in enumerate(rows):
        for j, text in enumerate(row):
            if text in (LEFT, UP):
                continue
            cs = 1
            while j + cs < len(row) and row[j + cs] == LEFT:
                cs += 1
            rs = 1
            while i + rs < len(rows) and rows[i + rs][j] == UP:
                rs += 1
            cells.append((i, j, rs, cs, text))
    return cells


def draw_table(
    drawn: Drawn,
    rows: list[list[str]],
    widths: list[float],
    top: float,
    left: float = 40.0,
    row_heights: Optional[list[float]] = None,
    outer: bool = True,
) -> float:
    """Draw a ruled table; return its bottom. ``outer=False`` leaves the frame out."""
    heights = row_heights or [ROW_H] * len(rows)
    xs = [left]
    for w in widths:
        xs.append(xs[-1] + w)
    ys = [top]
    for h in heights:
        ys.append(ys[-1] + h)
    covered = [[None] * len(widths) for _ in rows]
    for i, j, rs, cs, text in _spans(rows):
        for a in range(i, i + rs):
            for b in range(j, j + cs):
                covered[a][b] = (i, j)
        text_at(drawn, text, xs[j] + 2, ys[i] + 4)
    for i in range(len(rows) + 1):
        for j in range(len(widths)):
            above = covered[i - 1][j] if i > 0 else None
            below = covered[i][j] if i < len(rows) else None
            if above == below:
                continue
            if not outer and (i == 0 or i == len(rows)):
                continue
            drawn.segments.append(Segment(True, ys[i], xs[j], xs[j + 1]))
    for j in range(len(widths) + 1):
        for i in range(len(rows)):
            left_c = covered[i][j - 1] if j > 0 else None
            right_c = covered[i][j] if j < len(widths) else None
            if left_c == right_c:
                continue
            if not outer and (j == 0 or j == len(widths)):
                continue
            drawn.segments.append(Segment(False, xs[j], ys[i], ys[i + 1]))
    return ys[-1]


def page(number: int, drawn: Drawn, width: float = 595.0, height: float = 842.0) -> Page:
    """A Page from what was drawn."""
    return Page(number=number, width=width, height=height, chars=drawn.chars, segments=drawn.segments)
