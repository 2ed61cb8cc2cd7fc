"""Large PDFs cut into page ranges, so that on several cores the largest file does not hold
the batch while the other workers idle.

The pool (:mod:`.pool`) takes its work from a :class:`WorkQueue`: with more than one job, a
PDF of more than a range's pages becomes tasks of consecutive page ranges, and all the work
is handed out largest first. A range gives rows, not forms — a form runs across pages, so
across ranges — and once every range of a file is in, one more task joins their rows in page
order and builds the forms and records exactly as from the whole file
(:func:`~.job.extract_file` with ``parts``).

A range that fails fails its file, with the reason the whole file would have given: the
file's outcome is that of its first range that did not read, once every range before it has
read (a file read whole stops at its first bad page, too); the ranges after it are dropped.
A range killed by a signal under PDFium sends the whole file to pdfminer, uncut, as a file
read whole would be. Each range may take what is left of its file's timeout when it starts.
With one job nothing changes: files are read whole, in input order.

Everything here is plain bookkeeping (no processes, no clock), tested on its own.
"""

from __future__ import annotations

import contextlib
import math
import os
from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import Optional, Union

from ...schemas import ReasonCode
from .results import FileResult, RangeRows
from .worker import FileTask, failed

# A range is never shorter than this: each range pays a fork, opening the file and (for a
# scan) loading the OCR models, so short ones cost more than they balance.
MIN_RANGE_PAGES = 16
# A range has at most 1/PARTS_PER_JOB of a worker's share of the batch's pages: a file
# larger than half a worker's share is cut, so none holds the batch, and files that are not
# stay whole. Each range costs a fork, an open of the file, its rows pickled to a spool and a
# join: on the real corpus (2026-12-02, --jobs 2, no file over half a share) 16 cost 12 % more
# CPU and 20-40 % more wall time than whole files, 2 none (12.7-13.2 s against 13.2-15.0 s
# whole, 15.9-21.8 s with 16).
PARTS_PER_JOB = 2


def range_pages(total_pages: int, jobs: int) -> int:
    """The most pages a range may have in a batch of ``total_pages`` on ``jobs`` workers."""
    return max(MIN_RANGE_PAGES, math.ceil(total_pages / (jobs * PARTS_PER_JOB)))


def spans(pages: int, most: int) -> list[tuple[int, int]]:
    """``pages`` cut into the fewest ranges of at most ``most`` pages, of equal sizes (give
    or take a page): (first, stop) 0-based."""
    count = max(1, math.ceil(pages / most))
    bounds = [round(k * pages / count) for k in range(count + 1)]
    return list(zip(bounds, bounds[1:]))


@dataclass(frozen=True)
class Crashed:
    """The outcome of a task (a whole file or a range) whose worker was killed by a signal
    while PDFium read: the whole file goes to pdfminer."""

    result: FileResult


Outcome = Union[FileResult, RangeRows, Crashed]


@dataclass
class _CutFile:
    """A file cut into ranges, on its way back: what each range gave, by its first page."""

    task: FileTask
    firsts: list[int]
    outcomes: dict[int, Outcome] = field(default_factory=dict)
    done: bool = False

    @property
    def used(self) -> float:
        """Seconds its finished ranges took."""
        return sum(_seconds(o) for o in self.outcomes.values())

    def first_bad(self) -> Optional[int]:
        """The first page of the earliest range that did not read, if one is in."""
        bad = [first for first, o in self.outcomes.items() if not _read(o)]
        return min(bad) if bad else None


def _read(outcome: Outcome) -> bool:
    return isinstance(outcome, RangeRows) and outcome.reason is None


def _seconds(outcome: Outcome) -> float:
    if isinstance(outcome, RangeRows):
        return outcome.seconds
    result = outcome.result if isinstance(outcome, Crashed) else outcome
    return result.report.seconds or 0.0


class WorkQueue:
    """The work of a batch for ``jobs`` local workers: :meth:`take` the next task,
    :meth:`finish` each one with its outcome and get the files it completes."""

    def __init__(self, tasks: Iterable[FileTask], jobs: int) -> None:
        tasks = list(tasks)
        self.files: dict[int, _CutFile] = {}
        self.urgent: deque[FileTask] = deque()  # retries and joins: they complete a file
        if jobs <= 1:
            self.pending = deque(tasks)
            return
        most = range_pages(sum(t.pages or 1 for t in tasks), jobs)
        work: list[FileTask] = []
        for task in tasks:
            if task.pages is not None and task.pages > most and task.engine is None:
                cut = spans(task.pages, most)
                self.files[task.index] = _CutFile(task, [first for first, _ in cut])
                work.extend(replace(task, span=span) for span in cut)
            else:
                work.append(task)
        work.sort(key=_size, reverse=True)  # stable: equal sizes stay in input order
        self.pending = deque(work)

    def __bool__(self) -> bool:
        return bool(self.urgent or self.pending)

    def take(self) -> Optional[FileTask]:
        """The next task to start, or None; a range is given what its file has left of its
        timeout (``spent``)."""
        if self.urgent:
            return self.urgent.popleft()
        if not self.pending:
            return None
        task = self.pending.popleft()
        cut = self.files.get(task.index) if task.span is not None else None
        return task if cut is None else replace(task, spent=task.spent + cut.used)

    def dropped(self, task: FileTask) -> bool:
        """Whether a running range is no longer needed: its file is decided, or a range
        before it did not read."""
        if task.span is None:
            return False
        cut = self.files[task.index]
        bad = cut.first_bad()
        return cut.done or (bad is not None and task.span[0] > bad)

    def finish(self, task: FileTask, outcome: Outcome) -> list[tuple[FileTask, FileResult]]:
        """Take a task's outcome; the files it completes, with their results. A whole file
        that ``Crashed`` in PDFium is tried again with pdfminer instead of completed."""
        if task.span is None:
            if isinstance(outcome, Crashed):
                self.urgent.appendleft(replace(task, engine="pdfminer", parts=None))
                return []
            assert isinstance(outcome, FileResult)
            return [(task, outcome)]
        cut = self.files[task.index]
        if self.dropped(task):
            _remove(outcome)
            return []
        cut.outcomes[task.span[0]] = outcome
        bad = cut.first_bad()
        if bad is not None:
            self.pending = deque(t for t in self.pending if not (t.index == task.index and t.span and t.span[0] > bad))
        if any(first not in cut.outcomes for first in cut.firsts if bad is None or first <= bad):
            return []
        cut.done = True
        if bad is None:
            parts = tuple(o for _, o in sorted(cut.outcomes.items()) if isinstance(o, RangeRows))
            self.urgent.appendleft(replace(cut.task, spent=cut.task.spent + cut.used, parts=parts))
            return []
        for kept in cut.outcomes.values():
            _remove(kept)
        first_bad = cut.outcomes[bad]
        if isinstance(first_bad, Crashed):
            self.urgent.appendleft(replace(cut.task, engine="pdfminer"))
            return []
        return [(cut.task, _file_failure(cut.task, first_bad, cut.used))]


def _file_failure(task: FileTask, outcome: Union[FileResult, RangeRows], seconds: float) -> FileResult:
    """The failure of a cut file, with the reason of its first range that did not read."""
    if isinstance(outcome, FileResult):
        reason, code = outcome.report.reason, outcome.report.code
    else:
        reason, code = outcome.reason, outcome.code
    return failed(task, reason or "failed", code or ReasonCode.INTERNAL, seconds + task.spent)


def _remove(outcome: Outcome) -> None:
    """Delete the spool file of a range's rows that will not be joined."""
    if isinstance(outcome, RangeRows) and outcome.file is not None:
        with contextlib.suppress(OSError):
            os.remove(outcome.file)


def _size(task: FileTask) -> int:
    return task.span[1] - task.span[0] if task.span is not None else task.pages or 1
