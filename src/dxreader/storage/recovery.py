"""Opening the user-data file at start: check it, and if it is damaged move it aside and restore the newest
good copy (database backup, else JSON export, else a fresh file), telling the user what happened."""

from __future__ import annotations

import errno
import os
import shutil
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path

from dxreader.core.exchange import ImportRejected, parse_import
from dxreader.storage import backups, health, wal
from dxreader.storage.errors import DataLocked, ReadOnlyLocation, UserDataCorrupt, UserDataError
from dxreader.storage.userdb import FILE_NAME, SCHEMA_VERSION, connect, migrate, translate, translated
from dxreader.storage.userstore import UserStore

_SIDE_FILES = ("-wal", "-shm")
LOCK_NAME = "userdata.lock"
LOCK_WAIT_SECONDS = 60.0  # another copy checking or restoring a large file holds the lock for a moment


@dataclass
class Recovery:
    """What happened while opening; messages are for the user, in the order things were done."""

    outcome: str = "ok"  # ok | created | partial (damaged log) | repaired | backup | json | fresh
    messages: list[str] = field(default_factory=list)
    moved_aside: Path | None = None
    restored_from: Path | None = None
    migrated_from: int | None = None
    read_only: bool = False


@contextmanager
def start_lock(home: Path) -> Iterator[None]:
    """One copy of the program at a time checks, moves aside, restores and migrates the file: two copies
    started together on a damaged file would otherwise each move away what the other had just restored.
    An OS lock on a file that is never deleted (deleting it would let a third copy lock a new one)."""
    lock_path = home / LOCK_NAME
    with translated(lock_path):
        fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        deadline = time.monotonic() + LOCK_WAIT_SECONDS
        while not _try_lock(fd):
            if time.monotonic() > deadline:
                raise DataLocked("別のウィンドウがしおり・メモのファイルを点検中です。しばらくしてから起動してください")
            time.sleep(0.05)
        yield
    finally:
        os.close(fd)  # closing releases the lock


def _try_lock(fd: int) -> bool:
    if os.name == "nt":
        import msvcrt

        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:  # held by another copy: EACCES on Windows, errno 0 under Wine; keep waiting
            return False
        return True
    import fcntl

    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        return True
    except OSError as exc:
        if exc.errno in (errno.EACCES, errno.EAGAIN, errno.EDEADLK):
            return False
        raise


def user_data_file(home: Path) -> Path:
    return home / FILE_NAME


def _aside_name(path: Path, now: datetime) -> Path:
    target = path.with_name(f"{path.stem}.corrupt-{now.strftime('%Y%m%d-%H%M%S')}{path.suffix}")
    n = 1
    while target.exists():
        n += 1
        target = target.with_name(f"{path.stem}.corrupt-{now.strftime('%Y%m%d-%H%M%S')}-{n}{path.suffix}")
    return target


def move_aside(path: Path, now: datetime) -> Path:
    """Rename the damaged file (and its WAL and shared-memory files) out of the way; never delete it."""
    target = _aside_name(path, now)
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
            # Our own export: a clock that ran ahead must not make the last good copy unusable.
            snapshot = parse_import(export.path.read_bytes(), today=date.today() + timedelta(days=3650))
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


def _examine(path: Path, version: int, conn: sqlite3.Connection) -> health.Health:
    try:
        return health.examine(conn, version)
    except (sqlite3.DatabaseError, UnicodeDecodeError) as exc:  # the check itself could not read the file
        raise UserDataCorrupt(f"しおり・メモのファイルが壊れています（{exc}）: {path}") from exc


def _copy_with_wal(source: Path, target: Path) -> None:
    for side in _SIDE_FILES:
        target.with_name(target.name + side).unlink(missing_ok=True)
    shutil.copyfile(source, target)
    wal = source.with_name(source.name + "-wal")
    if wal.exists():
        shutil.copyfile(wal, target.with_name(target.name + "-wal"))


def _repair_copy(damaged: Path, path: Path, recovery: Recovery) -> bool:
    """Repair a copy of the moved-aside file; only a copy that then passes every check takes its place."""
    work = path.with_name(path.name + ".repairing")
    try:
        _copy_with_wal(damaged, work)
        conn, version = connect(work)
        try:
            done = health.repair(conn, _examine(work, version, conn))
            if not _examine(work, version, conn).ok:
                return False
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            conn.close()
        backups.fsync_file(work)
        os.replace(work, path)
        backups.fsync_dir(path.parent)
    except (UserDataError, sqlite3.Error, OSError, UnicodeDecodeError):
        return False
    finally:
        for leftover in (work, *(work.with_name(work.name + side) for side in _SIDE_FILES)):
            leftover.unlink(missing_ok=True)
    recovery.outcome = "repaired"
    recovery.messages.append("壊れていた箇所を修復しました。" + "".join(done))
    return True


def _keep_damaged_wal(path: Path, now: datetime, problem: str, recovery: Recovery) -> None:
    """A log damaged in the middle: SQLite uses the saves before the damage (newer than any backup), so the
    file is opened as it is, after a copy of it and its log is kept for IT, and the user is told."""
    target = _aside_name(path, now)
    with translated(path):
        _copy_with_wal(path, target)
    recovery.outcome, recovery.moved_aside = "partial", target
    recovery.messages.append(
        f"しおり・メモの最後の保存を記録したファイル（{path.name}-wal）が壊れていました（{problem}）。"
        f"壊れた箇所より前に保存した内容で開きます。元のファイルは「{target}」に写して残しました。")


def _check_existing(path: Path, home: Path, now: datetime, has_copies: bool, recovery: Recovery) -> None:
    """Full check of the file; repaired in place when that needs no guessing, else restored from a copy."""
    moved = False
    try:
        if has_copies and path.stat().st_size == 0:  # an emptied file where a real one stood
            raise UserDataCorrupt("empty")
        conn, version = connect(path)
        try:
            # Before this connection closes (the last close folds the log into the file and deletes it).
            with translated(path):
                valid_frames = conn.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()[1]
            wal_problem = wal.damage(path.with_name(path.name + "-wal"), max(valid_frames, 0))
            if wal_problem:
                _keep_damaged_wal(path, now, wal_problem, recovery)
            if version == 0 and has_copies:
                raise UserDataCorrupt("no tables")
            found = _examine(path, version, conn)
        finally:
            conn.close()
        if found.ok:
            return
        recovery.moved_aside, moved = move_aside(path, now), True
        recovery.messages.append(
            f"しおり・メモのファイルに壊れた箇所（{found.summary()}）があったため、元のファイルを"
            f"「{recovery.moved_aside}」に移しました（削除はしていません）。")
        if not found.fatal and _repair_copy(recovery.moved_aside, path, recovery):
            return
    except UserDataCorrupt:
        if not moved:
            recovery.moved_aside = move_aside(path, now)
            recovery.messages.append(
                f"しおり・メモのファイルが壊れていたため、元のファイルを「{recovery.moved_aside}」に移しました（削除はしていません）。")
    _restore(path, home, recovery)


def _folder_writable(home: Path) -> bool:
    try:
        home.mkdir(parents=True, exist_ok=True)
        probe = home / f".write-test-{os.getpid()}"
        probe.write_bytes(b"")
        probe.unlink()
        return True
    except OSError as exc:
        if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
            return False
        raise translate(exc, user_data_file(home)) from exc


def open_read_only(home: Path) -> tuple[UserStore, Recovery]:
    """For a folder the user cannot write to: read and export, nothing written. A damaged file cannot be
    repaired here, so the newest good backup is read instead, and the user is told."""
    path = user_data_file(home)
    recovery = Recovery(read_only=True)
    recovery.messages.append(
        f"データフォルダ（{home}）に書き込めないため、しおり・メモを読み取り専用で開きました。"
        "見ることと書き出すことはできますが、変更は保存できません。")
    if not path.exists():
        raise ReadOnlyLocation(f"データフォルダに書き込めず、しおり・メモのファイルもありません: {home}")
    try:
        conn, version = connect(path, read_only=True)
    except UserDataCorrupt:
        problems = health.Health(fatal=["unreadable"])
    else:
        try:
            problems = _examine(path, version, conn)
        except UserDataCorrupt:
            problems = health.Health(fatal=["unreadable"])
        if not (problems.fatal or problems.indexes or any(c.problem == "type" for c in problems.cells)):
            # Undecodable text reads as U+FFFD and a dangling reference as none: still worth showing.
            if not problems.ok:
                recovery.messages.append(f"しおり・メモのファイルに傷があります（{problems.summary()}）。"
                                         "書き込めるフォルダで開くと修復します。")
            return UserStore(conn, path, read_only=True), recovery
        conn.close()
    for backup in backups.database_backups(home):
        if backups.verify_database(backup.path):
            conn, _ = connect(backup.path, read_only=True)
            recovery.outcome, recovery.restored_from = "backup", backup.path
            recovery.messages.append(
                f"しおり・メモのファイルが壊れているため、{backup.label}のバックアップを表示しています。")
            return UserStore(conn, backup.path, read_only=True), recovery
    raise UserDataCorrupt(f"しおり・メモのファイルが壊れていて、データフォルダに書き込めないため修復もできません: {path}")


def open_user_store(home: Path, now: datetime | None = None, read_only: bool = False) -> tuple[UserStore, Recovery]:
    """The store, checked, repaired or restored if need be, and migrated. Raises UserDataTooNew (file left
    alone) or another UserDataError when the folder cannot be used at all; never deletes or overwrites the
    user's file. A folder the user cannot write to (or read_only=True) opens read-only."""
    now = now or datetime.now()
    path = user_data_file(home)
    if read_only or not _folder_writable(home):
        return open_read_only(home)
    recovery = Recovery()
    with start_lock(home):
        has_copies = bool(backups.database_backups(home) or backups.json_exports(home))
        if not path.exists():
            if has_copies:
                recovery.messages.append("しおり・メモのファイルが見つかりませんでした。")
                _restore(path, home, recovery)
            else:
                recovery.outcome = "created"
        else:
            _check_existing(path, home, now, has_copies, recovery)
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
