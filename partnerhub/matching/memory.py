"""Handing freed heap memory back to the operating system between the planner's phases."""

from __future__ import annotations

import ctypes
import gc
from collections.abc import Callable
from functools import cache


@cache
def _malloc_trim() -> Callable[[int], int] | None:
    """glibc's malloc_trim, or None where the C library has none (musl, macOS, Windows).

    Looked up in the running program (CDLL(None)), not by `ctypes.util.find_library`: that runs ldconfig
    in a child process, and a child forked from this large process would report its size as its peak.
    """
    try:
        trim = ctypes.CDLL(None).malloc_trim
    except (OSError, AttributeError, TypeError):
        return None
    trim.argtypes, trim.restype = [ctypes.c_size_t], ctypes.c_int
    result: Callable[[int], int] = trim
    return result


# Below this many scored pairs (M has 185,000) the freed pages are few, and a full collection in a web
# process holding many objects would cost more than it gives back.
RELEASE_MIN_PAIRS = 500_000


def release_freed_memory(pairs: int | None = None) -> None:
    """Collect cycles and return the heap's free pages to the OS (for rounds of `pairs` >= RELEASE_MIN_PAIRS).

    Why: glibc raises its mmap threshold after large numpy arrays are freed, so later large temporaries
    (the similarity's blocks, the TF-IDF fit) come from the heap, and their pages stay resident after
    they are freed, fragmented by small Python objects. At L that is about 170 MiB that the flow's peak
    would otherwise sit on top of. Costs a few milliseconds; does nothing where there is no malloc_trim.
    """
    if pairs is not None and pairs < RELEASE_MIN_PAIRS:
        return
    gc.collect()
    trim = _malloc_trim()
    if trim is not None:
        trim(0)
