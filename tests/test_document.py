"""Word inputs: a .docx is read from its XML tables (gridSpan, vMerge) into the same records
as its PDF print; .doc/.wps/.et need LibreOffice, and say so in one line without it."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from jixiao.extract.run.job import extract_file
from jixiao.extract.read.document import docx_rows

PRODUCERS = Path(__file__).resolve().parent / "data" / "producers"
GEOMETRY = ("bbox", "page")


def comparable(record: dict[str, Any]) -> dict[str, Any]:
    """A record without what differs between a file and its print: id, source, boxes."""
    out = {k: v for k, v in record.items() if k not in ("id", "source", "boxes")}
    out["indicators"] = [{k: v for k, v in row.items() if k not in GEOMETRY} for row in record["indicators"]]
    return out


@pytest.fixture(scope="module")
def word_docx(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The producers corpus's word.pdf source, rebuilt as .docx with python-docx (its PDF was
    exported from this document by LibreOffice Writer)."""
    sys.path.insert(0, str(PRODUCERS))
    try:
        import make_producers
    finally:
        sys.path.remove(str(PRODUCERS))
    [spec] = [s for s in make_producers.load_specs() if s.producer == "word"]
    return make_producers.word_docx(spec, tmp_path_factory.mktemp("docx"))


def test_docx_gives_the_records_of_its_pdf_print(word_docx: Path) -> None:
    from_docx = extract_file(word_docx, word_docx.name)
    from_pdf = extract_file(PRODUCERS / "word.pdf", "word.pdf")
    assert from_docx.report.status == "ok" and len(from_docx.records) == 2
    got = [comparable(r.model_dump(mode="json")) for r in from_docx.records]
    assert got == [comparable(r.model_dump(mode="json")) for r in from_pdf.records]
    assert {r.source.method for r in from_docx.records} == {"document"}
    assert [r.source.pages for r in from_docx.records] == [[1], [2]], "the second form starts a page (段前分页)"


def test_docx_matches_the_hand_written_truth(word_docx: Path) -> None:
    truth = [json.loads(line) for line in (PRODUCERS / "word.truth.jsonl").read_text(encoding="utf-8").splitlines()]
    got = [r.model_dump(mode="json") for r in extract_file(word_docx, word_docx.name).records]
    for want, have in zip(truth, got, strict=True):
        assert (have["project_name"], have["department"], have["funds"]["total"]) == (
            want["project_name"], want["department"], want["funds"]["total"])
        assert [(r["level1"], r["level2"], r["name"], r["target"]) for r in have["indicators"]] == [
            (r["level1"], r["level2"], r["name"], r["target"]) for r in want["indicators"]]


def test_grid_spans_and_vertical_merges_give_the_cells(tmp_path: Path) -> None:
    from docx import Document

    doc = Document()
    doc.add_paragraph("标题")
    table = doc.add_table(rows=3, cols=3)
    table.cell(0, 0).merge(table.cell(0, 2)).text = "横跨三列"
    table.cell(1, 0).merge(table.cell(2, 0)).text = "竖跨两行"
    for r, c, text in [(1, 1, "甲"), (1, 2, "乙"), (2, 1, "丙"), (2, 2, "丁")]:
        table.cell(r, c).text = text
    path = tmp_path / "grid.docx"
    doc.save(path)
    [page] = list(docx_rows(path))
    assert page.method == "document" and page.page == 1
    title, *rows = page.rows
    assert title.table is None and [c.text for c in title.cells] == ["标题"]
    assert [[(c.text, c.first) for c in row.cells] for row in rows] == [
        [("横跨三列", True)],
        [("竖跨两行", True), ("甲", True), ("乙", True)],
        [("竖跨两行", False), ("丙", True), ("丁", True)],
    ]
    spans = {(c.cell.rowspan, c.cell.colspan) for row in rows for c in row.cells if c.cell and c.first}
    assert spans == {(1, 3), (2, 1), (1, 1)}


def test_folder_walk_takes_word_files(tmp_path: Path, word_docx: Path) -> None:
    from jixiao.extract.run.inputs import find_inputs

    shutil.copy(word_docx, tmp_path / "Form.DOCX")
    (tmp_path / "~$Form.docx").write_bytes(b"lock")
    assert [f.display for f in find_inputs([tmp_path])] == ["Form.DOCX"]


@pytest.mark.parametrize("content, reason", [(b"", "empty file"), (b"<html>x</html>", "not a .docx")])
def test_a_damaged_docx_is_a_one_line_failure(tmp_path: Path, content: bytes, reason: str) -> None:
    path = tmp_path / "bad.docx"
    path.write_bytes(content)
    report = extract_file(path, path.name).report
    assert report.status == "failed" and reason in (report.reason or "") and "\n" not in (report.reason or "")


@pytest.mark.parametrize("suffix", [".doc", ".wps", ".et"])
def test_legacy_files_without_libreoffice_say_why(tmp_path: Path, suffix: str, monkeypatch: pytest.MonkeyPatch) -> None:
    import jixiao.extract.read.document as document

    monkeypatch.setattr(document.shutil, "which", lambda name: None)  # a machine without LibreOffice
    path = tmp_path / f"old{suffix}"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512)
    report = extract_file(path, path.name).report
    assert report.status == "failed" and "LibreOffice" in (report.reason or "")


def small_form_docx(path: Path) -> Path:
    """A one-table form: title, 项目名称, the indicator header and two rows, 一级指标 merged."""
    from docx import Document

    doc = Document()
    doc.add_paragraph("项目支出绩效目标表")
    table = doc.add_table(rows=4, cols=4)
    table.style = "Table Grid"
    rows = [["项目名称", "乡村道路养护", "", ""], ["一级指标", "二级指标", "三级指标", "指标值"],
            ["产出指标", "数量指标", "养护里程", "≥120公里"], ["", "质量指标", "路面完好率", "≥95%"]]
    for r, cells in enumerate(rows):
        for c, text in enumerate(cells):
            if text:
                table.cell(r, c).text = text
    table.cell(0, 1).merge(table.cell(0, 3))
    table.cell(2, 0).merge(table.cell(3, 0))
    doc.save(path)
    return path


@pytest.mark.skipif(shutil.which("soffice") is None, reason="needs LibreOffice (soffice)")
@pytest.mark.parametrize("suffix", ["doc", "wps"])
def test_doc_converted_by_libreoffice_gives_the_records_of_its_docx(tmp_path: Path, suffix: str) -> None:
    source = small_form_docx(tmp_path / "form.docx")

    def convert(path: Path, to: str) -> Path:
        subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp_path}/p", "--headless", "--convert-to", to,
                        "--outdir", str(tmp_path / to), str(path)], check=True, capture_output=True, timeout=180)
        return tmp_path / to / f"{path.stem}.{to}"

    # via .odt: LibreOffice 7.4 writes python-docx tables to .doc as plain paragraphs
    legacy = convert(convert(source, "odt"), "doc").rename(tmp_path / f"form.{suffix}")
    want = [comparable(r.model_dump(mode="json")) for r in extract_file(source, source.name).records]
    got = extract_file(legacy, legacy.name)
    assert got.report.status == "ok", got.report.reason
    assert [comparable(r.model_dump(mode="json")) for r in got.records] == want
    assert [(i["name"], i["target"]) for i in want[0]["indicators"]] == [("养护里程", "≥120公里"), ("路面完好率", "≥95%")]


def test_a_page_break_inside_the_title_paragraph_starts_the_page(tmp_path: Path) -> None:
    """LibreOffice writes the break that starts a form's page inside its title paragraph."""
    from docx import Document
    from docx.enum.text import WD_BREAK

    doc = Document()
    doc.add_paragraph("第一页")
    title = doc.add_paragraph()
    title.add_run().add_break(WD_BREAK.PAGE)
    title.add_run("项目支出绩效目标表")
    path = tmp_path / "breaks.docx"
    doc.save(path)
    pages = [(p.page, [c.text for r in p.rows for c in r.cells]) for p in docx_rows(path)]
    assert pages == [(1, ["第一页"]), (2, ["项目支出绩效目标表"])]


def test_tables_inside_content_controls_are_read(tmp_path: Path) -> None:
    """Word forms wrap fields and whole tables in content controls (w:sdt)."""
    from docx import Document
    from docx.oxml import OxmlElement

    doc = Document()
    doc.add_paragraph("标题")
    table = doc.add_table(rows=1, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "项目名称", "受控项目"
    sdt, content = OxmlElement("w:sdt"), OxmlElement("w:sdtContent")
    table._tbl.addprevious(sdt)
    content.append(table._tbl)
    sdt.append(content)
    path = tmp_path / "sdt.docx"
    doc.save(path)
    [page] = list(docx_rows(path))
    assert [[c.text for c in row.cells] for row in page.rows] == [["标题"], ["项目名称", "受控项目"]]


@pytest.mark.skipif(shutil.which("soffice") is None, reason="needs LibreOffice (soffice)")
def test_docx_saved_by_libreoffice_gives_the_records_of_the_pdf_print(tmp_path: Path, word_docx: Path) -> None:
    """The same document opened and saved again by LibreOffice Writer (its own XML: breaks
    inside paragraphs, its own grid and widths)."""
    for to, source in (("odt", word_docx), ("docx", tmp_path / "odt" / "word.odt")):
        subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp_path}/p", "--headless", "--convert-to", to,
                        "--outdir", str(tmp_path / to), str(source)], check=True, capture_output=True, timeout=180)
    saved = tmp_path / "docx" / "word.docx"
    got = [comparable(r.model_dump(mode="json")) for r in extract_file(saved, saved.name).records]
    want = [comparable(r.model_dump(mode="json")) for r in extract_file(PRODUCERS / "word.pdf", "word.pdf").records]
    assert got == want
