"""The two PDF readers agree: PDFium (default) and pdfminer give the same records.

Every committed PDF is read with both engines, and so are variants made here with PDFium's
editing API of what producers do to pages: /Rotate, a MediaBox not at the origin, pages
wrapped in form XObjects (how `pdfjam`, printers and merged exports place them), a MediaBox
written top corner first (xa-民政局's forms: ``[0 595 842 0]``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from jixiao.extract.read.pdf import pdf_to_pages
from jixiao.extract.run.settings import RunSettings
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
    result = extract_file(pdf, pdf.name, RunSettings(engine=engine, ocr="never"))
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
            elif name == "inverted":
                pdfium_c.FPDFPage_SetMediaBox(page.raw, 0, 841.9, 595.3, 0)
            else:
                page.set_rotation(int(name.removeprefix("rotate")))
    path = tmp_path / f"{name}.pdf"
    doc.save(str(path))
    return path


@pytest.mark.parametrize("name", ["offset", "inverted", "xobject", "rotate90", "rotate180", "rotate270"])
def test_engines_agree_on_moved_and_wrapped_pages(tmp_path: Path, name: str) -> None:
    pdf = _variant(tmp_path, name)
    pdfium_pages = list(pdf_to_pages(pdf, engine="pdfium"))
    pdfminer_pages = list(pdf_to_pages(pdf, engine="pdfminer"))
    for a, b in zip(pdfium_pages, pdfminer_pages, strict=True):
        assert (round(a.width), round(a.height)) == (round(b.width), round(b.height))
        rules = lambda page: sorted((s.horizontal, round(s.pos), round(s.start), round(s.end)) for s in page.segments)  # noqa: E731
        assert rules(a) == rules(b)
        assert sorted(c.text for c in a.chars if c.text.strip()) == sorted(c.text for c in b.chars if c.text.strip())
    if name in ("offset", "inverted", "xobject"):
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


def test_glyphs_pdfium_loses_are_read_back_from_the_content_stream() -> None:
    """The drawn sample sets STSong-Light (not embedded) a line per object: where a wrapped
    line's last hanzi stands alone (班 of 骨干培训班) PDFium drops it on a machine without
    CJK fonts. Those glyphs are read back from the content stream, so no page goes to
    pdfminer and the text is pdfminer's; without that, the pages that lose one are refused."""
    import pypdfium2 as pdfium

    from jixiao.extract.read.pdfium_pages import NeedsPdfminer, pdfium_page, pdfium_pages

    drawn = REPO / "samples" / "lu-an-2021-drawn.pdf"
    assert not any(isinstance(r, NeedsPdfminer) for r in pdfium_pages(drawn))
    text = lambda page: sorted(c.text for c in page.chars if c.text.strip())  # noqa: E731
    assert [text(p) for p in pdf_to_pages(drawn)] == [text(p) for p in pdf_to_pages(drawn, engine="pdfminer")]
    doc = pdfium.PdfDocument(str(drawn))
    try:
        alone = [isinstance(pdfium_page(doc, index), NeedsPdfminer) for index in range(len(doc))]
    finally:
        doc.close()
    assert any(alone) and not all(alone)


def _one_font_pdf(
    path: Path, runs: list[str], unicode: dict[str, str], ascent: int = 891, descent: int = -216, widths: int = 600
) -> Path:
    """A page in one Type0 font (Identity-H, not embedded, base name TimesNewRoman) showing
    each of ``runs`` (hex codes) as its own text object, one line each; ``unicode`` is its
    ToUnicode map (hex code → hex text)."""
    pairs = " ".join(f"<{code}> <{text}>" for code, text in unicode.items())
    cmap = (
        "/CIDInit /ProcSet findresource begin 12 dict begin begincmap /CMapName /T def "
        "1 begincodespacerange <0000> <FFFF> endcodespacerange "
        f"{len(unicode)} beginbfchar {pairs} endbfchar endcmap "
        "CMapName currentdict /CMap defineresource pop end end"
    )
    content = " ".join(f"BT /F1 10 Tf 100 {700 - 40 * k} Td <{run}> Tj ET" for k, run in enumerate(runs))
    objects = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
        f"<< /Length {len(content)} >>\nstream\n{content}\nendstream",
        "<< /Type /Font /Subtype /Type0 /BaseFont /TimesNewRoman /Encoding /Identity-H "
        "/DescendantFonts [6 0 R] /ToUnicode 8 0 R >>",
        "<< /Type /Font /Subtype /CIDFontType2 /BaseFont /TimesNewRoman /CIDSystemInfo "
        f"<< /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /FontDescriptor 7 0 R /DW {widths} >>",
        f"<< /Type /FontDescriptor /FontName /TimesNewRoman /Flags 32 /FontBBox [0 {descent} 1000 {ascent}] "
        f"/ItalicAngle 0 /Ascent {ascent} /Descent {descent} /CapHeight 700 /StemV 80 >>",
        f"<< /Length {len(cmap)} >>\nstream\n{cmap}\nendstream",
    ]
    data = b"%PDF-1.4\n"
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(data))
        data += f"{number} 0 obj\n{body}\nendobj\n".encode()
    table = len(data)
    data += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    data += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    data += f"trailer << /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{table}\n%%EOF\n".encode()
    path.write_bytes(data)
    return path


@pytest.mark.parametrize(
    ("runs", "unicode", "lost", "text"),
    [
        (["0001"], {"0001": "4E00"}, True, "一"),  # a lone hanzi: no box without a CJK font
        (["0001"], {"0001": "2265"}, True, "≥"),  # ≥ is not in PDFium's built-in Latin fonts
        (["0001"], {"0001": "2265", "0002": "0020"}, True, "≥"),  # a lone ≥ or a space: cannot tell
        (["00010001"], {"0001": "4E00"}, False, "一一"),  # two glyphs keep the object's width
        (["0001", "0002"], {"0001": "0041", "0002": "0020"}, False, "A"),  # Latin only: a space
    ],
)
def test_a_glyph_pdfium_may_lose_is_read_back(
    tmp_path: Path, runs: list[str], unicode: dict[str, str], lost: bool, text: str
) -> None:
    """Only an inkless object lost from the text page in a font (not embedded) that may show
    a glyph PDFium's built-in fonts lack needs reading back; the text is right either way."""
    import pypdfium2 as pdfium

    from jixiao.extract.read.pdfium_pages import NeedsPdfminer, pdfium_page, pdfium_pages

    from jixiao.extract.read.latin_fonts import LatinFonts
    from jixiao.extract.read.pdfminer_view import PdfminerView

    pdf = _one_font_pdf(tmp_path / "font.pdf", runs, unicode)
    assert not any(isinstance(p, NeedsPdfminer) for p in pdfium_pages(pdf))
    doc, view = pdfium.PdfDocument(str(pdf)), PdfminerView(pdf)
    try:  # without reading the content stream back
        assert isinstance(pdfium_page(doc, 0, LatinFonts(view).names), NeedsPdfminer) is lost
    finally:
        doc.close()
        view.close()
    for engine in ("pdfium", "pdfminer"):
        page = next(iter(pdf_to_pages(pdf, engine=engine)))
        assert "".join(c.text for c in page.chars if c.text.strip()) == text


def test_a_glyph_read_back_is_boxed_as_pdfium_boxes_the_glyphs_it_keeps(tmp_path: Path) -> None:
    """一 alone on one line (lost, read back) and 一一 on the next (kept): the same box on
    its baseline, 40 pt apart."""
    pdf = _one_font_pdf(tmp_path / "font.pdf", ["0001", "00010001"], {"0001": "4E00"})
    lone, kept, _ = sorted(next(iter(pdf_to_pages(pdf))).chars, key=lambda c: (c.top, c.x0))
    assert (lone.x0, lone.x1) == (kept.x0, kept.x1)
    assert abs((kept.top - lone.top) - 40) < 0.01 and abs((kept.bottom - lone.bottom) - 40) < 0.01


@pytest.mark.parametrize(
    ("stream", "shown"),
    [
        (rb"BT /F1 10 Tf (a\\b\(c\)) Tj ET", [(b"F1", [b"a\\b(c)"])]),
        (
            rb"BT /F1 10 Tf (nested (paren) ok) Tj <4E 00> Tj [(x) -20 <0041>] TJ ET",
            [(b"F1", [b"nested (paren) ok"]), (b"F1", [b"N\x00"]), (b"F1", [b"x", b"\x00A"])],
        ),
        (rb"q BT /F2 9 Tf (a) Tj ET Q BT (b) ' ET", [(b"F2", [b"a"]), (None, [b"b"])]),  # Q restores no font
        (rb"BT /F1 1 Tf () Tj [] TJ ET", []),  # PDFium makes no object of an empty Tj or TJ
        (rb"BI /W 2 /H 1 /BPC 8 /CS /G ID (Tj EI BT /F#31 1 Tf 1 2 (z) " + b'"' + rb" ET", [(b"F1", [b"z"])]),
        (b"% (a comment) Tj\n/F1 1 Tf (\\101\\12) Tj", [(b"F1", [b"A\n"])]),
    ],
)
def test_text_operators_are_listed_in_stream_order(stream: bytes, shown: list[Any]) -> None:
    """The tokenizer behind reading lost glyphs back: literal strings with escapes and
    nested parentheses, hex strings, TJ arrays, q/Q around Tf, inline images skipped."""
    from jixiao.extract.read.lost_glyphs import text_operations

    assert [(op.font, op.strings) for op in text_operations(stream)] == shown


@pytest.mark.parametrize(("ascent", "descent"), [(1333, -1033), (891, -216)])
def test_glyph_boxes_are_one_em_tall_whatever_the_font_metrics_say(tmp_path: Path, ascent: int, descent: int) -> None:
    """E-BZ (the digits of Chongqing's WPS exports) spans 2.4 em from ascent to descent:
    PDFium's boxes then reach into the rows above and below (≥800项 read as ≥80项);
    pdfminer makes every box one em, and so does the PDFium reader for such fonts."""
    pdf = _one_font_pdf(tmp_path / "tall.pdf", ["000100010001"], {"0001": "0038"}, ascent, descent, widths=1000)
    boxes = {}
    for engine in ("pdfium", "pdfminer"):
        chars = [c for c in next(iter(pdf_to_pages(pdf, engine=engine))).chars if c.text == "8"]
        boxes[engine] = [(round(c.top, 1), round(c.bottom, 1)) for c in chars]
    assert len(boxes["pdfium"]) == 3
    assert boxes["pdfium"] == boxes["pdfminer"] or ascent - descent < 2000
    assert all(bottom - top <= 12.3 for top, bottom in boxes["pdfium"])  # a 10 pt font: one em, or its 1.1 em span


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


@pytest.mark.parametrize("pdf", PDFS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_pdfium_generates_only_the_codes_the_reader_asks_about(pdf: Path) -> None:
    """The reader asks IsGenerated only of GENERATED_CODES (one ctypes call less per glyph):
    a character PDFium adds of its own with any other code would be taken as a glyph."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    from jixiao.extract.read.pdfium_pages import GENERATED_CODES

    doc = pdfium.PdfDocument(str(pdf))
    for index in range(len(doc)):
        page = pdfium_c.FPDF_LoadPage(doc.raw, index)
        text_page = pdfium_c.FPDFText_LoadPage(page)
        for i in range(pdfium_c.FPDFText_CountChars(text_page)):
            if pdfium_c.FPDFText_IsGenerated(text_page, i):
                assert pdfium_c.FPDFText_GetUnicode(text_page, i) in GENERATED_CODES
        pdfium_c.FPDFText_ClosePage(text_page)
        pdfium_c.FPDF_ClosePage(page)
    doc.close()


def _latin_page(tmp_path: Path) -> Path:
    """A page in Times-Roman (a standard font, not embedded, WinAnsi) with a text object
    holding only a space, as Word writes them: PDFium leaves it out of its text page."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    doc = pdfium.PdfDocument.new()
    page = doc.new_page(595, 842)
    for x, text in [(100, "Total 12"), (160, " "), (170, "34.5")]:
        obj = pdfium_c.FPDFPageObj_NewTextObj(doc.raw, b"Times-Roman", 12.0)
        pdfium_c.FPDFText_SetText(obj, _utf16(text))
        pdfium_c.FPDFPageObj_Transform(obj, 1, 0, 0, 1, x, 700)
        pdfium_c.FPDFPage_InsertObject(page.raw, obj)
    pdfium_c.FPDFPage_GenerateContent(page.raw)
    path = tmp_path / "latin.pdf"
    doc.save(str(path))
    return path


def _utf16(text: str) -> Any:
    import ctypes

    data = (text + "\x00").encode("utf-16-le")
    return ctypes.cast(ctypes.create_string_buffer(data, len(data)), ctypes.POINTER(ctypes.c_ushort))


def test_a_space_in_a_latin_font_not_embedded_is_read_by_pdfium(tmp_path: Path) -> None:
    """A standard Latin encoding names only glyphs PDFium has on every machine: such a page
    is not refused for its space-only objects, and reads as pdfminer reads it."""
    from jixiao.extract.read.pdfium_pages import NeedsPdfminer, pdfium_pages

    pdf = _latin_page(tmp_path)
    pages = list(pdfium_pages(pdf))
    assert not any(isinstance(p, NeedsPdfminer) for p in pages)
    texts = lambda page: "".join(c.text for c in sorted(page.chars, key=lambda c: c.x0))  # noqa: E731
    assert [texts(p) for p in pages] == [texts(p) for p in pdf_to_pages(pdf, engine="pdfminer")]


@pytest.mark.parametrize(
    ("fonts", "names"),
    [
        ([{"BaseFont": "TNR", "Subtype": "TrueType", "Encoding": "WinAnsiEncoding"}], {b"TNR"}),
        ([{"BaseFont": "TNR", "Subtype": "Type1", "Encoding": {"BaseEncoding": "MacRomanEncoding"}}], {b"TNR"}),
        ([{"BaseFont": "TNR", "Subtype": "TrueType", "Encoding": {"BaseEncoding": "WinAnsiEncoding", "Differences": [1]}}], set()),
        ([{"BaseFont": "TNR", "Subtype": "TrueType"}], set()),  # the font's own (machine's) cmap
        ([{"BaseFont": "SimSun", "Subtype": "Type0", "Encoding": "GBK-EUC-H"}], set()),
        (  # one name, two kinds of font (Word's SimSun): PDFium tells them apart by name only
            [
                {"BaseFont": "SimSun", "Subtype": "TrueType", "Encoding": "WinAnsiEncoding"},
                {"BaseFont": "SimSun", "Subtype": "Type0", "Encoding": "Identity-H"},
            ],
            set(),
        ),
    ],
)
def test_latin_simple_fonts_are_told_from_the_rest(fonts: list[dict[str, Any]], names: set[bytes]) -> None:
    from pdfminer.psparser import LIT

    from jixiao.extract.read.latin_fonts import latin_names

    def literal(value: Any) -> Any:
        if isinstance(value, dict):
            return {k: literal(v) for k, v in value.items()}
        return LIT(value) if isinstance(value, str) and value != "TNR" and value != "SimSun" else value

    assert latin_names([literal(f) for f in fonts]) == names
@pytest.mark.parametrize("code, text", [(0x09, "\t"), (0x01, "\ufffd"), (0x4E00, "一")])
def test_pdfium_glyph_text_of_control_codes(code: int, text: str) -> None:
    """A drawn tab glyph (Xi'an exports end cells with one) is blank, as pdfminer reads it,
    not a replacement character glued to the cell's text."""
    from jixiao.extract.read.pdfium_pages import _glyph_text

    assert _glyph_text(code, unmapped=False) == text


def test_untyped_pdfium_calls_read_what_the_typed_ones_read() -> None:
    """The reader's per-glyph calls skip ctypes' argument conversion (pdfium_calls.py): each
    glyph's box and origin must be the ones pypdfium2's typed calls give."""
    import ctypes

    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    from jixiao.extract.read.pdfium_calls import GET_CHAR_ORIGIN, GET_LOOSE_CHAR_BOX, address

    doc = pdfium.PdfDocument(str(SAMPLE))
    page = pdfium_c.FPDF_LoadPage(doc.raw, 0)
    text_page = pdfium_c.FPDFText_LoadPage(page)
    try:
        handle, typed, untyped = address(text_page), pdfium_c.FS_RECTF(), pdfium_c.FS_RECTF()
        x, y, ux, uy = (ctypes.c_double() for _ in range(4))
        count = pdfium_c.FPDFText_CountChars(text_page)
        assert count > 50
        for i in range(count):
            assert GET_LOOSE_CHAR_BOX(handle, i, ctypes.byref(untyped)) == pdfium_c.FPDFText_GetLooseCharBox(text_page, i, typed)
            assert (untyped.left, untyped.top, untyped.right, untyped.bottom) == (typed.left, typed.top, typed.right, typed.bottom)
            assert bool(GET_CHAR_ORIGIN(handle, i, ctypes.byref(ux), ctypes.byref(uy))) == bool(pdfium_c.FPDFText_GetCharOrigin(text_page, i, x, y))
            assert (ux.value, uy.value) == (x.value, y.value)
    finally:
        pdfium_c.FPDFText_ClosePage(text_page)
        pdfium_c.FPDF_ClosePage(page)
        doc.close()


def test_a_text_pdf_is_read_without_numpy_or_pdfminer() -> None:
    """numpy (~0.1 s to import) is for the pages OCR reads, pdfminer (its parser, fonts and
    encoding tables) for the pages PDFium cannot read faithfully: neither the reader the
    batch preloads for its workers nor the whole extraction of a Word export whose fonts are
    embedded imports them."""
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from jixiao.extract.run.job import extract_file\n"
        "from jixiao.extract.run.settings import RunSettings\n"
        "from jixiao.extract.run.worker import preload_parser\n"
        "preload_parser(RunSettings())\n"
        "assert extract_file(sys.argv[1], 'word.pdf').records\n"
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'numpy', 'pdfminer'}))\n"
    )
    pdf = REPO / "tests" / "data" / "producers" / "word.pdf"
    done = subprocess.run([sys.executable, "-c", code, str(pdf)], cwd=REPO, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0 and done.stdout.strip() == "[]", done.stderr or done.stdout
