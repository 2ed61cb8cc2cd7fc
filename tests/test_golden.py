"""The committed samples extract to their hand-checked goldens, field by field."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from goldens import diff_records, load_jsonl
from jixiao.extract.run.output import record_line
from jixiao.extract.run.job import extract_file
from jixiao.normalize import parse_value

ROOT = Path(__file__).resolve().parent.parent
GOLDEN_DIR = Path(__file__).resolve().parent / "golden"
SAMPLES = sorted((ROOT / "samples").glob("*.pdf"))


def test_every_sample_has_a_golden() -> None:
    assert SAMPLES, "no sample PDFs"
    for pdf in SAMPLES:
        assert (GOLDEN_DIR / (pdf.stem + ".jsonl")).exists(), pdf.name


@pytest.mark.parametrize("pdf", SAMPLES, ids=[p.name for p in SAMPLES])
def test_sample_matches_golden(pdf: Path) -> None:
    result = extract_file(pdf, pdf.name)
    assert result.report.status == "ok", result.report.reason
    got = [r.model_dump(mode="json") for r in result.records]
    expected = load_jsonl(GOLDEN_DIR / (pdf.stem + ".jsonl"))
    problems = diff_records(expected, got)
    assert not problems, "\n".join(problems[:60])


@pytest.mark.parametrize("pdf", SAMPLES, ids=[p.name for p in SAMPLES])
def test_values_follow_targets(pdf: Path) -> None:
    """Goldens leave ``value`` out; it must be the normaliser's reading of ``target``."""
    for record in extract_file(pdf, pdf.name).records:
        for row in record.indicators:
            assert row.value == parse_value(row.target or "", year=record.year)


def test_rerun_is_byte_identical() -> None:
    pdf = SAMPLES[0]
    first = "".join(record_line(r) for r in extract_file(pdf, pdf.name).records)
    second = "".join(record_line(r) for r in extract_file(pdf, pdf.name).records)
    assert first == second


def test_golden_regeneration_is_off() -> None:
    """Goldens are hand-checked: no environment flag may rewrite them during a test run."""
    assert not os.environ.get("JIXIAO_REGENERATE_GOLDENS")
