"""PDF page → grayscale image for OCR: rendered, levelled (small skew) and turned upright.

**Resolution: 200 dpi.** A 10.5 pt glyph — the usual size in these forms — is then about 29 px
tall, a little under the 48 px the recogniser scales every line to, so more pixels would only
be thrown away (and cost rendering, morphology and memory: an A4 page is 3.9 MB of gray at
200 dpi, 8.7 MB at 300). At 150 dpi the same glyph is 22 px and dense hanzi in a noisy scan
lose the strokes that tell 日 from 目; 0.5 pt table rules are still 1–2 px wide at 200 dpi,
which the morphology of :mod:`.lines` needs. Text detection runs on a smaller copy anyway.

**Colour.** The gray value of a pixel is its lightest channel plus its chroma (lightest less
darkest channel), at most white: black print stays black, also under a red seal (ink on ink
multiplies), while red seals, blue signatures and tinted cell fills turn white, so they
neither hide glyphs from the recogniser, nor are read as text, nor become rules.

**Light.** Uneven light (a phone photo, a copier's dark edge) and pale ink (a poor copy) are
evened out by dividing by the paper's own brightness (the image's local maximum over a few
glyph sizes) and stretching pale ink towards black.

**Skew** of any angle up to :data:`MAX_SKEW` is measured from the page's rules and text lines
(projection profiles: coarse over the whole range on a small copy, then finer), after the
perspective of a photographed page is undone (:mod:`.geometry`), so desk pixels never vote.

**Coordinates.** The OCR page lives in the frame of the upright, levelled image: pixel (x, y)
is point (x / s, y / s) with s = dpi / 72, origin top-left. For a page scanned the right way
up this is the PDF page's own frame (as pdfplumber and pdfium show it, /Rotate applied) up to
the small deskew rotation about the page centre; a page that had to be turned by a quarter turn
has its width and height swapped with respect to the PDF page (:class:`PageImage` records the
turns and the skew so that a box can be mapped back).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

DPI = 200
MAX_SKEW = 12.0  # degrees; larger angles are not searched (a page turned by 90° is another matter)
# Steps of the search: over ±MAX_SKEW on a quarter-size copy, then about the best on a half-size one.
COARSE_STEP = 0.4
SKEW_STEP = 0.1
SKEW_SAMPLE = 40_000  # ink pixels used to measure the skew
SKEW_MIN = 0.05  # smaller angles are left alone (rotating blurs the image a little)


@dataclass
class PageImage:
    """An upright, levelled page image and how it was obtained from the rendering."""

    gray: np.ndarray  # uint8, H × W
    scale: float  # pixels per PDF point
    quarter_turns: int = 0  # counter-clockwise quarter turns applied to the rendering
    skew: float = 0.0  # degrees the rendering was rotated by (counter-clockwise) to level it

    @property
    def width(self) -> float:
        """Width in points."""
        return self.gray.shape[1] / self.scale

    @property
    def height(self) -> float:
        """Height in points."""
        return self.gray.shape[0] / self.scale


# Paper brightness is the local maximum over this many points (several glyphs: no ink left).
PAPER_WINDOW = 24.0
# Pale ink is stretched so that its darkest percentile reaches at most this gray, by at most ×MAX_GAIN.
INK_TARGET = 70
INK_PERCENTILE = 0.5
MAX_GAIN = 2.5


def without_colour(pixels: np.ndarray) -> np.ndarray:
    """Gray of an RGB(x) image: lightest channel plus chroma, at most white (see above).

    Element-wise on the channel planes in 8 bits (chroma is never negative; only the sum is
    widened, to saturate at white): numpy's reductions over the short channel axis took 0.2 s
    on a 200 dpi page and widened every plane to 16 bits. No OpenCV, so the blank-page check
    does not import it."""
    r, g, b = pixels[:, :, 0], pixels[:, :, 1], pixels[:, :, 2]
    light = np.maximum(np.maximum(r, g), b)
    chroma = light - np.minimum(np.minimum(r, g), b)
    total = np.add(light, chroma, dtype=np.uint16)
    return np.minimum(total, 255, out=total).astype(np.uint8)


def render_gray(page: Any, dpi: int = DPI) -> np.ndarray:
    """Render a pypdfium2 page to 8-bit gray with colour (seals, signatures) removed."""
    bitmap = page.render(scale=dpi / 72.0)
    try:
        pixels = bitmap.to_numpy()
        gray = without_colour(pixels) if pixels.ndim == 3 else pixels.copy()
    finally:
        bitmap.close()
    return np.ascontiguousarray(gray, dtype=np.uint8)


def even_light(gray: np.ndarray, scale: float) -> np.ndarray:
    """The image divided by the paper's brightness (uneven light → white paper) and pale ink
    stretched towards black (a faint copy reads as a normal one)."""
    import cv2

    factor = 0.25
    small = cv2.resize(gray, None, fx=factor, fy=factor, interpolation=cv2.INTER_AREA)
    k = max(3, int(PAPER_WINDOW * scale * factor) | 1)
    paper = cv2.dilate(small, cv2.getStructuringElement(cv2.MORPH_RECT, (k, k)))
    paper = cv2.blur(paper, (k, k))
    paper = cv2.resize(paper, (gray.shape[1], gray.shape[0]), interpolation=cv2.INTER_LINEAR)
    # One float plane, changed in place (each step as float32 as a fresh array would be).
    flat = gray.astype(np.float32)
    flat *= np.float32(255.0)
    flat /= np.maximum(paper, 32).astype(np.float32)
    np.minimum(flat, np.float32(255.0), out=flat)
    darkest = float(np.percentile(flat[::4, ::4], INK_PERCENTILE))
    if darkest > INK_TARGET and darkest < 250:
        gain = min(MAX_GAIN, (255 - INK_TARGET) / (255 - darkest))
        np.subtract(np.float32(255.0), flat, out=flat)
        flat *= np.float32(gain)
        np.subtract(np.float32(255.0), flat, out=flat)
    np.clip(flat, 0, 255, out=flat)
    return flat.astype(np.uint8)


def ink_points(gray: np.ndarray, sample: int = SKEW_SAMPLE) -> tuple[np.ndarray, np.ndarray]:
    """Coordinates (x, y) of up to ``sample`` dark pixels, evenly taken (deterministic)."""
    import cv2

    _, ink = cv2.threshold(gray, 0, 255, cv2.THRESH_BINARY_INV | cv2.THRESH_OTSU)
    ys, xs = np.nonzero(ink)
    if len(xs) > sample:
        pick = np.linspace(0, len(xs) - 1, sample).astype(np.int64)
        xs, ys = xs[pick], ys[pick]
    return xs.astype(np.float64), ys.astype(np.float64)


def _sharpness(xs: np.ndarray, ys: np.ndarray, degrees: float) -> float:
    """How peaked the row and column profiles are once the points are turned by ``degrees``:
    rules and text lines pile up into few rows (and rules into few columns) when level."""
    a = np.deg2rad(degrees)
    cos, sin = np.cos(a), np.sin(a)
    rows = np.rint(ys * cos + xs * sin).astype(np.int64)
    cols = np.rint(xs * cos - ys * sin).astype(np.int64)
    r = np.bincount(rows - rows.min())
    c = np.bincount(cols - cols.min())
    return float(np.dot(r, r) + np.dot(c, c))


def skew_angle(gray: np.ndarray, max_angle: float = MAX_SKEW) -> float:
    """The counter-clockwise angle (degrees) by which the page content is tilted, found by a
    projection-profile search: coarse steps over ±``max_angle`` on a quarter-size copy, then
    finer passes about the best on a half-size one. The same angle levels rows and columns,
    so a page turned by a quarter turn is measured as well."""
    import cv2

    quarter = cv2.resize(gray, None, fx=0.25, fy=0.25, interpolation=cv2.INTER_AREA)
    xs, ys = ink_points(quarter)
    if len(xs) < 100:
        return 0.0
    coarse = np.arange(-max_angle, max_angle + 1e-9, COARSE_STEP)
    best = max(coarse, key=lambda d: _sharpness(xs, ys, d))
    half = cv2.resize(gray, None, fx=0.5, fy=0.5, interpolation=cv2.INTER_AREA)
    xs, ys = ink_points(half)
    for step in (SKEW_STEP, SKEW_STEP / 5):
        span = COARSE_STEP if step == SKEW_STEP else SKEW_STEP
        fine = np.arange(best - span, best + span + 1e-9, step)
        best = max(fine, key=lambda d: _sharpness(xs, ys, d))
    return float(round(best, 3))


def rotate(gray: np.ndarray, degrees: float) -> np.ndarray:
    """Rotate counter-clockwise by ``degrees`` about the centre, same size, white outside."""
    import cv2

    height, width = gray.shape
    matrix = cv2.getRotationMatrix2D((width / 2.0, height / 2.0), degrees, 1.0)
    return cv2.warpAffine(gray, matrix, (width, height), flags=cv2.INTER_LINEAR, borderValue=255)


def level(gray: np.ndarray) -> tuple[np.ndarray, float]:
    """The image with its skew removed, and the rotation applied (degrees, counter-clockwise)."""
    angle = skew_angle(gray)
    if abs(angle) < SKEW_MIN:
        return gray, 0.0
    return rotate(gray, -angle), -angle


def quarter_turn(gray: np.ndarray, turns: int) -> np.ndarray:
    """The image turned counter-clockwise by ``turns`` quarter turns."""
    return np.ascontiguousarray(np.rot90(gray, turns % 4))


def is_sideways(sizes: list[tuple[float, float]]) -> bool:
    """Whether detected text lines (width, height) mostly run vertically: the page was
    scanned turned by a quarter turn. Only clearly elongated lines vote, weighted by length
    (a column of single digits says nothing)."""
    across = sum(w for w, h in sizes if w >= 2 * h)
    down = sum(h for w, h in sizes if h >= 2 * w)
    return down > 2 * across and down > 0
