"""Damaged scans as government sites carry them (issue 15), made from clean renderings.

Each kind of damage is a function of a clean RGB rendering (at the kind's own resolution), a
seeded random generator and the page's glyph boxes (for the seal's lettering), returning the
image as it is embedded in the scan (gray, RGB or 1-bit):

* ``skew5`` / ``skew9`` — fed askew by 4–6° / 8–10°, either way;
* ``faint`` — a poor photocopy: ink pale gray, every rule broken by gaps of 0.7–3 pt;
* ``phone`` — a phone photo: the page on a desk, keystoned (each corner moved by 2–5 % of the
  page), light falling off across it, blurred;
* ``seal`` — a red seal (公章: ring, star, lettering) stamped over the indicator table and a
  blue signature stroke;
* ``lowres`` — 100 dpi, JPEG quality 30;
* ``bw300`` — 300 dpi black and white, with speckle.

Deterministic for a given seed; nothing here is committed (tests and the benchmark make them in
a temporary folder).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

Glyph = tuple[float, float, float, float]  # a hanzi's box in pixels of the rendering (x0, top, x1, bottom)


@dataclass(frozen=True)
class Damage:
    """One kind of damage: rendering resolution, JPEG quality (None: 1-bit, lossless) and how."""

    dpi: int
    quality: int | None
    spoil: Callable[[np.ndarray, np.random.Generator, list[Glyph]], np.ndarray]


def _gray(rgb: np.ndarray) -> np.ndarray:
    return rgb.min(axis=2) if rgb.ndim == 3 else rgb


def _paper(gray: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Paper not white, ink not black, some grain."""
    img = gray.astype(np.float32) * 0.88 + 18 + rng.normal(0.0, 3.0, gray.shape).astype(np.float32)
    return np.clip(img, 0, 255).astype(np.uint8)


def _rotate(img: np.ndarray, degrees: float, border: int | tuple[int, ...]) -> np.ndarray:
    import cv2

    h, w = img.shape[:2]
    matrix = cv2.getRotationMatrix2D((w / 2, h / 2), degrees, 1.0)
    return cv2.warpAffine(img, matrix, (w, h), flags=cv2.INTER_LINEAR, borderValue=border)


def _skewed(low: float, high: float) -> Callable[[np.ndarray, np.random.Generator, list[Glyph]], np.ndarray]:
    def spoil(rgb: np.ndarray, rng: np.random.Generator, _glyphs: list[Glyph]) -> np.ndarray:
        import cv2

        angle = float(rng.uniform(low, high)) * (1 if rng.random() < 0.5 else -1)
        out = _rotate(_paper(_gray(rgb), rng), angle, 235)
        return cv2.GaussianBlur(out, (3, 3), 0.6)

    return spoil


def rule_mask(gray: np.ndarray, dpi: int) -> np.ndarray:
    """Pixels of the table rules of a clean rendering (long thin runs of ink)."""
    import cv2

    ink = (gray < 160).astype(np.uint8)
    n = max(3, round(30 * dpi / 72))
    h = cv2.morphologyEx(ink, cv2.MORPH_OPEN, np.ones((1, n), np.uint8))
    v = cv2.morphologyEx(ink, cv2.MORPH_OPEN, np.ones((n, 1), np.uint8))
    return (h | v) > 0


def faint(rgb: np.ndarray, rng: np.random.Generator, _glyphs: list[Glyph]) -> np.ndarray:
    """A poor photocopy: ink pale, rules broken every few points by gaps of 0.7–3 pt."""
    import cv2

    dpi = 200
    gray = _gray(rgb)
    rules = rule_mask(gray, dpi)
    scale = dpi / 72
    # Gaps: blobs of paper of 0.7–3 pt along the rules, about one per 12 pt of rule.
    ys, xs = np.nonzero(rules)
    keep = rng.random(len(xs)) < 1.0 / (12 * scale * 2)
    holes = np.zeros(gray.shape, np.uint8)
    for x, y in zip(xs[keep], ys[keep]):
        r = int(rng.uniform(0.35, 1.5) * scale)
        cv2.circle(holes, (int(x), int(y)), max(1, r), 1, -1)
    broken = gray.copy()
    broken[(holes > 0) & rules] = 255
    pale = 255 - (255 - broken.astype(np.float32)) * 0.42  # black → ~148
    out = np.clip(pale + rng.normal(0.0, 4.0, gray.shape), 0, 255).astype(np.uint8)
    out = _rotate(out, float(rng.uniform(-0.6, 0.6)), 245)
    return cv2.GaussianBlur(out, (3, 3), 0.7)


def phone(rgb: np.ndarray, rng: np.random.Generator, _glyphs: list[Glyph]) -> np.ndarray:
    """A phone photo: page on a desk, keystoned, unevenly lit (warm), blurred."""
    import cv2

    h, w = rgb.shape[:2]
    margin = int(0.08 * max(h, w))
    out_w, out_h = w + 2 * margin, h + 2 * margin
    desk = np.empty((out_h, out_w, 3), np.float32)
    desk[:] = (96, 110, 128)  # RGB of a brownish desk
    desk += rng.normal(0, 10, (out_h, out_w, 1)).astype(np.float32)
    corners = np.float32([[0, 0], [w, 0], [w, h], [0, h]])
    jitter = rng.uniform(0.02, 0.05, (4, 2)) * np.float32([w, h]) * np.float32([[1, 1], [-1, 1], [-1, -1], [1, -1]])
    target = corners + margin + jitter.astype(np.float32) * rng.choice([0.3, 1.0], (4, 1)).astype(np.float32)
    matrix = cv2.getPerspectiveTransform(corners, target.astype(np.float32))
    page = cv2.warpPerspective(rgb, matrix, (out_w, out_h), flags=cv2.INTER_LINEAR, borderValue=(0, 0, 0))
    inside = cv2.warpPerspective(np.ones((h, w), np.uint8), matrix, (out_w, out_h)) > 0
    img = np.where(inside[:, :, None], page.astype(np.float32), desk)
    yy, xx = np.mgrid[0:out_h, 0:out_w].astype(np.float32)
    a = float(rng.uniform(0, 2 * np.pi))
    ramp = (np.cos(a) * xx / out_w + np.sin(a) * yy / out_h)
    ramp = (ramp - ramp.min()) / (ramp.max() - ramp.min())
    light = 1.0 - 0.4 * ramp
    img = img * light[:, :, None] * np.float32([1.0, 0.96, 0.88])
    img += rng.normal(0.0, 3.0, img.shape).astype(np.float32)
    out = np.clip(img, 0, 255).astype(np.uint8)
    return cv2.GaussianBlur(out, (5, 5), 1.1)


def _seal(shape: tuple[int, int], centre: tuple[int, int], radius: int, source: np.ndarray,
          glyphs: list[Glyph], rng: np.random.Generator) -> np.ndarray:
    """Ink strength (0–1) of a round seal: ring, star, and hanzi from the page set on an arc."""
    import cv2

    ink = np.zeros(shape, np.float32)
    cv2.circle(ink, centre, radius, 1.0, max(3, radius // 14))
    star = [(centre[0] + radius * 0.28 * np.cos(np.pi / 2 + k * 4 * np.pi / 5),
             centre[1] - radius * 0.28 * np.sin(np.pi / 2 + k * 4 * np.pi / 5)) for k in range(5)]
    cv2.fillPoly(ink, [np.int32(star)], 1.0)
    if glyphs:
        picks = rng.choice(len(glyphs), min(len(glyphs), 7), replace=False)
        size = int(radius * 0.42)
        for n, k in enumerate(picks):
            x0, top, x1, bottom = (int(v) for v in glyphs[k])
            glyph = 255 - _gray(source[top:bottom, x0:x1])
            if glyph.size == 0:
                continue
            glyph = cv2.resize(glyph, (size, size)).astype(np.float32) / 255
            angle = 150 - n * 20  # along the upper arc, left to right
            a = np.deg2rad(angle)
            cx, cy = centre[0] + radius * 0.7 * np.cos(a), centre[1] - radius * 0.7 * np.sin(a)
            m = cv2.getRotationMatrix2D((size / 2, size / 2), angle - 90, 1.0)
            glyph = cv2.warpAffine(glyph, m, (size, size))
            gx, gy = int(cx - size / 2), int(cy - size / 2)
            if 0 <= gx and 0 <= gy and gx + size <= shape[1] and gy + size <= shape[0]:
                region = ink[gy : gy + size, gx : gx + size]
                np.maximum(region, glyph, out=region)
    return ink


def seal(rgb: np.ndarray, rng: np.random.Generator, glyphs: list[Glyph]) -> np.ndarray:
    """A red seal over the lower part of the table and a blue signature stroke, printed over
    the black text (multiplied, as ink on ink)."""
    import cv2

    h, w = rgb.shape[:2]
    radius = int(0.085 * w)
    ruled = np.flatnonzero(rule_mask(_gray(rgb), 200).any(axis=1))
    low, high = (np.percentile(ruled, [50, 95]) if len(ruled) else (0.45 * h, 0.75 * h))
    centre = (int(rng.uniform(0.35, 0.7) * w), int(rng.uniform(low, high)))
    ink = _seal((h, w), centre, radius, rgb, glyphs, rng) * float(rng.uniform(0.75, 0.95))
    red = np.float32([205, 35, 45]) / 255
    img = rgb.astype(np.float32) * (1 - ink[:, :, None] * (1 - red))
    stroke = np.zeros((h, w), np.float32)
    x0, y0 = int(0.6 * w), int(0.88 * h)
    pts = [(x0 + int(k * w * 0.012), y0 + int(12 * np.sin(k * 0.9) + rng.normal(0, 2))) for k in range(18)]
    cv2.polylines(stroke, [np.int32(pts)], False, 1.0, 3)
    blue = np.float32([40, 60, 190]) / 255
    img = img * (1 - stroke[:, :, None] * (1 - blue))
    img = img * 0.92 + 12 + rng.normal(0.0, 3.0, img.shape).astype(np.float32)
    out = np.clip(img, 0, 255).astype(np.uint8)
    return _rotate(out, float(rng.uniform(-1.0, 1.0)), (240, 240, 240))


def lowres(rgb: np.ndarray, rng: np.random.Generator, _glyphs: list[Glyph]) -> np.ndarray:
    """100 dpi gray with grain (the JPEG quality of the kind does the rest)."""
    return _rotate(_paper(_gray(rgb), rng), float(rng.uniform(-1.0, 1.0)), 235)


def bw300(rgb: np.ndarray, rng: np.random.Generator, _glyphs: list[Glyph]) -> np.ndarray:
    """300 dpi black and white: thresholded, with heavy speckle and a slight skew."""
    gray = _rotate(_gray(rgb), float(rng.uniform(-1.0, 1.0)), 255).astype(np.float32)
    gray += rng.normal(0.0, 25.0, gray.shape).astype(np.float32)
    black = gray < 150
    flip = rng.random(gray.shape) < 0.004
    return np.where(black ^ flip, 0, 255).astype(np.uint8)


DAMAGES: dict[str, Damage] = {
    "skew5": Damage(200, 40, _skewed(4.0, 6.0)),
    "skew9": Damage(200, 40, _skewed(8.0, 10.0)),
    "faint": Damage(200, 50, faint),
    "phone": Damage(150, 60, phone),
    "seal": Damage(200, 50, seal),
    "lowres": Damage(100, 30, lowres),
    "bw300": Damage(300, None, bw300),
}
