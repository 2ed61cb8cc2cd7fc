"""Is a page's text layer usable, or must the page be OCR'd? One reason string, or None.

A text layer is unusable when it is missing, when its glyphs cannot be mapped to text (fonts
without a ToUnicode map give ``(cid:N)``; broken maps give private-use or U+FFFD characters, or
Latin letters where the page shows hanzi), or when it does not look like the page: a page that
is one big image with next to no text (a scan with a page number or a stamp date on top), a
searchable scan (an image of the page under an invisible OCR layer, whose table rules exist
only in the image), or a ruled table with no text at all (text drawn as outlines).

The checks are shares of the page's glyphs, so a text PDF with a few odd symbols (□, ☑, ①) is
never sent to OCR; the image check is asked for only when the glyphs are suspicious or no rules
were drawn, so ordinary text pages cost nothing extra.

A page with no text and no rules whose picture covers less than half of it is a figure of a
digital report (a 人员构成 pie chart), not a scan: a scanned page is an image of the whole
sheet. It is not OCR'd (:func:`figure_share`): the models would cost seconds and a quarter of
a gigabyte to read a chart's labels, and there is no form on it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Optional

from ...model import Page

# Shares of the page's visible glyphs above which the text layer is garbage.
CID_SHARE = 0.1
BROKEN_SHARE = 0.1
ODD_LETTER_SHARE = 0.3
MIN_GARBAGE = 3  # fewer odd glyphs than this never make a page garbage
# A page with fewer CJK glyphs than this "has no text" when an image covers this share of it.
FEW_CJK = 20
BIG_IMAGE = 0.5
# A ruled page (this many segments) with no CJK glyph and fewer glyphs than this has no text.
TABLE_SEGMENTS = 8
FEW_GLYPHS = 10


def is_ideograph(ch: str) -> bool:
    """A CJK unified ideograph (basic block, extension A/B…, compatibility)."""
    code = ord(ch)
    return (
        0x4E00 <= code <= 0x9FFF
        or 0x3400 <= code <= 0x4DBF
        or 0x20000 <= code <= 0x3134F
        or 0xF900 <= code <= 0xFAFF
    )


def is_broken(ch: str) -> bool:
    """A private-use character or U+FFFD: the font's glyph could not be mapped to text."""
    code = ord(ch)
    return code == 0xFFFD or 0xE000 <= code <= 0xF8FF or code >= 0xF0000


def is_odd_letter(ch: str) -> bool:
    """A letter that is neither ASCII nor CJK (À, ß, Ж …): what a wrong encoding of a
    Chinese font shows."""
    return ch.isalpha() and not ch.isascii() and not is_ideograph(ch) and not 0x3000 <= ord(ch) <= 0x30FF and not 0xFF00 <= ord(ch) <= 0xFFEF


def text_layer_problem(page: Page, image_share: Callable[[], float]) -> Optional[str]:
    """Why the page's text layer cannot be used, or None when it can.

    ``image_share`` returns the share of the page covered by its largest image; it is called
    only when needed.
    """
    glyphs = [c.text for c in page.chars if c.text.strip()]
    n = len(glyphs)
    if n == 0:
        return "no text layer"
    cid = sum(1 for t in glyphs if t.startswith("(cid:"))
    if cid >= max(MIN_GARBAGE, CID_SHARE * n):
        return f"{cid} of {n} glyphs are (cid:N): fonts without a ToUnicode map"
    single = [t for t in glyphs if len(t) == 1]
    broken = sum(1 for t in single if is_broken(t))
    if broken >= max(MIN_GARBAGE, BROKEN_SHARE * n):
        return f"{broken} of {n} glyphs are private-use or U+FFFD characters"
    odd = sum(1 for t in single if is_odd_letter(t))
    if odd >= max(MIN_GARBAGE, ODD_LETTER_SHARE * n):
        return f"{odd} of {n} glyphs are non-Chinese, non-ASCII letters: a broken font encoding"
    cjk = sum(1 for t in single if is_ideograph(t))
    if cjk == 0 and n < FEW_GLYPHS and len(page.segments) >= TABLE_SEGMENTS:
        return f"ruled page with only {n} glyphs of text (text drawn as outlines?)"
    if cjk < FEW_CJK or not page.segments:
        share = image_share()
        if share >= BIG_IMAGE and cjk < FEW_CJK:
            return f"an image covers {share:.0%} of the page and the text layer has {cjk} CJK glyphs"
        if share >= BIG_IMAGE:
            return f"an image covers {share:.0%} of the page and no rules are drawn: a scan under a hidden text layer"
    return None


def figure_share(page: Page, image_share: Callable[[], float]) -> Optional[float]:
    """The share of the page its largest image covers when the page is a figure — no glyph,
    no drawn rule, an image under :data:`BIG_IMAGE` of the page — else None.
    ``image_share`` is called only for a page without glyphs and rules."""
    if page.segments or any(c.text.strip() for c in page.chars):
        return None
    share = image_share()
    return share if 0 < share < BIG_IMAGE else None


def _bounds(obj: Any) -> tuple[float, float, float, float]:
    """A page object's bounding box: ``get_bounds`` in pypdfium2 5, ``get_pos`` in 4."""
    bounds = getattr(obj, "get_bounds", None) or obj.get_pos
    return bounds()


def largest_image_share(page: Any) -> float:
    """The share of a pypdfium2 page's MediaBox covered by its largest image object
    (images inside form XObjects included)."""
    import pypdfium2.raw as pdfium_c

    left, bottom, right, top = page.get_mediabox()
    area = (right - left) * (top - bottom)
    if area <= 0:
        return 0.0
    best = 0.0
    for obj in page.get_objects(filter=(pdfium_c.FPDF_PAGEOBJ_IMAGE,), max_depth=3):
        x0, y0, x1, y1 = _bounds(obj)
        w = max(0.0, min(x1, right) - max(x0, left))
        h = max(0.0, min(y1, top) - max(y0, bottom))
        best = max(best, w * h / area)
    return best


# A page is blank when fewer than this share of its pixels, rendered at BLANK_DPI, are ink
# (darker than the paper by INK_CONTRAST), leaving out a margin of EDGE of each side (a
# scanner's edge shadow, punch holes): grain and specks vanish at that size, one line of pale
# text is several times more.
BLANK_DPI = 36
INK_CONTRAST = 30
BLANK_SHARE = 0.001
EDGE = 0.06


def is_blank(page: Any) -> bool:
    """Whether a pypdfium2 page shows no ink (a blank sheet scanned, colour stamps aside):
    rendered small, it costs a few milliseconds and spares the page the OCR models."""
    import numpy as np  # only pages on their way to OCR get here: text PDFs never load numpy

    from .render import without_colour

    bitmap = page.render(scale=BLANK_DPI / 72.0)
    try:
        pixels = bitmap.to_numpy()
        gray = without_colour(pixels) if pixels.ndim == 3 else pixels
        gray = gray.astype(np.int16)
    finally:
        bitmap.close()
    height, width = gray.shape
    dy, dx = int(EDGE * height), int(EDGE * width)
    inner = gray[dy : height - dy, dx : width - dx]
    if inner.size == 0:
        return False
    paper = int(np.median(inner))
    ink = int(np.count_nonzero(inner < paper - INK_CONTRAST))
    return ink < BLANK_SHARE * inner.size
