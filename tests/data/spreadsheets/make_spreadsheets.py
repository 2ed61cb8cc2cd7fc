"""Render hand-authored forms as workbooks, and write their truth files from the same data.

What
    Reads the seed transcription ``samples/lu_an_2021.json`` (six forms) and the producer corpus
    ``tests/data/producers/forms.json`` (nine forms), with the loaders of their own scripts, and
    writes two workbook layouts, each also converted to .xls by LibreOffice:

    * ``lu-an-sheets.xlsx`` — openpyxl: one form per sheet in the seed's template (title, year and
      填报单位 lines above a bordered table, 项目资金 and 绩效指标 block labels in column A,
      一级/二级指标 as merged cells, the goal to the right of its label), amounts and a percent
      target as numbers with number formats (``0.0``, ``0%``), an empty sheet among the forms and
      a hidden sheet holding a copy of form 1 (it must not be read).
    * ``producers-stacked.xlsx`` — all nine producer forms stacked on one sheet, a merged title
      row (one with a Kangxi radical) and a blank gap between forms, 主管部门 beside 实施单位,
      extra header fields, a four-column indicator table with the target merged over two
      columns, ``#,##0.00`` and ``0.00`` amounts, ``0%`` targets, a goal with ``<p>`` tags, and
      年度资金总额 as a formula. Written by openpyxl, then recalculated by LibreOffice (xlsx →
      xlsx) so that the formulas carry cached values, as files saved by Excel or WPS do.
    * ``<name>.xls`` — each .xlsx converted by LibreOffice (BIFF8: xlrd's reader).
    * ``<name>.truth.jsonl`` — one record per form, as ``tests/golden/*.jsonl``: the contract's
      FormRecord without the indicators' ``value``; ``source.method`` is ``spreadsheet``,
      ``source.pages`` and each indicator's ``page`` are the sheet the form stands on.

Why
    The spreadsheet reader must be judged against truth that does not come from it: every
    expected text here is the hand-authored value, the printed cell being either that text or a
    number whose format prints exactly that text (checked before writing).

Usage
    python tests/data/spreadsheets/make_spreadsheets.py               # workbooks and truths
    python tests/data/spreadsheets/make_spreadsheets.py --truth-only  # truths for the files on disk

LibreOffice runs headless in a private profile (``/tmp/lo_profile_sheets``), so a desktop soffice
may stay open. Its output carries timestamps, so a rerun changes the bytes (and the truths' ids).
"""

from __future__ import annotations

import argparse
import math
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Optional, Union

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[2]
LO_PROFILE = "file:///tmp/lo_profile_sheets"
MAX_BYTES = 200_000

sys.path[:0] = [str(REPO / "samples"), str(REPO / "tests" / "data" / "producers"), str(REPO / "tests" / "data")]
import make_producers  # noqa: E402 - the producer corpus loader
import make_samples  # noqa: E402 - the seed transcription loader
import truths  # noqa: E402 - tests/data/truths.py: truth records and their files

LU_AN = "lu-an-sheets"
STACKED = "producers-stacked"
FUNDS_KEYS = ("total", "fiscal", "other")
KANGXI_MU = "\u2f6c"  # ⽬, the Kangxi radical that browser-made files print for 目


# One indicator row: the seed's row type (levels, name, target, restated level 1) serves both corpora.
Indicator = make_samples.Row


@dataclass(frozen=True)
class SheetForm:
    """One form as the workbooks print it, with the values its truth record holds."""

    title: str
    printed_title: str
    year_line: Optional[str]
    year: Optional[int]
    filler: Optional[str]
    kind: str
    department: Optional[str]
    printed_department: Optional[str]
    department_label: str
    project_name: str
    implementing_unit: str
    project_attribute: str
    fields: dict[str, str]
    funds: tuple[tuple[str, str], ...]  # (printed label, printed text) for total, fiscal, other
    goal_label: str
    goal: str
    printed_goal: str
    target_label: str
    indicators: tuple[Indicator, ...]


def lu_an_forms() -> list[SheetForm]:
    """The seed's six forms (samples/lu_an_2021.json)."""
    labels, forms = make_samples.load_sample()
    return [
        SheetForm(
            title=f.title, printed_title=f.title, year_line=f.year_text, year=f.year,
            filler=f.filler_text, kind="project", department=None, printed_department=None,
            department_label="", project_name=f.header[labels.project_name],
            implementing_unit=f.header[labels.implementing_unit],
            project_attribute=f.header[labels.project_attribute], fields={}, funds=f.funds,
            goal_label=labels.goal, goal=f.goal, printed_goal=f.goal, target_label=labels.columns[3],
            indicators=f.rows,
        )
        for f in forms
    ]


def producer_forms() -> list[SheetForm]:
    """The producer corpus's nine forms, each with the labels of the template it came from."""
    out = []
    for spec in make_producers.load_specs():
        producer = spec.producer
        funds_labels = make_producers.FUNDS_LABELS[producer]
        for f in spec.forms:
            printed_title = f.title.replace("目", KANGXI_MU, 1) if producer == "browser" else f.title
            out.append(
                SheetForm(
                    title=f.title, printed_title=printed_title, year_line=f.year_line, year=f.year,
                    filler=None, kind=f.kind, department=f.department,
                    printed_department=f.printed_department(producer),
                    department_label=make_producers.DEPT_LABEL[producer], project_name=f.project_name,
                    implementing_unit=f.implementing_unit, project_attribute=f.project_attribute,
                    fields=dict(f.fields),
                    funds=tuple((label, f.funds[key]) for label, key in zip(funds_labels, FUNDS_KEYS)),
                    goal_label=make_producers.GOAL_LABEL[producer], goal=f.goal, printed_goal=f.goal_text,
                    target_label=make_producers.TARGET_LABEL[producer],
                    indicators=tuple(Indicator(*row) for row in f.indicators),
                )
            )
    return out


# --------------------------------------------------------------------------- cells


def as_number(text: str) -> tuple[Union[str, float, None], Optional[str]]:
    """How a printed amount or target is stored: a number with the format that prints ``text``
    (``56.0`` → 56 with ``0.0``, ``3,256.80`` → 3256.8 with ``#,##0.00``, ``95%`` → 0.95 with
    ``0%``), or the text itself; blank → None."""
    if not text:
        return None, None
    match = re.fullmatch(r"(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?(%?)", text)
    if not match:
        return text, None
    whole, decimals, percent = match.groups()
    number = float(whole.replace(",", "") + "." + (decimals or "0"))
    fmt = ("#,##0" if "," in whole else "0") + ("." + "0" * len(decimals) if decimals else "")
    if percent:
        return number / 100, fmt + "%"
    return number, fmt


def groups(indicators: tuple[Indicator, ...], level: int) -> list[tuple[int, int]]:
    """Runs ``(first, last)`` of rows sharing level 1 (or levels 1 and 2); a restated level 1
    starts a new run."""
    runs: list[tuple[int, int]] = []
    for i, row in enumerate(indicators):
        key = (row.level1,) if level == 1 else (row.level1, row.level2)
        prev = indicators[runs[-1][0]] if runs else None
        same = prev is not None and ((prev.level1,) if level == 1 else (prev.level1, prev.level2)) == key
        if same and not row.restates_level1:
            runs[-1] = (runs[-1][0], i)
        else:
            runs.append((i, i))
    return runs


class Writer:
    """Cell writing shared by both layouts: values, merges, borders and row heights."""

    def __init__(self, ws: Any, widths: dict[str, float]) -> None:
        from openpyxl.styles import Border, Side

        self.ws = ws
        self.widths = widths
        thin = Side(style="thin", color="000000")
        self.box = Border(left=thin, right=thin, top=thin, bottom=thin)
        for col, width in widths.items():
            ws.column_dimensions[col].width = width

    def put(
        self, ref: str, value: Union[str, float, None], to: Optional[str] = None,
        fmt: Optional[str] = None, boxed: bool = True, center: bool = False, size: float = 10.0,
    ) -> None:
        """Write a value (a formula when it starts with ``=``), merge to ``to``, box the range."""
        from openpyxl.styles import Alignment, Font

        cell = self.ws[ref]
        cell.value = value
        cell.font = Font(name="Noto Sans CJK SC", size=size, bold=size > 12)
        cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center" if center else "left")
        if fmt:
            cell.number_format = fmt
        if to:
            self.ws.merge_cells(f"{ref}:{to}")
        if boxed:
            for row in self.ws[f"{ref}:{to or ref}"]:
                for c in row:
                    c.border = self.box

    def height(self, row: int, *cells: tuple[str, str]) -> None:
        """Row height for the tallest of ``(text, columns)`` cells, columns like ``"B:E"``."""
        lines = 1
        for text, cols in cells:
            first, _, last = cols.partition(":")
            span = [chr(c) for c in range(ord(first), ord(last or first) + 1)]
            width = sum(self.widths[c] for c in span) - 1
            used = sum(2.0 if ord(ch) > 0x2000 else 1.1 for ch in text)
            lines = max(lines, math.ceil(used / max(width, 1.0)))
        self.ws.row_dimensions[row].height = 15 * lines + 4


# --------------------------------------------------------------------------- layout 1: a sheet per form

LU_AN_WIDTHS = {"A": 10.0, "B": 10.0, "C": 13.0, "D": 32.0, "E": 18.0}


def write_seed_form(ws: Any, form: SheetForm) -> None:
    """The seed's template on a sheet of its own (columns A–E, A holding block labels)."""
    w = Writer(ws, LU_AN_WIDTHS)
    w.put("A1", form.printed_title, "E1", boxed=False, center=True, size=16)
    w.put("A2", form.year_line, "E2", boxed=False, center=True)
    w.put("A3", form.filler, boxed=False)
    r = 4
    for label, value in (("项目名称", form.project_name), ("实施单位", form.implementing_unit),
                         ("项目属性", form.project_attribute)):
        w.put(f"A{r}", label, center=True)
        w.put(f"B{r}", value, f"E{r}")
        r += 1
    w.put(f"A{r}", "项目资金(万元)", f"A{r + 2}", center=True)
    for label, text in form.funds:
        value, fmt = as_number(text)
        w.put(f"B{r}", label, f"C{r}")
        w.put(f"D{r}", value, f"E{r}", fmt=fmt)
        r += 1
    w.put(f"A{r}", form.goal_label, center=True)
    w.put(f"B{r}", form.printed_goal, f"E{r}")
    w.height(r, (form.printed_goal, "B:E"))
    r += 1
    header = r
    for col, text in zip("BCDE", ("一级指标", "二级指标", "三级指标", form.target_label)):
        w.put(f"{col}{r}", text, center=True)
    first = r + 1
    for i, row in enumerate(form.indicators):
        r = first + i
        value, fmt = as_number(row.target or "")
        w.put(f"D{r}", row.name)
        w.put(f"E{r}", value, fmt=fmt)
        w.height(r, (row.name, "D"), (row.target or "", "E"))
    for level, col in ((1, "B"), (2, "C")):
        for a, b in groups(form.indicators, level):
            text = form.indicators[a].level1 if level == 1 else form.indicators[a].level2
            w.put(f"{col}{first + a}", text, f"{col}{first + b}" if b > a else None, center=True)
    w.put(f"A{header}", "绩效指标", f"A{r}", center=True)


def build_lu_an(path: Path) -> list[int]:
    """Six forms on sheets 1–3 and 5–7, an empty sheet 4, a hidden copy of form 1 as sheet 8.
    Returns the sheet number of each form."""
    from openpyxl import Workbook

    forms = lu_an_forms()
    wb = Workbook()
    wb.remove(wb.active)
    numbers = []
    for k, form in enumerate(forms):
        if k == 3:
            wb.create_sheet("空白")
        ws = wb.create_sheet(f"表{k + 1}")
        write_seed_form(ws, form)
        numbers.append(len(wb.sheetnames))
    hidden = wb.create_sheet("备份")
    write_seed_form(hidden, forms[0])
    hidden.sheet_state = "hidden"
    wb.save(path)
    return numbers


# --------------------------------------------------------------------------- layout 2: stacked

STACKED_WIDTHS = {"A": 11.0, "B": 13.0, "C": 30.0, "D": 8.0, "E": 10.0}


def write_stacked_form(w: Writer, form: SheetForm, top: int) -> int:
    """One producer form from row ``top``; returns the first row after it."""
    r = top
    w.put(f"A{r}", form.printed_title, f"E{r}", boxed=False, center=True, size=16)
    r += 1
    if form.year_line:
        w.put(f"A{r}", form.year_line, f"E{r}", boxed=False, center=True)
        r += 1
    w.put(f"A{r}", "项目名称", center=True)
    w.put(f"B{r}", form.project_name, f"E{r}")
    w.height(r, (form.project_name, "B:E"))
    r += 1
    w.put(f"A{r}", form.department_label, center=True)
    w.put(f"B{r}", form.printed_department, f"C{r}")
    w.put(f"D{r}", "实施单位", center=True)
    w.put(f"E{r}", form.implementing_unit)
    w.height(r, (form.department_label, "A"), (form.implementing_unit, "E"))
    r += 1
    for label, value in (("项目属性", form.project_attribute), *form.fields.items()):
        w.put(f"A{r}", label, center=True)
        w.put(f"B{r}", value, f"E{r}")
        r += 1
    w.put(f"A{r}", "项目资金（万元）", f"A{r + 2}", center=True)
    rows = {}
    for (label, text), key in zip(form.funds, FUNDS_KEYS):
        rows[key] = r
        w.put(f"B{r}", label, center=True)
        value, fmt = as_number(text)
        w.put(f"C{r}", value, f"E{r}", fmt=fmt)
        r += 1
    total, fiscal, other = (as_number(text)[0] for _, text in form.funds)
    if isinstance(total, float) and isinstance(fiscal, float) and isinstance(other, float):
        if round(fiscal + other, 6) == round(total, 6):
            w.ws[f"C{rows['total']}"].value = f"=C{rows['fiscal']}+C{rows['other']}"
    w.put(f"A{r}", form.goal_label, center=True)
    w.put(f"B{r}", form.printed_goal, f"E{r}")
    w.height(r, (form.printed_goal, "B:E"))
    r += 1
    for col, text in zip("ABC", ("一级指标", "二级指标", "三级指标")):
        w.put(f"{col}{r}", text, center=True)
    w.put(f"D{r}", form.target_label, f"E{r}", center=True)
    r += 1
    first = r
    for row in form.indicators:
        value, fmt = as_number(row.target or "")
        w.put(f"C{r}", row.name)
        w.put(f"D{r}", value, f"E{r}", fmt=fmt, center=True)
        w.height(r, (row.name, "C"), (row.target or "", "D:E"))
        r += 1
    for level, col in ((1, "A"), (2, "B")):
        for a, b in groups(form.indicators, level):
            text = form.indicators[a].level1 if level == 1 else form.indicators[a].level2
            w.put(f"{col}{first + a}", text, f"{col}{first + b}" if b > a else None, center=True)
    return r


def build_stacked(path: Path) -> list[int]:
    """All producer forms on sheet 1, two blank rows between them; written, then recalculated
    by LibreOffice so the formulas have cached values. Returns the sheet of each form."""
    from openpyxl import Workbook

    forms = producer_forms()
    wb = Workbook()
    ws = wb.active
    ws.title = "绩效目标表"
    w = Writer(ws, STACKED_WIDTHS)
    row = 1
    for form in forms:
        row = write_stacked_form(w, form, row) + 2
    with tempfile.TemporaryDirectory(prefix="jixiao_sheets_") as tmp:
        raw = Path(tmp) / "raw" / path.name
        raw.parent.mkdir()
        wb.save(raw)
        shutil.copyfile(soffice_convert(raw, "xlsx", Path(tmp)), path)
    return [1] * len(forms)


def soffice_convert(source: Path, to: str, outdir: Path) -> Path:
    """Convert with LibreOffice headless in a private profile; return the converted file."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        raise SystemExit("LibreOffice (soffice) is needed to write the .xls fixtures")
    subprocess.run(
        [soffice, f"-env:UserInstallation={LO_PROFILE}", "--headless", "--convert-to", to,
         "--outdir", str(outdir), str(source)],
        check=True, capture_output=True, timeout=300,
    )
    out = outdir / f"{source.stem}.{to}"
    if not out.exists():
        raise RuntimeError(f"LibreOffice wrote no {to} for {source.name}")
    return out


# --------------------------------------------------------------------------- truths


def truth_record(form: SheetForm, index: int, path: Path, sha256: str, sheet: int) -> dict:
    """The truth of one form in the goldens' format (checked by the contract): ``source.pages``
    and every indicator's ``page`` are the sheet the form stands on."""
    return truths.truth_record(
        sha256, index, path=path.name, pages=[sheet], method="spreadsheet", header=truths.form_header(form),
        funds={**{key: truths.amount(text) for key, (_, text) in zip(FUNDS_KEYS, form.funds)},
               "raw": {label.rstrip(":："): text for label, text in form.funds}},
        indicators=[truths.truth_indicator(r.level1, r.level2, r.name, r.target, sheet) for r in form.indicators],
    )


def check_printed(forms: list[SheetForm]) -> None:
    """Every number stored for a printed text prints exactly that text (else the truth lies)."""
    from jixiao.extract.read.spreadsheet import value_text

    for form in forms:
        texts = [t for _, t in form.funds] + [r.target or "" for r in form.indicators]
        for text in texts:
            value, fmt = as_number(text)
            if not isinstance(value, str) and value_text(value, fmt) != text:
                raise AssertionError(f"{text!r} stored as {value!r} {fmt!r} prints {value_text(value, fmt)!r}")


def write_truth(path: Path, forms: list[SheetForm], sheets: list[int]) -> Path:
    """``<name>.truth.jsonl`` beside the workbook ``path`` (suffix kept: .xlsx and .xls differ)."""
    sha = truths.sha256_of(path)
    out = path.with_name(path.name + ".truth.jsonl")
    truths.write_jsonl(out, (truth_record(form, i, path, sha, sheet)
                             for i, (form, sheet) in enumerate(zip(forms, sheets), start=1)))
    return out


LU_AN_SHEETS = [1, 2, 3, 5, 6, 7]  # sheet 4 is empty, sheet 8 hidden


def main(argv: Optional[list[str]] = None) -> int:
    """Write the workbooks (unless ``--truth-only``) and their truths."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--truth-only", action="store_true", help="rewrite the truths for the files on disk")
    args = parser.parse_args(argv)
    lu_an, stacked = lu_an_forms(), producer_forms()
    check_printed(lu_an + stacked)
    plans = [(LU_AN, lu_an, LU_AN_SHEETS), (STACKED, stacked, [1] * len(stacked))]
    if not args.truth_only:
        if build_lu_an(HERE / f"{LU_AN}.xlsx") != LU_AN_SHEETS:
            raise AssertionError("lu-an sheets moved: update LU_AN_SHEETS")
        build_stacked(HERE / f"{STACKED}.xlsx")
        with tempfile.TemporaryDirectory(prefix="jixiao_sheets_") as tmp:
            for name, _, _ in plans:
                shutil.copyfile(soffice_convert(HERE / f"{name}.xlsx", "xls", Path(tmp)), HERE / f"{name}.xls")
    for name, forms, sheets in plans:
        for suffix in (".xlsx", ".xls"):
            path = HERE / f"{name}{suffix}"
            size = path.stat().st_size
            if size > MAX_BYTES:
                raise SystemExit(f"{path.name} is {size} bytes, over {MAX_BYTES}")
            truth = write_truth(path, forms, sheets)
            print(f"{path.name}: {size // 1024} KB, {len(forms)} forms → {truth.name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
