"""Records as flat tables for pandas, Excel, Parquet and SQLite: ``forms``, ``indicators``
and ``tasks``.

One row per form, per indicator and per task (年度主要任务 of department forms), the last two
joined to the first by ``form_id`` (``forms.id``) and keyed by ``(form_id, row)``. Nested parts
are flattened where an analyst filters on them (funds, the first term of a parsed value, the
period) and kept whole as JSON text where they vary (``fields``, all ``terms``). Columns have
fixed nullable dtypes, so an empty run and a full run give the same schema and numbers stay
numbers in every format; then, in order of first appearance, a column per extra column of
the indicator tables (``extra.权重``) and per amount of the task table (``amount.总额``).
Record keys the tables do not place yet (fields added to the schema later, such as
evaluation results) get a column of their own, named after the key, when some record has
them: the tables follow the schema without a change here. Records may lack ``value``
(hand-checked goldens): its columns are then empty.

pandas and numpy are imported when a table is built, not with this module: the CLI imports
it, and ``jixiao extract`` forks its workers from the CLI under an address-space cap, which
numpy's reserved memory (hundreds of MB of address space) would eat into.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import date
from typing import TYPE_CHECKING, Any, Optional

from ..review.records import Record, as_plain
from .evaluation import (
    EXECUTION_COLUMNS,
    FORM_EVALUATION_COLUMNS,
    INDICATOR_EVALUATION_COLUMNS,
    execution_rows,
    form_evaluation_values,
    indicator_evaluation_values,
)

if TYPE_CHECKING:
    import pandas as pd

# Column → pandas dtype, in output order.
FORM_COLUMNS: dict[str, str] = {
    "id": "string",
    "source_path": "string",
    "pages": "string",
    "method": "string",
    "title": "string",
    "kind": "string",
    "year": "Int64",
    "department": "string",
    "project_name": "string",
    "implementing_unit": "string",
    "project_attribute": "string",
    "funds_total": "Float64",
    "funds_fiscal": "Float64",
    "funds_other": "Float64",
    "goal": "string",
    "fields": "string",
    "issue_count": "Int64",
    "issue_codes": "string",
    **FORM_EVALUATION_COLUMNS,
}

INDICATOR_COLUMNS: dict[str, str] = {
    "form_id": "string",
    "project_name": "string",
    "year": "Int64",
    "row": "Int64",
    "level1": "string",
    "level2": "string",
    "name": "string",
    "target": "string",
    "page": "Int64",
    "grid": "string",
    "value_kind": "string",
    "label": "string",
    "op": "string",
    "value": "Float64",
    "upper": "Float64",
    "unit": "string",
    "base_value": "Float64",
    "base_unit": "string",
    "n_terms": "Int64",
    "terms": "string",
    "period_start": "datetime64[ms]",
    "period_end": "datetime64[ms]",
    "period_op": "string",
    **INDICATOR_EVALUATION_COLUMNS,
}

TASK_COLUMNS: dict[str, str] = {
    "form_id": "string",
    "department": "string",
    "year": "Int64",
    "row": "Int64",
    "name": "string",
    "content": "string",
}

# Record keys each table places (as columns above or spread into prefixed columns); any
# other key gets a column of its own.
FORM_KEYS = frozenset(
    {"schema_version", "id", "source", "title", "kind", "year", "department", "project_name", "implementing_unit",
     "project_attribute", "funds", "goal", "fields", "indicators", "issues", "boxes", "tasks",
     "stage", "goal_achieved", "total_score", "execution"}  # the last: export/evaluation.py
)
INDICATOR_KEYS = frozenset(
    {"level1", "level2", "name", "target", "value", "page", "extra", "bbox", "grid",
     "actual", "actual_value", "weight", "score", "achieved", "deviation"}  # the last: export/evaluation.py
)
TASK_KEYS = frozenset({"name", "content", "amounts"})
EXTRA_PREFIX, AMOUNT_PREFIX = "extra.", "amount."

TERM_COLUMNS = ("label", "op", "value", "upper", "unit", "base_value", "base_unit")


def to_json_text(value: Any) -> str:
    """Nested data as compact JSON text with Chinese kept readable."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def record_tables(records: Iterable[Any]) -> dict[str, pd.DataFrame]:
    """The tables by name: ``forms``, ``indicators``, ``tasks``, and ``execution``
    (self-evaluations' funds grids, export/evaluation.py)."""
    plain = [as_plain(r) for r in records]
    return {
        "forms": forms_table(plain),
        "indicators": indicators_table(plain),
        "tasks": tasks_table(plain),
        "execution": typed_frame(execution_rows(plain), EXECUTION_COLUMNS),
    }


def forms_table(records: Iterable[Any]) -> pd.DataFrame:
    """One row per form (``FORM_COLUMNS``, then keys of later schema versions)."""
    forms = [as_plain(r) for r in records]
    rows = [dict(form_row(form), **_unplaced(form, FORM_KEYS)) for form in forms]
    return typed_frame(rows, FORM_COLUMNS)


def indicators_table(records: Iterable[Any]) -> pd.DataFrame:
    """One row per indicator (``INDICATOR_COLUMNS``), with its form's id, project and year,
    then a column per extra column (``extra.权重``) and per key of later schema versions."""
    rows: list[dict[str, Any]] = []
    for record in records:
        form = as_plain(record)
        for number, indicator in enumerate(form.get("indicators") or [], start=1):
            row = indicator_row(form, number, indicator)
            row.update(_spread(EXTRA_PREFIX, indicator.get("extra")))
            row.update(_unplaced(indicator, INDICATOR_KEYS))
            rows.append(row)
    return typed_frame(rows, INDICATOR_COLUMNS)


def tasks_table(records: Iterable[Any]) -> pd.DataFrame:
    """One row per task of a department form (``TASK_COLUMNS``), then a column per amount
    label as printed (``amount.总额``, ``amount.财政拨款`` …, text as in the record)."""
    rows: list[dict[str, Any]] = []
    for record in records:
        form = as_plain(record)
        for number, task in enumerate(form.get("tasks") or [], start=1):
            row: dict[str, Any] = {
                "form_id": form.get("id"),
                "department": form.get("department"),
                "year": form.get("year"),
                "row": number,
                "name": task.get("name"),
                "content": task.get("content"),
            }
            row.update(_spread(AMOUNT_PREFIX, task.get("amounts")))
            row.update(_unplaced(task, TASK_KEYS))
            rows.append(row)
    return typed_frame(rows, TASK_COLUMNS)


def _spread(prefix: str, labelled: Any) -> dict[str, Any]:
    """``{label: text}`` as ``{prefix + label: text}`` columns."""
    return {prefix + str(label): text for label, text in (labelled or {}).items()}


def _unplaced(obj: Record, placed: frozenset[str]) -> dict[str, Any]:
    """The keys of ``obj`` no column places, with a value: nested ones as JSON text."""
    return {
        key: to_json_text(value) if isinstance(value, (dict, list)) else value
        for key, value in obj.items()
        if key not in placed and value is not None
    }


def form_row(form: Record) -> dict[str, Any]:
    """A form's columns as plain Python values."""
    source = form.get("source") or {}
    funds = form.get("funds") or {}
    issues = [i for i in form.get("issues") or [] if isinstance(i, dict)]
    codes = sorted({str(i.get("code")) for i in issues})
    return {
        "id": form.get("id"),
        "source_path": source.get("path"),
        "pages": ",".join(str(p) for p in source.get("pages") or []),
        "method": source.get("method"),
        "title": form.get("title"),
        "kind": form.get("kind"),
        "year": form.get("year"),
        "department": form.get("department"),
        "project_name": form.get("project_name"),
        "implementing_unit": form.get("implementing_unit"),
        "project_attribute": form.get("project_attribute"),
        "funds_total": funds.get("total"),
        "funds_fiscal": funds.get("fiscal"),
        "funds_other": funds.get("other"),
        "goal": form.get("goal"),
        "fields": to_json_text(form.get("fields") or {}),
        "issue_count": len(issues),
        "issue_codes": ",".join(codes) if codes else None,
        **form_evaluation_values(form),
    }


def indicator_row(form: Record, number: int, indicator: Record) -> dict[str, Any]:
    """An indicator's columns: the row itself, its first parsed term, its period."""
    value: Optional[Record] = indicator.get("value")
    terms = (value or {}).get("terms") or []
    first = terms[0] if terms else {}
    period = (value or {}).get("period") or {}
    row: dict[str, Any] = {
        "form_id": form.get("id"),
        "project_name": form.get("project_name"),
        "year": form.get("year"),
        "row": number,
        "level1": indicator.get("level1"),
        "level2": indicator.get("level2"),
        "name": indicator.get("name"),
        "target": indicator.get("target"),
        "page": indicator.get("page"),
        "grid": indicator.get("grid"),
        "value_kind": (value or {}).get("kind"),
    }
    row.update({column: first.get(column) for column in TERM_COLUMNS})
    row.update(
        {
            "n_terms": len(terms) if value is not None else None,
            "terms": to_json_text(terms) if value is not None else None,
            "period_start": period.get("start"),
            "period_end": period.get("end"),
            "period_op": period.get("op"),
            **indicator_evaluation_values(indicator),
        }
    )
    return row


def typed_frame(rows: list[dict[str, Any]], columns: dict[str, str]) -> pd.DataFrame:
    """A frame with ``columns``, each of its declared nullable dtype, then the other keys
    the rows carry, in order of first appearance, typed by their values."""
    import pandas as pd

    more: dict[str, None] = {}
    for row in rows:
        more.update((key, None) for key in row if key not in columns)
    dtypes = dict(columns)
    dtypes.update((key, inferred_dtype([row.get(key) for row in rows])) for key in more)
    data = {name: _typed_column([row.get(name) for row in rows], dtype) for name, dtype in dtypes.items()}
    return pd.DataFrame(data, columns=list(dtypes))


def inferred_dtype(values: list[Any]) -> str:
    """The nullable dtype of a column without a declared one: ``boolean``, ``Int64`` or
    ``Float64`` when every value present is one, else ``string``."""
    present = [v for v in values if v is not None]
    if present and all(isinstance(v, bool) for v in present):
        return "boolean"
    if present and all(isinstance(v, int) and not isinstance(v, bool) for v in present):
        return "Int64"
    if present and all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in present):
        return "Float64"
    return "string"


def _typed_column(values: list[Any], dtype: str) -> pd.Series:
    import numpy as np
    import pandas as pd

    if dtype.startswith("datetime64"):
        return pd.Series(np.array([_date_or_none(v) for v in values], dtype=dtype), dtype=dtype)
    if dtype == "string":
        values = [v if v is None or isinstance(v, str) else to_json_text(v) for v in values]
    return pd.Series(pd.array(values, dtype=dtype))


def _date_or_none(value: Any) -> Optional[str]:
    """An ISO date as written by the records, or ``None`` for anything else."""
    if isinstance(value, str):
        try:
            date.fromisoformat(value)
        except ValueError:
            return None
        return value
    return None
