"""Finding the input files and fingerprinting them (sha256) before any is read as a PDF."""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Optional, Union
from ..read.kinds import WALK_SUFFIXES

# Suffixes a folder walk takes (any case). A text export (.txt) is read only when named.

# A location with a scheme (``s3://bucket/x``, ``file:///data``, ``simplecache::s3://…``) is an
# fsspec URL, opened through extract/locate.py rather than as a local path.
_URL = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*(::[A-Za-z][A-Za-z0-9+.\-]*)*://")


def is_url(location: Union[str, Path]) -> bool:
    """Whether an input or output is named by an fsspec URL (a ``str`` with a scheme)."""
    return isinstance(location, str) and _URL.match(location) is not None


def input_root(path: Union[str, Path], display: str) -> Optional[str]:
    """The absolute folder a local input's display path is relative to (``/``-separated), for
    the report, so ``jixiao review`` finds the file; ``None`` for a URL or an unrelated path."""
    if is_url(path):
        return None
    full = Path(os.path.abspath(path)).as_posix()
    if full.endswith("/" + display):
        return full[: -len(display) - 1] or "/"
    return None


def no_inputs_line(locations: Iterable[Union[str, Path]]) -> str:
    """The one line for a batch with no input file: what was searched, which suffixes count."""
    searched = ", ".join(str(loc) for loc in locations)
    suffixes = " ".join(WALK_SUFFIXES)
    return (
        f"no input files under {searched}: folders are searched recursively for {suffixes} "
        "(any case; hidden files and ~$ lock files skipped); a file named directly is read whatever its suffix"
    )


def walk_takes(name: str) -> bool:
    """Whether a folder walk takes a file of this name: a PDF or spreadsheet suffix (any
    case), not hidden, not an Office lock file (``~$…``). One rule for local folders and
    URL folders alike."""
    return not name.startswith((".", "~$")) and name.lower().endswith(WALK_SUFFIXES)


@dataclass(frozen=True)
class InputFile:
    """A file to read, and its path as it will appear in the output (``/``-separated).

    ``path`` is a local path, or an fsspec URL (a ``str``) for a file on shared storage
    that cluster workers fetch themselves. ``error`` is set for a folder that could not be
    listed: it gets a ``failed`` report row of its own instead of vanishing from the batch."""

    path: Union[Path, str]
    display: str
    error: Optional[str] = None


def escape_name(name: str) -> str:
    """A file name as text that can be written as UTF-8: a name that is not valid UTF-8
    (``os`` hands its bytes over as lone surrogates) shows each such byte as ``\\xNN``;
    a valid name is unchanged. One rule for source.path, the report and the terminal."""
    try:
        raw = name.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:  # a surrogate that is no escaped byte
        return name.encode("utf-8", "backslashreplace").decode("utf-8")
    return raw.decode("utf-8", "backslashreplace")


_KINDS = (
    (stat.S_ISFIFO, "a FIFO (named pipe)"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISDIR, "a folder"),
)


def special_kind(mode: int) -> Optional[str]:
    """What a file of this ``st_mode`` is when it is not a regular file (a FIFO, a socket,
    a device), never read: opening a FIFO blocks until someone writes to it."""
    for test, kind in _KINDS:
        if test(mode):
            return kind
    return None if stat.S_ISREG(mode) else "not a regular file"


def _base(root: Path) -> str:
    absolute = os.path.abspath(root)
    return absolute if os.path.isdir(absolute) else os.path.dirname(absolute)


def display_base(roots: Iterable[Path]) -> str:
    """The folder display paths are relative to: the deepest folder holding every root (a
    folder given counts as itself, a file as its folder). One folder given: that folder, so
    ``a/x.pdf`` shows as ``x.pdf``; ``dl/滁州 dl/芜湖``: ``dl``, so their two ``附件1.pdf``
    show as ``滁州/附件1.pdf`` and ``芜湖/附件1.pdf``. Two different files never share a
    display path."""
    bases = [_base(root) for root in roots]
    return os.path.commonpath(bases) if bases else os.getcwd()


def find_inputs(paths: Iterable[Path]) -> list[InputFile]:
    """Input files under the given files and folders.

    Folders are walked recursively for PDFs and spreadsheets (``.pdf``, ``.xlsx``, ``.xls``
    in any case); hidden files, folders and Office lock files (``~$…``) are skipped;
    symlinked folders are not followed, so a link loop cannot trap the walk; a folder that
    cannot be listed is an entry with ``error`` (display path ending in ``/``). A file given
    by name is taken whatever its suffix. Display paths are relative to
    :func:`display_base` and escaped by :func:`escape_name`. Sorted by display path; a
    path met twice is kept once.
    """
    roots = list(paths)
    base = display_base(roots)

    def shown(path: str, folder: bool = False) -> str:
        rel = os.path.relpath(os.path.abspath(path), base)
        if rel == ".":
            rel = os.path.basename(os.path.abspath(path))
        return escape_name(Path(rel).as_posix()) + ("/" if folder else "")

    found: dict[str, InputFile] = {}
    for root in roots:
        if not root.is_dir():
            display = shown(str(root))
            found.setdefault(display, InputFile(root, display))
            continue

        def unreadable(exc: OSError) -> None:
            folder = str(exc.filename or root)
            display = shown(folder, folder=True)
            found.setdefault(display, InputFile(Path(folder), display, f"cannot read folder: {exc.strerror or exc}"))

        for dirpath, dirnames, filenames in os.walk(root, onerror=unreadable):
            dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
            for name in filenames:
                if not walk_takes(name):
                    continue
                full = Path(dirpath) / name
                display = shown(str(full))
                found.setdefault(display, InputFile(full, display))
    return [found[k] for k in sorted(found)]
