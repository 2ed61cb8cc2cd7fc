"""Page geometry of a scan or photo: the outline of the paper or the table, and the perspective
that makes it a rectangle again.

A phone photo of a page is keystoned: the table's vertical rules lean by different amounts, so
no single rotation straightens them. Its four corners are found instead — the paper's outline
against the desk when the photo shows the desk, else the table's outer border — and the image
is warped so that they form a rectangle (a homography: straight rules stay straight). A scan
fed askew is a *rotated* rectangle and is left to the rotation of :mod:`.render`; only outlines
whose opposite sides are not parallel are warped, so flat scans are never resampled here.

Corners are ordered top-left, top-right, bottom-right, bottom-left, in pixels.
"""

from __future__ import annotations

import numpy as np

# Work on a copy whose longer side is this many pixels (outlines need no detail).
SIDE = 800
# An outline must cover at least this share of the image (paper: also at most the second).
MIN_AREA = 0.2
MAX_PAPER_AREA = 0.97
# Opposite sides differing in direction by less than this (degrees) are parallel: no warp. The
# table's outline is a hull of ink (text near the border shifts its corners), so it must lean more.
PARALLEL = 0.4
TABLE_PARALLEL = 1.5
# The polygon approximating a contour may depart from it by this share of its perimeter.
APPROX = 0.02


def _order(quad: np.ndarray) -> np.ndarray:
    """Four points as top-left, top-right, bottom-right, bottom-left."""
    pts = quad.reshape(4, 2).astype(np.float32)
    s, d = pts.sum(axis=1), pts[:, 1] - pts[:, 0]
    return np.float32([pts[s.argmin()], pts[d.argmin()], pts[s.argmax()], pts[d.argmax()]])


def _quad(mask: np.ndarray, min_area: float, max_area: float) -> np.ndarray | None:
    """The largest four-cornered convex outline of a binary mask within the area shares."""
    import cv2

    total = mask.shape[0] * mask.shape[1]
    contours, _ = cv2.findContours(mask, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    for contour in sorted(contours, key=cv2.contourArea, reverse=True)[:5]:
        area = cv2.contourArea(contour)
        if not min_area * total <= area <= max_area * total:
            continue
        hull = cv2.convexHull(contour)
        poly = cv2.approxPolyDP(hull, APPROX * cv2.arcLength(hull, True), True)
        if len(poly) == 4:
            return _order(poly)
    return None


def _thumbnail(gray: np.ndarray) -> tuple[np.ndarray, float]:
    """The page shrunk to ``SIDE`` pixels on its longer side, and the factor used."""
    import cv2

    factor = SIDE / max(gray.shape)
    return cv2.resize(gray, None, fx=factor, fy=factor, interpolation=cv2.INTER_AREA), factor


def paper_outline(gray: np.ndarray, thumbnail: tuple[np.ndarray, float] | None = None) -> np.ndarray | None:
    """Corners of the sheet of paper when the image shows a darker surround (a desk)."""
    import cv2

    small, factor = thumbnail or _thumbnail(gray)
    small = cv2.GaussianBlur(small, (9, 9), 0)
    _, paper = cv2.threshold(small, 0, 255, cv2.THRESH_BINARY | cv2.THRESH_OTSU)
    paper = cv2.morphologyEx(paper, cv2.MORPH_CLOSE, np.ones((15, 15), np.uint8))  # print on the paper
    quad = _quad(paper, MIN_AREA, MAX_PAPER_AREA)
    return None if quad is None else quad / factor


def table_outline(gray: np.ndarray, thumbnail: tuple[np.ndarray, float] | None = None) -> np.ndarray | None:
    """Corners of the largest ruled table (its outer border), if one covers enough of the page."""
    import cv2

    small, factor = thumbnail or _thumbnail(gray)
    ink = cv2.adaptiveThreshold(small, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV, 15, 10)
    ink = cv2.dilate(ink, np.ones((3, 3), np.uint8))
    quad = _quad(ink, MIN_AREA, 1.0)
    return None if quad is None else quad / factor


def _direction(a: np.ndarray, b: np.ndarray) -> float:
    return float(np.degrees(np.arctan2(b[1] - a[1], b[0] - a[0])))


def is_keystoned(quad: np.ndarray, parallel: float = PARALLEL) -> bool:
    """Whether the outline's opposite sides are not parallel (perspective, not rotation)."""
    tl, tr, br, bl = quad
    top, bottom = _direction(tl, tr), _direction(bl, br)
    left, right = _direction(tl, bl), _direction(tr, br)
    return abs(top - bottom) > parallel or abs(left - right) > parallel


def unwarp(gray: np.ndarray) -> tuple[np.ndarray, bool]:
    """The image with the perspective of its paper (else table) outline undone, and whether
    it was warped. The sheet becomes the whole image; a table keeps its surround."""
    import cv2

    thumbnail = _thumbnail(gray)  # both outlines look at the same shrunk page
    paper = paper_outline(gray, thumbnail)
    quad = paper if paper is not None else table_outline(gray, thumbnail)
    if quad is None or not is_keystoned(quad, PARALLEL if paper is not None else TABLE_PARALLEL):
        return gray, False
    tl, tr, br, bl = quad
    width = float(max(np.linalg.norm(tr - tl), np.linalg.norm(br - bl)))
    height = float(max(np.linalg.norm(bl - tl), np.linalg.norm(br - tr)))
    if paper is not None:
        target = np.float32([[0, 0], [width, 0], [width, height], [0, height]])
        size = (round(width), round(height))
    else:  # the table's corners go to a rectangle at the same place; the rest follows
        x0, y0 = float(quad[:, 0].min()), float(quad[:, 1].min())
        target = np.float32([[x0, y0], [x0 + width, y0], [x0 + width, y0 + height], [x0, y0 + height]])
        size = (max(gray.shape[1], round(x0 + width) + 1), max(gray.shape[0], round(y0 + height) + 1))
    matrix = cv2.getPerspectiveTransform(quad.astype(np.float32), target)
    return cv2.warpPerspective(gray, matrix, size, flags=cv2.INTER_LINEAR, borderValue=255), True
