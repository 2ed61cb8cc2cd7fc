"""Run a batch's tasks in local worker processes, ``settings.jobs`` at a time.

Each task runs in a forked worker of its own (:mod:`.worker`); the work comes from a
:class:`~.ranges.WorkQueue` (large PDFs cut into page ranges when there is more than one
job). Here: starting workers, hearing their page events and results, and stopping a worker
that is overdue or no longer needed. A worker that dies without a result gives its file a
one-line reason; one killed by a signal while PDFium read gets the file tried with pdfminer.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from typing import Any, Optional, Union

from .results import FileResult, RangeRows
from .ranges import Crashed, Outcome, WorkQueue
from .settings import RunSettings
from .spool import spool_folder
from .worker import PAGE_DONE, RESULT, FileTask, context, death_reason, failed, preload_parser, timed_out, worker
from ...schemas import ReasonCode

# Hears each page a worker finished: its file (as shown), how it was read (text, ocr …) and
# the seconds it took.
PageEvents = Callable[[str, str, float], None]


@dataclass
class _Running:
    task: FileTask
    process: Any
    conn: Connection
    started: float
    timed_out: bool = False
    got_result: bool = False
    exitcode: Optional[int] = None

    def end(self) -> None:
        """Reap the worker and release its pipe and process object now. Closed here, the
        process's finalizer cannot run later from the garbage collector, where a Ctrl-C or
        SIGTERM arriving inside it would be swallowed ("Exception ignored") and the batch
        would go on waiting."""
        self.process.join()
        self.exitcode = self.process.exitcode
        self.conn.close()
        self.process.close()

    def stop(self) -> None:
        self.process.kill()
        self.end()


def run_local(
    tasks: Iterable[FileTask], settings: RunSettings, on_page: Optional[PageEvents] = None
) -> Iterator[tuple[FileTask, FileResult]]:
    """Read the files in worker processes, ``settings.jobs`` at a time; yield each file's
    result as it completes (not in input order)."""
    with spool_folder(settings.spool_dir) as spool_dir:
        yield from _run_pool(tasks, settings, spool_dir, on_page)


def _run_pool(
    tasks: Iterable[FileTask], settings: RunSettings, spool_dir: Optional[str], on_page: Optional[PageEvents]
) -> Iterator[tuple[FileTask, FileResult]]:
    preload_parser(settings)
    ctx = context()
    queue = WorkQueue(tasks, settings.jobs)
    running: dict[int, _Running] = {}
    serial = 0
    try:
        while queue or running:
            while len(running) < settings.jobs:
                task = queue.take()
                if task is None:
                    break
                receiver, sender = ctx.Pipe(duplex=False)
                process = ctx.Process(target=worker, args=(sender, task, settings, spool_dir, os.getpid()), daemon=True)
                process.start()
                sender.close()
                serial += 1
                running[serial] = _Running(task, process, receiver, time.monotonic())
            waitables: list[Any] = []
            for run in running.values():
                waitables.extend((run.conn, run.process.sentinel))
            wait(waitables, timeout=0.25)
            now = time.monotonic()
            for key in list(running):
                run = running[key]
                outcome = _collect(run, settings, now, on_page)
                if outcome is None:
                    continue
                del running[key]
                if _crashed_in_pdfium(run, settings):
                    assert isinstance(outcome, FileResult)
                    outcome = Crashed(outcome)
                yield from queue.finish(run.task, outcome)
            for key in [k for k, r in running.items() if queue.dropped(r.task)]:
                running.pop(key).stop()
    finally:
        for run in running.values():
            run.stop()


def _crashed_in_pdfium(run: _Running, settings: RunSettings) -> bool:
    """A worker killed by a signal while PDFium read its file gets the file one more try with
    pdfminer: PDFium aborts on some damaged files and when it meets the memory cap (a
    decompression bomb), where pdfminer reads the file or fails with a reason."""
    crashed = run.exitcode is not None and run.exitcode < 0
    reading = run.task.parts is None
    engine = run.task.settings_for(settings).engine
    return crashed and reading and not run.got_result and not run.timed_out and engine == "pdfium"


def _collect(run: _Running, settings: RunSettings, now: float, on_page: Optional[PageEvents]) -> Optional[Outcome]:
    """The outcome of a worker if it is finished, failed or overdue; None if still running.
    A file's time is bounded by ``--timeout`` whatever it does (OCR included)."""
    elapsed = now - run.started
    while run.conn.poll():
        try:
            kind, payload = run.conn.recv()
        except (EOFError, OSError):
            kind, payload = "died", None
        if kind == PAGE_DONE:
            if on_page is not None:
                on_page(run.task.display, *payload)
            continue
        run.end()
        if kind == RESULT:
            run.got_result = True
            result: Union[FileResult, RangeRows] = payload
            return result
        return _death(run.task, run.exitcode, elapsed)
    if not run.process.is_alive():
        run.end()
        return _death(run.task, run.exitcode, elapsed)
    if settings.timeout and elapsed > run.task.time_left(settings):
        run.timed_out = True
        run.stop()
        return timed_out(run.task, settings, elapsed)
    return None


def _death(task: FileTask, exitcode: Optional[int], seconds: float) -> FileResult:
    """The result of a file whose worker died without a word."""
    return failed(task, death_reason(exitcode), ReasonCode.WORKER_CRASHED, seconds)
