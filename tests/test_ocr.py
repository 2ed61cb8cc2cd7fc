"""The OCR path (issue 5): which pages go to OCR, the image stages, and scans read end to end.

Scans and the broken-text-layer PDF are made by ``tests/data/scans/make_scans.py`` from PDFs
whose truth is known; their truth files are the source truths renumbered. Only the end-to-end
tests run the models (8 pages); everything else is fast.
"""

from __future__ import annotations

import importlib.util
import socket
import sys
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from jixiao.extract.model import Char, Page, Segment
from jixiao.extract.run.settings import RunSettings
from jixiao.extract.read.ocr.detect import text_layer_problem

REPO = Path(__file__).resolve().parent.parent
SCANS = REPO / "tests" / "data" / "scans"
TEXT_PDFS = sorted(
    [*REPO.glob("samples/*.pdf"), *REPO.glob("tests/data/producers/*.pdf"), *REPO.glob("tests/data/layouts/*.pdf")]
)
OCR_PDFS = ["scan-calc.pdf", "scan-word.pdf", "cid-word.pdf"]


def _score_module() -> Any:
    path = REPO / "benchmarks" / "score.py"
    spec = importlib.util.spec_from_file_location("jixiao_score_ocr", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def _never(*_: Any) -> float:
    raise AssertionError("the image check was not needed here")


def _page(texts: str, segments: int = 12) -> Page:
    chars = [Char(t, 10.0 * k, 10.0, 10.0 * k + 9, 20.0) for k, t in enumerate(texts)]
    segs = [Segment(k % 2 == 0, 50.0 + k, 0.0, 100.0) for k in range(segments)]
    return Page(number=1, width=595.0, height=842.0, chars=chars, segments=segs)


# --------------------------------------------------------------------------- detection


@pytest.mark.parametrize("pdf", TEXT_PDFS, ids=lambda p: p.name)
def test_text_pdfs_are_never_sent_to_ocr(pdf: Path) -> None:
    from jixiao.extract.run.readers import pdf_rows

    methods = {rows.method for rows in pdf_rows(pdf, RunSettings(ocr="auto"))}
    assert methods == {"text"}


def test_a_worker_keeps_the_libraries_it_loads_to_one_thread() -> None:
    """numpy loads in the worker, for pages on their way to OCR (not before the fork:
    test_readers.py), where its OpenBLAS would start a thread per core and spin; a user's own
    setting wins."""
    from jixiao.extract.run.worker import ONE_CORE_ENV, one_core

    environ = {"OMP_NUM_THREADS": "4"}
    one_core(environ)
    assert environ == {**ONE_CORE_ENV, "OMP_NUM_THREADS": "4"}
    assert environ["OPENBLAS_NUM_THREADS"] == "1"


def test_fonts_without_tounicode_are_detected() -> None:
    import pdfplumber

    from jixiao.extract.read.pdf import pdf_to_pages

    with pdfplumber.open(SCANS / "cid-word.pdf") as pdf:
        assert "(cid:" in (pdf.pages[0].extract_text() or "")
    reasons = [text_layer_problem(page, _never) for page in pdf_to_pages(SCANS / "cid-word.pdf")]
    assert all(r is not None and "(cid:N)" in r for r in reasons)


def test_scanned_pages_have_no_text_layer() -> None:
    from jixiao.extract.read.pdf import pdf_to_pages

    assert [text_layer_problem(p, _never) for p in pdf_to_pages(SCANS / "scan-word.pdf")] == ["no text layer"] * 2


@pytest.mark.parametrize(
    "texts, share, expected",
    [
        ("项目名称办案业务费实施单位六安市司法局本级经常性项目", 0.0, None),
        ("\ue001\ue002\ue003\ue004项目", 0.0, "private-use"),
        ("ÏîÄ¿Ãû³Æ°ì°¸ÒµÎñ·Ñ", 0.0, "non-Chinese"),
        ("第1页", 0.95, "image covers 95%"),
        ("第1页", 0.1, None),
    ],
)
def test_text_layer_reasons(texts: str, share: float, expected: str | None) -> None:
    reason = text_layer_problem(_page(texts), lambda: share)
    assert (reason is None) if expected is None else (reason is not None and expected in reason)


def test_a_searchable_scan_is_read_by_ocr() -> None:
    """Good hanzi under an invisible OCR layer, but the rules exist only in the page image."""
    page = _page("项目名称办案业务费实施单位六安市司法局本级经常性项目年度目标", segments=0)
    reason = text_layer_problem(page, lambda: 0.98)
    assert reason is not None and "no rules" in reason


@pytest.mark.parametrize(
    ("texts", "segments", "share", "figure"),
    [
        ("", 0, 0.24, True),  # a pie chart in a report's 说明: no text, no rules
        ("", 0, 0.95, False),  # a scanned sheet
        ("", 0, 0.0, False),  # no image: text drawn as outlines, or a blank page
        ("", 12, 0.24, False),  # rules beside the picture: a table to read
        ("第1页", 0, 0.24, False),  # some text: the text-layer checks decide
    ],
)
def test_a_figure_of_a_report_is_not_a_scan(texts: str, segments: int, share: float, figure: bool) -> None:
    from jixiao.extract.read.ocr.detect import figure_share

    assert (figure_share(_page(texts, segments=segments), lambda: share) is not None) is figure


def test_a_chart_page_is_not_sent_to_the_models(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A page holding only a chart image over a quarter of it: no OCR, no record, a warning
    for the file's report; a page that is one big image is still sent (the stand-in reader
    stops there)."""
    import pypdfium2 as pdfium
    from PIL import Image

    import jixiao.extract.read.ocr.page as ocr_page
    from jixiao.extract.run.readers import pdf_rows

    chart = tmp_path / "chart.png"
    Image.new("RGB", (400, 300), (230, 120, 40)).save(chart)
    doc = pdfium.PdfDocument.new()
    for width, height in [(300, 220), (595, 842)]:
        page = doc.new_page(595, 842)
        image = pdfium.PdfImage.new(doc)
        image.set_bitmap(pdfium.PdfBitmap.from_pil(Image.open(chart)))
        image.set_matrix(pdfium.PdfMatrix().scale(width, height).translate(0, 842 - height))
        page.insert_obj(image)
        page.gen_content()
    pdf = tmp_path / "report.pdf"
    doc.save(str(pdf))
    read: list[int] = []

    class Reader:
        def __init__(self, *args: Any) -> None:
            self.document = pdfium.PdfDocument(str(pdf))

        def image_share(self, number: int) -> float:
            from jixiao.extract.read.ocr.detect import largest_image_share

            return largest_image_share(self.document[number - 1])

        def read(self, number: int) -> Any:
            read.append(number)
            raise RuntimeError("stop here")

        def close(self) -> None:
            self.document.close()

    monkeypatch.setattr(ocr_page, "OcrReader", Reader)
    rows = pdf_rows(pdf, RunSettings(ocr="auto"))
    chart_page = next(rows)
    assert chart_page.rows == [] and chart_page.method == "text"
    assert chart_page.warning is not None and chart_page.warning.startswith("page 1 not OCR'd: a figure")
    with pytest.raises(RuntimeError, match="stop here"):
        next(rows)
    assert read == [2]


def test_a_good_text_layer_does_not_look_at_images() -> None:
    assert text_layer_problem(_page("项目名称办案业务费实施单位六安市司法局本级经常性项目年度目标"), _never) is None


# --------------------------------------------------------------------------- image stages


def _render(pdf: Path, index: int, dpi: int = 200) -> np.ndarray:
    import pypdfium2 as pdfium

    from jixiao.extract.read.ocr.render import render_gray

    doc = pdfium.PdfDocument(str(pdf))
    try:
        return render_gray(doc[index], dpi)
    finally:
        doc.close()


@pytest.mark.parametrize("angle", [1.5, -2.0, 0.0, 5.2, -9.4, 11.0])
def test_skew_is_measured_and_removed(angle: float) -> None:
    from jixiao.extract.read.ocr.render import level, rotate, skew_angle

    gray = _render(REPO / "tests/data/producers/word.pdf", 0, dpi=150)
    tilted = rotate(gray, angle)
    assert skew_angle(tilted) == pytest.approx(angle, abs=0.15)
    levelled, applied = level(tilted)
    assert applied == pytest.approx(-angle, abs=0.15)
    assert abs(skew_angle(levelled)) <= 0.1


def test_sideways_lines_are_seen() -> None:
    from jixiao.extract.read.ocr.render import is_sideways

    assert is_sideways([(20, 300), (20, 200), (25, 25), (100, 30)])
    assert not is_sideways([(300, 20), (200, 20), (20, 90)])
    assert not is_sideways([])


@pytest.mark.parametrize("pdf", ["tests/data/producers/word.pdf", "samples/lu-an-2021-calc.pdf"])
def test_rules_from_the_image_give_the_drawn_grid(pdf: str) -> None:
    """Morphology on the rendered page finds the grid the PDF draws: same rows, columns and
    merged cells, edges within a point or two."""
    from jixiao.extract.layout.grid import rules_to_tables
    from jixiao.extract.read.ocr.drawn_rules import image_to_segments
    from jixiao.extract.read.pdf import pdf_to_pages
    from jixiao.extract.layout.rules import segments_to_rules

    vector = next(iter(pdf_to_pages(REPO / pdf)))
    segments, clean = image_to_segments(_render(REPO / pdf, 0), 200 / 72)
    drawn = rules_to_tables(*segments_to_rules(vector.segments), 1)
    seen = rules_to_tables(*segments_to_rules(segments), 1)
    assert len(seen) == len(drawn)
    for a, b in zip(seen, drawn):
        assert len(a.xs) == len(b.xs) and len(a.ys) == len(b.ys)
        assert max(abs(x - y) for x, y in zip(a.xs + a.ys, b.xs + b.ys)) < 2.0
        assert sorted((c.row, c.col, c.rowspan, c.colspan) for c in a.cells) == sorted(
            (c.row, c.col, c.rowspan, c.colspan) for c in b.cells
        )
    assert clean.shape == (round(vector.height * 200 / 72), round(vector.width * 200 / 72))


def _damage() -> Any:
    if str(SCANS) not in sys.path:
        sys.path.insert(0, str(SCANS))
    import damage

    return damage


def _same_grid(segments: list[Segment], pdf: str) -> None:
    """The image's segments give the grid the PDF draws: rows, columns, merged cells."""
    from jixiao.extract.layout.grid import rules_to_tables
    from jixiao.extract.read.pdf import pdf_to_pages
    from jixiao.extract.layout.rules import segments_to_rules

    vector = next(iter(pdf_to_pages(REPO / pdf)))
    drawn = rules_to_tables(*segments_to_rules(vector.segments), 1)
    seen = rules_to_tables(*segments_to_rules(segments), 1)
    assert [(len(t.xs), len(t.ys), len(t.cells)) for t in seen] == [(len(t.xs), len(t.ys), len(t.cells)) for t in drawn]


def test_rules_broken_by_a_poor_copy_come_out_whole() -> None:
    """A faint copy breaks every rule each few points (gaps of 0.7-3 pt): closing 0.6 pt left
    fragments and no cells; gaps scaled to the text lines and pieces joined give the grid."""
    from jixiao.extract.read.ocr.drawn_rules import image_to_segments
    from jixiao.extract.read.ocr.render import even_light

    from jixiao.extract.read.pdf import pdf_to_pages

    pdf, s = "tests/data/producers/word.pdf", 200 / 72
    rgb = np.repeat(_render(REPO / pdf, 0)[:, :, None], 3, axis=2)
    faint = even_light(_damage().faint(rgb, np.random.default_rng(7), []), s)
    # Text boxes as the detector gives them: the glyphs plus a margin of about a third above and below.
    chars = next(iter(pdf_to_pages(REPO / pdf))).chars
    text = [(c.x0 * s, (c.top - 0.3 * (c.bottom - c.top)) * s, c.x1 * s, (c.bottom + 0.3 * (c.bottom - c.top)) * s) for c in chars]
    segments, _ = image_to_segments(faint, s, line_height=14.0, text=text)
    _same_grid(segments, pdf)


def test_a_keystoned_photo_is_made_a_rectangle_again() -> None:
    """A phone photo: page on a desk, each corner moved differently, uneven light. The paper's
    outline is found and its perspective undone; the rules then give the drawn grid."""
    from jixiao.extract.read.ocr.geometry import paper_outline, unwarp
    from jixiao.extract.read.ocr.drawn_rules import image_to_segments
    from jixiao.extract.read.ocr.render import even_light, level, without_colour

    pdf = "tests/data/producers/word.pdf"
    rgb = np.repeat(_render(REPO / pdf, 0)[:, :, None], 3, axis=2)
    photo = without_colour(_damage().phone(rgb, np.random.default_rng(3), []))
    assert paper_outline(photo) is not None
    flat, warped = unwarp(photo)
    assert warped
    gray, _ = level(even_light(flat, 200 / 72))
    segments, _ = image_to_segments(gray, 200 / 72)
    _same_grid(segments, pdf)


def test_a_flat_scan_is_not_warped() -> None:
    from jixiao.extract.read.ocr.geometry import unwarp
    from jixiao.extract.read.ocr.render import rotate

    gray = rotate(_render(REPO / "tests/data/producers/word.pdf", 0), 2.0)
    assert unwarp(gray)[1] is False


def test_colour_ink_is_removed_black_under_it_stays() -> None:
    """Red seal and blue signature → paper; black print, also under the seal, and gray stay."""
    from jixiao.extract.read.ocr.render import without_colour

    pixels = np.array([[[205, 35, 45], [40, 60, 190], [0, 0, 0], [128, 128, 128], [103, 18, 22]]], dtype=np.uint8)
    gray = without_colour(pixels)[0]
    assert gray[0] == 255 and gray[1] == 255 and gray[2] == 0 and gray[3] == 128 and gray[4] > 180


def test_blank_pages_are_seen_without_the_models(tmp_path: Path) -> None:
    """A blank sheet with grain, specks and a scanner's edge shadow is blank; a faint copy is not."""
    import pypdfium2 as pdfium
    from PIL import Image

    from jixiao.extract.read.ocr.detect import is_blank

    rng = np.random.default_rng(1)
    sheet = np.clip(235 + rng.normal(0, 6, (2339, 1654)), 0, 255).astype(np.uint8)
    sheet[rng.random(sheet.shape) < 0.0008] = 40
    sheet[:, :30] = 150
    faint = _damage().faint(np.repeat(_render(REPO / "tests/data/producers/word.pdf", 3)[:, :, None], 3, axis=2), rng, [])
    pdf = tmp_path / "pages.pdf"
    Image.fromarray(sheet).save(pdf, "PDF", save_all=True, append_images=[Image.fromarray(faint)], resolution=200, quality=40)
    doc = pdfium.PdfDocument(str(pdf))
    try:
        assert [is_blank(doc[0]), is_blank(doc[1])] == [True, False]
    finally:
        doc.close()


def test_an_unsure_comparator_is_flagged_never_changed() -> None:
    """A line read with a high mean score but an unsure ≥ is reported; a sure one is not."""
    from jixiao.extract.read.ocr.comparators import leading_gap, unsure_comparator

    sure = _line("≥95%", [100.0, 114, 128, 142], [0.99, 0.99, 0.99, 0.99])
    unsure = _line("≥95%", [100.0, 114, 128, 142], [0.6, 0.99, 0.99, 0.99])
    assert not unsure_comparator(sure) and unsure_comparator(unsure)
    assert unsure.score > 0.85  # the mean alone would not flag it
    late = _line("95%", [130.0, 144, 158], [0.99] * 3)
    late.box = type(late.box)(100.0, 100.0, 165.0, 114.0)
    assert leading_gap(late) and not leading_gap(sure)


# --------------------------------------------------------------------------- glyphs and text


def _line(text: str, centres: list[float], scores: list[float] | None = None, height: float = 14.0) -> Any:
    from jixiao.extract.read.ocr.recognize import Box, TextLine

    box = Box(centres[0] - 7, 100.0, centres[-1] + 7, 100.0 + height)
    scores = scores or [0.99] * len(text)
    return TextLine(box=box, text=text, score=sum(scores) / len(scores), centres=centres, scores=scores)


def test_glyphs_of_a_line_read_back_as_its_text() -> None:
    from jixiao.extract.layout.celltext import chars_to_text
    from jixiao.extract.read.ocr.page import line_to_chars

    line = _line("≥16000人", [100, 108, 114, 120, 126, 132, 141])
    assert chars_to_text(line_to_chars(line)) == "≥16000人"


def test_a_gap_inside_a_line_stays_a_gap() -> None:
    """A line read across two cells: the glyphs each side of the gap stay apart."""
    from jixiao.extract.read.ocr.page import line_to_chars

    chars = line_to_chars(_line("考试高质量", [100, 110, 200, 210, 220]))
    assert chars[1].x1 < 150 < chars[2].x0


@pytest.mark.parametrize(
    "text, centres, expected",
    [
        ("和谐,稳定", [0, 10, 16, 22.5, 32.5], "和谐,稳定"),  # 1.25 pitches: half-width
        ("和谐，稳定", [0, 10, 20, 30, 40], "和谐，稳定"),  # 2 pitches: full-width
        ("和谐，稳定", [0, 10, 16, 22.5, 32.5], "和谐,稳定"),
        ("和谐,稳定", [0, 10, 20, 30, 40], "和谐，稳定"),
        ("乡镇(街)调委", [0, 10, 16, 22.5, 29, 35.5, 45.5], "乡镇(街)调委"),
        ("乡镇（街)调委", [0, 10, 20, 30, 40, 50, 60], "乡镇（街）调委"),
    ],
)
def test_punctuation_is_written_in_its_printed_width(text: str, centres: list[float], expected: str) -> None:
    from jixiao.extract.read.ocr.correct import punctuation_by_width

    assert punctuation_by_width(_line(text, centres)).text == expected


@pytest.mark.parametrize(
    "text, scores, expected",
    [
        ("-级指标", [0.99] * 4, "一级指标"),
        ("项目名杯", [0.99, 0.99, 0.99, 0.6], "项目名称"),
        ("数量措标", [0.99, 0.99, 0.7, 0.99], "数量指标"),
        ("质量达标", [0.99] * 4, "质量达标"),  # a confident hanzi: a target, printed so
        ("质量达标", [0.99, 0.99, 0.5, 0.99], "质量指标"),
        ("满意度指标：", [0.99] * 6, "满意度指标："),
        ("2021年指标", [0.5] * 7, "2021年指标"),  # digits: never a label
        ("〇人", [0.99] * 2, "0人"),
        ("二〇二三年", [0.99] * 5, "二〇二三年"),
        ("2023 年", [0.99] * 6, "2023年"),
        ("ISO 9001", [0.99] * 8, "ISO 9001"),
    ],
)
def test_labels_and_lookalikes_are_corrected_values_are_not(text: str, scores: list[float], expected: str) -> None:
    from jixiao.extract.read.ocr.correct import correct_line

    centres = [100.0 + 14 * k for k in range(len(text))]
    assert correct_line(_line(text, centres, scores)).text == expected


def test_low_confidence_text_becomes_a_record_issue() -> None:
    """An unsure line inside a cell → a problem on its row → an issue of the form reading it."""
    from jixiao.extract.forms.build import rows_to_forms
    from jixiao.extract.read.ocr.confidence import mark_unsure
    from jixiao.extract.read.ocr.recognize import Box, TextLine
    from jixiao.extract.run.readers import pdf_rows
    from jixiao.extract.forms.record import form_to_record
    from jixiao.schemas import Source

    pages = list(pdf_rows(REPO / "tests/data/producers/word.pdf", RunSettings(ocr="never")))
    row = next(r for r in pages[0].rows if "项目名称" in r.texts)
    cell = next(c for c in row.cells if c.first and c.text and c.text != "项目名称")
    box = Box(cell.x0 + 2, cell.top + 2, cell.x0 + 40, cell.bottom - 2)
    sure = TextLine(box=box, text=cell.text, score=0.99)
    mark_unsure(pages[0], [sure], threshold=0.85)
    assert row.problems == []
    mark_unsure(pages[0], [TextLine(box=box, text=cell.text, score=0.42)], threshold=0.85)
    source = Source(path="word.pdf", sha256="0" * 64, pages=[], method="text")
    record = form_to_record(next(iter(rows_to_forms(pages))), 1, source)
    issues = [i for i in record.issues if i.code == "ocr-low-confidence"]
    assert len(issues) == 1
    assert "page 1" in issues[0].message and cell.text[:20] in issues[0].message and "0.42" in issues[0].message


# --------------------------------------------------------------------------- end to end


def test_ocr_never_leaves_a_scan_unread() -> None:
    from jixiao.extract.run.job import extract_file

    result = extract_file(SCANS / "scan-word.pdf", "scan-word.pdf", RunSettings(ocr="never"))
    assert result.report.status == "no-forms"


def test_a_missing_engine_is_a_one_line_reason(monkeypatch: pytest.MonkeyPatch) -> None:
    from jixiao.extract.read.ocr import recognize
    from jixiao.extract.run.job import extract_file

    def unavailable(self: Any) -> Any:
        raise recognize.EngineUnavailable("rapidocr_onnxruntime is not installed")

    monkeypatch.setattr(recognize.OcrEngine, "ocr", property(unavailable))
    result = extract_file(SCANS / "scan-word.pdf", "scan-word.pdf")
    assert result.report.status == "failed"
    assert result.report.reason == "page 1 needs OCR (no text layer) but rapidocr_onnxruntime is not installed"


def test_the_models_ship_inside_the_wheel() -> None:
    """rapidocr 3.x's wheel holds its detection, recognition and classifier models, and the
    engine is given their paths (its own loader would download what is missing)."""
    import rapidocr

    from jixiao.extract.read.ocr.recognize import V3_MODELS, OcrEngine

    models = Path(rapidocr.__file__).parent / "models"
    assert all(any(models.glob(pattern)) for pattern in V3_MODELS)
    engine = OcrEngine()
    assert engine.ocr.name.startswith("rapidocr 3.")
    assert len(engine.ocr.characters) > 6000  # the Chinese dictionary, read from the model


@pytest.fixture
def offline(monkeypatch: pytest.MonkeyPatch) -> None:
    """Any attempt to open a network connection fails the test: models must ship locally."""

    def refuse(*args: Any, **kwargs: Any) -> None:
        raise AssertionError(f"network access during OCR: {args[1:] if len(args) > 1 else args}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)


@pytest.mark.parametrize("name", OCR_PDFS)
def test_scans_and_broken_text_layers_meet_issue_5(name: str, offline: None) -> None:
    """Every form, no false form, pages right; header fields ≥ 90 %; row F1 ≥ 0.85 at ≥ 0.9
    similarity; every record marked as read by OCR."""
    from jixiao.extract.run.job import extract_file

    score = _score_module()
    result = extract_file(SCANS / name, name)
    assert result.report.status == "ok", result.report.reason
    run = [r.model_dump(mode="json") for r in result.records]
    assert {r["source"]["method"] for r in run} == {"ocr"}
    truth = score.load_jsonl(SCANS / name.replace(".pdf", ".truth.jsonl"))
    counts = score.score(run, truth).overall
    assert counts.missing == 0 and counts.false == 0
    assert counts.pages_right == counts.expected
    assert counts.header_right / counts.header_total >= 0.9
    assert counts.f1 >= 0.85


@pytest.fixture(scope="module")
def damaged(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One page of a form the OCR path was not tuned on (the held-out two-grids layout: the
    indicator table on a page of its own), scanned with each kind of damage. The benchmark
    scores four such forms per kind (``bench_ocr.py --damage all``)."""
    folder = tmp_path_factory.mktemp("damaged")
    scans = _load_make_scans()
    for spec in scans.damaged_scans(tuple(_damage().DAMAGES), (scans.UNSEEN[2],)):
        scans.build_damaged(spec, folder)
    return folder


def _load_make_scans() -> Any:
    _damage()
    import make_scans

    return make_scans


@pytest.mark.parametrize("kind", ["skew5", "skew9", "faint", "phone", "seal", "lowres", "bw300"])
def test_damaged_scans_of_an_unseen_form_meet_issue_15(kind: str, damaged: Path, offline: None) -> None:
    """The form found, no junk record, soft row F1 ≥ 0.85, whatever the damage."""
    from jixiao.extract.run.job import extract_file

    score = _score_module()
    name = f"{kind}-two-grids.pdf"
    result = extract_file(damaged / name, name)
    run = [r.model_dump(mode="json") for r in result.records]
    counts = score.score(run, score.load_jsonl(damaged / name.replace(".pdf", ".truth.jsonl"))).overall
    assert counts.missing == 0 and counts.false == 0
    assert counts.f1 >= 0.85


def test_text_page_with_an_image_reads_on_the_installed_pdfium(tmp_path: Path) -> None:
    """A cover page with an emblem and little text asks PDFium for the image's box: that call
    was renamed in pypdfium2 5 (``get_pos`` → ``get_bounds``) and failed every such file."""
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    from jixiao.extract.read.ocr.detect import largest_image_share
    from jixiao.extract.run.readers import pdf_rows
    import pypdfium2 as pdfium

    emblem = np.full((60, 60, 3), 200, dtype=np.uint8)
    emblem[20:40, 20:40] = (200, 0, 0)
    from PIL import Image

    png = tmp_path / "emblem.png"
    Image.fromarray(emblem).save(png)
    pdf = tmp_path / "cover.pdf"
    c = canvas.Canvas(str(pdf), pagesize=(595, 842))
    c.drawImage(ImageReader(str(png)), 100, 300, width=400, height=400)
    c.drawString(100, 200, "2026 budget")
    c.save()

    doc = pdfium.PdfDocument(str(pdf))
    try:
        share = largest_image_share(doc[0])
    finally:
        doc.close()
    assert share == pytest.approx(400 * 400 / (595 * 842), rel=0.02)
    methods = [rows.method for rows in pdf_rows(pdf, RunSettings(ocr="auto"))]
    assert methods == ["text"]
