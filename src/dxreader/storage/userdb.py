"""The user-data SQLite file: how it is opened (durability settings), its schema versions, and error mapping."""

from __future__ import annotations

import errno
import functools
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
# Each must change the schema: the start-up check tells a damaged version number from a real one by the
# schema (schema_matches), so two versions with the same tables would be indistinguishable.
MIGRATIONS: tuple[Callable[[sqlite3.Connection], None], ...] = (_v1, _v2)
SCHEMA_VERSION = len(MIGRATIONS)


@functools.cache
def expected_schema(version: int) -> frozenset[tuple[str, str, str, str | None]]:
    """The schema objects a file of this version has, made by the migrations themselves in memory."""
    conn = sqlite3.connect(":memory:", isolation_level=None)
    try:
        for migration in MIGRATIONS[:version]:
            migration(conn)
        return frozenset(conn.execute("SELECT type, name, tbl_name, sql FROM sqlite_master"))
    finally:
        conn.close()


def schema_matches(conn: sqlite3.Connection, version: int) -> bool:
    """Exactly our schema, text included: a flipped bit in a table's definition can rename a column."""
    previous = conn.row_factory, conn.text_factory
    conn.row_factory, conn.text_factory = None, decode_text  # a damaged byte is a mismatch, not an error
    try:
        found = set(conn.execute("SELECT type, name, tbl_name, sql FROM sqlite_master"))
    finally:
        conn.row_factory, conn.text_factory = previous
    return found == expected_schema(version)


# SQLite primary result codes (the low byte of the extended code).
_FULL, _READONLY, _CANTOPEN, _BUSY, _LOCKED, _CORRUPT, _NOTADB, _IOERR, _PERM = 13, 8, 14, 5, 6, 11, 26, 10, 3


def translate(exc: BaseException, path: Path) -> UserDataError:
    """Map SQLite and OS failures to the few kinds a user can act on, each with a plain Japanese message."""
    if isinstance(exc, UnicodeDecodeError):  # undecodable bytes in SQLite's own message: a damaged schema
        return UserDataCorrupt(f"しおり・メモのファイルが壊れています（読めない文字）: {path}")
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
    except (sqlite3.Error, OSError, UnicodeDecodeError) as exc:
        raise translate(exc, path) from exc


def decode_text(value: bytes) -> str:
    """SQLite TEXT to str, undecodable bytes shown as U+FFFD. Only for reading again after the fast default
    decoder failed (UserStore._read): text damaged after the start-up check must not make a read fail."""
    try:
        return value.decode("utf-8")
    except UnicodeDecodeError:
        return value.decode("utf-8", "replace")


def _open(uri: str) -> sqlite3.Connection:
    # isolation_level=None: we issue BEGIN IMMEDIATE ourselves, so a write takes the lock up front and
    # waits (busy_timeout) instead of failing half way when another copy of the program is writing.
    conn = sqlite3.connect(uri, uri=True, isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000)
    conn.row_factory = sqlite3.Row
    return conn


def connect(path: Path, read_only: bool = False) -> tuple[sqlite3.Connection, int]:
    """Open with the durability settings below, after check_identity() (whose errors it raises): nothing
    is written to a file before we know it is ours, so a damaged file is moved aside exactly as found.
    read_only: for a data folder the user cannot write to; nothing at all is written, not even the WAL."""
    if read_only:
        return _connect_read_only(path)
    # psow=0: do not assume "powersafe overwrite". On disks that can tear a sector on power loss, SQLite's
    # crash model lost the last confirmed commit unless psow=0 made it pad WAL frames to whole sectors.
    uri = f"{path.resolve().as_uri()}?psow=0"
    with translated(path):
        conn = _open(uri)
        try:
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


def _connect_read_only(path: Path) -> tuple[sqlite3.Connection, int]:
    """mode=ro reads the WAL when its shared-memory file exists or can be made; in a folder nobody can
    write to and with no WAL left behind (a clean close), immutable=1 is the only way SQLite opens it."""
    base = path.resolve().as_uri()
    last: BaseException | None = None
    for query in ("mode=ro", "immutable=1"):
        if query == "immutable=1" and path.with_name(path.name + "-wal").exists():
            break  # immutable would ignore saves still in the WAL: better to say we cannot read it
        try:
            conn = _open(f"{base}?{query}")
        except sqlite3.Error as exc:
            last = exc
            continue
        try:
            conn.execute("PRAGMA trusted_schema = OFF")
            conn.execute("PRAGMA cell_size_check = ON")
            conn.execute("PRAGMA query_only = ON")
            return conn, check_identity(conn, path)
        except UserDataError as exc:
            conn.close()
            if not isinstance(exc.__cause__, sqlite3.OperationalError):
                raise
            last = exc
        except BaseException:
            conn.close()
            raise
    if isinstance(last, UserDataError):
        raise last
    raise translate(last or OSError(errno.EACCES, "unreadable"), path)


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
        if version > SCHEMA_VERSION and any(schema_matches(conn, v) for v in range(1, SCHEMA_VERSION + 1)):
            # Exactly one of our own schemas under a number from the future: the number is damaged.
            raise UserDataCorrupt(f"しおり・メモのファイルの形式番号（{version}）が壊れています: {path}")
        if version > SCHEMA_VERSION:
            raise UserDataTooNew(
                f"しおり・メモのファイルは新しい版のプログラム（形式 {version}）で保存されています。"
                f"この版（形式 {SCHEMA_VERSION}）では開けません。新しい版をお使いください: {path}"
            )
        return version  # damage inside the file: storage.health, run once at start


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
