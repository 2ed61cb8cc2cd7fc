"""PDF → :class:`~jixiao.extract.model.Page`, one page at a time, with the chosen engine.

``pdfium`` (the default, :mod:`.pdfium_pages`) is fast; ``pdfminer`` (:mod:`.pdfminer_pages`,
pdfplumber's engine) is pure Python. Both give the same pages. A page PDFium refuses (a glyph
it lost that cannot be read back, an inherited MediaBox, a page it cannot load) is read by
pdfminer, and a file PDFium cannot parse is given to pdfminer before it is called damaged:
the two repair broken files differently.
"""

from __future__ import annotations

import itertools
import logging
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Optional, Union

from ..errors import ENCRYPTED, InputError
from ..model import Page
from .kinds import ENGINES

if TYPE_CHECKING:
    from .pdfium_pages import NeedsPdfminer


def pdf_to_pages(
    path: Union[str, Path],
    password: str = "",
    verbose: bool = False,
    engine: str = "pdfium",
    on_missing: Optional[Callable[[int], None]] = None,
    pages: Optional[range] = None,
) -> Iterator[Page]:
    """Yield the pages of a PDF (all, or the 0-based ``pages``) as plain glyphs and
    segments; ``on_missing`` hears the number of each page counted in the page tree that
    neither engine can read."""
    if engine not in ENGINES:
        raise ValueError(f"engine must be one of {', '.join(ENGINES)}")
    if engine == "pdfminer":
        from .pdfminer_pages import pdfminer_pages

        yield from _within(pdfminer_pages(path, password=password, verbose=verbose), pages)
        return
    from .pdfium_pages import PdfiumOpenError, pdfium_pages

    read = pdfium_pages(path, password, pages=pages)
    try:
        first = next(read)  # the document is opened here: its errors, if any, come now
    except StopIteration:
        return
    except PdfiumOpenError as exc:
        if exc.password:
            raise InputError(ENCRYPTED) from exc
        yield from _within(_second_chance(path, password, verbose, str(exc)), pages)
        return
    start = pages.start if pages is not None else 0
    yield from _pdfium_then_pdfminer(itertools.chain([first], read), path, password, verbose, on_missing, start)


def _within(pages: Iterator[Page], wanted: Optional[range]) -> Iterator[Page]:
    """The pages of ``wanted`` (0-based; all when None) among pages read in order."""
    for page in pages:
        if wanted is None or page.number - 1 in wanted:
            yield page
        elif page.number > wanted.stop:
            return


def _pdfium_then_pdfminer(
    pages: Iterator[Union[Page, "NeedsPdfminer"]],
    path: Union[str, Path],
    password: str,
    verbose: bool,
    on_missing: Optional[Callable[[int], None]] = None,
    start: int = 0,
) -> Iterator[Page]:
    """PDFium's pages (from 0-based page ``start`` on), with the ones it refuses read by
    pdfminer (opened on first need)."""
    from .pdfminer_pages import PdfminerPages

    fallback: Optional[PdfminerPages] = None
    try:
        for index, page in enumerate(pages, start):
            if isinstance(page, Page):
                yield page
                continue
            if fallback is None:
                fallback = PdfminerPages(path, password, verbose)
            try:
                yield fallback.page(index)
            except IndexError:
                # Counted in the page tree but missing from the file: neither engine has it.
                logging.getLogger("jixiao").debug("%s: page %d is missing from the file; skipped", Path(path).name, index + 1)
                if on_missing is not None:
                    on_missing(index + 1)
    finally:
        if fallback is not None:
            fallback.close()


def _second_chance(path: Union[str, Path], password: str, verbose: bool, reason: str) -> Iterator[Page]:
    """Read with pdfminer a file PDFium refused; if pdfminer cannot either, PDFium's reason."""
    from .pdfminer_pages import pdfminer_pages

    pages = pdfminer_pages(path, password=password, verbose=verbose)
    try:
        first = next(pages)
    except StopIteration:
        raise InputError(f"damaged PDF: {reason}") from None
    except Exception as exc:  # noqa: BLE001 - any pdfminer failure means "damaged" here
        raise InputError(f"damaged PDF: {reason}") from exc
    yield first
    yield from pages
