"""Damage the user-data file can show: SQLite's full integrity check plus the program's own invariants
(every text cell is UTF-8 text, every key has its form, every reference resolves), and the repairs that can
be made in place without guessing: rebuilding indexes and cleaning single cells."""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass, field

from dxreader.core.userdata import CASE_ID_RE, FOLDER_ID_RE
from dxreader.storage.userdb import schema_matches

# Measured on a 42 MB file (10,000 bookmarks and 10,000 notes of about 1,000 characters; see the README):
# integrity_check 70-95 ms against quick_check's 40-60 ms (a busy machine), and only the full check compares
# every index with its table, so a bookmark that is listed but cannot be looked up is found. So: the full one.
INTEGRITY_CHECK = "PRAGMA integrity_check(200)"

# Per table: column -> (kind, key). A key cannot be repaired in place (it is what the row *is*); the other
# columns can be cleaned: undecodable bytes become U+FFFD, a lost value becomes empty text or 1.
_COLUMNS: dict[str, dict[str, tuple[str, bool]]] = {
    "bookmarks": {"case_id": ("case_id", True), "title": ("text", False), "municipality": ("text", False),
                  "annotation": ("text", False), "created_at": ("text", False), "updated_at": ("text", False),
                  "folder_id": ("folder_ref", False)},
    "notes": {"case_id": ("case_id", True), "text": ("text", False), "created_at": ("text", False),
              "updated_at": ("text", False), "revision": ("count", False)},
    "folders": {"id": ("folder_id", True), "name": ("text", False), "position": ("integer", False)},
    "bookmark_tags": {"case_id": ("case_id", True), "tag": ("text", True), "position": ("integer", False)},
}
_KEY_PATTERNS = {"case_id": CASE_ID_RE, "folder_id": FOLDER_ID_RE}
_INDEX_PROBLEM = re.compile(r"(row \d+ missing from|wrong # of entries in|non-unique entry in) index \w+")
_CELL_PROBLEM = re.compile(r"(NULL|NUMERIC|INTEGER|REAL|TEXT|BLOB) value in (\w+)\.(\w+)")


@dataclass(frozen=True)
class Cell:
    table: str
    rowid: int
    column: str
    problem: str  # "encoding" | "type"


@dataclass
class Health:
    """What examine() found. `fatal` problems need a backup; the rest can be repaired in place."""

    fatal: list[str] = field(default_factory=list)
    indexes: list[str] = field(default_factory=list)
    cells: list[Cell] = field(default_factory=list)
    dangling: list[tuple[str, int]] = field(default_factory=list)  # (table, rowid) whose reference is gone

    @property
    def ok(self) -> bool:
        return not (self.fatal or self.indexes or self.cells or self.dangling)

    def summary(self) -> str:
        parts = self.fatal[:3] + self.indexes[:2]
        parts += [f"{c.table}.{c.column} 行{c.rowid}（{'文字化け' if c.problem == 'encoding' else '型'}）"
                  for c in self.cells[:3]]
        parts += [f"{t} 行{r}（参照先なし）" for t, r in self.dangling[:3]]
        return "; ".join(p[:120] for p in parts) or "ok"


def _columns(conn: sqlite3.Connection) -> dict[str, dict[str, tuple[str, bool]]]:
    """The checked columns that exist in this file (an older schema has fewer)."""
    present = {}
    for table, columns in _COLUMNS.items():
        have = {r[1] for r in conn.execute(f"PRAGMA table_info({table})")}
        if have:
            present[table] = {c: spec for c, spec in columns.items() if c in have}
    return present


def _cell_ok(kind: str, value: object, stored_as: bytes) -> bool:
    """stored_as: SQLite's typeof(); read with text_factory=bytes, TEXT and BLOB both arrive as bytes."""
    if kind in ("integer", "count"):
        return isinstance(value, int) and (kind == "integer" or value >= 1)
    if kind == "folder_ref" and value is None:
        return True
    if stored_as != b"text" or not isinstance(value, bytes):
        return False
    try:
        text = value.decode("utf-8")
    except UnicodeDecodeError:
        return False
    pattern = _KEY_PATTERNS.get(kind)
    return pattern is None or pattern.fullmatch(text) is not None


def _type_filter(column: str, kind: str) -> str:
    if kind in ("integer", "count"):
        return f"typeof({column}) != 'integer'" + (f" OR {column} < 1" if kind == "count" else "")
    if kind == "folder_ref":
        return f"typeof({column}) NOT IN ('text', 'null')"
    return f"typeof({column}) != 'text'"


def _table_sound(conn: sqlite3.Connection, table: str, columns: dict[str, tuple[str, bool]]) -> bool:
    """The fast pass: types in SQL, then every text decoded by the C decoder and every key matched. Most
    files pass; only a table that fails is scanned cell by cell (_scan_table) to say where."""
    where = " OR ".join(_type_filter(c, kind) for c, (kind, _) in columns.items())
    # NOT INDEXED: the table's own cells, never an index's copy of them (which damage may have made differ)
    if conn.execute(f"SELECT EXISTS (SELECT 1 FROM {table} NOT INDEXED WHERE {where})").fetchone()[0]:
        return False
    texts = [c for c, (kind, _) in columns.items() if kind not in ("integer", "count")]
    keys = [(i, _KEY_PATTERNS[columns[c][0]]) for i, c in enumerate(texts) if columns[c][0] in _KEY_PATTERNS]
    previous = conn.row_factory
    conn.row_factory = None
    try:
        for row in conn.execute(f"SELECT {', '.join(texts)} FROM {table} NOT INDEXED"):
            if not all(isinstance(row[i], str) and pattern.fullmatch(row[i]) for i, pattern in keys):
                return False
    except sqlite3.OperationalError as exc:
        if "decode" not in str(exc):
            raise
        return False
    finally:
        conn.row_factory = previous
    return True


def _scan_table(conn: sqlite3.Connection, table: str, columns: dict[str, tuple[str, bool]], health: Health) -> None:
    """Every cell of a table that failed the fast pass, read as bytes, so each bad cell is named."""
    names = list(columns)
    previous = conn.text_factory
    conn.text_factory = bytes
    try:
        selected = ", ".join(f"{n}, typeof({n})" for n in names)
        for row in conn.execute(f"SELECT rowid, {selected} FROM {table} NOT INDEXED"):
            for i, column in enumerate(names):
                value, stored_as = row[1 + 2 * i], row[2 + 2 * i]
                kind, key = columns[column]
                if _cell_ok(kind, value, stored_as):
                    continue
                if key:
                    health.fatal.append(f"{table}.{column} 行{row[0]} のキーが壊れています")
                else:
                    bad_bytes = stored_as == b"text" and kind not in ("integer", "count")
                    health.cells.append(Cell(table, row[0], column, "encoding" if bad_bytes else "type"))
    finally:
        conn.text_factory = previous


def _scan_cells(conn: sqlite3.Connection, health: Health) -> None:
    """SQLite's own check does not look inside text: every text must decode and every key have its form."""
    for table, columns in _columns(conn).items():
        if not _table_sound(conn, table, columns):
            _scan_table(conn, table, columns, health)


def examine(conn: sqlite3.Connection, version: int) -> Health:
    """Full check of an open file. Raises sqlite3.DatabaseError when the file cannot even be read."""
    health = Health()
    encoding = conn.execute("PRAGMA encoding").fetchone()[0]
    if encoding != "UTF-8":
        health.fatal.append(f"文字コードの欄が {encoding} になっています")
        return health
    if not schema_matches(conn, version):
        health.fatal.append(f"表の定義が形式 {version} のものと違います")
        return health
    columns = _columns(conn)
    for (line,) in conn.execute(INTEGRITY_CHECK):
        if line == "ok":
            continue
        if _INDEX_PROBLEM.fullmatch(line):
            health.indexes.append(line)
            continue
        cell = _CELL_PROBLEM.fullmatch(line)
        if cell and cell[2] in columns and cell[3] in columns[cell[2]] and not columns[cell[2]][cell[3]][1]:
            continue  # a non-key cell of the wrong type: the scan below lists it with its row
        health.fatal.append(line)
    if health.fatal:
        return health  # structure is broken: reading rows could mislead
    _scan_cells(conn, health)
    if "bookmark_tags" in columns:
        health.dangling = [(r[0], r[1]) for r in conn.execute("PRAGMA foreign_key_check")]
    return health


def _clean(conn: sqlite3.Connection, cell: Cell, kind: str) -> None:
    if kind in ("integer", "count"):
        replacement: object = 1 if kind == "count" else 0
    elif kind == "folder_ref":
        replacement = None
    else:
        previous = conn.text_factory
        conn.text_factory = bytes
        try:
            row = conn.execute(f"SELECT {cell.column} FROM {cell.table} WHERE rowid = ?", (cell.rowid,)).fetchone()
        finally:
            conn.text_factory = previous
        value = row[0] if row else None
        if isinstance(value, bytes):
            replacement = value.decode("utf-8", "replace")
        elif value is None:
            replacement = ""
        else:
            replacement = str(value)
    conn.execute(f"UPDATE {cell.table} SET {cell.column} = ? WHERE rowid = ?", (replacement, cell.rowid))


def repair(conn: sqlite3.Connection, health: Health) -> list[str]:
    """Repair what needs no guessing, in one transaction; returns what was done, for the user."""
    done = []
    columns = _columns(conn)
    conn.execute("BEGIN IMMEDIATE")
    try:
        if health.indexes:
            conn.execute("REINDEX")
            done.append("索引を作り直しました。")
        for cell in health.cells:
            _clean(conn, cell, columns[cell.table][cell.column][0])
        if health.cells:
            done.append(f"読めない文字などがあった {len(health.cells)} か所を「\ufffd」や空欄に置き換えました。")
        for table, rowid in health.dangling:
            if table == "bookmarks":
                conn.execute("UPDATE bookmarks SET folder_id = NULL WHERE rowid = ?", (rowid,))
            else:
                conn.execute(f"DELETE FROM {table} WHERE rowid = ?", (rowid,))
        if health.dangling:
            done.append(f"行き先のなくなったフォルダ・タグの指定 {len(health.dangling)} 件を外しました。")
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    return done
