"""Reading a run's JSONL back as plain records, for diff, review and export.

Records are read as dicts, not validated against ``FormRecord``: hand-checked golden files
leave out derived and layout keys (``value``, ``bbox``, ``boxes``) and must still load. A
line that is not a JSON object is an error that names the file and line, so the CLI can say
it in one line.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

Record = dict[str, Any]


class RecordsError(ValueError):
    """A records file that cannot be read: missing, not UTF-8, or a line that is not a record."""


def read_records(path: Path) -> list[Record]:
    """Every form record of a JSONL file, in file order; blank lines are skipped."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise RecordsError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise RecordsError(f"{path}: is a directory, not a JSONL file") from None
    except UnicodeDecodeError as exc:
        raise RecordsError(f"{path}: not UTF-8 text (byte {exc.start})") from None
    except OSError as exc:
        raise RecordsError(f"{path}: {exc.strerror or exc}") from None
    records: list[Record] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            raise RecordsError(f"{path}: line {number} is not JSON ({exc.msg})") from None
        if not isinstance(record, dict) or not _looks_like_form(record):
            raise RecordsError(f"{path}: line {number} is not a form record (no id or source)")
        records.append(record)
    return records


def _looks_like_form(record: Record) -> bool:
    """Enough of a form to be matched: an ``id`` or a ``source`` object."""
    return isinstance(record.get("id"), str) or isinstance(record.get("source"), dict)


def as_plain(record: Any) -> Record:
    """A record as a plain dict: a pydantic ``FormRecord`` is dumped as JSON would show it."""
    if isinstance(record, dict):
        return record
    dump = getattr(record, "model_dump", None)
    if dump is None:
        raise TypeError(f"not a form record: {type(record).__name__}")
    return dump(mode="json")
