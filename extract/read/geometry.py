"""Drawn paths → ruling segments: which rects, lines and path pieces are table rules.

Shared by both PDF readers (:mod:`.pdfium_pages`, :mod:`.pdfminer_pages`), so that a border
becomes the same segment whichever engine read it. Coordinates are in the page frame
(``top`` from the top of the page).
"""

from __future__ import annotations

from typing import Optional

from ..model import Segment

# A rect thinner than this is a rule drawn as a filled bar (Excel and WPS exports do this).
RULE_THICKNESS = 3.0
# Rects covering most of the page are backgrounds or page frames, not table rules.
PAGE_FRAME_SHARE = 0.9


def rect_segments(
    x0: float, top: float, x1: float, bottom: float, visible: bool, page_w: float, page_h: float
) -> list[Segment]:
    """A thin rect is one rule; a visible cell-sized rect is its four edges; a page frame,
    background or invisible rect is none."""
    w, h = x1 - x0, bottom - top
    if w <= RULE_THICKNESS and h <= RULE_THICKNESS:
        return []
    if h <= RULE_THICKNESS:
        return [Segment(True, (top + bottom) / 2, x0, x1)]
    if w <= RULE_THICKNESS:
        return [Segment(False, (x0 + x1) / 2, top, bottom)]
    if (w >= PAGE_FRAME_SHARE * page_w and h >= PAGE_FRAME_SHARE * page_h) or not visible:
        return []
    return [
        Segment(True, top, x0, x1),
        Segment(True, bottom, x0, x1),
        Segment(False, x0, top, bottom),
        Segment(False, x1, top, bottom),
    ]


def line_segment(x0: float, top: float, x1: float, bottom: float) -> Optional[Segment]:
    """A straight line (given by its box) as a rule, or None when it is slanted."""
    if bottom - top <= RULE_THICKNESS and x1 - x0 > bottom - top:
        return Segment(True, (top + bottom) / 2, x0, x1)
    if x1 - x0 <= RULE_THICKNESS:
        return Segment(False, (x0 + x1) / 2, top, bottom)
    return None


def path_segments(pts: list[tuple[float, float]]) -> list[Segment]:
    """Axis-aligned pieces of a path; some producers draw every border as one path."""
    out = []
    for (ax, ay), (bx, by) in zip(pts, pts[1:]):
        if abs(ay - by) <= 1.0 and abs(ax - bx) > 1.0:
            out.append(Segment(True, (ay + by) / 2, min(ax, bx), max(ax, bx)))
        elif abs(ax - bx) <= 1.0 and abs(ay - by) > 1.0:
            out.append(Segment(False, (ax + bx) / 2, min(ay, by), max(ay, by)))
    return out
