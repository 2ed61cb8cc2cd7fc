"""jixiao: turn Chinese budget performance forms (绩效目标表, 绩效自评表) into checked records.

The library entry is :func:`extract_paths` — the whole of ``jixiao extract`` as one call::

    from jixiao import RunSettings, extract_paths
    done = extract_paths(["downloads/"], "forms.jsonl", settings=RunSettings(jobs=2))
    print(done.summary.line())

One file without a batch: :func:`extract_file` (records and report row in memory). The stages
are folders of :mod:`jixiao.extract`: ``read`` (input → pages), ``layout`` (pages → rows),
``forms`` (rows → records) and ``run`` (the batch); the record contract is :mod:`jixiao.schemas`.
The repository root is this package; see pyproject.toml for how the folders are mapped under it.
"""

# Absolute imports: pytest imports this file by path when it collects the tests of a checkout
# (the repository root is the package), under the folder's name, which may not be a valid
# package name (a clone in ``jixiao-ci/``); relative imports would fail there.
from jixiao.extract.run.api import Extraction, OutputWriteError, UsageProblem, extract_paths
from jixiao.extract.run.job import FileResult, extract_file
from jixiao.extract.run.settings import RunSettings

__version__ = "0.1.0"

__all__ = ["Extraction", "FileResult", "OutputWriteError", "RunSettings", "UsageProblem", "extract_file", "extract_paths"]
