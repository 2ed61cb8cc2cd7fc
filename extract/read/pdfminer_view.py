"""pdfminer's parse of a PDF's page dictionaries — resources and content streams, not
interpreted — for the questions the PDFium reader has no call for (a font's /Encoding and
ToUnicode map, the codes a text object shows).

The file is opened on first need, so PDFs whose pages PDFium reads alone never pay for it;
pages are walked forward, from the start again when an earlier one is asked for.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any, Optional, Union


def pdf_name(value: Any) -> Optional[bytes]:
    """A PDF name (pdfminer gives a literal, a str or bytes) as its bytes, as PDFium gives it."""
    from pdfminer.psparser import PSLiteral

    if isinstance(value, PSLiteral):
        value = value.name
    if isinstance(value, str):
        return value.encode("utf-8")
    return value if isinstance(value, bytes) else None


class PdfminerView:
    """The pdfminer pages of one PDF, one at a time (see the module docstring)."""

    def __init__(self, path: Union[str, Path], password: str = "") -> None:
        self._path, self._password = path, password
        self._pages: Optional[Iterator[Any]] = None
        self._fh: Optional[IO[bytes]] = None
        self._index, self._page = -1, None

    def page(self, index: int) -> Optional[Any]:
        """pdfminer's page ``index`` (0-based), or None when it cannot be found or parsed
        (the caller then does without: PDFium's page is refused as before)."""
        try:
            return self._at(index)
        except MemoryError:
            raise
        except Exception:  # noqa: BLE001 - pdfminer raises bare errors on files it cannot parse
            return None

    def _at(self, index: int) -> Optional[Any]:
        if self._pages is None or index < self._index:
            from pdfminer.pdfdocument import PDFDocument
            from pdfminer.pdfpage import PDFPage
            from pdfminer.pdfparser import PDFParser

            self.close()
            self._fh = open(self._path, "rb")
            self._pages = PDFPage.create_pages(PDFDocument(PDFParser(self._fh), password=self._password))
            self._index, self._page = -1, None
        while self._index < index:
            self._page = next(self._pages, None)
            if self._page is None:
                self._index = index
                return None
            self._index += 1
        return self._page

    def close(self) -> None:
        """Close the file (idempotent)."""
        if self._fh is not None:
            self._fh.close()
            self._fh = None
        self._pages = None
