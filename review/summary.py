"""The first look at a batch of records: counts an analyst wants before opening a table.

``summarize_records`` counts forms by kind, stage and year, the departments, issues by
code, value kinds of the targets and the share of targets with a number; ``render_text``
prints it as a few aligned blocks, ``Summary.to_dict`` as one JSON document.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from .records import Record, as_plain

# A stage as the title prints it: 自评 forms report on a year, the others set its targets.
STAGES: tuple[tuple[str, str], ...] = (("自评", "evaluation"),)
DEFAULT_STAGE = "target"
NUMERIC = "numeric"  # a Value kind (schemas/values.py)
TOP = 10


@dataclass
class Summary:
    """Counts over a batch of records."""

    forms: int = 0
    indicators: int = 0
    kinds: Counter[str] = field(default_factory=Counter)
    stages: Counter[str] = field(default_factory=Counter)
    years: Counter[str] = field(default_factory=Counter)
    departments: Counter[str] = field(default_factory=Counter)
    issues: Counter[str] = field(default_factory=Counter)
    forms_with_issues: int = 0
    value_kinds: Counter[str] = field(default_factory=Counter)
    numeric_targets: int = 0

    @property
    def numeric_share(self) -> float:
        """Share of parsed targets of kind ``numeric`` (0 when no indicator has a value)."""
        parsed = sum(self.value_kinds.values())
        return self.numeric_targets / parsed if parsed else 0.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "forms": self.forms,
            "indicators": self.indicators,
            "kinds": dict(self.kinds.most_common()),
            "stages": dict(self.stages.most_common()),
            "years": dict(sorted(self.years.items())),
            "departments": dict(self.departments.most_common()),
            "forms_with_issues": self.forms_with_issues,
            "issues": dict(self.issues.most_common()),
            "value_kinds": dict(self.value_kinds.most_common()),
            "numeric_share": round(self.numeric_share, 4),
        }


def stage_of(form: Record) -> str:
    """``evaluation`` or ``target``: a recorded ``stage`` if the record has one, else
    what the title says."""
    recorded = form.get("stage")
    if isinstance(recorded, str) and recorded:
        return recorded
    title = str(form.get("title") or "")
    return next((stage for word, stage in STAGES if word in title), DEFAULT_STAGE)


def summarize_records(records: Iterable[Any]) -> Summary:
    """Count forms, departments, issues and target kinds over ``records``."""
    summary = Summary()
    for record in records:
        form = as_plain(record)
        summary.forms += 1
        summary.kinds[str(form.get("kind"))] += 1
        summary.stages[stage_of(form)] += 1
        year = form.get("year")
        summary.years["unknown" if year is None else str(year)] += 1
        department = form.get("department") or form.get("implementing_unit")
        summary.departments[str(department) if department else "unknown"] += 1
        issues = form.get("issues") or []
        summary.forms_with_issues += bool(issues)
        summary.issues.update(str(issue.get("code")) for issue in issues)
        for indicator in form.get("indicators") or []:
            summary.indicators += 1
            value = indicator.get("value")
            if not value:
                continue
            summary.value_kinds[str(value.get("kind"))] += 1
            summary.numeric_targets += value.get("kind") == NUMERIC
    return summary


def render_text(summary: Summary) -> str:
    """The summary as blocks of ``name  count`` lines."""
    lines = [
        f"{summary.forms} forms, {summary.indicators} indicators, "
        f"{summary.forms_with_issues} forms with issues"
    ]

    def block(title: str, counts: Counter[str], ordered: bool = False) -> None:
        items = sorted(counts.items()) if ordered else counts.most_common()
        lines.append(f"{title}:")
        shown = items[:TOP]
        width = max((len(name) for name, _ in shown), default=0)
        lines.extend(f"  {name.ljust(width)}  {count}" for name, count in shown)
        if not items:
            lines.append("  none")
        if len(items) > TOP:
            lines.append(f"  … {len(items) - TOP} more")

    block("kind", summary.kinds)
    block("stage", summary.stages)
    block("year", summary.years, ordered=True)
    block(f"departments ({len(summary.departments)})", summary.departments)
    block("issues by code", summary.issues)
    block("target value kinds", summary.value_kinds)
    if summary.value_kinds:
        lines.append(f"targets with a number: {summary.numeric_share:.1%}")
    else:
        lines.append("targets with a number: no parsed values in these records")
    return "\n".join(lines) + "\n"
