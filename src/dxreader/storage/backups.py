"""Backups of the user-data file: SQLite backup-API copies and a JSON export, verified before any rotation."""

from __future__ import annotations

import os
import sqlite3
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from dxreader.storage.errors import UserDataError
from dxreader.storage.shared_file import fsync_dir, replace_whole
from dxreader.storage.userdb import APPLICATION_ID, translated

DIR_NAME = "backups"
PREFIX = "userdata-"
KEEP = 7  # about a week of daily backups: enough to go back past a bad day, bounded on disk
INTERVAL = timedelta(hours=20)  # "daily" even for someone who starts the program a little earlier each day
_STAMP = "%Y%m%d-%H%M%S"


@dataclass(frozen=True)
class Backup:
    path: Path
    taken: datetime

    @property
    def label(self) -> str:
        t = self.taken  # not strftime: Windows encodes its format in the system code page (not always Japanese)
        return f"{t.year}年{t.month:02d}月{t.day:02d}日 {t.hour:02d}:{t.minute:02d}"


def backup_dir(home: Path) -> Path:
    return home / DIR_NAME


def _listed(folder: Path, suffix: str) -> list[Backup]:
    """Our backups in the folder, newest first (by the time in the name, not the file's mtime)."""
    found = []
    if folder.is_dir():
        for p in folder.glob(f"{PREFIX}*{suffix}"):
            try:
                found.append(Backup(p, datetime.strptime(p.name[len(PREFIX):-len(suffix)], _STAMP)))
            except ValueError:
                continue
    return sorted(found, key=lambda b: b.taken, reverse=True)


def database_backups(home: Path) -> list[Backup]:
    return _listed(backup_dir(home), ".sqlite")


def json_exports(home: Path) -> list[Backup]:
    return _listed(backup_dir(home), ".json")


def is_due(backups: list[Backup], now: datetime) -> bool:
    return not backups or now - backups[0].taken >= INTERVAL


def fsync_file(path: Path) -> None:
    with open(path, "rb+") as f:
        os.fsync(f.fileno())


def verify_database(path: Path, expect_counts: dict[str, int] | None = None) -> bool:
    """A usable copy: opens read-only, is ours, passes integrity_check, and holds what the source held."""
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    except (sqlite3.Error, UnicodeDecodeError):
        return False
    try:
        if conn.execute("PRAGMA application_id").fetchone()[0] != APPLICATION_ID:
            return False
        if [r[0] for r in conn.execute("PRAGMA integrity_check")] != ["ok"]:
            return False
        if expect_counts is not None:
            counts = {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in expect_counts}
            if counts != expect_counts:
                return False
        return True
    except (sqlite3.Error, UnicodeDecodeError):
        return False
    finally:
        conn.close()


def _stamped(home: Path, now: datetime, suffix: str) -> Path:
    folder = backup_dir(home)
    with translated(folder / "x"):
        folder.mkdir(parents=True, exist_ok=True)
    return folder / f"{PREFIX}{now.strftime(_STAMP)}{suffix}"


def _rotate(backups: list[Backup], keep: int) -> None:
    for old in backups[keep:]:
        old.path.unlink(missing_ok=True)


def take_database_backup(conn: sqlite3.Connection, home: Path, now: datetime, counts: dict[str, int],
                         keep: int = KEEP) -> Path:
    """Copy with the backup API (consistent even while another window writes), verify, then rotate."""
    final = _stamped(home, now, ".sqlite")
    partial = final.with_name(f"{final.name}.{os.getpid()}.partial")
    with translated(partial):
        target = sqlite3.connect(partial)
        try:
            conn.backup(target)
            target.execute("PRAGMA journal_mode = DELETE")  # a backup is a single self-contained file
        finally:
            target.close()
        fsync_file(partial)
        if not verify_database(partial, counts):
            partial.unlink(missing_ok=True)
            raise UserDataError(f"バックアップを確認できなかったため、古いバックアップは残しました: {partial}")
        os.replace(partial, final)
        fsync_dir(final.parent)
        _rotate(database_backups(home), keep)
    return final


def write_json_export(data: bytes, home: Path, now: datetime, keep: int = KEEP) -> Path:
    final = _stamped(home, now, ".json")
    write_atomically(final, data)
    _rotate(json_exports(home), keep)
    return final


def write_atomically(path: Path, data: bytes) -> None:
    """Write beside, fsync, rename (shared_file.replace_whole), with the user-data folder's error messages."""
    with translated(path):
        replace_whole(path, data)
