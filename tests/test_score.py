"""The scorer (benchmarks/score.py): form matching, field and row counting, on small dicts."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import pytest

_PATH = Path(__file__).resolve().parent.parent / "benchmarks" / "score.py"
_spec = importlib.util.spec_from_file_location("jixiao_score", _PATH)
score = importlib.util.module_from_spec(_spec)
sys.modules[_spec.name] = score  # dataclasses look their module up while the class is built
assert _spec.loader is not None
_spec.loader.exec_module(score)


def form(name: str | None, rows: list[tuple], path: str = "a.pdf", pages: list[int] | None = None,
         **extra) -> dict:
    """A minimal record: header values, the given indicator rows ``(level1, level2, name, target)``."""
    record = {
        "source": {"path": path, "sha256": "", "pages": pages or [1], "method": "text"},
        "title": "项目支出绩效目标表", "kind": "project", "year": 2023, "department": "某局",
        "project_name": name, "implementing_unit": "某中心", "project_attribute": "经常性项目",
        "funds": {"total": 10.0, "fiscal": 10.0, "other": None, "raw": {}},
        "goal": "目标", "fields": {"项目负责人": "张三"},
        "indicators": [{"level1": a, "level2": b, "name": c, "target": d, "page": 1, "extra": {}}
                       for a, b, c, d in rows],
    }
    record.update(extra)
    return record


ROWS = [
    ("产出指标", "数量指标", "享受营养膳食补助学生人数", "≥16000人"),
    ("产出指标", "质量指标", "补助资金足额发放率", "100%"),
    ("满意度指标", "服务对象满意度指标", "受助学生及家长满意度", "≥95%"),
]


def test_identical_run_scores_full_marks() -> None:
    truth = [form("甲", ROWS), form("乙", ROWS[:2])]
    report = score.score(truth, truth)
    c = report.overall
    assert (c.expected, c.found, c.missing, c.false) == (2, 2, 0, 0)
    assert (c.header_right, c.header_total) == (24, 24)  # 11 header values + 1 field, per form
    assert (c.pages_right, c.rows_exact, c.rows_truth) == (2, 5, 5)
    assert c.f1 == 1.0
    assert report.mismatches == []


def test_forms_match_by_project_name_whatever_the_order() -> None:
    truth = [form("甲", ROWS), form("乙", ROWS[:1])]
    run = [form("乙", ROWS[:1]), form("甲", ROWS)]
    assert score.match_forms(truth, run) == [(0, 1), (1, 0)]
    assert score.score(run, truth).overall.rows_exact == 4


def test_forms_fall_back_to_order_when_the_name_is_wrong() -> None:
    truth = [form("甲", ROWS), form("乙", ROWS)]
    run = [form("甲", ROWS), form("乙（错）", ROWS)]
    report = score.score(run, truth)
    assert (report.overall.found, report.overall.missing, report.overall.false) == (2, 0, 0)
    assert report.overall.header_right == report.overall.header_total - 1
    assert [(m.what, m.got) for m in report.mismatches] == [("project_name", "乙（错）")]


def test_missing_and_false_forms_are_counted() -> None:
    truth = [form("甲", ROWS), form(None, ROWS)]
    run = [form("甲", ROWS), form("甲", ROWS), form("丙", ROWS[:1])]
    pairs = score.match_forms(truth[:1], run)
    assert pairs == [(0, 0), (None, 1), (None, 2)]
    report = score.score(run, truth)
    c = report.overall
    # the nameless truth form takes the next run form in order; one run form is left over
    assert (c.expected, c.found, c.missing, c.false) == (2, 2, 0, 1)
    assert c.rows_run == 3 + 3 + 1 and c.rows_truth == 6
    report = score.score(run[:1], truth)
    assert (report.overall.missing, report.overall.header_total, report.overall.header_right) == (1, 24, 12)


def test_rows_exact_needs_all_four_values_f1_needs_name_and_target_alike() -> None:
    run_rows = [
        ("产出指标", None, "享受营养膳食补助学生人数", "≥16000人"),       # level2 lost: F1 yes, exact no
        ("产出指标", "质量指标", "补助资金足额发放率", "≥90%"),            # another target: neither
        ("满意度指标", "服务对象满意度指标", "受助学生及家长满意度", "≥95%"),  # exact
    ]
    counts, mismatches = score.score_pair(form("甲", ROWS), form("甲", run_rows), "a.pdf", "#1")
    assert (counts.rows_exact, counts.rows_matched, counts.rows_truth, counts.rows_run) == (1, 2, 3, 3)
    assert [m.what for m in mismatches] == ["indicator row 1", "indicator row 2"]
    assert mismatches[1].got == list(run_rows[1])  # the near miss is shown beside the expected row


def test_similarity_threshold_tolerates_one_character_in_a_long_name() -> None:
    truth = [("a", "b", "学校食堂从业人员持健康证上岗比例达到要求", "100%")]
    run = [("a", "b", "学校食堂从业人员持健康证上岗比列达到要求", "100%")]
    assert score.similar_pairs(truth, run) == [(0, 0)]
    assert score.exact_pairs(truth, run) == []
    assert score.similar_pairs(truth, [("a", "b", truth[0][2], "10%")]) == []


def test_exact_rows_are_matched_in_order_one_to_one() -> None:
    a, b = ROWS[0], ROWS[1]
    assert score.exact_pairs([a, b, a], [a, a]) == [(0, 0), (2, 1)]
    assert score.exact_pairs([a, b], [b, a]) in ([(0, 1)], [(1, 0)])


def test_numbers_compare_as_numbers_and_pages_must_be_equal() -> None:
    truth = form("甲", ROWS, pages=[1, 2])
    run = form("甲", ROWS, pages=[1], funds={"total": 10, "fiscal": 10.000000001, "other": None, "raw": {}})
    counts, mismatches = score.score_pair(truth, run, "a.pdf", "#1")
    assert counts.header_right == counts.header_total
    assert counts.pages_right == 0
    assert [(m.what, m.expected, m.got) for m in mismatches] == [("source.pages", [1, 2], [1])]


def test_fields_count_one_value_each() -> None:
    truth = form("甲", [], fields={"项目负责人": "张三", "联系电话": "0771-5862213"})
    run = form("甲", [], fields={"项目负责人": "张三", "其他": "x"})
    counts, mismatches = score.score_pair(truth, run, "a.pdf", "#1")
    assert (counts.header_right, counts.header_total) == (12, 13)
    assert [(m.what, m.got) for m in mismatches] == [("fields.联系电话", None)]


def test_run_files_are_found_by_sha_or_by_a_longer_path() -> None:
    truth = [form("甲", ROWS, path="word.pdf")]
    assert score.score([form("甲", ROWS, path="producers/word.pdf")], truth).overall.found == 1
    other = form("甲", ROWS, path="renamed.pdf")
    truth[0]["source"]["sha256"] = other["source"]["sha256"] = "ab" * 32
    report = score.score([other, form("乙", ROWS, path="b.pdf")], truth)
    assert (report.overall.found, report.overall.false, report.ignored_forms) == (1, 0, 1)


def test_main_prints_a_report_and_always_exits_0(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    truth_file, run_file = tmp_path / "t.jsonl", tmp_path / "r.jsonl"
    truth_file.write_text(json.dumps(form("甲", ROWS), ensure_ascii=False) + "\n", encoding="utf-8")
    run_file.write_text("not json\n", encoding="utf-8")
    assert score.main([str(run_file), str(truth_file), "--json", str(tmp_path / "s.json")]) == 0
    out = capsys.readouterr()
    assert "form missing" in out.out and "not JSON" in out.err
    assert json.loads((tmp_path / "s.json").read_text(encoding="utf-8"))["overall"]["missing"] == 1
    assert score.main([str(tmp_path / "absent.jsonl"), str(truth_file)]) == 0


def test_mismatch_list_is_cut_at_twenty() -> None:
    truth = [form("甲", [("a", "b", f"指标{i}", "1") for i in range(30)])]
    report = score.score([form("甲", [])], truth)
    assert len(report.mismatches) == 30
    text = score.format_report(report)
    assert "Mismatches: 30, first 20:" in text and text.count("· indicator row ") == 20


TASKS = [
    {"name": "基本公共卫生服务", "content": "为辖区常住居民提供基本公共卫生服务",
     "amounts": {"总额": "1426.80", "财政拨款": "1426.80", "其他资金": "0.00"}},
    {"name": "机关运行", "content": None, "amounts": {"总额": "736.40"}},
]


def test_tasks_count_as_one_header_value_when_the_truth_has_them() -> None:
    truth = form(None, ROWS, kind="department", tasks=TASKS)
    counts, mismatches = score.score_pair(truth, form(None, ROWS, kind="department", tasks=TASKS), "a.pdf", "#1")
    assert (counts.header_right, counts.header_total) == (13, 13)  # 11 header values + 1 field + tasks
    wrong = [TASKS[0], {**TASKS[1], "amounts": {"总额": "736.4"}}]
    counts, mismatches = score.score_pair(truth, form(None, ROWS, kind="department", tasks=wrong), "a.pdf", "#1")
    assert (counts.header_right, counts.header_total) == (12, 13)
    assert [m.what for m in mismatches] == ["tasks"]
    # a run without the key, or with a task missing its optional parts, is read with defaults
    counts, _ = score.score_pair(truth, form(None, ROWS, kind="department"), "a.pdf", "#1")
    assert counts.header_right == 12
    bare = [TASKS[0], {"name": "机关运行", "amounts": {"总额": "736.40"}}]
    assert score.score_pair(truth, form(None, ROWS, tasks=bare, kind="department"), "a.pdf", "#1")[0].header_right == 13


def test_tasks_are_not_scored_when_the_truth_leaves_them_out() -> None:
    counts, mismatches = score.score_pair(form("甲", ROWS), form("甲", ROWS, tasks=TASKS), "a.pdf", "#1")
    assert (counts.header_right, counts.header_total, mismatches) == (12, 12, [])


def with_grids(record: dict, grids: list) -> dict:
    """``record`` with each indicator's ``grid`` set from ``grids`` (None leaves the key out)."""
    for indicator, grid in zip(record["indicators"], grids):
        if grid is not None:
            indicator["grid"] = grid
    return record


def test_grid_is_part_of_the_row_identity_when_the_truth_has_it() -> None:
    rows = ROWS[:2] + [ROWS[2], ROWS[2]]  # the same satisfaction row in both grids
    truth = with_grids(form("甲", rows), ["long-term", "long-term", "long-term", "annual"])
    right = with_grids(form("甲", rows), ["long-term", "long-term", "long-term", "annual"])
    counts, mismatches = score.score_pair(truth, right, "a.pdf", "#1")
    assert (counts.rows_exact, counts.rows_matched, mismatches) == (4, 4, [])
    swapped = with_grids(form("甲", rows), ["long-term", "long-term", "annual", "annual"])
    counts, mismatches = score.score_pair(truth, swapped, "a.pdf", "#1")
    assert (counts.rows_exact, counts.rows_matched) == (3, 4)  # F1 pairs rows by name and target only
    assert [(m.what, m.expected[-1], m.got[-1]) for m in mismatches] == [("indicator row 3", "long-term", "annual")]
    counts, _ = score.score_pair(truth, form("甲", rows), "a.pdf", "#1")  # a run that says nothing
    assert counts.rows_exact == 0


def test_grid_is_ignored_when_the_truth_has_none() -> None:
    run = with_grids(form("甲", ROWS), ["annual", "annual", "annual"])
    counts, mismatches = score.score_pair(form("甲", ROWS), run, "a.pdf", "#1")
    assert (counts.rows_exact, mismatches) == (3, [])
