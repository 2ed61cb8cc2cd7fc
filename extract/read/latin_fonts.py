"""Which fonts a PDF does not embed PDFium still reads the same on every machine.

PDFium takes the glyphs of a font the PDF does not embed from the machine's fonts, or from
its own built-in Latin fonts when the machine has none. A text object whose glyphs have no
box there (PDFium gives the object no width) is left out of the text page: one hanzi in a
CJK font on a machine without CJK fonts vanishes (骨干培训班 → 骨干培训). A font that can
only show characters of the Adobe Latin set, which PDFium's built-in fonts all have, keeps
its glyphs' boxes on every machine, so an object of it that has no ink is a printed space:
the case of Word's space-only objects in Times New Roman, which Word writes as a WinAnsi
TrueType font or as an Identity-H Type0 font whose ToUnicode map names Latin characters
only. Such fonts need not send a page to pdfminer:

* a *simple* font (Type1, TrueType) with a standard Latin encoding (WinAnsi, MacRoman,
  Standard, without /Differences): its codes can only name glyphs of that set;
* a Type0 font whose ToUnicode map gives characters of that set only.

The font dictionaries are read with pdfminer's parser (PDFium has no call for a font's
/Subtype, /Encoding or ToUnicode map; :mod:`.pdfminer_view`), only for pages where PDFium
loses such a glyph, and only the page's resources (no content stream is interpreted).
"""

from __future__ import annotations

from io import BytesIO
from typing import Any, Optional

from .pdfminer_view import PdfminerView, pdf_name

STANDARD_ENCODINGS = frozenset(("WinAnsiEncoding", "MacRomanEncoding", "StandardEncoding"))
SIMPLE_SUBTYPES = frozenset(("Type1", "TrueType", "MMType1"))
COMPOSITE_SUBTYPE = b"Type0"
XOBJECT_DEPTH = 4  # form XObjects nested deeper than this are not searched for fonts


def is_latin_simple(font: dict[str, Any]) -> bool:
    """A simple font whose encoding is a standard Latin one, without /Differences."""
    from pdfminer.pdftypes import resolve1

    if pdf_name(font.get("Subtype")) not in {s.encode() for s in SIMPLE_SUBTYPES}:
        return False
    encoding = resolve1(font.get("Encoding"))
    if isinstance(encoding, dict):
        if "Differences" in encoding:
            return False
        encoding = encoding.get("BaseEncoding")
    return pdf_name(encoding) in {e.encode() for e in STANDARD_ENCODINGS}


def _latin_set() -> frozenset[str]:
    """The characters the standard Latin encodings can name (PDFium's built-in fonts have
    them all)."""
    from pdfminer.encodingdb import EncodingDB

    tables = (EncodingDB.std2unicode, EncodingDB.mac2unicode, EncodingDB.win2unicode)
    return frozenset(char for table in tables for text in table.values() for char in text)


def maps_to_latin(font: dict[str, Any], latin: frozenset[str], known: Optional[dict[int, bool]] = None) -> bool:
    """A Type0 font whose ToUnicode map gives characters of ``latin`` only. ``known`` keeps
    the answer per ToUnicode object across pages (a report's pages share their fonts)."""
    from pdfminer.cmapdb import CMapParser, FileUnicodeMap
    from pdfminer.pdftypes import PDFStream, resolve1

    if pdf_name(font.get("Subtype")) != COMPOSITE_SUBTYPE:
        return False
    ref = font.get("ToUnicode")
    objid = getattr(ref, "objid", None)
    if known is not None and objid in known:
        return known[objid]
    stream = resolve1(ref)
    answer = False
    if isinstance(stream, PDFStream):
        cmap = FileUnicodeMap()
        CMapParser(cmap, BytesIO(stream.get_data())).run()
        texts = cmap.cid2unichr.values()
        answer = bool(texts) and all(char in latin for text in texts for char in text)
    if known is not None and objid is not None:
        known[objid] = answer
    return answer


def latin_names(
    fonts: list[dict[str, Any]], latin: Optional[frozenset[str]] = None, known: Optional[dict[int, bool]] = None
) -> frozenset[bytes]:
    """The base names of the fonts among ``fonts`` that show Latin characters only (a
    Latin simple font, or a Type0 font that :func:`maps_to_latin`), less any name another
    kind of font among them has too (PDFium tells fonts apart by base name only)."""
    latin = _latin_set() if latin is None else latin
    safe: set[bytes] = set()
    other: set[bytes] = set()
    for font in fonts:
        name = pdf_name(font.get("BaseFont"))
        if name is not None:
            (safe if is_latin_simple(font) or maps_to_latin(font, latin, known) else other).add(name)
    return frozenset(safe - other)


def _fonts(resources: Any, depth: int = 0) -> list[dict[str, Any]]:
    """The font dictionaries of a resource dictionary and of its form XObjects'."""
    from pdfminer.pdftypes import resolve1

    resources = resolve1(resources)
    if not isinstance(resources, dict):
        return []
    fonts = [f for f in map(resolve1, (resolve1(resources.get("Font")) or {}).values()) if isinstance(f, dict)]
    if depth < XOBJECT_DEPTH:
        for xobject in (resolve1(resources.get("XObject")) or {}).values():
            xobject = resolve1(xobject)
            attrs = getattr(xobject, "attrs", None)
            if isinstance(attrs, dict) and pdf_name(attrs.get("Subtype")) == b"Form":
                fonts.extend(_fonts(attrs.get("Resources"), depth + 1))
    return fonts


class LatinFonts:
    """The base names of a PDF's pages' Latin fonts (see :func:`latin_names`), one page at
    a time, read from pdfminer's parse of the page (:class:`.pdfminer_view.PdfminerView`).
    A name that a page also gives to another kind of font (SimSun as a WinAnsi TrueType
    font and as a GBK CID font) is not in the set: PDFium names fonts by base name only."""

    def __init__(self, view: PdfminerView) -> None:
        self._view = view
        self._latin: Optional[frozenset[str]] = None  # made on first need, as the view is opened
        self._known: dict[int, bool] = {}

    def names(self, index: int) -> frozenset[bytes]:
        """The Latin fonts' base names on page ``index`` (0-based); none when the page
        cannot be found or parsed (the caller then refuses as before)."""
        page = self._view.page(index)
        if page is None:
            return frozenset()
        if self._latin is None:
            self._latin = _latin_set()
        try:
            return latin_names(_fonts(page.resources), self._latin, self._known)
        except MemoryError:
            raise
        except Exception:  # noqa: BLE001 - pdfminer raises bare errors on fonts it cannot parse
            return frozenset()  # no font is then known safe: the page is refused as before
