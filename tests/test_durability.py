"""Durability of the user-data file: the settings on a real opened connection, and a simulated power cut.

The power-cut test (tests/powerloss.py says what it proves and what not) replays a log of the writes and
syncs that SQLite made, to every cut point, dropping or tearing what was not yet synced; so it does not
rely on the OS cache, which a killed process keeps (tests/bench/bench_crash.py proves atomicity only).
"""

from __future__ import annotations

import sqlite3
import struct
from pathlib import Path

import pytest

from dxreader.services.userdata import UserData
from tests.powerloss import run_workload, sweep

# What storage/userdb.py promises; test_the_real_connection_uses_them checks the product against these.
SYNCHRONOUS, PSOW = "FULL", 0


def every(n: int) -> list[int]:
    return list(range(n + 1))


def padding_frames(wal: Path) -> int:
    """Commit frames written again right after themselves: SQLite pads a commit to a sector boundary
    so only when the file is opened with psow=0 (and syncs at commit); nothing else repeats a commit frame."""
    data = wal.read_bytes()
    page_size = struct.unpack(">I", data[8:12])[0]
    salts = data[16:24]
    frames = []
    for offset in range(32, len(data) - 24 - page_size + 1, 24 + page_size):
        header = data[offset:offset + 24]
        if header[8:16] != salts:
            break  # the rest is left over from before the log was restarted
        frames.append((header[:8], data[offset + 24:offset + 24 + page_size]))
    return sum(1 for a, b in zip(frames, frames[1:]) if a == b and a[0][4:8] != b"\0\0\0\0")


def test_the_real_connection_uses_them(tmp_path: Path) -> None:
    with UserData.open(tmp_path / "home") as data:
        conn = data.store.conn
        assert conn.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        for n in range(4):
            data.store.save_note("taisei-074055", f"保存したメモ{n}", n)
        assert padding_frames(data.home / "userdata.sqlite-wal") >= 3  # psow=0 in effect


def test_the_padding_check_tells_psow_apart(tmp_path: Path) -> None:
    """The same writes without psow=0 leave no padding, so the check above can fail."""
    padding = {}
    for psow in (1, 0):
        path = tmp_path / f"psow{psow}.sqlite"
        conn = sqlite3.connect(f"{path.as_uri()}?psow={psow}", uri=True, isolation_level=None)
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = FULL")
        conn.execute("CREATE TABLE t (x TEXT)")
        for n in range(4):
            conn.execute("INSERT INTO t VALUES (?)", (f"行{n}",))
        padding[psow] = padding_frames(Path(f"{path}-wal"))
        conn.close()
    assert padding[1] == 0 and padding[0] >= 4, padding


@pytest.mark.parametrize("mode", ["drop", "subset", "tear"])
def test_every_acknowledged_commit_survives_a_power_cut(tmp_path: Path, mode: str) -> None:
    run = run_workload(tmp_path / "w", synchronous=SYNCHRONOUS, psow=PSOW, commits=16)
    assert len(run.log) > 100 and sum(op.kind == "sync" for op in run.log) >= 16
    result = sweep(run, tmp_path, mode, every)
    assert result["failures"] == 0, result


@pytest.mark.parametrize("synchronous", ["OFF", "NORMAL"])
def test_with_weaker_synchronous_the_same_cut_loses_commits(tmp_path: Path, synchronous: str) -> None:
    """The simulation can fail: without a sync at each commit, commits that returned are gone after the cut
    (OFF never syncs; NORMAL syncs the WAL only at checkpoints, which survives a crash but not a power cut)."""
    run = run_workload(tmp_path / "w", synchronous=synchronous, psow=PSOW, commits=16)
    result = sweep(run, tmp_path, "drop", lambda n: list(range(0, n + 1, 4)))
    assert result["failures"] >= 10 and "lost" in str(result["first"]), result


def test_without_psow0_a_torn_sector_can_take_a_confirmed_commit(tmp_path: Path) -> None:
    """Why psow=0: with psow=1 the next transaction writes into the sector that ends the last commit."""
    run = run_workload(tmp_path / "w", synchronous=SYNCHRONOUS, psow=1, commits=16)
    result = sweep(run, tmp_path, "tear", every)
    assert result["failures"] >= 1 and "lost" in str(result["first"]), result
