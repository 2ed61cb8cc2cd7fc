"""Run the per-file work in worker processes that cannot take the batch down.

Each file is read in a process of its own (forked, so start-up is cheap): a file that
crashes the parser, hangs past the timeout or exceeds the memory cap costs only that
process, and is reported ``failed`` with the reason. :func:`process_task` is the one code
path for "one file → records + report row"; any executor (this pool, or a cluster) calls it.
"""

from __future__ import annotations

import contextlib
import ctypes
import faulthandler
import fcntl
import gc
import multiprocessing
import os
import shutil
import signal
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from multiprocessing.connection import Connection, wait
from typing import Any, BinaryIO, Optional

from ...schemas import FileReport, FormRecord, ReasonCode
from .fingerprint import file_sha256
from .output import record_line
from .job import FileResult, extract_file
from .settings import RunSettings

PAGE_DONE = "page"
SPOOL_PREFIX = "jixiao-spool-"
# The file a run holds locked inside its spool folder: a folder whose lock can be taken is
# left over by a run that was killed, and is removed by the next run (sweep_spools).
SPOOL_OWNER = ".owner"
# A spool folder is swept only when it has not changed for this long (its owner may be
# between making it and locking it), and one without an owner file (an older version's)
# only after an hour.
SPOOL_GRACE = 60.0
SPOOL_ORPHAN_AGE = 3600.0


@dataclass(frozen=True)
class Task:
    """One file to read: its position in the batch, where it is, how it is shown."""

    index: int
    path: str
    display: str
    sha256: Optional[str] = None
    engine: Optional[str] = None  # overrides settings.engine (a retry after a PDFium crash)
    spent: float = 0.0  # seconds of the file's timeout already used to fingerprint it

    def time_left(self, settings: RunSettings) -> float:
        """Seconds the file may still take (its timeout minus the fingerprinting); 0 = no limit."""
        return max(settings.timeout - self.spent, 0.001) if settings.timeout else 0.0


def process_task(
    task: Task,
    settings: RunSettings,
    sink: Optional[Callable[[FormRecord], None]] = None,
    on_page: Optional[Callable[[str], None]] = None,
) -> FileResult:
    """Read one file: the unit of work every executor runs. ``on_page`` hears of each page
    done, with how it was read (``text``, ``ocr`` …)."""
    if task.engine is not None:
        settings = replace(settings, engine=task.engine)
    return extract_file(task.path, task.display, settings, sha256=task.sha256, sink=sink, on_page=on_page)


def failed(task: Task, reason: str, code: ReasonCode, seconds: float = 0.0) -> FileResult:
    """The result of a file that could not be read at all."""
    report = FileReport(
        path=task.display, sha256=task.sha256, status="failed", seconds=round(seconds, 3), reason=reason, code=code
    )
    return FileResult(records=[], report=report)


def timed_out(task: Task, settings: RunSettings, seconds: float) -> FileResult:
    """The result of a file stopped at its timeout (fingerprinting included)."""
    return failed(task, f"timed out after {settings.timeout:g} s", ReasonCode.TIMEOUT, seconds + task.spent)


def die_with_parent(parent: int) -> None:
    """Have this worker killed when the process that started it dies (Linux: prctl
    PR_SET_PDEATHSIG), so that a batch killed with SIGKILL leaves no worker behind; exit now
    if the parent is already gone."""
    if sys.platform.startswith("linux"):
        try:
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        except (OSError, AttributeError):
            pass
    if os.getppid() != parent:
        os._exit(1)


_PR_SET_PDEATHSIG = 1


def _limit_memory(max_memory_mb: int) -> None:
    if not max_memory_mb:
        return
    try:
        import resource

        limit = max_memory_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    except (ImportError, ValueError, OSError):
        pass


def spool_path(spool_dir: str, task: Task) -> str:
    """Where a worker writes the records of a task."""
    return os.path.join(spool_dir, f"{task.index}.jsonl")


def open_spool(path: str) -> BinaryIO:
    """The spool file of a task, unbuffered: each record is one write, so a failed write
    (a full temp folder) leaves whole lines behind."""
    return open(path, "wb", buffering=0)


class Spool:
    """Where a worker puts the records of its file: the spool file while it can be written,
    memory after a write fails (a full temp folder must not fail a good file)."""

    def __init__(self, path: Optional[str]) -> None:
        self.path = path
        self.records: list[FormRecord] = []
        self.written = 0
        self.fh: Optional[BinaryIO] = None
        if path is not None:
            try:
                self.fh = open_spool(path)
            except OSError:
                self.path = None

    def __call__(self, record: FormRecord) -> None:
        if self.fh is not None:
            line = record_line(record).encode("utf-8")
            try:
                view = memoryview(line)
                while view:
                    view = view[self.fh.write(view) or 0 :]
                self.written += len(line)
                return
            except OSError:
                self._give_up_file()
        self.records.append(record)

    def _give_up_file(self) -> None:
        assert self.fh is not None
        try:
            os.ftruncate(self.fh.fileno(), self.written)
        except OSError:
            pass
        self.fh.close()
        self.fh = None
        if not self.written and self.path is not None:
            with contextlib.suppress(OSError):
                os.unlink(self.path)
            self.path = None

    def close(self) -> None:
        if self.fh is not None:
            self.fh.close()
            self.fh = None


def _child_signals(parent: int) -> None:
    """A child of the batch dies with it and leaves signals to it: Ctrl-C is ignored (the
    parent stops the batch) and SIGTERM kills outright. A forked child would otherwise
    inherit the parent's SIGTERM handler and print a KeyboardInterrupt traceback when it
    is stopped."""
    die_with_parent(parent)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)


def _worker(conn: Connection, task: Task, settings: RunSettings, spool_dir: Optional[str], parent: int) -> None:
    _child_signals(parent)
    faulthandler.disable()  # a crash is the file's one-line reason, not a dump on the screen
    _limit_memory(settings.max_memory_mb)
    if spool_dir is not None:
        # Libraries' own temporary files (onnxruntime leaves a session file, .ses) go into the
        # spool folder, removed with it: a batch writes nothing but its outputs.
        os.environ["TMPDIR"] = spool_dir
        tempfile.tempdir = spool_dir
    spool = Spool(spool_path(spool_dir, task) if spool_dir is not None else None)
    out_of_memory = f"out of memory (worker cap {settings.max_memory_mb} MB)"
    try:
        try:
            result = process_task(task, settings, sink=spool, on_page=lambda method: conn.send((PAGE_DONE, method)))
        finally:
            spool.close()
        result.spool = spool.path
        result.records = spool.records if result.report.status == "ok" else []
    except MemoryError:
        result = failed(task, out_of_memory, ReasonCode.OUT_OF_MEMORY)
    except Exception as exc:  # noqa: BLE001 - a bug in the worker itself, reported per file
        reason = f"internal error in worker: {type(exc).__name__}: {str(exc)[:200]} (a bug: please report it)"
        result = failed(task, reason, ReasonCode.INTERNAL)
    try:
        conn.send(("result", result))
    except MemoryError:
        conn.send(("result", failed(task, out_of_memory, ReasonCode.OUT_OF_MEMORY)))
    finally:
        conn.close()


def preload_parser(settings: RunSettings) -> None:
    """Import the PDF reader once here, so that forked workers inherit it instead of each
    paying the import. The OCR stack (numpy, models) stays lazy: text PDFs never need it;
    so does pdfminer under the pdfium engine (it reads only the pages PDFium hands over)."""
    from ..read import pdfium_pages  # noqa: F401
    from ..read.ocr import detect  # noqa: F401

    if settings.engine == "pdfminer":
        import pdfminer.layout  # noqa: F401
        import pdfminer.pdfpage  # noqa: F401
        import pdfplumber  # noqa: F401

    # Objects alive now are shared with every fork; keeping the collector off them avoids
    # copying their memory pages into each worker.
    gc.freeze()


def _context() -> Any:
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods else "spawn")


def _death(task: Task, exitcode: Optional[int], seconds: float) -> FileResult:
    """The result of a file whose worker died without a word."""
    return failed(task, _death_reason(exitcode), ReasonCode.WORKER_CRASHED, seconds)


def _death_reason(exitcode: Optional[int]) -> str:
    if exitcode is not None and exitcode < 0:
        try:
            name = signal.Signals(-exitcode).name
        except ValueError:
            name = f"signal {-exitcode}"
        if name == "SIGKILL":
            reason = "worker was killed (SIGKILL, often the system running out of memory)"
        else:
            reason = f"worker crashed ({name})"
    else:
        reason = f"worker exited unexpectedly (exit code {exitcode})"
    return reason


@dataclass
class _Running:
    task: Task
    process: Any
    conn: Connection
    started: float
    timed_out: bool = False
    got_result: bool = False


def run_local(tasks: Iterable[Task], settings: RunSettings) -> Iterator[tuple[Task, FileResult]]:
    """Read the files in worker processes, ``settings.jobs`` at a time; yield each result
    as it completes (not in input order)."""
    with spool_folder(settings.spool_dir) as spool_dir:
        yield from _run_pool(tasks, settings, spool_dir)


@contextmanager
def spool_folder(parent: Optional[str] = None) -> Iterator[Optional[str]]:
    """A spool folder for the workers' records, removed when the block ends however it
    ends (an exception, Ctrl-C, SIGTERM turned into an exit). Folders left by runs that
    were killed outright are swept first. None when no folder can be made (a full temp
    folder): workers then send their records through the pipe."""
    parent = parent or tempfile.gettempdir()
    sweep_spools(parent)
    try:
        folder = tempfile.mkdtemp(prefix=SPOOL_PREFIX, dir=parent)
    except OSError:
        yield None
        return
    owner = None
    try:
        try:
            owner = open(os.path.join(folder, SPOOL_OWNER), "wb")
            fcntl.flock(owner, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            pass
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)
        if owner is not None:
            owner.close()


def sweep_spools(parent: str) -> list[str]:
    """Remove the spool folders under ``parent`` that no running batch owns: their owner
    file can be locked (its run is gone), or, without one, they are older than an hour.
    The folders removed."""
    removed = []
    try:
        names = [n for n in os.listdir(parent) if n.startswith(SPOOL_PREFIX)]
    except OSError:
        return removed
    for name in names:
        folder = os.path.join(parent, name)
        try:
            age = time.time() - os.stat(folder).st_mtime
            with open(os.path.join(folder, SPOOL_OWNER), "rb") as owner:
                fcntl.flock(owner, fcntl.LOCK_EX | fcntl.LOCK_NB)
                stale = age > SPOOL_GRACE
        except FileNotFoundError:
            stale = age > SPOOL_ORPHAN_AGE
        except OSError:
            stale = False  # locked: a batch is running with it
        if stale:
            shutil.rmtree(folder, ignore_errors=True)
            removed.append(folder)
    return removed


def _run_pool(tasks: Iterable[Task], settings: RunSettings, spool_dir: Optional[str]) -> Iterator[tuple[Task, FileResult]]:
    preload_parser(settings)
    ctx = _context()
    pending = list(tasks)
    pending.reverse()
    running: dict[int, _Running] = {}
    try:
        while pending or running:
            while pending and len(running) < settings.jobs:
                task = pending.pop()
                receiver, sender = ctx.Pipe(duplex=False)
                process = ctx.Process(target=_worker, args=(sender, task, settings, spool_dir, os.getpid()), daemon=True)
                process.start()
                sender.close()
                running[task.index] = _Running(task, process, receiver, time.monotonic())
            waitables: list[Any] = []
            for run in running.values():
                waitables.extend((run.conn, run.process.sentinel))
            wait(waitables, timeout=0.25)
            now = time.monotonic()
            for index in list(running):
                run = running[index]
                result = _collect(run, settings, now)
                if result is None:
                    continue
                del running[index]
                if _retry_with_pdfminer(run, settings):
                    pending.append(replace(run.task, engine="pdfminer"))
                else:
                    yield run.task, result
    finally:
        for run in running.values():
            run.process.kill()
            run.process.join()
            run.conn.close()


def _retry_with_pdfminer(run: _Running, settings: RunSettings) -> bool:
    """A worker killed by a signal while PDFium read its file gets one more try with pdfminer:
    PDFium aborts on some damaged files and when it meets the memory cap (a decompression
    bomb), where pdfminer reads the file or fails with a reason."""
    crashed = run.process.exitcode is not None and run.process.exitcode < 0
    return crashed and not run.got_result and not run.timed_out and (run.task.engine or settings.engine) == "pdfium"


def _collect(run: _Running, settings: RunSettings, now: float) -> Optional[FileResult]:
    """The result of a worker if it is finished, failed or overdue; None if still running.
    A file's time is bounded by ``--timeout`` whatever it does (OCR included)."""
    elapsed = now - run.started
    while run.conn.poll():
        try:
            kind, payload = run.conn.recv()
        except (EOFError, OSError):
            kind, payload = "died", None
        if kind == PAGE_DONE:
            continue
        run.process.join()
        run.conn.close()
        if kind == "result":
            run.got_result = True
            return payload  # type: ignore[no-any-return]
        return _death(run.task, run.process.exitcode, elapsed)
    if not run.process.is_alive():
        run.process.join()
        run.conn.close()
        return _death(run.task, run.process.exitcode, elapsed)
    if settings.timeout and elapsed > run.task.time_left(settings):
        run.timed_out = True
        run.process.kill()
        run.process.join()
        run.conn.close()
        return timed_out(run.task, settings, elapsed)
    return None


# ---- fingerprints ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Fingerprint:
    """A file's sha256 and the seconds it took; or why it could not be read."""

    sha256: Optional[str]
    seconds: float
    reason: Optional[str] = None
    code: Optional[ReasonCode] = None


def _hasher(conn: Connection, paths: list[str], parent: int) -> None:
    _child_signals(parent)
    try:
        for path in paths:
            started = time.monotonic()
            try:
                conn.send(Fingerprint(file_sha256(path), time.monotonic() - started))
            except OSError as exc:
                reason = f"cannot read: {exc.strerror or exc}"
                conn.send(Fingerprint(None, time.monotonic() - started, reason, ReasonCode.UNREADABLE))
    finally:
        conn.close()


def fingerprint(paths: list[str], settings: RunSettings) -> list[Fingerprint]:
    """The sha256 of each file, read in a child process and each under ``settings.timeout``:
    a file that blocks (a stalled network mount) is failed as timed out and the child
    restarted on the files after it, so no file can hang the batch before it starts."""
    ctx = _context()
    results: list[Fingerprint] = []
    while len(results) < len(paths):
        receiver, sender = ctx.Pipe(duplex=False)
        process = ctx.Process(target=_hasher, args=(sender, paths[len(results) :], os.getpid()), daemon=True)
        process.start()
        sender.close()
        try:
            while len(results) < len(paths):
                began = time.monotonic()
                if not receiver.poll(settings.timeout or None):
                    seconds = time.monotonic() - began
                    results.append(Fingerprint(None, seconds, f"timed out after {settings.timeout:g} s", ReasonCode.TIMEOUT))
                    break
                try:
                    results.append(receiver.recv())
                except (EOFError, OSError):
                    process.join()
                    reason = _death_reason(process.exitcode)
                    results.append(Fingerprint(None, time.monotonic() - began, reason, ReasonCode.WORKER_CRASHED))
                    break
        finally:
            process.kill()
            process.join()
            receiver.close()
    return results
