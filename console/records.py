"""The commands that read records back: ``diff``, ``review``, ``export`` and ``summary``.

Each reads a JSONL of records (``-``: stdin), checked against the schema; trouble of any
kind (a bad line, an unwritable output, a bug) is one line on stderr and exit 2, so that
``diff``'s 1 always means "the runs differ". What reads and checks the records (pydantic's
models) is imported by the commands, not by ``--help``.
"""

from __future__ import annotations

import functools
import json
import os
import sys
import traceback
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Optional

import click

from jixiao.export.writers import FORMATS as EXPORT_FORMATS
from jixiao.export.writers import write_tables
from jixiao.review.diff_render import FORMATS as DIFF_FORMATS
from jixiao.review.diff_render import render as render_diff
from jixiao.review.images import DEFAULT_DPI

if TYPE_CHECKING:
    from jixiao.review.diff import DiffResult
    from jixiao.review.records import Record

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
    from jixiao.review.records import RecordsError, read_records

    try:
        return read_records(path)
    except RecordsError as exc:
        raise BadRecords(str(exc)) from None


# Set to print the traceback of an internal error of diff, review, export or summary.
TRACEBACK_ENV = "JIXIAO_TRACEBACK"


def _where(exc: BaseException) -> str:
    """``module.py:line`` of the innermost frame of the package's own code that raised."""
    root = Path(__file__).parent.parent  # the package: frames of our own code
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


@click.command(name="diff")
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
    from jixiao.review.diff import diff_runs

    if str(a) == str(b) == "-":
        raise click.UsageError("only one of A and B can be '-' (stdin)")
    result = diff_runs(load_records(a), load_records(b))
    click.echo(render_diff(result, fmt, color=sys.stdout.isatty()), nl=False)  # type: ignore[arg-type]
    sys.exit(diff_exit_code(result))


@click.command(name="review")
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
    from jixiao.extract.run.api import report_path_for
    from jixiao.review.page import build_review  # page images and HTML: only this command
    from jixiao.review.records import report_roots

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


@click.command(name="export")
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


@click.command(name="summary")
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

