"""The output contract: pydantic models are its only home (output.md, values.md)."""

from .record import SCHEMA_VERSION, Box, Execution, FormRecord, Funds, Indicator, Issue, Source, Task
from .report import FileReport, FileStatus, ReasonCode
from .values import Period, Term, Value

__all__ = [
    "SCHEMA_VERSION",
    "Box",
    "Execution",
    "FileReport",
    "FileStatus",
    "FormRecord",
    "Funds",
    "Indicator",
    "Issue",
    "Period",
    "ReasonCode",
    "Source",
    "Task",
    "Term",
    "Value",
]
