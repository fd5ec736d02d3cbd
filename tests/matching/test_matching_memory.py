"""Freed heap pages go back to the OS between the planner's phases, without starting a child process."""

import subprocess

import numpy as np
import pytest

from partnerhub.matching import memory
from partnerhub.matching.flow import _int32


def test_release_starts_no_child_process(monkeypatch):
    # A child forked from a large planner process reports the parent's size as its peak (ru_maxrss), and the
    # bench counts the largest child: finding libc with ctypes.util.find_library would run ldconfig.
    def no_child(*_args, **_kwargs):
        raise AssertionError("release_freed_memory started a process")

    monkeypatch.setattr(subprocess.Popen, "__init__", no_child)
    memory._malloc_trim.cache_clear()
    memory.release_freed_memory()


def test_release_is_a_no_op_without_malloc_trim(monkeypatch):
    monkeypatch.setattr(memory, "_malloc_trim", lambda: None)
    memory.release_freed_memory()


def test_node_numbers_go_to_or_tools_as_int32_without_a_copy():
    a = np.arange(5, dtype=np.int32)
    assert _int32(a) is a
    assert _int32(np.arange(5, dtype=np.int64)).dtype == np.int32
    with pytest.raises(ValueError, match="int32"):
        _int32(np.array([2**31], dtype=np.int64))


def test_small_rounds_skip_the_collection(monkeypatch):
    calls = []
    monkeypatch.setattr(memory.gc, "collect", lambda: calls.append(1))
    memory.release_freed_memory(memory.RELEASE_MIN_PAIRS - 1)
    assert not calls
    memory.release_freed_memory(memory.RELEASE_MIN_PAIRS)
    assert calls == [1]
