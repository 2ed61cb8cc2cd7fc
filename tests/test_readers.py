"""The two PDF readers agree: PDFium (default) and pdfminer give the same records.

Every committed PDF is read with both engines, and so are variants made here with PDFium's
editing API of what producers do to pages: /Rotate, a MediaBox not at the origin, pages
wrapped in form XObjects (how `pdfjam`, printers and merged exports place them).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from jixiao.extract.read.pdf import pdf_to_pages
from jixiao.extract.run.job import extract_file
from jixiao.extract.read.pdfium_pages import display_transform

REPO = Path(__file__).resolve().parent.parent
PDFS = sorted([*REPO.glob("samples/*.pdf"), *REPO.glob("tests/data/*/*.pdf")])
SAMPLE = REPO / "samples" / "lu-an-2021-calc.pdf"


def _without_boxes(value: Any) -> Any:
    """Records minus boxes and timings: glyph boxes differ by a point between engines."""
    if isinstance(value, dict):
        return {k: _without_boxes(v) for k, v in value.items() if k not in ("bbox", "boxes", "seconds")}
    if isinstance(value, list):
        return [_without_boxes(v) for v in value]
    return value


def _records(pdf: Path, engine: str) -> list[Any]:
    result = extract_file(pdf, pdf.name, engine=engine, ocr="never")
    return [_without_boxes(r.model_dump(mode="json")) for r in result.records]


@pytest.mark.parametrize("pdf", PDFS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_engines_give_the_same_records(pdf: Path) -> None:
    assert _records(pdf, "pdfium") == _records(pdf, "pdfminer")


def _variant(tmp_path: Path, name: str) -> Path:
    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    src = pdfium.PdfDocument(str(SAMPLE))
    doc = pdfium.PdfDocument.new()
    if name == "xobject":
        for index in range(3):
            xobject = pdfium_c.FPDF_NewXObjectFromPage(doc.raw, src.raw, index)
            page = doc.new_page(595.3, 841.9)
            pdfium_c.FPDFPage_InsertObject(page.raw, pdfium_c.FPDF_NewFormObjectFromXObject(xobject))
            pdfium_c.FPDFPage_GenerateContent(page.raw)
            pdfium_c.FPDF_CloseXObject(xobject)
    else:
        doc.import_pages(src, [0, 1, 2])
        for index in range(len(doc)):
            page = doc[index]
            if name == "offset":
                pdfium_c.FPDFPage_SetMediaBox(page.raw, -50, 30, 545.3, 871.9)
                pdfium_c.FPDFPage_TransFormWithClip(page.raw, pdfium_c.FS_MATRIX(1, 0, 0, 1, -50, 30), None)
            else:
                page.set_rotation(int(name.removeprefix("rotate")))
    path = tmp_path / f"{name}.pdf"
    doc.save(str(path))
    return path


@pytest.mark.parametrize("name", ["offset", "xobject", "rotate90", "rotate180", "rotate270"])
def test_engines_agree_on_moved_and_wrapped_pages(tmp_path: Path, name: str) -> None:
    pdf = _variant(tmp_path, name)
    pdfium_pages = list(pdf_to_pages(pdf, engine="pdfium"))
    pdfminer_pages = list(pdf_to_pages(pdf, engine="pdfminer"))
    for a, b in zip(pdfium_pages, pdfminer_pages, strict=True):
        assert (round(a.width), round(a.height)) == (round(b.width), round(b.height))
        rules = lambda page: sorted((s.horizontal, round(s.pos), round(s.start), round(s.end)) for s in page.segments)  # noqa: E731
        assert rules(a) == rules(b)
        assert sorted(c.text for c in a.chars if c.text.strip()) == sorted(c.text for c in b.chars if c.text.strip())
    if name in ("offset", "xobject"):
        assert _records(pdf, "pdfium") == _records(pdf, "pdfminer")
        content = lambda records: [{k: v for k, v in r.items() if k not in ("id", "source")} for r in records]  # noqa: E731
        assert content(_records(pdf, "pdfium"))[:1] == content(_records(SAMPLE, "pdfium"))[:1]  # form 2 runs on past page 3


@pytest.mark.parametrize(
    ("rotation", "point", "expected"),
    [
        (0, (10, 800), (10, 42)),  # 842 high page: 800 up is 42 from the top
        (90, (10, 800), (800, 10)),  # turned clockwise: user y runs left → right
        (180, (10, 800), (585, 800)),
        (270, (10, 800), (42, 585)),
    ],
)
def test_display_transform_turns_like_a_viewer(rotation: int, point: tuple[float, float], expected: tuple[float, float]) -> None:
    transform, width, height = display_transform(rotation, (0, 0, 595, 842))
    assert (width, height) == ((842, 595) if rotation in (90, 270) else (595, 842))
    assert tuple(round(v) for v in transform(*point)) == expected


def test_a_space_printed_before_a_line_break_is_kept() -> None:
    """PDFium folds it into the line break; the wrapped text must still read ``, 提升``."""
    page = list(pdf_to_pages(SAMPLE, engine="pdfium"))[3]
    after_comma = [c for c in page.chars if c.text == " " and 548 < c.x0 < 549]
    assert len(after_comma) == 1


def test_an_unknown_engine_is_refused() -> None:
    with pytest.raises(ValueError, match="engine"):
        list(pdf_to_pages(SAMPLE, engine="mupdf"))


def test_a_file_pdfium_refuses_is_damaged_with_its_reason(tmp_path: Path) -> None:
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.4\n" + b"\x00garbage" * 50)
    result = extract_file(broken, broken.name)
    assert result.report.status == "failed"
    assert result.report.reason.startswith("damaged PDF:")


def test_reopening_the_document_midway_changes_nothing() -> None:
    """Long files are read by reopening the document every N pages (memory); same pages."""
    from jixiao.extract.read.pdfium_pages import pdfium_pages

    def shape(pages: list[Any]) -> list[Any]:
        return [(p.number, p.width, p.height, p.chars, p.segments) for p in pages]

    assert shape(list(pdfium_pages(SAMPLE, reopen_every=3))) == shape(list(pdfium_pages(SAMPLE)))


def test_text_in_fonts_not_embedded_is_read_by_pdfminer() -> None:
    """PDFium takes such glyphs from the machine's fonts and drops those it cannot find;
    the drawn sample (STSong-Light, not embedded) must not depend on the machine."""
    from jixiao.extract.read.pdfium_pages import NeedsPdfminer, pdfium_pages

    drawn = REPO / "samples" / "lu-an-2021-drawn.pdf"
    refusals = list(pdfium_pages(drawn))
    assert all(isinstance(r, NeedsPdfminer) for r in refusals)
    shape = lambda pages: [(p.number, p.chars, p.segments) for p in pages]  # noqa: E731
    assert shape(pdf_to_pages(drawn)) == shape(pdf_to_pages(drawn, engine="pdfminer"))
    assert not any(isinstance(r, NeedsPdfminer) for r in pdfium_pages(SAMPLE))


def test_curves_give_no_rules_from_their_control_points(tmp_path: Path) -> None:
    """A round seal (公章) stamped on a table: only a curve's end points count, as in pdfminer."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    doc = pdfium.PdfDocument.new()
    page = doc.new_page(595, 842)
    path = pdfium_c.FPDFPageObj_CreateNewPath(300, 400)
    k = 0.5523 * 60  # four Béziers make a circle of radius 60 around (300, 460)
    for (x1, y1, x2, y2, x3, y3) in [
        (300 + k, 400, 360, 460 - k, 360, 460),
        (360, 460 + k, 300 + k, 520, 300, 520),
        (300 - k, 520, 240, 460 + k, 240, 460),
        (240, 460 - k, 300 - k, 400, 300, 400),
    ]:
        pdfium_c.FPDFPath_BezierTo(path, x1, y1, x2, y2, x3, y3)
    pdfium_c.FPDFPath_SetDrawMode(path, 0, True)
    pdfium_c.FPDFPage_InsertObject(page.raw, path)
    pdfium_c.FPDFPage_GenerateContent(page.raw)
    pdf = tmp_path / "seal.pdf"
    doc.save(str(pdf))
    for engine in ("pdfium", "pdfminer"):
        assert next(iter(pdf_to_pages(pdf, engine=engine))).segments == []


def test_a_glyph_outside_the_bmp_is_one_character() -> None:
    """中𠀋文 in a 2×2 table (CJK Extension B): PDFium gives a surrogate pair for 𠀋."""
    pdf = REPO / "tests" / "data" / "fonts" / "ext-b-glyph.pdf"
    for engine in ("pdfium", "pdfminer"):
        page = next(iter(pdf_to_pages(pdf, engine=engine)))
        assert "".join(c.text for c in page.chars if c.text.strip()) == "中\U0002000b文"
