"""The ``jixiao`` command line: wires options to the library and formats output.

stdout carries data only (JSONL); progress, the summary and errors go to stderr.
Exit codes: 0 every file ok, without forms or skipped; 1 some file failed; 2 usage error
(bad option, missing path); 130 interrupted (rerun with --resume).
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import sys
import threading
import time
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any, BinaryIO, Optional, Union

import click

from jixiao.extract.run.batch import Executor, Plan, Summary, plan_batch, run_batch
from jixiao.extract.run.cluster import ClusterError, dask_executor
from jixiao.extract.run.inputs import is_url
from jixiao.extract.run.locate import LocationError, StagedOutput, find_locations, is_remote, stage_output
from jixiao.extract.run.output import (
    OutputBusy,
    OutputError,
    ResultWriter,
    ResumeState,
    ensure_report_order,
    ensure_sorted,
    locked_outputs,
    output_clash,
    prepare_resume,
)
from jixiao.extract.read.pdf import ENGINES
from jixiao.extract.run.job import OCR_MODES, FileResult
from jixiao.extract.run.pool import DEFAULT_MAX_MEMORY_MB, DEFAULT_TIMEOUT, RunSettings, run_local
from jixiao.normalize import parse_value
from jixiao.schemas import FileReport, FormRecord, Value
from jixiao.export.writers import FORMATS as EXPORT_FORMATS
from jixiao.export.writers import write_tables
from jixiao.review.diff import DiffResult, diff_runs
from jixiao.review.diff_render import FORMATS as DIFF_FORMATS
from jixiao.review.diff_render import render as render_diff
from jixiao.review.images import DEFAULT_DPI
from jixiao.review.records import Record, RecordsError, read_records

EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130


def exit_code(summary: Summary) -> int:
    """The one place that decides the exit code of a batch."""
    return EXIT_FAILED if summary.failed else EXIT_OK


def report_path_for(output: str) -> Optional[Path]:
    """Where the per-file report goes by default: beside the output, ``X.jsonl`` →
    ``X.report.jsonl``; none when records go to stdout."""
    if output == "-":
        return None
    out = Path(output)
    stem = out.name[: -len(".jsonl")] if out.name.endswith(".jsonl") else out.name
    return out.with_name(stem + ".report.jsonl")


def terminal_text(text: str) -> str:
    """Text safe to print on a terminal: control characters (an escape sequence in a file
    name, a newline in a reason), bidi overrides, line separators and undecodable bytes are
    shown as visible escapes (``\\x1b``, ``\\u202e``, ``\\udcff``); the rest unchanged."""
    if text.isprintable():
        return text
    return "".join(
        ch if ch == " " or unicodedata.category(ch) not in ("Cc", "Cf", "Cs", "Zl", "Zp") else ch.encode("unicode_escape", "backslashreplace").decode("ascii")
        for ch in text
    )


@contextlib.contextmanager
def _sigterm_interrupts() -> Iterator[None]:
    """SIGTERM (``kill``, a service manager) ends a batch like Ctrl-C: workers stopped,
    spool folder removed, outputs left whole for ``--resume``."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def interrupt(signum: int, frame: Any) -> None:
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, interrupt)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


class OneLineErrors(click.Group):
    """Usage errors as one line on stderr (exit 2), never a traceback or a usage dump."""

    def main(self, *args: Any, **kwargs: Any) -> Any:  # type: ignore[override]
        kwargs["standalone_mode"] = False
        try:
            return super().main(*args, **kwargs)
        except click.UsageError as exc:
            hint = f" (see 'jixiao {exc.ctx.info_name} --help')" if exc.ctx and exc.ctx.parent else ""
            click.echo(f"jixiao: {terminal_text(exc.format_message())}{hint}", err=True)
            sys.exit(EXIT_USAGE)
        except click.ClickException as exc:
            click.echo(f"jixiao: {terminal_text(exc.format_message())}", err=True)
            sys.exit(exc.exit_code)
        except click.Abort:
            click.echo("jixiao: interrupted", err=True)
            sys.exit(EXIT_INTERRUPTED)


class Progress:
    """Progress on stderr: a live line on a terminal, plain log lines otherwise."""

    def __init__(self, total: int, quiet: bool, verbose: bool, stream: IO[str] = sys.stderr) -> None:
        self.total = total
        self.done = 0
        self.pages = 0
        self.failed = 0
        self.quiet = quiet
        self.verbose = verbose
        self.stream = stream
        self.live = stream.isatty() and not quiet
        self.started = time.monotonic()
        self.last_draw = 0.0

    def __call__(self, result: FileResult) -> None:
        rep = result.report
        self.done += 1
        self.pages += rep.pages or 0
        self.failed += rep.status == "failed"
        if self.quiet:
            return
        if rep.status == "failed" or self.verbose or not self.live:
            if self.live:
                self.stream.write("\r\033[K")
            self.stream.write(self._line(rep) + "\n")
        if self.live:
            now = time.monotonic()
            if now - self.last_draw > 0.1 or self.done == self.total:
                self.last_draw = now
                self.stream.write("\r\033[K" + self._bar())
        self.stream.flush()

    def _line(self, rep: FileReport) -> str:
        head = f"[{self.done}/{self.total}] {rep.status}: {terminal_text(rep.path)}"
        if rep.status == "failed":
            return f"{head}: {terminal_text(rep.reason or '')}"
        if rep.status == "skipped":
            return f"{head} ({terminal_text(rep.reason or '')})"
        warned = f", {len(rep.warnings)} warnings" if rep.warnings else ""
        return f"{head} ({rep.pages} pages, {rep.forms} forms, {rep.seconds:.1f}s{warned})"

    def _bar(self) -> str:
        elapsed = max(time.monotonic() - self.started, 1e-6)
        rate = self.pages / elapsed
        left = self.total - self.done
        eta = elapsed / self.done * left if self.done else 0.0
        width = 24
        filled = int(width * self.done / max(self.total, 1))
        return (
            f"[{'#' * filled}{'.' * (width - filled)}] {self.done}/{self.total} files, "
            f"{rate:.1f} pages/s, {self.failed} failed, ETA {int(eta // 60)}:{int(eta % 60):02d}"
        )

    def close(self) -> None:
        if self.live:
            self.stream.write("\n")
            self.stream.flush()


@click.group(cls=OneLineErrors, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="jixiao")
def main() -> None:
    """Turn budget performance target forms (绩效目标表) in PDFs into checked JSONL.

    \b
    Typical use:
      jixiao extract downloads/ -o forms.jsonl             read a folder of PDFs
      jixiao extract downloads/ -o forms.jsonl --resume    go on after an interruption
      jixiao review forms.jsonl --root downloads/ -o jixiao-review/   check rows against pages
      jixiao diff old.jsonl new.jsonl                      compare two runs
      jixiao export forms.jsonl --to xlsx -o tables/       tables for pandas and Excel
      jixiao normalize '≥90%' '70.35万元'                  parse target texts
      jixiao schema                                        the JSON Schema of a record
    """


class PathOrUrl(click.ParamType):
    """An input: a file or folder that exists, or an fsspec URL (checked when listed)."""

    name = "path"

    def convert(self, value: Any, param: Optional[click.Parameter], ctx: Optional[click.Context]) -> Union[Path, str]:
        if isinstance(value, str) and is_url(value):
            return value
        return click.Path(exists=True, path_type=Path).convert(value, param, ctx)  # type: ignore[no-any-return]


class ClusterUnavailable(click.ClickException):
    """The --cluster scheduler cannot be reached or started: one line on stderr, exit 2."""

    exit_code = EXIT_USAGE


class OutputUnavailable(click.ClickException):
    """An output cannot be opened, or another run holds it: one line on stderr, exit 2,
    no file changed."""

    exit_code = EXIT_USAGE


def upload_output(staged: StagedOutput) -> None:
    """Upload a remote output written locally; a failure is one line on stderr, exit 1."""
    try:
        staged.upload()
    except LocationError as exc:
        raise click.ClickException(str(exc)) from None


@main.command()
@click.argument("paths", nargs=-1, required=True, type=PathOrUrl())
@click.option(
    "-o",
    "--output",
    default="-",
    show_default=True,
    help="JSONL file for the form records; '-' writes them to stdout. Must not be an input "
    "file; locked while the run lasts, so a second run on it is refused.",
)
@click.option(
    "--report",
    "report",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Per-file report (JSONL: path, sha256, status, pages, forms, seconds, reason, code, "
    "warnings). Default: beside --output as NAME.report.jsonl; none when --output is '-'. "
    "Must not be an input file or the --output file.",
)
@click.option(
    "--resume",
    is_flag=True,
    help="Go on with an interrupted run: keep the records of files the report calls done, "
    "append the rest. Failed files are tried again.",
)
@click.option(
    "-j",
    "--jobs",
    type=click.IntRange(min=1),
    default=os.cpu_count() or 1,
    show_default="number of cores",
    help="Worker processes reading files in parallel.",
)
@click.option(
    "--timeout",
    type=click.FloatRange(min=0),
    default=DEFAULT_TIMEOUT,
    show_default=True,
    help="Seconds one file may take, reading its bytes and OCR included, before it is marked "
    "failed; 0 for no limit. A page read by OCR takes about 2 s: the default lets a 250-page scan finish.",
)
@click.option(
    "--max-memory",
    type=click.IntRange(min=0),
    default=DEFAULT_MAX_MEMORY_MB,
    show_default=True,
    help="Memory cap per worker in MB; a file needing more is marked failed. 0 for none.",
)
@click.option(
    "--ocr",
    type=click.Choice(OCR_MODES),
    default="auto",
    show_default=True,
    help="OCR pages: auto — only pages without a usable text layer (scans, (cid:N) garbage); "
    "always; never.",
)
@click.option(
    "--engine",
    type=click.Choice(ENGINES),
    default="pdfium",
    show_default=True,
    help="PDF reader: pdfium (C++, fast) or pdfminer (pdfplumber's pure-Python engine; "
    "slower, same results). With pdfium, pages with text in fonts the PDF does not embed, and "
    "files PDFium cannot open or crashes on, are read with pdfminer.",
)
@click.option(
    "--cluster",
    metavar="ADDRESS",
    default=None,
    help="Read the files on a Dask cluster: the scheduler's address (tcp://HOST:8786), or "
    "'local' for a cluster of --jobs workers on this machine. Workers must see the inputs at "
    "the same paths or URLs (shared storage). Needs pip install 'jixiao[cluster]'.",
)
@click.option("--password", default="", help="Password for encrypted PDFs (an empty user password is tried anyway).")
@click.option("-q", "--quiet", is_flag=True, help="Print nothing but the failures' count on exit.")
@click.option("-v", "--verbose", is_flag=True, help="A line per file, OCR decisions, and pdfminer's warnings.")
def extract(
    paths: tuple[Union[Path, str], ...],
    output: str,
    report: Optional[Path],
    resume: bool,
    jobs: int,
    timeout: float,
    max_memory: int,
    ocr: str,
    engine: str,
    cluster: Optional[str],
    password: str,
    quiet: bool,
    verbose: bool,
) -> None:
    """Extract every form of the PDFs under PATHS into one JSONL file.

    PATHS are PDF files or folders (searched recursively for *.pdf in any case; hidden
    files and folders skipped; symlinked folders not followed), or fsspec URLs (file://…;
    s3://… with s3fs installed, read by --cluster workers). One record per form,
    ordered by file path then form index; a rerun writes the same bytes. A file that cannot
    be read (damaged, encrypted, not a PDF, too slow, too big) is reported with a one-line
    reason and a code, and the batch goes on. Identical files under two paths are read
    once; FIFOs, sockets and devices are skipped unopened; a folder that cannot be listed
    is a failed row. Every file gets one report row.

    Paths shown in the records and the report (source.path) are relative to the folder
    holding every PATH given: the folder itself for one folder (dl/a.pdf shows as a.pdf),
    dl for 'dl/滁州 dl/芜湖' (滁州/附件1.pdf, 芜湖/附件1.pdf), so no two files share one.
    Bytes of a name that is not UTF-8 are shown as \\xNN.

    Exit status: 0 all files ok (or without forms), 1 some failed, 2 usage error,
    130 interrupted.
    """
    if resume and output == "-":
        raise click.UsageError("--resume needs --output FILE (records on stdout cannot be resumed)")
    try:
        if cluster is None and any(is_remote(p) for p in paths):
            raise click.UsageError("inputs on remote storage are read by cluster workers: add --cluster ADDRESS (or --cluster local)")
        inputs = find_locations(paths)
        executor: Executor = run_local if cluster is None else dask_executor(cluster)
        staged = stage_output(output, resume)  # a remote output is written here, uploaded at the end
    except LocationError as exc:
        raise click.UsageError(str(exc)) from None
    except ClusterError as exc:
        raise ClusterUnavailable(str(exc)) from None
    output = staged.path
    report_file = report or report_path_for(output)
    files = [Path(p) for p in (output, report_file) if p is not None and p != "-"]
    clash = output_clash(files, inputs)
    if clash is not None:
        raise click.UsageError(clash)
    settings = RunSettings(
        jobs=jobs,
        timeout=timeout,
        max_memory_mb=max_memory,
        password=password,
        verbose=verbose,
        ocr=ocr,
        engine=engine,
    )
    opened = False
    try:
        with locked_outputs(files) as held, _sigterm_interrupts():
            opened = True
            by_path = dict(zip(files, held))
            out_file = by_path.get(Path(output)) if output != "-" else None
            report_held = by_path.get(report_file) if report_file is not None else None
            state: Optional[ResumeState] = None
            if resume and report_held is not None:
                state = prepare_resume(out_file, report_held)
            else:
                for held_file in held:
                    held_file.truncate()
            plan: Plan = plan_batch(inputs, state, settings)
            out: BinaryIO = out_file.fh if out_file is not None else sys.stdout.buffer
            writer = ResultWriter(out, report_held.fh if report_held else None, (output, str(report_file)))
            progress = Progress(plan.size, quiet=quiet, verbose=verbose)
            try:
                summary = run_batch(plan, writer, settings, executor=executor, on_result=progress)
            finally:
                progress.close()
            if resume and out_file is not None and report_held is not None:
                ensure_sorted(out_file)
                ensure_report_order(report_held, [item.display for item in inputs])
    except (OutputBusy, OutputError) as exc:
        if isinstance(exc, OutputBusy) or not opened:
            raise OutputUnavailable(str(exc)) from None
        raise click.ClickException(f"{exc}; the files hold every file done so far: rerun with --resume") from None
    except KeyboardInterrupt:
        click.echo("jixiao: interrupted; rerun with --resume to go on", err=True)
        sys.exit(EXIT_INTERRUPTED)
    except ClusterError as exc:
        raise ClusterUnavailable(str(exc)) from None
    finally:
        upload_output(staged)
    if not quiet or summary.failed:
        where = "" if output == "-" else f" → {terminal_text(staged.shown(output))}"
        rate = f", {summary.pages / summary.seconds:.1f} pages/s" if summary.seconds > 0 and summary.pages else ""
        click.echo(f"jixiao: {summary.line()}{rate}{where}", err=True)
        if report_file is not None and summary.failed:
            click.echo(f"jixiao: {summary.failed} failed; reasons in {terminal_text(staged.shown(report_file))}", err=True)
    sys.exit(exit_code(summary))


@main.command()
@click.argument("texts", nargs=-1, required=True)
@click.option(
    "--year",
    type=int,
    default=None,
    help="Budget year for deadlines that name none (年底前, 12月31日前).",
)
def normalize(texts: tuple[str, ...], year: Optional[int]) -> None:
    """Parse target texts (values.md) and print one JSON object per text.

    Use '-' to read one text per line from stdin and write JSONL. Never fails on a text:
    what cannot be read is kind "text" with no terms.
    """
    if texts == ("-",):
        lines = (line.rstrip("\n") for line in sys.stdin)
    else:
        lines = iter(texts)
    for text in lines:
        value = parse_value(text, year=year)
        click.echo(json.dumps(value.model_dump(mode="json"), ensure_ascii=False))


@main.command()
@click.option(
    "--model",
    type=click.Choice(["record", "value", "report"]),
    default="record",
    show_default=True,
    help="Which contract to print.",
)
def schema(model: str) -> None:
    """Print the JSON Schema of the output contract (output.md, values.md)."""
    cls = {"record": FormRecord, "value": Value, "report": FileReport}[model]
    click.echo(json.dumps(cls.model_json_schema(), ensure_ascii=False, indent=2))


# ---- diff, review, export ---------------------------------------------------------------

EXIT_SAME, EXIT_DIFFERENT, EXIT_TROUBLE = 0, 1, 2


def diff_exit_code(result: DiffResult) -> int:
    """The one place that decides ``jixiao diff``'s exit code, as diff(1): 0 equal, 1 differ
    (2, trouble, is raised as ``BadRecords``)."""
    return EXIT_SAME if result.equal else EXIT_DIFFERENT


class BadRecords(click.ClickException):
    """A records file that cannot be read: one line on stderr, exit 2."""

    exit_code = EXIT_TROUBLE


def load_records(path: Path) -> list[Record]:
    """The records of a JSONL file, or ``BadRecords`` saying which line is wrong."""
    try:
        return read_records(path)
    except RecordsError as exc:
        raise BadRecords(str(exc)) from None


RECORDS_FILE = click.Path(exists=True, dir_okay=False, path_type=Path)


@main.command(name="diff")
@click.argument("a", type=RECORDS_FILE)
@click.argument("b", type=RECORDS_FILE)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(DIFF_FORMATS),
    default="text",
    show_default=True,
    help="text: one block per form, [-old-]{+new+} word by word (coloured on a terminal); "
    "json: summary and changes as one document; html: a page to open in a browser.",
)
def diff_command(a: Path, b: Path, fmt: str) -> None:
    """Compare two runs: what changed from A.jsonl to B.jsonl.

    Forms are matched by id, then by source path and project name. Reported: forms added
    and removed, header fields changed, indicator rows added, removed or changed (rows are
    matched by 一级/二级/三级指标, so an inserted row is one change and reordered rows are
    none), changed text word by word (jieba), and a summary line. Boxes are not compared,
    and 'value' only when both files have it, so a hand-checked golden file without values
    compares cleanly.

    \b
    Examples:
      jixiao diff old.jsonl new.jsonl
      jixiao diff run.jsonl golden.jsonl --format html > diff.html

    Exit status: 0 no differences, 1 differences, 2 trouble (missing or unreadable file).
    """
    result = diff_runs(load_records(a), load_records(b))
    click.echo(render_diff(result, fmt, color=sys.stdout.isatty()), nl=False)  # type: ignore[arg-type]
    sys.exit(diff_exit_code(result))


@main.command()
@click.argument("records", type=RECORDS_FILE)
@click.option(
    "-o",
    "--output",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("jixiao-review"),
    show_default=True,
    help="Folder for index.html and pages/*.png (created; files in it are overwritten).",
)
@click.option(
    "--root",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    default=Path("."),
    show_default="the current directory",
    help="Folder the records' source paths are relative to (the folder given to extract).",
)
@click.option("--dpi", type=click.IntRange(36, 300), default=DEFAULT_DPI, show_default=True, help="Resolution of the page images.")
def review(records: Path, output: Path, root: Path, dpi: int) -> None:
    """Build a static HTML page to check RECORDS against the PDFs.

    For each form: its page images with every header value and indicator row outlined
    where it was read, beside a table of the values; hover or click a row to highlight its
    box. Forms with issues come first; a filter box narrows the list. Open
    OUTPUT/index.html from disk, no server needed. Source PDFs are looked up under --root;
    forms whose PDF is missing are reported and still listed, without images.

    \b
    Example:
      jixiao extract downloads/ -o forms.jsonl
      jixiao review forms.jsonl --root downloads/ -o jixiao-review/
    """
    from jixiao.review.page import build_review  # page images and HTML: only this command

    summary = build_review(load_records(records), output, root=root, dpi=dpi)
    click.echo(f"jixiao: review of {summary.line()}", err=True)
    if summary.unavailable:
        reasons = sorted({reason for _, reason in summary.unavailable})
        click.echo(f"jixiao: {len(summary.unavailable)} forms shown without page images:", err=True)
        for reason in reasons:
            click.echo(f"  {reason}", err=True)
        click.echo(f"  (source paths are resolved against --root {root})", err=True)


@main.command(name="export")
@click.argument("records", type=RECORDS_FILE)
@click.option(
    "--to",
    "fmt",
    type=click.Choice(EXPORT_FORMATS),
    default="csv",
    show_default=True,
    help="csv: UTF-8 with BOM (opens in Excel); parquet: typed columns for pandas/Arrow; "
    "xlsx: Excel workbook with a frozen header row.",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("."),
    show_default=True,
    help="Folder for forms.EXT and indicators.EXT (created; existing files overwritten).",
)
def export_command(records: Path, fmt: str, output: Path) -> None:
    """Write RECORDS as two flat tables: forms and indicators.

    forms: one row per form (id, source, header fields, funds, issues). indicators: one
    row per indicator with its form's id, project name and year, and the first parsed
    term (label, op, value, upper, unit, base_value, base_unit) as columns; all terms,
    fields and extra columns as JSON text. Join them on indicators.form_id = forms.id.

    \b
    Examples:
      jixiao export forms.jsonl --to xlsx -o tables/
      python -c "import pandas as pd; print(pd.read_parquet('tables/indicators.parquet'))"
    """
    from jixiao.export.tables import record_tables  # only this command

    tables = record_tables(load_records(records))
    for path in write_tables(tables, fmt, output):  # type: ignore[arg-type]
        rows = len(tables[path.stem])
        click.echo(f"jixiao: {path.stem}: {rows} rows → {path}", err=True)


if __name__ == "__main__":
    main()
