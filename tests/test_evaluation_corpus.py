"""The self-evaluation corpus (tests/data/evaluations: one form per layout, rendered by reportlab)
against its hand-written truth: every field output.md's "Self-evaluations" section adds."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from jixiao.extract.run.job import extract_file

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


REALWORLD = Path(__file__).resolve().parent.parent.parent / "shared" / "realworld"
GJ = "gj-国家信访局-2024部门决算.pdf"


def _squeeze(text: Any) -> Any:
    """Text without whitespace: the real file prints ``1.4 元``, its truth ``1.4元`` (a rule of
    the cell text, not of the evaluation columns)."""
    return "".join(text.split()) if isinstance(text, str) else text


def test_real_self_evaluations_of_a_central_department() -> None:
    """国家信访局 2024 决算, 项目支出绩效自评表 pp30-36, against ../shared/realworld/truth.jsonl."""
    if not (REALWORLD / GJ).is_file():
        pytest.skip("../shared/realworld is absent")
    truth = next(
        json.loads(line)["forms"]
        for line in (REALWORLD / "truth.jsonl").read_text(encoding="utf-8").splitlines()
        if json.loads(line)["file"] == GJ
    )
    records = [r.model_dump(mode="json") for r in extract_file(REALWORLD / GJ, GJ, ocr="never").records]
    assert [(r["title"], r["stage"], r["source"]["pages"]) for r in records] == [
        (t["title"], t["stage"], t["pages"]) for t in truth
    ]
    for got, want in zip(records, truth):
        assert [_squeeze(i["actual"]) for i in got["indicators"]] == [_squeeze(a) for a in want["actuals"]]
        assert [i["name"] for i in got["indicators"]] == [row[2] for row in want["indicators"]]
        assert {k: got["funds"][k] for k in ("total", "fiscal", "other")} == want["funds"]
        assert [e["label"] for e in got["execution"]] == ["年度资金总额", "其中：财政拨款", "上年结转", "其他资金"]
        assert got["execution"][0]["adjusted"] == want["funds"]["total"] and got["total_score"] is not None
        assert got["goal"] is not None and _squeeze(got["goal"]) == _squeeze(want["goal"])
