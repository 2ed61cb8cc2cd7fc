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


# --------------------------------------------------------------------------- real-world truth format

ROOT = Path(__file__).resolve().parent.parent
REALWORLD = ROOT.parent / "shared" / "realworld"


def truth_form(name: str | None, pages: list[int], rows: list[tuple], code: str | None = None, **extra) -> dict:
    """One form of a real-world truth line (TRUTH.md), rows ``[level1, level2, name, target]``."""
    return {
        "title": "预算表12项目支出绩效目标表", "kind": "project", "stage": "target", "year": None,
        "department": None, "project_name": name, "project_code": code, "implementing_unit": None,
        "project_attribute": None, "funds": {"total": 689.15746, "fiscal": 689.15746, "other": None},
        "goal": "完成信息系统性能优化及软件、硬件维护。", "pages": pages,
        "indicators": [list(row) for row in rows], **extra,
    }


def truth_line(file: str, forms: list[dict]) -> dict:
    return {"file": file, "renderer": "real", "forms": forms}


def as_run(line: dict, folder: str = "") -> list[dict]:
    """What a perfect ``jixiao extract`` run writes for a truth line (output.md), built here and
    not with the scorer's own conversion, so that a mistake in either shows."""
    records = []
    for index, form in enumerate(line["forms"], start=1):
        actuals = form.get("actuals")
        records.append({
            "schema_version": 1, "id": f"abc:{index}",
            "source": {"path": folder + line["file"], "sha256": "ab" * 32, "pages": form["pages"], "method": "text"},
            "title": form["title"], "kind": form["kind"], "stage": form["stage"], "year": form["year"],
            "department": form["department"], "project_name": form["project_name"],
            "implementing_unit": form["implementing_unit"], "project_attribute": "经常性项目",
            "funds": {**form["funds"], "raw": {"项目总额": "x"}}, "goal": form["goal"],
            "fields": {"项目代码": form["project_code"]} if form["project_code"] else {"项目负责人": "张三"},
            "indicators": [{"level1": a, "level2": b, "name": c, "target": d, "value": {}, "page": form["pages"][0],
                            "extra": {}, **({"actual": actuals[k]} if actuals is not None else {})}
                           for k, (a, b, c, d) in enumerate(form["indicators"])],
            "issues": [],
        })
    return records


SAME_NAME = "信息系统运维类项目"
CODE = "11000021Y000000390843"


def duplicates_line() -> dict:
    """Four entries of one merged 项目名称 over three pages (the Beijing list's judgment call)."""
    return truth_line("bj-甲-部门预算报表.pdf", [
        truth_form(SAME_NAME, [39], [ROWS[0]], CODE),
        truth_form(SAME_NAME, [39], [ROWS[1]], CODE),
        truth_form(SAME_NAME, [40], [ROWS[2]], CODE),
        truth_form(SAME_NAME, [41], [ROWS[0], ROWS[1]], CODE),
    ])


def evaluation_line() -> dict:
    form = truth_form("信访干部培训专项", [30, 31], ROWS, None, stage="evaluation", year=2024,
                      actuals=["16500人", None, "≥96%"])
    form["title"] = "信访干部培训专项项目绩效自评表"
    return truth_line("gj-乙-2024部门决算.pdf", [form])


def every_rate(c) -> list[tuple[str, int, int]]:
    """(what, right, total) of every share the scorer reports."""
    return [("found", c.found, c.expected), ("header", c.header_right, c.header_total),
            ("pages", c.pages_right, c.expected), ("rows", c.rows_exact, c.rows_truth),
            ("matched", c.rows_matched, c.rows_truth), ("run rows", c.rows_matched, c.rows_run),
            ("actuals", c.actuals_right, c.actuals_total), ("comparators", c.comparators_kept, c.comparators_total),
            *((f"field {k}", c.field_right[k], c.field_total[k]) for k in c.field_total)]


def test_a_realworld_line_becomes_records_with_code_pages_and_actuals() -> None:
    duplicates = score.records_of_truth(duplicates_line())
    assert len(duplicates) == 4 and duplicates[0]["source"]["pages"] == [39]
    assert duplicates[0]["fields"] == {"项目代码": CODE} and duplicates[0]["source"]["path"] == "bj-甲-部门预算报表.pdf"
    assert score.rows_of(duplicates[3]) == [ROWS[0], ROWS[1]] and not score.has_actuals(duplicates[0])
    evaluation = score.records_of_truth(evaluation_line())[0]
    assert [i["actual"] for i in evaluation["indicators"]] == ["16500人", None, "≥96%"]
    assert score.has_actuals(evaluation) and evaluation["fields"] == {}
    records, profile = score.truth_records([duplicates_line(), form("甲", ROWS)])
    assert profile is score.REALWORLD and len(records) == 5
    assert score.truth_records([form("甲", ROWS)])[1] is score.RECORDS


@pytest.mark.parametrize("lines", [
    [duplicates_line(), evaluation_line()],
    pytest.param(None, id="shared-realworld-truth"),
])
def test_the_truth_scored_against_itself_as_records_is_100_percent(lines: list[dict] | None) -> None:
    if lines is None:
        if not (REALWORLD / "truth.jsonl").exists():
            pytest.skip("../shared/realworld is absent")
        lines = score.load_jsonl(REALWORLD / "truth.jsonl")
    run = [record for line in lines for record in as_run(line, folder="realworld/")]
    report = score.score(run, lines)
    c = report.overall
    assert c.expected == sum(len(line["forms"]) for line in lines) and (c.missing, c.false) == (0, 0)
    assert c.header_total == 12 * c.expected  # project_attribute is not scored
    assert c.rows_truth == sum(len(f["indicators"]) for line in lines for f in line["forms"])
    assert [(what, right, total) for what, right, total in every_rate(c) if right != total] == []
    assert report.mismatches == [] and c.f1 == 1.0 and c.actuals_total > 0 and c.comparators_total > 0
    assert set(report.files) == {line["file"] for line in lines}


def test_same_name_entries_pair_by_pages_and_order_not_greedily() -> None:
    line = duplicates_line()
    run = as_run(line)
    del run[1]  # the second entry on p39 is not found
    truth = score.records_of_truth(line)
    assert score.align_forms(truth, run) == [(0, 0), (1, None), (2, 1), (3, 2)]
    assert score.match_forms(truth, run)[1] == (1, 1)  # by name alone the next entry is taken
    c = score.score(run, [line]).overall
    assert (c.expected, c.found, c.missing, c.false) == (4, 3, 1, 0)
    assert (c.pages_right, c.rows_exact, c.rows_truth) == (3, 4, 5)


def test_same_name_entries_follow_the_pages_when_the_run_has_one_more() -> None:
    line = duplicates_line()
    run = as_run(line)
    extra = as_run(truth_line(line["file"], [truth_form(SAME_NAME, [40], [("a", "b", "多出的行", "1")], CODE)]))
    run = run[:2] + extra + run[2:]
    pairs = score.align_forms(score.records_of_truth(line), run)
    assert pairs[:4] == [(0, 0), (1, 1), (2, 3), (3, 4)] and pairs[4:] == [(None, 2)]


def test_a_run_form_that_shares_neither_name_nor_page_is_false() -> None:
    line = truth_line("cq-丙.pdf", [truth_form("甲", [3], ROWS), truth_form("乙", [4], ROWS)])
    run = as_run(truth_line("cq-丙.pdf", [truth_form("丁", [9], ROWS), truth_form(None, [4], ROWS)]))
    c = score.score(run, [line]).overall
    assert (c.found, c.missing, c.false) == (1, 1, 1)  # 乙 by its page (its name lost), 丁 false


def test_realworld_header_compares_code_text_without_cjk_spaces_and_amounts_relatively() -> None:
    line = truth_line("bj-甲.pdf", [truth_form(SAME_NAME, [39], ROWS, CODE)])
    run = as_run(line)
    run[0]["project_name"] = "信息系统 运维类\n项目"
    run[0]["project_attribute"] = "其他"  # not scored
    run[0]["funds"]["total"] = 689.15746 * (1 + 5e-7)
    run[0]["funds"]["fiscal"] = 689.16
    run[0]["fields"] = {"项目代码": CODE[:-1]}
    run[0]["indicators"][0]["name"] = "享受营养膳食补助 学生人数"
    report = score.score(run, [line])
    assert sorted(m.what for m in report.mismatches) == ["funds.fiscal", "project_code"]
    c = report.overall
    assert (c.header_right, c.header_total, c.rows_exact) == (10, 12, 3)
    assert (c.field_right["funds.total"], c.field_right["funds.fiscal"], c.field_total["project_code"]) == (1, 0, 1)


def test_evaluation_actuals_count_per_matched_row_and_absent_is_wrong() -> None:
    line = evaluation_line()
    run = as_run(line)
    run[0]["indicators"][2]["actual"] = "96%"
    run[0]["indicators"][0]["target"] = "≥16000"  # a wrong target still pairs the row by its name
    c = score.score(run, [line]).overall
    assert (c.actuals_right, c.actuals_total) == (2, 3)
    for indicator in run[0]["indicators"]:
        del indicator["actual"]  # today's records
    report = score.score(run, [line])
    assert (report.overall.actuals_right, report.overall.actuals_total) == (1, 3)  # a blank actual is None
    assert [m.expected for m in report.mismatches if m.what.startswith("actual")] == ["16500人", "≥96%"]


@pytest.mark.parametrize("truth_target, run_target, kept", [
    ("≥95%", "≥95%", 1), ("≥95%", "95%", 0), ("≥95%", "≧95%", 0), ("≤1次", "≤ 1次", 1),
    (">=80%", ">=80%", 1), (">=80%", ">80%", 0), ("＞3", "＞3", 1), ("《5天", "《5天", 1), ("≦2", None, 0),
])
def test_comparator_kept_is_the_same_leading_comparator(truth_target: str, run_target: str | None,
                                                          kept: int) -> None:
    rows = [("产出指标", "数量指标", "培训人数", truth_target), ("产出指标", "质量指标", "合格率", "100%")]
    line = truth_line("xa-丁.pdf", [truth_form("甲", [1], rows)])
    run = as_run(line)
    run[0]["indicators"][0]["target"] = run_target
    c = score.score(run, [line]).overall
    assert (c.comparators_kept, c.comparators_total) == (kept, 1)


def test_comparator_of_a_missing_row_or_form_is_not_kept() -> None:
    line = truth_line("xa-丁.pdf", [truth_form("甲", [1], ROWS), truth_form("乙", [2], ROWS)])
    run = as_run(line)[:1]
    run[0]["indicators"] = run[0]["indicators"][1:]
    c = score.score(run, [line]).overall
    assert (c.comparators_kept, c.comparators_total) == (1, 4)


def test_families_filters_and_per_file_mismatch_cut() -> None:
    lines = [duplicates_line(), evaluation_line(),
             truth_line("bj-乙.pdf", [truth_form("甲", [1], ROWS)])]
    truth, _ = score.truth_records(lines)
    assert {score.source(r)["path"] for r in score.keep_files(truth, families=["bj"])} == {"bj-甲-部门预算报表.pdf",
                                                                                         "bj-乙.pdf"}
    assert {score.source(r)["path"] for r in score.keep_files(truth, files=["乙"])} == {"gj-乙-2024部门决算.pdf",
                                                                                     "bj-乙.pdf"}
    report = score.score([], truth, score.REALWORLD)
    groups = score.families(report)
    assert list(groups) == ["bj", "gj"] and (groups["bj"].expected, groups["gj"].expected) == (5, 1)
    text = score.format_realworld(report, max_mismatches=1)
    assert "family bj" in text and "family gj" in text and text.count("· form missing") == 3
    assert "project_attribute" not in text and "Done when (issue 20)" in text
    assert score.summary(report)["families"]["bj"]["missing"] == 5


def test_main_reads_the_realworld_format_and_filters(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    truth_file, run_file, out = tmp_path / "truth.jsonl", tmp_path / "run.jsonl", tmp_path / "s.json"
    lines = [duplicates_line(), evaluation_line()]
    truth_file.write_text("".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines), encoding="utf-8")
    run_file.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in as_run(lines[1])), encoding="utf-8")
    assert score.main([str(run_file), str(truth_file), "--json", str(out), "--family", "gj"]) == 0
    summary = json.loads(out.read_text(encoding="utf-8"))
    assert list(summary["files"]) == ["gj-乙-2024部门决算.pdf"] and summary["profile"] == "realworld"
    assert summary["overall"]["actuals_right"] == 3 and summary["overall"]["field_right"]["stage"] == 1
    assert "family gj" in capsys.readouterr().out


# --------------------------------------------------------------------------- benchmarks/realworld.py

sys.path.insert(0, str(ROOT / "benchmarks"))
import realworld  # noqa: E402


def test_realworld_says_so_and_exits_0_when_the_folder_is_absent(tmp_path: Path,
                                                                 capsys: pytest.CaptureFixture[str]) -> None:
    assert realworld.main(["--folder", str(tmp_path / "absent"), "--out", str(tmp_path)]) == 0
    assert "absent" in capsys.readouterr().out and not (tmp_path / "out.jsonl").exists()


def test_realworld_extracts_only_the_files_the_filters_keep(tmp_path: Path) -> None:
    for name in ("bj-甲.pdf", "qz-乙.pdf", "qz-丙.pdf", "truth.jsonl"):
        (tmp_path / name).write_text("")
    assert realworld.inputs(tmp_path, [], []) == [tmp_path]
    assert realworld.inputs(tmp_path, ["qz"], []) == [tmp_path / "qz-丙.pdf", tmp_path / "qz-乙.pdf"]
    assert realworld.inputs(tmp_path, [], ["甲"]) == [tmp_path / "bj-甲.pdf"]


@pytest.mark.skipif(not (REALWORLD / "qz-政府办本级-单位预算.pdf").exists(), reason="../shared/realworld is absent")
def test_realworld_runs_and_scores_one_small_real_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    summary = tmp_path / "s.json"
    assert realworld.main(["--file", "qz-政府办本级", "--out", str(tmp_path), "--json", str(summary), "-j", "1"]) == 0
    assert (tmp_path / "out.jsonl").exists() and "family qz" in capsys.readouterr().out
    counts = json.loads(summary.read_text(encoding="utf-8"))
    assert list(counts["files"]) == ["qz-政府办本级-单位预算.pdf"]
    assert (counts["overall"]["expected"], counts["overall"]["rows_truth"]) == (3, 18)


def test_a_target_record_without_stage_scores_as_target() -> None:
    """Target forms are written without ``stage`` (output.md: its default is ``target``)."""
    assert score.header_values({"title": "项目支出绩效目标表"}, score.REALWORLD)["stage"] == "target"
    assert score.header_values({"stage": "evaluation"}, score.REALWORLD)["stage"] == "evaluation"
