"""Give memory freed after an index build back to the operating system.

Building an index allocates far more than the index keeps: token lists, per-question counters,
one small array per stored vector.  glibc keeps those freed small blocks in the process's heap,
so a web worker that rebuilt its index after an admin's edit stayed ~10-40 MB larger than one
that never did.  ``malloc_trim`` returns the free pages; elsewhere (musl, macOS) this does
nothing.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import functools
import logging
from collections.abc import Callable

log = logging.getLogger(__name__)


@functools.cache
def _malloc_trim() -> Callable[[int], int] | None:
    name = ctypes.util.find_library("c")
    if name is None:
        return None
    try:
        libc = ctypes.CDLL(name)
    except OSError:
        return None
    trim = getattr(libc, "malloc_trim", None)  # glibc only
    if trim is None:
        return None
    trim.argtypes = [ctypes.c_size_t]
    trim.restype = ctypes.c_int
    return trim  # type: ignore[no-any-return]


def trim() -> bool:
    """Release the heap's free pages; True when the C library could (glibc)."""
    fn = _malloc_trim()
    if fn is None:
        return False
    fn(0)
    return True
