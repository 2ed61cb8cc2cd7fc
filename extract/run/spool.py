"""Where workers put what they made (records, the rows of a page range) until the batch
writes it: a spool folder of the run, removed however the run ends, and swept when a
killed run left one behind."""

from __future__ import annotations

import contextlib
import fcntl
import os
import pickle
import shutil
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, BinaryIO, Optional

from ...schemas import FormRecord
from .output import record_line

SPOOL_PREFIX = "jixiao-spool-"
# The file a run holds locked inside its spool folder: a folder whose lock can be taken is
# left over by a run that was killed, and is removed by the next run (sweep_spools).
SPOOL_OWNER = ".owner"
# A spool folder is swept only when it has not changed for this long (its owner may be
# between making it and locking it), and one without an owner file (an older version's)
# only after an hour.
SPOOL_GRACE = 60.0
SPOOL_ORPHAN_AGE = 3600.0


def spool_path(spool_dir: str, index: int, first: Optional[int] = None) -> str:
    """Where a worker writes the records of task ``index``, or (``first`` given) the rows of
    its page range starting at page ``first`` (0-based)."""
    name = f"{index}.jsonl" if first is None else f"{index}.{first}.rows"
    return os.path.join(spool_dir, name)


def open_spool(path: str) -> BinaryIO:
    """The spool file of a task, unbuffered: each record is one write, so a failed write
    (a full temp folder) leaves whole lines behind."""
    return open(path, "wb", buffering=0)


class Spool:
    """Where a worker puts the records of its file: the spool file while it can be written,
    memory after a write fails (a full temp folder must not fail a good file)."""

    def __init__(self, path: Optional[str]) -> None:
        self.path = path
        self.records: list[FormRecord] = []
        self.written = 0
        self.fh: Optional[BinaryIO] = None
        if path is not None:
            try:
                self.fh = open_spool(path)
            except OSError:
                self.path = None

    def __call__(self, record: FormRecord) -> None:
        if self.fh is not None:
            line = record_line(record).encode("utf-8")
            try:
                view = memoryview(line)
                while view:
                    view = view[self.fh.write(view) or 0 :]
                self.written += len(line)
                return
            except OSError:
                self._give_up_file()
        self.records.append(record)

    def _give_up_file(self) -> None:
        assert self.fh is not None
        try:
            os.ftruncate(self.fh.fileno(), self.written)
        except OSError:
            pass
        self.fh.close()
        self.fh = None
        if not self.written and self.path is not None:
            with contextlib.suppress(OSError):
                os.unlink(self.path)
            self.path = None

    def close(self) -> None:
        if self.fh is not None:
            self.fh.close()
            self.fh = None


def save_pickle(path: str, value: Any) -> bool:
    """Write ``value`` to ``path``; False (and nothing left behind) when the folder is full."""
    try:
        with open(path, "wb") as fh:
            pickle.dump(value, fh, protocol=pickle.HIGHEST_PROTOCOL)
        return True
    except OSError:
        with contextlib.suppress(OSError):
            os.unlink(path)
        return False


def take_pickle(path: str) -> Any:
    """Read back what :func:`save_pickle` wrote, and remove the file."""
    with open(path, "rb") as fh:
        value = pickle.load(fh)
    with contextlib.suppress(OSError):
        os.unlink(path)
    return value


@contextmanager
def spool_folder(parent: Optional[str] = None) -> Iterator[Optional[str]]:
    """A spool folder for the workers' output, removed when the block ends however it
    ends (an exception, Ctrl-C, SIGTERM turned into an exit). Folders left by runs that
    were killed outright are swept first. None when no folder can be made (a full temp
    folder): workers then send what they made through the pipe."""
    parent = parent or tempfile.gettempdir()
    sweep_spools(parent)
    try:
        folder = tempfile.mkdtemp(prefix=SPOOL_PREFIX, dir=parent)
    except OSError:
        yield None
        return
    owner = None
    try:
        try:
            owner = open(os.path.join(folder, SPOOL_OWNER), "wb")
            fcntl.flock(owner, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            pass
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)
        if owner is not None:
            owner.close()


def sweep_spools(parent: str) -> list[str]:
    """Remove the spool folders under ``parent`` that no running batch owns: their owner
    file can be locked (its run is gone), or, without one, they are older than an hour.
    The folders removed."""
    removed = []
    try:
        names = [n for n in os.listdir(parent) if n.startswith(SPOOL_PREFIX)]
    except OSError:
        return removed
    for name in names:
        folder = os.path.join(parent, name)
        try:
            age = time.time() - os.stat(folder).st_mtime
            with open(os.path.join(folder, SPOOL_OWNER), "rb") as owner:
                fcntl.flock(owner, fcntl.LOCK_EX | fcntl.LOCK_NB)
                stale = age > SPOOL_GRACE
        except FileNotFoundError:
            stale = age > SPOOL_ORPHAN_AGE
        except OSError:
            stale = False  # locked: a batch is running with it
        if stale:
            shutil.rmtree(folder, ignore_errors=True)
            removed.append(folder)
    return removed
