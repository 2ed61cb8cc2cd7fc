"""The self-evaluation parts of the exported tables (output.md, "Self-evaluations").

The ``forms`` table gains ``stage``, ``goal_achieved`` and ``total_score``; ``indicators`` gains
the actual value as printed and parsed (its first term, like the target's), ``weight``,
``score``, ``achieved`` and ``deviation``; and a third table, ``execution``, has one row per
line of an evaluation's funds grid, joined on ``execution.form_id = forms.id``. Target forms
have ``stage`` ``target`` and these columns empty.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ..review.records import Record

FORM_EVALUATION_COLUMNS: dict[str, str] = {
    "stage": "string",
    "goal_achieved": "string",
    "total_score": "Float64",
}

INDICATOR_EVALUATION_COLUMNS: dict[str, str] = {
    "actual": "string",
    "actual_kind": "string",
    "actual_op": "string",
    "actual_number": "Float64",
    "actual_unit": "string",
    "actual_base_value": "Float64",
    "actual_base_unit": "string",
    "weight": "Float64",
    "score": "Float64",
    "achieved": "boolean",
    "deviation": "string",
}

EXECUTION_COLUMNS: dict[str, str] = {
    "form_id": "string",
    "project_name": "string",
    "year": "Int64",
    "row": "Int64",
    "label": "string",
    "planned": "Float64",
    "adjusted": "Float64",
    "spent": "Float64",
    "rate": "string",
    "weight": "Float64",
    "score": "Float64",
}


def form_evaluation_values(form: Record) -> dict[str, Any]:
    """A form's evaluation columns (``stage`` is ``target`` where the record has none)."""
    return {
        "stage": form.get("stage") or "target",
        "goal_achieved": form.get("goal_achieved"),
        "total_score": form.get("total_score"),
    }


def indicator_evaluation_values(indicator: Record) -> dict[str, Any]:
    """An indicator's evaluation columns: the actual as printed and its first parsed term."""
    value = indicator.get("actual_value") or {}
    terms = value.get("terms") or []
    first = terms[0] if terms else {}
    return {
        "actual": indicator.get("actual"),
        "actual_kind": value.get("kind"),
        "actual_op": first.get("op"),
        "actual_number": first.get("value"),
        "actual_unit": first.get("unit"),
        "actual_base_value": first.get("base_value"),
        "actual_base_unit": first.get("base_unit"),
        "weight": indicator.get("weight"),
        "score": indicator.get("score"),
        "achieved": indicator.get("achieved"),
        "deviation": indicator.get("deviation"),
    }


def execution_rows(records: Iterable[Record]) -> list[dict[str, Any]]:
    """One row per funds-grid line of every evaluation (``EXECUTION_COLUMNS``)."""
    rows = []
    for form in records:
        for number, line in enumerate(form.get("execution") or [], start=1):
            rows.append(
                {
                    "form_id": form.get("id"),
                    "project_name": form.get("project_name"),
                    "year": form.get("year"),
                    "row": number,
                    **{key: line.get(key) for key in ("label", "planned", "adjusted", "spent", "rate", "weight", "score")},
                }
            )
    return rows
