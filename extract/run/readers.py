"""Input file → the page-rows stream, by file kind: the one place that knows which reader
takes which input and how a PDF's pages become rows.

A PDF is read into pages (:mod:`jixiao.extract.read.pdf`) and each page made into rows by the
layout stage; a page whose text layer is unusable is OCR'd first (:mod:`jixiao.extract.read.ocr`).
Spreadsheets, Word documents and text exports give rows directly.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Callable, Optional, Union

from ...schemas import ReasonCode
from ..errors import InputError
from ..layout.rows import page_to_rows
from ..layout.settings import LayoutSettings
from ..model import PageRows
from ..read.kinds import PDF_SUFFIXES, SPREADSHEET_SUFFIXES, TEXT_EXPORT_SUFFIXES, WORD_SUFFIXES
from ..read.pdf import pdf_to_pages
from .settings import RunSettings

# The report's warning for a figure of a digital report, which --ocr auto does not OCR.
FIGURE_WARNING = (
    "page {page} not OCR'd: a figure (no text, no rules, an image over {share:.0%} of it); --ocr always reads it"
)


def check_pdf_header(path: Path) -> None:
    """Refuse a file that is not a PDF (empty, an HTML page saved as .pdf) in one line."""
    with open(path, "rb") as fh:
        head = fh.read(1024)
    if not head:
        raise InputError("empty file (0 bytes)", ReasonCode.EMPTY)
    if b"%PDF-" not in head:
        lowered = head.lower()
        if b"<html" in lowered or b"<!doctype" in lowered:
            raise InputError("not a PDF: the file is an HTML page", ReasonCode.NOT_PDF)
        raise InputError("not a PDF: no %PDF header", ReasonCode.NOT_PDF)


# Set (unless the user set them) before the OCR engine starts: onnxruntime 1.2x otherwise
# writes a telemetry database and device id under ~/.cache/Microsoft and a session file in
# TMPDIR, and warns on stderr when it cannot; a batch writes nothing but its outputs.
OCR_QUIET_ENV = {"ORT_DISABLE_TELEMETRY": "1"}


def pdf_rows(
    path: Union[str, Path],
    settings: Optional[RunSettings] = None,
    on_missing: Optional[Callable[[int], None]] = None,
    pages: Optional[range] = None,
) -> Iterator[PageRows]:
    """The row stream of a PDF, page by page (or of the 0-based ``pages`` only), read as ``settings`` say (``ocr``: auto, always
    or never; ``engine``: the PDF reader, see :mod:`jixiao.extract.read.pdf`; ``layout``: the
    rule and grid tolerances).

    With ``auto`` a page is OCR'd when its text layer is unusable, but for a figure of a
    digital report, which gets a warning instead (:mod:`.read.ocr.detect`; the reason, or
    the warning, is logged on ``jixiao.ocr``, shown on stderr with ``verbose``); with
    ``always`` every page is. OCR pages give the same rows, marked ``method = "ocr"``. The OCR reader
    (pdfium document, numpy, models) is made for this call only and only once a page needs
    it, so text PDFs never pay for it. ``on_missing`` hears each page that cannot be read.
    """
    settings = settings or RunSettings()
    ocr, verbose, layout = settings.ocr, settings.verbose, settings.layout
    source = pdf_to_pages(
        path, password=settings.password, verbose=verbose, engine=settings.engine, on_missing=on_missing, pages=pages
    )
    if ocr == "never":
        for page in source:
            yield page_to_rows(page, layout)
        return
    import logging

    from ..read.ocr.detect import figure_share, text_layer_problem

    log = logging.getLogger("jixiao.ocr")
    level = logging.WARNING if verbose else logging.DEBUG  # no handler is set up: WARNING reaches stderr
    reader: Any = None

    def ocr_reader() -> Any:
        nonlocal reader
        if reader is None:
            for name, value in OCR_QUIET_ENV.items():
                os.environ.setdefault(name, value)
            from ..read.ocr.page import OcrReader

            reader = OcrReader(path, settings.password)
        return reader

    try:
        for page in source:
            number = page.number

            def share() -> float:
                return float(ocr_reader().image_share(number))

            figure = None if ocr == "always" else figure_share(page, share)
            if figure is not None:
                rows = page_to_rows(page, layout)
                rows.warning = FIGURE_WARNING.format(page=number, share=figure)
                log.log(level, "%s: %s", Path(path).name, rows.warning)
                yield rows
                continue
            if ocr == "always":
                reason: Optional[str] = "--ocr always"
            else:
                reason = text_layer_problem(page, share)
            if reason is None:
                yield page_to_rows(page, layout)
                continue
            log.log(level, "%s: page %d read by OCR: %s", Path(path).name, number, reason)
            from ..read.ocr.recognize import EngineUnavailable

            try:
                read = ocr_reader().read(number)
            except EngineUnavailable as exc:
                raise InputError(f"page {number} needs OCR ({reason}) but {exc}", ReasonCode.NEEDS_OCR) from exc
            yield ocr_rows(read, layout, reader.settings.low_confidence)
    finally:
        if reader is not None:
            reader.close()


def ocr_rows(read: Any, layout: LayoutSettings, low_confidence: float) -> PageRows:
    """The rows of an OCR'd page (:class:`~jixiao.extract.read.ocr.page.OcrPage`), marked
    ``method = "ocr"``, with a problem on each row holding a line read with low confidence."""
    from ..read.ocr.confidence import mark_unsure

    rows = page_to_rows(read.page, layout)
    rows.method = "ocr"
    mark_unsure(rows, read.lines, low_confidence)
    return rows


Reader = Callable[[Path, RunSettings, Optional[Callable[[int], None]]], Iterator[PageRows]]


def _pdf(path: Path, settings: RunSettings, on_missing: Optional[Callable[[int], None]]) -> Iterator[PageRows]:
    check_pdf_header(path)
    return pdf_rows(path, settings, on_missing=on_missing)


def _spreadsheet(path: Path, settings: RunSettings, on_missing: Optional[Callable[[int], None]]) -> Iterator[PageRows]:
    from ..read.spreadsheet import spreadsheet_rows

    return spreadsheet_rows(path)


def _text_export(path: Path, settings: RunSettings, on_missing: Optional[Callable[[int], None]]) -> Iterator[PageRows]:
    from ..read.textexport import text_export_rows

    return text_export_rows(path)


def _word(path: Path, settings: RunSettings, on_missing: Optional[Callable[[int], None]]) -> Iterator[PageRows]:
    from ..read.document import CONVERTED, converted_rows, docx_rows

    return converted_rows(path) if path.suffix.lower() in CONVERTED else docx_rows(path)


# The reader of each input kind (read/kinds.py), by suffix; any other file is read as a PDF.
READERS: dict[str, Reader] = {
    **dict.fromkeys(PDF_SUFFIXES, _pdf),
    **dict.fromkeys(SPREADSHEET_SUFFIXES, _spreadsheet),
    **dict.fromkeys(TEXT_EXPORT_SUFFIXES, _text_export),
    **dict.fromkeys(WORD_SUFFIXES, _word),
}


def document_rows(
    path: Path,
    settings: Optional[RunSettings] = None,
    on_missing: Optional[Callable[[int], None]] = None,
) -> Iterator[PageRows]:
    """The row stream of any supported input, by the reader :data:`READERS` names for its
    suffix: spreadsheets, Word documents and text exports have readers of their own;
    everything else is read as a PDF."""
    reader = READERS.get(path.suffix.lower(), _pdf)
    return reader(path, settings or RunSettings(), on_missing)


def reads_as_pdf(path: Union[str, Path]) -> bool:
    """Whether a file goes to the PDF reader (any suffix :data:`READERS` gives no other)."""
    return READERS.get(Path(path).suffix.lower(), _pdf) is _pdf
