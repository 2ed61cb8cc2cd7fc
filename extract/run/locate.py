"""Inputs and outputs named by fsspec URLs: ``file://…`` always, ``s3://…`` with s3fs installed.

Cluster workers read their inputs from shared storage themselves: a task carries the URL,
never the bytes, and :func:`local_copy` turns it into a local path for the time of the work
(the path itself on a local or mounted file system, a temporary download otherwise). A
``file://`` URL is a local path in every respect: it is walked by ``find_inputs`` with the same
rules and can be resumed. Remote folders are walked with fsspec's ``find`` under the same
naming rules (suffixes, hidden names). fsspec is imported only when a URL is met, so a local
run pays nothing for it.
"""

from __future__ import annotations

import os
import posixpath
import shutil
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO, Optional, Union

from .inputs import InputFile, find_inputs, is_url, walk_takes

if TYPE_CHECKING:
    from fsspec import AbstractFileSystem

CHUNK = 1 << 20


class LocationError(OSError):
    """A URL that cannot be listed, read or written; the message is the one-line reason."""


def _one_line(exc: BaseException) -> str:
    text = " ".join(str(exc).split())[:200]
    return text or type(exc).__name__


def url_to_fs(url: str) -> tuple["AbstractFileSystem", str]:
    """The fsspec file system of a URL and the path on it (without the protocol)."""
    try:
        from fsspec.core import url_to_fs as fsspec_url_to_fs
    except ImportError:
        raise LocationError(f"{url}: URLs need fsspec: pip install 'jixiao[cluster]'") from None
    try:
        return fsspec_url_to_fs(url)
    except (ImportError, ValueError) as exc:  # e.g. s3:// without s3fs: fsspec names the package
        raise LocationError(f"{url}: {_one_line(exc)}") from None


def local_path(location: Union[str, Path]) -> Optional[str]:
    """The local path a location names: itself, or the path of a URL on the local file
    system (``file://``); None for remote storage."""
    if not is_url(location):
        return str(location)
    fs, path = url_to_fs(str(location))
    from fsspec.implementations.local import LocalFileSystem

    return path if isinstance(fs, LocalFileSystem) else None


def is_remote(location: Union[str, Path]) -> bool:
    """Whether a location is on storage other than the local file system (``s3://…``)."""
    return local_path(location) is None


def open_url(url: str) -> BinaryIO:
    """A URL's bytes, opened for reading; a failure is a :class:`LocationError`."""
    fs, path = url_to_fs(url)
    try:
        return fs.open(path, "rb")  # type: ignore[no-any-return]
    except Exception as exc:  # noqa: BLE001 - storage back-ends raise their own types
        raise LocationError(f"{url}: {_one_line(exc)}") from None


def find_url_inputs(url: str) -> list[InputFile]:
    """Input files at a remote URL: the file itself, or the files under a folder that a
    local walk would take (``walk_takes``; hidden folders skipped). Each file's URL is the
    folder's URL as given plus its relative path, which is also its display path."""
    fs, root = url_to_fs(url)
    root = root.rstrip("/")
    try:
        if not fs.isdir(root):
            if not fs.exists(root):
                raise LocationError(f"{url} does not exist")
            return [InputFile(url, posixpath.basename(root))]
        paths = fs.find(root, withdirs=False)
    except LocationError:
        raise
    except Exception as exc:  # noqa: BLE001 - storage back-ends raise their own types
        raise LocationError(f"{url}: {_one_line(exc)}") from None
    found: dict[str, InputFile] = {}
    base = url.rstrip("/")
    for path in paths:
        if not path.startswith(root + "/"):
            continue
        display = path[len(root) + 1 :]
        *folders, name = display.split("/")
        if any(folder.startswith(".") for folder in folders) or not walk_takes(name):
            continue
        found.setdefault(display, InputFile(f"{base}/{display}", display))
    return [found[k] for k in sorted(found)]


def find_locations(locations: Iterable[Union[str, Path]]) -> list[InputFile]:
    """Input files under local paths and URLs: ``find_inputs`` for the local ones together
    (``file://`` included; display paths relative to the folder holding them all), and
    :func:`find_url_inputs` for remote ones (display paths prefixed by the URL's last name
    when more than one location is given); sorted by display path. A file met twice is kept
    once; two different files that would show under one display path are a
    :class:`LocationError`, so that no file is lost from the report."""
    locations = list(locations)
    local: list[Path] = []
    found: dict[str, InputFile] = {}

    def add(item: InputFile) -> None:
        known = found.setdefault(item.display, item)
        if known is not item and str(known.path) != str(item.path):
            raise LocationError(
                f"{known.path} and {item.path} would both be reported as {item.display}: name their folders"
            )

    for location in locations:
        path = local_path(location)
        if path is None:
            name = posixpath.basename(str(location).rstrip("/"))
            for item in find_url_inputs(str(location)):
                if len(locations) > 1:
                    item = InputFile(item.path, f"{name}/{item.display}" if item.display != name else name)
                add(item)
        elif is_url(location) and not os.path.lexists(path):
            raise LocationError(f"{location} does not exist")
        else:
            local.append(Path(path))
    for item in find_inputs(local) if local else []:
        add(item)
    return [found[k] for k in sorted(found)]


@contextmanager
def local_copy(location: str) -> Iterator[str]:
    """A local path holding the file at ``location`` while the block runs: the path itself
    for local files and ``file://`` URLs, else a download into a temporary folder under the
    same file name (its suffix picks the reader), removed afterwards."""
    local = local_path(location)
    if local is not None:
        yield local
        return
    with tempfile.TemporaryDirectory(prefix="jixiao-input-") as folder:
        target = os.path.join(folder, posixpath.basename(location.rstrip("/")) or "input")
        with open_url(location) as src, open(target, "wb") as dst:
            shutil.copyfileobj(src, dst, CHUNK)
        yield target


@dataclass
class StagedOutput:
    """Where the records are written (``path``, always local) and, for a remote output,
    the URL folder that the files written beside it (records, report) are uploaded to."""

    path: str
    upload_to: Optional[str] = None

    def shown(self, path: Union[str, Path]) -> str:
        """How a file written here is named to the user: its URL when it is uploaded."""
        folder = os.path.dirname(self.path)
        if self.upload_to is not None and os.path.dirname(str(path)) == folder:
            return f"{self.upload_to}/{os.path.basename(str(path))}"
        return str(path)

    def upload(self) -> list[str]:
        """Copy every file of the staging folder to ``upload_to`` and remove the folder;
        the URLs written. Nothing to do for a local output."""
        if self.upload_to is None:
            return []
        folder = os.path.dirname(self.path)
        written = []
        for name in sorted(os.listdir(folder)):
            url = f"{self.upload_to}/{name}"
            fs, path = url_to_fs(url)
            try:
                if not fs.exists(posixpath.dirname(path)):
                    fs.makedirs(posixpath.dirname(path), exist_ok=True)  # object stores: no-op
                with open(os.path.join(folder, name), "rb") as src, fs.open(path, "wb") as dst:
                    shutil.copyfileobj(src, dst, CHUNK)
            except Exception as exc:  # noqa: BLE001 - storage back-ends raise their own types
                raise LocationError(f"cannot upload to {url}: {_one_line(exc)} (kept in {folder})") from None
            written.append(url)
        shutil.rmtree(folder, ignore_errors=True)
        return written


def stage_output(output: str, resume: bool = False) -> StagedOutput:
    """Where to write an output given as ``-``, a path or a URL. A remote output is written
    into a temporary folder under the same file name, then uploaded by
    :meth:`StagedOutput.upload`; it cannot be resumed (the earlier run's files are not here)."""
    if output == "-":
        return StagedOutput(output)
    local = local_path(output)
    if local is not None:
        return StagedOutput(local)
    if resume:
        raise LocationError(
            f"--resume needs a local --output, not {output}: download the earlier run's files, "
            "resume into them, then upload"
        )
    url_to_fs(output)  # fail now on a protocol that cannot be used
    folder = tempfile.mkdtemp(prefix="jixiao-output-")
    head, _, name = output.rstrip("/").rpartition("/")
    return StagedOutput(os.path.join(folder, name), upload_to=head)
