"""The glyphs of a PDFium text page as :class:`~jixiao.extract.model.Char`: pdfminer-like boxes
(the font's loose box, put back on the baseline where the font's metrics are wrong) and
``(cid:N)`` for glyphs without a Unicode mapping.

This is the reader's innermost loop (a glyph per turn, a million per hundred pages), so it
takes the text of the whole page in one call, makes three PDFium calls per glyph through
:mod:`.pdfium_calls` and applies the page frame's matrix inline (:class:`.frame.Frame`, the
same arithmetic as calling it).
"""

from __future__ import annotations

import ctypes
from typing import Any, Optional

import pypdfium2.raw as pdfium_c

from ...normalize.text import fold_ideographs, may_fold
from ..model import Char
from .frame import Frame
from .glyphbox import SANE_BELOW, on_baseline
from .pdfium_calls import GET_CHAR_ORIGIN, GET_LOOSE_CHAR_BOX, GET_TEXT_OBJECT, HAS_UNICODE_MAP_ERROR, IS_GENERATED, address

Metrics = tuple[float, float]  # a font's ascent and descent, in em

# What PDFium adds to a text page of its own (word gaps, line breaks); any other code is a
# glyph, so IsGenerated is asked only of these.
GENERATED_CODES = frozenset((0x20, 0x0D, 0x0A))
SANE_LOW, SANE_HIGH = SANE_BELOW
_TEXTS: dict[int, str] = {}  # a mapped code's text, kept across pages: a document repeats few thousand glyphs


def _codes(text_page: Any, count: int) -> list[int]:
    """The UTF-16 unit of every character index of a text page (PDFium gives a character
    outside the BMP two indices, a surrogate pair), in one call when it returns one unit per
    index."""
    buffer = (ctypes.c_ushort * (count + 1))()
    if pdfium_c.FPDFText_GetText(text_page, 0, count, buffer) == count + 1:
        return buffer[:count]
    return [pdfium_c.FPDFText_GetUnicode(text_page, i) for i in range(count)]


def _glyph_text(code: int, unmapped: bool) -> str:
    if unmapped:
        return f"(cid:{code})"
    if code == 0x09:
        return "\t"  # a drawn tab glyph is blank, as pdfminer reads it
    if code < 0x20 or 0xD800 <= code <= 0xDFFF:
        return "\ufffd"  # a control code or a lone surrogate: a glyph without usable text
    return fold_ideographs(chr(code)) if may_fold(code) else chr(code)


def _one_em(top: float, bottom: float, origin_y: float, metrics: Metrics) -> tuple[float, float]:
    """``(top, bottom)`` (PDF space, y up) of a glyph box one em tall from the font's
    descent below the baseline, as pdfminer makes every box, instead of PDFium's box from
    ascent to descent; ``metrics`` are the font's (their span in em gives the em)."""
    ascent, descent = metrics
    em = (top - bottom) / (ascent - descent)
    return origin_y + (descent + 1.0) * em, origin_y + descent * em


def page_chars(
    text_page: Any, frame: Frame, tall: Optional[dict[int, Metrics]] = None, odd_baselines: bool = True
) -> list[Char]:
    """Every glyph of the text page (pypdfium2's handle), in the page frame. The characters
    PDFium adds of its own (line breaks, and a space wherever it sees a word gap) are left
    out: word gaps are the text assembly's business (celltext.py), and printed spaces PDFium
    dropped come back from their text objects (:mod:`.pdfium_objects`). ``tall`` gives the
    text objects in fonts whose metrics are wrong (address → ascent and descent in em):
    their glyphs' boxes are made one em tall, as pdfminer makes them. Each box is put back
    on its baseline where the font's metrics are wrong (:mod:`.glyphbox`); when no font of
    the page is (``odd_baselines`` false, from :mod:`.pdfium_objects`) and the page stands
    upright, no glyph's origin is asked."""
    codes = _codes(text_page, pdfium_c.FPDFText_CountChars(text_page))
    page = address(text_page)
    box = pdfium_c.FS_RECTF()
    box_ref = ctypes.byref(box)
    ox, oy = ctypes.c_double(), ctypes.c_double()
    ox_ref, oy_ref = ctypes.byref(ox), ctypes.byref(oy)
    a, b, c, d, e, f, left_shift, flip = frame
    check_baselines = odd_baselines or b != 0 or c != 0
    texts = _TEXTS
    chars: list[Char] = []
    append = chars.append
    count = len(codes)
    low_half = False  # the index is the second unit of a surrogate pair, already read
    for i, code in enumerate(codes):
        if low_half:
            low_half = False
            continue
        if code in GENERATED_CODES and IS_GENERATED(page, i):
            continue
        GET_LOOSE_CHAR_BOX(page, i, box_ref)
        left, top, right, bottom = box.left, box.top, box.right, box.bottom
        if tall and top > bottom and (metrics := tall.get(GET_TEXT_OBJECT(page, i))) is not None:
            if GET_CHAR_ORIGIN(page, i, ox_ref, oy_ref) and left - 0.5 <= ox.value <= right + 0.5:
                top, bottom = _one_em(top, bottom, oy.value, metrics)
        if 0xD800 <= code <= 0xDBFF and i + 1 < count and 0xDC00 <= codes[i + 1] <= 0xDFFF:
            code = 0x10000 + ((code - 0xD800) << 10) + (codes[i + 1] - 0xDC00)
            GET_LOOSE_CHAR_BOX(page, i + 1, box_ref)
            left, top = min(left, box.left), max(top, box.top)
            right, bottom = max(right, box.right), min(bottom, box.bottom)
            low_half = True
        unmapped = HAS_UNICODE_MAP_ERROR(page, i) == 1
        text = texts.get(code) if not unmapped else None
        if text is None:
            text = _glyph_text(code, unmapped)
            if not unmapped:
                texts[code] = text
        xa, ya = a * left + c * top + e + left_shift, flip - (b * left + d * top + f)
        xb, yb = a * right + c * bottom + e + left_shift, flip - (b * right + d * bottom + f)
        # min and max of each pair (the first of equals, as min() and max() give it)
        x0, x1 = (xa, xb) if xa < xb else (xb, xa) if xb < xa else (xa, xa)
        y0, y1 = (ya, yb) if ya < yb else (yb, ya) if yb < ya else (ya, ya)
        if check_baselines and GET_CHAR_ORIGIN(page, i, ox_ref, oy_ref):
            x, y = ox.value, oy.value
            baseline = flip - (b * x + d * y + f)
            # on_baseline() moves only a box whose baseline is not a sane share of it
            if y1 - y0 > 0 and not (SANE_LOW <= (y1 - baseline) / (y1 - y0) <= SANE_HIGH):
                y0, y1 = on_baseline(x0, y0, x1, y1, a * x + c * y + e + left_shift, baseline)
        append(Char(text, x0, y0, x1, y1))
    return chars
