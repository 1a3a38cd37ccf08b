"""Give memory freed after an index build back to the operating system.

Building an index allocates more than the index keeps: analyses of every text, per-entry
counters, one small array per stored vector.  glibc keeps such freed blocks in the process's
heap; ``malloc_trim`` returns their pages (~6 MB of a web process with 5,000 entries, measured
by ``benchmarks/faq.py``).  Elsewhere (musl, macOS) this does nothing.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import functools
from collections.abc import Callable


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
