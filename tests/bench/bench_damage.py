"""Damage matrix for the user-data file: single-bit flips on every page of a realistic userdata.sqlite (with
its WAL and without) and truncations, each opened by the program as at start. Every run must end in
'opened' (and then be consistent, checked with plain SQLite below, not with the program's own check),
'repaired' or 'recovered' (from a backup); never an exception and never a silent inconsistency.

    python tests/bench/bench_damage.py [--flips-per-page 4] [--truncations 200] [--bookmarks 200] [--seed 1]

The last line printed is one JSON object with the counts. `changed_unnoticed` counts runs that opened with
content different from before the damage although consistent (a flipped bit inside a text that is still
valid text: SQLite keeps no checksums, so no program can notice these); it is reported, not a failure.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import sqlite3
import sys
import tempfile
import time
from collections import Counter
from datetime import datetime, timedelta
from pathlib import Path

PAGE = 4096
DAY1 = datetime(2026, 11, 1, 9, 0, 0)


def build_home(home: Path, bookmarks: int, with_wal: bool) -> dict[str, object]:
    """A realistic data folder: folders, tagged and commented bookmarks, notes of a few hundred to a few
    thousand characters, yesterday's backups, and changes since. Returns the expected content."""
    from dxreader.services.userdata import UserData

    rng = random.Random(5)
    data = UserData.open(home, now=DAY1)
    store = data.store
    folders = [store.create_folder(f"フォルダ{i}") for i in range(6)]
    for i in range(bookmarks):
        case_id = f"taisei-{i:06d}"
        store.add_bookmark(case_id, f"自治体DXの取組事例 その{i}", "北海道札幌市")
        store.set_annotation(case_id, "会議で紹介する。" * rng.randint(0, 20))
        store.set_folder(case_id, folders[i % 6].id)
        store.set_tags(case_id, [f"タグ{j}" for j in range(i % 4)])
        store.save_note(case_id, "窓口のオンライン化について担当課に確認したこと。" * rng.randint(3, 120))
    data.daily_backup(DAY1)
    if with_wal:
        store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        store.conn.execute("PRAGMA wal_autocheckpoint = 0")  # what follows stays in the WAL
    for i in range(0, bookmarks, 7):  # a day of work after the backup
        store.save_note(f"taisei-{i:06d}", f"翌日の追記 {i}。" * rng.randint(1, 40))
    expected = _content(home / "userdata.sqlite")
    if not with_wal:
        data.close()  # the last close checkpoints and removes the WAL
    snapshot = home.parent / (home.name + ".pristine")
    shutil.copytree(home, snapshot, ignore=shutil.ignore_patterns("*-shm", "*.lock"))  # as after a crash
    data.close()
    return {"snapshot": snapshot, "expected": expected}


def _content(path: Path) -> tuple[object, ...]:
    conn = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
    try:
        return tuple(sorted(conn.execute(f"SELECT * FROM {t}").fetchall(), key=repr)
                     for t in ("folders", "bookmarks", "bookmark_tags", "notes"))
    finally:
        conn.close()


def consistent(path: Path) -> str:
    """'' when the file is sound in every way a reader could trip over, else what is wrong. Plain SQLite:
    full integrity check, references, every listed row found again through its index, text is text."""
    conn = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
    conn.text_factory = bytes
    try:
        if [r[0] for r in conn.execute("PRAGMA integrity_check")] != [b"ok"]:
            return "integrity_check"
        if conn.execute("PRAGMA foreign_key_check").fetchall():
            return "foreign keys"
        for table in ("bookmarks", "notes", "folders", "bookmark_tags"):
            for _, name, declared, notnull, _, _ in conn.execute(f"PRAGMA table_info({table})"):
                allowed = [declared.decode().lower()] + ([] if notnull else ["null"])
                marks = ", ".join("?" * len(allowed))
                column = name.decode()
                if conn.execute(f"SELECT EXISTS (SELECT 1 FROM {table} NOT INDEXED WHERE typeof({column})"
                                f" NOT IN ({marks}))", allowed).fetchone()[0]:
                    return f"{table}.{column} holds a value of another type"
        for table, key in (("bookmarks", "case_id"), ("notes", "case_id"), ("folders", "id")):
            for row in conn.execute(f"SELECT * FROM {table} NOT INDEXED"):
                found = conn.execute(f"SELECT * FROM {table} WHERE {key} = ?", (row[0].decode("utf-8"),)).fetchall()
                if found != [row]:
                    return f"{table} row not found by its key"
                for value in row:
                    if isinstance(value, bytes):
                        value.decode("utf-8")
        for (tag,) in conn.execute("SELECT tag FROM bookmark_tags"):
            tag.decode("utf-8")
        return ""
    except UnicodeDecodeError:
        return "undecodable text"
    except sqlite3.Error as exc:
        return f"sqlite: {exc}"
    finally:
        conn.close()


def _through_the_program(home: Path) -> str:
    """Every bookmark and note as the reader lists and then looks them up; '' when all agree."""
    from dxreader.services.userdata import UserData

    with UserData.open(home, now=DAY1 + timedelta(days=1)) as data:
        listed = data.bookmarks()
        for b in listed[::max(1, len(listed) // 25)]:  # a sample: each lookup reads every tag; SQLite checks all
            if data.bookmark(b.case_id) != b or not all(isinstance(v, str) for v in (b.title, b.annotation)):
                return "bookmark listed but not readable"
        for n in data.store.notes():
            if data.note(n.case_id) != n or not isinstance(n.text, str):
                return "note listed but not readable"
        data.export_bytes()
        return data.recovery.outcome


def damage(snapshot: Path, work: Path, target: str, kind: str, offset: int, bit: int) -> None:
    """The pristine folder in `work`, then the damage. Opening never writes into backups/, so that is
    copied only once (the restore reads it); everything else is replaced each time."""
    if not (work / "backups").exists():
        shutil.copytree(snapshot / "backups", work / "backups")
    for old in work.iterdir():
        if old.is_file():
            old.unlink()
    for name in ("userdata.sqlite", "userdata.sqlite-wal"):
        if (snapshot / name).exists():
            shutil.copyfile(snapshot / name, work / name)
    path = work / ("userdata.sqlite-wal" if target == "wal" else "userdata.sqlite")
    data = bytearray(path.read_bytes())
    if kind == "flip":
        data[offset] ^= 1 << bit
    else:
        del data[offset:]
    path.write_bytes(bytes(data))


def run(flips_per_page: int = 4, truncations: int = 200, seed: int = 1, bookmarks: int = 200,
        verbose: bool = True) -> dict[str, object]:
    rng = random.Random(seed)
    started = time.perf_counter()
    counts: Counter[str] = Counter()
    failures: list[str] = []
    with tempfile.TemporaryDirectory(prefix="dxdamage-") as tmp:
        for with_wal in (False, True):
            label = "wal" if with_wal else "nowal"
            built = build_home(Path(tmp) / f"home-{label}", bookmarks, with_wal)
            snapshot: Path = built["snapshot"]  # type: ignore[assignment]
            targets = ["main"] + (["wal"] if with_wal else [])
            trials = []
            for target in targets:
                size = (snapshot / ("userdata.sqlite-wal" if target == "wal" else "userdata.sqlite")).stat().st_size
                for page in range(0, size, PAGE):  # every page, several places in each
                    width = min(PAGE, size - page)
                    trials += [(target, "flip", page + rng.randrange(width), rng.randrange(8))
                               for _ in range(flips_per_page)]
                trials += [(target, "flip", rng.randrange(100), rng.randrange(8)) for _ in range(flips_per_page * 4)]
                trials += [(target, "truncate", rng.randrange(size), 0) for _ in range(truncations // len(targets))]
            counts[f"pages_{label}"] = (snapshot / "userdata.sqlite").stat().st_size // PAGE
            work = Path(tmp) / f"work-{label}"
            for n, (target, kind, offset, bit) in enumerate(trials):
                damage(snapshot, work, target, kind, offset, bit)
                counts[kind + "s"] += 1
                try:
                    outcome = _through_the_program(work)
                except Exception as exc:  # noqa: BLE001 - counting is the point
                    counts["uncaught"] += 1
                    failures.append(f"{label} {target} {kind}@{offset}/{bit}: {type(exc).__name__}: {exc}")
                    if verbose:
                        print("FAIL", failures[-1], flush=True)
                    continue
                problem = consistent(work / "userdata.sqlite")
                if problem:
                    counts["silent_inconsistencies"] += 1
                    failures.append(f"{label} {target} {kind}@{offset}/{bit}: {outcome} but {problem}")
                    if verbose:
                        print("FAIL", failures[-1], flush=True)
                    continue
                counts[{"ok": "opened", "repaired": "repaired"}.get(outcome, "recovered")] += 1
                if outcome == "ok" and _content(work / "userdata.sqlite") != built["expected"]:
                    counts["changed_unnoticed"] += 1
                if verbose and (n + 1) % 500 == 0:
                    print(f"{label}: {n + 1}/{len(trials)} {dict(counts)}", flush=True)
    if not verbose:
        for line in failures[:20]:
            print("FAIL", line, flush=True)
    return {**{k: counts[k] for k in ("flips", "truncates", "opened", "repaired", "recovered", "uncaught",
                                      "silent_inconsistencies", "changed_unnoticed", "pages_nowal", "pages_wal")},
            "runs": counts["flips"] + counts["truncates"], "seconds": round(time.perf_counter() - started, 1)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--flips-per-page", type=int, default=4)
    parser.add_argument("--truncations", type=int, default=200)
    parser.add_argument("--bookmarks", type=int, default=200)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    print(json.dumps(run(args.flips_per_page, args.truncations, args.seed, args.bookmarks)))


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "src"))
    main()
