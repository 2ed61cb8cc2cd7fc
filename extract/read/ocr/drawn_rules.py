"""Page image → ruling segments, by morphology, in PDF points; and the image without them.

Ink is found by an adaptive threshold (uneven scans, gray backgrounds); opening it with a long
thin horizontal (vertical) kernel keeps only runs of ink longer than any glyph stroke, i.e. the
table rules. Each connected run becomes a :class:`~jixiao.extract.model.Segment`, so the grid
builder (:mod:`jixiao.extract.layout.rules`, :mod:`jixiao.extract.layout.grid`) reads a scan exactly as it
reads the lines of a text PDF. Kernel lengths are in points: longer than the strokes of table
text and of titles (a 16 pt glyph's vertical stroke is under 16 pt; horizontal strokes of
neighbouring glyphs do not join into 30 pt) and shorter than the shortest rule of a form (a
one-row cell border: 27 pt and more in every form seen; a horizontal rule spans at least one
column).

Pixel (x, y) of the image is point (x / scale, y / scale) (see :mod:`.render`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from ...model import Segment


@dataclass(frozen=True)
class LineSettings:
    """Lengths in points, validated once."""

    horizontal: float = 30.0  # shortest horizontal rule kept
    vertical: float = 16.0  # shortest vertical rule kept
    max_thickness: float = 4.0  # thicker runs are filled areas, not rules
    bridge: float = 0.6  # gaps this short along a rule (noise, JPEG) are always closed first
    # Gaps along a rule of up to this share of the page's text-line height are closed too (a
    # poor copy breaks rules every few points), at most max_gap: shorter than the space
    # between two cells' texts, so text never joins into a rule.
    gap_share: float = 0.3
    max_gap: float = 4.0
    block: float = 11.0  # neighbourhood of the adaptive threshold

    def __post_init__(self) -> None:
        for name in ("horizontal", "vertical", "max_thickness", "bridge", "gap_share", "max_gap", "block"):
            if getattr(self, name) <= 0:
                raise ValueError(f"LineSettings.{name} must be > 0")


def binarize(gray: np.ndarray, scale: float, settings: LineSettings = LineSettings()) -> np.ndarray:
    """Ink as 255, paper as 0, with a threshold that follows the local background."""
    import cv2

    block = max(3, int(settings.block * scale) | 1)
    return cv2.adaptiveThreshold(gray, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV, block, 12)


def bridge_length(scale: float, line_height: float | None, settings: LineSettings = LineSettings()) -> int:
    """Pixels of gap closed along a rule outside text: :attr:`LineSettings.bridge`, or the
    share of the text-line height (points) when that is longer, at most
    :attr:`LineSettings.max_gap`."""
    gap = settings.bridge
    if line_height:
        gap = max(gap, min(settings.gap_share * line_height, settings.max_gap))
    return max(1, round(gap * scale))


# Share of a detected text box's height above and below its glyphs (the detector's unclip margin).
TEXT_MARGIN = 0.12
PIECE_RATIO = 4.0


def without_text(binary: np.ndarray, boxes: Sequence[tuple[float, float, float, float]]) -> np.ndarray:
    """A copy of the binary image with the glyphs of text boxes (pixels: x0, top, x1, bottom)
    blanked: closing long gaps there would join glyphs into a rule. The detector's margin above
    and below the glyphs stays, so a rule the box overlaps is kept (and a rule running through
    a box is still found where it is whole)."""
    out = binary.copy()
    for x0, top, x1, bottom in boxes:
        m = TEXT_MARGIN * (bottom - top)
        out[int(top + m) : int(np.ceil(bottom - m)), int(x0) : int(np.ceil(x1))] = 0
    return out


def thin_pieces(binary: np.ndarray, scale: float, settings: LineSettings = LineSettings()) -> np.ndarray:
    """Only the connected pieces of ink that are thin and long (at least :data:`PIECE_RATIO`
    times as long as thick): what is left of a rule broken by the print, without the glyphs,
    even where a glyph's box overlaps the rule."""
    import cv2

    count, labels, stats, _ = cv2.connectedComponentsWithStats(binary, connectivity=8)
    w, h = stats[:, cv2.CC_STAT_WIDTH], stats[:, cv2.CC_STAT_HEIGHT]
    thick = settings.max_thickness * scale
    keep = (np.minimum(w, h) <= thick) & (np.maximum(w, h) >= PIECE_RATIO * np.maximum(1, np.minimum(w, h)))
    keep[0] = False
    return np.where(keep[labels], np.uint8(255), np.uint8(0))


def rule_masks(
    binary: np.ndarray,
    scale: float,
    settings: LineSettings = LineSettings(),
    line_height: float | None = None,
    text: Sequence[tuple[float, float, float, float]] = (),
) -> tuple[np.ndarray, np.ndarray]:
    """(horizontal, vertical) masks of the rules in a binary image.

    Gaps of :attr:`LineSettings.bridge` are closed everywhere; with the page's usual text-line
    height (points) and its text boxes (pixels), longer gaps (:func:`bridge_length`) are closed
    outside the text too, so a rule broken every few points by a poor copy comes out whole."""
    import cv2

    short = max(1, round(settings.bridge * scale))
    long = bridge_length(scale, line_height, settings)
    text_free = without_text(binary, text) if long > short else binary
    pieces = thin_pieces(binary, scale, settings) if long > short else binary
    masks = []
    for length, shape, sources in (
        # Horizontal rules also from thin pieces under text boxes (a box sitting on a rule);
        # not vertical ones: the stems of glyphs in lines above one another would stack up.
        (settings.horizontal, lambda n: (n, 1), ((binary, short), (text_free, long), (pieces, long))),
        (settings.vertical, lambda n: (1, n), ((binary, short), (text_free, long))),
    ):
        kernel = cv2.getStructuringElement(cv2.MORPH_RECT, shape(max(3, round(length * scale))))
        mask = np.zeros_like(binary)
        for image, bridge in sources if long > short else sources[:1]:
            closed = cv2.morphologyEx(image, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, shape(bridge)))
            mask |= cv2.morphologyEx(closed, cv2.MORPH_OPEN, kernel)
        masks.append(mask)
    return masks[0], masks[1]


def masks_to_segments(
    horizontal: np.ndarray, vertical: np.ndarray, scale: float, settings: LineSettings = LineSettings()
) -> list[Segment]:
    """One segment per connected run of each mask, in points; thick runs are left out."""
    import cv2

    thickest = settings.max_thickness * scale
    segments: list[Segment] = []
    for mask, is_horizontal in ((horizontal, True), (vertical, False)):
        count, _, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
        for x, y, w, h, _area in stats[1:count]:
            across, along = (h, w) if is_horizontal else (w, h)
            if across > thickest or along < 2 * across:
                continue
            if is_horizontal:
                segments.append(Segment(True, (y + h / 2) / scale, x / scale, (x + w) / scale))
            else:
                segments.append(Segment(False, (x + w / 2) / scale, y / scale, (y + h) / scale))
    return segments


# Collinear pieces of a rule (positions within this many points) are one rule broken by the
# print when the gap between them is at most JOIN_LINES text-line heights and not both ends
# meet a crossing rule (a rule that really stops ends at another rule: a merged cell); an end
# meeting no rule is drawn on to the nearest crossing rule as far away.
COLLINEAR = 1.0
JOIN_LINES = 4.0
MEETS = 2.5


def _meets(pos: float, at: float, crossing: list[Segment]) -> bool:
    """Whether a rule at ``pos`` ending at ``at`` (along it) touches a crossing rule."""
    return any(abs(c.pos - at) <= MEETS and c.start - MEETS <= pos <= c.end + MEETS for c in crossing)


def inside_text(segment: Segment, boxes: Sequence[tuple[float, float, float, float]], scale: float) -> bool:
    """Whether a segment (points) lies wholly inside one text box (pixels): a glyph's stroke —
    a title's stems are as long as the shortest vertical rule — not a rule, which always
    runs on beyond the text it borders."""
    if segment.horizontal:
        x0, x1, y0, y1 = segment.start, segment.end, segment.pos, segment.pos
    else:
        x0, x1, y0, y1 = segment.pos, segment.pos, segment.start, segment.end
    return any(
        bx0 <= x0 * scale and x1 * scale <= bx1 and top <= y0 * scale and y1 * scale <= bottom
        for bx0, top, bx1, bottom in boxes
    )


def join_broken(segments: list[Segment], line_height: float | None) -> list[Segment]:
    """Segments with the pieces of each broken rule joined (see :data:`JOIN_LINES`)."""
    if not line_height:
        return segments
    longest = JOIN_LINES * line_height
    out: list[Segment] = []
    for horizontal in (True, False):
        mine = sorted((s for s in segments if s.horizontal == horizontal), key=lambda s: (s.pos, s.start))
        crossing = [s for s in segments if s.horizontal != horizontal]
        groups: list[list[Segment]] = []
        for seg in mine:
            if groups and abs(seg.pos - groups[-1][0].pos) <= COLLINEAR:
                groups[-1].append(seg)
            else:
                groups.append([seg])
        for group in groups:
            group.sort(key=lambda s: s.start)
            current = group[0]
            for seg in group[1:]:
                gap = seg.start - current.end
                if gap <= longest and not (_meets(current.pos, current.end, crossing) and _meets(seg.pos, seg.start, crossing)):
                    current = Segment(horizontal, (current.pos + seg.pos) / 2, current.start, max(current.end, seg.end))
                else:
                    out.append(current)
                    current = seg
            out.append(current)
    return _extend_dangling(out, longest)


def _extend_dangling(segments: list[Segment], longest: float) -> list[Segment]:
    """Each end meeting no crossing rule drawn on to the nearest one within ``longest``
    (crossing rules reaching that far towards it count: they may be broken too)."""
    out = []
    for seg in segments:
        crossing = [c for c in segments if c.horizontal != seg.horizontal and c.start - longest <= seg.pos <= c.end + longest]
        start, end = seg.start, seg.end
        if not _meets(seg.pos, start, crossing):
            before = [c.pos for c in crossing if start - longest <= c.pos < start]
            start = max(before, default=start)
        if not _meets(seg.pos, end, crossing):
            after = [c.pos for c in crossing if end < c.pos <= end + longest]
            end = min(after, default=end)
        out.append(seg if (start, end) == (seg.start, seg.end) else Segment(seg.horizontal, seg.pos, start, end))
    return out


def erase_rules(gray: np.ndarray, horizontal: np.ndarray, vertical: np.ndarray) -> np.ndarray:
    """A copy of the image with the rules painted white (a pixel of margin around them), so
    that text detection does not join cells across a border and the recogniser does not read
    a border as 1, l or |."""
    import cv2

    rules = cv2.dilate(cv2.bitwise_or(horizontal, vertical), np.ones((3, 3), np.uint8))
    clean = gray.copy()
    clean[rules > 0] = 255
    return clean


def image_to_segments(
    gray: np.ndarray,
    scale: float,
    settings: LineSettings = LineSettings(),
    line_height: float | None = None,
    text: Sequence[tuple[float, float, float, float]] = (),
) -> tuple[list[Segment], np.ndarray]:
    """The ruling segments of a page image (points) and the image with the rules erased
    (``line_height``, ``text``: see :func:`rule_masks`)."""
    horizontal, vertical = rule_masks(binarize(gray, scale, settings), scale, settings, line_height, text)
    segments = [s for s in masks_to_segments(horizontal, vertical, scale, settings) if not inside_text(s, text, scale)]
    segments = join_broken(segments, line_height)
    return segments, erase_rules(gray, horizontal, vertical)
