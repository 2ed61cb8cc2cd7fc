"""Give the C heap's free memory back to the system between OCR steps.

An OCR page allocates and frees page-sized planes (numpy) and the models' activations
(onnxruntime, without its arena) many times over. glibc's malloc keeps what is freed for reuse,
and blocks of many sizes leave holes later allocations do not fill: after a page the worker
held 60–100 MB of free heap, so each page's peak stacked on the last one's leftovers.
``malloc_trim`` returns those pages (it costs well under a millisecond). Elsewhere than glibc
this does nothing.
"""

from __future__ import annotations

import ctypes
from functools import lru_cache
from typing import Any, Optional


@lru_cache(maxsize=1)
def _libc() -> Optional[Any]:
    try:
        libc = ctypes.CDLL(None)  # the symbols already loaded: the C library's among them
    except OSError:
        return None
    return libc if hasattr(libc, "malloc_trim") else None


def release_free_memory() -> None:
    """Return the heap's free pages to the system (glibc's ``malloc_trim(0)``)."""
    libc = _libc()
    if libc is not None:
        libc.malloc_trim(0)
