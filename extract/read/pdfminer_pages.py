"""PDF → :class:`~jixiao.extract.model.Page` with pdfplumber/pdfminer (``--engine pdfminer``):
the pure-Python reader, kept as the reference the PDFium reader is held to, and for the
files and pages PDFium cannot read faithfully (see :mod:`.pdf`).

Only the objects the grid needs are read (chars, lines, rects, curves), and each pdfplumber
page is closed as soon as it is converted so that long documents keep memory flat.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Union

from ...normalize.text import fold_ideographs
from .geometry import line_segment, path_segments, rect_segments
from .glyphbox import on_baseline
from ..model import Char, Page, Segment

FONT_CACHE_LIMIT = 64
OBJECT_CACHE_LIMIT = 2000

_PDFMINER_LOGGERS = ("pdfminer", "pdfplumber")


@contextmanager
def quiet_pdfminer(verbose: bool = False) -> Iterator[None]:
    """Silence pdfminer's font warnings (e.g. "Could not get FontBBox") unless verbose."""
    if verbose:
        yield
        return
    saved = {}
    for name in _PDFMINER_LOGGERS:
        logger = logging.getLogger(name)
        saved[name] = logger.level
        logger.setLevel(logging.ERROR)
    try:
        yield
    finally:
        for name, level in saved.items():
            logging.getLogger(name).setLevel(level)


def _layout_objects(objs: Any) -> Iterator[Any]:
    from pdfminer.layout import LTContainer

    for obj in objs:
        if isinstance(obj, LTContainer):
            yield from _layout_objects(obj)
        else:
            yield obj


def plumber_page_to_page(ppage: Any, number: int) -> Page:
    """Convert one pdfplumber page into plain glyphs and segments.

    pdfminer's layout objects are read directly rather than through ``page.objects``:
    building pdfplumber's attribute dicts for every glyph costs a fifth of the parse, and
    the grid needs only boxes and text. Coordinates follow pdfplumber's (``top`` from the
    top of the MediaBox). pdfminer lays the page out from the MediaBox's first corner as
    written, so that corner is what is added back: one written top corner first
    (``[0 595 842 0]``) would otherwise put every glyph a page height below the page.
    """
    from pdfminer.layout import LTChar, LTCurve, LTLine, LTRect

    width, height = float(ppage.width), float(ppage.height)
    written = ppage.page_obj.mediabox
    mb_x0 = float(written[0])
    flip = height - float(written[1])
    chars: list[Char] = []
    segments: list[Segment] = []
    for obj in _layout_objects(ppage.layout):
        if isinstance(obj, LTChar):
            text = obj.get_text()
            if text:
                x0, x1 = obj.x0 + mb_x0, obj.x1 + mb_x0
                top, bottom = on_baseline(x0, flip - obj.y1, x1, flip - obj.y0, obj.matrix[4] + mb_x0, flip - obj.matrix[5])
                chars.append(Char(fold_ideographs(text), x0, top, x1, bottom))
        elif isinstance(obj, LTCurve):
            x0, x1 = obj.x0 + mb_x0, obj.x1 + mb_x0
            top, bottom = flip - obj.y1, flip - obj.y0
            if isinstance(obj, LTRect):
                segments.extend(rect_segments(x0, top, x1, bottom, bool(obj.stroke or obj.fill), width, height))
            elif isinstance(obj, LTLine):
                segment = line_segment(x0, top, x1, bottom)
                if segment is not None:
                    segments.append(segment)
            else:
                segments.extend(path_segments([(x + mb_x0, flip - y) for x, y in obj.pts]))
    return Page(number=number, width=width, height=height, chars=chars, segments=segments)


def _release(pdf: Any) -> None:
    """Drop what pdfminer caches across pages once it has grown: decoded objects (every
    content stream stays decoded otherwise) and fonts (a PDF merged from many exports has
    a font set per part). Below the limits the caches save re-parsing shared resources."""
    cache = getattr(pdf.doc, "_cached_objs", None)
    if isinstance(cache, dict) and len(cache) > OBJECT_CACHE_LIMIT:
        cache.clear()
    fonts = getattr(getattr(pdf, "rsrcmgr", None), "_cached_fonts", None)
    if isinstance(fonts, dict) and len(fonts) > FONT_CACHE_LIMIT:
        fonts.clear()


def open_pdf(path: Union[str, Path], password: str = "") -> Any:
    """Open a PDF with pdfplumber, trying the given password and then the empty one (many
    published PDFs are encrypted with an owner password only)."""
    import pdfplumber

    candidates = [password] if password == "" else [password, ""]
    for k, candidate in enumerate(candidates):
        try:
            return pdfplumber.open(str(path), password=candidate)
        except Exception as exc:  # pdfplumber wraps pdfminer's errors
            inner = exc.args[0] if exc.args and isinstance(exc.args[0], BaseException) else exc
            if "Password" not in type(inner).__name__ or k == len(candidates) - 1:
                raise
    raise AssertionError("unreachable")


class PdfminerPages:
    """A PDF open with pdfminer, giving pages on request in increasing order: the whole file
    for ``--engine pdfminer``, or the pages PDFium hands over (see :mod:`.pdf`). Each
    pdfplumber page is closed once converted and pdfminer's caches are trimmed."""

    def __init__(self, path: Union[str, Path], password: str = "", verbose: bool = False) -> None:
        from pdfminer.pdfpage import PDFPage

        self._quiet = quiet_pdfminer(verbose)
        self._quiet.__enter__()
        try:
            self._pdf = open_pdf(path, password)
        except BaseException:
            self._quiet.__exit__(None, None, None)
            raise
        self._pages = enumerate(PDFPage.create_pages(self._pdf.doc))

    def __iter__(self) -> Iterator[Page]:
        for index, pdfpage in self._pages:
            yield self._convert(index, pdfpage)

    def page(self, index: int) -> Page:
        """Page ``index`` (0-based); pages before it that were not asked for are skipped."""
        for i, pdfpage in self._pages:
            if i == index:
                return self._convert(i, pdfpage)
        raise IndexError(f"no page {index + 1}, or asked for out of order")

    def _convert(self, index: int, pdfpage: Any) -> Page:
        from pdfplumber.page import Page as PlumberPage

        ppage = PlumberPage(self._pdf, pdfpage, page_number=index + 1)
        try:
            return plumber_page_to_page(ppage, index + 1)
        finally:
            ppage.close()
            _release(self._pdf)

    def close(self) -> None:
        try:
            self._pdf.close()
        finally:
            self._quiet.__exit__(None, None, None)


def pdfminer_pages(path: Union[str, Path], password: str = "", verbose: bool = False) -> Iterator[Page]:
    """Yield the pages of a PDF read with pdfminer, one at a time."""
    reader = PdfminerPages(path, password, verbose)
    try:
        yield from reader
    finally:
        reader.close()
