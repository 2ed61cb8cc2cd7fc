"""Run the per-file work in worker processes that cannot take the batch down.

Each file is read in a process of its own (forked, so start-up is cheap): a file that
crashes the parser, hangs past the timeout or exceeds the memory cap costs only that
process, and is reported ``failed`` with the reason. :func:`process_task` is the one code
path for "one file → records + report row"; any executor (this pool, or a cluster) calls it.
"""

from __future__ import annotations

import faulthandler
import gc
import multiprocessing
import os
import signal
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from multiprocessing.connection import Connection, wait
from typing import Any, Optional

from ..schemas import FileReport, FormRecord
from .output import record_line
from .read.pdf import ENGINES
from .pipeline import OCR_MODES, FileResult, extract_file

DEFAULT_TIMEOUT = 120.0
DEFAULT_MAX_MEMORY_MB = 3072
# Each page read by OCR (about 2 s on one core) extends the file's timeout by this much, so that
# a long scan is not cut off by a limit meant for text PDFs.
OCR_PAGE_ALLOWANCE = 10.0
PAGE_DONE = "page"


@dataclass(frozen=True)
class RunSettings:
    """How files are read; validated once."""

    jobs: int = os.cpu_count() or 1
    timeout: float = DEFAULT_TIMEOUT  # seconds per file; 0 = no limit
    max_memory_mb: int = DEFAULT_MAX_MEMORY_MB  # address space per worker; 0 = no cap
    password: str = ""
    verbose: bool = False
    spool_dir: Optional[str] = None  # where workers write records; a temp folder if None
    ocr: str = "auto"  # auto: pages without a usable text layer; always; never
    engine: str = "pdfium"  # the PDF reader: pdfium (fast) or pdfminer (pure Python)

    def __post_init__(self) -> None:
        if self.jobs < 1:
            raise ValueError("jobs must be at least 1")
        if self.timeout < 0 or self.max_memory_mb < 0:
            raise ValueError("timeout and max_memory_mb must be >= 0")
        if self.ocr not in OCR_MODES:
            raise ValueError("ocr must be auto, always or never")
        if self.engine not in ENGINES:
            raise ValueError(f"engine must be one of {', '.join(ENGINES)}")


@dataclass(frozen=True)
class Task:
    """One file to read: its position in the batch, where it is, how it is shown."""

    index: int
    path: str
    display: str
    sha256: Optional[str] = None
    engine: Optional[str] = None  # overrides settings.engine (a retry after a PDFium crash)


def process_task(
    task: Task,
    settings: RunSettings,
    sink: Optional[Callable[[FormRecord], None]] = None,
    on_page: Optional[Callable[[str], None]] = None,
) -> FileResult:
    """Read one file: the unit of work every executor runs. ``on_page`` hears of each page
    done, with how it was read (``text``, ``ocr`` …)."""
    return extract_file(
        task.path,
        task.display,
        password=settings.password,
        verbose=settings.verbose,
        sha256=task.sha256,
        sink=sink,
        ocr=settings.ocr,
        on_page=on_page,
        engine=task.engine or settings.engine,
    )


def failed(task: Task, reason: str, seconds: float = 0.0) -> FileResult:
    """The result of a file that could not be read at all."""
    report = FileReport(
        path=task.display, sha256=task.sha256, status="failed", seconds=round(seconds, 3), reason=reason
    )
    return FileResult(records=[], report=report)


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


def _worker(conn: Connection, task: Task, settings: RunSettings, spool_dir: str) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    faulthandler.disable()  # a crash is the file's one-line reason, not a dump on the screen
    _limit_memory(settings.max_memory_mb)
    path = spool_path(spool_dir, task)
    try:
        with open(path, "w", encoding="utf-8", newline="\n") as spool:
            result = process_task(
                task,
                settings,
                sink=lambda r: spool.write(record_line(r)),
                on_page=lambda method: conn.send((PAGE_DONE, method)),
            )
        result.spool = path
    except MemoryError:
        result = failed(task, f"out of memory (worker cap {settings.max_memory_mb} MB)")
    except Exception as exc:  # noqa: BLE001 - a bug in the worker itself, reported per file
        result = failed(task, f"internal error in worker: {type(exc).__name__}: {str(exc)[:200]} (a bug: please report it)")
    try:
        conn.send(("result", result))
    except MemoryError:
        conn.send(("result", failed(task, f"out of memory (worker cap {settings.max_memory_mb} MB)")))
    finally:
        conn.close()


def preload_parser(settings: RunSettings) -> None:
    """Import the PDF reader once here, so that forked workers inherit it instead of each
    paying the import. The OCR stack (numpy, models) stays lazy: text PDFs never need it;
    so does pdfminer under the pdfium engine (it reads only the pages PDFium hands over)."""
    from .read import pdfium_pages  # noqa: F401
    from .read.ocr import detect  # noqa: F401

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


def _death_reason(exitcode: Optional[int]) -> str:
    if exitcode is not None and exitcode < 0:
        try:
            name = signal.Signals(-exitcode).name
        except ValueError:
            name = f"signal {-exitcode}"
        if name == "SIGKILL":
            return "worker was killed (SIGKILL, often the system running out of memory)"
        return f"worker crashed ({name})"
    return f"worker exited unexpectedly (exit code {exitcode})"


@dataclass
class _Running:
    task: Task
    process: Any
    conn: Connection
    started: float
    allowance: float = 0.0  # seconds added to the timeout by the OCR pages read so far
    timed_out: bool = False
    got_result: bool = False


def run_local(tasks: Iterable[Task], settings: RunSettings) -> Iterator[tuple[Task, FileResult]]:
    """Read the files in worker processes, ``settings.jobs`` at a time; yield each result
    as it completes (not in input order)."""
    with tempfile.TemporaryDirectory(prefix="jixiao-spool-", dir=settings.spool_dir) as spool_dir:
        yield from _run_pool(tasks, settings, spool_dir)


def _run_pool(tasks: Iterable[Task], settings: RunSettings, spool_dir: str) -> Iterator[tuple[Task, FileResult]]:
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
                process = ctx.Process(target=_worker, args=(sender, task, settings, spool_dir), daemon=True)
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
    """The result of a worker if it is finished, failed or overdue; None if still running."""
    elapsed = now - run.started
    while run.conn.poll():
        try:
            kind, payload = run.conn.recv()
        except (EOFError, OSError):
            kind, payload = "died", None
        if kind == PAGE_DONE:
            if payload == "ocr":
                run.allowance += OCR_PAGE_ALLOWANCE
            continue
        run.process.join()
        run.conn.close()
        if kind == "result":
            run.got_result = True
            return payload  # type: ignore[no-any-return]
        return failed(run.task, _death_reason(run.process.exitcode), elapsed)
    if not run.process.is_alive():
        run.process.join()
        run.conn.close()
        return failed(run.task, _death_reason(run.process.exitcode), elapsed)
    if settings.timeout and elapsed > settings.timeout + run.allowance:
        run.timed_out = True
        run.process.kill()
        run.process.join()
        run.conn.close()
        return failed(run.task, f"timed out after {settings.timeout + run.allowance:g} s", elapsed)
    return None
