"""``jixiao summary``: counts over a batch, checked on records made by hand."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from click.testing import CliRunner

from jixiao.cli import main
from jixiao.review.summary import summarize_records

GOLDEN = Path(__file__).resolve().parent / "golden" / "lu-an-2021-calc.jsonl"


def records() -> list[dict[str, Any]]:
    first = json.loads(GOLDEN.read_text(encoding="utf-8").split("\n")[0])
    numeric = {"raw": "60人", "kind": "numeric", "terms": [], "period": None}
    text = {"raw": "明显提升", "kind": "qualitative", "terms": [], "period": None}
    a = dict(first, id="a:1", department="六安市司法局", indicators=[
        dict(first["indicators"][0], value=numeric), dict(first["indicators"][1], value=text)])
    b = dict(first, id="a:2", kind="department", year=2022, department="六安市司法局",
             title="部门整体支出绩效自评表", indicators=[dict(first["indicators"][0], value=numeric)],
             issues=[{"code": "funds-mismatch", "message": "x"}, {"code": "field-missing", "message": "y"}])
    c = dict(first, id="a:3", year=None, department=None, implementing_unit=None,
             issues=[{"code": "funds-mismatch", "message": "z"}])
    return [a, b, c]


def test_counts() -> None:
    s = summarize_records(records())
    assert s.forms == 3 and s.forms_with_issues == 2
    assert s.kinds == {"project": 2, "department": 1}
    assert s.stages == {"target": 2, "evaluation": 1}
    assert s.years == {"2021": 1, "2022": 1, "unknown": 1}
    assert s.departments == {"六安市司法局": 2, "unknown": 1}
    assert s.issues == {"funds-mismatch": 2, "field-missing": 1}
    assert s.value_kinds == {"numeric": 2, "qualitative": 1}
    assert abs(s.numeric_share - 2 / 3) < 1e-9


def test_cli_text_and_json(tmp_path: Path) -> None:
    path = tmp_path / "r.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records()), encoding="utf-8")
    text = CliRunner().invoke(main, ["summary", str(path)])
    assert text.exit_code == 0 and "3 forms" in text.stdout and "funds-mismatch" in text.stdout
    assert "66.7%" in text.stdout
    doc = json.loads(CliRunner().invoke(main, ["summary", str(path), "--format", "json"]).stdout)
    assert doc["issues"] == {"funds-mismatch": 2, "field-missing": 1} and doc["numeric_share"] == 0.6667
