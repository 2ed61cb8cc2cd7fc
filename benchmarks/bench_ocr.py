"""Time and score the OCR path on scans of every sample and producer PDF; print s/page.

Builds whole-document scans (200 dpi, JPEG, noise, skews of 1–2°, one page in four turned by a
quarter or half turn: ``tests/data/scans/make_scans.py``'s :func:`corpus_scans`) and the
broken-text-layer PDFs ((cid:N) fonts) in a temporary folder, reads each with
``extract_file(..., RunSettings(ocr="auto"))`` in this process — one core, onnxruntime with one intra-op
thread, the engine loaded once per file as a worker does — and scores the records against the
scans' truths with ``benchmarks/score.py`` (forms, header fields, pages, row F1 at ≥ 0.9
similarity of name and target).

    python benchmarks/bench_ocr.py                 # the whole corpus (~40 pages)
    python benchmarks/bench_ocr.py --committed     # only the scans the tests read (fast)
    python benchmarks/bench_ocr.py --keep DIR      # keep the scans, run and truths in DIR
    python benchmarks/bench_ocr.py --damage all    # damaged scans (issue 15), scored per kind
    python benchmarks/bench_ocr.py --damage skew9,seal --sources tuning

``--damage`` scans forms of the held-out layout corpus (``--sources unseen``, the default) or
those the OCR path was tuned on, with each kind of damage of ``tests/data/scans/damage.py``,
and prints one line per kind: forms found, false forms, soft row F1, s/page.

Printed: per file pages, seconds and s/page; overall s/page (OCR pages only, model loading
included, one core); the score table of ``score.py``. Nothing is asserted; this is a
measurement. Issue 5's goal is ≤ 3 s per scanned page, issue 19's ≤ 2 s; the worker's peak
memory on scans is measured by ``benchmarks/worker_memory.py``.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import sys
import tempfile
import time
from pathlib import Path
from types import ModuleType

REPO = Path(__file__).resolve().parents[1]


def _load(name: str, path: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def build_corpus(folder: Path, committed: bool) -> list[tuple[Path, Path]]:
    """(PDF, truth) pairs of the corpus, made in ``folder``."""
    scans = _load("make_scans", REPO / "tests" / "data" / "scans" / "make_scans.py")
    pairs = []
    specs = scans.SCANS if committed else scans.corpus_scans()
    for spec in specs:
        truth = scans.build_scan(spec, folder, max_bytes=None)
        pairs.append((folder / spec.file, truth))
    for file, source, truth_source in scans.CIDS:
        truth = scans.build_cid(file, source, truth_source, folder)
        pairs.append((folder / file, truth))
    return pairs


def read_all(pairs: list[tuple[Path, Path]], folder: Path, name: str = "run") -> tuple[Path, int, float]:
    """Extract every PDF (one core), print a line per file; the run file, pages and CPU seconds."""
    from jixiao.extract.run.job import extract_file
    from jixiao.extract.run.settings import RunSettings
    from jixiao.extract.run.output import record_line

    run_lines: list[str] = []
    total_pages, total_seconds = 0, 0.0
    for pdf, _ in pairs:
        started = time.process_time()  # CPU time: the machine may be shared, one core is measured
        result = extract_file(pdf, pdf.name, RunSettings(ocr="auto"))
        seconds = time.process_time() - started
        pages = result.report.pages or 0
        total_pages += pages
        total_seconds += seconds
        run_lines += [record_line(r) for r in result.records]
        print(f"{pdf.name:<28} {pages:>5} {seconds:>8.1f} {seconds / max(pages, 1):>7.2f}  "
              f"{result.report.status} {result.report.reason or ''}", flush=True)
    run_file = folder / f"{name}.jsonl"
    run_file.write_text("".join(run_lines), encoding="utf-8")
    return run_file, total_pages, total_seconds


def bench_damage(kinds: list[str], sources: str, folder: Path, mismatches: int) -> int:
    """Score the damaged scans per kind of damage."""
    scans = _load("make_scans", REPO / "tests" / "data" / "scans" / "make_scans.py")
    score = _load("score", REPO / "benchmarks" / "score.py")
    origin = scans.UNSEEN if sources == "unseen" else scans.TUNING
    lines = []
    for kind in kinds:
        pairs = []
        for spec in scans.damaged_scans((kind,), origin):
            pairs.append((folder / spec.file, scans.build_damaged(spec, folder)))
        run_file, pages, seconds = read_all(pairs, folder, kind)
        report = score.score(score.load_jsonl(run_file), [r for _, t in pairs for r in score.load_jsonl(t)])
        c = report.overall
        lines.append(f"{kind:<8} {c.found:>3}/{c.expected:<3} {c.false:>5} {c.f1:>7.3f} "
                     f"{c.rows_matched:>4}/{c.rows_truth:<4} {seconds / max(pages, 1):>6.2f}")
        if mismatches:
            print(score.format_report(report, mismatches))
    print(f"\n{sources} forms; {os.cpu_count()} cores, Python {sys.version.split()[0]}")
    print(f"{'damage':<8} {'forms':>7} {'false':>5} {'soft F1':>7} {'rows':>9} {'s/page':>6}")
    print("\n".join(lines))
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--committed", action="store_true", help="only the small scans the tests read")
    parser.add_argument("--keep", type=Path, metavar="DIR", help="write the scans, run and truths here")
    parser.add_argument("--mismatches", type=int, default=20, help="how many mismatches to list")
    parser.add_argument("--damage", metavar="KINDS", help="damaged scans of these kinds (comma-separated, or all)")
    parser.add_argument("--sources", choices=("unseen", "tuning"), default="unseen", help="forms the damaged scans are made of")
    args = parser.parse_args(argv)
    if args.damage:
        sys.path.insert(0, str(REPO / "tests" / "data" / "scans"))
        from damage import DAMAGES

        kinds = list(DAMAGES) if args.damage == "all" else args.damage.split(",")
        folder = args.keep or Path(tempfile.mkdtemp(prefix="bench_ocr_"))
        folder.mkdir(parents=True, exist_ok=True)
        return bench_damage(kinds, args.sources, folder, args.mismatches)

    score = _load("score", REPO / "benchmarks" / "score.py")
    folder = args.keep or Path(tempfile.mkdtemp(prefix="bench_ocr_"))
    folder.mkdir(parents=True, exist_ok=True)
    pairs = build_corpus(folder, args.committed)

    print(f"{'file':<28} {'pages':>5} {'seconds':>8} {'s/page':>7}  status")
    run_file, total_pages, total_seconds = read_all(pairs, folder)

    print()
    print(f"machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}; onnxruntime intra-op threads: 1")
    print(f"OCR: {total_pages} pages in {total_seconds:.1f} s: {total_seconds / max(total_pages, 1):.2f} s/page (one core)")
    print()
    run = score.load_jsonl(run_file)
    truth = [r for _, t in pairs for r in score.load_jsonl(t)]
    report = score.score(run, truth)
    print(score.format_report(report, args.mismatches))
    if args.keep:
        (folder / "summary.json").write_text(json.dumps(score.summary(report), ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
