"""Bounded memory of the OCR path (issue 19): the recogniser runs on bounded slices of a
batch, the page-sized image steps stay in 8 bits and compute what the wide arithmetic did,
and the heap's free memory is handed back."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest

from benchmark_modules import load_benchmark

from jixiao.extract.read.ocr import recognize
from jixiao.extract.read.ocr.render import even_light, without_colour

REPO = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize("count, width", [(1, 50), (1, 5000), (24, 50), (30, 153), (7, 1199), (5, 600), (3, 1201)])
def test_a_batch_is_run_in_bounded_slices(count: int, width: int) -> None:
    """Each run holds at most RUN_COLUMNS input columns (a crop wider than that runs alone),
    every crop of the batch once, in the batch's order."""
    batch = list(range(100, 100 + count))
    runs = recognize._runs(batch, width)
    assert [i for run in runs for i in run] == batch
    assert all(run for run in runs)
    assert all(len(run) * width <= recognize.RUN_COLUMNS or len(run) == 1 for run in runs)
    assert len(runs) == -(-count // max(1, recognize.RUN_COLUMNS // width))


def _reference_gray(pixels: np.ndarray) -> np.ndarray:
    """The colour rule of render.py written out pixel by pixel: lightest channel plus
    (lightest − darkest), at most 255."""
    out = np.zeros(pixels.shape[:2], dtype=np.uint8)
    for y in range(pixels.shape[0]):
        for x in range(pixels.shape[1]):
            channels = [int(v) for v in pixels[y, x, :3]]
            out[y, x] = min(255, 2 * max(channels) - min(channels))
    return out


@pytest.mark.parametrize("channels", [3, 4])
def test_colour_removal_in_eight_bits_is_exact(channels: int) -> None:
    """Saturating 8-bit arithmetic gives what the rule says, white where it overflows."""
    pixels = np.random.default_rng(channels).integers(0, 256, (23, 31, channels), dtype=np.uint8)
    pixels[0, 0, :3] = (255, 0, 0)  # pure red: 255 + 255 saturates to white
    pixels[0, 1, :3] = (10, 10, 10)
    gray = without_colour(pixels)
    assert gray.dtype == np.uint8 and gray.shape == (23, 31)
    assert np.array_equal(gray, _reference_gray(pixels))
    assert gray[0, 0] == 255 and gray[0, 1] == 10


@pytest.mark.parametrize("pale", [0, 120])
def test_even_light_in_place_matches_the_formula(pale: int) -> None:
    """The in-place float steps give the formula's bytes: divide by the paper, then (a pale
    copy) stretch the ink towards black."""
    import cv2

    from jixiao.extract.read.ocr import render

    rng = np.random.default_rng(pale)
    gray = np.clip(rng.integers(0, 256, (400, 300)), pale, 255).astype(np.uint8)
    gray[::5] = 250
    scale = 200 / 72
    small = cv2.resize(gray, None, fx=0.25, fy=0.25, interpolation=cv2.INTER_AREA)
    k = max(3, int(render.PAPER_WINDOW * scale * 0.25) | 1)
    paper = cv2.blur(cv2.dilate(small, cv2.getStructuringElement(cv2.MORPH_RECT, (k, k))), (k, k))
    paper = cv2.resize(paper, (300, 400), interpolation=cv2.INTER_LINEAR)
    flat = np.minimum(255.0, gray.astype(np.float32) * 255.0 / np.maximum(paper, 32).astype(np.float32))
    darkest = float(np.percentile(flat[::4, ::4], render.INK_PERCENTILE))
    stretched = render.INK_TARGET < darkest < 250
    if stretched:
        flat = 255 - (255 - flat) * min(render.MAX_GAIN, (255 - render.INK_TARGET) / (255 - darkest))
    assert stretched == (pale > 0)
    assert np.array_equal(even_light(gray, scale), np.clip(flat, 0, 255).astype(np.uint8))


def test_the_recogniser_never_gets_a_whole_wide_batch(monkeypatch: pytest.MonkeyPatch) -> None:
    """On a real page, every tensor handed to the recogniser holds at most RUN_COLUMNS
    columns (or one crop), and the lines read are those of one unbounded run per batch."""
    import pypdfium2 as pdfium

    from jixiao.extract.read.ocr.page import OcrSettings, ocr_page

    shapes: list[tuple[int, ...]] = []
    original = recognize.Models.recognise

    def recording(self: recognize.Models, tensor: np.ndarray) -> np.ndarray:
        shapes.append(tensor.shape)
        return original(self, tensor)

    monkeypatch.setattr(recognize.Models, "recognise", recording)
    engine = recognize.OcrEngine()
    doc = pdfium.PdfDocument(str(REPO / "tests" / "data" / "scans" / "scan-word.pdf"))
    try:
        bounded = [line.text for line in ocr_page(doc[0], 1, engine, OcrSettings()).lines]
        assert shapes and all(n * w <= recognize.RUN_COLUMNS or n == 1 for n, _, _, w in shapes)
        assert any(n > 1 for n, _, _, _ in shapes)
        bound = recognize.RUN_COLUMNS
        monkeypatch.setattr(recognize, "RUN_COLUMNS", 10**9)
        shapes.clear()
        whole = [line.text for line in ocr_page(doc[0], 1, engine, OcrSettings()).lines]
        assert max(n * w for n, _, _, w in shapes) > bound  # the page does have wider batches
    finally:
        doc.close()
    assert bounded == whole


def _rss_mb() -> float:
    import os

    with open("/proc/self/statm") as fh:
        return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


@pytest.mark.skipif(not Path("/proc/self/statm").exists(), reason="needs /proc")
def test_free_heap_memory_is_given_back() -> None:
    """Heap blocks freed below a block still in use stay in the process until released."""
    from jixiao.extract.read.ocr.heap import _libc, release_free_memory

    if _libc() is None:
        pytest.skip("the C library has no malloc_trim")
    blocks = [np.ones(16_000, dtype=np.float32) for _ in range(2_000)]  # 64 KB each: heap, not mmap
    pinned = np.ones(16_000, dtype=np.float32)
    del blocks
    before = _rss_mb()
    release_free_memory()
    assert before - _rss_mb() > 50
    assert pinned.sum() == 16_000


def _worker_memory() -> Any:
    return load_benchmark("worker_memory")


def test_the_worker_is_measured_apart_from_the_main_process() -> None:
    """benchmarks/worker_memory.py: a text PDF read alone gives the worker's and the main
    process's peaks (both real, the worker's its own), its pages and no OCR page; the table
    names the files over the target."""
    bench: Any = _worker_memory()
    result = bench.measure_file(REPO / "tests" / "data" / "producers" / "word.pdf")
    assert result["status"] == "ok" and result["pages"] >= 1 and result["ocr_pages"] == 0
    assert 10 < result["worker_mb"] < 1000 and 10 < result["main_mb"] < 1000
    text = bench.table([("a.pdf", result), ("b.pdf", {**result, "worker_mb": 400.0})], target=300)
    assert "| a.pdf |" in text and "Largest worker peak: 400 MB (b.pdf); over 300 MB: b.pdf." in text
