"""Render the held-out producer corpus (word, browser, calc-variant, drawn-noborder) and its truth.

The corpus checks the layout parser on PDFs made by other common producers than the samples
(issue 2, "Done when"). Content lives in ``forms.json`` (hand-authored); this script renders it:

* ``word.pdf`` — a python-docx document (real Word tables, vertically merged 一级/二级指标 cells,
  the indicator header row marked ``w:tblHeader`` so it repeats, rows allowed to break across
  pages) exported by LibreOffice Writer headless;
* ``browser.pdf`` — HTML tables (rowspan/colspan, ``border-collapse``, a repeating ``<thead>``)
  printed by headless Chromium, with some characters written as Kangxi radicals and one CJK
  compatibility ideograph, as real browser-printed PDFs carry them;
* ``calc-variant.pdf`` — an openpyxl workbook in another template (year inside the title,
  主管部门及代码 with a bracketed code, 年度绩效目标, 年度指标值, amounts with thousands separators,
  print titles, two forms stacked on one page) exported by LibreOffice Calc headless;
* ``drawn-noborder.pdf`` — a reportlab canvas with an embedded TTF, landscape, tables drawn with
  inner rules only, header values spanning three columns, continuation pages without a header.

The truth (``<name>.truth.jsonl``, output.md records without the indicators' ``value``) is
written from ``forms.json``; only the page numbers come from the PDF, found by searching the
rows' texts with pdfplumber. That search also checks every truth text against the printed cells
(wrapped lines joined as output.md says), so a truth never describes a PDF it does not match.

Usage::

    python make_producers.py               # render all four PDFs, then write the truths
    python make_producers.py word browser  # only these producers
    python make_producers.py --truth-only  # rewrite truths for the PDFs on disk
    python make_producers.py --work DIR    # keep the .docx/.html/.xlsx sources in DIR
"""

from __future__ import annotations

import functools
import html
import json
import logging
import math
import re
import shutil
import subprocess
import sys
import tempfile
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, ClassVar, Optional, Sequence, TypeVar

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
import truths  # noqa: E402  (tests/data/truths.py: truth records, files and this command line)
from truths import amount  # noqa: E402

FORMS_JSON = HERE / "forms.json"
LO_PROFILE = "file:///tmp/lo_profile_producers"
WQY_TTC = "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc"
MAX_PDF_BYTES = 300_000

IND_HEADER = ("一级指标", "二级指标", "三级指标", "指标值")
# Funds labels as each template prints them; the truth's raw key drops a trailing colon.
FUNDS_LABELS: dict[str, tuple[str, str, str]] = {
    "word": ("年度资金总额", "财政拨款", "其他资金"),
    "browser": ("年度资金总额", "财政拨款", "其他资金"),
    "calc": ("年度资金总额：", "其中：财政拨款", "其他资金"),
    "drawn": ("年度资金总额", "其中：财政拨款", "其他资金"),
}
GOAL_LABEL = {"word": "年度目标", "browser": "年度目标", "calc": "年度绩效目标", "drawn": "年度绩效目标"}
TARGET_LABEL = {"word": "指标值", "browser": "指标值", "calc": "年度指标值", "drawn": "指标值"}
DEPT_LABEL = {"word": "主管部门", "browser": "主管部门", "calc": "主管部门及代码", "drawn": "主管部门"}

# Browser-printed PDFs often carry Kangxi radicals (and now and then a compatibility ideograph)
# instead of the unified ideographs; the truth keeps the unified ones.
KANGXI = {"目": "\u2f6c", "支": "\u2f40", "人": "\u2f08", "工": "\u2f2f"}
COMPAT_BU = "\uf967"  # CJK COMPATIBILITY IDEOGRAPH-F967, NFKC → 不
T = TypeVar("T")


# --------------------------------------------------------------------------- data


@dataclass(frozen=True)
class Form:
    """One hand-authored form of forms.json; texts are the values the truth holds."""

    title: str
    year_line: Optional[str]
    year: Optional[int]
    kind: str
    department: str
    department_code: Optional[str]
    project_name: str
    implementing_unit: str
    project_attribute: str
    fields: dict[str, str]
    funds: dict[str, str]
    goal: str
    goal_printed: Optional[str]
    indicators: list[tuple[str, str, str, str]]
    short: bool = False  # allowed to end on the page it starts (the calc template's stacked form)

    @property
    def goal_text(self) -> str:
        """The goal cell as printed (some systems print the ``<p>`` tags)."""
        return self.goal_printed or self.goal

    def printed_department(self, producer: str) -> str:
        """The 主管部门 cell as printed: ``[code]name`` in the calc template."""
        if producer == "calc" and self.department_code:
            return f"[{self.department_code}]{self.department}"
        return self.department

    def groups(self, level: int) -> list[tuple[int, int]]:
        """Runs ``(first, last)`` of indicator rows sharing level1 (level=1) or level1+level2."""
        return runs_of(self.indicators, lambda row: row[:level])


def runs_of(items: Sequence[T], key: Callable[[T], object]) -> list[tuple[int, int]]:
    """Runs ``(first, last)`` of consecutive items with equal ``key``: the rows one merged level
    cell spans (make_layouts groups its rows with it too)."""
    runs: list[tuple[int, int]] = []
    for i, item in enumerate(items):
        if runs and key(items[runs[-1][0]]) == key(item):
            runs[-1] = (runs[-1][0], i)
        else:
            runs.append((i, i))
    return runs


@dataclass(frozen=True)
class PdfSpec(truths.CorpusPdf):
    """One PDF of the corpus: its file name, producer and forms."""

    directory: ClassVar[Path] = HERE
    file: str
    producer: str
    forms: list[Form]


def load_specs(path: Path = FORMS_JSON) -> list[PdfSpec]:
    """Read forms.json into :class:`PdfSpec` objects."""
    data = json.loads(path.read_text(encoding="utf-8"))
    specs = []
    for pdf in data["pdfs"]:
        forms = [
            Form(
                title=f["title"],
                year_line=f.get("year_line"),
                year=f.get("year"),
                kind=f["kind"],
                department=f["department"],
                department_code=f.get("department_code"),
                project_name=f["project_name"],
                implementing_unit=f["implementing_unit"],
                project_attribute=f["project_attribute"],
                fields=dict(f.get("fields", {})),
                funds=dict(f["funds"]),
                goal=f["goal"],
                goal_printed=f.get("goal_printed"),
                indicators=[tuple(r) for r in f["indicators"]],  # type: ignore[misc]
                short=bool(f.get("short", False)),
            )
            for f in pdf["forms"]
        ]
        specs.append(PdfSpec(file=pdf["file"], producer=pdf["producer"], forms=forms))
    return specs


# --------------------------------------------------------------------------- word


def word_document(font: str = "Noto Serif CJK SC", size_pt: float = 10.5):
    """A python-docx Document: A4 portrait, 2 cm margins, ``font`` for Latin and CJK text."""
    from docx import Document
    from docx.oxml.ns import qn
    from docx.shared import Cm, Pt

    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    section.left_margin = section.right_margin = Cm(2.0)
    section.top_margin = section.bottom_margin = Cm(2.2)
    normal = doc.styles["Normal"]
    normal.font.name = font
    normal.font.size = Pt(size_pt)
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), font)
    normal.paragraph_format.space_after = Pt(0)
    normal.paragraph_format.line_spacing = 1.0
    return doc


def word_put(cell, text: str, bold: bool = False, center: bool = False) -> None:
    """Set a Word table cell to one run of ``text``, vertically centred."""
    from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    cell.text = ""
    para = cell.paragraphs[0]
    run = para.add_run(text)
    run.bold = bold
    if center:
        para.alignment = WD_ALIGN_PARAGRAPH.CENTER
    cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER


def word_min_height(table, cm: float) -> None:
    """Give every row of a Word table at least ``cm`` of height."""
    from docx.enum.table import WD_ROW_HEIGHT_RULE
    from docx.shared import Cm

    for row in table.rows:
        row.height, row.height_rule = Cm(cm), WD_ROW_HEIGHT_RULE.AT_LEAST


def word_widths(table, cms: list[float]) -> None:
    """Fix a Word table's column widths (in cm), cell by cell as Writer wants them."""
    from docx.shared import Cm

    table.autofit = False
    for col, cm in zip(table.columns, cms):
        col.width = Cm(cm)
    for row in table.rows:
        for cell, cm in zip(row.cells, cms):
            cell.width = Cm(cm)


def render_word(spec: PdfSpec, work: Path) -> Path:
    """Write a .docx with python-docx and export it with LibreOffice Writer; return the PDF."""
    return soffice_to_pdf(word_docx(spec, work), work)


def word_docx(spec: PdfSpec, work: Path) -> Path:
    """Write the spec's forms as a .docx (python-docx: real Word tables); return its path."""
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.shared import Cm, Pt

    doc = word_document()
    put, min_height, widths = word_put, word_min_height, word_widths

    labels = FUNDS_LABELS["word"]
    for index, form in enumerate(spec.forms):
        title = doc.add_paragraph()
        title.alignment = WD_ALIGN_PARAGRAPH.CENTER
        title.paragraph_format.page_break_before = index > 0
        run = title.add_run(form.title)
        run.bold, run.font.size = True, Pt(16)
        year = doc.add_paragraph(form.year_line or "")
        year.alignment = WD_ALIGN_PARAGRAPH.CENTER
        year.paragraph_format.space_after = Pt(6)

        (manager_key, manager_value), = form.fields.items()
        head = doc.add_table(rows=7, cols=4)
        head.style = "Table Grid"
        head.alignment = WD_TABLE_ALIGNMENT.CENTER
        widths(head, [3.2, 5.3, 3.0, 5.5])
        min_height(head, 0.85)
        c = head.cell
        put(c(0, 0), "项目名称", center=True)
        put(c(0, 1).merge(c(0, 3)), form.project_name)
        for col, text in enumerate([DEPT_LABEL["word"], form.department, "实施单位", form.implementing_unit]):
            put(c(1, col), text, center=col % 2 == 0)
        for col, text in enumerate(["项目属性", form.project_attribute, manager_key, manager_value]):
            put(c(2, col), text, center=col % 2 == 0)
        put(c(3, 0).merge(c(5, 0)), "项目资金（万元）", center=True)
        for row, (label, key) in enumerate(zip(labels, ("total", "fiscal", "other")), start=3):
            put(c(row, 1), label, center=True)
            put(c(row, 2).merge(c(row, 3)), form.funds[key], center=True)
        put(c(6, 0), GOAL_LABEL["word"], center=True)
        put(c(6, 1).merge(c(6, 3)), form.goal_text)

        gap = doc.add_paragraph()
        gap.paragraph_format.line_spacing = Pt(2)
        gap.add_run(" ").font.size = Pt(1)

        table = doc.add_table(rows=1 + len(form.indicators), cols=4)
        table.style = "Table Grid"
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        widths(table, [2.6, 3.0, 8.2, 3.2])
        min_height(table, 0.85)
        for col, text in enumerate(IND_HEADER[:3] + (TARGET_LABEL["word"],)):
            put(table.cell(0, col), text, bold=True, center=True)
        header_pr = table.rows[0]._tr.get_or_add_trPr()
        header_pr.append(OxmlElement("w:tblHeader"))
        for i, (level1, level2, name, target) in enumerate(form.indicators, start=1):
            put(table.cell(i, 2), name)
            put(table.cell(i, 3), target, center=True)
        for level, col in ((1, 0), (2, 1)):
            for first, last in form.groups(level):
                put(table.cell(first + 1, col), form.indicators[first][col], center=True)
                if last > first:
                    table.cell(first + 1, col).merge(table.cell(last + 1, col))

    docx_path = work / (Path(spec.file).stem + ".docx")
    doc.save(docx_path)
    return docx_path


def soffice_to_pdf(source: Path, outdir: Path, profile: str = LO_PROFILE) -> Path:
    """Export ``source`` to PDF with LibreOffice headless under a private profile (a file: URL)."""
    subprocess.run(
        ["soffice", f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf",
         "--outdir", str(outdir), str(source)],
        check=True, capture_output=True, timeout=300,
    )
    pdf = outdir / (source.stem + ".pdf")
    if not pdf.exists():
        raise RuntimeError(f"LibreOffice wrote no PDF for {source.name}")
    return pdf


# --------------------------------------------------------------------------- browser


BROWSER_CSS = """
@page { size: A4; margin: 16mm 15mm 16mm 15mm; }
body { font-family: "WenQuanYi Zen Hei"; font-size: 11pt; margin: 0; }
.form + .form { break-before: page; }
h1 { font-size: 17pt; text-align: center; margin: 0 0 2mm 0; }
.year { text-align: center; margin: 0 0 4mm 0; }
table { border-collapse: collapse; width: 100%; table-layout: fixed; }
td, th { border: 1px solid #000; padding: 7px 6px; vertical-align: middle; line-height: 1.5; }
th { font-weight: bold; }
td.label { text-align: center; }
td.c { text-align: center; }
table.ind { margin-top: -1px; }
thead { display: table-header-group; }
"""
# No `break-inside: avoid` on rows: Chromium then keeps a whole rowspan group together, and the
# corpus wants rowspan cells that a page break cuts (Chromium leaves their bottom border out).


def radicals(text: str) -> str:
    """Write 目/支/人/工 as the Kangxi radicals a browser-printed PDF may carry."""
    return "".join(KANGXI.get(ch, ch) for ch in text)


def browser_html(spec: PdfSpec) -> str:
    """The HTML page of the browser producer: one ``div.form`` per form."""
    def td(text: str, cls: str = "", span: str = "") -> str:
        attr = f' class="{cls}"' if cls else ""
        return f"<td{attr}{span}>{html.escape(radicals(text))}</td>"

    labels = FUNDS_LABELS["browser"]
    parts = [f"<!DOCTYPE html><html><head><meta charset=\"utf-8\"><style>{BROWSER_CSS}</style></head><body>"]
    for form in spec.forms:
        (k1, v1), (k2, v2) = form.fields.items()
        parts.append('<div class="form">')
        parts.append(f"<h1>{html.escape(radicals(form.title))}</h1>")
        parts.append(f'<div class="year">{html.escape(form.year_line or "")}</div>')
        parts.append('<table class="head"><colgroup>' + '<col style="width:17%">' + '<col style="width:16.6%">' * 5
                     + "</colgroup>")
        parts.append("<tr>" + td("项目名称", "label") + td(form.project_name, span=' colspan="5"') + "</tr>")
        parts.append("<tr>" + td(DEPT_LABEL["browser"], "label") + td(form.department, span=' colspan="2"')
                     + td("实施单位", "label") + td(form.implementing_unit, span=' colspan="2"') + "</tr>")
        parts.append("<tr>" + td("项目属性", "label") + td(form.project_attribute, span=' colspan="5"') + "</tr>")
        parts.append("<tr>" + td(k1, "label") + td(v1, span=' colspan="2"') + td(k2, "label")
                     + td(v2, span=' colspan="2"') + "</tr>")
        spans = (' colspan="2"', ' colspan="2"', "")
        parts.append("<tr>" + td("项目资金（万元）", "label", ' rowspan="2"')
                     + "".join(td(label, "c", s) for label, s in zip(labels, spans)) + "</tr>")
        parts.append("<tr>" + "".join(td(form.funds[k], "c", s) for k, s in zip(("total", "fiscal", "other"), spans))
                     + "</tr>")
        parts.append("<tr>" + td(GOAL_LABEL["browser"], "label") + td(form.goal_text, span=' colspan="5"')
                     + "</tr></table>")
        parts.append('<table class="ind"><colgroup><col style="width:15%"><col style="width:19%">'
                     '<col style="width:46%"><col style="width:20%"></colgroup><thead><tr>'
                     + "".join(f"<th>{html.escape(radicals(h))}</th>" for h in IND_HEADER[:3] + (TARGET_LABEL["browser"],))
                     + "</tr></thead><tbody>")
        starts1 = dict(form.groups(1))
        starts2 = dict(form.groups(2))
        for i, (level1, level2, name, target) in enumerate(form.indicators):
            cells = []
            if i in starts1:
                cells.append(td(level1, "c", f' rowspan="{starts1[i] - i + 1}"'))
            if i in starts2:
                cells.append(td(level2, "c", f' rowspan="{starts2[i] - i + 1}"'))
            printed_target = target.replace("不", COMPAT_BU)
            cells.append(td(name))
            cells.append(f'<td class="c">{html.escape(radicals(printed_target))}</td>')
            parts.append("<tr>" + "".join(cells) + "</tr>")
        parts.append("</tbody></table></div>")
    parts.append("</body></html>")
    return "\n".join(parts)


def render_browser(spec: PdfSpec, work: Path) -> Path:
    """Print the HTML with headless Chromium; return the PDF."""
    page = work / (Path(spec.file).stem + ".html")
    page.write_text(browser_html(spec), encoding="utf-8")
    return chromium_to_pdf(page, work / (Path(spec.file).stem + ".pdf"))


def chromium_to_pdf(page: Path, pdf: Path) -> Path:
    """Print an HTML file to ``pdf`` with headless Chromium (fresh profile, no header/footer)."""
    browser = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
    if not browser:
        raise RuntimeError("no chromium: apt-get install -y chromium")
    profile = tempfile.mkdtemp(prefix="chromium_producers_")
    try:
        subprocess.run(
            [browser, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
             "--disable-component-update", "--disable-sync", "--no-first-run", f"--user-data-dir={profile}",
             f"--print-to-pdf={pdf}", "--no-pdf-header-footer", page.as_uri()],
            check=True, capture_output=True, timeout=300,
        )
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    return pdf


# --------------------------------------------------------------------------- calc

CALC_WIDTHS = {"A": 11.0, "B": 13.0, "C": 30.0, "D": 8.0, "E": 10.0}  # ≈ 7 pt a unit in LibreOffice
CALC_FONT_PT = 10.0


def calc_lines(text: str, width_units: float) -> int:
    """Lines ``text`` takes in a wrapped Calc cell ``width_units`` wide (a safe over-estimate)."""
    usable = width_units * 7.0 - 8  # points, less the cell padding
    em = sum(0.55 if ord(ch) < 0x2000 else 1.0 for ch in text) * CALC_FONT_PT
    return max(1, math.ceil(em / (usable * 0.96)))


def calc_height(*cells: tuple[str, float]) -> float:
    """Row height in points for the tallest of ``(text, width_units)`` cells."""
    return max(calc_lines(text, width) for text, width in cells) * 13.8 + 9


CALC_FONT = "Noto Sans CJK SC"


def calc_put(ws, ref: str, value, merge_to: Optional[str] = None, center: bool = False, fmt: Optional[str] = None,
             bold: bool = False, size: float = CALC_FONT_PT) -> None:
    """Write a Calc cell (or the merged range ``ref:merge_to``): wrapped text, thin borders all round.

    ``fmt`` makes it a right-aligned number with that format.
    """
    from openpyxl.styles import Alignment, Border, Font, Side

    thin = Side(style="thin")
    box = Border(left=thin, right=thin, top=thin, bottom=thin)
    cell = ws[ref]
    cell.value = value
    cell.font = Font(name=CALC_FONT, size=size, bold=bold)
    cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center" if center else "left")
    if fmt:
        cell.number_format = fmt
        cell.alignment = Alignment(vertical="center", horizontal="right")
    if merge_to:
        ws.merge_cells(f"{ref}:{merge_to}")
    for row in ws[f"{ref}:{merge_to or ref}"]:
        for c in row:
            c.border = box


def calc_form(ws, form: Form, top: int) -> int:
    """Write one form at row ``top`` of the sheet; return the first row after it."""
    from openpyxl.styles import Alignment, Font

    w = CALC_WIDTHS

    put = functools.partial(calc_put, ws)

    r = top
    ws[f"A{r}"] = form.title
    ws[f"A{r}"].font = Font(name=CALC_FONT, size=16, bold=True)
    ws[f"A{r}"].alignment = Alignment(horizontal="center", vertical="center")
    ws.merge_cells(f"A{r}:E{r}")
    ws.row_dimensions[r].height = 34
    r += 1
    put(f"A{r}", "项目名称", center=True)
    put(f"B{r}", form.project_name, f"E{r}")
    ws.row_dimensions[r].height = calc_height((form.project_name, w["B"] + w["C"] + w["D"] + w["E"]))
    r += 1
    dept = form.printed_department("calc")
    put(f"A{r}", DEPT_LABEL["calc"], center=True)
    put(f"B{r}", dept, f"C{r}")
    put(f"D{r}", "实施单位", center=True)
    put(f"E{r}", form.implementing_unit)
    ws.row_dimensions[r].height = calc_height((DEPT_LABEL["calc"], w["A"]), (dept, w["B"] + w["C"]),
                                              ("实施单位", w["D"]), (form.implementing_unit, w["E"]))
    r += 1
    (field_key, field_value), = form.fields.items()
    put(f"A{r}", "项目属性", center=True)
    put(f"B{r}", form.project_attribute, f"C{r}")
    put(f"D{r}", field_key, center=True)
    put(f"E{r}", field_value)
    ws.row_dimensions[r].height = calc_height(("项目属性", w["A"]), (field_key, w["D"]))
    r += 1
    put(f"A{r}", "项目资金（万元）", f"A{r + 2}", center=True)
    for label, key in zip(FUNDS_LABELS["calc"], ("total", "fiscal", "other")):
        put(f"B{r}", label, center=True)
        value = amount(form.funds[key])
        put(f"C{r}", value, f"E{r}", fmt="#,##0.00")
        ws.row_dimensions[r].height = 20
        r += 1
    put(f"A{r}", GOAL_LABEL["calc"], center=True)
    put(f"B{r}", form.goal_text, f"E{r}")
    ws.row_dimensions[r].height = calc_height((form.goal_text, w["B"] + w["C"] + w["D"] + w["E"]))
    r += 1
    for col, text in zip("ABC", IND_HEADER[:3]):
        put(f"{col}{r}", text, center=True, bold=True)
    put(f"D{r}", TARGET_LABEL["calc"], f"E{r}", center=True, bold=True)
    ws.row_dimensions[r].height = 20
    r += 1
    first = r
    alone = {a for level in (1, 2) for a, b in form.groups(level) if a == b}  # 1-row groups: label in row
    for n, (level1, level2, name, target) in enumerate(form.indicators):
        put(f"C{r}", name)
        put(f"D{r}", target, f"E{r}", center=True)
        cells = [(name, w["C"]), (target, w["D"] + w["E"])]
        if n in alone:
            cells += [(level1, w["A"]), (level2, w["B"])]
        ws.row_dimensions[r].height = calc_height(*cells)
        r += 1
    for level, col in ((1, "A"), (2, "B")):
        for a, b in form.groups(level):
            put(f"{col}{first + a}", form.indicators[a][level - 1], f"{col}{first + b}" if b > a else None,
                center=True)
    return r


def render_calc(spec: PdfSpec, work: Path) -> Path:
    """Write the workbook (form 1 on its own sheet, forms 2 and 3 stacked on the next) and export it."""
    from openpyxl import Workbook
    from openpyxl.worksheet.properties import PageSetupProperties

    wb = Workbook()
    sheets = [(wb.active, spec.forms[:1], "1:2"), (wb.create_sheet(), spec.forms[1:], "1:1")]
    for number, (ws, forms, titles) in enumerate(sheets, start=1):
        ws.title = f"绩效目标{number}"
        for col, width in CALC_WIDTHS.items():
            ws.column_dimensions[col].width = width
        ws.page_setup.paperSize = ws.PAPERSIZE_A4
        ws.page_setup.orientation = "portrait"
        ws.page_margins.left = ws.page_margins.right = 0.55
        ws.page_margins.top = ws.page_margins.bottom = 0.75
        ws.print_options.horizontalCentered = True
        ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=False)
        # Print titles: sheet 1 repeats its title and 项目名称 rows; sheet 2 only the title row,
        # so its second page continues form 3 under a repeated title.
        ws.print_title_rows = titles
        row = 1
        for form in forms:
            row = calc_form(ws, form, row) + 2
    xlsx = work / (Path(spec.file).stem + ".xlsx")
    wb.save(xlsx)
    return soffice_to_pdf(xlsx, work)


# --------------------------------------------------------------------------- drawn (reportlab)

LANDSCAPE = (841.89, 595.28)
DRAWN_LEFT, DRAWN_TOP, DRAWN_BOTTOM = 36.0, 42.0, 44.0
DRAWN_COLS = (100.0, 130.0, 360.0, 180.0)
DRAWN_FONT, DRAWN_SIZE, DRAWN_LEADING, DRAWN_PAD = "WQYZenHei", 10.5, 14.5, 5.0
NO_LINE_START = set("，。、；：）》”’%？！,.;:)")


def is_cjk(ch: str) -> bool:
    """CJK ideographs, radicals, CJK punctuation and full-width forms (output.md's joining rule)."""
    cp = ord(ch)
    return (0x2E80 <= cp <= 0x2FDF or 0x3000 <= cp <= 0x303F or 0x3400 <= cp <= 0x4DBF
            or 0x4E00 <= cp <= 0x9FFF or 0xF900 <= cp <= 0xFAFF or 0xFF00 <= cp <= 0xFFEF
            or 0x20000 <= cp <= 0x3FFFF or ch in "“”‘’·")


def wrap(text: str, width: float) -> list[str]:
    """Break ``text`` into lines no wider than ``width``, only between two CJK characters."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    lines: list[str] = []
    rest = text
    while rest:
        if stringWidth(rest, DRAWN_FONT, DRAWN_SIZE) <= width:
            lines.append(rest)
            break
        cut = 1
        while cut < len(rest) and stringWidth(rest[: cut + 1], DRAWN_FONT, DRAWN_SIZE) <= width:
            cut += 1
        good = cut
        while good > 1 and not (is_cjk(rest[good - 1]) and is_cjk(rest[good]) and rest[good] not in NO_LINE_START):
            good -= 1
        cut = good if good > 1 else cut
        lines.append(rest[:cut])
        rest = rest[cut:]
    return lines


@dataclass
class DrawnCell:
    """A cell of the drawn table: first column, column span and text."""

    col: int
    span: int
    text: str
    center: bool = False


@dataclass
class DrawnRow:
    """A row of the drawn table; ``kind`` is header, funds, indicator-header or indicator."""

    cells: list[DrawnCell]
    form: int
    kind: str
    keep_with_next: int = 0


def drawn_rows(form: Form, index: int) -> list[DrawnRow]:
    """The table rows of one form: header rows, the indicator header, then the indicator rows.

    The 一级/二级 labels are not row cells: they are drawn over each group's rows.
    """
    labels = FUNDS_LABELS["drawn"]
    rows = [DrawnRow([DrawnCell(0, 1, "项目名称", True), DrawnCell(1, 3, form.project_name)], index, "header")]
    for label, value in ((DEPT_LABEL["drawn"], form.department), ("实施单位", form.implementing_unit),
                         ("项目属性", form.project_attribute), *form.fields.items()):
        rows.append(DrawnRow([DrawnCell(0, 1, label, True), DrawnCell(1, 3, value)], index, "header"))
    for n, (label, key) in enumerate(zip(labels, ("total", "fiscal", "other"))):
        cells = [DrawnCell(1, 1, label, True), DrawnCell(2, 2, form.funds[key], True)]
        if n == 0:
            cells.insert(0, DrawnCell(0, 1, "项目资金（万元）", True))
        rows.append(DrawnRow(cells, index, "funds", keep_with_next=2 - n))
    rows.append(DrawnRow([DrawnCell(0, 1, GOAL_LABEL["drawn"], True), DrawnCell(1, 3, form.goal_text)],
                         index, "header"))
    rows.append(DrawnRow([DrawnCell(c, 1, t, True) for c, t in enumerate(IND_HEADER[:3] + (TARGET_LABEL["drawn"],))],
                         index, "indicator-header", keep_with_next=1))
    for level1, level2, name, target in form.indicators:
        rows.append(DrawnRow([DrawnCell(2, 1, name), DrawnCell(3, 1, target, True)], index, "indicator"))
    return rows


def col_x(col: int) -> float:
    return DRAWN_LEFT + sum(DRAWN_COLS[:col])


def span_width(cell: DrawnCell) -> float:
    return sum(DRAWN_COLS[cell.col: cell.col + cell.span])


def row_height(row: DrawnRow) -> float:
    lines = max(len(wrap(c.text, span_width(c) - 2 * DRAWN_PAD)) if c.text else 1 for c in row.cells)
    return lines * DRAWN_LEADING + 2 * DRAWN_PAD + 2


@dataclass
class PlacedRow:
    """A row placed on a page: page (1-based), top and bottom in PDF points from the page top."""

    row: DrawnRow
    page: int
    top: float
    bottom: float
    indicator: Optional[int] = None


def drawn_layout(spec: PdfSpec) -> list[PlacedRow]:
    """Place every row of every form; each form starts a page; a row never splits.

    Pure and deterministic, so ``--truth-only`` can rebuild the table outlines the PDF was drawn
    with (the outer border is not drawn, so pdfplumber needs them to cut cells for the check).
    """
    register_wqy()
    height = LANDSCAPE[1]
    placed: list[PlacedRow] = []
    page = 0
    for index, form in enumerate(spec.forms):
        page += 1
        y = DRAWN_TOP + 58  # title and year line
        rows = drawn_rows(form, index)
        n_header = len(rows) - len(form.indicators)
        for i, row in enumerate(rows):
            need = sum(row_height(r) for r in rows[i: i + 1 + row.keep_with_next])
            if y + need > height - DRAWN_BOTTOM:
                page += 1
                y = DRAWN_TOP
            h = row_height(row)
            placed.append(PlacedRow(row, page, y, y + h, i - n_header if i >= n_header else None))
            y += h
    return placed


def render_drawn(spec: PdfSpec, work: Path) -> Path:
    """Draw the forms with reportlab (inner rules only, no outer border); return the PDF."""
    from reportlab.pdfgen import canvas

    pdf = work / spec.file
    height = LANDSCAPE[1]
    canv = canvas.Canvas(str(pdf), pagesize=LANDSCAPE, invariant=1)
    canv.setTitle("项目支出绩效目标表")
    placed = drawn_layout(spec)
    pages = sorted({p.page for p in placed})
    right = DRAWN_LEFT + sum(DRAWN_COLS)
    for page in pages:
        on_page = [p for p in placed if p.page == page]
        form = spec.forms[on_page[0].row.form]
        if on_page[0].indicator is None:  # a form's first page: title and year line
            canv.setFont(DRAWN_FONT, 17)
            canv.drawCentredString(LANDSCAPE[0] / 2, height - DRAWN_TOP - 18, form.title)
            canv.setFont(DRAWN_FONT, 11)
            canv.drawCentredString(LANDSCAPE[0] / 2, height - DRAWN_TOP - 40, form.year_line or "")
        canv.setFont(DRAWN_FONT, 9)
        canv.drawCentredString(LANDSCAPE[0] / 2, 22, f"第{page}页")
        canv.setLineWidth(0.6)
        for n, p in enumerate(on_page):
            for cell in p.row.cells:
                draw_cell_text(canv, cell, p.top, p.bottom, height)
            # Vertical rules between columns where this row has a cell boundary.
            bounds = {c.col for c in p.row.cells} | {c.col + c.span for c in p.row.cells}
            if p.row.kind == "indicator":
                bounds |= {1, 2}
            for col in sorted(bounds):
                if 0 < col < len(DRAWN_COLS):
                    canv.line(col_x(col), height - p.top, col_x(col), height - p.bottom)
            if n == len(on_page) - 1:
                continue  # no outer border: nothing under the page's last row
            # Horizontal rule under the row, left out where a merged cell continues below.
            start = DRAWN_LEFT
            nxt = on_page[n + 1]
            if p.row.kind == "funds" and nxt.row.kind == "funds":
                start = col_x(1)
            elif p.indicator is not None and nxt.indicator is not None:
                here, there = form.indicators[p.indicator], form.indicators[nxt.indicator]
                start = col_x(2) if here[:2] == there[:2] else col_x(1) if here[0] == there[0] else DRAWN_LEFT
            canv.line(start, height - p.bottom, right, height - p.bottom)
        # 一级/二级 labels, centred over the group's rows on the page where the group starts.
        for level in (1, 2):
            for a, b in form.groups(level):
                group = [p for p in on_page if p.indicator is not None and a <= p.indicator <= b]
                if group and group[0].indicator == a:
                    label = DrawnCell(level - 1, 1, form.indicators[a][level - 1], True)
                    draw_cell_text(canv, label, group[0].top, group[-1].bottom, height)
        canv.showPage()
    canv.save()
    return pdf


def draw_cell_text(canv, cell: DrawnCell, top: float, bottom: float, height: float) -> None:
    """Draw a cell's wrapped text, vertically centred between ``top`` and ``bottom``."""
    if not cell.text:
        return
    width = span_width(cell) - 2 * DRAWN_PAD
    lines = wrap(cell.text, width)
    canv.setFont(DRAWN_FONT, DRAWN_SIZE)
    block = len(lines) * DRAWN_LEADING
    y = top + (bottom - top - block) / 2 + DRAWN_SIZE + 1
    x0 = col_x(cell.col) + DRAWN_PAD
    for line in lines:
        if cell.center:
            canv.drawCentredString(x0 + width / 2, height - y, line)
        else:
            canv.drawString(x0, height - y, line)
        y += DRAWN_LEADING


def register_wqy() -> None:
    """Register WenQuanYi Zen Hei (first face of the TTC) with reportlab, once."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    if DRAWN_FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(DRAWN_FONT, WQY_TTC, subfontIndex=0))


RENDERERS: dict[str, Callable[[PdfSpec, Path], Path]] = {
    "word": render_word,
    "browser": render_browser,
    "calc": render_calc,
    "drawn": render_drawn,
}


# --------------------------------------------------------------------------- finding rows in the PDF


def fold(text: str) -> str:
    """Kangxi radicals, radical supplements and compatibility ideographs → unified ideographs."""
    out = []
    for ch in text:
        cp = ord(ch)
        if 0x2E80 <= cp <= 0x2FDF or 0xF900 <= cp <= 0xFAFF or 0x2F800 <= cp <= 0x2FA1F:
            ch = unicodedata.normalize("NFKC", ch)
        out.append(ch)
    return "".join(out)


class AmbiguousJoin(ValueError):
    """A cell wraps next to a non-CJK character, where output.md's joining rule is unclear."""


def cell_text(raw: Optional[str], strict: bool = True) -> str:
    """A cell's text per output.md: wrapped lines joined, whitespace between CJK removed.

    With ``strict``, a line break beside a non-CJK character raises :class:`AmbiguousJoin`:
    the truth texts are written so that they never depend on that case.
    """
    if not raw:
        return ""
    lines = [ln.strip() for ln in fold(raw).split("\n") if ln.strip()]
    text = ""
    for line in lines:
        if text and not (is_cjk(text[-1]) and is_cjk(line[0])):
            if strict:
                raise AmbiguousJoin(f"line break between {text[-1]!r} and {line[0]!r} in {raw!r}")
            text += " "
        text += line
    text = re.sub(r"\s+", " ", text)
    return re.sub(r"(?<=[^\x00-\x7f]) (?=[^\x00-\x7f])", "", text).strip()


@dataclass
class PdfCell:
    """A table cell as pdfplumber cut it: page, row number within the page, x-range and text."""

    page: int
    row: int
    x0: float
    x1: float
    text: str


def table_settings(spec: PdfSpec, page, placed: Optional[list[PlacedRow]]) -> dict:
    """pdfplumber settings for the check: the ruling lines, plus the edges a producer leaves out.

    Chromium draws no bottom border under a rowspan cell that a page break cuts, Calc no top
    border over its continuation, so the page's highest and lowest rules are extended across;
    the drawn producer omits the outline, rebuilt from its layout.
    """
    settings: dict = {"vertical_strategy": "lines", "horizontal_strategy": "lines"}
    if spec.producer == "drawn" and placed is not None:
        rows = [p for p in placed if p.page == page.page_number]
        settings["explicit_vertical_lines"] = [DRAWN_LEFT, DRAWN_LEFT + sum(DRAWN_COLS)]
        settings["explicit_horizontal_lines"] = [rows[0].top, rows[-1].bottom]
    elif page.horizontal_edges:
        tops = [e["top"] for e in page.horizontal_edges]
        settings["explicit_horizontal_lines"] = [min(tops), max(tops)]
    return settings


def pdf_rows(spec: PdfSpec, pdf) -> list[list[PdfCell]]:
    """Every table row of the PDF, in page order, as lists of non-empty-position cells."""
    placed = drawn_layout(spec) if spec.producer == "drawn" else None
    return table_rows(pdf, lambda page: table_settings(spec, page, placed))


def table_rows(pdf, settings: Callable[[object], dict]) -> list[list[PdfCell]]:
    """Every table row of an open pdfplumber PDF, page after page, tables top to bottom.

    ``settings`` gives each page's pdfplumber table settings.
    """
    rows: list[list[PdfCell]] = []
    for page in pdf.pages:
        tables = sorted(page.find_tables(settings(page)), key=lambda t: t.bbox[1])
        n = 0
        for table in tables:
            for trow, texts in zip(table.rows, table.extract()):
                cells = [PdfCell(page.page_number, n, box[0], box[2], cell_text(text))
                         for box, text in zip(trow.cells, texts) if box is not None]
                rows.append(cells)
                n += 1
    return rows


def locate(spec: PdfSpec, pdf_path: Path) -> list[tuple[list[int], list[int], int]]:
    """For each form: the pages it spans, the page each indicator row starts on, rows split.

    Walks the PDF's table rows in order and checks every header value, the goal and every
    indicator row (level1/level2 carried down merged and page-broken cells, name, target)
    against forms.json; a row a page break splits is found as a prefix on one page and the
    rest on the next. Raises ``AssertionError`` with the first disagreement.
    """
    import pdfplumber

    logging.getLogger("pdfminer").setLevel(logging.ERROR)
    result = []
    with pdfplumber.open(pdf_path) as pdf:
        rows = pdf_rows(spec, pdf)
        page_text = {p.page_number: re.sub(r"\s+", "", fold(p.extract_text() or "")) for p in pdf.pages}
        cursor = 0
        for form in spec.forms:
            where = f"{spec.file} / {form.project_name}"
            start = next((i for i in range(cursor, len(rows))
                          if any(c.text == form.project_name for c in rows[i])), None)
            assert start is not None, f"{where}: project name not found as a cell"
            first_page = rows[start][0].page
            assert form.title in page_text[first_page], f"{where}: title not on page {first_page}"
            if form.year_line:
                assert form.year_line in page_text[first_page], f"{where}: year line not on page {first_page}"
            header_end = next(i for i in range(start, len(rows))
                              if [c.text for c in rows[i]][:3] == list(IND_HEADER[:3]))
            header_cells = [c for r in rows[start:header_end] for c in r]
            header_texts = [c.text for c in header_cells]
            labels = FUNDS_LABELS[spec.producer]
            expected_pairs = [(DEPT_LABEL[spec.producer], form.printed_department(spec.producer)),
                              ("实施单位", form.implementing_unit), ("项目属性", form.project_attribute),
                              (GOAL_LABEL[spec.producer], form.goal_text)]
            expected_pairs += list(form.fields.items())
            expected_pairs += [(label, form.funds[k]) for label, k in zip(labels, ("total", "fiscal", "other"))]
            for label, value in expected_pairs:
                assert label in header_texts, f"{where}: label {label!r} not found"
                if spec.producer == "browser" and label in labels:
                    continue  # the horizontal funds block: checked below, value row under label row
                after = header_texts[header_texts.index(label) + 1:]
                nxt = next((t for t in after), None)
                assert nxt == value, f"{where}: {label!r} → {nxt!r}, expected {value!r}"
                assert all(c.page == first_page for c in header_cells), f"{where}: header not on one page"
            if spec.producer == "browser":
                values = [form.funds[k] for k in ("total", "fiscal", "other")]
                i = header_texts.index(labels[0])
                got = header_texts[i + 3: i + 6]
                assert got == values, f"{where}: funds row {got!r}, expected {values!r}"
            ind_pages, cursor, splits = match_indicators(form, rows, header_end, where)
            pages = sorted(set(range(first_page, max(ind_pages) + 1)))
            result.append((pages, ind_pages, splits))
    return result


def match_indicators(form: Form, rows: list[list[PdfCell]], header: int, where: str) -> tuple[list[int], int, int]:
    """Match the form's indicator rows from table row ``header`` on.

    Returns the page each row starts on, the table row after the form and how many rows a page
    break split.

    一级/二级 labels are carried down merged cells. A merged cell a page break cuts prints its
    label on one fragment only: Writer and Chromium on the first (the next page starts with an
    empty cell, which continues it), Calc where the middle of the whole range falls, which may be
    the next page (an empty cell that starts mid-page waits for that label).
    """
    def skip_repeats(i: int) -> int:
        nonlocal columns
        while True:
            assert i < len(rows), f"{where}: ran out of table rows"
            texts = [c.text for c in rows[i]]
            if texts[:3] == list(IND_HEADER[:3]):
                columns = [(c.x0, c.x1) for c in rows[i]]
            elif texts != ["项目名称", form.project_name]:  # else a repeated print-title row
                return i
            i += 1

    columns: list[tuple[float, float]] = []
    got: list[list] = []
    levels = LevelCarry()
    splits = 0
    i = header
    for n, (level1, level2, name, target) in enumerate(form.indicators):
        i = skip_repeats(i)
        page = rows[i][0].page
        role = roles(rows[i], columns)
        got_name, got_target = role.get(2, ""), role.get(3, "")
        if got_name != name and got_name and name.startswith(got_name):
            # A row the page break split: the rest is the next page's first data row.
            j = skip_repeats(i + 1)
            rest = roles(rows[j], columns)
            assert rows[j][0].page == page + 1, f"{where}: split row {name!r} does not continue on the next page"
            assert not rest.get(0) and not rest.get(1), f"{where}: split row continuation has level labels"
            got_name += rest.get(2, "")
            got_target += rest.get(3, "")
            print(f"  split row: {name[:24]}… pages {page}-{page + 1}")
            splits += 1
            i = j
        got.append([None, None, got_name, got_target, page])
        levels.fill(got, role, page, rows[i][0].page)
        i += 1
    levels.done(where)
    for n, (expected, row) in enumerate(zip(form.indicators, got), start=1):
        assert tuple(row[:4]) == tuple(expected), (
            f"{where}: row {n} expected {tuple(expected)!r}, PDF has {tuple(row[:4])!r} on page {row[4]}")
    return [row[4] for row in got], i, splits


class LevelCarry:
    """一级/二级 labels carried down merged cells, row by row, for match_indicators here and in
    make_layouts: each row's level cells fill it and the rows waiting for them; a level cell
    that starts empty on the page of the row before continues a merged cell whose label is
    printed on a later fragment, so the rows wait for that label (Calc prints it mid-range)."""

    def __init__(self) -> None:
        self.carried: list[Optional[str]] = [None, None]  # the label a new row takes, per level
        self.pending: list[list[int]] = [[], []]  # rows waiting for a label printed further on
        self.last_page: Optional[int] = None  # the page the row before ended on

    def fill(self, got: list[list], role: dict[int, str], page: int, end_page: int) -> None:
        """Fill levels 0 and 1 of ``got``'s last row (the row read as ``role``, starting on
        ``page`` and ending on ``end_page``) and of the rows that wait for its labels."""
        n = len(got) - 1
        for lv in (0, 1):
            if lv in role:  # a level cell (or a fragment of one) starts in this row
                if role[lv]:
                    self.carried[lv] = role[lv]
                    for k in self.pending[lv]:
                        got[k][lv] = role[lv]
                    self.pending[lv] = []
                elif page == self.last_page:
                    self.carried[lv] = None  # its label is printed on a later fragment
            if self.carried[lv] is None:
                self.pending[lv].append(n)
            else:
                got[n][lv] = self.carried[lv]
        self.last_page = end_page

    def done(self, where: str) -> None:
        """After the last row: assert that no row still waits for a level label."""
        assert not self.pending[0] and not self.pending[1], f"{where}: level labels never found for rows {self.pending}"

    def new_grid(self, where: str) -> None:
        """A second indicator grid starts: nothing may wait, and no label carries over."""
        assert not self.pending[0] and not self.pending[1], f"{where}: level labels missing before the grid change"
        self.carried = [None, None]


def roles(cells: list[PdfCell], columns: list[tuple[float, float]]) -> dict[int, str]:
    """Which indicator column (0 一级, 1 二级, 2 三级, 3 指标值) each cell sits under, by its centre."""
    out: dict[int, str] = {}
    for cell in cells:
        mid = (cell.x0 + cell.x1) / 2
        for k, (x0, x1) in enumerate(columns):
            if x0 - 1 <= mid <= x1 + 1:
                out[k] = (out.get(k, "") + cell.text) if k in out else cell.text
                break
    return out


# --------------------------------------------------------------------------- truth


def truth_records(spec: PdfSpec) -> list[dict]:
    """The truth records of one PDF on disk (pages located and every text checked)."""
    sha = truths.sha256_of(spec.path)
    located = locate(spec, spec.path)
    labels = FUNDS_LABELS[spec.producer]
    # What the corpus is for: indicator tables that a page break cuts, and in word.pdf a row too.
    for form, (_, ind_pages, _) in zip(spec.forms, located):
        if not form.short and len(set(ind_pages)) < 2:
            raise AssertionError(f"{spec.file} / {form.project_name}: indicator table fits on one page")
    if spec.producer == "word" and not any(splits for _, _, splits in located):
        raise AssertionError(f"{spec.file}: no indicator row is split by a page break; lengthen a row")
    keys = ("total", "fiscal", "other")
    return [
        truths.truth_record(
            sha, index, path=spec.file, pages=pages, method="text", header=truths.form_header(form),
            funds={**{k: amount(form.funds[k]) for k in keys},
                   "raw": {label.rstrip("：:"): form.funds[k] for label, k in zip(labels, keys)}},
            indicators=[truths.truth_indicator(*row, page) for row, page in zip(form.indicators, ind_pages)],
        )
        for index, (form, (pages, ind_pages, _)) in enumerate(zip(spec.forms, located), start=1)
    ]


def main(argv: Optional[list[str]] = None) -> int:
    """Render the chosen producers (all by default) and write their truths."""
    return truths.pdf_corpus_main(
        argv, description=__doc__.split("\n\n")[0], noun="producer", renderers=RENDERERS,
        load_specs=load_specs, key=lambda spec: spec.producer, truth_records=truth_records,
        max_bytes=MAX_PDF_BYTES,
    )


if __name__ == "__main__":
    sys.exit(main())
