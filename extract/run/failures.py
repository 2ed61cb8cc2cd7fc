"""An exception raised while reading a file → its one-line reason and failure code.

A parsing library's exception is the input's fault (``damaged PDF: …``, ``encrypted: …``);
one raised in jixiao's own code is an internal error, reported per file with its type so a
batch goes on but the bug is visible.
"""

from __future__ import annotations

from ...schemas import ReasonCode
from ..errors import ENCRYPTED, InputError


OUT_OF_MEMORY = "out of memory while reading the file (a decompression bomb, or raise --max-memory)"


# The libraries that parse input files: an exception raised inside them (whatever its type:
# ``ValueError: Non-Ascii85 digit found``, ``AssertionError: Invalid octal``) is the file's
# fault, not a bug of ours.
PARSING_LIBRARIES = ("pdfminer", "pdfplumber", "pypdfium2", "openpyxl", "xlrd")


def _raised_in(exc: BaseException, packages: tuple[str, ...]) -> bool:
    """Whether ``exc`` comes from one of ``packages``: its type is theirs, or the innermost
    frame of its traceback that runs their code or ours (standard-library frames skipped:
    pdfminer calling ``base64`` is still pdfminer) is theirs."""
    if (type(exc).__module__ or "").split(".")[0] in packages:
        return True
    owner = ""
    tb = exc.__traceback__
    while tb is not None:
        top = (tb.tb_frame.f_globals.get("__name__", "") or "").split(".")[0]
        if top in packages or top == "jixiao":
            owner = top
        tb = tb.tb_next
    return owner in packages


def _unwrap(exc: BaseException) -> BaseException:
    """pdfplumber's ``PdfminerException`` wraps the exception pdfminer raised."""
    while type(exc).__name__ == "PdfminerException" and exc.args and isinstance(exc.args[0], BaseException):
        exc = exc.args[0]
    return exc


def _one_line(exc: BaseException) -> str:
    text = " ".join(str(exc).split())[:200]
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def classify(exc: BaseException) -> tuple[str, ReasonCode]:
    """The one-line reason and code of an exception raised while reading a file: a parsing
    library's exception is ``damaged PDF: …`` (``encrypted: …`` when it says so); anything
    else raised in our code is an internal error, a bug to report."""
    inner = _unwrap(exc)
    if isinstance(inner, MemoryError):
        return OUT_OF_MEMORY, ReasonCode.OUT_OF_MEMORY
    if not (_raised_in(exc, PARSING_LIBRARIES) or _raised_in(inner, PARSING_LIBRARIES)):
        return f"internal error: {_one_line(inner)} (a bug: please report it)", ReasonCode.INTERNAL
    name = type(inner).__name__
    text = " ".join(str(inner).split())[:200].lower()
    if "password" in name.lower() or "password" in text or "encrypt" in text:
        return ENCRYPTED, ReasonCode.ENCRYPTED
    if name.startswith(("PDF", "PS")) or name == "PdfminerException":
        return f"damaged PDF: {' '.join(str(inner).split())[:200] or name}", ReasonCode.DAMAGED
    return f"damaged PDF: {_one_line(inner)}", ReasonCode.DAMAGED


def read_failure(exc: BaseException) -> tuple[str, ReasonCode]:
    """The one-line reason and code of a file whose reading raised ``exc``."""
    if isinstance(exc, InputError):
        return str(exc), exc.code
    if isinstance(exc, OSError):
        return f"cannot read: {exc.strerror or exc}", ReasonCode.UNREADABLE
    return classify(exc)
