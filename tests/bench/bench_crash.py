"""Crash test of the user-data file: a child saves notes and bookmarks in a loop and is killed with SIGKILL
at random moments; after each kill the file must pass integrity_check and hold every confirmed save.

    python tests/bench/bench_crash.py [--kills 200] [--seed 1]

The last line printed is one JSON object: kills, confirmed, lost (must be 0), integrity_failures (must be 0).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

NOTE_KEYS = 40  # notes are overwritten again and again; bookmarks are only ever added


def child(home: Path, start: int) -> None:
    """Save forever; print 'N' after save N returned (the user saw it saved)."""
    from dxreader.services.userdata import UserData

    with UserData.open(home) as data:
        data.daily_backup()
        i = start
        while True:
            if i % 2 == 0:
                data.store.save_note(f"note-{i % NOTE_KEYS}", f"v{i} " + "メモ" * (i % 300))
            else:
                data.store.add_bookmark(f"bm-{i}", f"題名{i}", "町")
                data.store.set_annotation(f"bm-{i}", f"a{i}")
            sys.stdout.write(f"{i}\n")
            sys.stdout.flush()
            i += 1


def _run_child(home: Path, start: int, rng: random.Random, during_start: bool) -> list[int]:
    proc = subprocess.Popen([sys.executable, __file__, "--child", str(home), str(start)],
                            stdout=subprocess.PIPE, text=True)
    confirmed: list[int] = []

    def read() -> None:
        assert proc.stdout is not None
        for line in proc.stdout:
            if line.strip():
                confirmed.append(int(line))

    reader = threading.Thread(target=read)
    reader.start()
    if not during_start:  # mid-save: count from the first confirmed save, however slow the machine starts it
        deadline = time.monotonic() + 10
        while not confirmed and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.005)
    time.sleep(rng.uniform(0.05, 0.6))  # during_start: while starting, opening, checking or backing up
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    reader.join()
    assert proc.stdout is not None
    proc.stdout.close()
    return confirmed


def _verify(home: Path, confirmed: list[int]) -> tuple[int, bool]:
    """(lost saves, integrity ok) read with plain SQLite, not the program's own recovery."""
    conn = sqlite3.connect(home / "userdata.sqlite")
    try:
        ok = [r[0] for r in conn.execute("PRAGMA integrity_check")] == ["ok"]
        if not conn.execute("SELECT count(*) FROM sqlite_master WHERE name = 'notes'").fetchone()[0]:
            return len(confirmed), ok  # killed while the file was being created: nothing may be confirmed
        notes = {case_id: int(text.split(" ", 1)[0][1:]) for case_id, text in conn.execute("SELECT case_id, text FROM notes")}
        bookmarks = dict(conn.execute("SELECT case_id, annotation FROM bookmarks"))
    finally:
        conn.close()
    lost = 0
    for i in confirmed:
        if i % 2 == 0:
            lost += notes.get(f"note-{i % NOTE_KEYS}", -1) < i  # that save, or a later one, must be there
        else:
            lost += bookmarks.get(f"bm-{i}") != f"a{i}"
    return lost, ok


def run(kills: int, seed: int = 1, verbose: bool = True) -> dict[str, int | float]:
    rng = random.Random(seed)
    started = time.perf_counter()
    totals = {"kills": 0, "confirmed": 0, "lost": 0, "integrity_failures": 0}
    with tempfile.TemporaryDirectory(prefix="dxcrash-") as tmp:
        home = Path(tmp) / "home"
        all_confirmed: list[int] = []
        start = 0
        for k in range(kills):
            confirmed = _run_child(home, start, rng, during_start=k % 3 == 0)
            totals["kills"] += 1
            all_confirmed += confirmed
            start = (max(confirmed) + 1) if confirmed else start + 1000  # never reuse an unconfirmed key
            if (home / "userdata.sqlite").exists():
                lost, ok = _verify(home, all_confirmed)
                totals["lost"] = max(totals["lost"], lost)  # a later save can mask an earlier loss
                totals["integrity_failures"] += not ok
            if verbose and (k + 1) % 20 == 0:
                print(f"kills {k + 1}: confirmed {len(all_confirmed)}, lost {totals['lost']}, "
                      f"integrity failures {totals['integrity_failures']}", flush=True)
        totals["confirmed"] = len(all_confirmed)
    return {**totals, "seconds": round(time.perf_counter() - started, 1)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--kills", type=int, default=200)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(Path(args.child[0]), int(args.child[1]))
        return
    print(json.dumps(run(args.kills, args.seed)))


if __name__ == "__main__":
    main()
