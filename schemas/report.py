"""The per-file report written beside the records."""

from __future__ import annotations

from enum import Enum
from typing import Literal, Optional

from pydantic import BaseModel, ConfigDict, Field

FileStatus = Literal["ok", "no-forms", "failed", "skipped"]


class ReasonCode(str, Enum):
    """Why a file is ``failed`` or ``skipped``: the machine-readable twin of ``reason``.

    The one list of these codes; every reason the batch gives carries one of them."""

    EMPTY = "empty"  # 0 bytes
    NOT_PDF = "not-pdf"  # no %PDF header (an HTML page, another format)
    ENCRYPTED = "encrypted"  # a password is needed
    DAMAGED = "damaged"  # the PDF or spreadsheet cannot be parsed
    NEEDS_OCR = "needs-ocr"  # a page needs OCR and no OCR engine is installed
    UNREADABLE = "unreadable"  # the file or folder cannot be opened or read (permissions, I/O)
    TIMEOUT = "timeout"  # hashing and reading took longer than --timeout
    OUT_OF_MEMORY = "out-of-memory"  # over --max-memory
    WORKER_CRASHED = "worker-crashed"  # the reading process died (a crash in a library)
    WORKER_LOST = "worker-lost"  # a cluster worker or the scheduler connection was lost
    INTERNAL = "internal-error"  # a bug in jixiao: please report it
    DUPLICATE = "duplicate"  # skipped: the same bytes as a file read under another path
    NOT_A_FILE = "not-a-file"  # skipped: a FIFO, socket or device, never opened


class FileReport(BaseModel):
    """What happened to one input file; a failure carries a one-line ``reason`` and its
    ``code``; ``warnings`` tell what a file read ``ok`` may be missing (pages that could
    not be read)."""

    model_config = ConfigDict(extra="forbid")

    path: str
    sha256: Optional[str] = None
    status: FileStatus
    pages: Optional[int] = None
    forms: int = 0
    seconds: float = 0.0
    reason: Optional[str] = None
    code: Optional[ReasonCode] = None
    warnings: list[str] = Field(default_factory=list)
