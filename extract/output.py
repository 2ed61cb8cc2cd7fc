"""Writing records and report rows so that a crash never leaves a broken file.

Each file's records go out in one write of whole lines, then its report row. A batch killed
at any moment leaves a JSONL file whose complete lines are valid records; ``--resume`` keeps
the records of files the report calls done, drops anything after them, and appends the rest.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, Optional

from ..schemas import FileReport, FormRecord
from .pipeline import FileResult



def record_line(record: FormRecord) -> str:
    """One record as a JSON line (output.md: UTF-8, not ASCII-escaped, keys in order)."""
    return json.dumps(record.model_dump(mode="json"), ensure_ascii=False) + "\n"


def report_line(report: FileReport) -> str:
    """One report row as a JSON line."""
    return json.dumps(report.model_dump(mode="json"), ensure_ascii=False) + "\n"


def _json_lines(path: Path) -> Iterator[tuple[str, Any]]:
    """(line, parsed) for every complete, valid JSON line of a file."""
    with open(path, encoding="utf-8", errors="replace") as fh:
        for line in fh:
            if not line.endswith("\n"):
                break  # the tail of an interrupted write
            try:
                yield line, json.loads(line)
            except json.JSONDecodeError:
                continue


def _rewrite(path: Path, lines: Iterable[str]) -> None:
    tmp = path.with_name(path.name + ".tmp")
    with open(tmp, "w", encoding="utf-8", newline="\n") as fh:
        fh.writelines(lines)
    os.replace(tmp, path)


@dataclass
class ResumeState:
    """What an earlier, interrupted run finished: report rows by sha256."""

    done: dict[str, dict[str, Any]] = field(default_factory=dict)  # ok / no-forms rows
    paths: set[str] = field(default_factory=set)  # every file whose report row was kept

    def is_done(self, sha256: Optional[str]) -> bool:
        return sha256 is not None and sha256 in self.done


def prepare_resume(output: Path, report: Path) -> ResumeState:
    """Trim an interrupted run's files to what is complete and return what is done.

    Report rows of done files are kept (failed ones dropped, to be retried); records are
    kept only for files with a kept report row, so a file cut off mid-way is redone whole.
    """
    state = ResumeState()
    if report.exists():
        rows = list(_json_lines(report))
        for _, row in rows:
            if row.get("status") in ("ok", "no-forms") and row.get("sha256"):
                state.done.setdefault(row["sha256"], row)
        kept = []
        for line, row in rows:
            # A duplicate's row stands only while the file it duplicates is done.
            if (row.get("status") in ("ok", "no-forms") and state.done.get(row.get("sha256")) is row) or (
                row.get("status") == "skipped" and state.is_done(row.get("sha256"))
            ):
                if row["path"] not in state.paths:
                    state.paths.add(row["path"])
                    kept.append(line)
        _rewrite(report, kept)
    if output.exists():
        done_paths = {row["path"] for row in state.done.values() if row.get("status") == "ok"}
        kept_records = [
            line
            for line, rec in _json_lines(output)
            if rec.get("source", {}).get("sha256") in state.done
            and rec.get("source", {}).get("path") in done_paths
        ]
        _rewrite(output, kept_records)
    return state


def sort_key(record: dict[str, Any]) -> tuple[str, int]:
    """Output order: by source path, then form index."""
    try:
        index = int(str(record.get("id", "")).rsplit(":", 1)[1])
    except (IndexError, ValueError):
        index = 0
    return record.get("source", {}).get("path", ""), index


def ensure_sorted(output: Path) -> bool:
    """Put a records file in output order if it is not; True when it had to be rewritten.

    Only needed after a resumed run retried files that had failed before."""
    keyed = [(sort_key(rec), line) for line, rec in _json_lines(output)]
    if all(a[0] <= b[0] for a, b in zip(keyed, keyed[1:])):
        return False
    keyed.sort(key=lambda item: item[0])
    _rewrite(output, (line for _, line in keyed))
    return True


class ResultWriter:
    """Writes each file's records, then its report row, flushed together."""

    def __init__(self, out: IO[str], report_out: Optional[IO[str]] = None) -> None:
        self.out = out
        self.report_out = report_out

    def write(self, result: FileResult) -> None:
        if result.spool is not None:
            if result.report.status == "ok":
                with open(result.spool, encoding="utf-8") as spool:
                    shutil.copyfileobj(spool, self.out, 1 << 20)
            os.unlink(result.spool)
        if result.records:
            self.out.write("".join(record_line(r) for r in result.records))
        self.out.flush()
        if self.report_out is not None:
            self.report_out.write(report_line(result.report))
            self.report_out.flush()
