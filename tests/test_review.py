"""The review page: every row outlined on the right page, extracted text shown and never run.

Built from the samples' real extraction (multi-page forms, a page shared by two forms),
read back with an HTML parser, and opened in headless Chromium when it is installed.
"""

from __future__ import annotations

import copy
import json
import os
import re
import shutil
import signal
import subprocess
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any, Optional

import pytest

from goldens import write_jsonl
from click.testing import CliRunner

from jixiao.cli import main
from jixiao.review.images import DEFAULT_DPI
from jixiao.review.page import build_review

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
CHROMIUM = shutil.which("chromium") or ("/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None)
CHROMIUM_TIMEOUT = 60  # a page that ran alert() hangs headless Chromium until killed
XSS = "<script>alert(1)</script>"
TITLE_XSS = "</script><script>document.title='pwned'</script>"
ATTR_XSS = "\"><img src=x onerror=\"document.title='pwned'\">"


@dataclass
class Element:
    tag: str
    attrs: dict[str, Optional[str]]
    section: Optional[str]
    page: Optional[int]
    text: str = ""

    @property
    def classes(self) -> set[str]:
        return set((self.attrs.get("class") or "").split())


@dataclass
class PageModel:
    """What a test needs from the page: keyed elements, where they sit, and the scripts."""

    keyed: list[Element] = field(default_factory=list)
    sections: list[dict[str, Optional[str]]] = field(default_factory=list)
    images: list[str] = field(default_factory=list)
    scripts: list[dict[str, Optional[str]]] = field(default_factory=list)
    script_text: list[str] = field(default_factory=list)
    title: str = ""


class Reader(HTMLParser):
    VOID = {"img", "input", "br", "meta", "link"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.model = PageModel()
        self.stack: list[tuple[str, dict[str, Optional[str]]]] = []
        self.current: Optional[Element] = None
        self.in_script = self.in_title = False

    def _within(self, tag: str, attr: str) -> Optional[str]:
        for t, attrs in reversed(self.stack):
            if t == tag and attr in attrs:
                return attrs[attr]
        return None

    def handle_starttag(self, tag: str, attr_list: list[tuple[str, Optional[str]]]) -> None:
        attrs = dict(attr_list)
        if tag == "section":
            self.model.sections.append(attrs)
        if tag == "img":
            self.model.images.append(attrs["src"] or "")
        if tag == "script":
            self.model.scripts.append(attrs)
            self.in_script = True
            self.model.script_text.append("")
        self.in_title = tag == "title"
        if "data-key" in attrs and tag in ("a", "tr"):
            page = self._within("figure", "data-page")
            section = self._within("section", "id")
            self.current = Element(tag, attrs, section, int(page) if page else None)
            self.model.keyed.append(self.current)
        if tag not in self.VOID:
            self.stack.append((tag, attrs))

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self.in_script = False
        if tag == "title":
            self.in_title = False
        if tag in ("a", "tr"):
            self.current = None
        while self.stack:
            t, _ = self.stack.pop()
            if t == tag:
                break

    def handle_data(self, data: str) -> None:
        if self.in_script:
            self.model.script_text[-1] += data
        if self.in_title:
            self.model.title += data
        if self.current is not None:
            self.current.text += data


def read_page(path: Path) -> PageModel:
    reader = Reader()
    reader.feed(path.read_text(encoding="utf-8"))
    return reader.model


@pytest.fixture(scope="module")
def review(records: list[dict[str, Any]], tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Any]:
    out = tmp_path_factory.mktemp("review")
    summary = build_review(records, out, root=SAMPLES)
    return out, summary


def hostile(record: dict[str, Any]) -> dict[str, Any]:
    """A copy of a real record whose cells try to run script in every way they can."""
    bad = copy.deepcopy(record)
    bad["id"] = "0123456789ab:9"
    bad["project_name"] = TITLE_XSS
    bad["indicators"][0]["name"] = XSS
    bad["indicators"][1]["target"] = ATTR_XSS
    bad["fields"] = {"<b>负责人</b>": "x & y"}
    bad["issues"] = [{"code": "<i>code</i>", "message": XSS}]
    return bad


# ---- structure --------------------------------------------------------------------------


def test_every_row_has_a_box_on_its_page(records: list[dict[str, Any]], review: tuple[Path, Any]) -> None:
    out, summary = review
    page = read_page(out / "index.html")
    section_of = {s["data-id"]: s["id"] for s in page.sections}
    boxes = {(e.attrs["data-key"]): e for e in page.keyed if e.tag == "a"}
    table_rows = {(e.attrs["data-key"]): e for e in page.keyed if e.tag == "tr"}
    total = 0
    for record in records:
        fid = section_of[record["id"]]
        for k, row in enumerate(record["indicators"], 1):
            key = f"{fid}-r{k}"
            assert key in table_rows, f"{record['id']} row {k} not in the table"
            assert key in boxes, f"{record['id']} row {k} ({row['name']}) has no box"
            box = boxes[key]
            assert "row" in box.classes and box.section == fid
            assert box.page == row["bbox"]["page"], f"{record['id']} row {k} on the wrong page"
            total += 1
    assert total == summary.rows == summary.rows_boxed == 186


def test_boxes_are_scaled_from_points_to_pixels(records: list[dict[str, Any]], review: tuple[Path, Any]) -> None:
    out, _ = review
    page = read_page(out / "index.html")
    section_of = {s["data-id"]: s["id"] for s in page.sections}
    boxes = {e.attrs["data-key"]: e for e in page.keyed if e.tag == "a"}
    scale = DEFAULT_DPI / 72
    record = records[0]
    for k, row in enumerate(record["indicators"], 1):
        style = boxes[f"{section_of[record['id']]}-r{k}"].attrs["style"] or ""
        left, top, width, height = map(int, re.findall(r"(\d+)px", style))
        bbox = row["bbox"]
        assert abs(left - bbox["x0"] * scale) <= 1 and abs(top - bbox["top"] * scale) <= 1
        assert abs(width - (bbox["x1"] - bbox["x0"]) * scale) <= 2
        assert abs(height - (bbox["bottom"] - bbox["top"]) * scale) <= 2


def test_header_values_have_boxes(records: list[dict[str, Any]], review: tuple[Path, Any]) -> None:
    out, _ = review
    page = read_page(out / "index.html")
    fields = [e for e in page.keyed if e.tag == "a" and "field" in e.classes]
    assert len(fields) == sum(len(r["boxes"]) for r in records)
    titles = {e.attrs["title"] for e in fields}
    assert "项目名称: 办案业务费" in titles


def test_each_page_image_is_written_once(records: list[dict[str, Any]], review: tuple[Path, Any]) -> None:
    out, summary = review
    pngs = sorted((out / "pages").glob("*.png"))
    wanted = {(r["source"]["sha256"][:12], p) for r in records for p in r["source"]["pages"]}
    assert len(pngs) == len(wanted) == summary.images == 18
    page = read_page(out / "index.html")
    assert set(page.images) == {f"pages/{p.name}" for p in pngs}
    assert len(page.images) > len(set(page.images)), "a page shared by two forms is shown twice, written once"
    assert all((out / src).is_file() for src in page.images)


def test_page_has_no_external_assets(review: tuple[Path, Any]) -> None:
    out, _ = review
    html = (out / "index.html").read_text(encoding="utf-8")
    assert "http://" not in html and "https://" not in html
    assert all("src" not in s for s in read_page(out / "index.html").scripts)


def test_forms_with_issues_come_first(records: list[dict[str, Any]], tmp_path: Path) -> None:
    flagged = copy.deepcopy(records[5])
    flagged["issues"] = [{"code": "funds-sum", "message": "70.4 ≠ 14.4 + 55.0"}]
    build_review(records[:5] + [flagged], tmp_path, root=SAMPLES)
    page = read_page(tmp_path / "index.html")
    assert page.sections[0]["data-id"] == flagged["id"]
    assert page.sections[0]["data-issues"] == "1"
    assert [s["data-id"] for s in page.sections[1:]] == [r["id"] for r in records[:5]]


# ---- escaping ---------------------------------------------------------------------------


def test_script_in_a_cell_is_shown_not_run(records: list[dict[str, Any]], tmp_path: Path) -> None:
    build_review([hostile(records[0])], tmp_path, root=SAMPLES)
    html = (tmp_path / "index.html").read_text(encoding="utf-8")
    assert XSS not in html and "<script>document" not in html and "<img src=x" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    page = read_page(tmp_path / "index.html")
    assert len(page.scripts) == 2, "only the page's own script and its JSON data"
    texts = {e.text for e in page.keyed if e.tag == "tr"}
    assert any(XSS in t for t in texts), "the cell's text is shown as written"
    assert any(ATTR_XSS in t for t in texts)
    titles = {e.attrs.get("title") for e in page.keyed if e.tag == "a"}
    assert f"1. {XSS}: 60人,1次" in titles, "attributes decode back to the text, not to markup"
    (data_script,) = [t for s, t in zip(page.scripts, page.script_text) if s.get("type") == "application/json"]
    assert "<" not in data_script and ">" not in data_script
    assert XSS.lower() in json.loads(data_script)["form-1"]


# ---- sources ----------------------------------------------------------------------------


def test_missing_pdf_is_reported_and_rows_still_listed(records: list[dict[str, Any]], tmp_path: Path) -> None:
    summary = build_review(records, tmp_path / "out", root=tmp_path)
    assert len(summary.unavailable) == len(records)
    assert all("PDF not found" in reason for _, reason in summary.unavailable)
    assert summary.images == 0 and summary.rows_boxed == 0
    page = read_page(tmp_path / "out" / "index.html")
    assert sum(1 for e in page.keyed if e.tag == "tr" and "-r" in (e.attrs["data-key"] or "")) == summary.rows
    assert "PDF not found" in (tmp_path / "out" / "index.html").read_text(encoding="utf-8")


def test_changed_pdf_is_noted(records: list[dict[str, Any]], tmp_path: Path) -> None:
    pdf = SAMPLES / records[0]["source"]["path"]
    (tmp_path / pdf.name).write_bytes(pdf.read_bytes() + b"\n% edited\n")
    build_review(records[:1], tmp_path / "out", root=tmp_path)
    assert "sha256 differs" in (tmp_path / "out" / "index.html").read_text(encoding="utf-8")


def test_unreadable_pdf_is_reported(records: list[dict[str, Any]], tmp_path: Path) -> None:
    (tmp_path / records[0]["source"]["path"]).write_bytes(b"%PDF-1.7\nnot really\n")
    summary = build_review(records[:1], tmp_path / "out", root=tmp_path)
    ((_, reason),) = summary.unavailable
    assert "cannot open" in reason


# ---- CLI --------------------------------------------------------------------------------


def test_cli_review(records: list[dict[str, Any]], tmp_path: Path) -> None:
    run = write_jsonl(tmp_path / "run.jsonl", records)
    result = CliRunner().invoke(main, ["review", str(run), "-o", str(tmp_path / "rv"), "--root", str(SAMPLES)])
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    assert "12 forms, 186 rows (186 outlined), 18 page images" in result.stderr
    assert (tmp_path / "rv" / "index.html").is_file()


def test_cli_review_names_missing_pdfs(records: list[dict[str, Any]], tmp_path: Path) -> None:
    run = write_jsonl(tmp_path / "run.jsonl", records)
    result = CliRunner().invoke(main, ["review", str(run), "-o", str(tmp_path / "rv"), "--root", str(tmp_path)])
    assert result.exit_code == 0
    assert "12 forms shown without page images" in result.stderr
    assert "lu-an-2021-calc.pdf" in result.stderr and "--root" in result.stderr


def test_cli_review_bad_records_file(tmp_path: Path) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text("not json\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["review", str(bad), "-o", str(tmp_path / "rv")])
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and "line 1 is not JSON" in result.stderr


# ---- in a browser -----------------------------------------------------------------------


def _chromium(url: str, profile: Path, *args: str) -> subprocess.CompletedProcess[str]:
    assert CHROMIUM is not None
    command = [
        CHROMIUM,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        f"--user-data-dir={profile}",
        "--window-size=1400,1000",
        *args,
        url,
    ]
    with subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True
    ) as proc:
        try:
            out, err = proc.communicate(timeout=CHROMIUM_TIMEOUT)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)  # chromium's helpers too
            proc.communicate()
            pytest.fail(f"chromium did not finish in {CHROMIUM_TIMEOUT}s: did a script open an alert?")
    return subprocess.CompletedProcess(command, proc.returncode, out, err)


@pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (apt-get install -y chromium)")
def test_review_in_headless_chromium(records: list[dict[str, Any]], tmp_path: Path) -> None:
    from PIL import Image

    forms = [hostile(records[0])] + records
    summary = build_review(forms, tmp_path / "rv", root=SAMPLES)
    url = (tmp_path / "rv" / "index.html").as_uri()

    shot = tmp_path / "shot.png"
    done = _chromium(url, tmp_path / "profile1", f"--screenshot={shot}")
    assert shot.is_file(), done.stderr[-2000:]
    with Image.open(shot) as image:
        assert image.size == (1400, 1000)
        colours = image.convert("RGB").getcolors(maxcolors=1 << 20)
        assert colours is None or len(colours) > 50, "the screenshot is not blank"

    done = _chromium(url, tmp_path / "profile2", "--dump-dom")
    dom = done.stdout
    assert 'data-ready="yes"' in dom, "the page's script ran to the end"
    assert "<title>jixiao review</title>" in dom and "pwned" not in dom.split("</title>")[0]
    assert dom.count('class="box row"') == summary.rows == sum(len(f["indicators"]) for f in forms)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in dom
    assert XSS not in dom and "<img src=\"x\"" not in dom


def test_evaluation_shows_actual_beside_target(records: list[dict[str, Any]], tmp_path: Path) -> None:
    form = copy.deepcopy(records[0])
    form.update(stage="evaluation", goal_achieved="完成<b>培训</b>", total_score=96.0,
                execution=[{"label": "年度资金总额", "planned": 70.4, "adjusted": 70.4, "spent": 60.0,
                            "rate": "85.23%", "weight": 10.0, "score": 8.5}])
    row = form["indicators"][0]
    row.update(actual="62人,1次", achieved=True, weight=20.0, score=20.0, deviation=None)
    form["indicators"][1].update(actual="<i>x</i>", achieved=False, deviation="原因<script>")
    build_review([form, records[1]], tmp_path, root=SAMPLES)
    html = (tmp_path / "index.html").read_text(encoding="utf-8")
    first, second = html.split('id="form-2"')
    assert "<th>指标值</th><th>实际完成值</th><th>达成</th>" in first and "实际完成值" not in second
    assert f"<td>{row['target']}</td><td>62人,1次</td><td class=\"met\">✓</td><td>20.0</td><td>20.0</td>" in first
    assert "&lt;i&gt;x&lt;/i&gt;" in first and 'title="原因&lt;script&gt;"' in first and 'class="unmet"' in first
    assert "完成&lt;b&gt;培训&lt;/b&gt;" in first and "<th>总分</th><td>96.0</td>" in first
    assert "<th>年度资金总额</th><td>70.4</td><td>70.4</td><td>60.0</td><td>85.23%</td>" in first
