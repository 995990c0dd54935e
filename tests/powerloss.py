"""Power-loss simulation for SQLite, in the manner of SQLite's own crash tests, without the OS cache.

An apsw VFS shim passes every file operation to the real VFS and logs each write, truncate, sync and
delete with its bytes. A power cut after any logged operation is then rebuilt from the log alone: a
file holds what its last sync made durable; the writes since that sync are dropped, kept in part, or
leave the sectors they touched torn (random bytes), as a disk may do. The rebuilt files are opened
with Python's own sqlite3 (another SQLite library than apsw's), which recovers the WAL as a restart would.

What it proves: with the given settings (journal mode, synchronous, psow), at every cut point, every
commit that had returned is in the database, nothing half-done is, and integrity_check is ok, under
this model of a disk. What it does not prove: that the real disk, its firmware cache or the file
system honour fsync (a lying disk defeats any setting); directory entries are taken as durable at once
(SQLite syncs the directory when it creates the WAL); the -shm file is treated as lost, as SQLite does.
"""

from __future__ import annotations

import random
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import apsw

SECTOR = 4096  # the unix VFS's sector size: the unit a power cut may tear


@dataclass(frozen=True)
class Op:
    kind: str  # "write", "truncate", "sync", "delete"
    file: str  # "" for the database, "-wal", "-journal"
    offset: int = 0
    data: bytes = b""


class _LoggedFile(apsw.VFSFile):  # type: ignore[misc]
    def __init__(self, vfs: LoggingVFS, name: apsw.URIFilename | str | None, flags: list[int]) -> None:
        self._log = vfs.log
        path = name.filename() if isinstance(name, apsw.URIFilename) else str(name or "")
        self._suffix = next((s for s in ("-wal", "-journal", "-shm") if path.endswith(s)), "")
        super().__init__("", name, flags)

    def xWrite(self, data: bytes, offset: int) -> None:  # noqa: N802 - apsw's names
        self._log.append(Op("write", self._suffix, offset, bytes(data)))
        super().xWrite(data, offset)

    def xTruncate(self, size: int) -> None:  # noqa: N802
        self._log.append(Op("truncate", self._suffix, size))
        super().xTruncate(size)

    def xSync(self, flags: int) -> None:  # noqa: N802
        self._log.append(Op("sync", self._suffix))
        super().xSync(flags)


class LoggingVFS(apsw.VFS):  # type: ignore[misc]
    def __init__(self, name: str) -> None:
        self.log: list[Op] = []
        super().__init__(name, "")

    def xOpen(self, name: apsw.URIFilename | str | None, flags: list[int]) -> _LoggedFile:  # noqa: N802
        return _LoggedFile(self, name, flags)

    def xDelete(self, filename: str, syncdir: bool) -> None:  # noqa: N802
        suffix = next((s for s in ("-wal", "-journal", "-shm") if filename.endswith(s)), "")
        self.log.append(Op("delete", suffix))
        super().xDelete(filename, syncdir)


def _apply(image: bytearray, op: Op) -> None:
    if op.kind == "write":
        end = op.offset + len(op.data)
        if len(image) < op.offset:
            image.extend(b"\0" * (op.offset - len(image)))
        image[op.offset:end] = op.data
    elif op.kind == "truncate":
        del image[op.offset:]


def files_after_power_cut(log: list[Op], cut: int, mode: str, rng: random.Random) -> dict[str, bytes]:
    """What each file holds on disk if the power fails after log[:cut]: "drop" loses the unsynced writes,
    "subset" keeps a random subset of them (in order), "tear" loses them and garbles every sector they touched."""
    durable: dict[str, bytearray] = {}
    pending: dict[str, list[Op]] = {}
    for op in log[:cut]:
        if op.kind == "delete":
            durable.pop(op.file, None)
            pending.pop(op.file, None)
        elif op.kind == "sync":
            image = durable.setdefault(op.file, bytearray())
            for p in pending.pop(op.file, []):
                _apply(image, p)
        else:
            durable.setdefault(op.file, bytearray())
            pending.setdefault(op.file, []).append(op)
    for name, ops in pending.items():
        image = durable[name]
        for op in ops:
            if mode == "subset" and rng.random() < 0.5:
                _apply(image, op)
            elif mode == "tear" and op.kind == "write":
                first, last = op.offset // SECTOR, (op.offset + max(len(op.data), 1) - 1) // SECTOR
                for sector in range(first, last + 1):
                    start, end = sector * SECTOR, min((sector + 1) * SECTOR, len(image))
                    if start < end:
                        image[start:end] = rng.randbytes(end - start)
    return {name: bytes(image) for name, image in durable.items() if name != "-shm"}


@dataclass
class Run:
    log: list[Op]
    acknowledged: list[int]  # acknowledged[i] = length of the log when commit i returned
    states: list[dict[int, str]]  # states[i] = the table's content after commit i


def run_workload(folder: Path, *, synchronous: str, psow: int, commits: int = 24, seed: int = 1) -> Run:
    """Commits of notes of varied sizes, inserts and updates, on a fresh file, through the logging VFS."""
    folder.mkdir(parents=True, exist_ok=True)
    vfs_name = f"powerloss-{folder.name}"
    vfs = LoggingVFS(vfs_name)
    rng = random.Random(seed)
    conn = apsw.Connection(f"file:{folder / 'user.sqlite'}?psow={psow}&vfs={vfs_name}",
                           flags=apsw.SQLITE_OPEN_URI | apsw.SQLITE_OPEN_READWRITE | apsw.SQLITE_OPEN_CREATE)
    try:
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute(f"PRAGMA synchronous = {synchronous}")
        conn.execute("PRAGMA wal_autocheckpoint = 8")  # checkpoints and WAL restarts within a short run
        conn.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT NOT NULL)")
        content: dict[int, str] = {}
        run = Run(vfs.log, [], [])
        for i in range(commits):
            conn.execute("BEGIN IMMEDIATE")
            text = f"メモ{i}:" + "あ" * rng.choice([3, 40, 700, 1500])
            conn.execute("INSERT INTO notes VALUES (?, ?)", (i, text))
            content[i] = text
            if i and rng.random() < 0.5:
                j = rng.randrange(i)
                content[j] = f"更新{i}"
                conn.execute("UPDATE notes SET text = ? WHERE id = ?", (content[j], j))
            conn.execute("COMMIT")
            run.acknowledged.append(len(vfs.log))
            run.states.append(dict(content))
        return run
    finally:
        conn.close()
        vfs.unregister()


def check_cut(run: Run, files: dict[str, bytes], folder: Path, cut: int) -> str | None:
    """None if the rebuilt files hold every acknowledged commit and a consistent state; else what is wrong."""
    folder.mkdir()
    for suffix, data in files.items():
        (folder / f"user.sqlite{suffix}").write_bytes(data)
    conn = sqlite3.connect(folder / "user.sqlite")
    try:
        if conn.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
            return "integrity_check failed"
        try:
            rows = dict(conn.execute("SELECT id, text FROM notes"))
        except sqlite3.OperationalError:
            rows = None  # the table itself is not there
    except sqlite3.DatabaseError as exc:
        return f"unreadable: {exc}"
    finally:
        conn.close()
    acked = sum(1 for at in run.acknowledged if at <= cut)
    possible = [{}] + run.states if rows is not None else [None]
    if rows not in possible:
        return "a state no sequence of whole commits produces"
    have = possible.index(rows) if rows is not None else 0
    return None if have >= acked else f"lost {acked - have} acknowledged commit(s)"


def sweep(run: Run, workdir: Path, mode: str, cuts: Callable[[int], list[int]], seed: int = 7) -> dict[str, object]:
    """Rebuild and check the files at each cut point; a summary with the first failures."""
    rng = random.Random(seed)
    failures: list[str] = []
    points = cuts(len(run.log))
    for n, cut in enumerate(points):
        problem = check_cut(run, files_after_power_cut(run.log, cut, mode, rng), workdir / f"{mode}-{n}", cut)
        if problem:
            failures.append(f"cut {cut}: {problem}")
    return {"mode": mode, "cuts": len(points), "failures": len(failures), "first": failures[:3]}
