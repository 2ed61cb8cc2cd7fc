"""The progress bar counts pages, OCR'd pages by their cost (extract/run/progress.py): plain
bookkeeping, driven here by a simulated clock."""

from __future__ import annotations

import io

import pytest

from jixiao.extract.run.progress import PageProgress


def test_pages_count_as_they_are_done_and_a_failed_file_settles_its_own() -> None:
    work = PageProgress(expected={"a.pdf": 10, "b.pdf": 5})
    for _ in range(3):
        work.page("a.pdf", "text", 0.02)
    assert (work.pages_done, work.pages_total, work.fraction()) == (3, 15, pytest.approx(0.2))
    work.finished("b.pdf")  # failed before any page: its 5 pages will not come
    assert work.pages_done == 8
    for _ in range(7):
        work.page("a.pdf", "text", 0.02)
    work.finished("a.pdf", 10)
    assert (work.pages_done, work.pages_total, work.fraction()) == (15, 15, 1.0)


def test_a_file_of_unknown_length_counts_when_it_is_known() -> None:
    work = PageProgress(expected={"sheet.xlsx": None, "a.pdf": 4})
    assert work.pages_total == 5
    work.finished("sheet.xlsx", 3)  # a cluster reports no pages: they count when the file is done
    assert (work.pages_done, work.pages_total) == (3, 7)


def run_batch(work: PageProgress, files: list[tuple[str, str, int, float]]) -> list[float]:
    """Pages done one after another on a simulated clock; the ETA after each page."""
    clock, etas = 0.0, []
    for name, method, pages, cost in files:
        for _ in range(pages):
            clock += cost
            work.page(name, method, cost)
            eta = work.eta(clock)
            assert eta is not None
            etas.append(eta)
        work.finished(name, pages)
    return etas


BATCH = [("a.pdf", "text", 100, 0.02), ("scan.pdf", "ocr", 10, 1.0), ("b.pdf", "text", 100, 0.02)]


def test_the_eta_stays_steady_through_a_scan() -> None:
    work = PageProgress(expected={name: pages for name, _, pages, _ in BATCH})
    etas = run_batch(work, BATCH)
    assert work.ocr_weight == pytest.approx(50.0)
    # Never rises by more than a page's worth, though the 10 OCR'd pages take 5x the 200 text pages.
    assert all(later <= earlier + 0.05 for earlier, later in zip(etas, etas[1:]))
    assert etas[-1] == pytest.approx(0.0)


def test_counting_ocr_pages_as_text_pages_makes_the_eta_jump(monkeypatch: pytest.MonkeyPatch) -> None:
    """What the weighting prevents: with every page worth one, the scan drags the rate down."""
    monkeypatch.setattr(PageProgress, "ocr_weight", property(lambda self: 1.0))
    work = PageProgress(expected={name: pages for name, _, pages, _ in BATCH})
    etas = run_batch(work, BATCH)
    assert max(etas[100:]) > 3 * etas[99]


def test_the_bar_shows_pages_and_files() -> None:
    from jixiao.console.progress import Progress
    from jixiao.extract.run.job import FileResult
    from jixiao.schemas import FileReport

    stream = io.StringIO()
    bar = Progress(0, quiet=False, verbose=False, stream=stream)
    bar.start(2, {"a.pdf": 4, "b.pdf": 6})
    for _ in range(4):
        bar.page("a.pdf", "text", 0.01)
    bar(FileResult(report=FileReport(path="a.pdf", status="ok", pages=4, forms=1)))
    assert "4/10 pages, 1/2 files" in bar._bar()
