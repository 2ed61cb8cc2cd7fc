"""Normalisers: text folding and whitespace, amounts, and target values."""

from .values import parse_value

__all__ = ["parse_value"]
