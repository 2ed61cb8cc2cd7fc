"""The per-file report written beside the records."""

from __future__ import annotations

from typing import Literal, Optional

from pydantic import BaseModel, ConfigDict, Field

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
    ocr_pages: int = Field(default=0, description="pages read by OCR")
    issues: dict[str, int] = Field(
        default={}, description="issue code → number of the file's forms carrying it (see the records' issues)"
    )
    forms_with_issues: int = 0
    root: Optional[str] = Field(
        default=None,
        description="the absolute folder `path` is relative to, where `jixiao review` finds the file; "
        "null for remote inputs",
    )
