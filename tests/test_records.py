"""Reading records back (diff, export, review, summary): lines split on ``\\n`` only, every
record checked against the schema, one line and exit 2 for anything wrong, stdin as ``-``,
and review kept inside ``--root`` and ``-o``."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any, Callable

import pytest
from click.testing import CliRunner

from jixiao.cli import main
from jixiao.review.records import read_records

GOLDEN = Path(__file__).resolve().parent / "golden" / "lu-an-2021-calc.jsonl"
SAMPLES = Path(__file__).resolve().parent.parent / "samples"


def golden_record() -> dict[str, Any]:
    return json.loads(GOLDEN.read_text(encoding="utf-8").split("\n")[0])


def write(path: Path, records: list[dict[str, Any]]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return path


def invoke(command: str, records: Path, tmp_path: Path) -> Any:
    """Run a records-reading command on ``records`` with outputs under ``tmp_path``."""
    args = {
        "diff": ["diff", str(records), str(records)],
        "export": ["export", str(records), "-o", str(tmp_path / "tables")],
        "review": ["review", str(records), "-o", str(tmp_path / "rev"), "--root", str(tmp_path)],
        "summary": ["summary", str(records)],
    }[command]
    return CliRunner().invoke(main, args)


COMMANDS = ["diff", "export", "review", "summary"]


@pytest.mark.parametrize("separator", ["\u2028", "\u2029", "\x85", "\x0c", "\x1c", "\r"])
def test_cells_with_unicode_line_separators_round_trip(tmp_path: Path, separator: str) -> None:
    record = golden_record()
    record["goal"] = f"第一行{separator}第二行"
    record["indicators"][0]["name"] = f"培训{separator}班"
    path = write(tmp_path / "r.jsonl", [record])
    [back] = read_records(path)
    assert back["goal"] == record["goal"] and back["indicators"][0]["name"] == record["indicators"][0]["name"]
    for command in COMMANDS:
        result = invoke(command, path, tmp_path)
        assert result.exit_code == 0, (command, result.stderr)


def _indicators_as_text(r: dict[str, Any]) -> None:
    r["indicators"] = "培训班"


def _year_as_text(r: dict[str, Any]) -> None:
    r["year"] = "2021"


def _bbox_without_page(r: dict[str, Any]) -> None:
    r["indicators"][0]["bbox"] = {"x0": 1, "top": 2, "x1": 3, "bottom": 4}


def _other_schema_version(r: dict[str, Any]) -> None:
    r["schema_version"] = 99


def _issues_as_numbers(r: dict[str, Any]) -> None:
    r["issues"] = [1, 2]


def _source_path_missing(r: dict[str, Any]) -> None:
    del r["source"]["path"]


MALFORMED: list[tuple[Callable[[dict[str, Any]], None], str]] = [
    (_indicators_as_text, "indicators"),
    (_year_as_text, "year"),
    (_bbox_without_page, "indicators.0.bbox.page"),
    (_other_schema_version, "schema_version 99"),
    (_issues_as_numbers, "issues.0"),
    (_source_path_missing, "source.path"),
]


@pytest.mark.parametrize("command", COMMANDS)
@pytest.mark.parametrize("spoil, field", MALFORMED, ids=[m[0].__name__.strip("_") for m in MALFORMED])
def test_malformed_record_is_one_line_naming_line_and_field(
    tmp_path: Path, command: str, spoil: Callable[[dict[str, Any]], None], field: str
) -> None:
    good = golden_record()
    bad = copy.deepcopy(good)
    spoil(bad)
    path = write(tmp_path / "r.jsonl", [good, bad])
    result = invoke(command, path, tmp_path)
    assert result.exit_code == 2, (result.exit_code, result.output)
    assert len(result.stderr.splitlines()) == 1, result.stderr
    assert "line 2" in result.stderr and field in result.stderr, result.stderr
    assert "Traceback" not in result.output


def test_a_crashing_diff_exits_2_not_1(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """1 means "the files differ": a bug in diff must not say that."""
    import jixiao.review.diff

    def broken(*args: Any) -> Any:
        raise KeyError("boom")

    monkeypatch.setattr(jixiao.review.diff, "diff_runs", broken)
    path = write(tmp_path / "r.jsonl", [golden_record()])
    result = invoke("diff", path, tmp_path)
    assert result.exit_code == 2 and "internal error" in result.stderr
    assert len(result.stderr.splitlines()) == 1


@pytest.mark.parametrize("command", COMMANDS)
def test_records_from_stdin(tmp_path: Path, command: str) -> None:
    args = {
        "diff": ["diff", "-", str(GOLDEN)],
        "export": ["export", "-", "-o", str(tmp_path / "tables")],
        "review": ["review", "-", "-o", str(tmp_path / "rev"), "--root", str(tmp_path)],
        "summary": ["summary", "-"],
    }[command]
    result = CliRunner().invoke(main, args, input=GOLDEN.read_bytes())
    assert result.exit_code == 0, result.output


def test_diff_refuses_stdin_twice() -> None:
    result = CliRunner().invoke(main, ["diff", "-", "-"], input="")
    assert result.exit_code == 2 and "stdin" in result.stderr


# ---- review stays inside --root and -o ----------------------------------------------------


def test_review_image_names_never_leave_the_output_folder(tmp_path: Path) -> None:
    root = tmp_path / "root"
    root.mkdir()
    pdf = SAMPLES / "lu-an-2021-calc.pdf"
    (root / pdf.name).write_bytes(pdf.read_bytes())
    record = golden_record()
    record["source"]["sha256"] = "../../escaped"
    out = tmp_path / "a" / "b" / "rev"
    result = CliRunner().invoke(main, ["review", str(write(tmp_path / "r.jsonl", [record])), "-o", str(out), "--root", str(root)])
    assert result.exit_code == 0, result.output
    written = {p for p in tmp_path.rglob("*.png")}
    assert written and all(out in p.parents for p in written), written


@pytest.mark.parametrize("where", ["../secret.pdf", "sub/../../secret.pdf", "ABSOLUTE"])
def test_review_never_opens_a_source_outside_root(tmp_path: Path, where: str) -> None:
    root = tmp_path / "root"
    (root / "sub").mkdir(parents=True)
    secret = tmp_path / "secret.pdf"
    secret.write_bytes((SAMPLES / "lu-an-2021-calc.pdf").read_bytes())
    record = golden_record()
    record["source"]["path"] = str(secret) if where == "ABSOLUTE" else where
    out = tmp_path / "rev"
    result = CliRunner().invoke(main, ["review", str(write(tmp_path / "r.jsonl", [record])), "-o", str(out), "--root", str(root)])
    assert result.exit_code == 0, result.output
    assert "outside --root" in result.stderr
    assert not list(out.rglob("*.png"))


def test_review_finds_the_pdfs_the_run_read_without_root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The report beside the records says where each file was read: no --root needed."""
    downloads = tmp_path / "downloads" / "sub"
    downloads.mkdir(parents=True)
    pdf = SAMPLES / "lu-an-2021-calc.pdf"
    (downloads / pdf.name).write_bytes(pdf.read_bytes())
    out = tmp_path / "run" / "forms.jsonl"
    out.parent.mkdir()
    assert CliRunner().invoke(main, ["extract", str(tmp_path / "downloads"), "-o", str(out), "-j", "1"]).exit_code == 0
    report = json.loads((tmp_path / "run" / "forms.report.jsonl").read_text(encoding="utf-8"))
    assert report["path"] == "sub/lu-an-2021-calc.pdf" and report["root"] == (tmp_path / "downloads").as_posix()
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    result = CliRunner().invoke(main, ["review", str(out), "-o", str(tmp_path / "rev")])
    assert result.exit_code == 0, result.output
    assert "shown without page images" not in result.stderr
    assert len(list((tmp_path / "rev").rglob("*.png"))) == 11
    moved = CliRunner().invoke(main, ["review", str(out), "-o", str(tmp_path / "rev2"), "--root", str(elsewhere)])
    assert moved.exit_code == 0 and "PDF not found" in moved.stderr and f"--root {elsewhere}" in moved.stderr


def test_review_into_an_unwritable_folder_is_one_line(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    result = CliRunner().invoke(main, ["review", str(GOLDEN), "-o", str(blocker / "rev"), "--root", str(tmp_path)])
    assert result.exit_code == 2 and len(result.stderr.splitlines()) == 1, result.output
    assert result.stderr.startswith("jixiao: cannot write")


def test_an_internal_error_says_where_and_gives_its_traceback_on_request(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A bug is not swallowed: the one line names the file and line that raised, and
    JIXIAO_TRACEBACK=1 prints the whole traceback."""
    import jixiao.review.diff

    def broken(*args: Any) -> Any:
        raise KeyError("boom")

    monkeypatch.setattr(jixiao.review.diff, "diff_runs", broken)
    path = write(tmp_path / "r.jsonl", [golden_record()])
    result = invoke("diff", path, tmp_path)
    assert "test_records.py:" in result.stderr and "JIXIAO_TRACEBACK=1" in result.stderr
    monkeypatch.setenv("JIXIAO_TRACEBACK", "1")
    result = invoke("diff", path, tmp_path)
    assert result.exit_code == 2 and "Traceback (most recent call last)" in result.stderr
