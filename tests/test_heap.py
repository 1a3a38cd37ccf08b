"""knowledge.heap: freed blocks go back to the operating system after an index build."""

from __future__ import annotations

import platform
from pathlib import Path

import numpy as np
import pytest

from knowledge import heap

glibc = pytest.mark.skipif(platform.libc_ver()[0] != "glibc", reason="malloc_trim is glibc's")


def rss_anon_mb() -> float:
    status = Path("/proc/self/status").read_text()
    return next(int(ln.split()[1]) for ln in status.splitlines() if ln.startswith("RssAnon:")) / 1024


@glibc
def test_trim_returns_freed_heap_pages() -> None:
    # ~120 MB of blocks below glibc's mmap threshold, as a build's vectors and counters are; one
    # in fifty stays alive, so the heap's top cannot shrink and only a trim frees the rest
    blocks = [bytes(np.full(1200, i % 251, np.uint8)) for i in range(100_000)]
    kept = blocks[::50]
    del blocks
    before = rss_anon_mb()
    assert heap.trim()
    after = rss_anon_mb()
    assert before - after > 50, (before, after)
    assert len(kept) == 2_000


def test_trim_is_harmless_anywhere() -> None:
    assert heap.trim() in (True, False)
    assert heap.trim() in (True, False)  # twice: nothing left to give back is fine
