"""The exception every reader raises for an input it cannot read as forms."""

from __future__ import annotations


class InputError(Exception):
    """The input file cannot be read as a PDF of forms; the message is the one-line reason."""
