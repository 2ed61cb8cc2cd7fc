"""The performance benchmark's own parts: the PDFium floor and the per-stage profile give
the pages they read and a time for every stage (benchmarks/floor.py, benchmarks/stages.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmark_modules import load_benchmark

REPO = Path(__file__).resolve().parent.parent
CALC = REPO / "samples" / "lu-an-2021-calc.pdf"
DRAWN = REPO / "samples" / "lu-an-2021-drawn.pdf"


_load = load_benchmark


def test_the_floor_reads_every_page_and_its_characters() -> None:
    import pypdfium2 as pdfium

    pages, chars, objects = _load("floor").read_file(str(CALC))
    assert pages == len(pdfium.PdfDocument(str(CALC)))
    assert chars > 100 * pages and objects > 0


@pytest.mark.parametrize(("pdf", "refused"), [(CALC, 0), (DRAWN, 0)])  # drawn: its lost glyphs are read back
def test_the_stage_profile_times_every_stage_and_counts_pdfminer_pages(pdf: Path, refused: int) -> None:
    stages = _load("stages")
    result = stages.profile_file(pdf)
    assert set(result["cpu"]) == set(stages.STAGES)
    assert result["pages"] > 0 and result["forms"] > 0
    assert result["refused"] == refused
    assert "| **all** |" in stages.table([(pdf.name, result)])
