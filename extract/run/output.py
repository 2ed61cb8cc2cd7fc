"""Writing records and report rows so that a crash never leaves a broken file.

Each file's records go out in one write of whole lines, then its report row. A batch killed
at any moment leaves a JSONL file whose complete lines are valid records; ``--resume`` keeps
the records of files the report calls done, drops anything after them, and appends the rest.
"""

from __future__ import annotations

import contextlib
import fcntl
import io
import json
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO, Optional

from ...schemas import FileReport, FormRecord
from .inputs import InputFile, is_url
from .results import FileResult



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


class OutputError(OSError):
    """An output file cannot be opened or written (disk full, no permission); the message is
    the one-line reason. What was written before stays whole lines."""


class OutputBusy(Exception):
    """Another run is writing this output (it holds the lock); the message is the reason."""


def _write_all(fh: BinaryIO, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[fh.write(view) or 0 :]


def _why(exc: OSError) -> str:
    return exc.strerror or str(exc)


class LockedOutput:
    """An output file opened without truncating it and held with an exclusive ``flock``
    until :meth:`close`, so that a second run on the same file is refused while this one
    runs and two runs never interleave their bytes. Rewrites (:meth:`replace`) go through a
    temporary file that is locked before it takes the file's name, so the lock never lapses."""

    def __init__(self, path: Path) -> None:
        self.path = path
        existed = os.path.lexists(path)
        try:
            fd = os.open(path, os.O_RDWR | os.O_CREAT | getattr(os, "O_CLOEXEC", 0), 0o666)
        except OSError as exc:
            raise OutputError(f"cannot write {path}: {_why(exc)}") from None
        self.created = not existed
        self.fh: BinaryIO = os.fdopen(fd, "r+b", buffering=0)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            self.fh.close()
            raise OutputBusy(f"{path} is being written by another jixiao run; wait for it or choose another -o") from None
        self.fh.seek(0, os.SEEK_END)

    def truncate(self) -> None:
        """Empty the file: a new run starts here."""
        self.fh.seek(0)
        self.fh.truncate(0)

    def replace(self, lines: Iterable[str]) -> None:
        """Give the file these lines, crash-safe (a temporary file renamed over it)."""
        tmp = self.path.with_name(self.path.name + ".tmp")
        try:
            fd = os.open(tmp, os.O_RDWR | os.O_CREAT | os.O_TRUNC | getattr(os, "O_CLOEXEC", 0), 0o666)
            fresh: BinaryIO = os.fdopen(fd, "r+b", buffering=0)
        except OSError as exc:
            raise OutputError(f"cannot write {tmp}: {_why(exc)}") from None
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            _write_all(fresh, "".join(lines).encode("utf-8"))
            os.replace(tmp, self.path)
        except OSError as exc:
            fresh.close()
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise OutputError(f"cannot write {self.path}: {_why(exc)}") from None
        self.fh.close()
        self.fh = fresh

    def close(self) -> None:
        self.fh.close()


def _identity(path: Path) -> Optional[tuple[int, int]]:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return st.st_dev, st.st_ino


def output_clash(outputs: list[Path], inputs: Iterable[InputFile]) -> Optional[str]:
    """Why these outputs cannot be written for these inputs, or None: an output that is
    one of the input files would destroy it, and two outputs that are one file would mix
    records and report rows into an invalid file."""
    seen: dict[Any, Path] = {}
    for path in outputs:
        key = _identity(path) or os.path.realpath(path)
        if key in seen:
            return f"--output and --report are the same file ({path}): give them different names"
        seen[key] = path
    by_identity = {key: path for key, path in seen.items() if isinstance(key, tuple)}
    if not by_identity:
        return None
    for item in inputs:
        if item.error is not None or is_url(item.path):
            continue
        hit = by_identity.get(_identity(Path(item.path)))  # type: ignore[arg-type]
        if hit is not None:
            return f"{hit} is an input file ({item.display}); writing it would destroy it: choose another output"
    return None


@contextlib.contextmanager
def locked_outputs(paths: Iterable[Path]) -> Iterator[list[LockedOutput]]:
    """Every output opened and locked, or none: on a failure (one cannot be written, or
    another run holds it) the ones opened are released and the ones created removed, and
    no existing file has been changed."""
    held: list[LockedOutput] = []
    try:
        for path in paths:
            held.append(LockedOutput(path))
    except (OutputError, OutputBusy):
        for out in held:
            out.close()
            if out.created:
                with contextlib.suppress(OSError):
                    os.unlink(out.path)
        raise
    try:
        yield held
    finally:
        for out in held:
            out.close()


@dataclass
class ResumeState:
    """What an earlier, interrupted run finished: report rows by sha256."""

    done: dict[str, dict[str, Any]] = field(default_factory=dict)  # ok / no-forms rows
    paths: set[str] = field(default_factory=set)  # every file whose report row was kept

    def is_done(self, sha256: Optional[str]) -> bool:
        return sha256 is not None and sha256 in self.done


def prepare_resume(output: Optional[LockedOutput], report: LockedOutput) -> ResumeState:
    """Trim an interrupted run's files to what is complete and return what is done.

    Report rows of done files are kept (failed ones dropped, to be retried); records are
    kept only for files with a kept report row, so a file cut off mid-way is redone whole.
    """
    state = ResumeState()
    rows = list(_json_lines(report.path))
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
    report.replace(kept)
    if output is not None:
        done_paths = {row["path"] for row in state.done.values() if row.get("status") == "ok"}
        kept_records = [
            line
            for line, rec in _json_lines(output.path)
            if rec.get("source", {}).get("sha256") in state.done
            and rec.get("source", {}).get("path") in done_paths
        ]
        output.replace(kept_records)
    return state


def sort_key(record: dict[str, Any]) -> tuple[str, int]:
    """Output order: by source path, then form index."""
    try:
        index = int(str(record.get("id", "")).rsplit(":", 1)[1])
    except (IndexError, ValueError):
        index = 0
    return record.get("source", {}).get("path", ""), index


def ensure_sorted(output: LockedOutput) -> bool:
    """Put a records file in output order if it is not; True when it had to be rewritten.

    Only needed after a resumed run retried files that had failed before."""
    keyed = [(sort_key(rec), line) for line, rec in _json_lines(output.path)]
    if all(a[0] <= b[0] for a, b in zip(keyed, keyed[1:])):
        return False
    keyed.sort(key=lambda item: item[0])
    output.replace(line for _, line in keyed)
    return True


def ensure_report_order(report: LockedOutput, order: list[str]) -> bool:
    """Put report rows in input order (``order``: display paths) if they are not; rows of
    paths not in it (files gone since the earlier run) keep their place after the others.
    True when it had to be rewritten: a resumed run appends the retried files' rows."""
    position = {path: k for k, path in enumerate(order)}
    rows = [(position.get(row.get("path"), len(order)), line) for line, row in _json_lines(report.path)]
    if all(a[0] <= b[0] for a, b in zip(rows, rows[1:])):
        return False
    rows.sort(key=lambda item: item[0])  # stable: unknown paths stay in their order
    report.replace(line for _, line in rows)
    return True


class ResultWriter:
    """Writes each file's records, then its report row, flushed together.

    Outputs are binary streams; on a seekable file opened unbuffered (:class:`LockedOutput`;
    not a pipe, which ``PYTHONUNBUFFERED`` also makes a raw file) a failed write (disk full) is
    rolled back to the end of the last whole result, so the files stay
    valid JSONL that ``--resume`` completes, and an :class:`OutputError` is raised."""

    def __init__(
        self, out: BinaryIO, report_out: Optional[BinaryIO] = None, names: tuple[str, str] = ("output", "report")
    ) -> None:
        self.out = out
        self.report_out = report_out
        self.names = names

    def write(self, result: FileResult) -> None:
        streams = [(self.out, self.names[0]), (self.report_out, self.names[1])]
        marks = [(fh, fh.tell()) for fh, _ in streams if isinstance(fh, io.FileIO) and fh.seekable()]
        current = self.names[0]
        try:
            if result.spool is not None and result.report.status == "ok":
                with open(result.spool, "rb") as spool:
                    for chunk in iter(lambda: spool.read(1 << 20), b""):
                        _write_all(self.out, chunk)
            if result.records:
                _write_all(self.out, "".join(record_line(r) for r in result.records).encode("utf-8"))
            self.out.flush()
            if self.report_out is not None:
                current = self.names[1]
                _write_all(self.report_out, report_line(result.report).encode("utf-8"))
                self.report_out.flush()
        except OSError as exc:
            for fh, mark in marks:
                with contextlib.suppress(OSError):
                    fh.truncate(mark)
                    fh.seek(mark)
            raise OutputError(f"cannot write {current}: {_why(exc)}") from None
        finally:
            if result.spool is not None:
                with contextlib.suppress(OSError):
                    os.unlink(result.spool)
