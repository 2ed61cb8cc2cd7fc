"""A batch: find the input files, extract each, write records and report rows as JSON lines.

Records are written whole, one file at a time and in path order, so the output is the same
bytes on every run and a reader never sees half a record.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Optional

from ..schemas import FileReport, FormRecord
from .pipeline import FileResult, extract_file

PDF_SUFFIX = ".pdf"


@dataclass(frozen=True)
class InputFile:
    """A file to read, and its path as it will appear in the output (``/``-separated)."""

    path: Path
    display: str


def find_inputs(paths: Iterable[Path]) -> list[InputFile]:
    """PDF files under the given files and folders: folders are walked recursively (hidden
    entries skipped, symlinked folders not followed, so loops are impossible); a file given
    by name is taken whatever its suffix. Sorted by display path; a file met twice once."""
    found: dict[str, InputFile] = {}
    for root in paths:
        if root.is_dir():
            for dirpath, dirnames, filenames in os.walk(root):
                dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
                for name in filenames:
                    if name.startswith(".") or not name.lower().endswith(PDF_SUFFIX):
                        continue
                    full = Path(dirpath) / name
                    display = full.relative_to(root).as_posix()
                    found.setdefault(display, InputFile(full, display))
        else:
            found.setdefault(root.name, InputFile(root, root.name))
    return [found[k] for k in sorted(found)]


def record_line(record: FormRecord) -> str:
    """One record as a JSON line (output.md: UTF-8, not ASCII-escaped, keys in order)."""
    return json.dumps(record.model_dump(mode="json"), ensure_ascii=False) + "\n"


def report_line(report: FileReport) -> str:
    """One report row as a JSON line."""
    return json.dumps(report.model_dump(mode="json"), ensure_ascii=False) + "\n"


@dataclass
class Summary:
    """Counts for the closing line and the exit code."""

    files: int = 0
    forms: int = 0
    pages: int = 0
    by_status: dict[str, int] = field(default_factory=dict)

    def add(self, report: FileReport) -> None:
        self.files += 1
        self.forms += report.forms
        self.pages += report.pages or 0
        self.by_status[report.status] = self.by_status.get(report.status, 0) + 1

    @property
    def failed(self) -> int:
        return self.by_status.get("failed", 0)

    def line(self) -> str:
        statuses = ", ".join(f"{n} {s}" for s, n in sorted(self.by_status.items()))
        return f"{self.files} files ({statuses or 'none'}), {self.pages} pages, {self.forms} forms"


def extract_inputs(
    inputs: list[InputFile], password: str = "", verbose: bool = False
) -> Iterator[FileResult]:
    """Extract the files one after another, in order."""
    for item in inputs:
        yield extract_file(item.path, item.display, password=password, verbose=verbose)


def write_results(
    results: Iterable[FileResult],
    out: IO[str],
    report_out: Optional[IO[str]] = None,
    on_result: Optional[Callable[[FileResult], None]] = None,
) -> Summary:
    """Write each file's records (whole lines, flushed per file) and report row."""
    summary = Summary()
    for result in results:
        out.write("".join(record_line(r) for r in result.records))
        out.flush()
        if report_out is not None:
            report_out.write(report_line(result.report))
            report_out.flush()
        summary.add(result.report)
        if on_result is not None:
            on_result(result)
    return summary
