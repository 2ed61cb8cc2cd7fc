"""Glyph boxes put back on their baseline, shared by both PDF readers.

A glyph's box comes from its font's ascent and descent. Some exporters embed a second font
(the digits and punctuation of a CJK document, e.g. ``E-BZ`` or DejaVuSans subsets) whose
metrics are wrong, so its boxes hang a whole line below the text they belong to: ``2026``
of ``2026年部门整体绩效目标表`` lands on a line of its own, or in the row below. The baseline
(the glyph's origin) is right, so a box that does not hold the baseline in its lower half is
rebuilt from it, the way regular CJK fonts sit on it.
"""

from __future__ import annotations

# Share of a box's height below the baseline for regular fonts (descent about -0.12..-0.3 em).
DESCENT_SHARE = 0.22
# A box whose part below the baseline is outside this range (as a share of its height) has
# wrong font metrics.
SANE_BELOW = (-0.05, 0.5)


def on_baseline(x0: float, top: float, x1: float, bottom: float, ox: float, oy: float) -> tuple[float, float]:
    """``(top, bottom)`` of a glyph box with origin ``(ox, oy)`` (page frame, y down).

    Only horizontal text is touched: the origin must stand at the box's left edge (rotated
    glyphs keep their boxes)."""
    height = bottom - top
    if height <= 0 or not (x0 - 0.5 <= ox <= x0 + 0.5 * max(x1 - x0, 0.0) + 0.5):
        return top, bottom
    below = (bottom - oy) / height
    if SANE_BELOW[0] <= below <= SANE_BELOW[1]:
        return top, bottom
    new_bottom = oy + DESCENT_SHARE * height
    return new_bottom - height, new_bottom
