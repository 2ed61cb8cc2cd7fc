"""One file (or one page range of it) → its form records and its report row: the unit of
work of every batch.

The rows come from :mod:`.readers`; failures of the input (not a PDF, encrypted, truncated)
become a ``failed`` report with a one-line reason (:mod:`.failures`), an unexpected exception
inside the parser an internal error with its type, so that a batch goes on but the bug is
visible.
"""

from __future__ import annotations

import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Callable, Optional, Union

from ...schemas import FileReport, FormRecord, Source
from ...schemas.issues import EMPTY_TEMPLATES, no_forms_reason
from ..forms.build import rows_to_forms
from ..forms.record import form_to_record
from ..forms.rowkind import is_title_row
from ..model import PageRows
from .failures import read_failure
from .fingerprint import file_sha256
from .inputs import input_root
from .readers import check_pdf_header, document_rows, pdf_rows
from .results import FileResult, RangeRows
from .settings import RunSettings


def count_issues(report: FileReport, record: FormRecord) -> None:
    """Add a record's issue codes to its file's report (each code once per form)."""
    codes = {issue.code for issue in record.issues}
    report.forms_with_issues += bool(codes)
    for code in codes:
        report.issues[code] = report.issues.get(code, 0) + 1


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
        check_pdf_header(path)
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
    settings = settings or RunSettings()
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
                if page_rows.warning:
                    report.warnings.append(page_rows.warning)
                if any(is_title_row(r) for r in page_rows.rows):
                    title_pages.append(page_rows.page)
                yield page_rows
                if on_page is not None:
                    on_page(page_rows.method)

        keep = sink if sink is not None else result.records.append
        forms = templates = 0
        for draft in rows_to_forms(counted(), settings.forms):
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
