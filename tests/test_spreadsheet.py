"""Spreadsheets (.xlsx, .xls) give the same forms as PDFs: the committed workbooks extract to
their truths field by field, cell texts read as Excel shows them, and a bad workbook is a
``failed`` report with a one-line reason, never a traceback."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path
from typing import Any, Optional

import pytest
from openpyxl import Workbook
from openpyxl.styles import Border, Side

from goldens import diff_records, load_jsonl
from jixiao.extract.model import PageRows
from jixiao.extract.run.job import extract_file
from jixiao.extract.read.spreadsheet import (
    POINTS_PER_CHAR,
    Sheet,
    SheetCell,
    format_number,
    sheet_to_rows,
    spreadsheet_rows,
    value_text,
)
from jixiao.normalize import parse_value

DATA = Path(__file__).resolve().parent / "data" / "spreadsheets"
WORKBOOKS = sorted(p for p in DATA.iterdir() if p.suffix in (".xlsx", ".xls"))
THIN = Side(style="thin")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)


# --------------------------------------------------------------------------- the committed workbooks


def test_fixtures_are_small_and_have_truths() -> None:
    assert {p.suffix for p in WORKBOOKS} == {".xlsx", ".xls"}
    for path in WORKBOOKS:
        assert path.stat().st_size < 200_000, path.name
        assert path.with_name(path.name + ".truth.jsonl").exists(), path.name


@pytest.mark.parametrize("path", WORKBOOKS, ids=[p.name for p in WORKBOOKS])
def test_workbook_matches_truth(path: Path) -> None:
    result = extract_file(path, path.name)
    assert result.report.status == "ok", result.report.reason
    got = [r.model_dump(mode="json") for r in result.records]
    problems = diff_records(load_jsonl(path.with_name(path.name + ".truth.jsonl")), got)
    assert not problems, "\n".join(problems[:60])
    for record in result.records:
        assert record.source.method == "spreadsheet"
        for row in record.indicators:
            assert row.value == parse_value(row.target or "", year=record.year)


@pytest.mark.parametrize("suffix", [".xlsx", ".xls"])
def test_visible_sheets_are_pages_numbered_by_workbook_position(suffix: str) -> None:
    """Sheet 4 is empty (a page without rows); sheet 8, hidden, holds a copy of form 1 and is
    not read."""
    pages = list(spreadsheet_rows(DATA / f"lu-an-sheets{suffix}"))
    assert [p.page for p in pages] == [1, 2, 3, 4, 5, 6, 7]
    assert pages[3].rows == []
    assert {p.method for p in pages} == {"spreadsheet"}


def test_xls_reader_writes_nothing_to_stdout(capsys: pytest.CaptureFixture[str]) -> None:
    """xlrd logs to stdout by default; stdout carries records only."""
    list(spreadsheet_rows(DATA / "producers-stacked.xls"))
    assert capsys.readouterr().out == ""


def test_formula_gives_its_cached_value() -> None:
    """年度资金总额 is ``=C8+C9`` in the stacked workbook (cached by LibreOffice)."""
    rows = [r for p in spreadsheet_rows(DATA / "producers-stacked.xlsx") for r in p.rows]
    first_total = next(r for r in rows if r.texts[:2] == ["项目资金（万元）", "年度资金总额"])
    assert first_total.texts[2] == "1286.40"


# --------------------------------------------------------------------------- rows from small sheets


def _save(tmp_path: Path, wb: Workbook, name: str = "book.xlsx") -> Path:
    path = tmp_path / name
    wb.save(path)
    return path


def _only_page(path: Path) -> PageRows:
    pages = list(spreadsheet_rows(path))
    assert len(pages) == 1
    return pages[0]


def _boxed(ws: Any, ref: str) -> None:
    for row in ws[ref]:
        for cell in row:
            cell.border = BOX


def test_merged_title_row_is_one_free_text_phrase(tmp_path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    for col, width in zip("ABC", (10, 20, 30)):
        ws.column_dimensions[col].width = width
    ws["A1"] = "项目支出绩效目标表"
    ws.merge_cells("A1:C1")
    ws["A2"], ws["B2"], ws["C2"] = "项目名称", "办公楼维修", None
    ws.merge_cells("B2:C2")
    _boxed(ws, "A2:C2")
    rows = _only_page(_save(tmp_path, wb)).rows
    title, table_row = rows
    assert title.table is None and [c.text for c in title.cells] == ["项目支出绩效目标表"]
    assert title.cells[0].x0 == 0 and title.cells[0].x1 == pytest.approx(60 * POINTS_PER_CHAR, abs=0.1)
    assert table_row.table == 0 and table_row.texts == ["项目名称", "办公楼维修"]
    assert table_row.cells[1].cell is not None and table_row.cells[1].cell.colspan == 2


def test_merged_level_cells_repeat_with_first_false(tmp_path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    ws.append(["一级指标", "二级指标", "三级指标", "指标值"])
    ws.append(["产出指标", "数量指标", "培训人数", "60人"])
    ws.append([None, None, "培训次数", "2次"])
    ws.append([None, "质量指标", "合格率", "100%"])
    ws.merge_cells("A2:A4")
    ws.merge_cells("B2:B3")
    _boxed(ws, "A1:D4")
    ws.row_dimensions[2].height = 30
    rows = _only_page(_save(tmp_path, wb)).rows
    assert [r.index for r in rows] == [0, 1, 2, 3] and {r.table for r in rows} == {0}
    assert all(r.table_rows == 4 for r in rows)
    level1 = [r.cells[0] for r in rows[1:]]
    assert [c.text for c in level1] == ["产出指标"] * 3
    assert [c.first for c in level1] == [True, False, False]
    assert level1[0].cell is level1[2].cell and level1[0].cell.rowspan == 3
    assert rows[3].cells[1].first and rows[3].texts == ["质量指标", "合格率", "100%"]
    assert rows[1].bottom - rows[1].top == 30 and rows[2].top == rows[1].bottom
    assert all(c.page == 1 for r in rows for c in r.cells)


def test_unbordered_row_splits_tables_and_empty_rows_are_skipped(tmp_path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    ws.append(["项目名称", "甲"])
    ws.append([])
    ws.append(["单位：万元"])
    ws.append(["一级指标", "三级指标"])
    _boxed(ws, "A1:B1")
    _boxed(ws, "A4:B4")
    rows = _only_page(_save(tmp_path, wb)).rows
    assert [(r.table, r.texts) for r in rows] == [
        (0, ["项目名称", "甲"]), (None, ["单位：万元"]), (1, ["一级指标", "三级指标"]),
    ]


def test_underline_alone_does_not_make_a_table(tmp_path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    ws["A1"] = "填报单位（盖章）"
    ws["A1"].border = Border(bottom=THIN)
    ws["A2"], ws["B2"] = "项目名称", "甲"
    _boxed(ws, "A2:B2")
    rows = _only_page(_save(tmp_path, wb)).rows
    assert [r.table for r in rows] == [None, 0]


def test_sheet_without_borders_reads_multi_cell_rows_as_table(tmp_path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    ws.append(["项目支出绩效目标表"])
    ws.append(["项目名称", "甲"])
    ws.append(["一级指标", "二级指标", "三级指标", "指标值"])
    ws.append(["（2021年度）"])
    ws.append(["产出指标", "数量指标", "培训人数", 60])
    rows = _only_page(_save(tmp_path, wb)).rows
    assert [(r.table, r.index) for r in rows] == [(None, 0), (0, 0), (0, 1), (None, 0), (1, 0)]
    assert rows[4].texts == ["产出指标", "数量指标", "培训人数", "60"]


def test_formula_without_cached_value_is_empty(tmp_path: Path) -> None:
    """openpyxl writes formulas without results: the cell reads as blank, no crash."""
    wb = Workbook()
    ws = wb.active
    ws.append(["年度资金总额", "=B2+B3"])
    ws.append(["财政拨款", 14.4])
    ws.append(["其他资金", 56])
    _boxed(ws, "A1:B3")
    rows = _only_page(_save(tmp_path, wb)).rows
    assert [[c.text for c in r.cells] for r in rows] == [["年度资金总额", ""], ["财政拨款", "14.4"], ["其他资金", "56"]]


def test_hidden_rows_and_columns_are_not_read(tmp_path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    ws.append(["项目名称", "内部备注", "甲"])
    ws.append(["隐藏行", "x", "y"])
    ws.column_dimensions["B"].hidden = True
    ws.row_dimensions[2].hidden = True
    _boxed(ws, "A1:C2")
    rows = _only_page(_save(tmp_path, wb)).rows
    assert [r.texts for r in rows] == [["项目名称", "甲"]]


def test_rows_from_a_sheet_built_in_memory() -> None:
    """The builder needs no file: a reader's Sheet is plain data."""
    box = 15
    sheet = Sheet(
        number=3,
        cells={(0, 0): SheetCell("项目名称", box), (0, 1): SheetCell("甲", box), (2, 0): SheetCell("注：单位万元")},
        merges=[],
    )
    page = sheet_to_rows(sheet)
    assert page.page == 3 and page.method == "spreadsheet"
    assert [(r.table, r.texts, r.page) for r in page.rows] == [(0, ["项目名称", "甲"], 3), (None, ["注：单位万元"], 3)]


# --------------------------------------------------------------------------- text as Excel shows it


@pytest.mark.parametrize(
    ("value", "fmt", "shown"),
    [
        (70.4, "0.0", "70.4"),
        (56, "0.00", "56.00"),
        (56.0, "0.0", "56.0"),
        (60.0, "General", "60"),
        (70.4, "General", "70.4"),
        (0.1 + 0.2, "General", "0.3"),
        (1e-05, "General", "0.00001"),
        (3256.8, "#,##0.00", "3,256.80"),
        (1268.5, "#,##0.00", "1,268.50"),
        (0.95, "0%", "95%"),
        (1, "0%", "100%"),
        (0.075, "0.0%", "7.5%"),
        (2.675, "0.00", "2.68"),
        (-1234.5, "#,##0.00_);(#,##0.00)", "(1,234.50)"),
        (-3.5, "0.0", "-3.5"),
        (0, '#,##0;-#,##0;"-"', "-"),
        (12.5, '0.00"万元"', "12.50万元"),
        (5, "[$¥-804]#,##0.00", "¥5.00"),
        (0.5, "#.00", ".50"),
        (1.5, "0.0#", "1.5"),
        (1.25, "0.0#", "1.25"),
        (12345.678, "0.00E+00", "1.23E+04"),
        (1234567, "#,##0,", "1,235"),
        (7, "@", "7"),
        (44000, "yyyy-mm-dd", "44000"),
    ],
)
def test_format_number(value: float, fmt: str, shown: str) -> None:
    assert format_number(value, fmt) == shown


@pytest.mark.parametrize(
    ("value", "fmt", "shown"),
    [
        (None, None, ""),
        (True, None, "TRUE"),
        (dt.datetime(2021, 6, 30), "yyyy-mm-dd", "2021-06-30"),
        (dt.datetime(2021, 6, 30, 8, 30), "yyyy-mm-dd hh:mm", "2021-06-30T08:30:00"),
        (dt.date(2021, 6, 30), None, "2021-06-30"),
        ("<p>项目 ⽀出</p>", None, "项目支出"),
        ("年度 目标\n完成", None, "年度目标完成"),
    ],
)
def test_value_text(value: Any, fmt: Optional[str], shown: str) -> None:
    assert value_text(value, fmt) == shown


# --------------------------------------------------------------------------- files that are not forms


def test_empty_sheet_gives_no_forms(tmp_path: Path) -> None:
    path = _save(tmp_path, Workbook())
    result = extract_file(path, path.name)
    assert (result.report.status, result.report.forms, result.report.pages) == ("no-forms", 0, 1)


def _failure(path: Path) -> str:
    result = extract_file(path, path.name)
    assert result.report.status == "failed" and result.records == []
    reason = result.report.reason or ""
    assert "\n" not in reason and "internal error" not in reason
    return reason


def test_garbage_is_a_damaged_spreadsheet(tmp_path: Path) -> None:
    path = tmp_path / "garbage.xlsx"
    path.write_bytes(b"this is not a workbook" * 10)
    assert _failure(path).startswith("damaged spreadsheet:")


def test_truncated_xlsx_is_damaged(tmp_path: Path) -> None:
    path = tmp_path / "cut.xlsx"
    data = (DATA / "lu-an-sheets.xlsx").read_bytes()
    path.write_bytes(data[: len(data) // 2])
    assert _failure(path).startswith("damaged spreadsheet:")


def test_zip_without_workbook_is_damaged(tmp_path: Path) -> None:
    path = tmp_path / "other.xlsx"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        zf.writestr("readme.txt", "hello")
    path.write_bytes(buffer.getvalue())
    assert _failure(path).startswith("damaged spreadsheet:")


def test_corrupt_xls_is_damaged(tmp_path: Path) -> None:
    path = tmp_path / "broken.xls"
    data = (DATA / "lu-an-sheets.xls").read_bytes()
    path.write_bytes(data[:2048])
    assert _failure(path).startswith("damaged spreadsheet:")


def test_encrypted_workbook_is_reported(tmp_path: Path) -> None:
    """Password-protected .xlsx files are OLE containers with an EncryptionInfo stream."""
    path = tmp_path / "locked.xlsx"
    path.write_bytes(
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504) + "EncryptionInfo".encode("utf-16-le") + bytes(64)
    )
    reason = _failure(path)
    assert reason.startswith("encrypted spreadsheet:")


def test_html_saved_as_xls_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "export.xls"
    path.write_text("<html><body><table><tr><td>项目名称</td></tr></table></body></html>", encoding="utf-8")
    assert "HTML" in _failure(path)


def test_empty_file_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "empty.xlsx"
    path.write_bytes(b"")
    assert _failure(path) == "empty file (0 bytes)"


def test_workbook_under_the_other_suffix_is_read_by_content(tmp_path: Path) -> None:
    path = tmp_path / "misnamed.xls"
    path.write_bytes((DATA / "producers-stacked.xlsx").read_bytes())
    result = extract_file(path, path.name)
    assert result.report.status == "ok" and result.report.forms == 9
