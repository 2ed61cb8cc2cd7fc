"""Reading a run's JSONL back as plain records, for diff, review, export and summary.

Lines are split on ``\\n`` only: a cell may hold U+2028, U+0085 or a form feed, which
``str.splitlines`` would take for line ends. Each record is checked against ``FormRecord``
(the contract in ``schemas/``) and must carry this jixiao's ``schema_version``; the first
line that does not fits is an error naming the file, the line and the field, so the CLI
can say it in one line. Hand-checked golden files leave out what the program derives
(``indicators[].value``) and still load; records are returned as the plain dicts read.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any, Union

from pydantic import ValidationError

from ..schemas import SCHEMA_VERSION, FormRecord

Record = dict[str, Any]
STDIN = "-"

# Keys a record may lack although the model requires them: derived from other keys, and
# left out of hand-written goldens. As pydantic locations with "*" for any list index.
DERIVED: frozenset[tuple[str, ...]] = frozenset({("indicators", "*", "value")})


class RecordsError(ValueError):
    """A records file that cannot be read: missing, not UTF-8, or a line that is not a record."""


def read_records(path: Union[Path, str]) -> list[Record]:
    """Every form record of a JSONL file (``-``: stdin), in file order; blank lines skipped."""
    name = "stdin" if str(path) == STDIN else str(path)
    return parse_records(_read_text(path, name), name)


def _read_text(path: Union[Path, str], name: str) -> str:
    try:
        data = sys.stdin.buffer.read() if str(path) == STDIN else Path(path).read_bytes()
    except FileNotFoundError:
        raise RecordsError(f"{name}: no such file") from None
    except IsADirectoryError:
        raise RecordsError(f"{name}: is a directory, not a JSONL file") from None
    except OSError as exc:
        raise RecordsError(f"{name}: {exc.strerror or exc}") from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise RecordsError(f"{name}: not UTF-8 text (byte {exc.start})") from None


def parse_records(text: str, name: str = "records") -> list[Record]:
    """The records of a JSONL text; ``RecordsError`` at the first line that is not one."""
    records: list[Record] = []
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            raise RecordsError(f"{name}: line {number} is not JSON ({exc.msg})") from None
        if not isinstance(record, dict):
            raise RecordsError(f"{name}: line {number} is not a form record (a JSON {type(record).__name__})")
        problem = record_problem(line, record)
        if problem:
            raise RecordsError(f"{name}: line {number}: {problem}")
        records.append(record)
    return records


def record_problem(line: str, record: Record) -> str:
    """What makes ``record`` (parsed from ``line``) not a form record of this schema
    version, or ``""``. Strict, as JSON gives it: a year ``"2021"`` is not a year."""
    version = record.get("schema_version", SCHEMA_VERSION)
    if version != SCHEMA_VERSION:
        return f"schema_version {json.dumps(version)}; this jixiao reads version {SCHEMA_VERSION}"
    try:
        FormRecord.model_validate_json(line, strict=True)
    except ValidationError as exc:
        for error in exc.errors():
            location = tuple(str(part) for part in error["loc"])
            if error["type"] == "missing" and _generic(location) in DERIVED:
                continue
            return f"{'.'.join(location) or 'record'}: {error['msg']}"
    return ""


def _generic(location: tuple[str, ...]) -> tuple[str, ...]:
    return tuple("*" if part.isdigit() else part for part in location)


def report_roots(report: Path) -> dict[str, Path]:
    """Source path → the input folder the run recorded for it (``root`` of each report
    row); empty when the report is missing or unreadable, rows without a root left out."""
    try:
        lines = report.read_text(encoding="utf-8").split("\n")
    except (OSError, UnicodeDecodeError):
        return {}
    roots: dict[str, Path] = {}
    for line in lines:
        try:
            row = json.loads(line)
        except json.JSONDecodeError:
            continue
        if isinstance(row, dict) and isinstance(row.get("path"), str) and isinstance(row.get("root"), str):
            roots[row["path"]] = Path(row["root"])
    return roots


def as_plain(record: Any) -> Record:
    """A record as a plain dict: a pydantic ``FormRecord`` is dumped as JSON would show it."""
    if isinstance(record, dict):
        return record
    dump = getattr(record, "model_dump", None)
    if dump is None:
        raise TypeError(f"not a form record: {type(record).__name__}")
    return dump(mode="json")
