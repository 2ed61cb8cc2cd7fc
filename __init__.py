"""jixiao: turn Chinese budget performance forms (绩效目标表, 绩效自评表) into checked records.

The library entry is :func:`extract_paths` — the whole of ``jixiao extract`` as one call::

    from jixiao import RunSettings, extract_paths
    done = extract_paths(["downloads/"], "forms.jsonl", settings=RunSettings(jobs=2))
    print(done.summary.line())

One file without a batch: :func:`extract_file` (records and report row in memory). The stages
are folders of :mod:`jixiao.extract`: ``read`` (input → pages), ``layout`` (pages → rows),
``forms`` (rows → records) and ``run`` (the batch); the record contract is :mod:`jixiao.schemas`.
The repository root is this package; see pyproject.toml for how the folders are mapped under it.

The public names are imported on first use (PEP 562), so that ``import jixiao.cli`` — every
start of the command line, ``--help`` included — does not pay for the whole pipeline.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

# Absolute imports: pytest imports this file by path when it collects the tests of a checkout
# (the repository root is the package), under the folder's name, which may not be a valid
# package name (a clone in ``jixiao-ci/``); relative imports would fail there.
if TYPE_CHECKING:
    from jixiao.extract.run.api import Extraction, OutputWriteError, UsageProblem, extract_paths
    from jixiao.extract.run.job import extract_file
    from jixiao.extract.run.results import FileResult
    from jixiao.extract.run.settings import RunSettings

__version__ = "0.1.0"

__all__ = ["Extraction", "FileResult", "OutputWriteError", "RunSettings", "UsageProblem", "extract_file", "extract_paths"]

_HOMES = {
    "Extraction": "jixiao.extract.run.api",
    "OutputWriteError": "jixiao.extract.run.api",
    "UsageProblem": "jixiao.extract.run.api",
    "extract_paths": "jixiao.extract.run.api",
    "FileResult": "jixiao.extract.run.results",
    "extract_file": "jixiao.extract.run.job",
    "RunSettings": "jixiao.extract.run.settings",
}


def __getattr__(name: str) -> Any:
    """A public name, imported from its module the first time it is asked for."""
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(home), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
