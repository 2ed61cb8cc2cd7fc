"""``jixiao diff``: forms and rows matched by what they are, not where they stand.

Crafted pairs of small records, then the committed goldens against hand-edited copies, then
the CLI's exit codes and messages.
"""

from __future__ import annotations

import copy
import json
import subprocess
import sys
from pathlib import Path
from typing import Any, Optional

import pytest
from click.testing import CliRunner

from jixiao.cli import main
from jixiao.review.diff import diff_runs
from jixiao.review.diff_render import render_html, render_json, render_text
from jixiao.review.words import markup, word_diff
from jixiao.schemas import FormRecord

GOLDEN = Path(__file__).resolve().parent / "golden" / "lu-an-2021-calc.jsonl"


def row(level1: str, level2: str, name: str, target: str, **extra: Any) -> dict[str, Any]:
    return {"level1": level1, "level2": level2, "name": name, "target": target, "page": 1, "extra": {}, **extra}


def form(
    form_id: str = "aaaaaaaaaaaa:1",
    path: str = "a.pdf",
    name: str = "办案业务费",
    rows: Optional[list[dict[str, Any]]] = None,
    **header: Any,
) -> dict[str, Any]:
    record: dict[str, Any] = {
        "schema_version": 1,
        "id": form_id,
        "source": {"path": path, "sha256": form_id.split(":")[0], "pages": [1], "method": "text"},
        "title": "项目支出预算绩效目标表",
        "kind": "project",
        "year": 2021,
        "project_name": name,
        "funds": {"total": 70.4, "fiscal": 14.4, "other": 56.0, "raw": {}},
        "goal": "不断提升人民调解队伍素质",
        "fields": {},
        "indicators": rows
        if rows is not None
        else [
            row("产出指标", "数量指标", "培训班", "60人,1次"),
            row("产出指标", "质量指标", "合格率", "≥95%"),
            row("效益指标", "社会效益指标", "群众满意度", "明显提升"),
        ],
        "issues": [],
    }
    record.update(header)
    return record


# ---- words ------------------------------------------------------------------------------


def test_changed_chinese_text_is_shown_word_by_word() -> None:
    assert markup(word_diff("不断提升人民调解队伍素质", "不断提高人民调解队伍素质")) == "不断[-提升-]{+提高+}人民调解队伍素质"


def test_jieba_prints_nothing_on_stderr() -> None:
    code = "from jixiao.review.words import word_diff; print(word_diff('提升质量', '提高质量'))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""


def test_jieba_is_not_imported_until_text_differs() -> None:
    code = "import sys, jixiao.review.diff, jixiao.review.diff_render; print('jieba' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.stdout.strip() == "False"


# ---- crafted pairs ----------------------------------------------------------------------


def test_identical_runs_are_equal() -> None:
    result = diff_runs([form()], [form()])
    assert result.equal
    assert result.forms == ()


def test_changed_target_is_one_row_change() -> None:
    b = form()
    b["indicators"][1]["target"] = "≥98%"
    result = diff_runs([form()], [b])
    (changed,) = result.forms
    (row_change,) = changed.rows
    assert row_change.status == "changed"
    assert row_change.key == ("产出指标", "质量指标", "合格率")
    assert [c.field for c in row_change.changes] == ["target"]
    assert markup(row_change.changes[0].segments()) == "[-≥95%-]{+≥98%+}"  # too little shared to split
    assert result.summary.rows_changed == 1 and result.summary.forms_changed == 1


def test_jieba_longer_word_on_one_side_still_splits_at_a_boundary() -> None:
    """jieba reads 明显提高 as one word and 明显提升 as two."""
    assert markup(word_diff("明显提升", "明显提高")) == "明显[-提升-]{+提高+}"


def test_unrelated_texts_are_replaced_whole() -> None:
    assert markup(word_diff("60人,1次", "高质量完成")) == "[-60人,1次-]{+高质量完成+}"


def test_changed_qualitative_target_reads_word_by_word() -> None:
    b = form()
    b["indicators"][2]["target"] = "明显提高"
    text = render_text(diff_runs([form()], [b]))
    assert "target: 明显[-提升-]{+提高+}" in text


def test_inserted_row_is_one_change() -> None:
    b = form()
    b["indicators"].insert(1, row("产出指标", "数量指标", "宣传资料", "300册"))
    result = diff_runs([form()], [b])
    (changed,) = result.forms
    assert [(r.status, r.key[2], r.number_b) for r in changed.rows] == [("added", "宣传资料", 2)]
    s = result.summary
    assert (s.rows_added, s.rows_removed, s.rows_changed) == (1, 0, 0)


def test_removed_row_is_one_change() -> None:
    b = form()
    del b["indicators"][0]
    (changed,) = diff_runs([form()], [b]).forms
    assert [(r.status, r.key[2], r.number_a) for r in changed.rows] == [("removed", "培训班", 1)]


def test_reordered_rows_are_no_change() -> None:
    b = form()
    b["indicators"].reverse()
    assert diff_runs([form()], [b]).equal


def test_rows_with_the_same_name_pair_in_order() -> None:
    rows = [row("满意度指标", "服务对象满意度指标", "满意度", "≥90%"), row("满意度指标", "服务对象满意度指标", "满意度", "≥95%")]
    b_rows = copy.deepcopy(rows)
    b_rows[1]["target"] = "≥96%"
    (changed,) = diff_runs([form(rows=rows)], [form(rows=b_rows)]).forms
    assert [(r.number_a, r.number_b, r.changes[0].new) for r in changed.rows] == [(2, 2, "≥96%")]


def test_removed_form() -> None:
    other = form("bbbbbbbbbbbb:1", "b.pdf", "法律援助专项经费")
    result = diff_runs([form(), other], [form()])
    (removed,) = result.forms
    assert (removed.status, removed.form_id, removed.project_name) == ("removed", "bbbbbbbbbbbb:1", "法律援助专项经费")
    assert (result.summary.forms_removed, result.summary.forms_added) == (1, 0)
    assert not result.equal


def test_added_form() -> None:
    other = form("bbbbbbbbbbbb:1", "b.pdf", "法律援助专项经费")
    (added,) = diff_runs([form()], [form(), other]).forms
    assert (added.status, added.form_id) == ("added", "bbbbbbbbbbbb:1")


def test_forms_match_by_path_and_project_name_when_ids_differ() -> None:
    """A re-downloaded PDF with new bytes gets new ids; its forms still pair up."""
    a = [form("aaaaaaaaaaaa:1", name="甲"), form("aaaaaaaaaaaa:2", name="乙")]
    b = [form("cccccccccccc:1", name="乙"), form("cccccccccccc:2", name="甲")]
    b[1]["indicators"][0]["target"] = "80人,1次"
    result = diff_runs(a, b)
    assert result.summary.forms_added == result.summary.forms_removed == 0
    by_name = {f.project_name: f for f in result.forms}
    assert all(f.matched_by == "path+name" for f in result.forms)
    assert [c.field for c in by_name["甲"].fields] == ["id", "source.sha256"]
    assert [r.key[2] for r in by_name["甲"].rows] == ["培训班"]


def test_id_match_wins_over_path_and_name() -> None:
    a = [form("aaaaaaaaaaaa:1", name="甲")]
    b = [form("aaaaaaaaaaaa:1", name="乙")]
    (changed,) = diff_runs(a, b).forms
    assert changed.matched_by == "id"
    assert [(c.field, c.old, c.new) for c in changed.fields] == [("project_name", "甲", "乙")]


def test_header_field_changes_are_flat_and_named() -> None:
    b = form(fields={"项目负责人": "张三"})
    b["funds"]["raw"] = {"其他资金": "56.0"}
    b["funds"]["total"] = 70.5
    b["goal"] = "不断提高人民调解队伍素质"
    (changed,) = diff_runs([form()], [b]).forms
    assert [c.field for c in changed.fields] == ["funds.total", "goal", "funds.raw.其他资金", "fields.项目负责人"]
    assert markup(changed.fields[1].segments()) == "不断[-提升-]{+提高+}人民调解队伍素质"


def test_integral_floats_equal_ints() -> None:
    b = form()
    b["funds"]["other"] = 56
    assert diff_runs([form()], [b]).equal


def test_issues_added_and_removed() -> None:
    a = form(issues=[{"code": "funds-sum", "message": "70.4 ≠ 14.4 + 55.0"}])
    b = form(issues=[{"code": "missing-field", "message": "no 项目属性"}])
    (changed,) = diff_runs([a], [b]).forms
    assert [(c.old, c.new) for c in changed.fields] == [
        ("funds-sum: 70.4 ≠ 14.4 + 55.0", None),
        (None, "missing-field: no 项目属性"),
    ]


def test_geometry_is_not_compared() -> None:
    box = {"page": 1, "x0": 1.0, "top": 2.0, "x1": 3.0, "bottom": 4.0}
    b = form(boxes={"project_name": box})
    b["indicators"][0]["bbox"] = box
    assert diff_runs([form()], [b]).equal


def test_value_is_compared_only_when_both_sides_have_it() -> None:
    """Goldens leave ``value`` out; a run has it. That is not a difference."""
    value = {"raw": "≥95%", "kind": "numeric", "terms": [], "period": None}
    b = form()
    b["indicators"][1]["value"] = value
    assert diff_runs([form()], [b]).equal
    a = copy.deepcopy(b)
    b["indicators"][1]["value"] = dict(value, kind="text")
    (changed,) = diff_runs([a], [b]).forms
    assert [c.field for c in changed.rows[0].changes] == ["value.kind"]


def test_changed_target_is_not_reported_again_as_changed_value() -> None:
    a, b = form(), form()
    a["indicators"][1]["value"] = {"raw": "≥95%", "kind": "numeric", "terms": [], "period": None}
    b["indicators"][1]["target"] = "≥98%"
    b["indicators"][1]["value"] = {"raw": "≥98%", "kind": "numeric", "terms": [], "period": None}
    (changed,) = diff_runs([a], [b]).forms
    assert [c.field for c in changed.rows[0].changes] == ["target"]


def test_accepts_form_records() -> None:
    record = FormRecord.model_validate(
        {**form(), "indicators": [dict(r, value={"raw": r["target"], "kind": "text"}) for r in form()["indicators"]]}
    )
    assert diff_runs([record], [record.model_dump(mode="json")]).equal


# ---- renderers --------------------------------------------------------------------------


def _pair() -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    a = [form(), form("bbbbbbbbbbbb:1", "b.pdf", "法律援助专项经费")]
    b = [form()]
    b[0]["indicators"][2]["target"] = "明显提高"
    b[0]["indicators"].append(row("产出指标", "时效指标", "完成时间", "2021年"))
    return a, b


def test_text_report_marks_forms_and_rows() -> None:
    text = render_text(diff_runs(*_pair()))
    assert text.splitlines() == [
        "~ aaaaaaaaaaaa:1 办案业务费 (a.pdf)",
        "    ~ row 3 效益指标 / 社会效益指标 / 群众满意度: target: 明显[-提升-]{+提高+}",
        "    + row 4 产出指标 / 时效指标 / 完成时间: target 2021年",
        "- bbbbbbbbbbbb:1 法律援助专项经费 (b.pdf)",
        "2 → 1 forms: 0 added, 1 removed, 1 changed; 0 header fields changed; rows: 1 added, 0 removed, 1 changed",
    ]


def test_text_is_coloured_only_when_asked() -> None:
    result = diff_runs(*_pair())
    assert "\x1b[" not in render_text(result, color=False)
    coloured = render_text(result, color=True)
    assert "\x1b[31m[-提升-]" in coloured and "\x1b[32m{+提高+}" in coloured


def test_long_unchanged_text_is_shortened_around_the_change() -> None:
    long_goal = "通过该项目的实施完成社区矫正人民调解安置帮教司法鉴定管理等司法行政业务工作内容" * 5
    b = form(goal=long_goal.replace("安置帮教", "安置帮扶", 1))
    text = render_text(diff_runs([form(goal=long_goal)], [b]))
    (goal_line,) = [line for line in text.splitlines() if "goal:" in line]
    assert "[-帮教-]{+帮扶+}" in goal_line and "…" in goal_line
    assert len(goal_line) < 80


def test_json_report() -> None:
    data = json.loads(render_json(diff_runs(*_pair())))
    assert data["summary"]["equal"] is False
    assert data["summary"]["rows_added"] == 1
    changed, removed = data["forms"]
    assert changed["rows"][0]["changes"] == [{"field": "target", "old": "明显提升", "new": "明显提高"}]
    assert removed == {"status": "removed", "id": "bbbbbbbbbbbb:1", "project_name": "法律援助专项经费", "path": "b.pdf"}


def test_html_report_escapes_extracted_text() -> None:
    a, b = _pair()
    b[0]["indicators"][0]["target"] = "<script>alert(1)</script>"
    page = render_html(diff_runs(a, b))
    assert "<script>alert(1)" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<del>提升</del><ins>提高</ins>" in page


# ---- goldens and hand edits -------------------------------------------------------------


def _edited_golden() -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    a = [json.loads(line) for line in GOLDEN.read_text(encoding="utf-8").splitlines() if line.strip()]
    b = copy.deepcopy(a)
    b[0]["indicators"][0]["target"] = "80人,1次"  # edit 1: a target
    b[1]["indicators"].insert(4, row("产出指标", "数量指标", "新增指标", "≥3次"))  # edit 2: a row
    b[2]["indicators"].reverse()  # not an edit
    del b[3]  # edit 3: a form
    return a, b


def test_hand_edited_golden_reports_exactly_the_edits() -> None:
    result = diff_runs(*_edited_golden())
    s = result.summary
    assert (s.forms_added, s.forms_removed, s.forms_changed) == (0, 1, 2)
    assert (s.fields_changed, s.rows_added, s.rows_removed, s.rows_changed) == (0, 1, 0, 1)


# ---- CLI --------------------------------------------------------------------------------


def _write(path: Path, records: list[dict[str, Any]]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return path


def test_cli_exit_0_when_equal(tmp_path: Path) -> None:
    a = _write(tmp_path / "a.jsonl", [form()])
    result = CliRunner().invoke(main, ["diff", str(a), str(a)])
    assert result.exit_code == 0, result.output
    assert "(equal)" in result.stdout


def test_cli_exit_1_when_different(tmp_path: Path) -> None:
    a_records, b_records = _edited_golden()
    a, b = _write(tmp_path / "a.jsonl", a_records), _write(tmp_path / "b.jsonl", b_records)
    result = CliRunner().invoke(main, ["diff", str(a), str(b)])
    assert result.exit_code == 1
    assert "target: [-60-]{+80+}人,1次" in result.stdout
    assert "\x1b[" not in result.stdout
    assert result.stderr == ""


@pytest.mark.parametrize("fmt", ["json", "html"])
def test_cli_formats(tmp_path: Path, fmt: str) -> None:
    a_records, b_records = _edited_golden()
    a, b = _write(tmp_path / "a.jsonl", a_records), _write(tmp_path / "b.jsonl", b_records)
    result = CliRunner().invoke(main, ["diff", str(a), str(b), "--format", fmt])
    assert result.exit_code == 1
    if fmt == "json":
        assert json.loads(result.stdout)["summary"]["forms_removed"] == 1
    else:
        assert result.stdout.startswith("<!DOCTYPE html>")


def test_cli_missing_file_is_exit_2_in_one_line(tmp_path: Path) -> None:
    a = _write(tmp_path / "a.jsonl", [form()])
    result = CliRunner().invoke(main, ["diff", str(a), str(tmp_path / "nope.jsonl")])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert len(result.stderr.splitlines()) == 1 and "nope.jsonl" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    "content, message",
    [
        ('{"id": "x:1"}\n{broken\n', "line 2 is not JSON"),
        ("[1, 2]\n", "line 1 is not a form record"),
        (b"\xff\xfe\x00", "not UTF-8"),
    ],
    ids=["bad-json", "not-a-record", "not-utf8"],
)
def test_cli_invalid_file_is_exit_2_in_one_line(tmp_path: Path, content: Any, message: str) -> None:
    a = _write(tmp_path / "a.jsonl", [form()])
    bad = tmp_path / "bad.jsonl"
    if isinstance(content, bytes):
        bad.write_bytes(content)
    else:
        bad.write_text(content, encoding="utf-8")
    result = CliRunner().invoke(main, ["diff", str(a), str(bad)])
    assert result.exit_code == 2
    assert result.stderr.startswith("jixiao: ") and message in result.stderr
    assert len(result.stderr.splitlines()) == 1


@pytest.mark.parametrize("command", ["diff", "review", "export"])
def test_new_commands_explain_themselves(command: str) -> None:
    import click

    result = CliRunner().invoke(main, [command, "--help"], prog_name="jixiao")
    assert result.exit_code == 0
    assert f"Usage: jixiao {command}" in result.stdout
    cmd = main.commands[command]
    assert cmd.help and len(cmd.help.split("\n\n")) >= 2, "a summary and an explanation"
    for param in cmd.params:
        if isinstance(param, click.Option):
            assert param.help, f"{command} {param.opts} has no help"


def test_self_evaluation_fields_are_compared() -> None:
    """A changed actual is one change (its parsed value follows it); an amount of the funds
    grid is named by its row label; achieved and total_score are compared."""
    from jixiao.normalize import parse_value
    from jixiao.review.diff import diff_runs

    def form(actual: str, spent: float, total: float) -> dict:
        return {
            "id": "e:1", "stage": "evaluation", "project_name": "培训", "total_score": total,
            "execution": [{"label": "年度资金总额", "planned": 10.0, "spent": spent}],
            "indicators": [{"level1": "产出指标", "level2": "数量指标", "name": "培训人数", "target": "≥300人",
                            "actual": actual, "actual_value": parse_value(actual).model_dump(mode="json"),
                            "achieved": parse_value(actual).terms[0].value >= 300}],
        }

    [changed] = diff_runs([form("366人", 9.0, 98)], [form("266人", 8.0, 96)]).forms
    assert sorted(c.field for c in changed.fields) == ["execution.年度资金总额.spent", "total_score"]
    [row] = changed.rows
    assert [(c.field, c.old, c.new) for c in row.changes] == [("actual", "366人", "266人"), ("achieved", True, False)]
