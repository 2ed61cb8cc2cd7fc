"""``achieved``: an actual value held against its target (normalize/achievement.py)."""

from __future__ import annotations

from typing import Optional

import pytest

from jixiao.normalize import parse_value
from jixiao.normalize.achievement import meets


@pytest.mark.parametrize(
    "target, actual, expected",
    [
        ("≥90%", "95.2%", True),
        ("≥98%", "97.5%", False),
        ("≥100%", "100%", True),
        ("≥110人", "123人", True),
        (">95%", "95%", False),
        ("≤5个工作日", "3个工作日", True),
        ("≤15分钟", "20分钟", False),
        ("<1%", "0%", True),
        ("≤1638.67万元", "1032.99万元", True),
        ("≤120万元", "1200000元", True),  # 万元 and 元 compare in the base unit
        ("≤1.2万元", "12001元", False),
        ("100%", "98%", False),  # a bare target is met only when hit exactly (module doc)
        ("=100%", "100%", True),
        ("72万册", "72万册", True),
        ("4次", "5次", False),
        ("80%-90%", "85%", True),
        ("80%-90%", "91%", False),
        ("≥95%", "≥96%", True),  # an actual bound that decides
        ("≤5天", "≥3天", None),  # one that does not
        ("约200件", "198件", None),
        ("≥60人,≥1次", "62人,1次", True),
        ("≥60人,≥1次", "62人,0次", False),
        ("≥60人,≥1次", "62人", None),
        ("≤5个工作日", "3天", None),  # different units: never converted by guess
        ("≥90%", "95", None),
        ("按期完成", "已完成", None),
        ("有所提高", "明显提升", None),
        ("2024年12月底前", "2024年11月", None),
        ("≥90%", "", None),
        ("≥90%", "-", None),
    ],
)
def test_meets(target: str, actual: str, expected: Optional[bool]) -> None:
    assert meets(parse_value(target), parse_value(actual)) is expected
