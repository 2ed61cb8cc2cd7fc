"""Normalisers: text folding and whitespace, amounts, and target values."""

from .amounts import parse_amount
from .values import parse_value

__all__ = ["parse_amount", "parse_value"]
