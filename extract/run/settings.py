"""The settings of a run, in one object every stage reads from (pdfplumber's
``TableSettings`` habit: made once, validated once, never unpacked into loose arguments)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Optional, Union

from ..forms.settings import FormSettings
from ..layout.settings import LayoutSettings
from ..read.kinds import ENGINES
from .defaults import DEFAULT_JOBS, DEFAULT_MAX_MEMORY_MB, DEFAULT_TIMEOUT, OCR_MODES


@dataclass(frozen=True)
class RunSettings:
    """How a batch runs and how its files are read: built once (from the command line, or
    by a caller of :func:`~jixiao.extract.run.api.extract_paths`), validated once, and
    passed down whole to every stage — the workers, the readers, the layout, the forms."""

    jobs: int = DEFAULT_JOBS
    timeout: float = DEFAULT_TIMEOUT  # seconds per file; 0 = no limit
    max_memory_mb: int = DEFAULT_MAX_MEMORY_MB  # address space per worker; 0 = no cap
    password: str = ""
    verbose: bool = False
    spool_dir: Optional[str] = None  # where workers write records; a temp folder if None
    ocr: str = "auto"  # auto: pages without a usable text layer; always; never
    engine: str = "pdfium"  # the PDF reader: pdfium (fast) or pdfminer (pure Python)
    layout: LayoutSettings = field(default_factory=LayoutSettings)  # rule and grid tolerances
    forms: FormSettings = field(default_factory=FormSettings)  # the form stage's tolerances

    def __post_init__(self) -> None:
        if self.jobs < 1:
            raise ValueError("jobs must be at least 1")
        if self.timeout < 0 or self.max_memory_mb < 0:
            raise ValueError("timeout and max_memory_mb must be >= 0")
        if self.ocr not in OCR_MODES:
            raise ValueError("ocr must be auto, always or never")
        if self.engine not in ENGINES:
            raise ValueError(f"engine must be one of {', '.join(ENGINES)}")

    @classmethod
    def resolve(cls, value: Union[None, dict[str, Any], "RunSettings"] = None) -> "RunSettings":
        """Settings from None (the defaults), a dict of field values, or settings as they are."""
        if value is None:
            return cls()
        if isinstance(value, cls):
            return value
        if isinstance(value, dict):
            return cls(**value)
        raise TypeError(f"settings must be None, a dict or RunSettings, not {type(value).__name__}")
