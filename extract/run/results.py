"""What the work on one file gives back: its records and report row (:class:`FileResult`),
or the rows of one page range of it (:class:`RangeRows`). Plain data, passed between worker
processes and the batch, that every run module can import without importing the work."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

from ...schemas import FileReport, FormRecord, ReasonCode
from ..model import PageRows


@dataclass
class FileResult:
    """What one input file gave: its records (in form order) and its report row."""

    records: list[FormRecord] = field(default_factory=list)
    # A worker writes big results to a spool file (JSON lines) instead of ``records``.
    spool: Optional[str] = None
    report: FileReport = field(default_factory=lambda: FileReport(path="", status="failed"))


@dataclass
class RangeRows:
    """What a worker read of pages ``first``..``stop - 1`` (0-based) of a PDF cut into page
    ranges: their rows (in memory, or pickled in the spool file ``file``), the warnings of
    its pages, and its seconds; ``reason``/``code`` when the range could not be read."""

    first: int
    stop: int
    rows: Optional[list[PageRows]] = None
    file: Optional[str] = None
    warnings: list[str] = field(default_factory=list)
    seconds: float = 0.0
    reason: Optional[str] = None
    code: Optional[ReasonCode] = None
