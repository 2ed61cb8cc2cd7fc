"""The self-evaluation corpus (tests/data/evaluations: one form per layout, rendered by reportlab)
against its hand-written truth: every field output.md's "Self-evaluations" section adds."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from jixiao.extract.pipeline import extract_file

HERE = Path(__file__).resolve().parent / "data" / "evaluations"
TRUTH = [json.loads(line) for line in (HERE / "evaluations.truth.jsonl").read_text(encoding="utf-8").splitlines()]
HEAD = ("title", "stage", "kind", "year", "department", "project_name", "implementing_unit", "goal", "goal_achieved", "total_score")


@pytest.fixture(scope="module")
def records() -> list[dict[str, Any]]:
    result = extract_file(HERE / "evaluations.pdf", "evaluations.pdf", ocr="never")
    return [r.model_dump(mode="json") for r in result.records]


def test_every_evaluation_is_found(records: list[dict[str, Any]]) -> None:
    assert [(r["title"], r["source"]["pages"]) for r in records] == [(t["title"], t["pages"]) for t in TRUTH]


@pytest.mark.parametrize("k", range(len(TRUTH)), ids=[t["title"] for t in TRUTH])
def test_evaluation_matches_truth(records: list[dict[str, Any]], k: int) -> None:
    got, truth = records[k], TRUTH[k]
    assert {key: got.get(key) for key in HEAD} == {key: truth[key] for key in HEAD}
    assert {key: got["funds"][key] for key in ("total", "fiscal", "other")} == truth["funds"]
    execution = [[e["label"], e["planned"], e["adjusted"], e["spent"], e["rate"], e["weight"], e["score"]] for e in got["execution"]]
    assert execution == truth["execution"]
    assert [[t["name"], t["content"], t["amounts"]] for t in got["tasks"]] == truth["tasks"]
    rows = [
        [i["level1"], i["level2"], i["name"], i["target"], i["actual"], i["weight"], i["score"], i["deviation"],
         i["achieved"], i["extra"].get("一级指标分值")]
        for i in got["indicators"]
    ]
    assert rows == truth["indicators"]
    assert got["issues"] == []
