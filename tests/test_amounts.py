"""``parse_amount``: funds cells in 万元 as printed."""

from __future__ import annotations

from typing import Optional

import pytest

from jixiao.normalize.amounts import parse_amount

CASES: list[tuple[str, Optional[float]]] = [
    ("70.4", 70.4),
    ("14.4", 14.4),
    ("56.0", 56.0),
    ("63", 63.0),
    ("1,600.00", 1600.0),
    ("12,345.67", 12345.67),
    ("0.00", 0.0),
    ("0", 0.0),
    ("１２.５", 12.5),
    ("１，６００", 1600.0),
    ("12.5万元", 12.5),
    ("12.5 万元", 12.5),
    ("12.5万", 12.5),
    ("125000元", 12.5),
    ("1.2亿元", 12000.0),
    (" 70.4 ", 70.4),
    ("70.4\n", 70.4),
    ("-3.5", -3.5),
    ("", None),
    (" ", None),
    ("-", None),
    ("/", None),
    ("—", None),
    ("无", None),
    ("约70万元", None),
    ("详见附表", None),
    ("70.4(其中中央资金56万元)", None),
    ("1,60", None),
]


@pytest.mark.parametrize(("text", "expected"), CASES, ids=[c[0] or "<blank>" for c in CASES])
def test_parse_amount(text: str, expected: Optional[float]) -> None:
    result = parse_amount(text)
    assert result == expected
    if expected is not None:
        assert isinstance(result, float)


@pytest.mark.parametrize(
    "text, expected",
    [("5,000.00", 0.5), ("5000元", 0.5), ("0.5万元", 0.5), ("1亿元", 10000.0), ("-", None)],
)
def test_bare_numbers_take_the_forms_unit_and_written_units_win(text: str, expected) -> None:
    """Under 项目资金（元） a bare number is in 元; a cell that writes 元 is not divided twice."""
    assert parse_amount(text, bare_unit="元") == expected
