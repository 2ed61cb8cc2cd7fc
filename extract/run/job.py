"""One file → its form records and its report row: the unit of work of every batch.

Failures of the input (not a PDF, encrypted, truncated) become a ``failed`` report with a
one-line reason. An unexpected exception inside the parser is also reported per file, marked
as an internal error with its type, so that a batch goes on but the bug is visible.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Optional, Union

from ...schemas import FileReport, FormRecord, ReasonCode, Source
from ..layout.rows import page_to_rows
from ..layout.settings import LayoutSettings
from ..errors import ENCRYPTED, InputError
from ..forms.build import rows_to_forms
from .fingerprint import file_sha256
from .inputs import input_root
from .settings import RunSettings
from ..model import PageRows
from ..read.kinds import SPREADSHEET_SUFFIXES, TEXT_EXPORT_SUFFIXES, WORD_SUFFIXES
from ..read.pdf import pdf_to_pages
from ..forms.record import form_to_record
from ...schemas.issues import EMPTY_TEMPLATES, no_forms_reason
from ..forms.rowkind import is_title_row


OUT_OF_MEMORY = "out of memory while reading the file (a decompression bomb, or raise --max-memory)"


@dataclass
class FileResult:
    """What one input file gave: its records (in form order) and its report row."""

    records: list[FormRecord] = field(default_factory=list)
    # A worker writes big results to a spool file (JSON lines) instead of ``records``.
    spool: Optional[str] = None
    report: FileReport = field(default_factory=lambda: FileReport(path="", status="failed"))


@dataclass
class RangeRows:
    """What a worker read of pages ``first``..``stop - 1`` (0-based) of a PDF cut into page
    ranges: their rows (in memory, or pickled in the spool file ``file``), the warnings of
    its pages, and its seconds; ``reason``/``code`` when the range could not be read."""

    first: int
    stop: int
    rows: Optional[list[PageRows]] = None
    file: Optional[str] = None
    warnings: list[str] = field(default_factory=list)
    seconds: float = 0.0
    reason: Optional[str] = None
    code: Optional[ReasonCode] = None


def _check_header(path: Path) -> None:
    with open(path, "rb") as fh:
        head = fh.read(1024)
    if not head:
        raise InputError("empty file (0 bytes)", ReasonCode.EMPTY)
    if b"%PDF-" not in head:
        lowered = head.lower()
        if b"<html" in lowered or b"<!doctype" in lowered:
            raise InputError("not a PDF: the file is an HTML page", ReasonCode.NOT_PDF)
        raise InputError("not a PDF: no %PDF header", ReasonCode.NOT_PDF)


# The libraries that parse input files: an exception raised inside them (whatever its type:
# ``ValueError: Non-Ascii85 digit found``, ``AssertionError: Invalid octal``) is the file's
# fault, not a bug of ours.
PARSING_LIBRARIES = ("pdfminer", "pdfplumber", "pypdfium2", "openpyxl", "xlrd")


def _raised_in(exc: BaseException, packages: tuple[str, ...]) -> bool:
    """Whether ``exc`` comes from one of ``packages``: its type is theirs, or the innermost
    frame of its traceback that runs their code or ours (standard-library frames skipped:
    pdfminer calling ``base64`` is still pdfminer) is theirs."""
    if (type(exc).__module__ or "").split(".")[0] in packages:
        return True
    owner = ""
    tb = exc.__traceback__
    while tb is not None:
        top = (tb.tb_frame.f_globals.get("__name__", "") or "").split(".")[0]
        if top in packages or top == "jixiao":
            owner = top
        tb = tb.tb_next
    return owner in packages


def _unwrap(exc: BaseException) -> BaseException:
    """pdfplumber's ``PdfminerException`` wraps the exception pdfminer raised."""
    while type(exc).__name__ == "PdfminerException" and exc.args and isinstance(exc.args[0], BaseException):
        exc = exc.args[0]
    return exc


def _one_line(exc: BaseException) -> str:
    text = " ".join(str(exc).split())[:200]
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def classify(exc: BaseException) -> tuple[str, ReasonCode]:
    """The one-line reason and code of an exception raised while reading a file: a parsing
    library's exception is ``damaged PDF: …`` (``encrypted: …`` when it says so); anything
    else raised in our code is an internal error, a bug to report."""
    inner = _unwrap(exc)
    if isinstance(inner, MemoryError):
        return OUT_OF_MEMORY, ReasonCode.OUT_OF_MEMORY
    if not (_raised_in(exc, PARSING_LIBRARIES) or _raised_in(inner, PARSING_LIBRARIES)):
        return f"internal error: {_one_line(inner)} (a bug: please report it)", ReasonCode.INTERNAL
    name = type(inner).__name__
    text = " ".join(str(inner).split())[:200].lower()
    if "password" in name.lower() or "password" in text or "encrypt" in text:
        return ENCRYPTED, ReasonCode.ENCRYPTED
    if name.startswith(("PDF", "PS")) or name == "PdfminerException":
        return f"damaged PDF: {' '.join(str(inner).split())[:200] or name}", ReasonCode.DAMAGED
    return f"damaged PDF: {_one_line(inner)}", ReasonCode.DAMAGED


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

    With ``auto`` a page is OCR'd when its text layer is unusable (:mod:`.read.ocr.detect`; the
    reason is logged on ``jixiao.ocr``, shown on stderr with ``verbose``); with ``always``
    every page is. OCR pages give the same rows, marked ``method = "ocr"``. The OCR reader
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

    from ..read.ocr.detect import text_layer_problem

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
            if ocr == "always":
                reason: Optional[str] = "--ocr always"
            else:
                reason = text_layer_problem(page, lambda: ocr_reader().image_share(number))
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


def document_rows(
    path: Path,
    settings: Optional[RunSettings] = None,
    on_missing: Optional[Callable[[int], None]] = None,
) -> Iterator[PageRows]:
    """The row stream of any supported input, chosen by the file's suffix: spreadsheets and
    text exports of forms have readers of their own; everything else is read as a PDF."""
    suffix = path.suffix.lower()
    if suffix in SPREADSHEET_SUFFIXES:
        from ..read.spreadsheet import spreadsheet_rows

        return spreadsheet_rows(path)
    if suffix in TEXT_EXPORT_SUFFIXES:
        from ..read.textexport import text_export_rows

        return text_export_rows(path)
    if suffix in WORD_SUFFIXES:
        from ..read.document import CONVERTED, converted_rows, docx_rows

        return converted_rows(path) if suffix in CONVERTED else docx_rows(path)
    _check_header(path)
    return pdf_rows(path, settings, on_missing=on_missing)


def count_issues(report: FileReport, record: FormRecord) -> None:
    """Add a record's issue codes to its file's report (each code once per form)."""
    codes = {issue.code for issue in record.issues}
    report.forms_with_issues += bool(codes)
    for code in codes:
        report.issues[code] = report.issues.get(code, 0) + 1


def read_failure(exc: BaseException) -> tuple[str, ReasonCode]:
    """The one-line reason and code of a file whose reading raised ``exc``."""
    if isinstance(exc, InputError):
        return str(exc), exc.code
    if isinstance(exc, OSError):
        return f"cannot read: {exc.strerror or exc}", ReasonCode.UNREADABLE
    return classify(exc)


def read_range(
    path: Union[str, Path],
    first: int,
    stop: int,
    settings: Optional[RunSettings] = None,
    on_page: Optional[Callable[[str], None]] = None,
) -> RangeRows:
    """The rows of pages ``first``..``stop - 1`` (0-based) of a PDF, read as :func:`extract_file`
    reads them; never raises for a bad input (see ``reason``)."""
    started = time.perf_counter()
    part = RangeRows(first=first, stop=stop)
    rows: list[PageRows] = []
    try:
        path = Path(path)
        _check_header(path)
        warn = part.warnings.append
        for page_rows in pdf_rows(path, settings, on_missing=lambda n: warn(missing_page(n)), pages=range(first, stop)):
            rows.append(page_rows)
            if on_page is not None:
                on_page(page_rows.method)
        part.rows = rows
    except Exception as exc:  # noqa: BLE001 - reported per file, see module docstring
        part.reason, part.code = read_failure(exc)
        part.rows, part.warnings = [], []
    part.seconds = round(time.perf_counter() - started, 3)
    return part


def missing_page(number: int) -> str:
    """The warning of a page counted in the page tree that no engine can read."""
    return f"page {number} could not be read (missing from the file)"


def joined_rows(parts: Sequence[RangeRows]) -> Iterator[PageRows]:
    """The row stream of a file cut into page ranges: the ranges' rows in page order, each
    range loaded (from its spool file) only when its turn comes."""
    from .spool import take_pickle

    for part in parts:
        rows = part.rows if part.file is None else take_pickle(part.file)
        yield from rows or []


def extract_file(
    path: Union[str, Path],
    display_path: str,
    settings: Optional[RunSettings] = None,
    sha256: str | None = None,
    sink: Optional[Callable[[FormRecord], None]] = None,
    on_page: Optional[Callable[[str], None]] = None,
    parts: Optional[Sequence[RangeRows]] = None,
) -> FileResult:
    """Extract every form of one file (PDF, spreadsheet or text export). Never raises for a
    bad input: see the report. With ``parts`` (the page ranges of the file, read in workers
    by :func:`read_range`) the rows are theirs, joined in page order, and nothing is read
    again: forms that run across a range boundary are built as from the whole file.

    With ``sink``, each record is handed to it as soon as it is built (and ``records`` stays
    empty), so a 2,000-page file does not hold its forms in memory; on failure the caller
    must discard what the sink received.
    """
    started = time.perf_counter()
    path = Path(path)
    report = FileReport(path=display_path, sha256=sha256, status="failed", root=input_root(path, display_path))
    result = FileResult(report=report)
    try:
        if parts is None:
            pages = document_rows(path, settings, on_missing=lambda n: report.warnings.append(missing_page(n)))
        else:
            report.warnings.extend(w for part in parts for w in part.warnings)
            pages = joined_rows(parts)
        report.sha256 = sha256 or file_sha256(path)
        source = Source(path=display_path, sha256=report.sha256, pages=[], method="text")
        n_pages = 0

        title_pages: list[int] = []

        def counted() -> Iterator[PageRows]:
            nonlocal n_pages
            for page_rows in pages:
                n_pages = page_rows.page
                report.ocr_pages += page_rows.method == "ocr"
                if any(is_title_row(r) for r in page_rows.rows):
                    title_pages.append(page_rows.page)
                yield page_rows
                if on_page is not None:
                    on_page(page_rows.method)

        keep = sink if sink is not None else result.records.append
        forms = templates = 0
        for draft in rows_to_forms(counted()):
            if draft.is_template:
                templates += 1
                continue
            forms += 1
            record = form_to_record(draft, forms, source)
            count_issues(report, record)
            keep(record)
        if templates:
            report.warnings.append(EMPTY_TEMPLATES.format(n=templates))
        report.pages = n_pages
        report.forms = forms
        report.status = "ok" if forms else "no-forms"
        if not forms and title_pages:
            report.reason = no_forms_reason(title_pages, templates)
    except Exception as exc:  # noqa: BLE001 - reported per file, see module docstring
        report.reason, report.code = read_failure(exc)
    if report.status == "failed":
        result.records = []
        report.issues, report.forms_with_issues = {}, 0
    report.seconds = round(time.perf_counter() - started + sum(p.seconds for p in parts or ()), 3)
    return result
