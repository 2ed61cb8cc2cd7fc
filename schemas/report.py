"""The per-file report written beside the records."""

from __future__ import annotations

from typing import Literal, Optional

from pydantic import BaseModel, ConfigDict

FileStatus = Literal["ok", "no-forms", "failed", "skipped"]


class FileReport(BaseModel):
    """What happened to one input file; a failure carries a one-line reason."""

    model_config = ConfigDict(extra="forbid")

    path: str
    sha256: Optional[str] = None
    status: FileStatus
    pages: Optional[int] = None
    forms: int = 0
    seconds: float = 0.0
    reason: Optional[str] = None
    # What a reader should know about a file read without failure ("3 empty form templates").
    warnings: list[str] = []
