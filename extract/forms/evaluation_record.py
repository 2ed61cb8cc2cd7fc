"""A self-evaluation's draft → its record fields (output.md, "Self-evaluations"): ``stage``,
``execution``, ``goal_achieved``, ``total_score``, and per indicator ``actual``,
``actual_value``, ``weight``, ``score``, ``deviation`` and ``achieved``."""

from __future__ import annotations

import re
from typing import Any, Optional

from ...normalize import parse_value
from ...normalize.achievement import meets
from ...normalize.amounts import parse_amount
from ...normalize.fold import fold
from ...schemas import Execution, FormRecord, Indicator, Issue
from ...schemas.issues import ACTUAL_MISSING
from .draft import FormDraft
from .labels import level_points

LEVEL_POINTS_KEY = "一级指标分值"
_POINTS = re.compile(r"(-?\d+(?:\.\d+)?)\s*[分%]?")
_DASHES = re.compile(r"[-—–―/\\\s]*")
# The split 完成值 columns, as compose_target's parts.
_ACTUAL_PARTS = {"actual_op": "op", "actual": "target", "actual_unit": "unit"}


def points(text: Optional[str]) -> Optional[float]:
    """A 分值 / 得分 cell as a number: ``10``, ``7.1``, ``20分``, a 权重 of ``10%``; None for
    blanks, ``--`` or words."""
    match = _POINTS.fullmatch(fold(text or "").strip())
    return float(match.group(1)) if match else None


def _rate(text: Optional[str]) -> Optional[str]:
    if text is None or _DASHES.fullmatch(text):
        return None
    return text


def split_level_points(level1: Optional[str], extra: dict[str, str]) -> tuple[Optional[str], dict[str, str]]:
    """``产出指标（50分）`` → ``产出指标``, with ``50`` in the row's extra as 一级指标分值."""
    if not level1:
        return level1, extra
    label, found = level_points(level1)
    if found is None:
        return level1, extra
    return label, {**extra, LEVEL_POINTS_KEY: found}


def actual_parts(evaluation: dict[str, tuple[str, str]]) -> dict[str, str]:
    """The 完成值 cell(s) of a row as compose_target's parts (op / target / unit)."""
    return {part: evaluation[role][1] for role, part in _ACTUAL_PARTS.items() if role in evaluation}


def indicator_evaluation(
    indicator: Indicator, evaluation: dict[str, tuple[str, str]], actual: Optional[str], year: Optional[int]
) -> Indicator:
    """The indicator with what its self-evaluation printed beside it; those columns leave
    ``extra``."""
    weight, score = (points(evaluation.get(role, ("", ""))[1]) for role in ("weight", "score"))
    # A 分值 / 得分 cell that is no number (a word, a note) stays in extra, as printed.
    kept = {role for role, number in (("weight", weight), ("score", score)) if number is None}
    labels = {label for role, (label, text) in evaluation.items() if role not in kept or _DASHES.fullmatch(text)}
    actual_value = parse_value(actual, year=year) if actual else None
    deviation = evaluation.get("deviation", ("", ""))[1] or None
    return indicator.model_copy(
        update={
            "extra": {k: v for k, v in indicator.extra.items() if k not in labels},
            "actual": actual,
            "actual_value": actual_value,
            "weight": weight,
            "score": score,
            "deviation": deviation,
            "achieved": meets(indicator.value, actual_value) if actual_value is not None else None,
        }
    )


def execution_rows(draft: FormDraft) -> list[Execution]:
    """The funds grid, row by row, amounts in 万元 as printed."""
    rows = []
    for line in draft.execution:
        cells = line.cells
        rows.append(
            Execution(
                label=line.label,
                planned=parse_amount(cells.get("planned", "")),
                adjusted=parse_amount(cells.get("adjusted", "")),
                spent=parse_amount(cells.get("spent", "")),
                rate=_rate(cells.get("rate")),
                weight=points(cells.get("weight")),
                score=points(cells.get("score")),
            )
        )
    return rows


def evaluation_fields(draft: FormDraft, goal_achieved: Optional[str]) -> dict[str, Any]:
    """The record fields only a self-evaluation has."""
    return {
        "stage": "evaluation",
        "execution": execution_rows(draft),
        "goal_achieved": goal_achieved,
        "total_score": points(draft.total_score),
    }


def evaluation_issues(record: FormRecord) -> list[Issue]:
    """What a reader of a self-evaluation should check: rows read without any 实际完成值 (its
    column was not recognised, so what was achieved is in ``extra`` or lost)."""
    if record.stage != "evaluation" or not record.indicators:
        return []
    if any(i.actual is not None for i in record.indicators):
        return []
    return [Issue(code=ACTUAL_MISSING, message="a self-evaluation whose rows have no 实际完成值 column read")]

