"""Peak RSS of the worker that reads each file, measured alone, one file per fresh interpreter.

``jixiao extract FILE --jobs 1`` forks one worker per file. Run under ``/usr/bin/time`` the
figure is the largest of the main process and its workers; here the run is made in-process by
a fresh interpreter (``jixiao.cli.main``), so its own ``ru_maxrss`` is the main process's and
``RUSAGE_CHILDREN`` is that of its children: the worker (and the short-lived hashing
process, far smaller). The worker's figure includes the pages it shares with the main process
(imports made before the fork) that it touches, as ``top`` shows them.

    python benchmarks/worker_memory.py                        # ../shared/realworld and tests/data/scans
    python benchmarks/worker_memory.py FILE_OR_FOLDER … --target 300

Prints a markdown table — file, pages, pages read by OCR, worker CPU seconds, peak MB of the
worker and of the main process — and the largest worker peak against ``--target`` (the
300 MB of issue 19). Nothing is asserted; this is a measurement.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_PATHS = [ROOT.parent / "shared" / "realworld", ROOT / "tests" / "data" / "scans"]
TARGET_MB = 300

# One file, extracted in this interpreter: its children are the worker and the hasher.
CHILD = r"""
import json, resource, sys
from jixiao.cli import main
path, out = sys.argv[1], sys.argv[2]
try:
    main(["extract", path, "-o", out, "-q", "--jobs", "1"], standalone_mode=False)
except SystemExit:
    pass
me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({"main_mb": me.ru_maxrss / 1024, "worker_mb": kids.ru_maxrss / 1024,
                  "worker_cpu": kids.ru_utime + kids.ru_stime}))
"""


def pdfs(paths: list[Path]) -> list[Path]:
    """The PDFs named or found (recursively) under the given paths, in path order."""
    out: list[Path] = []
    for p in paths:
        out.extend(sorted(p.rglob("*.pdf")) if p.is_dir() else [p] if p.exists() else [])
    return out


def measure_file(path: Path) -> dict:
    """Peak MB of the worker and of the main process, the worker's CPU seconds, and the
    report's pages and OCR pages, for one file read alone."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "out.jsonl"
        done = subprocess.run([sys.executable, "-c", CHILD, str(path), str(out)], capture_output=True, text=True, check=True)
        result = json.loads(done.stdout.strip().splitlines()[-1])
        report = out.with_name("out.report.jsonl")
        row = json.loads(report.read_text(encoding="utf-8").splitlines()[0]) if report.exists() else {}
    result["pages"] = row.get("pages") or 0
    result["ocr_pages"] = row.get("ocr_pages") or 0
    result["status"] = row.get("status", "?")
    return result


def table(results: list[tuple[str, dict]], target: float = TARGET_MB) -> str:
    """Markdown: one row per file, then the largest worker peak against the target."""
    lines = ["| file | pages | OCR pages | worker CPU s | worker peak MB | main peak MB |",
             "| --- | ---: | ---: | ---: | ---: | ---: |"]
    for name, r in results:
        lines.append(f"| {name} | {r['pages']} | {r['ocr_pages']} | {r['worker_cpu']:.1f} | "
                     f"{r['worker_mb']:.0f} | {r['main_mb']:.0f} |")
    if results:
        name, worst = max(results, key=lambda item: item[1]["worker_mb"])
        over = [n for n, r in results if r["worker_mb"] > target]
        verdict = f"over {target:.0f} MB: {', '.join(over)}" if over else f"all within {target:.0f} MB"
        lines.append(f"\nLargest worker peak: {worst['worker_mb']:.0f} MB ({name}); {verdict}.")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("paths", nargs="*", type=Path, help="PDF files or folders (default: the real corpus and the committed scans)")
    parser.add_argument("--target", type=float, default=TARGET_MB, help="peak MB a worker should stay under")
    args = parser.parse_args(argv)
    files = pdfs(args.paths or DEFAULT_PATHS)
    if not files:
        print("worker_memory: no PDF found; nothing to measure.")
        return 0
    results = []
    for path in files:
        results.append((path.name, measure_file(path)))
        print(f"{path.name} done", file=sys.stderr)
    print(table(results, args.target))
    return 0


if __name__ == "__main__":
    sys.exit(main())
