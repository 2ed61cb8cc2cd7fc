"""The glyphs PDFium left out of its text page, read back from the page's content stream.

PDFium leaves out every text object without ink. In a font the PDF does not embed, on a
machine without the font, a lone hanzi (or ≥) set as its own object has no box and so
vanishes (:mod:`.pdfium_objects`). PDFium has no call for the codes a text object shows,
but the content stream has them: PDFium makes one text object per text-showing operator
(``Tj``, ``TJ``, ``'``, ``"``) in a font the page's resources hold, in stream order. So the
page's text operators are listed (:func:`text_operations`, a tokenizer, no interpreter),
matched one to one with PDFium's top-level text objects — the same count and the same
font's base name at every place (less a subset's tag, and PDFium cuts long names), else nothing is recovered and pdfminer reads the page — and
each lost object's code is decoded with pdfminer's font (CMap, ToUnicode, widths). Its box is
made as PDFium makes a glyph's: from the origin, the advance and the font's ascent and
descent, through the object's matrix.

Only lone glyphs are recovered (an object of two glyphs keeps its width, so it is never
lost); a lost object inside a form XObject, a vertical font, or a page whose operators do not
match sends the page to pdfminer as before.
"""

from __future__ import annotations

import re
from typing import Any, NamedTuple, Optional

from ...normalize.text import fold_ideographs
from ..model import Char
from .frame import Frame, Matrix
from .glyphbox import on_baseline
from .pdfminer_view import PdfminerView, pdf_name

_WHITE = b"\x00\t\n\x0c\r "
_DELIMITERS = b"()<>[]{}/%"
_REGULAR = rb"[^\x00\t\n\x0c\r ()<>\[\]{}/%]"
_TOKEN = re.compile(
    rb"(?P<space>[\x00\t\n\x0c\r ]+|%[^\r\n]*)"
    rb"|(?P<string>\()"
    rb"|(?P<hex><(?!<)[^>]*>)"
    rb"|(?P<open><<|\[)"
    rb"|(?P<close>>>|\])"
    rb"|(?P<name>/" + _REGULAR + rb"*)"
    rb"|(?P<number>[+-]?(?:\d+\.?\d*|\.\d+))"
    rb"|(?P<word>" + _REGULAR + rb"+)"
)
_LITERAL_STOP = re.compile(rb"[()\\]")
_ESCAPES = {b"n": b"\n", b"r": b"\r", b"t": b"\t", b"b": b"\b", b"f": b"\f"}
_INLINE_END = re.compile(rb"[\x00\t\n\x0c\r ]EI(?=[\x00\t\n\x0c\r ]|$)")
_NAME_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")
_SHOW = frozenset((b"Tj", b"'", b'"', b"TJ"))
_SUBSET = re.compile(rb"^[A-Z]{6}\+")  # a subset's tag, which PDFium drops from some fonts' names
MIN_CUT_NAME = 8  # bytes a cut name must keep to be taken for the start of a longer one


class ShownText(NamedTuple):
    """One text-showing operator: the font resource it uses (None before any ``Tf``) and its
    strings' bytes (one for ``Tj``, ``'`` and ``"``; those of the array for ``TJ``)."""

    font: Optional[bytes]
    strings: list[bytes]


class LostObject(NamedTuple):
    """A text object PDFium left out of its text page, as :mod:`.pdfium_objects` sees it:
    its place among the page's top-level text objects (None inside a form XObject), its
    matrix (user space), font size and its font's ascent and descent (em)."""

    ordinal: Optional[int]
    matrix: Matrix
    size: float
    ascent: float
    descent: float


def _literal(data: bytes, start: int) -> tuple[bytes, int]:
    """The bytes of the literal string opened just before ``start``, and where it ends."""
    out = bytearray()
    depth, pos = 1, start
    while True:
        m = _LITERAL_STOP.search(data, pos)
        if m is None:
            out += data[pos:]
            return bytes(out), len(data)
        out += data[pos : m.start()]
        char = m.group()
        pos = m.end()
        if char == b"\\":
            following = data[pos : pos + 1]
            if following in _ESCAPES:
                out += _ESCAPES[following]
                pos += 1
            elif following.isdigit():
                octal = re.match(rb"[0-7]{1,3}", data[pos : pos + 3])
                if octal:
                    out.append(int(octal.group(), 8) & 0xFF)
                    pos += len(octal.group())
            elif following in (b"\r", b"\n"):
                pos += 2 if data[pos : pos + 2] == b"\r\n" else 1
            else:
                out += following
                pos += 1
        elif char == b"(":
            depth += 1
            out += char
        else:
            depth -= 1
            if depth == 0:
                return bytes(out), pos
            out += char


def _hex(token: bytes) -> bytes:
    digits = bytes(b for b in token[1:-1] if b not in _WHITE)
    if len(digits) % 2:
        digits += b"0"
    return bytes.fromhex(digits.decode("ascii"))


def text_operations(data: bytes) -> list[ShownText]:
    """The text-showing operators of a content stream, in order, with the font each uses
    (``Tf``, saved and restored by ``q`` and ``Q``). Inline images are skipped whole; a
    ``Tj`` of an empty string is left out, as PDFium makes no object of it."""
    shown: list[ShownText] = []
    operands: list[Any] = []
    stack: list[list[Any]] = []
    fonts: list[Optional[bytes]] = [None]
    pos, end = 0, len(data)
    while pos < end:
        m = _TOKEN.match(data, pos)
        if m is None:
            pos += 1  # a stray delimiter (``)``, ``{``): skipped, as viewers skip it
            continue
        kind, token, pos = m.lastgroup, m.group(), m.end()
        if kind == "space":
            continue
        if kind == "string":
            value, pos = _literal(data, pos)
            operands.append(value)
        elif kind == "hex":
            operands.append(_hex(token))
        elif kind == "open":
            stack.append(operands)
            operands = []
        elif kind == "close":
            inner = operands
            operands = stack.pop() if stack else []
            operands.append(inner if token == b"]" else None)
        elif kind == "name":
            operands.append(("name", _NAME_ESCAPE.sub(lambda e: bytes([int(e.group(1), 16)]), token[1:])))
        elif kind == "number":
            operands.append(float(token))
        elif stack:
            operands.append(token)  # true, false, null inside an array or a dictionary
        else:
            pos = _operator(token, operands, fonts, shown, data, pos)
            operands = []
    return shown


def _operator(
    word: bytes, operands: list[Any], fonts: list[Optional[bytes]], shown: list[ShownText], data: bytes, pos: int
) -> int:
    """Apply one operator to the font state and the list of shown text; returns where the
    tokenizer goes on (past an inline image's data)."""
    if word == b"q":
        fonts.append(fonts[-1])
    elif word == b"Q":
        if len(fonts) > 1:
            fonts.pop()
    elif word == b"Tf":
        if len(operands) >= 2 and isinstance(operands[-2], tuple):
            fonts[-1] = operands[-2][1]
    elif word in _SHOW and operands:
        last = operands[-1]
        if word == b"TJ":
            if isinstance(last, list):
                strings = [item for item in last if isinstance(item, bytes)]
                if strings:
                    shown.append(ShownText(fonts[-1], strings))
        elif isinstance(last, bytes) and last:
            shown.append(ShownText(fonts[-1], [last]))
    elif word == b"ID":
        m = _INLINE_END.search(data, pos + 1)
        return m.end() if m else len(data)
    return pos


def _glyph_text(font: Any, cid: int) -> str:
    """A code's text as pdfminer gives it (``(cid:N)`` without a mapping), folded."""
    try:
        text = font.to_unichr(cid)
    except Exception:  # noqa: BLE001 - pdfminer raises PDFUnicodeNotDefined (and KeyError) for unmapped codes
        return f"(cid:{cid})"
    return fold_ideographs(text) if text else f"(cid:{cid})"


def glyph_char(text: str, width: float, lost: LostObject, frame: Frame) -> Char:
    """A lost glyph's box, as PDFium's loose box is made: from its origin ``width`` (em) wide
    and from the font's descent to its ascent, through the object's matrix, in the page frame."""
    a, b, c, d, e, f = lost.matrix
    left, right = 0.0, width * lost.size
    low, high = lost.descent * lost.size, lost.ascent * lost.size
    corners = [frame(a * x + c * y + e, b * x + d * y + f) for x in (left, right) for y in (low, high)]
    xs, ys = [x for x, _ in corners], [y for _, y in corners]
    x0, x1, top, bottom = min(xs), max(xs), min(ys), max(ys)
    ox, oy = frame(e, f)
    top, bottom = on_baseline(x0, top, x1, bottom, ox, oy)
    return Char(text, x0, top, x1, bottom)


def _same_font(base: bytes, pdfium_name: bytes) -> bool:
    """Whether a font resource's /BaseFont is the font PDFium names so: PDFium drops the
    subset tag of some fonts and cuts long names (方正小标宋简体 to 24 bytes, mid-character)."""
    base, pdfium_name = _SUBSET.sub(b"", base), _SUBSET.sub(b"", pdfium_name)
    return base == pdfium_name or (len(pdfium_name) >= MIN_CUT_NAME and base.startswith(pdfium_name))


def _resource_key(name: bytes) -> str:
    """A resource name as pdfminer keys its dictionaries."""
    try:
        return name.decode("utf-8")
    except UnicodeDecodeError:
        return name.decode("latin-1")


class LostGlyphs:
    """Recovers the lost glyphs of a PDF's pages from pdfminer's parse of them (see the
    module docstring); pdfminer's fonts are kept per font object across pages."""

    def __init__(self, view: PdfminerView) -> None:
        self._view = view
        self._fonts: dict[Any, Any] = {}
        self._manager: Any = None

    def chars(self, index: int, lost: list[LostObject], names: list[bytes], frame: Frame) -> Optional[list[Char]]:
        """The glyphs of the ``lost`` objects of page ``index`` (0-based), or None when they
        cannot be recovered for sure; ``names`` are the base names of the fonts of PDFium's
        top-level text objects, in order."""
        if any(obj.ordinal is None for obj in lost):
            return None
        page = self._view.page(index)
        if page is None:
            return None
        try:
            return self._recover(page, lost, names, frame)
        except MemoryError:
            raise
        except Exception:  # noqa: BLE001 - pdfminer raises bare errors on streams and fonts it cannot parse
            return None

    def _recover(self, page: Any, lost: list[LostObject], names: list[bytes], frame: Frame) -> Optional[list[Char]]:
        from pdfminer.pdftypes import resolve1

        resources = resolve1(page.resources) or {}
        specs = dict(resolve1(resources.get("Font")) or {})
        data = b"\n".join(resolve1(stream).get_data() for stream in page.contents)
        shown = [
            (key, op)
            for op in text_operations(data)
            if op.font is not None and (key := _resource_key(op.font)) in specs
        ]
        if len(shown) != len(names):
            return None
        for (key, _), name in zip(shown, names):
            base = pdf_name((resolve1(specs[key]) or {}).get("BaseFont")) or b""
            if not _same_font(base, name):
                return None
        chars: list[Char] = []
        for obj in lost:
            if obj.ordinal is None:
                return None
            key, op = shown[obj.ordinal]
            font = self._font(specs[key])
            if font.is_vertical():
                return None
            codes = [cid for string in op.strings for cid in font.decode(string)]
            if len(codes) != 1:
                return None
            chars.append(glyph_char(_glyph_text(font, codes[0]), font.char_width(codes[0]), obj, frame))
        return chars

    def _font(self, ref: Any) -> Any:
        """pdfminer's font for a font resource (a reference or a dictionary), made once."""
        from pdfminer.pdfinterp import PDFResourceManager
        from pdfminer.pdftypes import resolve1

        key = getattr(ref, "objid", None)
        if key is None or key not in self._fonts:
            if self._manager is None:
                self._manager = PDFResourceManager(caching=False)
            font = self._manager.get_font(None, resolve1(ref))
            if key is None:
                return font  # a font written inline in the resources: nothing to key it by
            self._fonts[key] = font
        return self._fonts[key]
