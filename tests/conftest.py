"""Shared fixtures. Test helpers (goldens.py, synth.py) live beside the tests: tests/ is on
sys.path under pytest's default import mode."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

SAMPLES = Path(__file__).resolve().parent.parent / "samples"


@pytest.fixture(scope="session")
def records() -> list[dict[str, Any]]:
    """The records of the committed samples, as plain dicts (extracted once per session)."""
    from jixiao.extract.run.job import extract_file

    out = []
    for pdf in sorted(SAMPLES.glob("*.pdf")):
        out.extend(r.model_dump(mode="json") for r in extract_file(pdf, pdf.name).records)
    return out
