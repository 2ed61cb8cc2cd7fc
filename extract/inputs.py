"""Finding the input files and fingerprinting them (sha256) before any is read as a PDF."""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, Optional, Union

# Suffixes a folder walk takes (any case). A text export (.txt) is read only when named.
WALK_SUFFIXES = (".pdf", ".xlsx", ".xlsm", ".xls", ".docx", ".doc", ".wps", ".et")

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
    that cluster workers fetch themselves."""

    path: Union[Path, str]
    display: str


def find_inputs(paths: Iterable[Path]) -> list[InputFile]:
    """Input files under the given files and folders.

    Folders are walked recursively for PDFs and spreadsheets (``.pdf``, ``.xlsx``, ``.xls``
    in any case); hidden files, folders and Office lock files (``~$…``) are skipped; symlinked folders are not followed, so a link loop cannot trap the walk. A
    file given by name is taken whatever its suffix. The display path is relative to the
    folder given (the file name for a file given by name). Sorted by display path; a path
    met twice is kept once.
    """
    found: dict[str, InputFile] = {}
    for root in paths:
        if root.is_dir():
            for dirpath, dirnames, filenames in os.walk(root):
                dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
                for name in filenames:
                    if not walk_takes(name):
                        continue
                    full = Path(dirpath) / name
                    display = full.relative_to(root).as_posix()
                    found.setdefault(display, InputFile(full, display))
        else:
            found.setdefault(root.name, InputFile(root, root.name))
    return [found[k] for k in sorted(found)]


def _open_bytes(path: Union[str, Path]) -> BinaryIO:
    if is_url(path):
        from .locate import open_url  # fsspec is imported only for URLs

        return open_url(str(path))
    return open(path, "rb")


def file_sha256(path: Union[str, Path]) -> str:
    """The hex sha256 of a file's bytes, read in chunks. A URL is read through fsspec: the
    whole file crosses the network once, to the machine that plans the batch."""
    digest = hashlib.sha256()
    with _open_bytes(path) as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()
