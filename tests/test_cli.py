"""Every command explains itself and is documented; schema and normalize work end to end."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from jixiao.cli import main

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
# What a start of the command line must not load before a command runs: the stages, the record
# models and the libraries under them (numpy alone is ~0.1 s of a 0.25 s --help budget).
HEAVY = ("pydantic", "numpy", "pandas", "pypdfium2", "pdfplumber", "pdfminer", "jieba", "jixiao.schemas", "jixiao.extract.forms", "jixiao.extract.layout", "jixiao.normalize")


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


@pytest.mark.parametrize("args", [[], ["--help"], *([name, "--help"] for name in sorted(main.commands))], ids=" ".join)
def test_starting_the_command_line_loads_no_pipeline(args: list[str]) -> None:
    """``import jixiao.cli`` and every ``--help`` stay light (start-up, issue 19: --help in
    0.25 s); what a command needs is imported when it runs."""
    code = "import sys; from jixiao.cli import main; sys.argv[1:] and main(sys.argv[1:]); print(*sys.modules, file=sys.stderr)"
    done = subprocess.run([sys.executable, "-c", code, *args], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    loaded = done.stderr.split()
    assert "jixiao.cli" in loaded and (not args or "Usage: " in done.stdout)
    assert [m for m in loaded if m in HEAVY or m.startswith(tuple(h + "." for h in HEAVY))] == []
