"""PDF user space → pdfplumber's page frame (``top`` from the top of the page as displayed,
/Rotate applied), for the PDFium reader: the frame both readers put every glyph and rule in.
"""

from __future__ import annotations

from typing import NamedTuple

Matrix = tuple[float, float, float, float, float, float]
IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


def multiply(m: Matrix, n: Matrix) -> Matrix:
    """The matrix that applies ``m`` and then ``n``."""
    a, b, c, d, e, f = m
    a2, b2, c2, d2, e2, f2 = n
    return (a * a2 + b * c2, a * b2 + b * d2, c * a2 + d * c2, c * b2 + d * d2, e * a2 + f * c2 + e2, e * b2 + f * d2 + f2)


class Frame(NamedTuple):
    """The map ``(x, y) → (a·x + c·y + e + left, flip − (b·x + d·y + f))``. Calling it maps
    one point; a loop over thousands of glyphs unpacks the numbers and writes the same
    arithmetic inline (the same expression, so the same floats)."""

    a: float
    b: float
    c: float
    d: float
    e: float
    f: float
    left: float
    flip: float

    def __call__(self, x: float, y: float) -> tuple[float, float]:
        a, b, c, d, e, f, left, flip = self
        return a * x + c * y + e + left, flip - (b * x + d * y + f)


def display_transform(rotation: int, mediabox: tuple[float, float, float, float]) -> tuple[Frame, float, float]:
    """PDF user space → pdfplumber's page frame, and the displayed width and height.

    The rotation matrices are pdfminer's (``PDFPageInterpreter.process_page``) and the flip
    is pdfplumber's, so both readers put every glyph at the same place.
    """
    x0, x1 = sorted(mediabox[0::2])
    y0, y1 = sorted(mediabox[1::2])
    if rotation == 90:
        ctm: Matrix = (0, -1, 1, 0, -y0, x1)
    elif rotation == 180:
        ctm = (-1, 0, 0, -1, x1, y1)
    elif rotation == 270:
        ctm = (0, 1, -1, 0, y1, -x0)
    else:
        ctm = (1, 0, 0, 1, -x0, -y0)
    if rotation in (90, 270):
        left, top_offset, width, height = y0, -x0, y1 - y0, x1 - x0
    else:
        left, top_offset, width, height = x0, -y0, x1 - x0, y1 - y0
    return Frame(*ctm, left, height + top_offset), width, height
