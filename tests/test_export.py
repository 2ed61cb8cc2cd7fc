"""``jixiao export``: the two tables round-trip through CSV, Parquet and XLSX with their
counts, values, numeric columns and Chinese text intact."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from goldens import write_jsonl
from click.testing import CliRunner

from jixiao.cli import main
from jixiao.export.evaluation import EXECUTION_COLUMNS
from jixiao.export.tables import FORM_COLUMNS, INDICATOR_COLUMNS, forms_table, indicators_table, record_tables
from jixiao.export.writers import MAX_WIDTH, display_width, write_tables

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
GOLDEN = Path(__file__).resolve().parent / "golden" / "lu-an-2021-calc.jsonl"
NUMERIC = {
    "forms": ["year", "funds_total", "funds_fiscal", "funds_other", "issue_count"],
    "indicators": ["year", "row", "page", "value", "upper", "base_value", "n_terms"],
    "execution": [],  # empty on the target-form samples
}


@pytest.fixture(scope="module")
def tables(records: list[dict[str, Any]]) -> dict[str, pd.DataFrame]:
    return record_tables(records)


# ---- tables -----------------------------------------------------------------------------


def test_one_row_per_form_and_per_indicator(records: list[dict[str, Any]], tables: dict[str, pd.DataFrame]) -> None:
    assert list(tables) == ["forms", "indicators", "execution"]
    assert len(tables["forms"]) == len(records) == 12
    assert len(tables["indicators"]) == sum(len(r["indicators"]) for r in records) == 186
    assert list(tables["forms"].columns) == list(FORM_COLUMNS)
    assert list(tables["indicators"].columns) == list(INDICATOR_COLUMNS)


def test_form_columns(tables: dict[str, pd.DataFrame]) -> None:
    first = tables["forms"].iloc[0]
    assert first["id"] == "fd18355f5158:1" and first["source_path"] == "lu-an-2021-calc.pdf"
    assert first["pages"] == "1,2" and first["method"] == "text"
    assert first["project_name"] == "办案业务费" and first["year"] == 2021
    assert (first["funds_total"], first["funds_fiscal"], first["funds_other"]) == (70.4, 14.4, 56.0)
    assert json.loads(first["fields"]) == {}
    assert first["issue_count"] == 0 and pd.isna(first["issue_codes"])


def test_indicator_columns_carry_the_first_term(tables: dict[str, pd.DataFrame]) -> None:
    rows = tables["indicators"]
    first = rows.iloc[0]
    assert (first["form_id"], first["project_name"], first["year"], first["row"]) == ("fd18355f5158:1", "办案业务费", 2021, 1)
    assert first["target"] == "60人,1次" and first["value_kind"] == "numeric"
    assert (first["op"], first["value"], first["unit"], first["base_value"], first["base_unit"]) == ("=", 60, "人", 60, "人")
    assert first["n_terms"] == 2 and [t["unit"] for t in json.loads(first["terms"])] == ["人", "次"]
    period = rows[rows["value_kind"] == "period"].iloc[0]
    assert period["period_start"] == pd.Timestamp("2021-01-01") and period["period_end"] == pd.Timestamp("2021-12-31")
    assert pd.isna(period["value"]) and period["n_terms"] == 0


def test_magnitude_is_folded_into_base_value() -> None:
    record = {
        "id": "x:1",
        "source": {"path": "x.pdf", "pages": [1]},
        "indicators": [
            {
                "name": "项目预算",
                "target": "70.35万元",
                "page": 1,
                "value": {
                    "raw": "70.35万元",
                    "kind": "numeric",
                    "terms": [{"label": None, "op": "=", "value": 70.35, "upper": None, "unit": "万元", "base_value": 703500, "base_unit": "元"}],
                    "period": None,
                },
            }
        ],
    }
    row = indicators_table([record]).iloc[0]
    assert (row["value"], row["unit"], row["base_value"], row["base_unit"]) == (70.35, "万元", 703500.0, "元")


def test_dtypes_are_nullable_and_fixed(tables: dict[str, pd.DataFrame]) -> None:
    for name, columns in (("forms", FORM_COLUMNS), ("indicators", INDICATOR_COLUMNS)):
        assert {c: str(t) for c, t in tables[name].dtypes.items()} == columns
    empty = forms_table([])
    assert len(empty) == 0 and list(empty.dtypes.astype(str)) == list(FORM_COLUMNS.values())


def test_golden_without_values_exports_with_empty_value_columns() -> None:
    golden = [json.loads(line) for line in GOLDEN.read_text(encoding="utf-8").splitlines() if line.strip()]
    rows = indicators_table(golden)
    assert len(rows) == sum(len(r["indicators"]) for r in golden)
    assert rows["value_kind"].isna().all() and rows["n_terms"].isna().all()
    targets = [row.get("target") for r in golden for row in r["indicators"]]
    assert [None if pd.isna(t) else t for t in rows["target"]] == targets


# ---- round trips ------------------------------------------------------------------------


def _same_values(got: pd.DataFrame, expected: pd.DataFrame, name: str) -> None:
    assert list(got.columns) == list(expected.columns)
    assert len(got) == len(expected)
    for column in NUMERIC[name]:
        assert pd.api.types.is_numeric_dtype(got[column]), f"{name}.{column} is not numeric"
        pd.testing.assert_series_equal(
            got[column].astype("Float64"), expected[column].astype("Float64"), check_names=False
        )
    columns = {"forms": FORM_COLUMNS, "indicators": INDICATOR_COLUMNS, "execution": EXECUTION_COLUMNS}[name]
    for column, dtype in columns.items():
        if dtype == "string":
            # CSV and Excel cannot tell an empty text from a missing one
            want = expected[column].fillna("").tolist()
            assert got[column].astype("string").fillna("").tolist() == want, f"{name}.{column}"


def test_csv_round_trip(tables: dict[str, pd.DataFrame], tmp_path: Path) -> None:
    paths = write_tables(tables, "csv", tmp_path)
    assert [p.name for p in paths] == ["forms.csv", "indicators.csv", "execution.csv"]
    for path in paths:
        raw = path.read_bytes()
        assert raw.startswith(b"\xef\xbb\xbf"), "Excel needs the BOM to read UTF-8"
        assert "项目支出预算绩效目标表".encode() in raw or "产出指标".encode() in raw or path.stem == "execution"
        got = pd.read_csv(path, encoding="utf-8-sig")
        _same_values(got, tables[path.stem], path.stem)
    dates = pd.read_csv(tmp_path / "indicators.csv", encoding="utf-8-sig")["period_start"].dropna()
    assert dates.iloc[0] == "2021-01-01"


def test_parquet_round_trip_keeps_dtypes(tables: dict[str, pd.DataFrame], tmp_path: Path) -> None:
    for path in write_tables(tables, "parquet", tmp_path):
        got = pd.read_parquet(path)
        pd.testing.assert_frame_equal(got, tables[path.stem])


def test_xlsx_round_trip(tables: dict[str, pd.DataFrame], tmp_path: Path) -> None:
    for path in write_tables(tables, "xlsx", tmp_path):
        got = pd.read_excel(path, sheet_name=path.stem)
        _same_values(got, tables[path.stem], path.stem)


def test_xlsx_header_is_bold_and_frozen_and_widths_fit(tables: dict[str, pd.DataFrame], tmp_path: Path) -> None:
    import openpyxl

    write_tables(tables, "xlsx", tmp_path)
    sheet = openpyxl.load_workbook(tmp_path / "indicators.xlsx")["indicators"]
    assert sheet.freeze_panes == "A2"
    assert all(cell.font.b for cell in sheet[1])
    widths = {sheet.cell(1, k).value: sheet.column_dimensions[sheet.cell(1, k).column_letter].width for k in range(1, sheet.max_column + 1)}
    assert all(w <= MAX_WIDTH for w in widths.values())
    longest_level1 = max(display_width(v) for v in tables["indicators"]["level1"].dropna())
    assert widths["level1"] >= longest_level1 >= 2 * 4, "CJK characters count double"
    assert widths["row"] < 10
    goal_width = openpyxl.load_workbook(tmp_path / "forms.xlsx")["forms"].column_dimensions
    assert max(d.width for d in goal_width.values()) == MAX_WIDTH, "the goal column is capped"


def test_xlsx_keeps_formula_like_text_as_text(records: list[dict[str, Any]], tmp_path: Path) -> None:
    import openpyxl

    record = copy.deepcopy(records[0])
    record["indicators"][0]["target"] = "=1+1"
    record["indicators"][1]["name"] = "控制\x07字符"
    write_tables(record_tables([record]), "xlsx", tmp_path)
    sheet = openpyxl.load_workbook(tmp_path / "indicators.xlsx")["indicators"]
    header = [c.value for c in sheet[1]]
    target = sheet.cell(2, header.index("target") + 1)
    assert (target.value, target.data_type) == ("=1+1", "s")
    assert sheet.cell(3, header.index("name") + 1).value == "控制字符"


def test_display_width_counts_cjk_double() -> None:
    assert display_width("abc") == 3
    assert display_width("产出指标") == 8
    assert display_width("≥90%") == 4
    assert display_width("第一行\nab") == 6


# ---- CLI --------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["csv", "parquet", "xlsx"])
def test_cli_export(records: list[dict[str, Any]], tmp_path: Path, fmt: str) -> None:
    run = write_jsonl(tmp_path / "run.jsonl", records)
    result = CliRunner().invoke(main, ["export", str(run), "--to", fmt, "-o", str(tmp_path / "out")])
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    assert f"forms: 12 rows → {tmp_path / 'out' / ('forms.' + fmt)}" in result.stderr
    assert "indicators: 186 rows" in result.stderr
    assert (tmp_path / "out" / f"indicators.{fmt}").is_file()


def test_cli_export_rejects_unknown_format(records: list[dict[str, Any]], tmp_path: Path) -> None:
    run = write_jsonl(tmp_path / "run.jsonl", records[:1])
    result = CliRunner().invoke(main, ["export", str(run), "--to", "json", "-o", str(tmp_path)])
    assert result.exit_code == 2
    assert "--to" in result.stderr and len(result.stderr.splitlines()) == 1


def test_cli_export_bad_records_file(tmp_path: Path) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "x:1"}\n"just a string"\n', encoding="utf-8")
    result = CliRunner().invoke(main, ["export", str(bad), "-o", str(tmp_path / "out")])
    assert result.exit_code == 2
    assert "line 2 is not a form record" in result.stderr
    assert not (tmp_path / "out").exists()


def test_cli_starts_without_pandas_numpy_jieba_or_pdfium() -> None:
    """extract forks its workers from the CLI under an address-space cap; numpy alone
    reserves ~100 MB of it. The heavy libraries load only in the command that needs them."""
    import subprocess
    import sys

    code = (
        "import sys, jixiao.cli; "
        "print(sorted(m for m in ('pandas', 'numpy', 'jieba', 'pypdfium2', 'pyarrow', 'openpyxl') if m in sys.modules))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


def test_self_evaluation_columns_and_execution_table() -> None:
    """An evaluation's actual, weight, score, achieved and deviation sit beside its target; its
    funds grid is the execution table; a target form has stage target and these empty."""
    from test_evaluation import CENTRAL, W9, eval_title
    from test_stitch import records as synth_records

    from synth import Drawn, draw_table, page

    d = Drawn()
    draw_table(d, CENTRAL, W9, eval_title(d))
    [rec] = synth_records(page(1, d, width=1000.0))
    target = {"id": "t:1", "title": "项目支出绩效目标表", "indicators": [{"name": "新建教室", "target": "12间"}]}
    tables = record_tables([rec, target])
    forms = tables["forms"]
    assert forms["stage"].tolist() == ["evaluation", "target"]
    assert forms["total_score"].tolist()[0] == 96.0 and forms["goal_achieved"].tolist()[0] == "全年开展综合班次4期"
    rows = tables["indicators"]
    first = rows.iloc[1]
    assert (first["target"], first["actual"], first["actual_number"], first["actual_unit"]) == ("≥98%", "97%", 97, "%")
    assert (first["weight"], first["score"], bool(first["achieved"]), first["deviation"]) == (20, 18, False, "个别学员补考")
    assert [None if pd.isna(v) else bool(v) for v in rows["achieved"]] == [True, False, None, True, None]
    assert rows.iloc[-1][["actual", "weight", "achieved"]].isna().all()
    execution = tables["execution"]
    assert execution["label"].tolist() == ["年度资金总额", "其中：财政拨款", "上年结转", "其他资金"]
    assert execution["adjusted"].tolist() == [180.03, 140.61, 39.42, 0.0]
    assert execution["rate"].tolist()[0] == "94.45%" and execution["form_id"].tolist() == [rec.id] * 4
