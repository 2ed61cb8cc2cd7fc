"""PDF → :class:`~jixiao.extract.model.Page`, one page at a time, with the chosen engine.

``pdfium`` (the default, :mod:`.read_pdfium`) is fast; ``pdfminer`` (:mod:`.read_pdfminer`,
pdfplumber's engine) is pure Python. Both give the same pages. A file PDFium cannot parse
is given to pdfminer before it is called damaged: the two repair broken files differently.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Union

from .errors import InputError
from .model import Page

ENGINES = ("pdfium", "pdfminer")
ENCRYPTED = "encrypted: a password is needed (use --password)"


def pdf_to_pages(
    path: Union[str, Path], password: str = "", verbose: bool = False, engine: str = "pdfium"
) -> Iterator[Page]:
    """Yield the pages of a PDF as plain glyphs and segments."""
    if engine not in ENGINES:
        raise ValueError(f"engine must be one of {', '.join(ENGINES)}")
    if engine == "pdfminer":
        from .read_pdfminer import pdfminer_pages

        yield from pdfminer_pages(path, password=password, verbose=verbose)
        return
    from .read_pdfium import PdfiumOpenError, open_document, pdfium_pages

    try:
        open_document(path, password).close()
    except PdfiumOpenError as exc:
        if exc.password:
            raise InputError(ENCRYPTED) from exc
        yield from _second_chance(path, password, verbose, str(exc))
        return
    yield from pdfium_pages(path, password)


def _second_chance(path: Union[str, Path], password: str, verbose: bool, reason: str) -> Iterator[Page]:
    """Read with pdfminer a file PDFium refused; if pdfminer cannot either, PDFium's reason."""
    from .read_pdfminer import pdfminer_pages

    pages = pdfminer_pages(path, password=password, verbose=verbose)
    try:
        first = next(pages)
    except StopIteration:
        raise InputError(f"damaged PDF: {reason}") from None
    except Exception as exc:  # noqa: BLE001 - any pdfminer failure means "damaged" here
        raise InputError(f"damaged PDF: {reason}") from exc
    yield first
    yield from pages
