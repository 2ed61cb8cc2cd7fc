"""Speed and memory of ``jixiao extract`` beside a naive pdfplumber script, in one run.

Builds (or reuses) text-layer corpora of 1, 10, 100 and 1,000 pages from the committed
samples, then times on the same files:

* ``jixiao extract`` end to end with ``--jobs 1`` and ``--jobs 2`` (full form parse and
  normalisation, output written);
* the naive baseline: open each PDF with pdfplumber and call ``page.extract_tables()`` on
  every page, nothing more;
* ``jixiao extract --jobs 1`` on the committed scans (every page OCR'd), on one core;

and reports pages/s (the median of 5 runs up to 10 pages, of 3 at 100, one run at 1,000;
timed around the command alone), the ratio to the baseline, and peak memory — the largest single
process (ru_maxrss of the process tree) and the peak sum over the tree (workers included,
sampled from /proc every 50 ms). The normaliser is timed in values/s. Prints a markdown
table for the README.

With ``--real`` (or alone: ``--real-only``) it also times the real published corpus
``../shared/realworld`` (skipped when absent), in one run: the PDFium reading floor
(``benchmarks/floor.py``), the naive pdfplumber loop, ``jixiao extract --jobs 1`` and
``--jobs 2``; for each its wall time, its CPU time (user + system of the process tree: on a
shared machine the CPU figures and the ratios are what to read) and peak RSS; then the peak
RSS of the worker alone on every file (``benchmarks/worker_memory.py``) and the per-stage CPU profile (``benchmarks/stages.py``), and
start-up: ``jixiao --help`` and one small PDF end to end (medians of 5).

    python benchmarks/run.py            # all sizes
    python benchmarks/run.py --quick    # 1, 10 and 100 pages
    python benchmarks/run.py --real-only --repeat 3
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "benchmarks" / ".corpus"
SAMPLES = [ROOT / "samples" / "lu-an-2021-calc.pdf", ROOT / "samples" / "lu-an-2021-drawn.pdf"]

NAIVE = """
import sys, pdfplumber
for f in sys.argv[1:]:
    with pdfplumber.open(f) as pdf:
        for page in pdf.pages:
            page.extract_tables()
"""


def build_corpus(pages: int) -> list[Path]:
    """Files totalling ``pages`` pages, cut from the samples (10-page files, one shorter)."""
    import pypdfium2 as pdfium

    folder = CORPUS / f"p{pages}"
    done = folder / ".done"
    if done.exists():
        return sorted(folder.glob("*.pdf"))
    folder.mkdir(parents=True, exist_ok=True)
    sources = [pdfium.PdfDocument(str(p)) for p in SAMPLES]
    left, index = pages, 0
    while left > 0:
        size = min(10, left)
        doc = pdfium.PdfDocument.new()
        k = 0
        while len(doc) < size:
            src = sources[(index + k) % len(sources)]
            take = min(len(src), size - len(doc))
            doc.import_pages(src, list(range(take)))
            k += 1
        doc.save(str(folder / f"f{index:04d}.pdf"))
        left -= size
        index += 1
    done.write_text("ok")
    return sorted(folder.glob("*.pdf"))


def _children(pid: int) -> list[int]:
    """Child pids of a process, from /proc (all its threads)."""
    kids: list[int] = []
    try:
        for tid in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{tid}/children") as fh:
                kids.extend(int(k) for k in fh.read().split())
    except OSError:
        pass
    return kids


def _tree_rss(pid: int) -> int:
    """Sum of RSS (bytes) of a process and its descendants. Walks only the tree (not all of
    /proc), so that sampling does not steal much CPU from the command being measured."""
    total, stack = 0, [pid]
    page = os.sysconf("SC_PAGE_SIZE")
    while stack:
        p = stack.pop()
        try:
            with open(f"/proc/{p}/statm") as fh:
                total += int(fh.read().split()[1]) * page
        except (OSError, IndexError, ValueError):
            continue
        stack.extend(_children(p))
    return total


# Runs a command and prints its wall time, the largest RSS (KB) among it and its
# descendants, and its exit code. The time is taken here, around the command alone, so the
# wrapper's own interpreter start-up is not charged to the command measured.
WRAPPER = (
    "import resource, subprocess, sys, time; "
    "t = time.perf_counter(); "
    "r = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL); "
    "t = time.perf_counter() - t; "
    "u = resource.getrusage(resource.RUSAGE_CHILDREN); "
    "print(t, u.ru_maxrss, r.returncode, u.ru_utime + u.ru_stime)"
)
CPU_SECONDS: dict[tuple[str, ...], float] = {}  # the last run's CPU time of each command


def measure(cmd: list[str]) -> tuple[float, float, float]:
    """(seconds, peak MB of the largest process, peak MB summed over the tree)."""
    proc = subprocess.Popen([sys.executable, "-c", WRAPPER, *cmd], stdout=subprocess.PIPE, text=True)
    peak = 0
    stop = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not stop.is_set():
            peak = max(peak, _tree_rss(proc.pid))
            time.sleep(0.05)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out, _ = proc.communicate()
    stop.set()
    sampler.join()
    elapsed, largest, exit_code, cpu = out.split()
    seconds, largest_kb, code = float(elapsed), int(largest), int(exit_code)
    CPU_SECONDS[tuple(cmd)] = float(cpu)
    if code != 0:
        raise SystemExit(f"command failed ({code}): {' '.join(cmd[:4])} …")
    # The tree sum includes the small wrapper process; it is the same for every command.
    return seconds, largest_kb / 1024, peak / (1 << 20)


def repeats(pages: int) -> int:
    """Runs per command: small corpora are noisy (a few hundred ms), big ones are not."""
    return 5 if pages <= 10 else 3 if pages <= 100 else 1


def measure_median(cmd: list[str], runs: int) -> tuple[float, float, float]:
    """:func:`measure` ``runs`` times: the median time, the highest peaks."""
    results = [measure(cmd) for _ in range(runs)]
    seconds = statistics.median(r[0] for r in results)
    return seconds, max(r[1] for r in results), max(r[2] for r in results)


SCANS = sorted((ROOT / "tests" / "data" / "scans").glob("*.pdf"))


def scan_seconds_per_page(jixiao: list[str], out: str) -> tuple[float, int]:
    """``jixiao extract --jobs 1`` on the committed scans and (cid:N) PDF, pinned to one core
    when ``taskset`` exists: (seconds per page, pages). Every page of them is read by OCR;
    the model loading is included."""
    import pypdfium2 as pdfium

    pages = sum(len(pdfium.PdfDocument(str(p))) for p in SCANS)
    pin = ["taskset", "-c", "0"] if shutil.which("taskset") else []
    seconds, _, _ = measure([*pin, *jixiao, "extract", *map(str, SCANS), "-o", out, "-q", "--jobs", "1"])
    return seconds / pages, pages


def values_per_second() -> float:
    """The normaliser's figure, from benchmarks/bench_values.py."""
    out = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "bench_values.py")], capture_output=True, text=True, check=True
    ).stdout
    last = out.strip().splitlines()[-1]
    return float(last.split()[0].replace(",", ""))


REAL = ROOT / ".." / "shared" / "realworld"
LOADS: list[float] = []  # the machine's load average when the real corpus began


def measure_cpu(cmd: list[str], runs: int) -> dict[str, float]:
    """``runs`` runs of a command: median wall and CPU seconds, highest peak RSS (MB)."""
    walls, cpus, peaks = [], [], []
    for _ in range(runs):
        seconds, largest, _tree = measure(cmd)
        walls.append(seconds)
        cpus.append(CPU_SECONDS[tuple(cmd)])
        peaks.append(largest)
    return {"wall": statistics.median(walls), "cpu": statistics.median(cpus), "mb": max(peaks)}


def worker_peaks(files: list[str]) -> list[tuple[str, dict]]:
    """Peak RSS of the worker alone on each file, in a fresh interpreter per file
    (``benchmarks/worker_memory.py``: the main process's own peak apart)."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    import worker_memory

    return [(Path(f).name, worker_memory.measure_file(Path(f))) for f in files]


def startup(jixiao: list[str], tmp: str, runs: int = 5) -> tuple[float, float]:
    """Median wall seconds of ``jixiao --help`` and of one small PDF end to end."""
    small = str(ROOT / "tests" / "data" / "producers" / "word.pdf")
    help_s = statistics.median(measure([*jixiao, "--help"])[0] for _ in range(runs))
    one = [*jixiao, "extract", small, "-o", str(Path(tmp) / "small.jsonl"), "-q", "--jobs", "1"]
    return help_s, statistics.median(measure(one)[0] for _ in range(runs))


def real_corpus(jixiao: list[str], runs: int) -> None:
    """The real published corpus: floor, naive, jobs 1 and 2, per-file worker RSS, stages."""
    files = sorted(str(p) for p in REAL.glob("*.pdf"))
    if not files:
        print(f"\nReal corpus: {REAL} not found, skipped.")
        return
    import pypdfium2 as pdfium

    pages = sum(len(pdfium.PdfDocument(f)) for f in files)
    LOADS.append(os.getloadavg()[0])
    rows: dict[str, dict[str, float]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        naive_script = Path(tmp) / "naive.py"
        naive_script.write_text(NAIVE)
        # Interleaved, so that a change of the machine's load hits every command alike.
        commands = {
            "PDFium reading floor (benchmarks/floor.py)": [sys.executable, str(ROOT / "benchmarks" / "floor.py"), *files],
            "naive pdfplumber `extract_tables()`": [sys.executable, str(naive_script), *files],
            "`jixiao extract --jobs 1`": [*jixiao, "extract", *files, "-o", str(Path(tmp) / "j1.jsonl"), "-q", "--jobs", "1"],
            "`jixiao extract --jobs 2`": [*jixiao, "extract", *files, "-o", str(Path(tmp) / "j2.jsonl"), "-q", "--jobs", "2"],
        }
        for name, cmd in commands.items():
            rows[name] = measure_cpu(cmd, runs)
            print(f"{name} done", file=sys.stderr)
        peaks = worker_peaks(files)
        help_s, small_s = startup(jixiao, tmp)
    sys.path.insert(0, str(ROOT / "benchmarks"))
    import stages

    profile = stages.table([(Path(f).name, stages.profile_file(Path(f))) for f in files])
    floor = rows["PDFium reading floor (benchmarks/floor.py)"]
    j1 = rows["`jixiao extract --jobs 1`"]
    print(f"\nReal corpus: {len(files)} PDFs, {pages} pages ({REAL.name}); medians of {runs} run(s).\n")
    print("| command | wall s | pages/s (wall) | CPU s | pages per CPU s | of the floor (CPU) | peak MB (largest process) |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    for name, r in rows.items():
        print(f"| {name} | {r['wall']:.1f} | {pages / r['wall']:.1f} | {r['cpu']:.1f} | {pages / r['cpu']:.1f} | "
              f"{floor['cpu'] / r['cpu']:.2f} | {r['mb']:.0f} |")
    naive = rows["naive pdfplumber `extract_tables()`"]
    j2 = rows["`jixiao extract --jobs 2`"]
    print(f"\njobs 1 against naive: {naive['cpu'] / j1['cpu']:.1f}× (CPU), {naive['wall'] / j1['wall']:.1f}× (wall); "
          f"jobs 2 against jobs 1: {j1['wall'] / j2['wall']:.2f}× (wall), {j2['cpu'] / j1['cpu']:.2f}× the CPU; "
          f"load average {LOADS[0]:.1f} at the start, {os.getloadavg()[0]:.1f} at the end "
          f"(on a loaded machine a second worker does not get a second core).")
    import worker_memory

    print("\nPeak RSS of the worker, file by file (benchmarks/worker_memory.py):\n")
    print(worker_memory.table(peaks))
    print(f"\nStart-up: `jixiao --help` {help_s:.2f} s, one small PDF end to end {small_s:.2f} s (wall, medians of 5).")
    print("\nCPU per stage (benchmarks/stages.py; ms per page, share of the whole):\n")
    print(profile)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="only 1, 10 and 100 pages")
    parser.add_argument("--real", action="store_true", help="also the real corpus ../shared/realworld")
    parser.add_argument("--real-only", action="store_true", help="only the real corpus and start-up")
    parser.add_argument("--repeat", type=int, default=1, help="runs per command on the real corpus")
    args = parser.parse_args()
    if args.real_only:
        real_corpus([sys.executable, "-m", "jixiao.cli"], args.repeat)
        return
    sizes = [1, 10, 100] if args.quick else [1, 10, 100, 1000]
    jixiao = [sys.executable, "-m", "jixiao.cli"]
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        naive_script = Path(tmp) / "naive.py"
        naive_script.write_text(NAIVE)
        for pages in sizes:
            files = [str(f) for f in build_corpus(pages)]
            runs = repeats(pages)
            base_s, base_mb, _ = measure_median([sys.executable, str(naive_script), *files], runs)
            row = {"pages": pages, "naive": (base_s, base_mb)}
            for jobs in (1, 2):
                out = str(Path(tmp) / f"out{pages}-{jobs}.jsonl")
                row[f"j{jobs}"] = measure_median([*jixiao, "extract", *files, "-o", out, "-q", "--jobs", str(jobs)], runs)
            rows.append(row)
            print(f"{pages} pages done", file=sys.stderr)
        scan_s, scan_pages = scan_seconds_per_page(jixiao, str(Path(tmp) / "scans.jsonl"))
    vps = values_per_second()
    print(f"Machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
          f"{platform.system()} {platform.release()}\n")
    print("| pages | naive pages/s | jobs=1 pages/s | ratio | jobs=2 pages/s | jobs 2 / jobs 1 | "
          "peak MB naive | peak MB jobs=1 (largest / tree) | peak MB jobs=2 (largest / tree) |")
    print("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for row in rows:
        p = row["pages"]
        base_s, base_mb = row["naive"]
        j1, j2 = row["j1"], row["j2"]
        print(
            f"| {p} | {p / base_s:.1f} | {p / j1[0]:.1f} | {base_s / j1[0]:.2f}× | {p / j2[0]:.1f} | "
            f"{j1[0] / j2[0]:.2f}× | {base_mb:.0f} | {j1[1]:.0f} / {j1[2]:.0f} | {j2[1]:.0f} / {j2[2]:.0f} |"
        )
    by_pages = {row["pages"]: row for row in rows}
    if 100 in by_pages and 1000 in by_pages:
        ratio = by_pages[1000]["j1"][0] / by_pages[100]["j1"][0]
        print(f"\n1,000 pages take {ratio:.1f}× the time of 100 (jobs=1).")
    print(f"Scans (OCR): {scan_s:.2f} s/page on one core ({scan_pages} pages, end to end, models loaded once per file).")
    print(f"Normaliser: {vps:,.0f} values/s on one core.")
    if args.real:
        real_corpus(jixiao, args.repeat)


if __name__ == "__main__":
    main()
