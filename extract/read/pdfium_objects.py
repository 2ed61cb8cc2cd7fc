"""A PDFium page's objects: ruling segments from its paths (form XObjects included), the
space glyphs PDFium left out of its text page, how its fonts box their glyphs, and the
glyphs PDFium lost in fonts the PDF does not embed.

PDFium leaves out of its text page every text object without ink (its glyphs' boxes span
no width). In an embedded font such an object is a printed space. In a font the PDF does
not embed the boxes come from the machine's fonts: on a machine without CJK fonts (this
project's CI) a one-hanzi object has no box and vanishes (骨干培训班 → 骨干培训), while an
object of two or more glyphs keeps its width from their advances and all its text. So only
an inkless object lost from the text page matters: a space when its font can only show
glyphs PDFium has built in (:mod:`.latin_fonts`), else a glyph that :mod:`.lost_glyphs`
reads back from the content stream (or, when it cannot, the page goes to pdfminer).

A page has about one text object per glyph (WPS and Word exports set every glyph on its
own), so the walk asks of a text object only its font's address (the font's metrics once per
font) and its ink; its text, font name and placement are read only when it has no ink. The
calls go through :mod:`.pdfium_calls`.
"""

from __future__ import annotations

import ctypes
from collections.abc import Callable
from typing import Any, NamedTuple, Optional

import pypdfium2.raw as pdfium_c

from ..model import Char, Segment
from .frame import IDENTITY, Frame, Matrix, multiply
from .geometry import line_segment, path_segments, rect_segments
from .glyphbox import SANE_BELOW
from .lost_glyphs import LostObject
from .pdfium_glyphs import Metrics
from .pdfium_calls import (
    COUNT_FORM_OBJECTS,
    COUNT_PAGE_OBJECTS,
    COUNT_SEGMENTS,
    GET_BOUNDS,
    GET_DRAW_MODE,
    GET_FONT_ADDRESS,
    GET_FORM_OBJECT,
    GET_MATRIX,
    GET_PAGE_OBJECT,
    GET_PATH_SEGMENT,
    GET_SEGMENT_CLOSE,
    GET_SEGMENT_POINT,
    GET_SEGMENT_TYPE,
    GET_TYPE,
    Handle,
    address,
)

SPACE_WIDTH = 0.3  # of the font size: the box given to a space glyph PDFium left out
# A font whose ascent less descent is over this many em has wrong metrics: its glyph boxes
# would span two lines of text (pdfminer's boxes are one em tall whatever the font says).
TALL_EM = 2.0
SANE_MARGIN = 0.01  # a font this near the edge of glyphbox.SANE_BELOW has each glyph checked
TEXT_KIND, FORM_KIND, PATH_KIND = pdfium_c.FPDF_PAGEOBJ_TEXT, pdfium_c.FPDF_PAGEOBJ_FORM, pdfium_c.FPDF_PAGEOBJ_PATH
MOVETO, BEZIERTO = pdfium_c.FPDF_SEGMENT_MOVETO, pdfium_c.FPDF_SEGMENT_BEZIERTO
_UNSEEN = b"\0"  # no font is named NUL: the key of a font not asked yet


class NeedsPdfminer(Exception):
    """PDFium cannot read this page faithfully; the message says why."""


class FontBoxes(NamedTuple):
    """How PDFium boxes a font's glyphs: from its ascent to its descent, which put the
    baseline at the same share of every box."""

    metrics: Optional[Metrics]  # the font's ascent and descent (em), when PDFium has them
    tall: bool  # they span over TALL_EM: the boxes are rebuilt one em tall
    sane: bool  # every box holds the baseline at a sane share: no glyph needs its own check


class PageObjects(NamedTuple):
    """What the walk over a page's objects gives: its ruling segments, the printed spaces
    PDFium left out of its text page, the text objects in fonts with wrong metrics (object
    address → the font's :data:`Metrics`), whose glyph boxes
    :func:`.pdfium_glyphs.page_chars` rebuilds, and whether some font's boxes may not hold
    their baseline sanely (then every glyph's is checked); and the objects PDFium lost in
    fonts the PDF does not embed, for :mod:`.lost_glyphs` to read back."""

    segments: list[Segment]
    spaces: list[Char]
    tall: dict[int, Metrics]
    odd_baselines: bool
    lost: list[LostObject]  # inkless objects left out of the text page that may be glyphs
    text_fonts: list[bytes]  # with any lost: the base names of the top-level text objects' fonts


NO_METRICS = FontBoxes(None, False, False)


def _font_boxes(obj: Any) -> FontBoxes:
    """How the glyphs of a text object's font are boxed (see :class:`FontBoxes`); a font
    without metrics (PDFium then gives each glyph's own outline box) is not sane."""
    font = pdfium_c.FPDFTextObj_GetFont(obj)
    ascent, descent = ctypes.c_float(), ctypes.c_float()
    if not (pdfium_c.FPDFFont_GetAscent(font, 1.0, ascent) and pdfium_c.FPDFFont_GetDescent(font, 1.0, descent)):
        return NO_METRICS
    a, d = ascent.value, descent.value
    if a - d <= 0:
        return NO_METRICS
    tall = a - d > TALL_EM
    below = -d if tall else -d / (a - d)  # the share of a box below the baseline
    return FontBoxes((a, d), tall, SANE_BELOW[0] + SANE_MARGIN <= below <= SANE_BELOW[1] - SANE_MARGIN)


def _typed(obj: Handle) -> Any:
    """A page object handle as pypdfium2's typed pointer, for its typed calls."""
    return ctypes.cast(obj, pdfium_c.FPDF_PAGEOBJECT)


def _subpaths(path_obj: Handle, matrix: Matrix) -> list[list[tuple[float, float]]]:
    """The points of each subpath in PDF user space, a closed one ending at its start; of a
    Bézier curve only its end points (as pdfminer gives them)."""
    a, b, c, d, e, f = matrix
    x, y = ctypes.c_float(), ctypes.c_float()
    x_ref, y_ref = ctypes.byref(x), ctypes.byref(y)
    subpaths: list[list[tuple[float, float]]] = []
    points: list[tuple[float, float]] = []
    bezier = 0
    for k in range(COUNT_SEGMENTS(path_obj)):
        seg = GET_PATH_SEGMENT(path_obj, k)
        kind = GET_SEGMENT_TYPE(seg)
        if kind == BEZIERTO:
            bezier += 1
            if bezier % 3:  # a control point, not where the curve goes
                continue
        GET_SEGMENT_POINT(seg, x_ref, y_ref)
        if kind == MOVETO and points:
            subpaths.append(points)
            points = []
        points.append((a * x.value + c * y.value + e, b * x.value + d * y.value + f))
        if GET_SEGMENT_CLOSE(seg):
            points.append(points[0])
    if points:
        subpaths.append(points)
    return subpaths


def _dedupe(points: list[tuple[float, float]]) -> list[tuple[float, float]]:
    out: list[tuple[float, float]] = []
    for p in points:
        if not out or abs(p[0] - out[-1][0]) > 1e-3 or abs(p[1] - out[-1][1]) > 1e-3:
            out.append(p)
    return out


def _is_rect(points: list[tuple[float, float]]) -> bool:
    """A closed, axis-aligned four-corner path (how ``re`` and Excel's cell borders come)."""
    return len(points) == 5 and points[0] == points[-1] and all(
        abs(p[0] - q[0]) < 0.01 or abs(p[1] - q[1]) < 0.01 for p, q in zip(points, points[1:])
    )


def _path_to_segments(points: list[tuple[float, float]], visible: bool, width: float, height: float) -> list[Segment]:
    """What pdfminer makes of a path: a rect, a line, or the axis-aligned pieces of a curve."""
    if _is_rect(points):
        xs, ys = [p[0] for p in points], [p[1] for p in points]
        return rect_segments(min(xs), min(ys), max(xs), max(ys), visible, width, height)
    if not visible:
        return []
    if len(points) == 2:
        (ax, ay), (bx, by) = points
        segment = line_segment(min(ax, bx), min(ay, by), max(ax, bx), max(ay, by))
        return [segment] if segment else []
    return path_segments(points)


def _object_text(obj: Any, text_page: Any) -> str:
    size = pdfium_c.FPDFTextObj_GetText(obj, text_page, None, 0)
    if size <= 2:
        return ""
    buffer = (ctypes.c_ushort * (size // 2))()
    pdfium_c.FPDFTextObj_GetText(obj, text_page, buffer, size)
    return bytes(buffer).decode("utf-16-le", errors="replace").rstrip("\x00")


def _base_name(font: Any) -> bytes:
    """A font's /BaseFont as PDFium gives it (bytes, subset prefix included)."""
    size = pdfium_c.FPDFFont_GetBaseFontName(font, None, 0)
    buffer = ctypes.create_string_buffer(max(size, 1))
    pdfium_c.FPDFFont_GetBaseFontName(font, buffer, size)
    return buffer.value


def _font_name(obj: Any, key: int) -> Optional[bytes]:
    """None for an embedded font, else its base name (``b""`` for a text object without
    a font); ``key`` is the font's address (0 for none)."""
    if not key:
        return b""
    font = pdfium_c.FPDFTextObj_GetFont(obj)
    return None if pdfium_c.FPDFFont_GetIsEmbedded(font) else _base_name(font)


def _may_be_a_glyph(name: Optional[bytes], latin: Callable[[], frozenset[bytes]]) -> bool:
    """Whether an inkless text object PDFium left out may show a glyph rather than a space:
    when its font is not embedded and can show glyphs PDFium's built-in fonts lack
    (``name`` is None for an embedded font; ``latin`` gives the page's fonts that cannot,
    read on first need). Raises :class:`NeedsPdfminer` for an object without a font
    (``b""``)."""
    if name == b"":
        raise NeedsPdfminer("a text object without a font")
    return name is not None and name not in latin()


def _placement(obj: Any, outer: Matrix) -> tuple[Matrix, float]:
    """A text object's matrix in user space (``outer``: its form XObjects') and font size."""
    m = pdfium_c.FS_MATRIX()
    pdfium_c.FPDFPageObj_GetMatrix(obj, m)
    size = ctypes.c_float()
    pdfium_c.FPDFTextObj_GetFontSize(obj, size)
    return multiply((m.a, m.b, m.c, m.d, m.e, m.f), outer), size.value


def _lost(obj: Any, ordinal: Optional[int], outer: Matrix, metrics: Optional[Metrics]) -> LostObject:
    """A lost object's placement, for :mod:`.lost_glyphs` to box its glyph."""
    matrix, size = _placement(obj, outer)
    ascent, descent = metrics or (1.0, 0.0)
    return LostObject(ordinal, matrix, size, ascent, descent)


def _space(obj: Any, outer: Matrix, frame: Frame) -> Char:
    """The space glyph of a text object with no ink and no text. PDFium folds a space at the
    end of a line into the line break, but a printed space there decides how the wrapped
    lines are joined (``, `` before a hanzi)."""
    matrix, size = _placement(obj, outer)
    x, y = matrix[4], matrix[5]
    xa, ya = frame(x, y)
    xb, yb = frame(x + SPACE_WIDTH * size, y + size)
    return Char(" ", min(xa, xb), min(ya, yb), max(xa, xb), max(ya, yb))


def page_objects(
    raw_page: Any,
    text_page: Any,
    frame: Frame,
    width: float,
    height: float,
    latin: Callable[[], frozenset[bytes]] = frozenset,
) -> PageObjects:
    """Ruling segments from the page's paths, the space glyphs of its text objects, and
    how its fonts box their glyphs (``raw_page`` and ``text_page`` are pypdfium2's
    handles). Raises
    :class:`NeedsPdfminer` for a glyph PDFium lost in a font that is not embedded (but
    for the page's Latin fonts, given by ``latin``: none unless told)."""
    segments: list[Segment] = []
    spaces: list[Char] = []
    tall: dict[int, Metrics] = {}
    fonts: dict[int, Optional[bytes]] = {}  # per font address: None (embedded) or its base name
    boxes: dict[int, FontBoxes] = {}  # per font address
    lost: list[LostObject] = []
    top_fonts: list[int] = []  # the font address of each top-level text object
    font_objects: dict[int, Handle] = {}  # an object of each font, to ask its name
    m = pdfium_c.FS_MATRIX()
    m_ref = ctypes.byref(m)
    fill, stroke = ctypes.c_int(), ctypes.c_int()
    fill_ref, stroke_ref = ctypes.byref(fill), ctypes.byref(stroke)
    ink_left, ink_bottom, ink_right, ink_top = ctypes.c_float(), ctypes.c_float(), ctypes.c_float(), ctypes.c_float()
    bounds = ctypes.byref(ink_left), ctypes.byref(ink_bottom), ctypes.byref(ink_right), ctypes.byref(ink_top)
    left_ref, bottom_ref, right_ref, top_ref = bounds
    fa, fb, fc, fd, fe, ff, shift, flip = frame

    def walk(
        count: Callable[[Any], int], get: Callable[[Any, int], Handle], parent: Any, outer: Matrix, top: bool
    ) -> None:
        for k in range(count(parent)):
            obj = get(parent, k)
            kind = GET_TYPE(obj)
            if kind == TEXT_KIND:  # most objects of a page
                key = GET_FONT_ADDRESS(obj) or 0
                font_boxes = boxes.get(key)
                if font_boxes is None:
                    font_boxes = boxes[key] = _font_boxes(_typed(obj)) if key else NO_METRICS
                    font_objects[key] = obj
                if font_boxes.tall and font_boxes.metrics is not None and obj.value is not None:
                    tall[obj.value] = font_boxes.metrics
                if top:
                    top_fonts.append(key)
                GET_BOUNDS(obj, left_ref, bottom_ref, right_ref, top_ref)
                if ink_right.value - ink_left.value > 0.01 or _object_text(_typed(obj), text_page):
                    continue
                name = fonts.get(key, _UNSEEN)
                if name == _UNSEEN:
                    name = fonts[key] = _font_name(_typed(obj), key)
                if _may_be_a_glyph(name, latin):
                    lost.append(_lost(_typed(obj), len(top_fonts) - 1 if top else None, outer, font_boxes.metrics))
                else:
                    spaces.append(_space(_typed(obj), outer, frame))
                continue
            if kind != FORM_KIND and kind != PATH_KIND:
                continue
            GET_MATRIX(obj, m_ref)
            matrix = multiply((m.a, m.b, m.c, m.d, m.e, m.f), outer)
            if kind == FORM_KIND:
                walk(COUNT_FORM_OBJECTS, GET_FORM_OBJECT, obj, matrix, False)
                continue
            GET_DRAW_MODE(obj, fill_ref, stroke_ref)
            visible = bool(fill.value) or bool(stroke.value)
            for points in _subpaths(obj, matrix):
                shown = _dedupe([(fa * x + fc * y + fe + shift, flip - (fb * x + fd * y + ff)) for x, y in points])
                segments.extend(_path_to_segments(shown, visible, width, height))

    walk(COUNT_PAGE_OBJECTS, GET_PAGE_OBJECT, address(raw_page), IDENTITY, True)
    names: list[bytes] = []
    if lost:
        by_font = {key: _base_name(pdfium_c.FPDFTextObj_GetFont(_typed(obj))) if key else b"" for key, obj in font_objects.items()}
        names = [by_font[key] for key in top_fonts]
    return PageObjects(segments, spaces, tall, not all(b.sane for b in boxes.values()), lost, names)
