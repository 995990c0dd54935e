"""A small run of the crash benchmark (tests/bench/bench_crash.py): SIGKILL mid-save loses nothing."""

from __future__ import annotations

import sys

import pytest

from tests.bench.bench_crash import run


@pytest.mark.skipif(sys.platform == "win32", reason="kills the writer with SIGKILL, a POSIX signal")
def test_killed_saves_lose_nothing_and_leave_a_sound_file() -> None:
    figures = run(kills=12, seed=7, verbose=False)
    assert figures["kills"] == 12
    assert figures["confirmed"] > 100  # the kills did land in the middle of real work
    assert figures["lost"] == 0
    assert figures["integrity_failures"] == 0
