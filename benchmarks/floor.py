"""The PDF reading floor: what PDFium alone costs to read the files, nothing else.

Opens each PDF with pypdfium2 and, on every page, loads the page and its text page, takes all
its characters in one call (``FPDFText_GetText``) and walks its page objects (form XObjects
included). No boxes, no layout, no output: any reader built on PDFium pays at least this, so
``jixiao extract`` is measured against it (``benchmarks/run.py --real``).

    python benchmarks/floor.py FILE.pdf …     # prints pages and CPU seconds
"""

from __future__ import annotations

import ctypes
import sys
import time

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c


def _walk(count, get, parent) -> int:  # type: ignore[no-untyped-def]
    """Page objects under ``parent``, form XObjects entered."""
    n = 0
    for k in range(count(parent)):
        obj = get(parent, k)
        n += 1
        if pdfium_c.FPDFPageObj_GetType(obj) == pdfium_c.FPDF_PAGEOBJ_FORM:
            n += _walk(pdfium_c.FPDFFormObj_CountObjects, pdfium_c.FPDFFormObj_GetObject, obj)
    return n


def read_file(path: str) -> tuple[int, int, int]:
    """(pages, characters, page objects) of one PDF."""
    doc = pdfium.PdfDocument(path)
    pages = chars = objects = 0
    try:
        for index in range(len(doc)):
            page = pdfium_c.FPDF_LoadPage(doc.raw, index)
            text_page = pdfium_c.FPDFText_LoadPage(page)
            count = pdfium_c.FPDFText_CountChars(text_page)
            buffer = (ctypes.c_ushort * (count + 1))()
            pdfium_c.FPDFText_GetText(text_page, 0, count, buffer)
            objects += _walk(pdfium_c.FPDFPage_CountObjects, pdfium_c.FPDFPage_GetObject, page)
            pdfium_c.FPDFText_ClosePage(text_page)
            pdfium_c.FPDF_ClosePage(page)
            pages += 1
            chars += count
    finally:
        doc.close()
    return pages, chars, objects


def main() -> None:
    start = time.process_time()
    pages = 0
    for path in sys.argv[1:]:
        pages += read_file(path)[0]
    print(pages, time.process_time() - start)


if __name__ == "__main__":
    main()
