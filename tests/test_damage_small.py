"""A small run of the damage matrix (tests/bench/bench_damage.py): bit flips on every page of the user-data
file and its WAL, and truncations, each end opened and consistent, repaired, or recovered from a backup."""

from __future__ import annotations

from tests.bench.bench_damage import run


def test_every_damaged_file_opens_consistent_or_is_repaired_or_recovered() -> None:
    figures = run(flips_per_page=2, truncations=30, seed=3, bookmarks=30, verbose=False)
    assert figures["runs"] >= 300
    assert figures["uncaught"] == 0
    assert figures["silent_inconsistencies"] == 0
    assert figures["opened"] + figures["repaired"] + figures["recovered"] == figures["runs"]
    assert figures["repaired"] > 0 and figures["recovered"] > 0  # the matrix did reach damage of both kinds
