"""The ``jixiao`` command line: wires options to the library and formats output.

stdout carries data only (JSONL); progress, the summary and errors go to stderr.
Exit codes: 0 every file ok, without forms or skipped; 1 some file failed; 2 usage error
(bad option, missing path); 130 interrupted (rerun with --resume).
"""

from __future__ import annotations

import contextlib
import functools
import json
import os
import signal
import sys
import threading
import time
import traceback
import unicodedata
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any, Callable, Optional, Union

import click

from jixiao.extract.read.pdf import ENGINES
from jixiao.extract.run.api import OutputWriteError, UsageProblem, extract_paths, report_path_for
from jixiao.extract.run.batch import Executor, Summary
from jixiao.extract.run.cluster import ClusterError, dask_executor
from jixiao.extract.run.inputs import is_url
from jixiao.extract.run.job import FileResult
from jixiao.extract.run.locate import LocationError
from jixiao.extract.run.output import OutputBusy, OutputError
from jixiao.extract.run.progress import PageProgress
from jixiao.extract.run.settings import DEFAULT_MAX_MEMORY_MB, DEFAULT_TIMEOUT, OCR_MODES, RunSettings
from jixiao.normalize import parse_value
from jixiao.schemas import FileReport, FormRecord, Value
from jixiao.export.writers import FORMATS as EXPORT_FORMATS
from jixiao.export.writers import write_tables
from jixiao.review.diff import DiffResult, diff_runs
from jixiao.review.diff_render import FORMATS as DIFF_FORMATS
from jixiao.review.diff_render import render as render_diff
from jixiao.review.images import DEFAULT_DPI
from jixiao.review.records import Record, RecordsError, read_records, report_roots

EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130


def exit_code(summary: Summary) -> int:
    """The one place that decides the exit code of a batch."""
    return EXIT_FAILED if summary.failed else EXIT_OK


RECORD_SUFFIXES = (".jsonl", ".json")


def check_extract_options(output: str, resume: bool, quiet: bool, verbose: bool) -> None:
    """Refuse contradictory or misleading ``extract`` options with one line (exit 2)."""
    if quiet and verbose:
        raise click.UsageError("-q and -v contradict each other: give one")
    if resume and output == "-":
        raise click.UsageError("--resume needs --output FILE (records on stdout cannot be resumed)")
    if output != "-" and not output.lower().endswith(RECORD_SUFFIXES):
        raise click.UsageError(
            f"-o {output}: extract writes JSON lines, to a .jsonl (or .json) file or '-'; "
            f"for a workbook or a database, export the records: jixiao export RECORDS.jsonl --to xlsx -o tables.xlsx"
        )


def replacing_note(output: str, resume: bool) -> Optional[str]:
    """A word on stderr before a run replaces an existing, non-empty records file."""
    if resume or output == "-" or is_url(output):
        return None
    try:
        with open(output, "rb") as fh:
            lines = sum(chunk.count(b"\n") for chunk in iter(lambda: fh.read(1 << 20), b""))
    except OSError:
        return None
    if not lines:
        return None
    return f"replacing {output} ({lines} records of an earlier run; --resume goes on with them instead)"


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

    batch = os.getpid()

    def interrupt(signum: int, frame: Any) -> None:
        if os.getpid() != batch:  # a forked worker before it reset its handlers
            signal.signal(signal.SIGTERM, signal.SIG_DFL)
            os.kill(os.getpid(), signal.SIGTERM)
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
    """Progress on stderr: a live line on a terminal, plain log lines otherwise. The bar
    counts pages (OCR'd pages weighted by their cost, see :mod:`jixiao.extract.run.progress`)."""

    def __init__(self, total: int, quiet: bool, verbose: bool, stream: IO[str] = sys.stderr) -> None:
        self.total = total
        self.planned = False
        self.done = 0
        self.pages = 0
        self.failed = 0
        self.quiet = quiet
        self.verbose = verbose
        self.stream = stream
        self.live = stream.isatty() and not quiet
        self.started = time.monotonic()
        self.last_draw = 0.0
        self.ocr_pages = 0
        self.forms_with_issues = 0
        self.issues: Counter[str] = Counter()
        self.work = PageProgress()

    def __call__(self, result: FileResult) -> None:
        rep = result.report
        self.done += 1
        self.pages += rep.pages or 0
        self.failed += rep.status == "failed"
        self.ocr_pages += rep.ocr_pages
        self.forms_with_issues += rep.forms_with_issues
        self.issues.update(rep.issues)
        self.work.finished(rep.path, rep.pages)
        if self.quiet:
            return
        if rep.status == "failed" or self.verbose or not self.live:
            if self.live:
                self.stream.write("\r\033[K")
            self.stream.write(self._line(rep) + "\n")
        self._draw(force=self.done == self.total)

    def page(self, path: str, method: str, seconds: float) -> None:
        """A worker finished a page of ``path``."""
        self.work.page(path, method, seconds)
        if not self.quiet:
            self._draw()

    def _draw(self, force: bool = False) -> None:
        if self.live:
            now = time.monotonic()
            if now - self.last_draw > 0.1 or force:
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
        done, total = self.work.pages_done, self.work.pages_total
        eta = self.work.eta(elapsed)
        width = 24
        filled = int(width * self.work.fraction())
        left = "--:--" if eta is None else f"{int(eta // 60)}:{int(eta % 60):02d}"
        return (
            f"[{'#' * filled}{'.' * (width - filled)}] {done}/{total} pages, {self.done}/{self.total} files, "
            f"{done / elapsed:.1f} pages/s, {self.failed} failed, ETA {left}"
        )

    def findings(self, top: int = 3) -> str:
        """The closing line's second half: forms with issues (their top codes), OCR'd pages."""
        text = f"{self.forms_with_issues} forms with issues"
        if self.issues:
            text += " (" + ", ".join(f"{code} {n}" for code, n in self.issues.most_common(top)) + ")"
        return text + f", {self.ocr_pages} pages OCR'd"

    def start(self, total: int, pages: Optional[dict[str, Optional[int]]] = None) -> None:
        """The batch is planned: ``total`` files, ``pages`` the page counts of those to
        read, from now."""
        self.total = total
        self.work = PageProgress(expected=dict(pages or {}))
        self.started = time.monotonic()
        self.planned = True

    def close(self) -> None:
        if self.live and self.planned:
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
      jixiao review forms.jsonl -o jixiao-review/          check rows against pages
      jixiao diff old.jsonl new.jsonl                      compare two runs
      jixiao export forms.jsonl --to xlsx -o forms.xlsx    one workbook: forms, indicators, tasks
      jixiao summary forms.jsonl                           the first look at a batch
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
    help="PDF reader: pdfium (C++, fast) or pdfminer (pdfplumber's pure-Python engine, 2x to "
    "7x slower). They give identical records on every committed corpus (tests/test_readers.py). "
    "On real published PDFs they differ: pdfium can give the glyphs of a multi-line cell out of "
    "order (long 绩效目标 and goal cells, titles overprinted by （2026年度）, whose year is then "
    "missed), leave U+FFFD after some targets, and drop the printed space between digits and "
    "CJK; pdfminer reads those as printed (41 of 116 forms in 13 of 21 real files differed). "
    "With pdfium, pages with text in fonts the PDF does not embed, and files PDFium cannot open "
    "or crashes on, are read with pdfminer.",
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
    """Extract every form of the files under PATHS into one JSONL file.

    PATHS are files or folders, searched recursively for PDFs (.pdf), workbooks (.xlsx,
    .xlsm, .xls), Word files (.docx; .doc, .wps and .et converted by LibreOffice when
    soffice is on the PATH), in any case; hidden files and folders and ~$ lock files skipped;
    symlinked folders not followed. A file named directly is read whatever its suffix
    (tab-separated text exports: .txt). Or fsspec URLs (file://…; s3://… with s3fs
    installed, read by --cluster workers). One record per form (docs/output.md), ordered
    by file path then form index; a rerun writes the same bytes. A file that cannot be read
    (damaged, encrypted, not a PDF, too slow, too big) is reported with a one-line reason
    and a code, and the batch goes on. Identical files under two paths are read once;
    FIFOs, sockets and devices are skipped unopened; a folder that cannot be listed is a
    failed row. Every file gets one report row.

    Paths shown in the records and the report (source.path) are relative to the folder
    holding every PATH given: the folder itself for one folder (dl/a.pdf shows as a.pdf),
    dl for 'dl/滁州 dl/芜湖' (滁州/附件1.pdf, 芜湖/附件1.pdf), so no two files share one.
    Bytes of a name that is not UTF-8 are shown as \\xNN.

    Exit status: 0 all files ok (or without forms), 1 some failed, 2 usage error,
    130 interrupted.
    """
    check_extract_options(output, resume, quiet, verbose)
    settings = RunSettings(
        jobs=jobs,
        timeout=timeout,
        max_memory_mb=max_memory,
        password=password,
        verbose=verbose,
        ocr=ocr,
        engine=engine,
    )
    progress = Progress(0, quiet=quiet, verbose=verbose)

    def replacing(path: str) -> None:
        note = replacing_note(path, resume)
        if note and not quiet:
            click.echo(f"jixiao: {terminal_text(note)}", err=True)

    try:
        executor: Optional[Executor] = None if cluster is None else dask_executor(cluster)
        with _sigterm_interrupts():
            try:
                done = extract_paths(
                    paths, output, report, resume, settings, executor,
                    on_start=progress.start, on_result=progress, on_replace=replacing, on_page=progress.page,
                )
            finally:
                progress.close()
    except UsageProblem as exc:
        raise click.UsageError(str(exc)) from None
    except OutputWriteError as exc:
        raise click.ClickException(f"{exc}; the files hold every file done so far: rerun with --resume") from None
    except (OutputBusy, OutputError) as exc:
        raise OutputUnavailable(str(exc)) from None
    except LocationError as exc:
        raise click.ClickException(str(exc)) from None
    except KeyboardInterrupt:
        click.echo("jixiao: interrupted; rerun with --resume to go on", err=True)
        sys.exit(EXIT_INTERRUPTED)
    except ClusterError as exc:
        raise ClusterUnavailable(str(exc)) from None
    summary = done.summary
    if not quiet or summary.failed:
        where = "" if output == "-" else f" → {terminal_text(done.records)}"
        rate = f", {summary.pages / summary.seconds:.1f} pages/s" if summary.seconds > 0 and summary.pages else ""
        click.echo(f"jixiao: {summary.line()}{rate}; {progress.findings()}{where}", err=True)
        if done.report is not None and summary.failed:
            click.echo(f"jixiao: {summary.failed} failed; reasons in {terminal_text(done.report)}", err=True)
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
    """Parse target texts (docs/values.md) and print one JSON object per text.

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
    """Print the JSON Schema of the output contract (docs/output.md, docs/values.md).

    The same schemas are committed as docs/schema/record.json, value.json and report.json."""
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
    """The records of a JSONL file (``-``: stdin), or ``BadRecords`` saying which line and
    field is wrong."""
    try:
        return read_records(path)
    except RecordsError as exc:
        raise BadRecords(str(exc)) from None


# Set to print the traceback of an internal error of diff, review, export or summary.
TRACEBACK_ENV = "JIXIAO_TRACEBACK"


def _where(exc: BaseException) -> str:
    """``module.py:line`` of the innermost frame of the package's own code that raised."""
    root = Path(__file__).parent
    frames = traceback.extract_tb(exc.__traceback__)
    ours = [f for f in frames if Path(f.filename).is_relative_to(root)]
    if not (ours or frames):
        return "?"
    frame = (ours or frames)[-1]
    where = Path(frame.filename)
    return f"{where.relative_to(root) if where.is_relative_to(root) else where.name}:{frame.lineno}"


def trouble_is_exit_2(command: Callable[..., None]) -> Callable[..., None]:
    """A command reading records never shows a traceback, and never exits 1 by crashing
    (``diff``'s code for "files differ"): an unexpected error is one line, exit 2."""

    @functools.wraps(command)
    def guarded(*args: Any, **kwargs: Any) -> None:
        try:
            command(*args, **kwargs)
        except (click.ClickException, click.Abort, KeyboardInterrupt, SystemExit):
            raise
        except OSError as exc:
            where = f"{exc.filename}: " if exc.filename else ""
            raise BadRecords(f"cannot write {where}{exc.strerror or exc}") from None
        except Exception as exc:  # a bug: one line that says where, the traceback on request
            if os.environ.get(TRACEBACK_ENV):
                traceback.print_exc()
            raise BadRecords(f"internal error: {type(exc).__name__}: {exc} at {_where(exc)} (please report it; {TRACEBACK_ENV}=1 prints the traceback)") from None

    return guarded


RECORDS_FILE = click.Path(exists=True, dir_okay=False, allow_dash=True, path_type=Path)


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
@trouble_is_exit_2
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
    if str(a) == str(b) == "-":
        raise click.UsageError("only one of A and B can be '-' (stdin)")
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
    default=None,
    show_default="the folder the run recorded",
    help="Folder the records' source paths are relative to, overriding the input folder the "
    "run recorded in its report (RECORDS.report.jsonl beside RECORDS); the current directory "
    "when there is neither.",
)
@click.option("--dpi", type=click.IntRange(36, 300), default=DEFAULT_DPI, show_default=True, help="Resolution of the page images.")
@trouble_is_exit_2
def review(records: Path, output: Path, root: Optional[Path], dpi: int) -> None:
    """Build a static HTML page to check RECORDS against the PDFs.

    For each form: its page images with every header value and indicator row outlined
    where it was read, beside a table of the values; hover or click a row to highlight its
    box. Forms with issues come first; a filter box narrows the list. Open
    OUTPUT/index.html from disk, no server needed. Source PDFs are found where the run
    read them (the report beside RECORDS records each file's input folder), or under --root;
    a source path leading outside that folder is not opened. Forms whose PDF is missing are
    reported and still listed, without images. RECORDS may be '-' (stdin; then --root or the
    current directory).

    \b
    Example:
      jixiao extract downloads/ -o forms.jsonl
      jixiao review forms.jsonl -o jixiao-review/
      jixiao review forms.jsonl --root moved/downloads/ -o jixiao-review/
    """
    from jixiao.review.page import build_review  # page images and HTML: only this command

    roots: dict[str, Path] = {}
    report = None if str(records) == "-" else report_path_for(str(records))
    if root is None and report is not None:
        roots = report_roots(report)
    summary = build_review(load_records(records), output, root=root, dpi=dpi, roots=roots)
    click.echo(f"jixiao: review of {summary.line()}", err=True)
    if summary.unavailable:
        reasons = sorted({reason for _, reason in summary.unavailable})
        click.echo(f"jixiao: {len(summary.unavailable)} forms shown without page images:", err=True)
        for reason in reasons:
            click.echo(f"  {reason}", err=True)
        where = f"--root {root}" if root is not None else ("the folders in " + str(report) if roots else "the current directory")
        click.echo(f"  (source paths are resolved against {where})", err=True)


@main.command(name="export")
@trouble_is_exit_2
@click.argument("records", type=RECORDS_FILE)
@click.option(
    "--to",
    "fmt",
    type=click.Choice(EXPORT_FORMATS),
    default="csv",
    show_default=True,
    help="csv: a UTF-8 file with BOM per table (opens in Excel); parquet: a typed file per "
    "table for pandas/Arrow; xlsx: ONE workbook, a sheet per table; sqlite: ONE database, "
    "a table each, keyed for joins.",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    default=Path("."),
    show_default=True,
    help="csv/parquet: the folder for forms.EXT, indicators.EXT, tasks.EXT. xlsx/sqlite: the "
    "file (out.xlsx, out.sqlite or .db), or a folder to write RECORDS-NAME.xlsx/.sqlite into. "
    "Created; existing files are replaced.",
)
def export_command(records: Path, fmt: str, output: Path) -> None:
    """Write RECORDS as flat tables: forms, indicators, tasks and execution.

    forms: one row per form (id, source, header fields, funds, issues). indicators: one
    row per indicator with its form's id, project and year, its grid (annual or long-term
    when a form has two tables), the first parsed term (label, op, value, upper, unit,
    base_value, base_unit) as columns and all terms as JSON, then a column per extra column
    of the printed table (extra.权重, extra.分值 …). tasks: the 年度主要任务 of department
    forms, a column per amount (amount.总额 …). Self-evaluations add stage, goal_achieved,
    total_score to forms, actual, weight, score, achieved, deviation to indicators, and
    their funds grids as execution. Record fields the tables do not place get columns of
    their own. Join the other tables to forms on form_id = forms.id; (form_id, row) keys
    indicators and tasks. RECORDS may be '-' (stdin). Columns: docs/output.md.

    \b
    Examples:
      jixiao export forms.jsonl --to xlsx -o forms.xlsx
      jixiao extract downloads/ -o - | jixiao export - --to sqlite -o forms.sqlite
      sqlite3 forms.sqlite 'select f.project_name, i.name, i.target from indicators i join forms f on f.id = i.form_id'
    """
    from jixiao.export.tables import record_tables  # only this command
    from jixiao.export.writers import ExportError

    if str(output) == "-":
        raise click.UsageError("export writes files: give -o a folder (csv, parquet) or a file (out.xlsx, out.sqlite)")
    tables = record_tables(load_records(records))
    stem = "records" if str(records) == "-" else records.stem
    try:
        written = write_tables(tables, fmt, output, stem=stem)  # type: ignore[arg-type]
    except ExportError as exc:
        raise BadRecords(str(exc)) from None
    for name, path in written:
        click.echo(f"jixiao: {name}: {len(tables[name])} rows → {path}", err=True)


@main.command(name="summary")
@trouble_is_exit_2
@click.argument("records", type=RECORDS_FILE)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="text: aligned blocks of counts; json: one document.",
)
def summary_command(records: Path, fmt: str) -> None:
    """Count what a batch of RECORDS holds: the first look at a run.

    Forms by kind, stage (target or evaluation) and year; the departments (主管部门, else
    实施单位); forms with
    issues and issues by code; the kinds of parsed targets (docs/values.md) and the share that
    are numeric. Reads '-' as stdin, so it follows extract in a pipe.

    \b
    Examples:
      jixiao summary forms.jsonl
      jixiao extract downloads/ -o - | jixiao summary -
    """
    from jixiao.review.summary import render_text, summarize_records

    counts = summarize_records(load_records(records))
    if fmt == "json":
        click.echo(json.dumps(counts.to_dict(), ensure_ascii=False, indent=2))
    else:
        click.echo(render_text(counts), nl=False)


if __name__ == "__main__":
    main()
