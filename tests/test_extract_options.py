"""``jixiao extract``'s answers to wrong invocations: one line, exit 2, outputs untouched."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from jixiao.cli import main

SAMPLE = Path(__file__).resolve().parent.parent / "samples" / "lu-an-2021-calc.pdf"


def extract(*args: str) -> object:
    return CliRunner().invoke(main, ["extract", *args, "-j", "1"])


@pytest.mark.parametrize("content", [[], ["notes.txt", "scan.png", ".hidden.pdf"]], ids=["empty", "no-form-files"])
def test_no_inputs_is_one_line_exit_2_and_outputs_untouched(tmp_path: Path, content: list[str]) -> None:
    folder = tmp_path / "dl"
    folder.mkdir()
    for name in content:
        (folder / name).write_text("x")
    out, report = tmp_path / "out.jsonl", tmp_path / "out.report.jsonl"
    out.write_text("earlier\n")
    report.write_text("earlier report\n")
    result = extract(str(folder), "-o", str(out))
    assert result.exit_code == 2, result.output
    assert len(result.stderr.splitlines()) == 1
    assert str(folder) in result.stderr and ".pdf" in result.stderr and ".docx" in result.stderr
    assert out.read_text() == "earlier\n" and report.read_text() == "earlier report\n"


@pytest.mark.parametrize("name", ["forms.xlsx", "forms.csv", "forms.sqlite", "forms"])
def test_output_that_is_not_jsonl_is_refused_with_a_hint(tmp_path: Path, name: str) -> None:
    result = extract(str(SAMPLE), "-o", str(tmp_path / name))
    assert result.exit_code == 2 and len(result.stderr.splitlines()) == 1
    assert "jixiao export" in result.stderr and "--to xlsx" in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_quiet_and_verbose_together_are_refused(tmp_path: Path) -> None:
    result = extract(str(SAMPLE), "-o", str(tmp_path / "o.jsonl"), "-q", "-v")
    assert result.exit_code == 2 and "-q" in result.stderr and "-v" in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_replacing_a_non_empty_output_says_so(tmp_path: Path) -> None:
    out = tmp_path / "o.jsonl"
    first = extract(str(SAMPLE), "-o", str(out))
    assert first.exit_code == 0 and "jixiao: replacing" not in first.stderr
    second = extract(str(SAMPLE), "-o", str(out))
    assert second.exit_code == 0 and f"jixiao: replacing {out} (6 records" in second.stderr


def test_a_folder_of_word_files_is_read(tmp_path: Path) -> None:
    from docx import Document

    folder = tmp_path / "dl"
    folder.mkdir()
    doc = Document()
    doc.add_paragraph("项目支出绩效目标表")
    table = doc.add_table(rows=3, cols=4)
    for r, cells in enumerate([["项目名称", "测试项目", "", ""], ["一级指标", "二级指标", "三级指标", "指标值"],
                               ["产出指标", "数量指标", "培训人数", "≥100人"]]):
        for c, text in enumerate(cells):
            table.cell(r, c).text = text
    doc.save(folder / "表.docx")
    out = tmp_path / "o.jsonl"
    result = extract(str(folder), "-o", str(out))
    assert result.exit_code == 0, result.output
    assert '"project_name": "测试项目"' in out.read_text(encoding="utf-8")
    assert '"method": "document"' in out.read_text(encoding="utf-8")


def test_closing_line_counts_forms_with_issues_and_ocr_pages() -> None:
    import io

    from jixiao.console.progress import Progress
    from jixiao.extract.run.job import FileResult
    from jixiao.schemas import FileReport

    progress = Progress(total=3, quiet=False, verbose=False, stream=io.StringIO())
    for issues, with_issues, ocr in [({"funds-mismatch": 2, "field-missing": 1}, 2, 0), ({"funds-mismatch": 1}, 1, 3), ({}, 0, 0)]:
        report = FileReport(path="x.pdf", status="ok", pages=4, forms=2, issues=issues, forms_with_issues=with_issues, ocr_pages=ocr)
        progress(FileResult(report=report))
    assert progress.findings() == "3 forms with issues (funds-mismatch 3, field-missing 1), 3 pages OCR'd"


def test_report_rows_count_issue_codes_per_file(tmp_path: Path) -> None:
    from jixiao.extract.run.job import extract_file

    layouts = Path(__file__).resolve().parent / "data" / "layouts"
    for pdf in sorted(layouts.glob("*.pdf")):
        result = extract_file(pdf, pdf.name)
        codes: dict[str, int] = {}
        for record in result.records:
            for code in {i.code for i in record.issues}:
                codes[code] = codes.get(code, 0) + 1
        assert result.report.issues == codes
        assert result.report.forms_with_issues == sum(bool(r.issues) for r in result.records)
        assert result.report.ocr_pages == 0
