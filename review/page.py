"""The review page: each form's page images with every header value and indicator row
outlined where it was read, beside a table of the values.

``build_review`` writes ``index.html`` and ``pages/*.png`` into one folder that opens from
disk: inline CSS and JS, no server, no network. Forms with issues come first. Hovering or
clicking a table row highlights its box on the page image (and the other way round); a
filter box narrows the forms. Every extracted text is escaped (``markup.esc``), so a cell
saying ``<script>…</script>`` is shown, never run.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Optional

from . import evaluation
from .images import DEFAULT_DPI, PageImage, PdfUnreadable, render_pages
from .markup import document, esc, script_json
from .records import Record, as_plain

PAGES_DIR = "pages"
INDEX = "index.html"

# Header values in reading order, with the labels the forms print.
HEADER_LABELS: dict[str, str] = {
    "title": "表名",
    "year": "年度",
    "department": "主管部门",
    "project_name": "项目名称",
    "implementing_unit": "实施单位",
    "project_attribute": "项目属性",
    "goal": "年度目标",
}


@dataclass(frozen=True)
class SourceStatus:
    """What became of one source PDF: its page images, or why there are none."""

    path: str
    images: dict[int, PageImage] = field(default_factory=dict)
    problem: Optional[str] = None
    note: Optional[str] = None


@dataclass(frozen=True)
class ReviewSummary:
    """What a build wrote, and the forms whose PDF could not be shown."""

    index: Path
    forms: int
    rows: int
    rows_boxed: int
    images: int
    unavailable: tuple[tuple[str, str], ...] = ()  # (form id, reason)

    def line(self) -> str:
        return (
            f"{self.forms} forms, {self.rows} rows ({self.rows_boxed} outlined), "
            f"{self.images} page images → {self.index}"
        )


def build_review(
    records: Iterable[Any], out_dir: Path, root: Path = Path("."), dpi: int = DEFAULT_DPI
) -> ReviewSummary:
    """Write the review of ``records`` into ``out_dir``; source paths resolve against ``root``."""
    forms = order_forms([as_plain(r) for r in records])
    out_dir.mkdir(parents=True, exist_ok=True)
    sources = render_sources(forms, root, out_dir / PAGES_DIR, dpi)
    sections = [form_section(n, form, sources.get(_source_path(form))) for n, form in enumerate(forms, 1)]
    search = {f"form-{n}": search_text(form) for n, form in enumerate(forms, 1)}
    body = _page_header(forms, sources) + "\n".join(sections) + (
        f'\n<script type="application/json" id="search-data">{script_json(search)}</script>'
    )
    index = out_dir / INDEX
    index.write_text(document("jixiao review", body, css=PAGE_CSS + evaluation.CSS, js=PAGE_JS), encoding="utf-8")
    rows = [(row, sources.get(_source_path(form))) for form in forms for row in form.get("indicators") or []]
    unavailable = tuple(
        (str(form.get("id")), status.problem)
        for form in forms
        if (status := sources.get(_source_path(form))) is not None and status.problem
    )
    return ReviewSummary(
        index=index,
        forms=len(forms),
        rows=len(rows),
        rows_boxed=sum(_box_shown(row.get("bbox"), source) for row, source in rows),
        images=sum(len(s.images) for s in sources.values()),
        unavailable=unavailable,
    )


def order_forms(forms: Sequence[Record]) -> list[Record]:
    """Forms with issues first, otherwise in run order (a stable sort)."""
    return sorted(forms, key=lambda f: not f.get("issues"))


def _source_path(form: Record) -> str:
    return str((form.get("source") or {}).get("path") or "")


def _needed_pages(form: Record) -> set[int]:
    pages = set((form.get("source") or {}).get("pages") or [])
    boxes = [row.get("bbox") for row in form.get("indicators") or []] + list((form.get("boxes") or {}).values())
    pages.update(box["page"] for box in boxes if isinstance(box, dict) and "page" in box)
    return pages


def render_sources(forms: Sequence[Record], root: Path, pages_dir: Path, dpi: int) -> dict[str, SourceStatus]:
    """Render every page a form needs, once per page of each source PDF."""
    wanted: dict[str, set[int]] = {}
    sha: dict[str, Optional[str]] = {}
    for form in forms:
        path = _source_path(form)
        wanted.setdefault(path, set()).update(_needed_pages(form))
        sha.setdefault(path, (form.get("source") or {}).get("sha256"))
    out: dict[str, SourceStatus] = {}
    for path, pages in wanted.items():
        out[path] = render_source(path, pages, sha[path], root, pages_dir, dpi)
    return out


def render_source(
    path: str, pages: set[int], sha256: Optional[str], root: Path, pages_dir: Path, dpi: int
) -> SourceStatus:
    """One source PDF's page images, or the reason there are none."""
    if not path:
        return SourceStatus(path, problem="the record names no source file")
    pdf = root / path
    if not pdf.is_file():
        return SourceStatus(path, problem=f"PDF not found: {pdf}")
    digest = _sha256(pdf)
    stem = (sha256 or digest)[:12]
    try:
        images = render_pages(pdf, pages, pages_dir, stem, dpi)
    except PdfUnreadable as exc:
        return SourceStatus(path, problem=str(exc))
    note = None
    if sha256 and sha256 != digest:
        note = f"{pdf} is not the file that was extracted (sha256 differs); boxes may be off"
    missing = sorted(pages - set(images))
    if missing:
        note = (note + "; " if note else "") + f"the PDF has no page {', '.join(map(str, missing))}"
    return SourceStatus(path, images, note=note)


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def _box_shown(box: Any, source: Optional[SourceStatus]) -> bool:
    return isinstance(box, dict) and source is not None and box.get("page") in source.images


# ---- header values ----------------------------------------------------------------------


def header_items(form: Record) -> list[tuple[str, str, Any]]:
    """``(box key, label, value)`` of every header value, in the form's reading order: the
    fixed fields, then funds as printed (the parsed amounts are in the export), then other
    fields, then any other boxed key."""
    funds = form.get("funds") or {}
    items: list[tuple[str, str, Any]] = []
    for key, label in HEADER_LABELS.items():
        value = form.get(key)
        if value is not None:
            items.append((key, label, value))
    items.extend((f"funds.raw.{label}", label, text) for label, text in (funds.get("raw") or {}).items())
    items.extend((f"fields.{label}", label, text) for label, text in (form.get("fields") or {}).items())
    items.extend(evaluation.header_extra(form))
    seen = {key for key, _, _ in items}
    items.extend((key, key, None) for key in (form.get("boxes") or {}) if key not in seen)
    return items


def search_text(form: Record) -> str:
    """What the filter box matches against: id, path and every value of the form, lowercased."""
    parts: list[Any] = [form.get("id"), _source_path(form)]
    parts.extend(value for _, _, value in header_items(form))
    for row in form.get("indicators") or []:
        parts.extend([row.get("level1"), row.get("level2"), row.get("name"), row.get("target")])
    parts.extend(f"{i.get('code')} {i.get('message')}" for i in form.get("issues") or [] if isinstance(i, dict))
    return " ".join(str(p) for p in parts if p is not None).lower()


# ---- markup -----------------------------------------------------------------------------


def _page_header(forms: Sequence[Record], sources: dict[str, SourceStatus]) -> str:
    flagged = sum(1 for f in forms if f.get("issues"))
    rows = sum(len(f.get("indicators") or []) for f in forms)
    problems = [s for s in sources.values() if s.problem]
    warn = ""
    if problems:
        items = "".join(f"<li>{esc(s.path)}: {esc(s.problem)}</li>" for s in problems)
        warn = f'<div class="warn"><b>Source PDFs not shown</b> (rows are still listed):<ul>{items}</ul></div>'
    return (
        '<header class="top"><h1>jixiao review</h1>'
        f'<span class="muted">{len(forms)} forms · {rows} rows · {flagged} with issues</span>'
        '<input id="filter" type="search" placeholder="Filter: project, unit, indicator, id, path…" autofocus>'
        '<label><input id="only-issues" type="checkbox"> only forms with issues</label>'
        '<span id="shown" class="muted"></span></header>'
        f"{warn}\n"
    )


def form_section(n: int, form: Record, source: Optional[SourceStatus]) -> str:
    """One form: its heading, issues, page images with boxes, and the table of values."""
    fid = f"form-{n}"
    src = form.get("source") or {}
    issues = form.get("issues") or []
    pages = ",".join(str(p) for p in src.get("pages") or [])
    meta = " · ".join(
        esc(x) for x in (form.get("id"), src.get("path"), f"pages {pages}", src.get("method"), form.get("kind")) if x
    )
    issue_list = ""
    if issues:
        items = "".join(
            f"<li><code>{esc(i.get('code'))}</code> {esc(i.get('message'))}</li>" if isinstance(i, dict) else f"<li>{esc(i)}</li>"
            for i in issues
        )
        issue_list = f'<ul class="issues">{items}</ul>'
    notes = ""
    if source is not None and (source.problem or source.note):
        notes = f'<p class="warn">{esc(source.problem or source.note)}</p>'
    header = header_items(form)
    rows = form.get("indicators") or []
    boxed = _page_boxes(fid, form, header, rows)
    images = source.images if source is not None else {}
    figures = "".join(
        _figure(fid, page, images[page], boxed.get(page, [])) for page in sorted(_needed_pages(form)) if page in images
    )
    badge = f' <span class="badge">{len(issues)} issue{"s" if len(issues) != 1 else ""}</span>' if issues else ""
    return (
        f'<section class="form{" flagged" if issues else ""}" id="{fid}" data-id="{esc(form.get("id"))}" '
        f'data-issues="{len(issues)}">'
        f"<h2>{esc(form.get('project_name') or form.get('department') or '(no project name)')}{badge}</h2>"
        f'<p class="muted meta">{meta}</p>{issue_list}{notes}'
        f'<div class="cols"><div class="pages">{figures or NO_IMAGES}</div>'
        f'<div class="values">{_header_table(fid, form, header)}{evaluation.execution_table(form)}'
        f'{_rows_table(fid, rows, evaluation.is_evaluation(form))}</div></div>'
        "</section>"
    )


NO_IMAGES = '<p class="muted noimg">No page images.</p>'


def _page_boxes(
    fid: str, form: Record, header: list[tuple[str, str, Any]], rows: Sequence[Record]
) -> dict[int, list[tuple[str, str, dict[str, Any], str]]]:
    """Boxes by page: (data key, kind, box, tooltip)."""
    boxes = form.get("boxes") or {}
    out: dict[int, list[tuple[str, str, dict[str, Any], str]]] = {}
    for k, (key, label, value) in enumerate(header):
        box = boxes.get(key)
        if isinstance(box, dict):
            out.setdefault(box["page"], []).append((f"{fid}-h{k}", "field", box, f"{label}: {value if value is not None else ''}"))
    for k, row in enumerate(rows, 1):
        box = row.get("bbox")
        if isinstance(box, dict):
            tip = f"{k}. {row.get('name')}: {row.get('target') or ''}"
            out.setdefault(box["page"], []).append((f"{fid}-r{k}", "row", box, tip))
    return out


def _figure(fid: str, page: int, image: PageImage, boxes: list[tuple[str, str, dict[str, Any], str]]) -> str:
    marks = []
    for key, kind, box, tip in boxes:
        left, top, width, height = image.to_pixels(box)
        marks.append(
            f'<a class="box {kind}" data-key="{key}" title="{esc(tip)}" '
            f'style="left:{left}px;top:{top}px;width:{width}px;height:{height}px"></a>'
        )
    return (
        f'<figure class="page" data-page="{page}">'
        f'<figcaption class="muted">page {page}</figcaption>'
        f'<div class="sheet" style="width:{image.width}px;height:{image.height}px">'
        f'<img src="{esc(image.src)}" width="{image.width}" height="{image.height}" alt="page {page}" loading="lazy">'
        f'{"".join(marks)}</div></figure>'
    )


def _header_table(fid: str, form: Record, header: list[tuple[str, str, Any]]) -> str:
    boxes = form.get("boxes") or {}
    trs = []
    for k, (key, label, value) in enumerate(header):
        attrs = f' data-key="{fid}-h{k}"' if isinstance(boxes.get(key), dict) else ' class="nobox"'
        trs.append(f"<tr{attrs}><th>{esc(label)}</th><td>{esc(value)}</td></tr>")
    return f'<table class="header">{"".join(trs)}</table>'


def _rows_table(fid: str, rows: Sequence[Record], evaluated: bool = False) -> str:
    beside = evaluation.ROW_HEAD if evaluated else ""
    head = f"<tr><th>#</th><th>一级指标</th><th>二级指标</th><th>三级指标</th><th>指标值</th>{beside}<th>页</th></tr>"
    trs = []
    for k, row in enumerate(rows, 1):
        box = row.get("bbox")
        attrs = f' data-key="{fid}-r{k}"' if isinstance(box, dict) else ' class="nobox" title="no box recorded"'
        trs.append(
            f"<tr{attrs}><td>{k}</td><td>{esc(row.get('level1'))}</td><td>{esc(row.get('level2'))}</td>"
            f"<td>{esc(row.get('name'))}</td><td>{esc(row.get('target'))}</td>"
            f"{evaluation.row_cells(row) if evaluated else ''}<td>{esc(row.get('page'))}</td></tr>"
        )
    return f'<table class="rows"><thead>{head}</thead><tbody>{"".join(trs)}</tbody></table>'


PAGE_CSS = """
header.top { position: sticky; top: 0; z-index: 10; display: flex; gap: 14px; align-items: center;
             flex-wrap: wrap; padding: 10px 16px; background: #fff; border-bottom: 1px solid #ddd; }
#filter { flex: 1; min-width: 240px; max-width: 520px; padding: 5px 8px; font: inherit; }
.warn { background: #fff4e5; border: 1px solid #f0c36d; padding: 6px 10px; margin: 8px 16px; }
.form { margin: 16px; padding: 12px; background: #fff; border: 1px solid #ddd; border-radius: 6px; }
.form.flagged { border-left: 5px solid #d97706; }
.badge { font-size: 12px; background: #d97706; color: #fff; border-radius: 9px; padding: 1px 8px; margin-left: 6px; }
.meta { margin: 0 0 6px; }
ul.issues { margin: 4px 0 8px; color: #9a3412; }
.cols { display: flex; gap: 16px; align-items: flex-start; }
.pages { flex: none; }
.page { margin: 0 0 12px; }
.sheet { position: relative; box-shadow: 0 1px 4px rgba(0,0,0,.25); background: #fff; }
.sheet img { display: block; }
.box { position: absolute; box-sizing: border-box; border: 1.5px solid rgba(37, 99, 235, .7);
       background: rgba(37, 99, 235, .06); cursor: pointer; }
.box.field { border-color: rgba(22, 163, 74, .75); background: rgba(22, 163, 74, .06); }
.box.hot, .box.pinned { border: 2.5px solid #dc2626; background: rgba(250, 204, 21, .35); }
.values { flex: 1; min-width: 360px; position: sticky; top: 64px; max-height: calc(100vh - 80px); overflow: auto; }
.values table { width: 100%; margin-bottom: 10px; font-size: 13px; }
.values td { overflow-wrap: anywhere; }
.values tr[data-key] { cursor: pointer; }
.values tr.hot td, .values tr.hot th, .values tr.pinned td, .values tr.pinned th { background: #fef08a; }
table.rows tr.nobox td { color: #9a3412; }
table.rows td:nth-child(2), table.rows td:nth-child(3) { white-space: nowrap; }
table.header th { width: 6em; white-space: nowrap; }
table.header td { max-width: 32em; }
.noimg { padding: 20px; border: 1px dashed #bbb; }
.hidden { display: none; }
"""

PAGE_JS = r"""
(function () {
  "use strict";
  function same(key) { return document.querySelectorAll('[data-key="' + key + '"]'); }
  function mark(key, cls, on) { same(key).forEach(function (el) { el.classList.toggle(cls, on); }); }
  function keyOf(ev) { var el = ev.target.closest("[data-key]"); return el ? el : null; }
  document.addEventListener("mouseover", function (ev) { var el = keyOf(ev); if (el) mark(el.dataset.key, "hot", true); });
  document.addEventListener("mouseout", function (ev) { var el = keyOf(ev); if (el) mark(el.dataset.key, "hot", false); });
  document.addEventListener("click", function (ev) {
    var el = keyOf(ev); if (!el) return;
    ev.preventDefault();
    var key = el.dataset.key, was = el.classList.contains("pinned");
    document.querySelectorAll(".pinned").forEach(function (p) { p.classList.remove("pinned"); });
    if (was) return;
    mark(key, "pinned", true);
    same(key).forEach(function (other) {
      if (other !== el) other.scrollIntoView({block: "center", behavior: "smooth"});
    });
  });
  var search = JSON.parse(document.getElementById("search-data").textContent);
  var box = document.getElementById("filter"), only = document.getElementById("only-issues");
  var shown = document.getElementById("shown");
  function filter() {
    var words = box.value.toLowerCase().split(/\s+/).filter(Boolean), n = 0, all = 0;
    document.querySelectorAll("section.form").forEach(function (sec) {
      var text = search[sec.id] || "";
      var ok = words.every(function (w) { return text.indexOf(w) >= 0; });
      if (only.checked && sec.dataset.issues === "0") ok = false;
      sec.classList.toggle("hidden", !ok); all += 1; if (ok) n += 1;
    });
    shown.textContent = n === all ? "" : n + " of " + all + " forms shown";
  }
  box.addEventListener("input", filter); only.addEventListener("change", filter); filter();
  document.documentElement.setAttribute("data-ready", "yes");  // set up without errors
})();
"""
