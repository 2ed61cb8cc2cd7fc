"""The whole extraction as one library call: inputs → records JSONL and report, safely.

:func:`extract_paths` is what ``jixiao extract`` runs, and what a script or notebook calls::

    from jixiao import RunSettings, extract_paths
    summary = extract_paths(["downloads/"], "forms.jsonl", settings=RunSettings(jobs=2))

It finds the inputs, refuses outputs that would destroy an input or each other, locks the
outputs for the run, replaces or resumes them, reads every file in workers (or on a Dask
cluster) and writes records and report rows whole, in input order. Problems with the call
itself raise :class:`UsageProblem`; an output that cannot be opened or written raises
:class:`~.output.OutputBusy` / :class:`~.output.OutputError` before anything is written,
:class:`OutputWriteError` when writing fails mid-run; an unreachable cluster
:class:`~.cluster.ClusterError`; Ctrl-C (``KeyboardInterrupt``) leaves outputs whole for
``resume=True``. Bad *input files* never raise: they are report rows.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, Callable, Optional, Union

from .batch import Executor, Summary, plan_batch, run_batch
from .inputs import no_inputs_line
from .results import FileResult
from .locate import LocationError, StagedOutput, find_locations, is_remote, stage_output
from .output import (
    OutputError,
    ResultWriter,
    ResumeState,
    ensure_report_order,
    ensure_sorted,
    locked_outputs,
    output_clash,
    prepare_resume,
)
from .pool import PageEvents, run_local
from .settings import RunSettings


class UsageProblem(ValueError):
    """The extraction cannot run as asked (no inputs, an output that is an input …)."""


class OutputWriteError(OutputError):
    """Writing an output failed mid-run (disk full …); the outputs hold every file done so
    far, whole, so ``resume=True`` goes on from there."""


@dataclass
class Extraction:
    """What a finished run did, and where its outputs are as the user named them."""

    summary: Summary
    records: str  # the records' location as given ('-' for stdout)
    report: Optional[str]  # the report's location as given, or None


@dataclass(frozen=True)
class _Hooks:
    """What the caller hears of a run (see :func:`extract_paths`)."""

    on_start: Optional[Callable[[int, dict[str, Optional[int]]], None]]
    on_result: Optional[Callable[[FileResult], None]]
    on_replace: Optional[Callable[[str], None]]
    on_page: Optional[PageEvents]


def report_path_for(output: str) -> Optional[Path]:
    """Where the per-file report goes by default: beside the output, ``X.jsonl`` →
    ``X.report.jsonl``; none when records go to stdout."""
    if output == "-":
        return None
    out = Path(output)
    stem = out.name[: -len(".jsonl")] if out.name.endswith(".jsonl") else out.name
    return out.with_name(stem + ".report.jsonl")


def extract_paths(
    paths: Sequence[Union[str, Path]],
    output: str = "-",
    report: Optional[Union[str, Path]] = None,
    resume: bool = False,
    settings: RunSettings = RunSettings(),
    executor: Optional[Executor] = None,
    on_start: Optional[Callable[[int, dict[str, Optional[int]]], None]] = None,
    on_result: Optional[Callable[[FileResult], None]] = None,
    on_replace: Optional[Callable[[str], None]] = None,
    stdout: Optional[BinaryIO] = None,
    on_page: Optional[PageEvents] = None,
) -> Extraction:
    """Extract every form of the files under ``paths`` into ``output`` (JSONL; ``'-'`` for
    ``stdout``) with a per-file report beside it (``report``, default ``NAME.report.jsonl``).

    ``executor`` runs the files (default: local worker processes; see
    :func:`~.cluster.dask_executor`); ``on_start`` gets the number of files of the batch
    and the page count of each file to read (None where unknown), ``on_page`` each page a
    local worker finished (file as shown, how it was read, seconds), ``on_result`` each
    file's result as it is written, ``on_replace`` the path of an
    existing records file about to be emptied (once every output is known to be writable).
    """
    if resume and output == "-":
        raise UsageProblem("--resume needs --output FILE (records on stdout cannot be resumed)")
    if executor is None and any(is_remote(p) for p in paths):
        raise UsageProblem("inputs on remote storage are read by cluster workers: add --cluster ADDRESS (or --cluster local)")
    try:
        inputs = find_locations(paths)
        if not inputs:
            raise UsageProblem(no_inputs_line(paths))
        staged = stage_output(output, resume)  # a remote output is written here, uploaded at the end
    except LocationError as exc:
        raise UsageProblem(str(exc)) from None
    try:
        hooks = _Hooks(on_start, on_result, on_replace, on_page)
        summary = _run(inputs, staged, report, resume, settings, executor or run_local, hooks, stdout)
    finally:
        staged.upload()
    report_file = report or report_path_for(staged.path)
    return Extraction(
        summary=summary,
        records=output if output == "-" else staged.shown(staged.path),
        report=None if report_file is None else staged.shown(report_file),
    )


def _run(
    inputs: list,
    staged: StagedOutput,
    report: Optional[Union[str, Path]],
    resume: bool,
    settings: RunSettings,
    executor: Executor,
    hooks: "_Hooks",
    stdout: Optional[BinaryIO],
) -> Summary:
    output = staged.path
    report_file = Path(report) if report is not None else report_path_for(output)
    files = [Path(p) for p in (output, report_file) if p is not None and p != "-"]
    clash = output_clash(files, inputs)
    if clash is not None:
        raise UsageProblem(clash)
    with locked_outputs(files) as held:
        by_path = dict(zip(files, held))
        out_file = by_path.get(Path(output)) if output != "-" else None
        report_held = by_path.get(report_file) if report_file is not None else None
        state: Optional[ResumeState] = None
        if resume and report_held is not None:
            state = prepare_resume(out_file, report_held)
        else:
            if hooks.on_replace is not None and out_file is not None and not out_file.created:
                hooks.on_replace(output)
            for held_file in held:
                held_file.truncate()
        plan = plan_batch(inputs, state, settings)
        out: BinaryIO = out_file.fh if out_file is not None else (stdout or sys.stdout.buffer)
        writer = ResultWriter(out, report_held.fh if report_held else None, (output, str(report_file)))
        if hooks.on_start is not None:
            hooks.on_start(plan.size, plan.pages())
        try:
            summary = run_batch(plan, writer, settings, executor=executor, on_result=hooks.on_result, on_page=hooks.on_page)
            if resume and out_file is not None and report_held is not None:
                ensure_sorted(out_file)
                ensure_report_order(report_held, [item.display for item in inputs])
        except OutputError as exc:
            raise OutputWriteError(str(exc)) from exc
    return summary

