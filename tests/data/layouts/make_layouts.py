"""Render the held-out layout corpus (issue 7's real-world layout variants) and its truth.

Each PDF exercises one family of layouts that published 绩效目标表 use; content lives in
``forms.json`` (hand-authored), this script renders it:

* ``department.pdf`` — two 部门（单位）整体支出绩效目标表 from an openpyxl workbook exported by
  LibreOffice Calc: 部门（单位）名称 or 主管部门及代码 ``[305]…``, a 年度主要任务 sub-table (任务名称 |
  主要内容 | 预算金额（万元） over 总额 / 财政拨款 / 其他资金, a 金额合计 row), 年度总体目标, then
  年度绩效指标; left block-label cells merged down each part; each form runs over two pages;
* ``split-columns.pdf`` — two project forms from python-docx exported by Writer whose target is
  split into 指标性质 | 指标值 | 度量单位 beside 权重 / 分值 / 指标方向 / 备注 columns; the first
  with a two-line header (年度指标值 spanning the three), the second with a one-line header;
* ``header-variants.pdf`` — two project forms printed by headless Chromium: 主管部门及代码 with a
  bracketed code, 项目来源, 项目期 / 项目起止时间, 项目负责人 + 联系电话 + 填报日期, 项目属性 as tick
  boxes, funds split into 资金总额 / 财政拨款 / 自有资金 / 事业收入 / 上年结转 (/ 其他), 中期目标 and
  年度目标 side by side (labels in a row, texts below), and the indicator column header as a
  repeating ``<thead>``: the whole table's (so it also stands above 项目名称 on page 1) in the
  first form, the indicator table's in the second;
* ``two-grids.pdf`` — two 项目支出绩效目标申报表 from Writer with 长期目标 beside 年度目标 and two
  stacked indicator grids, 长期绩效指标 and 年度绩效指标, each with its own header row and a
  merged block label on the left;
* ``budget-report.pdf`` — a whole 部门预算 document from Writer: cover, 目录 with dot leaders and
  page numbers (a second render fills in the real ones), prose, a 收支总表, a 项目支出表 whose
  项目名称 column lists the forms' projects, the two forms (the first across a page break), a
  政府采购预算表 and closing prose;
* ``landscape-longgoal.pdf`` — reportlab drawings with an embedded TTF: landscape pages, every
  second one drawn on a portrait page and turned with ``/Rotate 90`` (pypdfium2), tables with
  inner rules only, and a 年度目标 so long that it continues at the top of the next page.

The truth (``<name>.truth.jsonl``: output.md records without the indicators' ``value``) is
written from ``forms.json``; only page numbers come from the PDF, found by walking its table rows
with pdfplumber. That walk also checks every truth text against the printed cells (wrapped lines
joined as output.md says), so a truth never describes a PDF it does not match.

Usage::

    python make_layouts.py                       # render all six PDFs, then write the truths
    python make_layouts.py department two-grids  # only these layouts
    python make_layouts.py --truth-only          # rewrite truths for the PDFs on disk
    python make_layouts.py --work DIR            # keep the .docx/.html/.xlsx sources in DIR

Shared rendering and checking helpers come from ``../producers/make_producers.py``; the truth
records, their files and the command line from ``../truths.py``.
"""

from __future__ import annotations

import functools
import html
import json
import logging
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, ClassVar, Optional, Union

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE.parent / "producers"), str(HERE.parent)]
import make_producers as producers  # noqa: E402  (a sibling script, not a package)
import truths  # noqa: E402  (tests/data/truths.py: truth records, files and this command line)
from make_producers import PdfCell, cell_text, fold  # noqa: E402
from truths import amount  # noqa: E402

FORMS_JSON = HERE / "forms.json"
LO_PROFILE = "file:///tmp/lo_profile_layouts"
MAX_PDF_BYTES = 300_000
soffice_to_pdf = functools.partial(producers.soffice_to_pdf, profile=LO_PROFILE)

LEVEL_LABELS = ("一级指标", "二级指标", "三级指标")
SPLIT_LABELS = ("指标性质", "指标值", "度量单位")
TASK_AMOUNTS = ("总额", "财政拨款", "其他资金")
GRID_LABELS = {"long-term": "长期绩效指标", "annual": "年度绩效指标"}
GOAL_BESIDE = {"header-variants": "中期目标", "two-grids": "长期目标"}  # printed beside 年度目标
COMPARATORS_LEFT_OUT = ("=", "定性")


# --------------------------------------------------------------------------- data


@dataclass(frozen=True)
class Indicator:
    """One indicator row as printed: split target parts are ``(指标性质, 指标值, 度量单位)``."""

    level1: str
    level2: str
    name: str
    parts: tuple[str, ...]
    extra: dict[str, str]
    grid: Optional[str] = None

    @property
    def target(self) -> str:
        """The target as output.md reads it; split parts joined, ``=`` and ``定性`` left out."""
        if len(self.parts) == 1:
            return self.parts[0]
        op, value, unit = self.parts
        return ("" if op in COMPARATORS_LEFT_OUT else op) + value + unit

    @property
    def truth_extra(self) -> dict[str, str]:
        """The extra columns that carry text (blank cells have nothing to report)."""
        return {label: text for label, text in self.extra.items() if text}


@dataclass(frozen=True)
class Task:
    """A 年度主要任务 row: name, content and its amounts under 总额 / 财政拨款 / 其他资金."""

    name: str
    content: str
    amounts: tuple[str, str, str]


@dataclass(frozen=True)
class Form:
    """One hand-authored form of forms.json; texts are the values the truth holds."""

    title: str
    year_line: Optional[str]
    year: Optional[int]
    kind: str
    department_label: str
    department: str
    department_code: Optional[str]
    project_name: Optional[str]
    implementing_unit: Optional[str]
    project_attribute: Optional[str]
    attribute_printed: Optional[str]
    fields: dict[str, str]
    funds: list[tuple[str, str]]
    funds_keys: dict[str, str]
    goal_label: str
    goal: str
    target_label: str
    indicators: list[Indicator]
    tasks: list[Task] = field(default_factory=list)
    options: dict = field(default_factory=dict)

    @property
    def printed_department(self) -> str:
        """The department cell as printed: ``[code]name`` when a code is given."""
        return f"[{self.department_code}]{self.department}" if self.department_code else self.department

    @property
    def printed_attribute(self) -> Optional[str]:
        """The 项目属性 cell as printed (tick boxes, or the plain value)."""
        return self.attribute_printed or self.project_attribute

    @property
    def anchor(self) -> tuple[str, str]:
        """The label/value pair that opens the form's header: 项目名称, or the department row."""
        if self.project_name:
            return ("项目名称", self.project_name)
        return (self.department_label, self.printed_department)

    @property
    def split(self) -> bool:
        """Whether the target is printed in 指标性质 / 指标值 / 度量单位 columns."""
        return bool(self.indicators) and len(self.indicators[0].parts) == 3

    @property
    def extra_labels(self) -> list[str]:
        """The extra columns of the indicator table, in order."""
        return list(self.indicators[0].extra) if self.indicators else []

    @property
    def columns(self) -> list[str]:
        """The indicator table's column labels, left to right (the block-label column aside)."""
        target = list(SPLIT_LABELS) if self.split else [self.target_label]
        return [*LEVEL_LABELS, *target, *self.extra_labels]

    def header_fields(self, beside: Optional[str] = None) -> list[tuple[str, str]]:
        """``fields`` as label/value pairs, without the one printed beside the goal."""
        return [(k, v) for k, v in self.fields.items() if k != beside]

    def grid_rows(self, grid: Optional[str]) -> list[Indicator]:
        """The indicator rows of one grid (all rows for ``None``)."""
        return [row for row in self.indicators if grid is None or row.grid == grid]

    def groups(self, rows: list[Indicator], level: int) -> list[tuple[int, int]]:
        """Runs ``(first, last)`` of ``rows`` sharing level1 (level=1) or level1+level2."""
        key = (lambda r: (r.level1,)) if level == 1 else (lambda r: (r.level1, r.level2))
        return producers.runs_of(rows, key)


@dataclass(frozen=True)
class PdfSpec(truths.CorpusPdf):
    """One PDF of the corpus: file name, layout, forms, and other content (the report's)."""

    directory: ClassVar[Path] = HERE
    file: str
    layout: str
    forms: list[Form]
    report: dict = field(default_factory=dict)


RowSpec = list[Union[str, list, dict]]


def indicator(row: RowSpec, grid: Optional[str]) -> Indicator:
    """A forms.json indicator row → :class:`Indicator`."""
    level1, level2, name, target, *rest = row
    parts = tuple(target) if isinstance(target, list) else (target,)
    extra = dict(rest[0]) if rest else {}
    return Indicator(str(level1), str(level2), str(name), parts, extra, grid)  # type: ignore[arg-type]


def load_form(f: dict) -> Form:
    """One forms.json form → :class:`Form` (long-term rows first, as the form prints them)."""
    long_term = f.get("long_term_indicators")
    rows = [indicator(r, "long-term") for r in long_term or []]
    rows += [indicator(r, "annual" if long_term else None) for r in f["indicators"]]
    return Form(
        title=f["title"], year_line=f.get("year_line"), year=f.get("year"), kind=f["kind"],
        department_label=f["department_label"], department=f["department"],
        department_code=f.get("department_code"), project_name=f.get("project_name"),
        implementing_unit=f.get("implementing_unit"), project_attribute=f.get("project_attribute"),
        attribute_printed=f.get("attribute_printed"), fields=dict(f.get("fields", {})),
        funds=[(label, text) for label, text in f["funds"]], funds_keys=dict(f["funds_keys"]),
        goal_label=f["goal_label"], goal=f["goal"], target_label=f["target_label"], indicators=rows,
        tasks=[Task(name, content, (a, b, c)) for name, content, a, b, c in f.get("tasks", [])],
        options=dict(f.get("options", {})),
    )


def load_specs(path: Path = FORMS_JSON) -> list[PdfSpec]:
    """Read forms.json into :class:`PdfSpec` objects."""
    data = json.loads(path.read_text(encoding="utf-8"))
    return [PdfSpec(p["file"], p["layout"], [load_form(f) for f in p["forms"]], p.get("report", {}))
            for p in data["pdfs"]]


# --------------------------------------------------------------------------- department (Calc)

DEPT_WIDTHS = {"A": 6.0, "B": 9.0, "C": 10.5, "D": 22.0, "E": 8.5, "F": 8.5, "G": 8.5}
AMOUNT_FORMAT = "0.00"


def department_sheet(ws, form: Form) -> None:
    """Write one 部门整体支出 form on its own sheet.

    Column A holds the block labels (年度主要任务, 年度总体目标, 年度绩效指标) merged down their
    part; tasks use B:C | D | E F G, indicators B | C | D:E | F:G.
    """
    from openpyxl.styles import Alignment, Font

    put = functools.partial(producers.calc_put, ws)
    w = DEPT_WIDTHS
    height = producers.calc_height
    for col, width in w.items():
        ws.column_dimensions[col].width = width
    for r, (text, size) in enumerate(((form.title, 16), (form.year_line or "", 11)), start=1):
        ws[f"A{r}"] = text
        ws[f"A{r}"].font = Font(name=producers.CALC_FONT, size=size, bold=r == 1)
        ws[f"A{r}"].alignment = Alignment(horizontal="center", vertical="center")
        ws.merge_cells(f"A{r}:G{r}")
        ws.row_dimensions[r].height = 34 if r == 1 else 22
    r = 3
    put(f"A{r}", form.department_label, f"B{r}", center=True)
    put(f"C{r}", form.printed_department, f"G{r}")
    ws.row_dimensions[r].height = height((form.department_label, w["A"] + w["B"]))
    r += 1
    pairs = list(form.fields.items())
    for (k1, v1), (k2, v2) in zip(pairs[::2], pairs[1::2]):
        put(f"A{r}", k1, f"B{r}", center=True)
        put(f"C{r}", v1, f"D{r}")
        put(f"E{r}", k2, center=True)
        put(f"F{r}", v2, f"G{r}")
        ws.row_dimensions[r].height = height((k2, w["E"]), (v2, w["F"] + w["G"]), (v1, w["C"] + w["D"]))
        r += 1
    top = r
    put(f"B{r}", "任务名称", f"C{r + 1}", center=True, bold=True)
    put(f"D{r}", "主要内容", f"D{r + 1}", center=True, bold=True)
    put(f"E{r}", "预算金额（万元）", f"G{r}", center=True, bold=True)
    for col, label in zip("EFG", TASK_AMOUNTS):
        put(f"{col}{r + 1}", label, center=True, bold=True)
    ws.row_dimensions[r].height = ws.row_dimensions[r + 1].height = 20
    r += 2
    for task in form.tasks:
        put(f"B{r}", task.name, f"C{r}")
        put(f"D{r}", task.content)
        for col, text in zip("EFG", task.amounts):
            put(f"{col}{r}", amount(text), fmt=AMOUNT_FORMAT)
        ws.row_dimensions[r].height = height((task.name, w["B"] + w["C"]), (task.content, w["D"]))
        r += 1
    funds = dict(form.funds)
    put(f"B{r}", "金额合计", f"D{r}", center=True)
    for col, label in zip("EFG", TASK_AMOUNTS):
        put(f"{col}{r}", amount(funds[label]), fmt=AMOUNT_FORMAT)
    ws.row_dimensions[r].height = 20
    put(f"A{top}", "年度主要任务", f"A{r}", center=True)
    r += 1
    put(f"A{r}", form.goal_label, center=True)
    put(f"B{r}", form.goal, f"G{r}")
    ws.row_dimensions[r].height = max(height((form.goal, sum(w.values()) - w["A"])), 60)
    r += 1
    top = r
    for col, text, to in (("B", LEVEL_LABELS[0], None), ("C", LEVEL_LABELS[1], None), ("D", LEVEL_LABELS[2], "E"),
                          ("F", form.target_label, "G")):
        put(f"{col}{r}", text, f"{to}{r}" if to else None, center=True, bold=True)
    ws.row_dimensions[r].height = 20
    r += 1
    first = r
    alone = {a for level in (1, 2) for a, b in form.groups(form.indicators, level) if a == b}
    for n, row in enumerate(form.indicators):
        put(f"D{r}", row.name, f"E{r}")
        put(f"F{r}", row.target, f"G{r}", center=True)
        cells = [(row.name, w["D"] + w["E"]), (row.target, w["F"] + w["G"])]
        if n in alone:
            cells += [(row.level1, w["B"]), (row.level2, w["C"])]
        ws.row_dimensions[r].height = height(*cells)
        r += 1
    for level, col in ((1, "B"), (2, "C")):
        for a, b in form.groups(form.indicators, level):
            text = form.indicators[a].level1 if level == 1 else form.indicators[a].level2
            put(f"{col}{first + a}", text, f"{col}{first + b}" if b > a else None, center=True)
    put(f"A{top}", "年度绩效指标", f"A{r - 1}", center=True)


def render_department(spec: PdfSpec, work: Path) -> Path:
    """One sheet per form (so each starts a page), A4 portrait, exported by Calc."""
    from openpyxl import Workbook
    from openpyxl.worksheet.properties import PageSetupProperties

    wb = Workbook()
    for number, form in enumerate(spec.forms, start=1):
        ws = wb.active if number == 1 else wb.create_sheet()
        ws.title = f"整体支出{number}"
        ws.page_setup.paperSize = ws.PAPERSIZE_A4
        ws.page_setup.orientation = "portrait"
        ws.page_margins.left = ws.page_margins.right = 0.5
        ws.page_margins.top = ws.page_margins.bottom = 0.75
        ws.print_options.horizontalCentered = True
        ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=False)
        department_sheet(ws, form)
    xlsx = work / (Path(spec.file).stem + ".xlsx")
    wb.save(xlsx)
    return soffice_to_pdf(xlsx, work)


# --------------------------------------------------------------------------- Word (Writer)

WORD_HEADER_WIDTHS = [2.9, 5.6, 2.9, 5.6]


def word_title(doc, form: Form, page_break: bool) -> None:
    """The form's title and year line, centred."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    title = doc.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.paragraph_format.page_break_before = page_break
    run = title.add_run(form.title)
    run.bold, run.font.size = True, Pt(16)
    year = doc.add_paragraph(form.year_line or "")
    year.alignment = WD_ALIGN_PARAGRAPH.CENTER
    year.paragraph_format.space_after = Pt(6)


def word_gap(doc) -> None:
    """A hairline paragraph between two tables (Writer would join adjacent tables)."""
    from docx.shared import Pt

    gap = doc.add_paragraph()
    gap.paragraph_format.line_spacing = Pt(2)
    gap.add_run(" ").font.size = Pt(1)


def word_header(doc, form: Form, beside: Optional[str] = None) -> None:
    """The header table: 项目名称, label/value pairs two a row, the funds block, the goal.

    With ``beside``, that field's label stands beside 年度目标 in one row and both texts below.
    """
    put = producers.word_put
    pairs = [(form.department_label, form.printed_department), ("实施单位", form.implementing_unit or ""),
             ("项目属性", form.printed_attribute or ""), *form.header_fields(beside)]
    pair_rows = (len(pairs) + 1) // 2
    goal_rows = 2 if beside else 1
    table = doc.add_table(rows=1 + pair_rows + len(form.funds) + goal_rows, cols=4)
    table.style = "Table Grid"
    producers.word_widths(table, WORD_HEADER_WIDTHS)
    producers.word_min_height(table, 0.8)
    c = table.cell
    put(c(0, 0), "项目名称", center=True)
    put(c(0, 1).merge(c(0, 3)), form.project_name or "")
    r = 1
    for k in range(0, len(pairs), 2):
        (label, value), rest = pairs[k], pairs[k + 1: k + 2]
        put(c(r, 0), label, center=True)
        if rest:
            put(c(r, 1), value)
            put(c(r, 2), rest[0][0], center=True)
            put(c(r, 3), rest[0][1])
        else:
            put(c(r, 1).merge(c(r, 3)), value)
        r += 1
    put(c(r, 0).merge(c(r + len(form.funds) - 1, 0)), "项目资金（万元）", center=True)
    for label, text in form.funds:
        put(c(r, 1), label, center=True)
        put(c(r, 2).merge(c(r, 3)), text, center=True)
        r += 1
    if beside:
        put(c(r, 0).merge(c(r, 1)), beside, center=True)
        put(c(r, 2).merge(c(r, 3)), form.goal_label, center=True)
        put(c(r + 1, 0).merge(c(r + 1, 1)), form.fields[beside])
        put(c(r + 1, 2).merge(c(r + 1, 3)), form.goal)
    else:
        put(c(r, 0), form.goal_label, center=True)
        put(c(r, 1).merge(c(r, 3)), form.goal)


def word_indicator_table(doc, form: Form, widths: list[float], two_line: bool = False,
                         block_labels: bool = False, repeat_header: bool = True, keep_rows: bool = False) -> None:
    """The indicator table: a header (one or two lines), rows with merged 一级/二级 cells.

    With ``block_labels`` each grid (长期 / 年度) gets its own header row and a merged label
    cell in an extra left column; with ``two_line`` the target label spans 指标性质 / 指标值 /
    度量单位 printed on a second header line. ``repeat_header`` marks the header rows so Writer
    repeats them on every page; ``keep_rows`` forbids a page break inside a row (``w:cantSplit``).
    """
    from docx.oxml import OxmlElement

    put = producers.word_put
    cols = form.columns
    offset = 1 if block_labels else 0
    grids = [g for g in ("long-term", "annual") if form.grid_rows(g)] if block_labels else [None]
    head = 2 if two_line else 1
    table = doc.add_table(rows=sum(head + len(form.grid_rows(g)) for g in grids), cols=offset + len(cols))
    table.style = "Table Grid"
    producers.word_widths(table, widths)
    producers.word_min_height(table, 0.75)
    if keep_rows:
        for row in table.rows:
            row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
    c = table.cell
    r = 0
    for grid in grids:
        top = r
        for k, label in enumerate(cols, start=offset):
            if two_line and label in SPLIT_LABELS:
                put(c(r + 1, k), label, bold=True, center=True)
            elif two_line:
                put(c(r, k).merge(c(r + 1, k)), label, bold=True, center=True)
            else:
                put(c(r, k), label, bold=True, center=True)
        if two_line:
            first = offset + cols.index(SPLIT_LABELS[0])
            put(c(r, first).merge(c(r, first + 2)), form.target_label, bold=True, center=True)
        if repeat_header:
            for h in range(r, r + head):
                table.rows[h]._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))
        r += head
        rows = form.grid_rows(grid)
        for i, row in enumerate(rows):
            put(c(r + i, offset + 2), row.name)
            for k, text in enumerate([*row.parts, *row.extra.values()], start=offset + 3):
                put(c(r + i, k), text, center=True)
        for level in (1, 2):
            for a, b in form.groups(rows, level):
                cell = c(r + a, offset + level - 1)
                if b > a:
                    cell = cell.merge(c(r + b, offset + level - 1))
                put(cell, rows[a].level1 if level == 1 else rows[a].level2, center=True)
        r += len(rows)
        if grid is not None:
            put(c(top, 0).merge(c(r - 1, 0)), GRID_LABELS[grid], center=True)


SPLIT_WIDTHS = {"一级指标": 1.5, "二级指标": 1.8, "三级指标": 4.0, "指标性质": 1.3, "指标值": 1.6, "度量单位": 1.4}
TABLE_CM = 17.0


def split_widths(form: Form) -> list[float]:
    """Column widths (cm) of a split-target table: 备注 takes 45 % of what the fixed columns
    leave, the other extra columns (权重, 分值, 指标方向) share the rest."""
    rest = TABLE_CM - sum(SPLIT_WIDTHS.values())
    note = 0.45 * rest if "备注" in form.extra_labels else 0.0
    share = (rest - note) / len([label for label in form.extra_labels if label != "备注"])
    return [SPLIT_WIDTHS.get(label) or (note if label == "备注" else share) for label in form.columns]


def render_split(spec: PdfSpec, work: Path) -> Path:
    """Split-target forms: 10 pt Writer tables, each form starting a page."""
    doc = producers.word_document(size_pt=10)
    for index, form in enumerate(spec.forms):
        word_title(doc, form, page_break=index > 0)
        word_header(doc, form)
        word_gap(doc)
        word_indicator_table(doc, form, split_widths(form), two_line=bool(form.options.get("two_line_header")))
    return save_docx(doc, spec, work)


def render_two_grids(spec: PdfSpec, work: Path) -> Path:
    """Forms with 长期目标 beside 年度目标 and stacked 长期 / 年度 indicator grids."""
    doc = producers.word_document(size_pt=10)
    for index, form in enumerate(spec.forms):
        word_title(doc, form, page_break=index > 0)
        word_header(doc, form, beside=GOAL_BESIDE["two-grids"])
        word_gap(doc)
        word_indicator_table(doc, form, [2.0, 2.2, 2.8, 6.6, 3.4], block_labels=True, repeat_header=False)
    return save_docx(doc, spec, work)


def save_docx(doc, spec: PdfSpec, work: Path) -> Path:
    """Save the document beside the work files and export it with Writer."""
    path = work / (Path(spec.file).stem + ".docx")
    doc.save(path)
    return soffice_to_pdf(path, work)


# --------------------------------------------------------------------------- header variants (Chromium)

HV_UNITS = 14  # the table grid: every cell spans whole units
HV_CSS = """
@page { size: A4; margin: 15mm 14mm 15mm 14mm; }
body { font-family: "WenQuanYi Zen Hei"; font-size: 11pt; margin: 0; }
.form + .form { break-before: page; }
h1 { font-size: 16pt; text-align: center; margin: 0 0 1mm 0; }
.year { text-align: center; margin: 0 0 3mm 0; }
table { border-collapse: collapse; width: 100%; table-layout: fixed; }
td, th { border: 1px solid #000; padding: 8px 5px; vertical-align: middle; line-height: 1.6; }
th { font-weight: bold; background: #f2f2f2; }
td.l { text-align: center; }
td.c { text-align: center; }
table.ind { margin-top: -1px; }
thead { display: table-header-group; }
"""


def hv_cell(text: str, span: int, cls: str = "", rowspan: int = 1, tag: str = "td") -> str:
    """One HTML cell spanning ``span`` grid units."""
    attrs = f' colspan="{span}"' + (f' rowspan="{rowspan}"' if rowspan > 1 else "") + (f' class="{cls}"' if cls else "")
    return f"<{tag}{attrs}>{html.escape(text)}</{tag}>"


def hv_column_header(form: Form) -> str:
    """The indicator column header row (一级指标 … 年度指标值)."""
    labels = [*LEVEL_LABELS, form.target_label]
    return "<tr>" + "".join(hv_cell(t, s, tag="th") for t, s in zip(labels, (2, 3, 6, 3))) + "</tr>"


def hv_header_rows(form: Form) -> list[str]:
    """项目名称, four rows of label/value pairs, the funds block and the two goals."""
    beside = GOAL_BESIDE["header-variants"]
    fields = form.header_fields(beside)
    pairs = [(form.department_label, form.printed_department), ("实施单位", form.implementing_unit or ""),
             fields[0], ("项目属性", form.printed_attribute or ""), *fields[1:]]
    rows = ["<tr>" + hv_cell("项目名称", 3, "l") + hv_cell(form.project_name or "", 11) + "</tr>"]
    for (k1, v1), (k2, v2) in zip(pairs[::2], pairs[1::2]):
        rows.append("<tr>" + hv_cell(k1, 3, "l") + hv_cell(v1, 4) + hv_cell(k2, 3, "l") + hv_cell(v2, 4) + "</tr>")
    funds = form.funds + [("", "")] * (6 - len(form.funds))
    rows.append("<tr>" + hv_cell("项目资金（万元）", 2, "l", rowspan=2)
                + "".join(hv_cell(label, 2, "c") for label, _ in funds) + "</tr>")
    rows.append("<tr>" + "".join(hv_cell(text, 2, "c") for _, text in funds) + "</tr>")
    rows.append("<tr>" + hv_cell("绩效目标", 2, "l", rowspan=2) + hv_cell(beside, 6, "c")
                + hv_cell(form.goal_label, 6, "c") + "</tr>")
    rows.append("<tr>" + hv_cell(form.fields[beside], 6) + hv_cell(form.goal, 6) + "</tr>")
    return rows


def hv_indicator_rows(form: Form) -> list[str]:
    """The indicator rows with 一级/二级 rowspans."""
    starts = [dict(form.groups(form.indicators, level)) for level in (1, 2)]
    rows = []
    for i, row in enumerate(form.indicators):
        cells = ""
        if i in starts[0]:
            cells += hv_cell(row.level1, 2, "c", rowspan=starts[0][i] - i + 1)
        if i in starts[1]:
            cells += hv_cell(row.level2, 3, "c", rowspan=starts[1][i] - i + 1)
        rows.append("<tr>" + cells + hv_cell(row.name, 6) + hv_cell(row.target, 3, "c") + "</tr>")
    return rows


def header_variants_html(spec: PdfSpec) -> str:
    """The page: per form, a title and one or two tables whose ``<thead>`` repeats the column header.

    ``options.column_header``: ``whole-table`` puts it in the thead of the one table (so page 1
    shows it above 项目名称); ``indicator-table`` in the thead of a second table after the goal.
    """
    cols = "<colgroup>" + f'<col style="width:{100 / HV_UNITS:.4f}%">' * HV_UNITS + "</colgroup>"
    parts = [f'<!DOCTYPE html><html><head><meta charset="utf-8"><style>{HV_CSS}</style></head><body>']
    for form in spec.forms:
        parts.append(f'<div class="form"><h1>{html.escape(form.title)}</h1>'
                     f'<div class="year">{html.escape(form.year_line or "")}</div>')
        head = "<thead>" + hv_column_header(form) + "</thead>"
        header, rows = "\n".join(hv_header_rows(form)), "\n".join(hv_indicator_rows(form))
        if form.options.get("column_header") == "whole-table":
            parts.append(f"<table>{cols}{head}<tbody>{header}\n{rows}</tbody></table>")
        else:
            parts.append(f"<table>{cols}<tbody>{header}</tbody></table>"
                         f'<table class="ind">{cols}{head}<tbody>{rows}</tbody></table>')
        parts.append("</div>")
    parts.append("</body></html>")
    return "\n".join(parts)


def render_header_variants(spec: PdfSpec, work: Path) -> Path:
    """Print the HTML with headless Chromium."""
    page = work / (Path(spec.file).stem + ".html")
    page.write_text(header_variants_html(spec), encoding="utf-8")
    return producers.chromium_to_pdf(page, work / (Path(spec.file).stem + ".pdf"))


# --------------------------------------------------------------------------- budget report (Writer)


def report_document(spec: PdfSpec, toc_pages: dict[str, int]):
    """The whole 部门预算 document; ``toc_pages`` gives the 目录's page number of each heading."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK, WD_TAB_ALIGNMENT, WD_TAB_LEADER
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Cm, Pt

    doc = producers.word_document(size_pt=10.5)
    section = doc.sections[0]
    section.different_first_page_header_footer = True
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    footer.add_run("— ")
    page_field = OxmlElement("w:fldSimple")
    page_field.set(qn("w:instr"), "PAGE")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    page_field.append(run)
    footer._p.append(page_field)
    footer.add_run(" —")

    def paragraph(text: str = "", size: float = 10.5, bold: bool = False, center: bool = False,
                  before: float = 0, after: float = 4, indent: bool = False, page_break: bool = False):
        para = doc.add_paragraph()
        if text:
            run = para.add_run(text)
            run.bold, run.font.size = bold, Pt(size)
        fmt = para.paragraph_format
        fmt.space_before, fmt.space_after, fmt.line_spacing = Pt(before), Pt(after), 1.3
        fmt.page_break_before = page_break
        if indent:
            fmt.first_line_indent = Pt(2 * size)
        if center:
            para.alignment = WD_ALIGN_PARAGRAPH.CENTER
        return para

    cover = spec.report["cover"]
    paragraph(before=150)
    paragraph(cover[0], size=26, bold=True, center=True, after=18)
    paragraph(cover[1], size=26, bold=True, center=True, after=220)
    for line in cover[2:]:
        paragraph(line, size=14, center=True, after=8)
    form_index = 0
    for block in spec.report["blocks"]:
        if "toc" in block and isinstance(block["toc"], str):
            paragraph(block["toc"], size=18, bold=True, center=True, after=16, page_break=True)
            for entry in spec.report["blocks"]:
                title = entry.get("heading") or entry.get("subheading")
                if title and entry.get("toc") is True:
                    para = paragraph(after=6)
                    para.paragraph_format.tab_stops.add_tab_stop(Cm(17.0), WD_TAB_ALIGNMENT.RIGHT, WD_TAB_LEADER.DOTS)
                    if entry.get("subheading"):
                        para.paragraph_format.left_indent = Cm(0.9)
                    para.add_run(f"{title}\t{toc_pages.get(title, 0)}").font.size = Pt(12 if entry.get("heading") else 11)
            doc.paragraphs[-1].add_run().add_break(WD_BREAK.PAGE)
        elif "heading" in block:
            paragraph(block["heading"], size=15, bold=True, center=True, before=4, after=10,
                      page_break=bool(block.get("page_break")))
        elif "subheading" in block:
            paragraph(block["subheading"], size=12, bold=True, before=6, after=4)
        elif "para" in block:
            paragraph(block["para"], indent=True)
        elif "table" in block:
            paragraph(block["caption"], size=12, bold=True, center=True, before=6, after=2)
            unit = paragraph(block["unit"], size=9, after=2)
            unit.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            rows = block["table"]
            table = doc.add_table(rows=len(rows), cols=len(rows[0]))
            table.style = "Table Grid"
            producers.word_widths(table, block["widths"])
            producers.word_min_height(table, 0.7)
            for r, row in enumerate(rows):
                for k, text in enumerate(row):
                    numeric = bool(re.fullmatch(r"[\d.,]+", text))
                    producers.word_put(table.cell(r, k), text, bold=r == 0, center=r == 0 or numeric)
            paragraph(after=2)
        elif block.get("forms"):
            for form in spec.forms:
                word_title(doc, form, page_break=form_index > 0)
                word_header(doc, form)
                word_gap(doc)
                word_indicator_table(doc, form, [2.4, 3.0, 8.0, 3.6], keep_rows=True)
                form_index += 1
    return doc


def toc_entries(spec: PdfSpec) -> list[str]:
    """The headings the 目录 lists, in order."""
    return [b.get("heading") or b.get("subheading") for b in spec.report["blocks"]
            if b.get("toc") is True]


def heading_pages(spec: PdfSpec, pdf_path: Path) -> dict[str, int]:
    """The page each 目录 heading is printed on (pages after the 目录 itself)."""
    import pdfplumber

    with pdfplumber.open(pdf_path) as pdf:
        texts = [(p.page_number, p.extract_text() or "") for p in pdf.pages]
    toc_page = next(n for n, t in texts if re.sub(r"\s+", "", t).startswith(spec.report["blocks"][0]["toc"]))
    found = {}
    for title in toc_entries(spec):
        key = re.sub(r"\s+", "", title)
        found[title] = next(n for n, t in texts
                            if n > toc_page and any(re.sub(r"\s+", "", line) == key for line in t.splitlines()))
    return found


def render_report(spec: PdfSpec, work: Path) -> Path:
    """Render twice: the second time with the 目录's page numbers read from the first."""
    pdf = save_docx(report_document(spec, {}), spec, work)
    pages = heading_pages(spec, pdf)
    pdf = save_docx(report_document(spec, pages), spec, work)
    if heading_pages(spec, pdf) != pages:
        raise RuntimeError("the 目录's page numbers moved the headings; render again")
    return pdf


# --------------------------------------------------------------------------- landscape (reportlab)
# The drawn producer's geometry and cell drawing are reused: the same four columns, wrapped text,
# inner rules only. New here: more header rows, a goal row that a page break splits, and every
# second page drawn on a portrait page that /Rotate 90 turns back to landscape.

Cell, DrawnRow, PlacedRow = producers.DrawnCell, producers.DrawnRow, producers.PlacedRow
MIN_GOAL_LINES = 3  # a goal fragment shorter than this moves to the next page whole


def landscape_rows(form: Form, index: int) -> list[DrawnRow]:
    """The table rows of one form: header pairs, funds, the goal, the indicator header and rows."""
    rows = [DrawnRow([Cell(0, 1, "项目名称", True), Cell(1, 3, form.project_name or "")], index, "header")]
    for label, value in ((form.department_label, form.printed_department),
                         ("实施单位", form.implementing_unit or ""), ("项目属性", form.printed_attribute or ""),
                         *form.header_fields()):
        rows.append(DrawnRow([Cell(0, 1, label, True), Cell(1, 3, value)], index, "header"))
    for n, (label, text) in enumerate(form.funds):
        cells = [Cell(1, 1, label, True), Cell(2, 2, text, True)]
        if n == 0:
            cells.insert(0, Cell(0, 1, "项目资金（万元）", True))
        rows.append(DrawnRow(cells, index, "funds", keep_with_next=len(form.funds) - 1 - n))
    rows.append(DrawnRow([Cell(0, 1, form.goal_label, True), Cell(1, 3, form.goal)], index, "goal"))
    rows.append(DrawnRow([Cell(c, 1, t, True) for c, t in enumerate((*LEVEL_LABELS, form.target_label))],
                         index, "indicator-header", keep_with_next=1))
    for row in form.indicators:
        rows.append(DrawnRow([Cell(2, 1, row.name), Cell(3, 1, row.target, True)], index, "indicator"))
    return rows


def goal_fragments(row: DrawnRow, room: float) -> tuple[Optional[DrawnRow], DrawnRow]:
    """Cut a goal row: the lines that fit in ``room`` points, and the rest (label left empty).

    The cut falls between two wrapped lines, so the two texts joined give the goal again.
    Returns ``(None, row)`` when fewer than :data:`MIN_GOAL_LINES` lines fit.
    """
    label, text = row.cells
    lines = producers.wrap(text.text, producers.span_width(text) - 2 * producers.DRAWN_PAD)
    fit = int((room - 2 * producers.DRAWN_PAD - 2) // producers.DRAWN_LEADING)
    if fit < MIN_GOAL_LINES:
        return None, row
    head = DrawnRow([label, Cell(1, 3, "".join(lines[:fit]))], row.form, "goal")
    rest = DrawnRow([Cell(0, 1, "", True), Cell(1, 3, "".join(lines[fit:]))], row.form, "goal")
    return head, rest


def landscape_layout(spec: PdfSpec) -> list[PlacedRow]:
    """Place every row of every form; each form starts a page; only the goal row may split.

    Pure and deterministic, so ``--truth-only`` can rebuild the table outlines the PDF was drawn
    with (no outer border is drawn, and pdfplumber needs one to cut cells for the check).
    """
    producers.register_wqy()
    limit = producers.LANDSCAPE[1] - producers.DRAWN_BOTTOM
    placed: list[PlacedRow] = []
    page = 0
    for index, form in enumerate(spec.forms):
        page += 1
        y = producers.DRAWN_TOP + 58  # title and year line
        rows = landscape_rows(form, index)
        n_header = len(rows) - len(form.indicators)
        for i, row in enumerate(rows):
            need = sum(producers.row_height(r) for r in rows[i: i + 1 + row.keep_with_next])
            while row.kind == "goal" and y + need > limit:
                head, row = goal_fragments(row, limit - y)
                if head is not None:
                    placed.append(PlacedRow(head, page, y, y + producers.row_height(head)))
                page, y = page + 1, producers.DRAWN_TOP
                need = producers.row_height(row)
            if y + need > limit:
                page, y = page + 1, producers.DRAWN_TOP
            h = producers.row_height(row)
            placed.append(PlacedRow(row, page, y, y + h, i - n_header if i >= n_header else None))
            y += h
    return placed


def rotated(page: int) -> bool:
    """Whether a page is drawn portrait and turned by ``/Rotate 90`` (every second page)."""
    return page % 2 == 0


def render_landscape(spec: PdfSpec, work: Path) -> Path:
    """Draw the forms (inner rules only), then mark the portrait-drawn pages ``/Rotate 90``."""
    import pypdfium2
    from reportlab.pdfgen import canvas

    width, height = producers.LANDSCAPE
    drawn = work / ("drawn-" + spec.file)
    canv = canvas.Canvas(str(drawn), pagesize=producers.LANDSCAPE, invariant=1)
    canv.setTitle("项目支出绩效目标表")
    placed = landscape_layout(spec)
    col_x, right = producers.col_x, producers.col_x(len(producers.DRAWN_COLS))
    for page in sorted({p.page for p in placed}):
        if rotated(page):
            canv.setPageSize((height, width))
            canv.translate(height, 0)
            canv.rotate(90)
        else:
            canv.setPageSize(producers.LANDSCAPE)
        on_page = [p for p in placed if p.page == page]
        form = spec.forms[on_page[0].row.form]
        if on_page[0].row.kind == "header" and on_page[0].row.cells[0].text == "项目名称":
            canv.setFont(producers.DRAWN_FONT, 17)
            canv.drawCentredString(width / 2, height - producers.DRAWN_TOP - 18, form.title)
            canv.setFont(producers.DRAWN_FONT, 11)
            canv.drawCentredString(width / 2, height - producers.DRAWN_TOP - 40, form.year_line or "")
        canv.setFont(producers.DRAWN_FONT, 9)
        canv.drawCentredString(width / 2, 22, f"第{page}页")
        canv.setLineWidth(0.6)
        for n, p in enumerate(on_page):
            for cell in p.row.cells:
                producers.draw_cell_text(canv, cell, p.top, p.bottom, height)
            bounds = {c.col for c in p.row.cells} | {c.col + c.span for c in p.row.cells}
            if p.row.kind == "indicator":
                bounds |= {1, 2}
            for col in sorted(b for b in bounds if 0 < b < len(producers.DRAWN_COLS)):
                canv.line(col_x(col), height - p.top, col_x(col), height - p.bottom)
            if n == len(on_page) - 1:
                continue  # no outer border: nothing under the page's last row
            nxt, start = on_page[n + 1], producers.DRAWN_LEFT
            if p.row.kind == "funds" and nxt.row.kind == "funds":
                start = col_x(1)
            elif p.indicator is not None and nxt.indicator is not None:
                here, there = form.indicators[p.indicator], form.indicators[nxt.indicator]
                same1, same2 = here.level1 == there.level1, (here.level1, here.level2) == (there.level1, there.level2)
                start = col_x(2) if same2 else col_x(1) if same1 else producers.DRAWN_LEFT
            canv.line(start, height - p.bottom, right, height - p.bottom)
        for level in (1, 2):
            for a, b in form.groups(form.indicators, level):
                group = [p for p in on_page if p.indicator is not None and a <= p.indicator <= b]
                if group and group[0].indicator == a:
                    row = form.indicators[a]
                    label = Cell(level - 1, 1, row.level1 if level == 1 else row.level2, True)
                    producers.draw_cell_text(canv, label, group[0].top, group[-1].bottom, height)
        canv.showPage()
    canv.save()
    pdf = work / spec.file
    doc = pypdfium2.PdfDocument(str(drawn))
    try:
        for index in range(len(doc)):
            if rotated(index + 1):
                doc[index].set_rotation(90)
        doc.save(str(pdf))
    finally:
        doc.close()
    return pdf


RENDERERS: dict[str, Callable[[PdfSpec, Path], Path]] = {
    "department": render_department,
    "split-columns": render_split,
    "header-variants": render_header_variants,
    "two-grids": render_two_grids,
    "budget-report": render_report,
    "landscape": render_landscape,
}


# --------------------------------------------------------------------------- finding the forms in the PDF


def table_settings(spec: PdfSpec, page, placed: Optional[list[PlacedRow]]) -> dict:
    """pdfplumber settings for the check: ruling lines, plus the edges a producer leaves out.

    Calc draws no top border over a merged cell's continuation and Chromium no bottom border
    under a cut rowspan, so each page's highest and lowest rules are extended across; the
    landscape drawing has no outline at all, rebuilt from its layout.
    """
    settings: dict = {"vertical_strategy": "lines", "horizontal_strategy": "lines"}
    if spec.layout == "landscape" and placed is not None:
        rows = [p for p in placed if p.page == page.page_number]
        settings["explicit_vertical_lines"] = [producers.DRAWN_LEFT, producers.col_x(len(producers.DRAWN_COLS))]
        settings["explicit_horizontal_lines"] = [rows[0].top, rows[-1].bottom]
    elif page.horizontal_edges:
        tops = [e["top"] for e in page.horizontal_edges]
        settings["explicit_horizontal_lines"] = [min(tops), max(tops)]
    return settings


def has_pair(cells: list[PdfCell], label: str, value: str) -> bool:
    """Whether ``label`` is directly followed by ``value`` in a row's cells."""
    texts = [c.text for c in cells]
    return any(a == label and b == value for a, b in zip(texts, texts[1:]))


def is_column_header(cells: list[PdfCell], form: Form) -> bool:
    """A row of the indicator table's header (either line of a two-line one)."""
    labels = {*form.columns, form.target_label}
    return sum(c.text in labels for c in cells) >= 2


@dataclass
class Located:
    """Where a form was found: its pages, each indicator row's page, rows and goals page-split."""

    pages: list[int]
    row_pages: list[int]
    split_rows: int
    split_goal: bool


def find_value(value: str, cells: list[PdfCell], after: int) -> tuple[Optional[int], bool]:
    """Index of the first cell after ``after`` printing ``value``, or of the first of two cells on
    consecutive pages that print it together (a cell a page break cut); and whether it was cut."""
    for k in range(after + 1, len(cells)):
        if cells[k].text == value:
            return k, False
    texts = [(k, c) for k, c in enumerate(cells) if k > after and c.text]
    for (k, a), (_, b) in zip(texts, texts[1:]):
        if b.page == a.page + 1 and a.text + b.text == value:
            return k, True
    return None, False


def check_header(form: Form, rows: list[list[PdfCell]], where: str) -> bool:
    """Check every header label and value of the form against its header rows.

    Each label must be printed as a cell, and its value as a later cell (or two cells a page
    break cut). Returns whether a value was cut by a page break.
    """
    cells = [c for row in rows for c in row]
    texts = [c.text for c in cells]
    pairs = [(form.department_label, form.printed_department), (form.goal_label, form.goal),
             *form.fields.items()]
    if form.kind == "project":
        pairs += [("项目名称", form.project_name), ("实施单位", form.implementing_unit),
                  ("项目属性", form.printed_attribute)]
    if not form.tasks:
        pairs += form.funds
    cut = False
    for label, value in pairs:
        assert label in texts, f"{where}: label {label!r} not printed"
        k, split = find_value(cell_text(value), cells, texts.index(label))  # as output.md reads a cell
        assert k is not None, f"{where}: {label!r} → {value!r} not printed after its label"
        cut |= split
    if form.tasks:
        check_tasks(form, rows, where)
    return cut


def check_tasks(form: Form, rows: list[list[PdfCell]], where: str) -> None:
    """Each 年度主要任务 row prints name, content and amounts; 金额合计 prints the funds."""
    def after(label: str, n: int) -> list[str]:
        row = next((r for r in rows if any(c.text == label for c in r)), None)
        assert row is not None, f"{where}: task row {label!r} not found"
        texts = [c.text for c in row]
        k = texts.index(label)
        return texts[k + 1: k + 1 + n]

    for task in form.tasks:
        expected = [task.content, *task.amounts]
        got = after(task.name, 4)
        assert got == expected, f"{where}: task {task.name!r} prints {got!r}, expected {expected!r}"
    total = after("金额合计", 3)
    assert total == [text for _, text in form.funds], f"{where}: 金额合计 row prints {total!r}"


def column_ranges(rows: list[list[PdfCell]], form: Form, known: dict[str, tuple[float, float]]
                  ) -> dict[str, tuple[float, float]]:
    """The x-range of each indicator column, from the header rows among ``rows`` (later ones win)."""
    ranges = dict(known)
    for row in rows:
        if is_column_header(row, form):
            ranges.update({c.text: (c.x0, c.x1) for c in row if c.text in form.columns})
    return ranges


def match_rows(form: Form, rows: list[list[PdfCell]], i: int, ranges: dict[str, tuple[float, float]],
               where: str) -> tuple[list[int], int, int]:
    """Match the form's indicator rows from table row ``i`` on, checking every cell.

    Returns the page each row starts on, the table row after the form and how many rows a page
    break split. 一级/二级 labels are carried down merged cells: Writer and Chromium print a
    merged cell's label on its first fragment (an empty cell at the top of the next page
    continues it), Calc where the middle of the range falls — maybe the next page — so an empty
    cell that starts mid-page waits for its label. A change of grid must cross a header row.
    """
    got: list[list] = []
    levels = producers.LevelCarry()
    splits = 0
    grid = form.indicators[0].grid

    def next_data(i: int) -> tuple[int, bool]:
        nonlocal ranges
        crossed = False
        while True:
            assert i < len(rows), f"{where}: ran out of table rows"
            if is_column_header(rows[i], form):
                ranges = column_ranges(rows[i: i + 1], form, ranges)
                crossed = True
            elif not has_pair(rows[i], *form.anchor):  # else a repeated 项目名称 row
                return i, crossed
            i += 1

    def read(i: int) -> dict[int, str]:
        missing = [label for label in form.columns if label not in ranges]
        assert not missing, f"{where}: no header cell for columns {missing}"
        return producers.roles(rows[i], [ranges[label] for label in form.columns])

    for n, expected in enumerate(form.indicators):
        i, crossed = next_data(i)
        if expected.grid != grid:
            assert crossed, f"{where}: grid {expected.grid} starts without a header row"
            levels.new_grid(where)
            grid = expected.grid
        page = rows[i][0].page
        role = read(i)
        if role.get(2, "") != expected.name and role.get(2) and expected.name.startswith(role[2]):
            j, _ = next_data(i + 1)  # a row the page break split: the rest opens the next page
            rest = read(j)
            assert rows[j][0].page == page + 1, f"{where}: split row {expected.name!r} does not continue"
            assert not rest.get(0) and not rest.get(1), f"{where}: split row continuation has level labels"
            role = {**role, **{k: role.get(k, "") + text for k, text in rest.items() if k >= 2}}
            print(f"  split row: {expected.name[:24]}… pages {page}-{page + 1}")
            splits, i = splits + 1, j
        texts = [role.get(k, "") for k in range(len(form.columns))]
        got.append([None, None, *texts[2:], page])
        levels.fill(got, role, page, rows[i][0].page)
        i += 1
    levels.done(where)
    for n, (expected, row) in enumerate(zip(form.indicators, got), start=1):
        want = [expected.level1, expected.level2, expected.name, *expected.parts, *expected.extra.values()]
        assert row[:-1] == want, f"{where}: row {n} expected {want!r}, PDF has {row[:-1]!r} on page {row[-1]}"
    return [row[-1] for row in got], i, splits


def locate(spec: PdfSpec, pdf_path: Path) -> list[Located]:
    """Find every form of ``spec`` in the PDF, in order, checking all its texts (see module doc)."""
    import pdfplumber

    logging.getLogger("pdfminer").setLevel(logging.ERROR)
    placed = landscape_layout(spec) if spec.layout == "landscape" else None
    result = []
    with pdfplumber.open(pdf_path) as pdf:
        rows = producers.table_rows(pdf, lambda page: table_settings(spec, page, placed))
        page_text = {p.page_number: re.sub(r"\s+", "", fold(p.extract_text() or "")) for p in pdf.pages}
    cursor = 0
    for form in spec.forms:
        where = f"{spec.file} / {form.project_name or form.department}"
        start = next((i for i in range(cursor, len(rows)) if has_pair(rows[i], *form.anchor)), None)
        assert start is not None, f"{where}: {form.anchor} not found as a row"
        first_page = rows[start][0].page
        assert form.title in page_text[first_page], f"{where}: title not on page {first_page}"
        if form.year_line:
            assert form.year_line in page_text[first_page], f"{where}: year line not on page {first_page}"
        first_name = form.indicators[0].name
        end = next(i for i in range(start + 1, len(rows))
                   if is_column_header(rows[i], form) or any(c.text == first_name for c in rows[i]))
        split_goal = check_header(form, rows[start:end], where)
        ranges = column_ranges(rows[cursor:end], form, {})
        row_pages, cursor, splits = match_rows(form, rows, end, ranges, where)
        last = max(rows[cursor - 1][0].page, *(c.page for r in rows[start:end] for c in r))  # a split row's end too
        result.append(Located(list(range(first_page, last + 1)), row_pages, splits, split_goal))
    return result


def check_layout(spec: PdfSpec, located: list[Located]) -> None:
    """What each PDF is for, checked on the rendered file (a change of content may undo it)."""
    import pypdfium2

    spans = [len(loc.pages) for loc in located]
    if spec.layout in ("department", "header-variants"):
        assert min(spans) >= 2, f"{spec.file}: every form should run over two pages, spans {spans}"
    if spec.layout == "budget-report":
        assert max(spans) >= 2, f"{spec.file}: no form crosses a page break"
        doc = pypdfium2.PdfDocument(str(spec.path))
        count = len(doc)
        doc.close()
        assert 8 <= count <= 10, f"{spec.file}: {count} pages, the report should have 8–10"
    if spec.layout == "landscape":
        assert any(loc.split_goal for loc in located), f"{spec.file}: no goal crosses a page break"
        doc = pypdfium2.PdfDocument(str(spec.path))
        turns = [doc[k].get_rotation() for k in range(len(doc))]
        boxes = [doc[k].get_mediabox() for k in range(len(doc))]
        doc.close()
        assert 90 in turns and 0 in turns, f"{spec.file}: rotations {turns}"
        drawn_landscape = [x1 - x0 > y1 - y0 for x0, y0, x1, y1 in boxes]
        assert drawn_landscape == [t == 0 for t in turns], f"{spec.file}: media boxes {boxes}, rotations {turns}"


# --------------------------------------------------------------------------- truth


def funds_record(form: Form) -> dict:
    """``funds``: total / fiscal / other from the labels ``funds_keys`` names, raw as printed."""
    raw = {label.rstrip("：:"): text for label, text in form.funds}
    printed = dict(form.funds)
    values = {key: amount(printed[form.funds_keys[key]]) if key in form.funds_keys else None
              for key in ("total", "fiscal", "other")}
    return {**values, "raw": raw}


def indicator_record(row: Indicator, page: int) -> dict:
    """One truth indicator (no ``value``); ``grid`` only on forms with two grids."""
    grid = {} if row.grid is None else {"grid": row.grid}
    return truths.truth_indicator(row.level1, row.level2, row.name, row.target, page, row.truth_extra, **grid)


def truth_records(spec: PdfSpec) -> list[dict]:
    """The truth records of one PDF on disk (pages located and every text checked)."""
    sha = truths.sha256_of(spec.path)
    located = locate(spec, spec.path)
    check_layout(spec, located)
    records = []
    for index, (form, loc) in enumerate(zip(spec.forms, located), start=1):
        tasks = {}
        if form.kind == "department":
            tasks["tasks"] = [{"name": t.name, "content": t.content, "amounts": dict(zip(TASK_AMOUNTS, t.amounts))}
                              for t in form.tasks]
        records.append(truths.truth_record(
            sha, index, path=spec.file, pages=loc.pages, method="text", header=truths.form_header(form),
            funds=funds_record(form),
            indicators=[indicator_record(row, page) for row, page in zip(form.indicators, loc.row_pages)],
            **tasks,
        ))
    return records


def main(argv: Optional[list[str]] = None) -> int:
    """Render the chosen layouts (all by default) and write their truths."""
    return truths.pdf_corpus_main(
        argv, description=__doc__.split("\n\n")[0], noun="layout", renderers=RENDERERS,
        load_specs=load_specs, key=lambda spec: spec.layout, truth_records=truth_records,
        max_bytes=MAX_PDF_BYTES,
    )


if __name__ == "__main__":
    sys.exit(main())
