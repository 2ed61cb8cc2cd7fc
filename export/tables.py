"""Records as two flat tables for pandas, Excel and Parquet: ``forms`` and ``indicators``.

One row per form and one row per indicator, joined by ``form_id``. Nested parts are
flattened where an analyst filters on them (funds, the first term of a parsed value, the
period) and kept whole as JSON text where they vary (``fields``, all ``terms``, ``extra``).
Columns have fixed nullable dtypes, so an empty run and a full run give the same schema and
numbers stay numbers in every format. Records may lack ``value`` (hand-checked goldens): its
columns are then empty.

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
    "extra": "string",
    **INDICATOR_EVALUATION_COLUMNS,
}

TERM_COLUMNS = ("label", "op", "value", "upper", "unit", "base_value", "base_unit")


def to_json_text(value: Any) -> str:
    """Nested data as compact JSON text with Chinese kept readable."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def record_tables(records: Iterable[Any]) -> dict[str, pd.DataFrame]:
    """The tables by name: ``forms``, ``indicators``, and ``execution`` (self-evaluations'
    funds grids, export/evaluation.py)."""
    plain = [as_plain(r) for r in records]
    return {
        "forms": forms_table(plain),
        "indicators": indicators_table(plain),
        "execution": typed_frame(execution_rows(plain), EXECUTION_COLUMNS),
    }


def forms_table(records: Iterable[Any]) -> pd.DataFrame:
    """One row per form (``FORM_COLUMNS``)."""
    return typed_frame([form_row(as_plain(r)) for r in records], FORM_COLUMNS)


def indicators_table(records: Iterable[Any]) -> pd.DataFrame:
    """One row per indicator (``INDICATOR_COLUMNS``), with its form's id, project and year."""
    rows: list[dict[str, Any]] = []
    for record in records:
        form = as_plain(record)
        for number, indicator in enumerate(form.get("indicators") or [], start=1):
            rows.append(indicator_row(form, number, indicator))
    return typed_frame(rows, INDICATOR_COLUMNS)


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
            "extra": to_json_text(indicator.get("extra") or {}),
            **indicator_evaluation_values(indicator),
        }
    )
    return row


def typed_frame(rows: list[dict[str, Any]], columns: dict[str, str]) -> pd.DataFrame:
    """A frame with exactly ``columns``, each of its declared nullable dtype."""
    import pandas as pd

    data = {name: _typed_column([row.get(name) for row in rows], dtype) for name, dtype in columns.items()}
    return pd.DataFrame(data, columns=list(columns))


def _typed_column(values: list[Any], dtype: str) -> pd.Series:
    import numpy as np
    import pandas as pd

    if dtype.startswith("datetime64"):
        return pd.Series(np.array([_date_or_none(v) for v in values], dtype=dtype), dtype=dtype)
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
