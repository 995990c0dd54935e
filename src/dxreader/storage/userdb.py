"""The user-data SQLite file: how it is opened (durability settings), its schema versions, and error mapping."""

from __future__ import annotations

import errno
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from dxreader.storage.errors import (
    DataLocked, DiskFull, ReadOnlyLocation, UserDataCorrupt, UserDataError, UserDataTooNew,
)

FILE_NAME = "userdata.sqlite"
APPLICATION_ID = 0x44585244  # "DXRD": tells our file from any other SQLite file put in its place
BUSY_TIMEOUT_MS = 10_000  # a second copy of the program may hold the write lock for a moment


def _run(conn: sqlite3.Connection, script: str) -> None:
    """Statement by statement: executescript() would COMMIT the migration's transaction half way."""
    for statement in script.split(";"):
        if statement.strip():
            conn.execute(statement)


def _v1(conn: sqlite3.Connection) -> None:
    """The first schema: bookmarks with an annotation and a snapshot of the case, and one note per case."""
    _run(conn, """
        CREATE TABLE bookmarks (
            case_id TEXT PRIMARY KEY,
            title TEXT NOT NULL,
            municipality TEXT NOT NULL,
            annotation TEXT NOT NULL DEFAULT '',
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        );
        CREATE TABLE notes (
            case_id TEXT PRIMARY KEY,
            text TEXT NOT NULL,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        );
    """)


def _v2(conn: sqlite3.Connection) -> None:
    """Folders and tags for bookmarks; a revision per note so two windows notice each other's saves."""
    _run(conn, """
        CREATE TABLE folders (
            id TEXT PRIMARY KEY,
            name TEXT NOT NULL,
            position INTEGER NOT NULL DEFAULT 0
        );
        ALTER TABLE bookmarks ADD COLUMN folder_id TEXT REFERENCES folders(id) ON DELETE SET NULL;
        CREATE INDEX bookmarks_folder ON bookmarks(folder_id);
        CREATE TABLE bookmark_tags (
            case_id TEXT NOT NULL REFERENCES bookmarks(case_id) ON DELETE CASCADE,
            tag TEXT NOT NULL,
            position INTEGER NOT NULL,
            PRIMARY KEY (case_id, tag)
        );
        ALTER TABLE notes ADD COLUMN revision INTEGER NOT NULL DEFAULT 1;
    """)


# Numbered forward migrations: MIGRATIONS[n-1] takes a file from version n-1 to n. Never edit a shipped one.
MIGRATIONS: tuple[Callable[[sqlite3.Connection], None], ...] = (_v1, _v2)
SCHEMA_VERSION = len(MIGRATIONS)

# SQLite primary result codes (the low byte of the extended code).
_FULL, _READONLY, _CANTOPEN, _BUSY, _LOCKED, _CORRUPT, _NOTADB, _IOERR, _PERM = 13, 8, 14, 5, 6, 11, 26, 10, 3


def translate(exc: BaseException, path: Path) -> UserDataError:
    """Map SQLite and OS failures to the few kinds a user can act on, each with a plain Japanese message."""
    code = (getattr(exc, "sqlite_errorcode", None) or 0) & 0xFF
    os_errno = getattr(exc, "errno", None)
    if code == _FULL or os_errno == errno.ENOSPC:
        return DiskFull(f"ディスクの空き容量が足りないため保存できませんでした。これまでに保存した内容は残っています（{path.parent}）")
    if code in (_READONLY, _PERM, _CANTOPEN) or os_errno in (errno.EACCES, errno.EROFS, errno.EPERM):
        return ReadOnlyLocation(f"データフォルダに書き込めません（読み取り専用か、権限がありません）。これまでに保存した内容は残っています: {path.parent}")
    if code in (_BUSY, _LOCKED):
        return DataLocked("別のウィンドウがデータを保存中のため、保存できませんでした。もう一度お試しください")
    if code in (_CORRUPT, _NOTADB):
        return UserDataCorrupt(f"しおり・メモのファイルが壊れています: {path}")
    return UserDataError(f"しおり・メモのファイルを読み書きできませんでした（{exc}）: {path}")


@contextmanager
def translated(path: Path) -> Iterator[None]:
    try:
        yield
    except UserDataError:
        raise
    except (sqlite3.Error, OSError) as exc:
        raise translate(exc, path) from exc


def connect(path: Path) -> tuple[sqlite3.Connection, int]:
    """Open with the durability settings below, after check_identity() (whose errors it raises): nothing
    is written to a file before we know it is ours, so a damaged file is moved aside exactly as found."""
    # psow=0: do not assume "powersafe overwrite". On disks that can tear a sector on power loss, SQLite's
    # crash model lost the last confirmed commit unless psow=0 made it pad WAL frames to whole sectors.
    uri = f"{path.resolve().as_uri()}?psow=0"
    with translated(path):
        # isolation_level=None: we issue BEGIN IMMEDIATE ourselves, so a write takes the lock up front and
        # waits (busy_timeout) instead of failing half way when another copy of the program is writing.
        conn = sqlite3.connect(uri, uri=True, isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000)
        try:
            conn.row_factory = sqlite3.Row
            conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            # Defence in depth against a file someone else crafted: no functions from the schema, and a
            # corrupt page is reported as corruption rather than read.
            conn.execute("PRAGMA trusted_schema = OFF")
            conn.execute("PRAGMA cell_size_check = ON")
            version = check_identity(conn, path)
            # WAL: readers never block the writer (two windows at once), and a killed process leaves the
            # main file intact; the log is replayed or ignored on the next open.
            mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
            if mode.lower() != "wal":
                raise UserDataError(f"しおり・メモのファイルを安全な形式で開けませんでした（{mode}）: {path}")
            # FULL: in WAL mode, fsync the log at every commit, so a save that returned survives power loss
            # (NORMAL only survives a crash of the program). Saves are small and rare enough to afford it.
            conn.execute("PRAGMA synchronous = FULL")
            conn.execute("PRAGMA foreign_keys = ON")
        except BaseException:
            conn.close()
            raise
    return conn, version


def schema_version(conn: sqlite3.Connection) -> int:
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


def check_identity(conn: sqlite3.Connection, path: Path) -> int:
    """The file's schema version, after making sure it is ours, readable and not from a newer program."""
    with translated(path):
        app_id = int(conn.execute("PRAGMA application_id").fetchone()[0])
        version = schema_version(conn)
        empty = conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0] == 0
        if empty and app_id == 0 and version == 0:
            return 0  # a brand-new file
        if app_id != APPLICATION_ID:
            raise UserDataCorrupt(f"しおり・メモのファイルではないファイルが置かれています: {path}")
        if version > SCHEMA_VERSION:
            raise UserDataTooNew(
                f"しおり・メモのファイルは新しい版のプログラム（形式 {version}）で保存されています。"
                f"この版（形式 {SCHEMA_VERSION}）では開けません。新しい版をお使いください: {path}"
            )
        problems = [r[0] for r in conn.execute("PRAGMA quick_check")]
        if problems != ["ok"]:
            raise UserDataCorrupt(f"しおり・メモのファイルが壊れています（{problems[0][:80]}）: {path}")
        return version


def migrate(conn: sqlite3.Connection, path: Path, target: int = SCHEMA_VERSION) -> int:
    """Apply the missing migrations in one transaction each; returns the version the file had before."""
    before = schema_version(conn)
    with translated(path):
        for number in range(before + 1, target + 1):
            conn.execute("BEGIN IMMEDIATE")
            try:
                if schema_version(conn) >= number:  # another copy of the program got there first
                    conn.execute("ROLLBACK")
                    continue
                MIGRATIONS[number - 1](conn)
                conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
                conn.execute(f"PRAGMA user_version = {number}")
                conn.execute("COMMIT")
            except BaseException:
                conn.execute("ROLLBACK")
                raise
    return before
