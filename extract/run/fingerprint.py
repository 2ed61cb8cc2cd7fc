"""A file's fingerprint (sha256), read locally or through fsspec for URLs.

Fingerprints name records (``id``), find duplicates and drive ``--resume``; they are taken in
the worker, under the file's timeout (a FIFO or a stalled mount must not hang the batch).
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import BinaryIO, Union

from .inputs import is_url


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
