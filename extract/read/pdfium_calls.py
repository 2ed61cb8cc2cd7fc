"""Copies of the PDFium calls made once per glyph, page object or path segment, without
ctypes' argument conversion.

pypdfium2 declares every call with typed arguments, and ctypes converts each argument on
every call through its type's ``from_param``: for the calls a reader makes a million times
per hundred pages that conversion costs as much as the call itself. These copies have no
``argtypes``, so ctypes passes ints as C ints and pointer objects as they are; handles come
back as :class:`Handle` objects (a ``c_void_p`` subclass, which ctypes does not turn into
a plain int) that go straight back into the next call. A caller passes only handles, ints
and ``ctypes.byref`` pointers to them, never a Python float.

The copies share the function pointer of pypdfium2's, so :data:`.pdfium_pages.PDFIUM_LOCK`
covers them the same way.
"""

from __future__ import annotations

import ctypes
from typing import Any

import pypdfium2.raw as pdfium_c


class Handle(ctypes.c_void_p):
    """A PDFium handle (page object, path segment) as a call returns it."""


def untyped(function: Any, restype: Any = ctypes.c_int) -> Any:
    """A copy of a PDFium call that converts no argument and returns ``restype``."""
    copy = type(function)(ctypes.cast(function, ctypes.c_void_p).value)
    copy.argtypes, copy.restype = None, restype
    return copy


def address(handle: Any) -> Handle:
    """A typed pypdfium2 handle (a ctypes pointer) as a :class:`Handle` for the copies."""
    return Handle(ctypes.cast(handle, ctypes.c_void_p).value)


# Glyphs of a text page.
GET_LOOSE_CHAR_BOX = untyped(pdfium_c.FPDFText_GetLooseCharBox)
HAS_UNICODE_MAP_ERROR = untyped(pdfium_c.FPDFText_HasUnicodeMapError)
IS_GENERATED = untyped(pdfium_c.FPDFText_IsGenerated)
GET_CHAR_ORIGIN = untyped(pdfium_c.FPDFText_GetCharOrigin)
GET_TEXT_OBJECT = untyped(pdfium_c.FPDFText_GetTextObject, ctypes.c_void_p)  # a plain int: a dictionary key

# Page objects.
COUNT_PAGE_OBJECTS = untyped(pdfium_c.FPDFPage_CountObjects)
GET_PAGE_OBJECT = untyped(pdfium_c.FPDFPage_GetObject, Handle)
COUNT_FORM_OBJECTS = untyped(pdfium_c.FPDFFormObj_CountObjects)
GET_FORM_OBJECT = untyped(pdfium_c.FPDFFormObj_GetObject, Handle)
GET_TYPE = untyped(pdfium_c.FPDFPageObj_GetType)
GET_MATRIX = untyped(pdfium_c.FPDFPageObj_GetMatrix)
GET_BOUNDS = untyped(pdfium_c.FPDFPageObj_GetBounds)
GET_FONT_ADDRESS = untyped(pdfium_c.FPDFTextObj_GetFont, ctypes.c_void_p)  # a plain int: a dictionary key

# Path segments.
GET_DRAW_MODE = untyped(pdfium_c.FPDFPath_GetDrawMode)
COUNT_SEGMENTS = untyped(pdfium_c.FPDFPath_CountSegments)
GET_PATH_SEGMENT = untyped(pdfium_c.FPDFPath_GetPathSegment, Handle)
GET_SEGMENT_TYPE = untyped(pdfium_c.FPDFPathSegment_GetType)
GET_SEGMENT_POINT = untyped(pdfium_c.FPDFPathSegment_GetPoint)
GET_SEGMENT_CLOSE = untyped(pdfium_c.FPDFPathSegment_GetClose)
