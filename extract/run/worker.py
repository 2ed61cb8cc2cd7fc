"""One task in a worker process that cannot take the batch down.

Each task runs in a process of its own (forked, so start-up is cheap): a file that crashes
the parser, hangs past the timeout or exceeds the memory cap costs only that process, and
is reported ``failed`` with the reason. A task is a whole file, or — for a PDF the batch cut
into page ranges (:mod:`.ranges`) — one range of its pages, or the join of its ranges into
forms. :func:`process_task` is the one code path for "one file → records + report row"; any
executor (the local pool, or a cluster) calls it.
"""

from __future__ import annotations

import ctypes
import faulthandler
import gc
import multiprocessing
import os
import signal
import sys
import tempfile
import time
from collections.abc import Callable, MutableMapping
from dataclasses import dataclass, replace
from multiprocessing.connection import Connection
from typing import Any, Optional, Union

from ...schemas import FileReport, FormRecord, ReasonCode
from .job import extract_file, read_range
from .results import FileResult, RangeRows
from .settings import RunSettings
from .spool import Spool, save_pickle, spool_path

PAGE_DONE = "page"
RESULT = "result"
# A worker is one core: the thread pools of numerical libraries it loads itself (numpy's
# OpenBLAS, for pages on their way to OCR) would start a thread per core and spin on them,
# ~1 CPU s over the real corpus under --jobs 1 and two workers fighting for both cores under 2.
ONE_CORE_ENV = {"OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}


@dataclass(frozen=True)
class FileTask:
    """One file to read (its position in the batch, where it is, how it is shown), or one
    part of it: a range of its pages (``span``), or the join of its ranges (``parts``)."""

    index: int
    path: str
    display: str
    sha256: Optional[str] = None
    engine: Optional[str] = None  # overrides settings.engine (a retry after a PDFium crash)
    spent: float = 0.0  # seconds of the file's timeout already used (fingerprinting, earlier ranges)
    pages: Optional[int] = None  # the file's page count, when a cheap look could tell
    span: Optional[tuple[int, int]] = None  # pages first..stop - 1 (0-based) of the file
    parts: Optional[tuple[RangeRows, ...]] = None  # the file's ranges, read, to be joined

    def settings_for(self, settings: RunSettings) -> RunSettings:
        """The batch's settings with this task's own engine, where it has one."""
        return settings if self.engine is None else replace(settings, engine=self.engine)

    def time_left(self, settings: RunSettings) -> float:
        """Seconds the file may still take (its timeout minus what is spent); 0 = no limit."""
        return max(settings.timeout - self.spent, 0.001) if settings.timeout else 0.0


def process_task(
    task: FileTask,
    settings: RunSettings,
    sink: Optional[Callable[[FormRecord], None]] = None,
    on_page: Optional[Callable[[str], None]] = None,
) -> FileResult:
    """Read one file: the unit of work every executor runs. ``on_page`` hears of each page
    done, with how it was read (``text``, ``ocr`` …)."""
    return extract_file(task.path, task.display, task.settings_for(settings), sha256=task.sha256, sink=sink, on_page=on_page)


def failed(task: FileTask, reason: str, code: ReasonCode, seconds: float = 0.0) -> FileResult:
    """The result of a file that could not be read at all."""
    report = FileReport(
        path=task.display, sha256=task.sha256, status="failed", seconds=round(seconds, 3), reason=reason, code=code
    )
    return FileResult(records=[], report=report)


def timed_out(task: FileTask, settings: RunSettings, seconds: float) -> FileResult:
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


def child_signals(parent: int) -> None:
    """A child of the batch dies with it and leaves signals to it: Ctrl-C is ignored (the
    parent stops the batch) and SIGTERM kills outright. A forked child would otherwise
    inherit the parent's SIGTERM handler and print a KeyboardInterrupt traceback when it
    is stopped."""
    die_with_parent(parent)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)


def context() -> Any:
    """How children are started: forked where the system can (cheap, and they inherit the
    parser already imported)."""
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods else "spawn")


def death_reason(exitcode: Optional[int]) -> str:
    """Why a child that died without a word died, from its exit code."""
    if exitcode is not None and exitcode < 0:
        try:
            name = signal.Signals(-exitcode).name
        except ValueError:
            name = f"signal {-exitcode}"
        if name == "SIGKILL":
            return "worker was killed (SIGKILL, often the system running out of memory)"
        return f"worker crashed ({name})"
    return f"worker exited unexpectedly (exit code {exitcode})"


def _limit_memory(max_memory_mb: int) -> None:
    if not max_memory_mb:
        return
    try:
        import resource

        limit = max_memory_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    except (ImportError, ValueError, OSError):
        pass


def page_reporter(conn: Connection) -> Callable[[str], None]:
    """What a worker calls on each page done: it tells the batch how the page was read and
    the seconds it took (since the previous page, or the start)."""
    last = time.perf_counter()

    def on_page(method: str) -> None:
        nonlocal last
        now = time.perf_counter()
        conn.send((PAGE_DONE, (method, now - last)))
        last = now

    return on_page


def _read_part(task: FileTask, settings: RunSettings, spool_dir: Optional[str], on_page: Callable[[str], None]) -> RangeRows:
    """Read a page range; its rows go to a spool file when one can be written."""
    assert task.span is not None
    first, stop = task.span
    part = read_range(task.path, first, stop, task.settings_for(settings), on_page=on_page)
    if spool_dir is not None and part.rows:
        path = spool_path(spool_dir, task.index, first)
        if save_pickle(path, part.rows):
            part.rows, part.file = None, path
    return part


def _run_whole(task: FileTask, settings: RunSettings, spool_dir: Optional[str], on_page: Callable[[str], None]) -> FileResult:
    """A whole file, or the join of its ranges; records go to the spool file."""
    spool = Spool(spool_path(spool_dir, task.index) if spool_dir is not None else None)
    try:
        if task.parts is None:
            result = process_task(task, settings, sink=spool, on_page=on_page)
        else:
            result = extract_file(task.path, task.display, settings, sha256=task.sha256, sink=spool, parts=task.parts)
    finally:
        spool.close()
    result.spool = spool.path
    result.records = spool.records if result.report.status == "ok" else []
    return result


def one_core(environ: MutableMapping[str, str]) -> None:
    """Keep the libraries a worker loads to one thread each (:data:`ONE_CORE_ENV`), unless
    the user's environment says otherwise; only the worker's own environment is changed."""
    for name, value in ONE_CORE_ENV.items():
        environ.setdefault(name, value)


def worker(conn: Connection, task: FileTask, settings: RunSettings, spool_dir: Optional[str], parent: int) -> None:
    """The body of a worker process: run ``task``, send its result (a :class:`FileResult`,
    or the :class:`RangeRows` of a page range), page events before it."""
    child_signals(parent)
    faulthandler.disable()  # a crash is the file's one-line reason, not a dump on the screen
    _limit_memory(settings.max_memory_mb)
    one_core(os.environ)
    if spool_dir is not None:
        # Libraries' own temporary files (onnxruntime leaves a session file, .ses) go into the
        # spool folder, removed with it: a batch writes nothing but its outputs.
        os.environ["TMPDIR"] = spool_dir
        tempfile.tempdir = spool_dir
    out_of_memory = f"out of memory (worker cap {settings.max_memory_mb} MB)"
    on_page = page_reporter(conn)
    result: Union[FileResult, RangeRows]
    try:
        if task.span is not None:
            result = _read_part(task, settings, spool_dir, on_page)
        else:
            result = _run_whole(task, settings, spool_dir, on_page)
    except MemoryError:
        result = failed(task, out_of_memory, ReasonCode.OUT_OF_MEMORY)
    except Exception as exc:  # noqa: BLE001 - a bug in the worker itself, reported per file
        reason = f"internal error in worker: {type(exc).__name__}: {str(exc)[:200]} (a bug: please report it)"
        result = failed(task, reason, ReasonCode.INTERNAL)
    try:
        conn.send((RESULT, result))
    except MemoryError:
        conn.send((RESULT, failed(task, out_of_memory, ReasonCode.OUT_OF_MEMORY)))
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
