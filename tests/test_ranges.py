"""Large PDFs cut into page ranges read on several workers give the records of the whole file,
and a range that fails fails its file only (extract/run/ranges.py)."""

from __future__ import annotations

import json
import os
import signal
from dataclasses import replace
from pathlib import Path
from typing import Optional

import pytest
from click.testing import CliRunner

from jixiao.cli import main
from jixiao.extract.run import ranges, worker
from jixiao.extract.run.job import FileResult, RangeRows, extract_file, read_range
from jixiao.extract.run.output import record_line
from jixiao.extract.run.ranges import Crashed, WorkQueue, spans
from jixiao.extract.run.settings import RunSettings
from jixiao.extract.run.worker import FileTask, failed
from jixiao.schemas import ReasonCode

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data"
# Files with forms that run over two pages (source.pages [1, 2], [6, 7] …).
MULTI_PAGE = [
    ROOT / "samples" / "lu-an-2021-calc.pdf",
    DATA / "layouts" / "budget-report.pdf",
    DATA / "layouts" / "department.pdf",
    DATA / "producers" / "browser.pdf",
]


def lines(result: FileResult) -> list[str]:
    return [record_line(r) for r in result.records]


def report_of(result: FileResult) -> dict:
    row = result.report.model_dump() if hasattr(result.report, "model_dump") else dict(result.report.__dict__)
    row.pop("seconds", None)
    return row


def joined(path: Path, bounds: list[int], settings: Optional[RunSettings] = None) -> FileResult:
    parts = [read_range(path, a, b, settings) for a, b in zip(bounds, bounds[1:])]
    return extract_file(path, path.name, settings, parts=parts)


@pytest.mark.parametrize("path", MULTI_PAGE, ids=lambda p: p.name)
def test_a_form_cut_across_a_range_boundary_is_the_record_of_the_whole_file(path: Path) -> None:
    whole = extract_file(path, path.name)
    spanning = [r.source.pages for r in whole.records if len(r.source.pages) > 1]
    assert spanning, "the file must hold a form over two pages"
    import pypdfium2 as pdfium

    n = len(pdfium.PdfDocument(str(path)))
    cuts = sorted({pages[0] for pages in spanning})  # between the first and the second page of a form
    for cut in cuts:
        split = joined(path, [0, cut, n])
        assert lines(split) == lines(whole), f"cut after page {cut}"
        assert report_of(split) == report_of(whole)
    one_page_ranges = joined(path, list(range(n + 1)))
    assert lines(one_page_ranges) == lines(whole)


def test_scanned_pages_read_in_ranges_are_ocrd_alike() -> None:
    pytest.importorskip("rapidocr")
    path = DATA / "scans" / "scan-calc.pdf"
    whole = extract_file(path, path.name)
    split = joined(path, [0, 1, 2])
    assert whole.report.ocr_pages == split.report.ocr_pages == 2
    assert lines(split) == lines(whole)


def test_a_bad_range_gives_the_reason_of_the_whole_file(tmp_path: Path) -> None:
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(b"not a pdf at all")
    part = read_range(bad, 0, 5)
    assert (part.reason, part.code) == ("not a PDF: no %PDF header", ReasonCode.NOT_PDF)
    assert extract_file(bad, "bad.pdf").report.reason == part.reason


# ---- the work queue: plain bookkeeping ---------------------------------------------------


def test_spans_cover_the_pages_once_in_equal_ranges() -> None:
    assert spans(10, 16) == [(0, 10)]
    assert spans(155, 52) == [(0, 52), (52, 103), (103, 155)]
    assert spans(100, 30) == [(0, 25), (25, 50), (50, 75), (75, 100)]


def big_and_small(pages: int = 200) -> list[FileTask]:
    return [
        FileTask(index=0, path="small.pdf", display="small.pdf", pages=10),
        FileTask(index=1, path="big.pdf", display="big.pdf", pages=pages),
        FileTask(index=2, path="sheet.xlsx", display="sheet.xlsx"),
    ]


def drain(queue: WorkQueue) -> list[FileTask]:
    out = []
    while (task := queue.take()) is not None:
        out.append(task)
    return out


def test_one_job_reads_whole_files_in_input_order() -> None:
    assert [(t.display, t.span) for t in drain(WorkQueue(big_and_small(), jobs=1))] == [
        ("small.pdf", None), ("big.pdf", None), ("sheet.xlsx", None)
    ]


def test_two_jobs_cut_large_files_and_hand_out_the_largest_work_first() -> None:
    taken = drain(WorkQueue(big_and_small(), jobs=2))
    most = ranges.range_pages(211, 2)
    big = [t.span for t in taken if t.display == "big.pdf"]
    assert sorted(big) == spans(200, most) and len(big) > 1
    assert [t.display for t in taken][-2:] == ["small.pdf", "sheet.xlsx"]  # the smallest last


def ok(task: FileTask, seconds: float = 1.0) -> RangeRows:
    assert task.span is not None
    return RangeRows(first=task.span[0], stop=task.span[1], rows=[], seconds=seconds)


def bad(task: FileTask, reason: str) -> RangeRows:
    return replace(ok(task), reason=reason, code=ReasonCode.DAMAGED)


def cut_file(parts: int = 3) -> tuple[WorkQueue, list[FileTask]]:
    queue = WorkQueue([FileTask(index=0, path="big.pdf", display="big.pdf", pages=parts * ranges.MIN_RANGE_PAGES, spent=0.5)], jobs=2)
    taken = drain(queue)
    assert len(taken) == parts
    return queue, taken


def test_a_file_is_joined_once_every_range_is_read() -> None:
    queue, (r0, r1, r2) = cut_file()
    assert queue.finish(r2, ok(r2)) == [] and queue.finish(r0, ok(r0)) == []
    assert queue.take() is None
    assert queue.finish(r1, ok(r1)) == []
    join = queue.take()
    assert join is not None and join.span is None and join.parts is not None
    assert [p.first for p in join.parts] == [r0.span[0], r1.span[0], r2.span[0]]
    assert join.spent == pytest.approx(3.5)  # fingerprinting and the three ranges
    done = FileResult(report=failed(join, "x", ReasonCode.DAMAGED).report)
    assert queue.finish(join, done) == [(join, done)]


def test_the_first_range_that_did_not_read_gives_the_reason() -> None:
    queue, (r0, r1, r2) = cut_file()
    assert queue.finish(r2, bad(r2, "damaged PDF: late")) == []  # range 1 may fail first
    assert queue.finish(r0, ok(r0)) == []
    [(task, result)] = queue.finish(r1, bad(r1, "damaged PDF: early"))
    assert task.span is None and result.report.status == "failed"
    assert result.report.reason == "damaged PDF: early" and queue.take() is None


def test_ranges_after_a_failed_one_are_dropped() -> None:
    queue = WorkQueue([FileTask(index=0, path="big.pdf", display="big.pdf", pages=3 * ranges.MIN_RANGE_PAGES)], jobs=2)
    r0, r1 = queue.take(), queue.take()
    assert r0 is not None and r1 is not None
    death = failed(r0, "worker exited unexpectedly (exit code 3)", ReasonCode.WORKER_CRASHED)
    [(_, result)] = queue.finish(r0, death)
    assert result.report.reason == "worker exited unexpectedly (exit code 3)"
    assert queue.dropped(r1) and queue.take() is None  # the running one is stopped, the third never starts


def test_a_range_crashed_in_pdfium_sends_the_whole_file_to_pdfminer() -> None:
    queue, (r0, r1, r2) = cut_file()
    crash = Crashed(failed(r1, "worker crashed (SIGSEGV)", ReasonCode.WORKER_CRASHED))
    assert queue.finish(r1, crash) == [] and queue.dropped(r2)
    assert queue.finish(r0, ok(r0)) == []
    retry = queue.take()
    assert retry is not None and (retry.span, retry.parts, retry.engine) == (None, None, "pdfminer")


# ---- end to end: the pool --------------------------------------------------------------


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


@pytest.fixture
def small_ranges(monkeypatch: pytest.MonkeyPatch) -> None:
    """Cut every file of more than 2 pages (the committed files are small)."""
    monkeypatch.setattr(ranges, "MIN_RANGE_PAGES", 2)
    monkeypatch.setattr(ranges, "PARTS_PER_JOB", 100)


def folder_of(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    for path in MULTI_PAGE[:2] + [DATA / "listtables" / "packed_cells.pdf"]:
        (folder / path.name).write_bytes(path.read_bytes())
    return folder


def extract(*args: str) -> None:
    CliRunner().invoke(main, ["extract", *args, "-q"], catch_exceptions=False)


def test_two_jobs_with_ranges_write_the_bytes_of_one_job(tmp_path: Path, small_ranges: None) -> None:
    folder = folder_of(tmp_path)
    extract(str(folder), "-o", str(tmp_path / "one.jsonl"), "-j", "1")
    extract(str(folder), "-o", str(tmp_path / "two.jsonl"), "-j", "2")
    assert (tmp_path / "two.jsonl").read_bytes() == (tmp_path / "one.jsonl").read_bytes()
    strip = lambda rows: [{k: v for k, v in r.items() if k != "seconds"} for r in rows]  # noqa: E731
    assert strip(read_jsonl(tmp_path / "two.report.jsonl")) == strip(read_jsonl(tmp_path / "one.report.jsonl"))
    assert not [n for n in os.listdir(tmp_path) if n.startswith("jixiao-spool-")]


def test_a_dying_range_fails_its_file_only(tmp_path: Path, small_ranges: None, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = folder_of(tmp_path)
    real = worker.read_range

    def dying(path, first, stop, settings=None, on_page=None):  # type: ignore[no-untyped-def]
        if "calc" in str(path) and first > 0:
            os._exit(3)
        return real(path, first, stop, settings, on_page=on_page)

    monkeypatch.setattr(worker, "read_range", dying)
    out = tmp_path / "o.jsonl"
    extract(str(folder), "-o", str(out), "-j", "2")
    report = {r["path"]: r for r in read_jsonl(tmp_path / "o.report.jsonl")}
    calc = report["lu-an-2021-calc.pdf"]
    assert (calc["status"], calc["code"], calc["reason"]) == ("failed", "worker-crashed", "worker exited unexpectedly (exit code 3)")
    assert report["budget-report.pdf"]["status"] == "ok" and report["packed_cells.pdf"]["status"] == "ok"
    assert {r["source"]["path"] for r in read_jsonl(out)} == {"budget-report.pdf", "packed_cells.pdf"}


def test_a_range_crashing_pdfium_has_its_file_read_by_pdfminer(tmp_path: Path, small_ranges: None, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = folder_of(tmp_path)
    real = worker.read_range

    def crashing(path, first, stop, settings=None, on_page=None):  # type: ignore[no-untyped-def]
        if "calc" in str(path) and first > 0:
            os.kill(os.getpid(), signal.SIGSEGV)
        return real(path, first, stop, settings, on_page=on_page)

    monkeypatch.setattr(worker, "read_range", crashing)
    out = tmp_path / "o.jsonl"
    extract(str(folder), "-o", str(out), "-j", "2")
    report = {r["path"]: r for r in read_jsonl(tmp_path / "o.report.jsonl")}
    assert report["lu-an-2021-calc.pdf"]["status"] == "ok"
    path = folder / "lu-an-2021-calc.pdf"
    by_pdfminer = extract_file(path, path.name, RunSettings(engine="pdfminer"))
    got = [line for line in out.read_text(encoding="utf-8").splitlines() if '"lu-an-2021-calc.pdf"' in line]
    assert got == [record_line(r).rstrip("\n") for r in by_pdfminer.records]
