"""Field-by-field comparison of extracted records with hand-checked golden records.

Goldens leave out each indicator's ``value``: it is a function of ``target`` and is checked
against the normaliser instead, so a normaliser change does not rewrite every golden.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any


# Not in goldens: ``value`` follows ``target``; boxes are geometry, checked by eye on the
# review page, not by hand-typed numbers. Fields added after a golden was written count only
# when they are set.
LAYOUT_ONLY = {"value", "bbox", "boxes"}


def load_jsonl(path: Path) -> list[dict[str, Any]]:
    """Records of a JSONL file."""
    with open(path, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def write_jsonl(path: Path, records: list[dict[str, Any]]) -> Path:
    """Write records as a JSONL file (as ``jixiao extract`` does) and return its path."""
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return path


def _walk(expected: Any, got: Any, where: str, out: list[str]) -> None:
    if isinstance(expected, dict) and isinstance(got, dict):
        for key in expected:
            if key not in got:
                out.append(f"{where}.{key}: missing (expected {expected[key]!r})")
            else:
                _walk(expected[key], got[key], f"{where}.{key}", out)
        for key in got:
            if key not in expected and key not in LAYOUT_ONLY and got[key] not in (None, [], {}):
                out.append(f"{where}.{key}: unexpected {got[key]!r}")
        return
    if isinstance(expected, list) and isinstance(got, list):
        for k, (e, g) in enumerate(zip(expected, got)):
            _walk(e, g, f"{where}[{k}]", out)
        if len(expected) != len(got):
            out.append(f"{where}: {len(got)} items, expected {len(expected)}")
            for extra in got[len(expected):]:
                out.append(f"{where}: + {json.dumps(extra, ensure_ascii=False)[:160]}")
            for missing in expected[len(got):]:
                out.append(f"{where}: - {json.dumps(missing, ensure_ascii=False)[:160]}")
        return
    if expected != got:
        out.append(f"{where}: expected {expected!r}, got {got!r}")


def diff_records(expected: list[dict[str, Any]], got: list[dict[str, Any]]) -> list[str]:
    """Readable differences, one line each; empty when the records agree."""
    out: list[str] = []
    if len(expected) != len(got):
        out.append(f"{len(got)} forms, expected {len(expected)}")
    for k, (e, g) in enumerate(zip(expected, got)):
        _walk(e, g, f"form {k + 1} ({e.get('project_name')})", out)
    return out
