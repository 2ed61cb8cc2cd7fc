"""The parsed target value (``../shared/spec/values.md``, version 1)."""

from __future__ import annotations

from datetime import date
from typing import Literal, Optional, Union

from pydantic import BaseModel, ConfigDict

Number = Union[int, float]

Op = Literal[">=", "<=", ">", "<", "=", "~", "range"]
ValueKind = Literal["numeric", "period", "qualitative", "text", "empty"]


class Term(BaseModel):
    """One numeric target inside a cell, such as ``合格率≥95%``."""

    model_config = ConfigDict(extra="forbid")

    label: Optional[str] = None
    op: Op = "="
    value: Number
    upper: Optional[Number] = None
    unit: Optional[str] = None
    base_value: Number
    base_unit: Optional[str] = None


class Period(BaseModel):
    """A date, period or deadline such as ``2022年6月底前``."""

    model_config = ConfigDict(extra="forbid")

    start: Optional[date] = None
    end: Optional[date] = None
    op: Literal["<=", "="] = "="


class Value(BaseModel):
    """A target's text read into comparable parts; ``kind`` says which parts are filled."""

    model_config = ConfigDict(extra="forbid")

    raw: str
    kind: ValueKind
    terms: list[Term] = []
    period: Optional[Period] = None
