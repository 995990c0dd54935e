"""Opening the user-data file at start: check it, and if it is damaged move it aside and restore the newest
good copy (database backup, else JSON export, else a fresh file), telling the user what happened."""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from dxreader.core.exchange import ImportRejected, parse_import
from dxreader.storage import backups
from dxreader.storage.errors import UserDataCorrupt
from dxreader.storage.userdb import FILE_NAME, SCHEMA_VERSION, connect, migrate, translated
from dxreader.storage.userstore import UserStore

_SIDE_FILES = ("-wal", "-shm")


@dataclass
class Recovery:
    """What happened while opening; messages are for the user, in the order things were done."""

    outcome: str = "ok"  # ok | created | backup | json | fresh
    messages: list[str] = field(default_factory=list)
    moved_aside: Path | None = None
    restored_from: Path | None = None
    migrated_from: int | None = None


def user_data_file(home: Path) -> Path:
    return home / FILE_NAME


def move_aside(path: Path, now: datetime) -> Path:
    """Rename the damaged file (and its WAL and shared-memory files) out of the way; never delete it."""
    target = path.with_name(f"{path.stem}.corrupt-{now.strftime('%Y%m%d-%H%M%S')}{path.suffix}")
    n = 1
    while target.exists():
        n += 1
        target = target.with_name(f"{path.stem}.corrupt-{now.strftime('%Y%m%d-%H%M%S')}-{n}{path.suffix}")
    with translated(path):
        for side in _SIDE_FILES:
            extra = path.with_name(path.name + side)
            if extra.exists():
                os.replace(extra, target.with_name(target.name + side))
        os.replace(path, target)
    return target


def _restore_database(path: Path, home: Path, recovery: Recovery) -> bool:
    for backup in backups.database_backups(home):
        if not backups.verify_database(backup.path):
            continue
        partial = path.with_name(path.name + ".restoring")
        with translated(path):
            shutil.copyfile(backup.path, partial)
            backups.fsync_file(partial)
            os.replace(partial, path)
        recovery.outcome, recovery.restored_from = "backup", backup.path
        recovery.messages.append(f"{backup.label}のバックアップから復元しました。それ以降の変更は含まれていません。")
        return True
    return False


def _restore_json(path: Path, home: Path, recovery: Recovery) -> bool:
    for export in backups.json_exports(home):
        try:
            snapshot = parse_import(export.path.read_bytes())
        except (ImportRejected, OSError):
            continue
        store = UserStore(connect(path)[0], path)
        try:
            migrate(store.conn, path)
            store.merge(snapshot, "復元")
        finally:
            store.close()
        recovery.outcome, recovery.restored_from = "json", export.path
        recovery.messages.append(f"{export.label}の書き出しファイル（JSON）から復元しました。それ以降の変更は含まれていません。")
        return True
    return False


def _restore(path: Path, home: Path, recovery: Recovery) -> None:
    if not (_restore_database(path, home, recovery) or _restore_json(path, home, recovery)):
        recovery.outcome = "fresh"
        recovery.messages.append("使えるバックアップがなかったため、空のしおり・メモで始めます。")


def open_user_store(home: Path, now: datetime | None = None) -> tuple[UserStore, Recovery]:
    """The store, ready and migrated. Raises UserDataTooNew (file left alone) or another UserDataError
    when the folder cannot be used at all; never deletes or overwrites the user's file."""
    now = now or datetime.now()
    path = user_data_file(home)
    recovery = Recovery()
    with translated(path):
        home.mkdir(parents=True, exist_ok=True)
    has_copies = bool(backups.database_backups(home) or backups.json_exports(home))
    if not path.exists():
        if has_copies:
            recovery.messages.append("しおり・メモのファイルが見つかりませんでした。")
            _restore(path, home, recovery)
        else:
            recovery.outcome = "created"
    else:
        try:
            if has_copies and path.stat().st_size == 0:  # an emptied file where a real one stood
                raise UserDataCorrupt("empty")
            conn, version = connect(path)
            conn.close()
            if version == 0 and has_copies:
                raise UserDataCorrupt("no tables")
        except UserDataCorrupt:
            recovery.moved_aside = move_aside(path, now)
            recovery.messages.append(
                f"しおり・メモのファイルが壊れていたため、元のファイルを「{recovery.moved_aside}」に移しました（削除はしていません）。")
            _restore(path, home, recovery)
    conn, version = connect(path)
    try:
        if 0 < version < SCHEMA_VERSION:
            # Back up before migrating, so a migration bug can never cost the user their data.
            counts = {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in ("bookmarks", "notes")}
            backups.take_database_backup(conn, home, now, counts, keep=backups.KEEP + 1)
            recovery.migrated_from = version
        migrate(conn, path)
    except BaseException:
        conn.close()
        raise
    return UserStore(conn, path), recovery

