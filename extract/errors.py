"""The exception every reader raises for an input it cannot read as forms, and the reasons
more than one reader gives."""

from __future__ import annotations

from typing import Optional

from ..schemas import ReasonCode

ENCRYPTED = "encrypted: a password is needed (use --password)"


class InputError(Exception):
    """The input file cannot be read as a PDF of forms; the message is the one-line reason,
    ``code`` its :class:`ReasonCode` (``damaged`` unless told, ``encrypted`` for ENCRYPTED)."""

    def __init__(self, message: str, code: Optional[ReasonCode] = None) -> None:
        super().__init__(message)
        if code is None:
            code = ReasonCode.ENCRYPTED if message == ENCRYPTED else ReasonCode.DAMAGED
        self.code = code
