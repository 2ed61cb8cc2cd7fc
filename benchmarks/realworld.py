"""Extract the real published PDFs of ``../shared/realworld`` and score the run, in one command.

    python benchmarks/realworld.py                      # all 21 files
    python benchmarks/realworld.py --family bj --mismatches 5
    python benchmarks/realworld.py --file qz-政府办本级 --json /tmp/s.json
    python benchmarks/realworld.py --run OUT.jsonl      # score an earlier run, no extraction

Runs ``jixiao extract`` of the current interpreter's environment (the ``jixiao`` beside
``sys.executable``, else ``sys.executable -m jixiao.cli``) on the folder — or on only the files
that ``--family`` / ``--file`` keep — writing ``OUT/out.jsonl`` and its report, then scores it
against the folder's ``truth.jsonl`` with ``benchmarks/score.py`` and prints its table (files
the extractor did not read ``ok`` are listed first). Options it does not know go to ``jixiao
extract`` (``--engine pdfminer``, ``--ocr never`` …). Exits 0 always, also when the folder is
absent (then it says so): this is a measurement, not a test.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path
from typing import Optional, Sequence

sys.path.insert(0, str(Path(__file__).resolve().parent))
import score  # noqa: E402  (benchmarks/ is not a package; score.py sits beside this script)

ROOT = Path(__file__).resolve().parent.parent
FOLDER = ROOT.parent / "shared" / "realworld"
OUT = ROOT / "benchmarks" / ".realworld"
TRUTH = "truth.jsonl"


def jixiao_command() -> list[str]:
    """How to call the jixiao installed in this interpreter's environment."""
    script = Path(sys.executable).with_name("jixiao")
    return [str(script)] if script.exists() else [sys.executable, "-m", "jixiao.cli"]


def inputs(folder: Path, families: Sequence[str], files: Sequence[str]) -> list[Path]:
    """What to extract: the folder itself, or the PDFs of it the filters keep."""
    if not families and not files:
        return [folder]
    wanted = [{"source": {"path": pdf.name}} for pdf in sorted(folder.glob("*.pdf"))]
    return [folder / record["source"]["path"] for record in score.keep_files(wanted, families, files)]


def extract(paths: Sequence[Path], out: Path, extra: Sequence[str]) -> Optional[str]:
    """Run ``jixiao extract PATHS -o OUT`` (report beside it); a one-line reason when it could not
    run or stopped on a usage error, else None (failed files are listed from the report)."""
    command = [*jixiao_command(), "extract", *map(str, paths), "-o", str(out), *extra]
    print("$ " + " ".join(command), flush=True)
    started = time.monotonic()
    try:
        done = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    except OSError as exc:
        return f"could not run jixiao: {exc}"
    print(f"extracted in {time.monotonic() - started:.1f} s (exit {done.returncode})", flush=True)
    if done.returncode not in (0, 1):
        return f"jixiao extract exited {done.returncode}: {done.stderr.strip().splitlines()[-1:]}"
    return None


def not_ok(report: Path) -> list[str]:
    """``path: status (reason)`` of every file the run's report does not call ``ok``."""
    if not report.exists():
        return []
    return [f"{row.get('path')}: {row.get('status')} ({row.get('reason')})"
            for row in score.load_jsonl(report) if row.get("status") != "ok"]


def main(argv: Optional[Sequence[str]] = None) -> int:
    """Extract (unless ``--run``), score, print; always return 0."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--folder", type=Path, default=FOLDER, help="the real-world PDFs and truth.jsonl")
    parser.add_argument("--out", type=Path, default=OUT, help="folder for out.jsonl and its report")
    parser.add_argument("--run", type=Path, help="score this run instead of extracting")
    score.add_output_options(parser)
    args, extra = parser.parse_known_args(argv)
    truth_path = args.folder / TRUTH
    if not truth_path.exists():
        print(f"realworld: {truth_path} is absent; nothing to score.")
        return 0
    run_path = args.run
    if run_path is None:
        paths = inputs(args.folder, args.family, args.file)
        if not paths:
            print("realworld: no PDF of the folder passes --family/--file; nothing to score.")
            return 0
        args.out.mkdir(parents=True, exist_ok=True)
        run_path = args.out / "out.jsonl"
        reason = extract(paths, run_path, extra)
        if reason:
            print(f"realworld: {reason}")
            return 0
        for line in not_ok(run_path.with_name("out.report.jsonl")):
            print(f"not ok: {line}")
    score.score_and_print(score.load_jsonl(run_path) if run_path.exists() else [],
                          score.load_jsonl(truth_path), args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
