"""A first look at every input before the batch reads it: its sha256 (names records, finds
duplicates, drives ``--resume``) and its page count (what the progress counts and what the
pool cuts large PDFs by).

Both are taken in a child process, each file under its timeout: a file that blocks (a
stalled network mount) or crashes PDFium while it is opened costs only that file's look,
and the child is restarted on the files after it, so no file can hang or stop the batch
before it starts.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from multiprocessing.connection import Connection
from typing import Any, Optional

from ...schemas import ReasonCode
from .fingerprint import file_sha256
from .inputs import is_url
from .readers import reads_as_pdf
from .settings import RunSettings
from .worker import child_signals, context, death_reason


@dataclass(frozen=True)
class Fingerprint:
    """A file's sha256 and the seconds it took; or why it could not be read."""

    sha256: Optional[str]
    seconds: float
    reason: Optional[str] = None
    code: Optional[ReasonCode] = None


def _sha(path: str, password: str) -> Fingerprint:
    started = time.monotonic()
    try:
        return Fingerprint(file_sha256(path), time.monotonic() - started)
    except OSError as exc:
        reason = f"cannot read: {exc.strerror or exc}"
        return Fingerprint(None, time.monotonic() - started, reason, ReasonCode.UNREADABLE)


def _countable(path: str) -> bool:
    """A local file that goes to the PDF reader: PDFium can count its pages."""
    return not is_url(path) and reads_as_pdf(path)


def page_count(path: str, password: str = "") -> Optional[int]:
    """The pages of a PDF as PDFium counts them in its page tree; None for a file that is
    not a local PDF or that PDFium cannot open (it is then read whole, as before)."""
    if not _countable(path):
        return None
    from ..read.pdfium_pages import PDFIUM_LOCK, PdfiumOpenError, open_document

    try:
        doc = open_document(path, password)
    except (PdfiumOpenError, OSError):
        return None
    with PDFIUM_LOCK:
        try:
            return len(doc)
        finally:
            doc.close()


def _looker(conn: Connection, look: Callable[[str, str], Any], paths: list[str], password: str, parent: int) -> None:
    child_signals(parent)
    try:
        for path in paths:
            conn.send(look(path, password))
    finally:
        conn.close()


def _look_all(
    paths: list[str],
    look: Callable[[str, str], Any],
    settings: RunSettings,
    lost: Callable[[float, str, ReasonCode], Any],
) -> list[Any]:
    """``look(path, password)`` of every path, in a child; a path whose look times out or
    kills the child gets ``lost(seconds, reason, code)`` and the child starts again after it."""
    ctx = context()
    results: list[Any] = []
    while len(results) < len(paths):
        receiver, sender = ctx.Pipe(duplex=False)
        process = ctx.Process(
            target=_looker, args=(sender, look, paths[len(results) :], settings.password, os.getpid()), daemon=True
        )
        process.start()
        sender.close()
        try:
            while len(results) < len(paths):
                began = time.monotonic()
                if not receiver.poll(settings.timeout or None):
                    reason = f"timed out after {settings.timeout:g} s"
                    results.append(lost(time.monotonic() - began, reason, ReasonCode.TIMEOUT))
                    break
                try:
                    results.append(receiver.recv())
                except (EOFError, OSError):
                    process.join()
                    reason = death_reason(process.exitcode)
                    results.append(lost(time.monotonic() - began, reason, ReasonCode.WORKER_CRASHED))
                    break
        finally:
            process.kill()
            process.join()
            receiver.close()
            process.close()  # its finalizer must not run later from the garbage collector
    return results


def fingerprint(paths: list[str], settings: RunSettings) -> list[Fingerprint]:
    """The sha256 of each file, each under ``settings.timeout``: a file whose hashing blocks
    is failed as timed out."""
    return _look_all(paths, _sha, settings, lambda seconds, reason, code: Fingerprint(None, seconds, reason, code))


def page_counts(paths: list[str], settings: RunSettings) -> list[Optional[int]]:
    """The page count of each file (:func:`page_count`); None where it cannot be had.

    PDFium's reader is imported here, before the child is forked: the child and the workers
    forked after it inherit it, where the child's own import would be lost with the child."""
    if any(map(_countable, paths)):
        from ..read import pdfium_pages  # noqa: F401
    return _look_all(paths, page_count, settings, lambda seconds, reason, code: None)
