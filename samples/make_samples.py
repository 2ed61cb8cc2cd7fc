"""Render the seed's six 绩效目标表 to two sample PDFs and write their hand-checked goldens.

What
    Reads ``samples/lu_an_2021.json`` (a hand transcription of the six forms of 六安市司法局
    2021 in ``../shared/seeds/000_2d58539f7214b028.txt``) and writes

    * ``samples/lu-an-2021-calc.pdf`` -- an openpyxl workbook exported by LibreOffice headless. It
      follows the seed's layout: goal text in a full-width row below its 年度目标 label, each
      continuation page repeating the title lines and the 项目名称 row, the 一级/二级指标
      restated at the top of a page, page breaks forced where the seed has them.
    * ``samples/lu-an-2021-drawn.pdf`` -- lines and text drawn with the reportlab canvas in the
      non-embedded CID font STSong-Light: goal and funds values to the right of their labels,
      5-column indicator table with real merged 一级/二级 cells, pages broken at a fixed height
      inside the indicator tables, continuation pages starting straight with indicator rows and
      several forms sharing a page.
    * ``tests/golden/<pdf stem>.jsonl`` -- one :class:`jixiao.schemas.FormRecord` per form, without
      the indicators' ``value`` (the golden test checks that against the normaliser separately).

Why
    The extractor must be judged against truth that does not come from the extractor: the goldens
    are built from the transcription and from where the renderers put each row, and every page
    number is then checked by finding the row texts in the rendered PDF with pdfplumber.

Usage
    python samples/make_samples.py                 # render both PDFs, write goldens, verify
    python samples/make_samples.py --goldens-only  # goldens for the PDFs on disk, no rendering

A rerun gives the same bytes: reportlab runs in invariant mode, and the date, document id and
checksum LibreOffice stamps on each export are pinned (``pin_export_stamp``). Another LibreOffice
or font version may still lay the calc PDF out differently; its goldens must follow the committed
PDF (the golden id and sha256 are the PDF's), so after rendering elsewhere either commit PDF and
goldens together or restore the PDF and run ``--goldens-only``, which never renders.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Optional

if TYPE_CHECKING:
    from pdfplumber.page import Page

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
DATA = HERE / "lu_an_2021.json"
GOLDEN_DIR = REPO / "tests" / "golden"
CALC_PDF = HERE / "lu-an-2021-calc.pdf"
DRAWN_PDF = HERE / "lu-an-2021-drawn.pdf"

sys.path.insert(0, str(REPO / "tests" / "data"))
import truths  # noqa: E402 - tests/data/truths.py: truth records and their files, for every corpus

# ---------------------------------------------------------------------------------------------
# The transcription
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Row:
    """One indicator row; level1/level2 are carried, as a reader of the form would give them;
    target None is a blank cell; ``restates_level1``: the level-1 cell is printed anew although
    unchanged (a new merged cell). make_spreadsheets prints the same rows."""

    level1: str
    level2: str
    name: str
    target: Optional[str]
    restates_level1: bool = False


@dataclass(frozen=True)
class Form:
    """One form of the seed, with the texts as printed."""

    title: str
    year_text: str
    year: int
    filler_text: str
    header: dict[str, str]
    funds: tuple[tuple[str, str], ...]
    goal: str
    seed_break: Optional[int]
    rows: tuple[Row, ...]


@dataclass(frozen=True)
class Labels:
    """The printed labels every form shares."""

    project_name: str
    implementing_unit: str
    project_attribute: str
    funds: str
    goal: str
    indicators: str
    columns: tuple[str, str, str, str]


@dataclass(frozen=True)
class Placement:
    """Where a renderer put one form: the pages it spans and the page each row starts on."""

    pages: tuple[int, ...]
    row_pages: tuple[int, ...]


_CJK = "\u2e80-\u2fff\u3000-\u303f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef"
_CJK_GAP = re.compile(rf"(?<=[{_CJK}])\s+(?=[{_CJK}])")


def normalise_ws(text: str) -> str:
    """Whitespace per output.md: removed between CJK characters, elsewhere one space."""
    return re.sub(r"\s+", " ", _CJK_GAP.sub("", text)).strip()


def load_sample(path: Path = DATA) -> tuple[Labels, list[Form]]:
    """Read the transcription; refuse text that is not already whitespace-normalised."""
    doc = json.loads(path.read_text(encoding="utf-8"))
    lab = doc["labels"]
    labels = Labels(
        project_name=lab["project_name"],
        implementing_unit=lab["implementing_unit"],
        project_attribute=lab["project_attribute"],
        funds=lab["funds"],
        goal=lab["goal"],
        indicators=lab["indicators"],
        columns=tuple(lab["columns"]),  # type: ignore[arg-type]
    )
    forms: list[Form] = []
    for f in doc["forms"]:
        rows = tuple(
            Row(
                r["level1"], r["level2"], r["name"], r["target"],
                bool(r.get("seed_restates_level1")),
            )
            for r in f["indicators"]
        )
        forms.append(
            Form(
                title=f["title"],
                year_text=f["year_text"],
                year=f["year"],
                filler_text=f["filler_text"],
                header=dict(f["header"]),
                funds=tuple((x["label"], x["text"]) for x in f["funds"]),
                goal=f["goal"],
                seed_break=f["seed_page_break_before"],
                rows=rows,
            )
        )
    for form in forms:
        texts = [form.goal, *form.header.values(), *(t for _, t in form.funds)]
        for row in form.rows:
            texts += [row.level1, row.level2, row.name, row.target or ""]
        for text in texts:
            if normalise_ws(text) != text:
                raise ValueError(f"not whitespace-normalised in {DATA.name}: {text!r}")
    return labels, forms


# ---------------------------------------------------------------------------------------------
# Goldens
# ---------------------------------------------------------------------------------------------


def form_to_record(form: Form, index: int, pdf: Path, sha256: str, placement: Placement) -> dict:
    """The golden record of one form, checked by the contract, without the indicators' value."""
    raw = {label.rstrip(":："): text for label, text in form.funds}
    amounts: dict[str, Optional[float]] = dict.fromkeys(("total", "fiscal", "other"))
    for label, text in raw.items():
        key = "total" if "总额" in label else "fiscal" if "财政拨款" in label else "other"
        amounts[key] = truths.amount(text)
    header = {
        "title": normalise_ws(form.title),
        "kind": "project",
        "year": form.year,
        "department": None,
        "project_name": form.header["项目名称"],
        "implementing_unit": form.header["实施单位"],
        "project_attribute": form.header["项目属性"],
        "goal": form.goal,
        "fields": {},
    }
    return truths.truth_record(
        sha256, index, path=pdf.name, pages=placement.pages, method="text", header=header,
        funds={**amounts, "raw": raw},
        indicators=[truths.truth_indicator(row.level1, row.level2, row.name, row.target, page)
                    for row, page in zip(form.rows, placement.row_pages)],
    )


def write_goldens(pdf: Path, forms: list[Form], placements: list[Placement]) -> Path:
    """Write tests/golden/<pdf stem>.jsonl for the PDF as it is on disk."""
    sha256 = truths.sha256_of(pdf)
    GOLDEN_DIR.mkdir(parents=True, exist_ok=True)
    out = GOLDEN_DIR / f"{pdf.stem}.jsonl"
    truths.write_jsonl(out, [form_to_record(form, i, pdf, sha256, placement)
                             for i, (form, placement) in enumerate(zip(forms, placements), start=1)])
    return out


# ---------------------------------------------------------------------------------------------
# Rendering 1: spreadsheet exported by LibreOffice, the seed's layout and page breaks
# ---------------------------------------------------------------------------------------------

CALC_FONT = "WenQuanYi Zen Hei"  # TrueType: its embedded subsets keep the PDF small
CALC_SIZE = 10.0
CALC_LINE = 12.6  # line height LibreOffice gives this font at 10 pt (measured)
CALC_WIDTHS = (10.0, 10.0, 13.0, 32.0, 18.0)  # columns A-E in Excel character units
CALC_UNIT = 7.0  # points per width unit as LibreOffice lays the columns out (measured)


def calc_placements(forms: list[Form]) -> list[Placement]:
    """Pages of the calc sample: each form starts a page and breaks where the seed breaks."""
    placements: list[Placement] = []
    page = 1
    for form in forms:
        brk = form.seed_break if form.seed_break is not None else len(form.rows)
        row_pages = tuple(page if i < brk else page + 1 for i in range(len(form.rows)))
        pages = tuple(sorted({page, *row_pages}))
        placements.append(Placement(pages, row_pages))
        page = pages[-1] + 1
    return placements


@lru_cache(maxsize=None)
def _calc_font_name() -> str:
    """Register the calc font's file with reportlab, only to measure text for row heights."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    found = subprocess.run(
        ["fc-match", "-f", "%{file}", CALC_FONT], capture_output=True, text=True, check=True
    ).stdout
    if "wqy-zenhei" not in found:
        raise SystemExit(f"font {CALC_FONT!r} is needed for the calc sample (fonts-wqy-zenhei)")
    pdfmetrics.registerFont(TTFont("CalcFont", found, subfontIndex=0))
    return "CalcFont"


def _em_width(text: str) -> float:
    """Advance of text in em of the calc font."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    return stringWidth(text, _calc_font_name(), 1.0)


def _calc_lines(text: str, columns: float) -> int:
    """Lines a wrapped cell of `columns` Excel units needs (greedy, whole ASCII words kept)."""
    if not text:
        return 1
    inner_em = (columns * CALC_UNIT - 6) / CALC_SIZE * 0.97
    lines, used = 1, 0.0
    for token in re.findall(r"[A-Za-z0-9.%]+|.", text):
        w = _em_width(token)
        if used + w > inner_em and used > 0:
            lines += 1
            used = 0.0
        used += w
    return lines


def _row_height(lines: int) -> float:
    return round(lines * CALC_LINE + 6.0, 1)


def build_workbook(labels: Labels, forms: list[Form], path: Path) -> None:
    """One sheet holding all six forms, one seed page per printed page (manual row breaks)."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, Side
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.pagebreak import Break
    from openpyxl.worksheet.properties import PageSetupProperties

    wb = Workbook()
    ws = wb.active
    ws.title = "绩效目标表"
    for i, width in enumerate(CALC_WIDTHS, start=1):
        ws.column_dimensions[get_column_letter(i)].width = width

    thin = Side(style="thin", color="000000")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    body = Font(name=CALC_FONT, size=CALC_SIZE)
    centre = Alignment(horizontal="center", vertical="center", wrap_text=True)
    left = Alignment(horizontal="left", vertical="center", wrap_text=True)
    top_left = Alignment(horizontal="left", vertical="top", wrap_text=True)
    row = 0

    def put(r: int, c: int, value: str, align: Alignment = centre, font: Font = body) -> None:
        cell = ws.cell(row=r, column=c, value=value if value != "" else None)
        cell.font = font
        cell.alignment = align

    def merge(r0: int, c0: int, r1: int, c1: int) -> None:
        if (r0, c0) != (r1, c1):
            ws.merge_cells(start_row=r0, start_column=c0, end_row=r1, end_column=c1)

    def boxed(r: int) -> None:
        for c in range(1, 6):
            ws.cell(row=r, column=c).border = border

    def title_block(form: Form) -> None:
        nonlocal row
        for text, size, bold, align, height in (
            (form.title, 16.0, True, "center", 30.0),
            (form.year_text, CALC_SIZE, False, "center", 20.0),
            (form.filler_text, CALC_SIZE, False, "left", 20.0),
        ):
            row += 1
            put(
                row, 1, text,
                Alignment(horizontal=align, vertical="center"),
                Font(name=CALC_FONT, size=size, bold=bold),
            )
            merge(row, 1, row, 5)
            ws.row_dimensions[row].height = height

    def indicator_rows(rows: list[Row], first_row: int) -> None:
        """Rows of one page; 一级/二级 cells merged, restated at the top of the page."""
        nonlocal row
        start = row + 1
        l1_start = l2_start = start
        for i, r in enumerate(rows):
            row += 1
            boxed(row)
            new_l1 = i == 0 or r.level1 != rows[i - 1].level1 or r.restates_level1
            new_l2 = new_l1 or r.level2 != rows[i - 1].level2
            if new_l1:
                if i:
                    merge(l1_start, 2, row - 1, 2)
                l1_start = row
                put(row, 2, r.level1)
            if new_l2:
                if i:
                    merge(l2_start, 3, row - 1, 3)
                l2_start = row
                put(row, 3, r.level2)
            put(row, 4, r.name, left)
            put(row, 5, r.target or "", left)
            lines = max(
                _calc_lines(r.name, CALC_WIDTHS[3]),
                _calc_lines(r.target or "", CALC_WIDTHS[4]),
                _calc_lines(r.level1, CALC_WIDTHS[1]) if new_l1 else 1,
                _calc_lines(r.level2, CALC_WIDTHS[2]) if new_l2 else 1,
            )
            ws.row_dimensions[row].height = _row_height(lines)
        merge(l1_start, 2, row, 2)
        merge(l2_start, 3, row, 3)
        put(first_row, 1, labels.indicators)
        merge(first_row, 1, row, 1)

    for form in forms:
        brk = form.seed_break if form.seed_break is not None else len(form.rows)
        # first page: title lines, header, funds, goal, indicator table
        title_block(form)
        for label, value in (
            (labels.project_name, form.header[labels.project_name]),
            (labels.implementing_unit, form.header[labels.implementing_unit]),
            (labels.project_attribute, form.header[labels.project_attribute]),
        ):
            row += 1
            boxed(row)
            put(row, 1, label)
            put(row, 2, value, left)
            merge(row, 2, row, 5)
            ws.row_dimensions[row].height = _row_height(1)
        funds_top = row + 1
        for label, text in form.funds:
            row += 1
            boxed(row)
            put(row, 2, label, left)
            merge(row, 2, row, 3)
            put(row, 4, text, left)
            merge(row, 4, row, 5)
            ws.row_dimensions[row].height = _row_height(1)
        put(funds_top, 1, labels.funds)
        merge(funds_top, 1, row, 1)
        row += 1
        boxed(row)
        put(row, 1, labels.goal)
        merge(row, 2, row, 5)
        ws.row_dimensions[row].height = _row_height(1)
        row += 1
        boxed(row)
        put(row, 1, form.goal, top_left)
        merge(row, 1, row, 5)
        ws.row_dimensions[row].height = _row_height(_calc_lines(form.goal, sum(CALC_WIDTHS)))
        row += 1
        boxed(row)
        header_row = row
        for c, text in enumerate(labels.columns, start=2):
            put(row, c, text)
        ws.row_dimensions[row].height = _row_height(1)
        indicator_rows(list(form.rows[:brk]), header_row)
        ws.row_breaks.append(Break(id=row))
        if brk < len(form.rows):
            # continuation page: title lines, 项目名称 (value one column further right), rows
            title_block(form)
            row += 1
            boxed(row)
            put(row, 1, labels.project_name)
            merge(row, 1, row, 2)
            put(row, 3, form.header[labels.project_name], left)
            merge(row, 3, row, 5)
            ws.row_dimensions[row].height = _row_height(1)
            indicator_rows(list(form.rows[brk:]), row + 1)
            ws.row_breaks.append(Break(id=row))

    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "portrait"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    ws.page_margins.left = ws.page_margins.right = 0.5
    ws.page_margins.top = ws.page_margins.bottom = 0.6
    ws.page_margins.header = ws.page_margins.footer = 0.3
    ws.print_options.horizontalCentered = True
    wb.save(path)


def export_pdf(xlsx: Path, pdf: Path) -> None:
    """Convert with LibreOffice headless, in a private profile (another soffice may be running)."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        raise SystemExit("LibreOffice (soffice) is needed to render the calc sample")
    outdir = xlsx.parent
    subprocess.run(
        [
            soffice,
            "-env:UserInstallation=file:///tmp/lo_profile_samples",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(outdir),
            str(xlsx),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    shutil.move(str(outdir / f"{xlsx.stem}.pdf"), pdf)


def pin_export_stamp(data: bytes) -> bytes:
    """Replace what LibreOffice stamps anew on every export (creation date, document id and
    checksum) by fixed, same-length values, so that a rerun gives the same bytes; the xref
    offsets stay valid. Left as is when the pattern is not found (another LibreOffice)."""
    data = re.sub(rb"/CreationDate\(D:\d{14}", b"/CreationDate(D:20210101000000", data)
    stamp = rb"/ID \[[^\]]*\]|/DocChecksum /[0-9A-F]{32}"
    hexid = hashlib.md5(re.sub(stamp, b"", data)).hexdigest().upper().encode()
    pair = b"/ID [ <" + hexid + b">\n<" + hexid + b"> ]"
    data = re.sub(rb"/ID \[ <[0-9A-F]{32}>\n<[0-9A-F]{32}> \]", pair, data)
    return re.sub(rb"/DocChecksum /[0-9A-F]{32}", b"/DocChecksum /" + hexid, data)


def render_calc(labels: Labels, forms: list[Form], pdf: Path) -> None:
    """Workbook in a temporary folder, exported to `pdf`."""
    with tempfile.TemporaryDirectory(prefix="jixiao_samples_") as tmp:
        xlsx = Path(tmp) / f"{pdf.stem}.xlsx"
        build_workbook(labels, forms, xlsx)
        export_pdf(xlsx, pdf)
    pdf.write_bytes(pin_export_stamp(pdf.read_bytes()))


# ---------------------------------------------------------------------------------------------
# Rendering 2: drawn on the reportlab canvas, its own geometry and page breaks
# ---------------------------------------------------------------------------------------------

PAGE_W, PAGE_H = 595.2756, 841.8898  # A4 in points
_NO_LINE_START = set(",.;:!?)]}%、。,;:!?)】」』”’》")


@dataclass(frozen=True)
class DrawnStyle:
    """Geometry of the drawn sample, in points measured from the top-left of the page.

    `bottom` is where a page is full: an indicator row that would cross it goes to the next
    page, which is how the page breaks come to fall inside the indicator tables.
    """

    font: str = "STSong-Light"
    size: float = 10.0
    leading: float = 13.0
    pad_x: float = 3.0
    pad_y: float = 3.0
    left: float = 50.0
    top: float = 48.0
    bottom: float = 790.0
    form_gap: float = 20.0
    head_cols: tuple[float, float] = (80.0, 110.0)  # label, funds label; the value takes the rest
    ind_cols: tuple[float, float, float, float, float] = (50.0, 62.0, 82.0, 181.0, 120.0)

    @property
    def right(self) -> float:
        return self.left + sum(self.ind_cols)

    def row_height(self, lines: int) -> float:
        return lines * self.leading + 2 * self.pad_y


@dataclass(frozen=True)
class TextOp:
    """A line of text: left x and baseline measured from the top of the page."""

    page: int
    x: float
    baseline: float
    text: str
    size: float


@dataclass(frozen=True)
class RuleOp:
    """A ruling line, coordinates from the top of the page."""

    page: int
    x0: float
    y0: float
    x1: float
    y1: float


@dataclass
class DrawnLayout:
    """Everything the canvas draws, and where each form ended up."""

    style: DrawnStyle
    texts: list[TextOp] = field(default_factory=list)
    rules: list[RuleOp] = field(default_factory=list)
    placements: list[Placement] = field(default_factory=list)
    pages: int = 1

    def text(
        self,
        page: int,
        box: tuple[float, float, float, float],
        lines: list[str],
        align: str,
        size: Optional[float] = None,
    ) -> None:
        """Text lines centred vertically in box (x0, top, x1, bottom); left-aligned or centred."""
        st = self.style
        size = size or st.size
        x0, top, x1, bottom = box
        first = top + (bottom - top - len(lines) * st.leading) / 2
        for i, line in enumerate(lines):
            baseline = first + i * st.leading + st.leading / 2 + size * 0.35
            if align == "center":
                x = (x0 + x1 - _width(line.rstrip(), st, size)) / 2
            else:
                x = x0 + st.pad_x
            self.texts.append(TextOp(page, round(x, 2), round(baseline, 2), line, size))

    def box(self, page: int, x0: float, top: float, x1: float, bottom: float) -> None:
        """The four rules of a cell."""
        x0, top, x1, bottom = (round(v, 2) for v in (x0, top, x1, bottom))
        self.rules += [
            RuleOp(page, x0, top, x1, top),
            RuleOp(page, x0, bottom, x1, bottom),
            RuleOp(page, x0, top, x0, bottom),
            RuleOp(page, x1, top, x1, bottom),
        ]


def _font(style: DrawnStyle) -> str:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont

    if style.font not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(style.font))
    return style.font


def _width(text: str, style: DrawnStyle, size: Optional[float] = None) -> float:
    from reportlab.pdfbase.pdfmetrics import stringWidth

    return stringWidth(text, _font(style), size or style.size)


def wrap(text: str, width: float, style: DrawnStyle) -> list[str]:
    """Greedy wrap into a cell `width` wide: ASCII words and numbers kept whole, no punctuation
    at a line start, and a space where a line breaks stays at the end of that line (drawn, so
    the text keeps it)."""
    avail = width - 2 * style.pad_x
    lines: list[str] = [""]
    for token in re.findall(r"[A-Za-z0-9.%]+| |.", text):
        line = lines[-1]
        if token == " " or not line or _width(line + token, style) <= avail:
            lines[-1] = line + token
        elif token[0] in _NO_LINE_START and len(line) > 1:
            lines[-1] = line[:-1]
            lines.append(line[-1] + token)
        else:
            lines.append(token)
    return lines


def _spans(starts: list[bool]) -> list[tuple[int, int]]:
    """(first, last) row of each merged cell, from the rows that start a new one."""
    out: list[tuple[int, int]] = []
    for i, start in enumerate(starts):
        if start or not out:
            out.append((i, i))
        else:
            out[-1] = (out[-1][0], i)
    return out


def drawn_layout(
    labels: Labels, forms: list[Form], style: DrawnStyle = DrawnStyle()
) -> DrawnLayout:
    """Lay all forms out on A4 pages; a page breaks when the next indicator row does not fit.

    A form starts on the current page when its title, header, goal, column header and first
    indicator row fit there. Continuation pages start straight with indicator rows; merged
    一级/二级 (and 绩效指标) cells are split at the break, their text on the first part
    only.
    """
    st = style
    layout = DrawnLayout(st)
    page, y = 1, st.top
    xs = [st.left]
    for w in st.ind_cols:
        xs.append(xs[-1] + w)
    label_x1 = st.left + st.head_cols[0]
    funds_x1 = label_x1 + st.head_cols[1]

    for form_index, form in enumerate(forms):
        rows = form.rows
        # wrapped texts and row heights, fixed before pagination
        first_l1 = [i == 0 or r.level1 != rows[i - 1].level1 for i, r in enumerate(rows)]
        first_l2 = [first_l1[i] or r.level2 != rows[i - 1].level2 for i, r in enumerate(rows)]
        name_lines = [wrap(r.name, st.ind_cols[3], st) for r in rows]
        target_lines = [wrap(r.target or "", st.ind_cols[4], st) for r in rows]
        l1_lines = [wrap(r.level1, st.ind_cols[1], st) for r in rows]
        l2_lines = [wrap(r.level2, st.ind_cols[2], st) for r in rows]
        heights = [
            st.row_height(
                max(
                    len(name_lines[i]),
                    len(target_lines[i]),
                    len(l1_lines[i]) if first_l1[i] else 1,
                    len(l2_lines[i]) if first_l2[i] else 1,
                )
            )
            for i in range(len(rows))
        ]
        goal_lines = wrap(form.goal, st.right - label_x1, st)
        one = st.row_height(1)
        title_h = 26.0 + 18.0 + 18.0
        head_h = 6 * one + st.row_height(len(goal_lines)) + one
        if form_index:
            y += st.form_gap
        if y + title_h + head_h + heights[0] > st.bottom:
            page, y = page + 1, st.top
        start_page = page

        # title lines, without borders
        layout.text(page, (st.left, y, st.right, y + 26.0), [form.title], "center", 15.0)
        layout.text(page, (st.left, y + 26.0, st.right, y + 44.0), [form.year_text], "center", 10.0)
        filler_box = (st.left - st.pad_x, y + 44.0, st.right, y + 62.0)
        layout.text(page, filler_box, [form.filler_text], "left")
        y += title_h

        # header: label | value; funds label merged over three rows; goal right of its label
        for label in (labels.project_name, labels.implementing_unit, labels.project_attribute):
            layout.box(page, st.left, y, label_x1, y + one)
            layout.box(page, label_x1, y, st.right, y + one)
            layout.text(page, (st.left, y, label_x1, y + one), [label], "center")
            layout.text(page, (label_x1, y, st.right, y + one), [form.header[label]], "left")
            y += one
        funds_top = y
        for label, text in form.funds:
            layout.box(page, label_x1, y, funds_x1, y + one)
            layout.box(page, funds_x1, y, st.right, y + one)
            layout.text(page, (label_x1, y, funds_x1, y + one), [label], "left")
            if text:
                layout.text(page, (funds_x1, y, st.right, y + one), [text], "left")
            y += one
        layout.box(page, st.left, funds_top, label_x1, y)
        layout.text(page, (st.left, funds_top, label_x1, y), [labels.funds], "center")
        h = st.row_height(len(goal_lines))
        layout.box(page, st.left, y, label_x1, y + h)
        layout.box(page, label_x1, y, st.right, y + h)
        layout.text(page, (st.left, y, label_x1, y + h), [labels.goal], "center")
        layout.text(page, (label_x1, y, st.right, y + h), goal_lines, "left")
        y += h

        # indicator table: column header row (绩效指标 is the merged cell to its left), rows
        for c, text in enumerate(labels.columns, start=1):
            layout.box(page, xs[c], y, xs[c + 1], y + one)
            layout.text(page, (xs[c], y, xs[c + 1], y + one), [text], "center")
        table_top = y
        y += one
        row_pages: list[int] = []
        row_tops: list[float] = []
        for i, height in enumerate(heights):
            if y + height > st.bottom:
                page, y = page + 1, st.top
            row_pages.append(page)
            row_tops.append(y)
            name_box = (xs[3], y, xs[4], y + height)
            target_box = (xs[4], y, xs[5], y + height)
            layout.box(page, *name_box)
            layout.box(page, *target_box)
            layout.text(page, name_box, name_lines[i], "left")
            if rows[i].target:
                layout.text(page, target_box, target_lines[i], "left")
            y += height
        row_bottoms = [t + h for t, h in zip(row_tops, heights)]

        def merged(col: int, starts: list[bool], lines: list[list[str]]) -> None:
            for a, b in _spans(starts):
                for p in sorted({row_pages[k] for k in range(a, b + 1)}):
                    ks = [k for k in range(a, b + 1) if row_pages[k] == p]
                    top = table_top if col == 0 and p == start_page else row_tops[ks[0]]
                    box = (xs[col], top, xs[col + 1], row_bottoms[ks[-1]])
                    layout.box(p, *box)
                    if p == row_pages[a]:
                        layout.text(p, box, lines[a], "center")

        label_lines = wrap(labels.indicators, st.ind_cols[0], st)
        merged(0, [i == 0 for i in range(len(rows))], [label_lines] * len(rows))
        merged(1, first_l1, l1_lines)
        merged(2, first_l2, l2_lines)
        pages = tuple(range(start_page, row_pages[-1] + 1))
        layout.placements.append(Placement(pages, tuple(row_pages)))
    layout.pages = page
    return layout


def render_drawn(layout: DrawnLayout, pdf: Path) -> None:
    """Draw the layout; invariant mode makes the bytes the same on every run."""
    from reportlab.pdfgen import canvas

    font = _font(layout.style)
    c = canvas.Canvas(str(pdf), pagesize=(PAGE_W, PAGE_H), invariant=1, pageCompression=1)
    c.setTitle("项目支出预算绩效目标表 六安市司法局 2021")
    c.setAuthor("jixiao samples")
    for page in range(1, layout.pages + 1):
        c.setLineWidth(0.6)
        seen: set[tuple[float, float, float, float]] = set()
        for rule in layout.rules:
            key = (rule.x0, rule.y0, rule.x1, rule.y1)
            if rule.page == page and key not in seen:
                seen.add(key)
                c.line(rule.x0, PAGE_H - rule.y0, rule.x1, PAGE_H - rule.y1)
        for op in layout.texts:
            if op.page == page:
                c.setFont(font, op.size)
                c.drawString(op.x, PAGE_H - op.baseline, op.text)
        c.showPage()
    c.save()


# ---------------------------------------------------------------------------------------------
# Verification: find every row's texts in the rendered PDF
# ---------------------------------------------------------------------------------------------


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _column_bounds(page: Page, header: str) -> tuple[float, float]:
    """x-range of the table column whose header cell reads `header`, from the ruling lines."""
    words = [w for w in page.extract_words() if _squash(w["text"]) == header]
    if not words:
        raise AssertionError(f"column header {header!r} not on page 1")
    w = words[0]
    verticals = [
        e["x0"]
        for e in page.edges
        if e["orientation"] == "v" and e["top"] <= w["top"] + 1 and e["bottom"] >= w["bottom"] - 1
    ]
    lefts = [x for x in verticals if x < w["x0"]]
    rights = [x for x in verticals if x > w["x1"]]
    if not lefts or not rights:
        raise AssertionError(f"no ruling lines around {header!r}")
    return max(lefts), min(rights)


def _column_text(page: Page, bounds: tuple[float, float]) -> str:
    """Text of the cells of one column, top to bottom; lines that run across a column border
    (goal text, titles, merged header values) are left out."""
    x0, x1 = bounds
    by_line: dict[float, list[dict]] = {}
    for ch in page.chars:
        by_line.setdefault(round(ch["top"], 1), []).append(ch)
    out: list[str] = []
    for top in sorted(by_line):
        chars = by_line[top]
        straddles = any(c["x0"] < bx + 0.3 and c["x1"] > bx - 0.3 for c in chars for bx in (x0, x1))
        if straddles:
            continue
        inside = sorted(
            (c for c in chars if x0 < (c["x0"] + c["x1"]) / 2 < x1), key=lambda c: c["x0"]
        )
        out.append("".join(c["text"] for c in inside))
    return _squash("".join(out))


def _text_on_rules(page: Page) -> list[str]:
    """Characters that a ruling line crosses: text overflowing its cell."""
    bad: list[str] = []
    for ch in page.chars:
        if not ch["text"].strip():
            continue
        cx, cy = (ch["x0"] + ch["x1"]) / 2, (ch["top"] + ch["bottom"]) / 2
        for e in page.edges:
            if e["orientation"] == "h":
                if e["x0"] < cx < e["x1"] and ch["top"] + 1 < e["top"] < ch["bottom"] - 1:
                    bad.append(ch["text"])
                    break
            elif e["top"] < cy < e["bottom"] and ch["x0"] + 1 < e["x0"] < ch["x1"] - 1:
                bad.append(ch["text"])
                break
    return bad


def verify_pdf(
    pdf: Path, forms: list[Form], placements: list[Placement], titles_repeat: bool
) -> list[str]:
    """Problems found: pages of rows and forms, header texts, text crossing a ruling line."""
    import pdfplumber

    problems: list[str] = []
    with pdfplumber.open(pdf) as doc:
        last = max(p for pl in placements for p in pl.pages)
        if len(doc.pages) != last:
            problems.append(f"{pdf.name}: {len(doc.pages)} pages, layout says {last}")
        name_cols = _column_bounds(doc.pages[0], "三级指标")
        target_cols = _column_bounds(doc.pages[0], "本年度指标值")
        names = [_column_text(p, name_cols) for p in doc.pages]
        targets = [_column_text(p, target_cols) for p in doc.pages]
        full = [_squash(p.extract_text() or "") for p in doc.pages]
        for number, page in enumerate(doc.pages, start=1):
            bad = _text_on_rules(page)
            if bad:
                problems.append(f"{pdf.name} p{number}: text crosses a rule: {''.join(bad)[:60]}")

    def search(columns: list[str], wanted: list[tuple[str, int, str]]) -> None:
        page_i, pos = 0, 0
        for text, page, what in wanted:
            needle = _squash(text)
            while page_i < len(columns):
                at = columns[page_i].find(needle, pos)
                if at >= 0:
                    if page_i + 1 != page:
                        problems.append(
                            f"{pdf.name}: {what} found on p{page_i + 1}, golden says p{page}"
                        )
                    pos = at + len(needle)
                    break
                page_i, pos = page_i + 1, 0
            else:
                problems.append(f"{pdf.name}: {what} not found in order")
                return

    rows = [
        (i, k, row, page)
        for i, (form, pl) in enumerate(zip(forms, placements), 1)
        for k, (row, page) in enumerate(zip(form.rows, pl.row_pages), 1)
    ]
    search(names, [(r.name, p, f"form {i} row {k} name") for i, k, r, p in rows])
    search(targets, [(r.target, p, f"form {i} row {k} target") for i, k, r, p in rows if r.target])
    for i, (form, pl) in enumerate(zip(forms, placements), 1):
        first = full[pl.pages[0] - 1]
        for text in (form.header["项目名称"], form.header["实施单位"], form.goal[:30]):
            if _squash(text) not in first:
                problems.append(f"{pdf.name}: form {i} {text[:12]!r} not on p{pl.pages[0]}")
    for number, text in enumerate(full, start=1):
        expect = sum(
            1
            for pl in placements
            if number in pl.pages and (titles_repeat or pl.pages[0] == number)
        )
        titles = text.count(_squash(forms[0].title))
        if titles != expect:
            problems.append(f"{pdf.name} p{number}: {titles} titles, expected {expect}")
    return problems


# ---------------------------------------------------------------------------------------------


def main(argv: Optional[list[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--goldens-only",
        action="store_true",
        help="do not render; write the goldens for the PDFs on disk",
    )
    args = parser.parse_args(argv)

    labels, forms = load_sample()
    calc = calc_placements(forms)
    drawn = drawn_layout(labels, forms)
    if not args.goldens_only:
        render_drawn(drawn, DRAWN_PDF)
        render_calc(labels, forms, CALC_PDF)

    problems: list[str] = []
    samples = ((CALC_PDF, calc, True), (DRAWN_PDF, drawn.placements, False))
    for pdf, placements, titles_repeat in samples:
        if not pdf.exists():
            raise SystemExit(f"{pdf} is missing; run without --goldens-only to render it")
        out = write_goldens(pdf, forms, placements)
        found = verify_pdf(pdf, forms, placements, titles_repeat)
        problems += found
        size = pdf.stat().st_size // 1024
        spans = " ".join(f"{pl.pages[0]}-{pl.pages[-1]}" for pl in placements)
        print(f"{pdf.name}: {size} KB, forms on pages {spans}; wrote {out.relative_to(REPO)}",
              file=sys.stderr)
    for problem in problems:
        print(f"PROBLEM {problem}", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
