"""The contract documents in docs/: the JSON Schema files are what schemas/ generates, and the
documents the help texts and README name exist."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from jixiao.schemas import FileReport, FormRecord, Value

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
MODELS = {"record": FormRecord, "value": Value, "report": FileReport}


def schema_text(model: type) -> str:
    """The text of ``docs/schema/NAME.json``, as ``jixiao schema --model NAME`` prints it."""
    return json.dumps(model.model_json_schema(), ensure_ascii=False, indent=2) + "\n"  # type: ignore[attr-defined]


@pytest.mark.parametrize("name", sorted(MODELS))
def test_schema_files_are_current(name: str) -> None:
    path = DOCS / "schema" / f"{name}.json"
    assert path.read_text(encoding="utf-8") == schema_text(MODELS[name]), (
        f"docs/schema/{name}.json is stale: jixiao schema --model {name} > docs/schema/{name}.json"
    )


def test_linked_documents_exist() -> None:
    """Every docs/ link of the README and every document --help names is in the repository."""
    from jixiao.cli import main

    texts = [(ROOT / "README.md").read_text(encoding="utf-8")] + [
        (cmd.help or "") + " ".join(p.help or "" for p in cmd.params if hasattr(p, "help")) for cmd in main.commands.values()
    ]
    named = {m for text in texts for m in re.findall(r"docs/[\w/.-]+\.(?:md|json)", text)}
    assert named, "the README and help link docs/"
    assert all((ROOT / m).is_file() for m in named), sorted(m for m in named if not (ROOT / m).is_file())
    assert not any("shared/spec" in text for text in texts)
