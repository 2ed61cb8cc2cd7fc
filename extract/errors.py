"""The exception every reader raises for an input it cannot read as forms, and the reasons
more than one reader gives."""

from __future__ import annotations


class InputError(Exception):
    """The input file cannot be read as a PDF of forms; the message is the one-line reason."""


ENCRYPTED = "encrypted: a password is needed (use --password)"
