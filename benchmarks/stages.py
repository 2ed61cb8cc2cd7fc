"""Where the time of ``jixiao extract`` goes, stage by stage, on the CPU (not the wall clock).

Runs the pipeline's stages one after the other on each file, in a fresh process per file, and
times each with ``time.process_time`` (so a busy, shared machine inflates the figures less):

* read — PDF → pages (PDFium, and pdfminer for the pages PDFium refuses; no OCR);
* layout — page → rows (rules, grids, cell text, free text lines);
* forms — rows → form drafts (stitching, header, indicator columns);
* records — drafts → pydantic records (normaliser included);
* JSON — records → JSON lines.

Each file's process also reports its peak RSS (``ru_maxrss``) and how many pages PDFium
handed to pdfminer. Prints a markdown table, one row per file and a total.

    python benchmarks/stages.py ../shared/realworld
    python benchmarks/stages.py FILE.pdf … --profile /tmp/prof.out   # cProfile of one run too
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

STAGES = ("read", "layout", "forms", "records", "json")

# The per-file run, in its own interpreter so that its ru_maxrss is that file's alone.
CHILD = r"""
import json, resource, sys, time
from jixiao.extract.read import pdf as pdf_reader
from jixiao.extract.read.pdfium_pages import NeedsPdfminer
from jixiao.extract.layout.rows import page_to_rows
from jixiao.extract.forms.build import rows_to_forms
from jixiao.extract.forms.record import form_to_record
from jixiao.extract.run.output import record_line
from jixiao.schemas import Source

path = sys.argv[1]
refused = 0
original = pdf_reader._pdfium_then_pdfminer

def counting(pages, *args):
    def seen():
        global refused
        for page in pages:
            refused += isinstance(page, NeedsPdfminer)
            yield page
    return original(seen(), *args)

pdf_reader._pdfium_then_pdfminer = counting
clock = time.process_time
t = {}
start = clock(); pages = list(pdf_reader.pdf_to_pages(path)); t["read"] = clock() - start
start = clock(); rows = [page_to_rows(p) for p in pages]; t["layout"] = clock() - start
del pages
start = clock(); drafts = list(rows_to_forms(iter(rows))); t["forms"] = clock() - start
source = Source(path=path, sha256="0" * 64, pages=[], method="text")
start = clock(); records = [form_to_record(d, k, source) for k, d in enumerate(drafts, 1)]; t["records"] = clock() - start
start = clock(); lines = [record_line(r) for r in records]; t["json"] = clock() - start
print(json.dumps({"pages": len(rows), "forms": len(records), "refused": refused, "cpu": t,
                  "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def pdfs(paths: list[str]) -> list[Path]:
    """The PDFs named or found under the given paths, in path order."""
    out: list[Path] = []
    for p in map(Path, paths):
        out.extend(sorted(p.rglob("*.pdf")) if p.is_dir() else [p])
    return out


def profile_file(path: Path, profile: str = "") -> dict:
    """The stage times (CPU seconds), pages, forms, refused pages and peak RSS of one file."""
    cmd = [sys.executable]
    if profile:
        cmd += ["-m", "cProfile", "-o", profile]
    script = Path(profile or "/tmp/_unused").with_suffix(".child.py") if profile else None
    if script is not None:
        script.write_text(CHILD)
        cmd += [str(script), str(path)]
    else:
        cmd += ["-c", CHILD, str(path)]
    out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def table(results: list[tuple[str, dict]]) -> str:
    """Markdown: per file, CPU ms per page of each stage, pages, refused pages, peak MB."""
    head = "| file | pages | pdfminer pages | " + " | ".join(f"{s} ms/page" for s in STAGES) + " | total ms/page | peak MB |"
    lines = [head, "| --- " + "| ---: " * (len(STAGES) + 4) + "|"]
    totals = {s: 0.0 for s in STAGES}
    pages = refused = 0
    peak = 0.0
    for name, r in results:
        n = max(r["pages"], 1)
        cells = " | ".join(f"{1000 * r['cpu'][s] / n:.1f}" for s in STAGES)
        lines.append(f"| {name} | {r['pages']} | {r['refused']} | {cells} | {1000 * sum(r['cpu'].values()) / n:.1f} | {r['rss_mb']:.0f} |")
        for s in STAGES:
            totals[s] += r["cpu"][s]
        pages += r["pages"]
        refused += r["refused"]
        peak = max(peak, r["rss_mb"])
    whole = sum(totals.values())
    cells = " | ".join(f"{1000 * totals[s] / max(pages, 1):.1f} ({100 * totals[s] / max(whole, 1e-9):.0f} %)" for s in STAGES)
    lines.append(f"| **all** | {pages} | {refused} | {cells} | {1000 * whole / max(pages, 1):.1f} | {peak:.0f} |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("paths", nargs="+", help="PDF files or folders")
    parser.add_argument("--profile", default="", help="write a cProfile of each file's run to PROFILE.<n>")
    args = parser.parse_args()
    results = []
    for k, path in enumerate(pdfs(args.paths)):
        results.append((path.name, profile_file(path, f"{args.profile}.{k}" if args.profile else "")))
        print(f"{path.name} done", file=sys.stderr)
    print(table(results))


if __name__ == "__main__":
    main()
