"""The ``jixiao`` command line: wires options to the library and formats output.

stdout carries data only (JSONL); progress, the summary and errors go to stderr.
Exit codes: 0 every file ok or without forms; 1 some file failed; 2 usage error.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Optional

import click

from jixiao.extract.batch import (
    FileResult,
    Summary,
    extract_inputs,
    find_inputs,
    write_results,
)
from jixiao.normalize import parse_value
from jixiao.schemas import FileReport, FormRecord, Value

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


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


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="jixiao")
def main() -> None:
    """Turn budget performance target forms (绩效目标表) in PDFs into checked JSONL.

    \b
    Typical use:
      jixiao extract downloads/ -o forms.jsonl
      jixiao normalize '≥90%' '70.35万元'
      jixiao schema
    """


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option(
    "-o",
    "--output",
    default="-",
    show_default=True,
    help="JSONL file for the form records; '-' writes them to stdout.",
)
@click.option(
    "--report",
    "report",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Per-file report (JSONL). Default: beside --output as NAME.report.jsonl; "
    "none when --output is '-'.",
)
@click.option("--password", default="", help="Password for encrypted PDFs.")
@click.option("-q", "--quiet", is_flag=True, help="Print nothing but errors on stderr.")
@click.option("-v", "--verbose", is_flag=True, help="Show pdfminer warnings and per-file lines.")
def extract(
    paths: tuple[Path, ...],
    output: str,
    report: Optional[Path],
    password: str,
    quiet: bool,
    verbose: bool,
) -> None:
    """Extract every form of the PDFs under PATHS into one JSONL file.

    PATHS are PDF files or folders (searched recursively for *.pdf, hidden files skipped).
    One record per form, ordered by file path then form index; a rerun writes the same
    bytes. A file that cannot be read is reported with its reason and the batch goes on.
    """
    inputs = find_inputs(paths)
    report_file = report or report_path_for(output)
    out = sys.stdout if output == "-" else open(output, "w", encoding="utf-8", newline="\n")
    report_out = open(report_file, "w", encoding="utf-8", newline="\n") if report_file else None

    def on_result(result: FileResult) -> None:
        rep = result.report
        if rep.status == "failed" and not quiet:
            click.echo(f"failed: {rep.path}: {rep.reason}", err=True)
        elif verbose:
            click.echo(f"{rep.status}: {rep.path} ({rep.pages} pages, {rep.forms} forms, {rep.seconds:.2f}s)", err=True)

    try:
        results = extract_inputs(inputs, password=password, verbose=verbose)
        summary = write_results(results, out, report_out, on_result)
    finally:
        if out is not sys.stdout:
            out.close()
        if report_out is not None:
            report_out.close()
    if not quiet:
        where = "" if output == "-" else f" → {output}"
        click.echo(f"jixiao: {summary.line()}{where}", err=True)
    sys.exit(exit_code(summary))


@main.command()
@click.argument("texts", nargs=-1, required=True)
def normalize(texts: tuple[str, ...]) -> None:
    """Parse target texts (values.md) and print one JSON object per text.

    Use '-' to read one text per line from stdin and write JSONL.
    """
    if texts == ("-",):
        lines = (line.rstrip("\n") for line in sys.stdin)
    else:
        lines = iter(texts)
    for text in lines:
        value = parse_value(text)
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


if __name__ == "__main__":
    main()
