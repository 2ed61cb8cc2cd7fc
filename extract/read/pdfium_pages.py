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
it), and one where it lost a glyph of a font the PDF does not embed that cannot be read back
from the content stream (PDFium takes those glyphs from the machine's fonts and drops a lone
one it cannot find, so records would depend on the machine; see :mod:`.pdfium_objects` and
:mod:`.lost_glyphs`).

The parts: :mod:`.frame` (user space → page frame), :mod:`.pdfium_glyphs` (the text page's
glyphs), :mod:`.pdfium_objects` (rules from paths, printed spaces, the font checks) and
:mod:`.pdfium_calls` (the per-glyph calls without ctypes' argument conversion); this module
opens documents and pages.

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

from .frame import Frame, display_transform
from .latin_fonts import LatinFonts
from .lost_glyphs import LostGlyphs, LostObject
from .pdfminer_view import PdfminerView
from .pdfium_glyphs import GENERATED_CODES, _glyph_text, page_chars
from .pdfium_objects import NeedsPdfminer, page_objects
from ..model import Char, Page

__all__ = ["GENERATED_CODES", "NeedsPdfminer", "PdfiumOpenError", "_glyph_text", "display_transform", "pdfium_page", "pdfium_pages"]

PDFIUM_LOCK = threading.RLock()
LostReader = Callable[[int, list[LostObject], list[bytes], Frame], Optional[list[Char]]]

_PASSWORD_ERROR = 4
REOPEN_EVERY = 100  # pages read before the document is reopened to free PDFium's object cache


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


def _mediabox(raw_page: Any) -> Optional[tuple[float, float, float, float]]:
    """The page's own MediaBox, or None when it is inherited from the page tree: PDFium
    has no call for the inherited box (its page size is the CropBox), and pdfplumber's frame
    is the MediaBox."""
    box = [ctypes.c_float() for _ in range(4)]
    if pdfium_c.FPDFPage_GetMediaBox(raw_page, *box):
        return (box[0].value, box[1].value, box[2].value, box[3].value)
    return None


def pdfium_page(
    doc: Any,
    index: int,
    latin_fonts: Optional[Callable[[int], frozenset[bytes]]] = None,
    lost_glyphs: Optional[LostReader] = None,
) -> Union[Page, NeedsPdfminer]:
    """Page ``index`` (0-based) of an open pypdfium2 document as plain glyphs and segments,
    or why PDFium cannot read it faithfully (the caller reads it with pdfminer).
    ``latin_fonts`` gives a page's Latin fonts (:class:`.latin_fonts.LatinFonts`), whose
    inkless objects are spaces; ``lost_glyphs`` reads back the glyphs PDFium left out in
    other fonts the PDF does not embed (:meth:`.lost_glyphs.LostGlyphs.chars`). Without
    them a page where PDFium lost such an object is refused."""
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
            frame, width, height = display_transform(rotation, mediabox)
            text_page = pdfium_c.FPDFText_LoadPage(raw_page)
            try:
                objects = page_objects(raw_page, text_page, frame, width, height, latin)
                chars = page_chars(text_page, frame, objects.tall, objects.odd_baselines) + objects.spaces
                if objects.lost:
                    found = lost_glyphs(index, objects.lost, objects.text_fonts, frame) if lost_glyphs else None
                    if found is None:
                        return NeedsPdfminer("a glyph PDFium lost, in a font that is not embedded")
                    chars += found
            except NeedsPdfminer as refusal:
                return refusal
            finally:
                pdfium_c.FPDFText_ClosePage(text_page)
        finally:
            pdfium_c.FPDF_ClosePage(raw_page)
    return Page(number=index + 1, width=width, height=height, chars=chars, segments=objects.segments)


def pdfium_pages(
    path: Union[str, Path], password: str = "", reopen_every: int = REOPEN_EVERY, pages: Optional[range] = None
) -> Iterator[Union[Page, NeedsPdfminer]]:
    """The pages of a PDF (all, or the 0-based ``pages``), read with PDFium one at a time
    (or why a page cannot be, see :func:`pdfium_page`). The document is reopened every
    ``reopen_every`` pages: PDFium keeps every object it has parsed until the document is
    closed, so a 2,000-page file would otherwise grow the worker by ~50 KB a page."""
    doc = open_document(path, password)
    view = PdfminerView(path, password)
    fonts, lost = LatinFonts(view), LostGlyphs(view)
    try:
        with PDFIUM_LOCK:
            count = len(doc)
        for index in range(count) if pages is None else range(pages.start, min(pages.stop, count)):
            if index and index % reopen_every == 0:
                with PDFIUM_LOCK:
                    doc.close()
                doc = open_document(path, password)
            yield pdfium_page(doc, index, fonts.names, lost.chars)
    finally:
        view.close()
        with PDFIUM_LOCK:
            doc.close()
