"""A batch: fingerprint the inputs, read each new file once, write results in input order.

Results are written in the order of the (sorted) inputs, whatever order the workers finish
in, so the output is the same bytes on every run and an interrupted run leaves a prefix of
it. Files with the same bytes under two paths are read once; the second is ``skipped``.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from typing import Optional

from ...schemas import FileReport, ReasonCode
from .inputs import InputFile, is_url, special_kind
from .output import ResultWriter, ResumeState
from .results import FileResult
from .pool import PageEvents, run_local
from .probe import fingerprint, page_counts
from .settings import RunSettings
from .worker import FileTask, failed

# Runs the tasks and yields each file's result as it completes; the local pool also tells
# each page done (``on_page``: the file as shown, how the page was read, its seconds).
Executor = Callable[..., Iterator[tuple[FileTask, FileResult]]]


@dataclass
class Summary:
    """Counts for the closing line and the exit code."""

    files: int = 0
    forms: int = 0
    pages: int = 0
    resumed: int = 0
    seconds: float = 0.0
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
        text = f"{self.files} files ({statuses or 'none'}), {self.pages} pages, {self.forms} forms"
        if self.resumed:
            text += f"; {self.resumed} files already done by the earlier run"
        return text


@dataclass
class Plan:
    """What a batch will do: tasks to run, and results known without reading (unreadable,
    duplicate), each at its position in input order."""

    tasks: list[FileTask] = field(default_factory=list)
    known: dict[int, FileResult] = field(default_factory=dict)
    resumed: int = 0

    @property
    def size(self) -> int:
        return len(self.tasks) + len(self.known)

    def pages(self) -> dict[str, Optional[int]]:
        """The page count of each file to read, by how it is shown (None: not known)."""
        return {task.display: task.pages for task in self.tasks}


def plan_batch(
    inputs: list[InputFile], resume: Optional[ResumeState] = None, settings: RunSettings = RunSettings()
) -> Plan:
    """Fingerprint every input; drop those a resumed run already did; mark duplicates.

    Every input gets one result at its position: a folder that could not be listed is
    ``failed``; a FIFO, socket or device is ``skipped`` without being opened; the other
    files are fingerprinted by :func:`fingerprint` under their timeout, the time it took
    counted in their timeout when they are read. The files to read are then counted in
    pages (:func:`~.probe.page_counts`)."""
    plan = Plan()
    first_path: dict[str, str] = {}
    todo: list[tuple[int, InputFile]] = []
    for item in inputs:
        if resume is not None and item.display in resume.paths:
            plan.resumed += 1
            continue
        index = len(todo) + len(plan.known)
        task = FileTask(index=index, path=str(item.path), display=item.display)
        if item.error is not None:
            plan.known[index] = failed(task, item.error, ReasonCode.UNREADABLE)
            continue
        if not is_url(item.path):
            try:
                kind = special_kind(os.stat(item.path).st_mode)
            except OSError as exc:
                plan.known[index] = failed(task, f"cannot read: {exc.strerror or exc}", ReasonCode.UNREADABLE)
                continue
            if kind is not None:
                report = FileReport(path=item.display, status="skipped", reason=f"not read: {kind}", code=ReasonCode.NOT_A_FILE)
                plan.known[index] = FileResult(records=[], report=report)
                continue
        todo.append((index, item))
    prints = fingerprint([str(item.path) for _, item in todo], settings)
    for (index, item), print_ in zip(todo, prints):
        task = FileTask(index=index, path=str(item.path), display=item.display, sha256=print_.sha256, spent=print_.seconds)
        sha = print_.sha256
        if sha is None:
            plan.known[index] = failed(task, print_.reason or "cannot read", print_.code or ReasonCode.UNREADABLE, print_.seconds)
            continue
        if resume is not None and resume.is_done(sha):
            first_path.setdefault(sha, resume.done[sha]["path"])
        if sha in first_path:
            report = FileReport(
                path=item.display,
                sha256=sha,
                status="skipped",
                reason=f"same content as {first_path[sha]}",
                code=ReasonCode.DUPLICATE,
            )
            plan.known[index] = FileResult(records=[], report=report)
        else:
            first_path[sha] = item.display
            plan.tasks.append(task)
    counts = page_counts([task.path for task in plan.tasks], settings)
    plan.tasks = [replace(task, pages=pages) for task, pages in zip(plan.tasks, counts)]
    return plan


def in_order(plan: Plan, completed: Iterator[tuple[FileTask, FileResult]]) -> Iterator[FileResult]:
    """Results in input order: each is held until every earlier one has been yielded."""
    ready: dict[int, FileResult] = dict(plan.known)
    next_index = 0
    for task, result in completed:
        ready[task.index] = result
        while next_index in ready:
            yield ready.pop(next_index)
            next_index += 1
    while next_index < plan.size:
        if next_index in ready:
            yield ready.pop(next_index)
        next_index += 1


def run_batch(
    plan: Plan,
    writer: ResultWriter,
    settings: RunSettings = RunSettings(),
    executor: Executor = run_local,
    on_result: Optional[Callable[[FileResult], None]] = None,
    on_page: Optional[PageEvents] = None,
) -> Summary:
    """Run a planned batch, writing every result as soon as its turn comes."""
    summary = Summary(resumed=plan.resumed)
    started = time.perf_counter()
    completed = executor(plan.tasks, settings) if on_page is None else executor(plan.tasks, settings, on_page=on_page)
    for result in in_order(plan, completed):
        writer.write(result)
        summary.add(result.report)
        if on_result is not None:
            on_result(result)
    summary.seconds = time.perf_counter() - started
    return summary
