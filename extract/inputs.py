"""Finding the input files and fingerprinting them (sha256) before any is read as a PDF."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Union

# Suffixes a folder walk takes (any case). A text export (.txt) is read only when named.
WALK_SUFFIXES = (".pdf", ".xlsx", ".xlsm", ".xls")


@dataclass(frozen=True)
class InputFile:
    """A file to read, and its path as it will appear in the output (``/``-separated)."""

    path: Path
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
                    if name.startswith((".", "~$")) or not name.lower().endswith(WALK_SUFFIXES):
                        continue
                    full = Path(dirpath) / name
                    display = full.relative_to(root).as_posix()
                    found.setdefault(display, InputFile(full, display))
        else:
            found.setdefault(root.name, InputFile(root, root.name))
    return [found[k] for k in sorted(found)]


def file_sha256(path: Union[str, Path]) -> str:
    """The hex sha256 of a file's bytes, read in chunks."""
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()
