"""One file → its form records and its report row: the unit of work of every batch.

Failures of the input (not a PDF, encrypted, truncated) become a ``failed`` report with a
one-line reason. An unexpected exception inside the parser is also reported per file, marked
as an internal error with its type, so that a batch goes on but the bug is visible.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Optional, Union

from ..schemas import FileReport, FormRecord, Source
from ..schemas.issues import EMPTY_TEMPLATES, no_forms_reason
from .forms.stitch import is_title_row
from .layout.rows import page_to_rows
from .errors import ENCRYPTED, InputError
from .forms.build import flag_long_form, rows_to_forms
from .inputs import file_sha256
from .model import PageRows
from .read.pdf import pdf_to_pages
from .forms.record import form_to_record


OUT_OF_MEMORY = "out of memory while reading the file (a decompression bomb, or raise --max-memory)"


@dataclass
class FileResult:
    """What one input file gave: its records (in form order) and its report row."""

    records: list[FormRecord] = field(default_factory=list)
    # A worker writes big results to a spool file (JSON lines) instead of ``records``.
    spool: Optional[str] = None
    report: FileReport = field(default_factory=lambda: FileReport(path="", status="failed"))


def _check_header(path: Path) -> None:
    with open(path, "rb") as fh:
        head = fh.read(1024)
    if not head:
        raise InputError("empty file (0 bytes)")
    if b"%PDF-" not in head:
        lowered = head.lower()
        if b"<html" in lowered or b"<!doctype" in lowered:
            raise InputError("not a PDF: the file is an HTML page")
        raise InputError("not a PDF: no %PDF header")


def _reason(exc: BaseException) -> str:
    """A one-line reason for a library exception raised while reading a PDF."""
    if type(exc).__name__ == "PdfminerException" and exc.args and isinstance(exc.args[0], BaseException):
        return _reason(exc.args[0])
    if isinstance(exc, MemoryError):
        return OUT_OF_MEMORY
    name = type(exc).__name__
    text = " ".join(str(exc).split())[:200]
    if "Password" in name or "password" in text.lower() or "encrypt" in text.lower():
        return ENCRYPTED
    if name in ("PDFSyntaxError", "PSEOF", "PDFNoValidXRef", "PSSyntaxError", "PDFTypeError", "PdfminerException"):
        return f"damaged PDF: {text or name}"
    return f"{name}: {text}" if text else name


OCR_MODES = ("auto", "always", "never")


def pdf_rows(
    path: Union[str, Path], password: str = "", verbose: bool = False, ocr: str = "auto", engine: str = "pdfium"
) -> Iterator[PageRows]:
    """The row stream of a PDF, page by page (``ocr``: auto, always or never; ``engine``:
    the PDF reader, see :mod:`.read.pdf`).

    With ``auto`` a page is OCR'd when its text layer is unusable (:mod:`.read.ocr.detect`; the
    reason is logged on ``jixiao.ocr``, shown on stderr with ``verbose``); with ``always``
    every page is. OCR pages give the same rows, marked ``method = "ocr"``. The OCR reader
    (pdfium document, numpy, models) is made for this call only and only once a page needs
    it, so text PDFs never pay for it.
    """
    if ocr not in OCR_MODES:
        raise ValueError(f"ocr must be one of {', '.join(OCR_MODES)}")
    pages = pdf_to_pages(path, password=password, verbose=verbose, engine=engine)
    if ocr == "never":
        for page in pages:
            yield page_to_rows(page)
        return
    import logging

    from .read.ocr.detect import text_layer_problem

    log = logging.getLogger("jixiao.ocr")
    level = logging.WARNING if verbose else logging.DEBUG  # no handler is set up: WARNING reaches stderr
    reader: Any = None

    def ocr_reader() -> Any:
        nonlocal reader
        if reader is None:
            from .read.ocr.page import OcrReader

            reader = OcrReader(path, password)
        return reader

    try:
        for page in pages:
            number = page.number
            if ocr == "always":
                reason: Optional[str] = "--ocr always"
            else:
                reason = text_layer_problem(page, lambda: ocr_reader().image_share(number))
            if reason is None:
                yield page_to_rows(page)
                continue
            log.log(level, "%s: page %d read by OCR: %s", Path(path).name, number, reason)
            from .read.ocr.recognize import EngineUnavailable

            try:
                rows, _ = ocr_reader().read(number)
            except EngineUnavailable as exc:
                raise InputError(f"page {number} needs OCR ({reason}) but {exc}") from exc
            yield rows
    finally:
        if reader is not None:
            reader.close()


SPREADSHEET_SUFFIXES = (".xlsx", ".xlsm", ".xls")
TEXT_EXPORT_SUFFIXES = (".txt", ".tsv")


def document_rows(
    path: Path, password: str = "", verbose: bool = False, ocr: str = "auto", engine: str = "pdfium"
) -> Iterator[PageRows]:
    """The row stream of any supported input, chosen by the file's suffix: spreadsheets and
    text exports of forms have readers of their own; everything else is read as a PDF."""
    suffix = path.suffix.lower()
    if suffix in SPREADSHEET_SUFFIXES:
        from .read.spreadsheet import spreadsheet_rows

        return spreadsheet_rows(path)
    if suffix in TEXT_EXPORT_SUFFIXES:
        from .read.textexport import text_export_rows

        return text_export_rows(path)
    _check_header(path)
    return pdf_rows(path, password=password, verbose=verbose, ocr=ocr, engine=engine)


def extract_file(
    path: Union[str, Path],
    display_path: str,
    password: str = "",
    verbose: bool = False,
    sha256: str | None = None,
    sink: Optional[Callable[[FormRecord], None]] = None,
    ocr: str = "auto",
    on_page: Optional[Callable[[str], None]] = None,
    engine: str = "pdfium",
) -> FileResult:
    """Extract every form of one file (PDF, spreadsheet or text export). Never raises for a
    bad input: see the report.

    With ``sink``, each record is handed to it as soon as it is built (and ``records`` stays
    empty), so a 2,000-page file does not hold its forms in memory; on failure the caller
    must discard what the sink received.
    """
    started = time.perf_counter()
    path = Path(path)
    report = FileReport(path=display_path, sha256=sha256, status="failed")
    result = FileResult(report=report)
    try:
        pages = document_rows(path, password=password, verbose=verbose, ocr=ocr, engine=engine)
        report.sha256 = sha256 or file_sha256(path)
        source = Source(path=display_path, sha256=report.sha256, pages=[], method="text")
        n_pages = 0

        title_pages: list[int] = []

        def counted() -> Iterator[PageRows]:
            nonlocal n_pages
            for page_rows in pages:
                n_pages = page_rows.page
                if any(is_title_row(r) for r in page_rows.rows):
                    title_pages.append(page_rows.page)
                yield page_rows
                if on_page is not None:
                    on_page(page_rows.method)

        keep = sink if sink is not None else result.records.append
        forms = templates = 0
        spans: dict[str, list[int]] = {}
        for draft in rows_to_forms(counted()):
            if draft.is_template:
                templates += 1
                continue
            forms += 1
            flag_long_form(draft, spans)
            keep(form_to_record(draft, forms, source))
        if templates:
            report.warnings.append(EMPTY_TEMPLATES.format(n=templates))
        report.pages = n_pages
        report.forms = forms
        report.status = "ok" if forms else "no-forms"
        if not forms and title_pages:
            report.reason = no_forms_reason(title_pages, templates)
    except MemoryError:
        report.reason = OUT_OF_MEMORY
        result.records = []
    except InputError as exc:
        report.reason = str(exc)
        result.records = []
    except OSError as exc:
        report.reason = f"cannot read: {exc.strerror or exc}"
        result.records = []
    except Exception as exc:  # noqa: BLE001 - reported per file, see module docstring
        module = type(exc).__module__ or ""
        if module.startswith(("pdfminer", "pdfplumber", "pypdfium2")):
            report.reason = _reason(exc)
        else:
            report.reason = f"internal error: {type(exc).__name__}: {str(exc)[:200]} (a bug: please report it)"
        result.records = []
    report.seconds = round(time.perf_counter() - started, 3)
    return result
