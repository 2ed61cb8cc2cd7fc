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
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, Optional, Union

import click

from jixiao.console.progress import Progress
from jixiao.console.records import diff_command, export_command, review, summary_command
from jixiao.console.text import terminal_text
from jixiao.extract.read.kinds import ENGINES
from jixiao.extract.run.defaults import DEFAULT_JOBS, DEFAULT_MAX_MEMORY_MB, DEFAULT_TIMEOUT, OCR_MODES
from jixiao.extract.run.inputs import is_url

# The pipeline, the record models and what they pull in (pydantic, pypdfium2, the regexes of
# the target grammar) are imported by the command that runs them: ``--help`` and a usage
# error start in a fraction of the time.
if TYPE_CHECKING:
    from jixiao.extract.run.batch import Executor, Summary

__all__ = ["main", "Progress"]

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
    default=DEFAULT_JOBS,
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
    help="OCR pages: auto — only pages without a usable text layer (scans, (cid:N) garbage; "
    "not a figure: a page with no text and no rules whose picture covers under half of it); "
    "always; never.",
)
@click.option(
    "--engine",
    type=click.Choice(ENGINES),
    default="pdfium",
    show_default=True,
    help="PDF reader: pdfium (C++, fast) or pdfminer (pdfplumber's pure-Python engine, 2x to "
    "7x slower). They give identical records on every committed corpus (tests/test_readers.py). "
    "On the 21 real published PDFs, 16 of 1,075 records (4 files) differ in their text: pdfium "
    "drops a printed space that PDFium takes for a word gap of its own (≤184.94 万元 read as "
    "≤184.94万元, ； 2. as ；2.); pdfminer keeps it. 24 more differ only in boxes, by 0.1 pt. "
    "With pdfium, a glyph PDFium loses in a font the PDF does not embed (a lone hanzi or ≥ on "
    "a machine without CJK fonts) is read back from the content stream; a page where that "
    "fails, and files PDFium cannot open or crashes on, are read with pdfminer.",
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
    from jixiao.extract.run.api import OutputWriteError, UsageProblem, extract_paths
    from jixiao.extract.run.cluster import ClusterError, dask_executor
    from jixiao.extract.run.locate import LocationError
    from jixiao.extract.run.output import OutputBusy, OutputError
    from jixiao.extract.run.settings import RunSettings

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
        if note:
            click.echo(f"jixiao: {terminal_text(note)}", err=True)

    try:
        executor: Optional[Executor] = None if cluster is None else dask_executor(cluster)
        with _sigterm_interrupts():
            try:
                done = extract_paths(
                    paths, output, report, resume, settings, executor,
                    on_start=progress.start, on_result=progress, on_replace=None if quiet else replacing, on_page=progress.page,
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
    from jixiao.normalize import parse_value

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
    from jixiao.schemas import FileReport, FormRecord, Value

    cls = {"record": FormRecord, "value": Value, "report": FileReport}[model]
    click.echo(json.dumps(cls.model_json_schema(), ensure_ascii=False, indent=2))


# ---- diff, review, export ---------------------------------------------------------------


main.add_command(diff_command)
main.add_command(review)
main.add_command(export_command)
main.add_command(summary_command)

if __name__ == "__main__":
    main()
