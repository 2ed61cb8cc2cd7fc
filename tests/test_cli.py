"""Every command explains itself and is documented; schema and normalize work end to end."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from jixiao.cli import main

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("name", sorted(main.commands))
def test_every_command_has_help_and_is_in_the_readme(name: str) -> None:
    result = CliRunner().invoke(main, [name, "--help"])
    assert result.exit_code == 0
    assert main.commands[name].help and len(main.commands[name].help.strip()) > 40
    assert f"jixiao {name}" in README


def test_schema_prints_the_record_json_schema() -> None:
    result = CliRunner().invoke(main, ["schema"])
    schema = json.loads(result.output)
    assert result.exit_code == 0 and schema["title"] == "FormRecord"
    assert list(schema["properties"])[:4] == ["schema_version", "id", "source", "title"]


def test_normalize_reads_stdin_as_jsonl() -> None:
    result = CliRunner().invoke(main, ["normalize", "-"], input="≥90%\n70.35万元\n")
    values = [json.loads(line) for line in result.output.splitlines()]
    assert [v["terms"][0]["base_value"] for v in values] == [90, 703500]
