"""Text exports: the seed itself gives its six forms, with the content of the samples' golden."""

from __future__ import annotations

from pathlib import Path

import pytest

from goldens import diff_records, load_jsonl
from jixiao.extract.run.job import extract_file
from jixiao.extract.forms.realign import _Layout, realign_indicator
from jixiao.extract.read.textexport import split_cells

HERE = Path(__file__).resolve().parent
SEED = HERE / "data" / "seed" / "lu-an-2021.txt"


def test_seed_text_export_gives_the_six_forms_of_the_golden() -> None:
    """The calc sample was rendered from a hand reading of this very text, with its page
    breaks; so its golden, with the source swapped, is the expected reading of the seed."""
    result = extract_file(SEED, SEED.name)
    assert result.report.status == "ok" and result.report.pages == 11
    got = [r.model_dump(mode="json") for r in result.records]
    expected = load_jsonl(HERE / "golden" / "lu-an-2021-calc.jsonl")
    for e, g in zip(expected, got):
        e["id"] = g["id"]
        e["source"].update(path=SEED.name, sha256=g["source"]["sha256"], method="text-export")
    problems = diff_records(expected, got)
    assert not problems, "\n".join(problems[:40])


LAYOUT = _Layout(slots={"level1": 1, "level2": 2, "name": 3, "target": 4}, width=5)


@pytest.mark.parametrize(
    "line, cells",
    [
        ("\t成本指标\t法援经费安排\t62万元", ["", "", "成本指标", "法援经费安排", "62万元"]),
        ("对任期届满的人民监督员重新进行选任\t\t\t对40名考核\t", ["", "", "", "对任期届满的人民监督员重新进行选任", "对40名考核"]),
        ("满意度指标\t服务对象满意度指标\t群众满意度\t95%以上", ["", "满意度指标", "服务对象满意度指标", "群众满意度", "95%以上"]),
        ("绩效指标\t产出指标\t质量指标\t指导工作\t高质量完成", ["", "产出指标", "质量指标", "指导工作", "高质量完成"]),
        ("\t\t\t培训\t200人,1次", ["", "", "", "培训", "200人,1次"]),
        ("\t\t满意度指标\t服务对象满意度指标\t群众满意度", ["", "满意度指标", "服务对象满意度指标", "群众满意度", ""]),
    ],
)
def test_indicator_rows_are_realigned_by_content(line: str, cells: list[str]) -> None:
    assert realign_indicator(split_cells(line), LAYOUT) == cells


def test_gbk_text_export(tmp_path: Path) -> None:
    path = tmp_path / "gbk.txt"
    path.write_bytes(SEED.read_text(encoding="utf-8").encode("gb18030"))
    assert len(extract_file(path, path.name).records) == 6
