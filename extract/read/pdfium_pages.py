"""PDF → :class:`~jixiao.extract.model.Page` with PDFium (the C++ engine pdfplumber ships
through pypdfium2): the default reader, several times faster than interpreting content
streams in Python (3 ms against 23 ms for a page of the Calc sample).

It gives the same pages as :mod:`.pdfminer_pages`: glyphs with pdfminer-like boxes (the
font's loose box), ``(cid:N)`` for glyphs that have no Unicode mapping, and ruling segments
from path objects (form XObjects included), all in pdfplumber's frame (``top`` from the top
of the page as displayed, /Rotate applied). ``tests/test_readers.py`` holds both readers to
the same records on every corpus.

A page PDFium cannot read faithfully is refused (:class:`NeedsPdfminer`) and read by
pdfminer instead: one it cannot load, one whose MediaBox is inherited (PDFium does not give
it), and one with text in fonts the PDF does not embed (PDFium takes those glyphs from the
machine's fonts and drops the ones it cannot find, so records would depend on the machine).

PDFium is not thread-safe; every call this module makes into it holds :data:`PDFIUM_LOCK` so
that threaded executors (a Dask worker running a timed-out task on) cannot enter it twice.
"""

from __future__ import annotations

import ctypes
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, Optional, Union

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from ...normalize.text import fold_ideographs, may_fold
from .geometry import line_segment, path_segments, rect_segments
from .latin_fonts import LatinFonts
from .glyphbox import on_baseline
from ..model import Char, Page, Segment

PDFIUM_LOCK = threading.RLock()

Matrix = tuple[float, float, float, float, float, float]
Transform = Callable[[float, float], tuple[float, float]]
IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
_PASSWORD_ERROR = 4
REOPEN_EVERY = 100  # pages read before the document is reopened to free PDFium's object cache
# What PDFium adds to a text page of its own (word gaps, line breaks); any other code is a
# glyph, so IsGenerated is asked only of these.
GENERATED_CODES = frozenset((0x20, 0x0D, 0x0A))
SPACE_WIDTH = 0.3  # of the font size: the box given to a space glyph PDFium left out


class PdfiumOpenError(Exception):
    """PDFium could not open the file; ``password`` tells a wrong or missing password."""

    def __init__(self, message: str, password: bool = False) -> None:
        super().__init__(message)
        self.password = password


def open_document(path: Union[str, Path], password: str = "") -> Any:
    """Open a PDF with PDFium, trying the given password and then none (many published
    PDFs are encrypted with an owner password only). Raises :class:`PdfiumOpenError`."""
    candidates = [password or None] if not password else [password, None]
    error: Any = None
    for candidate in candidates:
        try:
            with PDFIUM_LOCK:
                return pdfium.PdfDocument(str(path), password=candidate)
        except pdfium.PdfiumError as exc:
            error = exc
            if exc.err_code != _PASSWORD_ERROR:
                break
    code = getattr(error, "err_code", None)
    text = str(error).replace("Failed to load document (PDFium: ", "").rstrip(").")
    raise PdfiumOpenError(text or "PDFium could not open the file", password=code == _PASSWORD_ERROR)


def _multiply(m: Matrix, n: Matrix) -> Matrix:
    """The matrix that applies ``m`` and then ``n``."""
    a, b, c, d, e, f = m
    a2, b2, c2, d2, e2, f2 = n
    return (a * a2 + b * c2, a * b2 + b * d2, c * a2 + d * c2, c * b2 + d * d2, e * a2 + f * c2 + e2, e * b2 + f * d2 + f2)


def display_transform(rotation: int, mediabox: tuple[float, float, float, float]) -> tuple[Transform, float, float]:
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
    flip = height + top_offset
    a, b, c, d, e, f = ctm

    def transform(x: float, y: float) -> tuple[float, float]:
        return a * x + c * y + e + left, flip - (b * x + d * y + f)

    return transform, width, height


def _mediabox(raw_page: Any) -> Optional[tuple[float, float, float, float]]:
    """The page's own MediaBox, or None when it is inherited from the page tree: PDFium
    has no call for the inherited box (its page size is the CropBox), and pdfplumber's frame
    is the MediaBox."""
    box = [ctypes.c_float() for _ in range(4)]
    if pdfium_c.FPDFPage_GetMediaBox(raw_page, *box):
        return (box[0].value, box[1].value, box[2].value, box[3].value)
    return None


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


def _page_chars(text_page: Any, transform: Transform) -> list[Char]:
    """Every glyph of the text page. The characters PDFium adds of its own (line breaks, and
    a space wherever it sees a word gap) are left out: word gaps are the text assembly's
    business (celltext.py), and printed spaces PDFium dropped come back from their text
    objects (:func:`_space`)."""
    chars: list[Char] = []
    box = pdfium_c.FS_RECTF()
    get_box, map_error = pdfium_c.FPDFText_GetLooseCharBox, pdfium_c.FPDFText_HasUnicodeMapError
    generated = pdfium_c.FPDFText_IsGenerated
    texts: dict[int, str] = {}  # a mapped code's text: a page repeats few hundred glyphs
    get_origin = pdfium_c.FPDFText_GetCharOrigin
    ox, oy = ctypes.c_double(), ctypes.c_double()
    codes = _codes(text_page, pdfium_c.FPDFText_CountChars(text_page))
    i = 0
    while i < len(codes):
        code = codes[i]
        if code in GENERATED_CODES and generated(text_page, i):
            i += 1
            continue
        get_box(text_page, i, box)
        left, top, right, bottom = box.left, box.top, box.right, box.bottom
        step = 1
        if 0xD800 <= code <= 0xDBFF and i + 1 < len(codes) and 0xDC00 <= codes[i + 1] <= 0xDFFF:
            code = 0x10000 + ((code - 0xD800) << 10) + (codes[i + 1] - 0xDC00)
            get_box(text_page, i + 1, box)
            left, top = min(left, box.left), max(top, box.top)
            right, bottom = max(right, box.right), min(bottom, box.bottom)
            step = 2
        unmapped = map_error(text_page, i) == 1
        text = texts.get(code) if not unmapped else None
        if text is None:
            text = _glyph_text(code, unmapped)
            if not unmapped:
                texts[code] = text
        xa, ya = transform(left, top)
        xb, yb = transform(right, bottom)
        x0, y0, x1, y1 = min(xa, xb), min(ya, yb), max(xa, xb), max(ya, yb)
        if get_origin(text_page, i, ox, oy):
            origin_x, origin_y = transform(ox.value, oy.value)
            y0, y1 = on_baseline(x0, y0, x1, y1, origin_x, origin_y)
        chars.append(Char(text, x0, y0, x1, y1))
        i += step
    return chars


def _subpaths(path_obj: Any, matrix: Matrix) -> list[list[tuple[float, float]]]:
    """The points of each subpath in PDF user space, a closed one ending at its start; of a
    Bézier curve only its end points (as pdfminer gives them)."""
    a, b, c, d, e, f = matrix
    x, y = ctypes.c_float(), ctypes.c_float()
    subpaths: list[list[tuple[float, float]]] = []
    points: list[tuple[float, float]] = []
    bezier = 0
    for k in range(pdfium_c.FPDFPath_CountSegments(path_obj)):
        seg = pdfium_c.FPDFPath_GetPathSegment(path_obj, k)
        kind = pdfium_c.FPDFPathSegment_GetType(seg)
        if kind == pdfium_c.FPDF_SEGMENT_BEZIERTO:
            bezier += 1
            if bezier % 3:  # a control point, not where the curve goes
                continue
        pdfium_c.FPDFPathSegment_GetPoint(seg, x, y)
        if kind == pdfium_c.FPDF_SEGMENT_MOVETO and points:
            subpaths.append(points)
            points = []
        points.append((a * x.value + c * y.value + e, b * x.value + d * y.value + f))
        if pdfium_c.FPDFPathSegment_GetClose(seg):
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


class NeedsPdfminer(Exception):
    """PDFium cannot read this page faithfully; the message says why."""


def _object_text(obj: Any, text_page: Any) -> str:
    size = pdfium_c.FPDFTextObj_GetText(obj, text_page, None, 0)
    if size <= 2:
        return ""
    buffer = (ctypes.c_ushort * (size // 2))()
    pdfium_c.FPDFTextObj_GetText(obj, text_page, buffer, size)
    return bytes(buffer).decode("utf-16-le", errors="replace").rstrip("\x00")


def _address_function(function: Any) -> Any:
    """A copy of a PDFium call that returns a handle as a plain int (its address): a
    dictionary key without a ``ctypes.cast`` per call."""
    copy = type(function)(ctypes.cast(function, ctypes.c_void_p).value)
    copy.argtypes, copy.restype = function.argtypes, ctypes.c_void_p
    return copy


_FONT_ADDRESS = _address_function(pdfium_c.FPDFTextObj_GetFont)


def _base_name(font: Any) -> bytes:
    """A font's /BaseFont as PDFium gives it (bytes, subset prefix included)."""
    size = pdfium_c.FPDFFont_GetBaseFontName(font, None, 0)
    buffer = ctypes.create_string_buffer(max(size, 1))
    pdfium_c.FPDFFont_GetBaseFontName(font, buffer, size)
    return buffer.value


def _check_font(obj: Any, text_page: Any, fonts: dict[int, Optional[bytes]], latin: Callable[[], frozenset[bytes]]) -> Optional[str]:
    """Refuse a page whose non-ASCII text (or text PDFium lost: an object with no text) is
    in a font the PDF does not embed: PDFium draws such glyphs from the machine's fonts and
    drops those it cannot find there, so its text would depend on the machine — unless the
    font is a Latin simple one, whose glyphs PDFium has on every machine
    (:mod:`.latin_fonts`; ``latin`` gives the page's, read on first need). ``fonts`` keeps
    per font handle None (embedded) or its base name.

    The font is asked first: the object's text (a scan of the whole text page in PDFium) is
    taken only for fonts that are not embedded, and returned (None if it was not taken)."""
    key = _FONT_ADDRESS(obj) or 0
    if key not in fonts:
        font = pdfium_c.FPDFTextObj_GetFont(obj)
        fonts[key] = None if key and pdfium_c.FPDFFont_GetIsEmbedded(font) else (_base_name(font) if key else b"")
    name = fonts[key]
    if name is None:
        return None
    text = _object_text(obj, text_page)
    if not (text.isascii() and text.strip()) and not (name and name in latin()):
        raise NeedsPdfminer("text in a font that is not embedded")
    return text


def _space(
    obj: Any, text: Optional[str], text_page: Any, outer: Matrix, transform: Transform, box: list[ctypes.c_float]
) -> Optional[Char]:
    """A space glyph PDFium left out of its text page, or None: a text object with no ink
    and no text. PDFium folds a space at the end of a line into the line break, but a
    printed space there decides how the wrapped lines are joined (``, `` before a hanzi).
    The ink is looked at first (into ``box``, four floats reused from object to object),
    the text (costly; None when not read yet) and the placement only of an object without ink."""
    pdfium_c.FPDFPageObj_GetBounds(obj, *box)
    if box[2].value - box[0].value > 0.01 or (text if text is not None else _object_text(obj, text_page)):
        return None
    m = pdfium_c.FS_MATRIX()
    pdfium_c.FPDFPageObj_GetMatrix(obj, m)
    matrix = _multiply((m.a, m.b, m.c, m.d, m.e, m.f), outer)
    size = ctypes.c_float()
    pdfium_c.FPDFTextObj_GetFontSize(obj, size)
    x, y = matrix[4], matrix[5]
    xa, ya = transform(x, y)
    xb, yb = transform(x + SPACE_WIDTH * size.value, y + size.value)
    return Char(" ", min(xa, xb), min(ya, yb), max(xa, xb), max(ya, yb))


def _page_objects(
    raw_page: Any,
    text_page: Any,
    transform: Transform,
    width: float,
    height: float,
    latin: Callable[[], frozenset[bytes]] = frozenset,
) -> tuple[list[Segment], list[Char]]:
    """Ruling segments from the page's paths, and the space glyphs of its text objects.
    Raises :class:`NeedsPdfminer` for text in fonts that are not embedded (but for the
    page's Latin simple fonts, given by ``latin``: none unless told)."""
    segments: list[Segment] = []
    spaces: list[Char] = []
    fonts: dict[int, Optional[bytes]] = {}
    m = pdfium_c.FS_MATRIX()
    fill, stroke = ctypes.c_int(), ctypes.c_int()
    box = [ctypes.c_float() for _ in range(4)]
    get_type, get_matrix = pdfium_c.FPDFPageObj_GetType, pdfium_c.FPDFPageObj_GetMatrix
    text_kind, form_kind, path_kind = pdfium_c.FPDF_PAGEOBJ_TEXT, pdfium_c.FPDF_PAGEOBJ_FORM, pdfium_c.FPDF_PAGEOBJ_PATH

    def walk(count: Callable[[Any], int], get: Callable[[Any, int], Any], parent: Any, outer: Matrix) -> None:
        for k in range(count(parent)):
            obj = get(parent, k)
            kind = get_type(obj)
            if kind == text_kind:  # most objects of a page: its placement is read only if needed
                text = _check_font(obj, text_page, fonts, latin)
                space = _space(obj, text, text_page, outer, transform, box)
                if space is not None:
                    spaces.append(space)
                continue
            if kind != form_kind and kind != path_kind:
                continue
            get_matrix(obj, m)
            matrix = _multiply((m.a, m.b, m.c, m.d, m.e, m.f), outer)
            if kind == form_kind:
                walk(pdfium_c.FPDFFormObj_CountObjects, pdfium_c.FPDFFormObj_GetObject, obj, matrix)
            else:
                pdfium_c.FPDFPath_GetDrawMode(obj, fill, stroke)
                visible = bool(fill.value) or bool(stroke.value)
                for points in _subpaths(obj, matrix):
                    shown = _dedupe([transform(px, py) for px, py in points])
                    segments.extend(_path_to_segments(shown, visible, width, height))

    walk(pdfium_c.FPDFPage_CountObjects, pdfium_c.FPDFPage_GetObject, raw_page, IDENTITY)
    return segments, spaces


def pdfium_page(
    doc: Any, index: int, latin_fonts: Optional[Callable[[int], frozenset[bytes]]] = None
) -> Union[Page, NeedsPdfminer]:
    """Page ``index`` (0-based) of an open pypdfium2 document as plain glyphs and segments,
    or why PDFium cannot read it faithfully (the caller reads it with pdfminer).
    ``latin_fonts`` gives a page's Latin simple fonts (:class:`.latin_fonts.LatinFonts`),
    whose text PDFium reads the same on every machine; without it every font the PDF does
    not embed refuses the page."""
    latin: Callable[[], frozenset[bytes]] = frozenset
    if latin_fonts is not None:
        known: list[frozenset[bytes]] = []

        def latin() -> frozenset[bytes]:
            if not known:
                known.append(latin_fonts(index))
            return known[0]

    with PDFIUM_LOCK:
        raw_page = pdfium_c.FPDF_LoadPage(doc.raw, index)
        if not raw_page:
            return NeedsPdfminer("PDFium cannot load the page")
        try:
            mediabox = _mediabox(raw_page)
            if mediabox is None:
                return NeedsPdfminer("MediaBox inherited from the page tree")
            rotation = (pdfium_c.FPDFPage_GetRotation(raw_page) % 4) * 90
            transform, width, height = display_transform(rotation, mediabox)
            text_page = pdfium_c.FPDFText_LoadPage(raw_page)
            try:
                segments, spaces = _page_objects(raw_page, text_page, transform, width, height, latin)
                chars = _page_chars(text_page, transform) + spaces
            except NeedsPdfminer as refusal:
                return refusal
            finally:
                pdfium_c.FPDFText_ClosePage(text_page)
        finally:
            pdfium_c.FPDF_ClosePage(raw_page)
    return Page(number=index + 1, width=width, height=height, chars=chars, segments=segments)


def pdfium_pages(
    path: Union[str, Path], password: str = "", reopen_every: int = REOPEN_EVERY, pages: Optional[range] = None
) -> Iterator[Union[Page, NeedsPdfminer]]:
    """The pages of a PDF (all, or the 0-based ``pages``), read with PDFium one at a time
    (or why a page cannot be, see :func:`pdfium_page`). The document is reopened every
    ``reopen_every`` pages: PDFium keeps every object it has parsed until the document is
    closed, so a 2,000-page file would otherwise grow the worker by ~50 KB a page."""
    doc = open_document(path, password)
    fonts = LatinFonts(path, password)
    try:
        with PDFIUM_LOCK:
            count = len(doc)
        for index in range(count) if pages is None else range(pages.start, min(pages.stop, count)):
            if index and index % reopen_every == 0:
                with PDFIUM_LOCK:
                    doc.close()
                doc = open_document(path, password)
            yield pdfium_page(doc, index, fonts.names)
    finally:
        fonts.close()
        with PDFIUM_LOCK:
            doc.close()
