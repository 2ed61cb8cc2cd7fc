"""PDF pages as PNG images (pypdfium2), and the mapping from record boxes to image pixels.

Record boxes are in PDF points with the origin at the top-left of the page's MediaBox, as
pdfplumber measures them; pdfium draws the CropBox. ``PageImage.to_pixels`` accounts for
both, so a box lands on the pixels of the cell it was read from.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

DEFAULT_DPI = 100
POINTS_PER_INCH = 72


class PdfUnreadable(Exception):
    """A source PDF that exists but pdfium cannot open (damaged, encrypted)."""


@dataclass(frozen=True)
class PageImage:
    """One rendered page: its PNG (relative to the review folder) and how points map to it."""

    src: str
    width: int
    height: int
    scale: float
    offset_x: float = 0.0
    offset_y: float = 0.0

    def to_pixels(self, box: dict[str, Any]) -> tuple[int, int, int, int]:
        """``(left, top, width, height)`` in image pixels of a record box (points)."""
        x0 = (box["x0"] + self.offset_x) * self.scale
        y0 = (box["top"] + self.offset_y) * self.scale
        x1 = (box["x1"] + self.offset_x) * self.scale
        y1 = (box["bottom"] + self.offset_y) * self.scale
        left, top = round(min(x0, x1)), round(min(y0, y1))
        return left, top, max(round(max(x0, x1)) - left, 1), max(round(max(y0, y1)) - top, 1)


def render_pages(
    pdf_path: Path, pages: Iterable[int], out_dir: Path, stem: str, dpi: int = DEFAULT_DPI
) -> dict[int, PageImage]:
    """Render the given 1-based pages of a PDF to ``out_dir/{stem}-{page}.png``.

    Pages the PDF does not have are left out of the result; a PDF pdfium cannot open raises
    ``PdfUnreadable`` with a one-line reason.
    """
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(str(pdf_path))
    except pdfium.PdfiumError as exc:
        raise PdfUnreadable(f"{pdf_path}: pdfium cannot open it ({exc})") from None
    out_dir.mkdir(parents=True, exist_ok=True)
    images: dict[int, PageImage] = {}
    try:
        for number in sorted(set(pages)):
            if not 1 <= number <= len(pdf):
                continue
            page = pdf[number - 1]
            try:
                images[number] = _render_page(page, out_dir, f"{stem}-{number}.png", dpi)
            finally:
                page.close()
    finally:
        pdf.close()
    return images


def _render_page(page: Any, out_dir: Path, name: str, dpi: int) -> PageImage:
    bitmap = page.render(scale=dpi / POINTS_PER_INCH)
    image = bitmap.to_pil()
    image.save(out_dir / name, format="PNG", optimize=True)
    width_pt, _ = page.get_size()
    offset_x = offset_y = 0.0
    if page.get_rotation() == 0:
        mb_left, _, _, mb_top = page.get_mediabox()
        crop_left, _, _, crop_top = page.get_cropbox()
        offset_x, offset_y = mb_left - crop_left, crop_top - mb_top
    return PageImage(
        src=f"{out_dir.name}/{name}",
        width=image.width,
        height=image.height,
        scale=image.width / width_pt,
        offset_x=offset_x,
        offset_y=offset_y,
    )
