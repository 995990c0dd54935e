"""Proves that an untrusted casebook file has exactly the declared schema and sane values, cheaply and boundedly.

The file is opened read-only, with trusted_schema off, SQLite's own limits lowered and a deadline enforced by
a progress handler, so neither a crafted schema nor a huge cell can make the check itself slow or large.
Every refusal is a PackageRejected with a plain Japanese reason."""

from __future__ import annotations

import json
import re
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from dxreader.core.datapackage import DATA_VERSION, PackageRejected
from dxreader.storage import casebook_schema as schema
from dxreader.storage.casebook import SCHEMA_VERSION

CHECK_SECONDS = 30.0
_LIMITS = {  # per connection; each far above what the real casebook needs
    "SQLITE_LIMIT_LENGTH": 4 * schema.MAX_CELL_BYTES,  # reading a bigger cell fails instead of filling memory
    "SQLITE_LIMIT_SQL_LENGTH": 100_000,
    "SQLITE_LIMIT_COLUMN": 200,
    "SQLITE_LIMIT_EXPR_DEPTH": 200,
    "SQLITE_LIMIT_ATTACHED": 0,
}
_DBCONFIG_ON = ("SQLITE_DBCONFIG_DEFENSIVE",)  # Python 3.12+ exposes setconfig; 3.11 has only the pragmas
_DBCONFIG_OFF = ("SQLITE_DBCONFIG_TRUSTED_SCHEMA", "SQLITE_DBCONFIG_ENABLE_TRIGGER", "SQLITE_DBCONFIG_ENABLE_VIEW")
_SQL_WORDS = {"CREATE", "TABLE", "INDEX", "ON", "IF", "NOT", "EXISTS", "TEXT", "INTEGER", "PRIMARY", "KEY", "NULL",
              "REFERENCES"}  # anything else in a CREATE statement (CHECK, COLLATE, DEFAULT, AS …) is refused
_QUOTED = re.compile(r'"(?:[^"]|"")*"|\[[^\]]*\]|`(?:[^`]|``)*`|\'(?:[^\']|\'\')*\'')
MAX_SCHEMA_ROWS = 200


def harden(conn: sqlite3.Connection, seconds: float) -> None:
    """Defensive settings for an untrusted file, and a deadline after which every statement is interrupted."""
    for name, value in _LIMITS.items():
        conn.setlimit(getattr(sqlite3, name), value)
    setconfig = getattr(conn, "setconfig", None)
    if setconfig is not None:
        for name in _DBCONFIG_ON + _DBCONFIG_OFF:
            if hasattr(sqlite3, name):
                setconfig(getattr(sqlite3, name), name in _DBCONFIG_ON)
    for pragma in ("trusted_schema = OFF", "cell_size_check = ON", "mmap_size = 0", "query_only = ON"):
        conn.execute(f"PRAGMA {pragma}")
    deadline = time.monotonic() + seconds
    conn.set_progress_handler(lambda: int(time.monotonic() > deadline), 10_000)


@contextmanager
def open_untrusted(path: Path, seconds: float = CHECK_SECONDS) -> Iterator[sqlite3.Connection]:
    """A hardened read-only connection; SQLite errors inside become PackageRejected in Japanese."""
    try:
        # immutable: no -wal or -journal file beside it is ever read, so this sees exactly what the reader loads
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro&immutable=1", uri=True)
    except sqlite3.Error as exc:
        raise PackageRejected("事例データを開けません") from exc
    try:
        harden(conn, seconds)
        yield conn
    except sqlite3.DataError as exc:  # SQLITE_TOOBIG from the length limit
        raise PackageRejected(f"事例データに大きすぎる値があります（1つの値は {schema.MAX_CELL_BYTES:,}バイトまで）") from exc
    except sqlite3.OperationalError as exc:
        if "decode" in str(exc):
            raise PackageRejected("事例データに UTF-8 として読めない文字列があります") from exc
        if "interrupted" in str(exc):
            raise PackageRejected(f"事例データの検査が{seconds:g}秒以内に終わりませんでした（読み出しが遅すぎます）") from exc
        raise PackageRejected(f"事例データを読めません（{str(exc)[:80]}）") from exc
    except sqlite3.Error as exc:
        raise PackageRejected(f"事例データが壊れています（{str(exc)[:80]}）") from exc
    finally:
        conn.close()


def _expected_objects() -> dict[tuple[str, str], str]:
    objects = {("table", name): name for name in schema.TABLES}
    for name, (table, _) in {**schema.INDEXES, **schema.automatic_indexes()}.items():
        objects[("index", name)] = table
    return objects


def _check_statement(kind: str, name: str, sql: object) -> None:
    if sql is None and name.startswith("sqlite_autoindex_"):
        return
    if not isinstance(sql, str) or not sql.upper().startswith(f"CREATE {kind.upper()}"):
        raise PackageRejected(f"事例データの「{name}」の定義が想定と違います")
    words = {w.upper() for w in re.findall(r"[A-Za-z_][A-Za-z_0-9]*", _QUOTED.sub(" ", sql))}
    names = {name.upper(), *(t.upper() for t in schema.TABLES), *(c.name.upper() for cs in schema.TABLES.values() for c in cs)}
    extra = sorted(words - _SQL_WORDS - names)
    if extra:
        raise PackageRejected(f"事例データの「{name}」の定義に想定外の指定「{extra[0][:30]}」があります")


def check_objects(conn: sqlite3.Connection) -> None:
    """Exactly the declared tables and indexes: no view, trigger, virtual table or other object."""
    rows = conn.execute("SELECT type, name, tbl_name, sql FROM sqlite_master").fetchmany(MAX_SCHEMA_ROWS + 1)
    expected = _expected_objects()
    found: set[tuple[str, str]] = set()
    for kind, name, table, sql in rows:
        key = (str(kind), str(name))
        if expected.get(key) != table:
            raise PackageRejected(f"事例データに想定外の{_KIND.get(str(kind), 'もの')}「{str(name)[:40]}」があります")
        found.add(key)
    if found != set(expected):
        missing = sorted(set(expected) - found)[0]
        raise PackageRejected(f"事例データに{_KIND[missing[0]]}「{missing[1]}」がありません")
    for row in conn.execute("PRAGMA table_list"):  # SQLite 3.37+: plain rowid tables only
        if row[1] in schema.TABLES and (row[2] != "table" or row[4] or row[5]):
            raise PackageRejected(f"事例データの表「{row[1]}」の種類が想定と違います")


_KIND = {"table": "表", "index": "索引", "view": "ビュー", "trigger": "トリガー"}


def check_statements(conn: sqlite3.Connection) -> None:
    """No clause in a CREATE statement beyond names, the two types, keys and NOT NULL (no CHECK, COLLATE …)."""
    for kind, name, sql in conn.execute("SELECT type, name, sql FROM sqlite_master").fetchmany(MAX_SCHEMA_ROWS):
        _check_statement(str(kind), str(name), sql)


def check_columns(conn: sqlite3.Connection) -> None:
    """Each table's columns (names, types, NOT NULL, keys, no defaults or generated columns), keys and indexes."""
    for table, columns in schema.TABLES.items():
        found = [(r[1], r[2], bool(r[3]), r[4], r[5], r[6]) for r in conn.execute(f'PRAGMA table_xinfo("{table}")')]
        wanted = [(c.name, c.type, c.not_null, None, c.pk, 0) for c in columns]
        if found != wanted:
            names, wanted_names = [f[0] for f in found], [c.name for c in columns]
            extra = [n for n in names if n not in wanted_names]
            missing = [n for n in wanted_names if n not in names]
            detail = (f"余分な列「{str(extra[0])[:40]}」があります" if extra else f"列「{missing[0]}」がありません" if missing
                      else "列の型・順序・制約が想定と違います")
            raise PackageRejected(f"事例データの表「{table}」の形式が違います: {detail}")
        keys = {(r[3], r[2], r[4], r[5], r[6]) for r in conn.execute(f'PRAGMA foreign_key_list("{table}")')}
        if keys != {(c.name, *c.references, "NO ACTION", "NO ACTION") for c in columns if c.references}:
            raise PackageRejected(f"事例データの表「{table}」の参照（外部キー）が想定と違います")
        declared = {n: cols for n, (t, cols) in {**schema.INDEXES, **schema.automatic_indexes()}.items() if t == table}
        for _, name, _unique, _origin, partial in conn.execute(f'PRAGMA index_list("{table}")'):
            cols = tuple(r[2] for r in conn.execute(f'PRAGMA index_info("{name}")'))
            if partial or declared.get(name) != cols:
                raise PackageRejected(f"事例データの索引「{str(name)[:40]}」が想定と違います")


def check_values(conn: sqlite3.Connection) -> None:
    """Every value of the right type and range, no cell too big, no NUL inside text, JSON columns that parse."""
    for table, columns in schema.TABLES.items():
        count = conn.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0]
        if count > schema.MAX_ROWS:
            raise PackageRejected(f"事例データの表「{table}」の行が多すぎます（{count:,}行、上限 {schema.MAX_ROWS:,}行）")
        aggregates = ", ".join(_aggregates(c) for c in columns)
        row = conn.execute(f'SELECT {aggregates} FROM "{table}"').fetchone()  # noqa: S608 (declared names only)
        for i, column in enumerate(columns):
            _judge_column(table, column, *row[5 * i:5 * i + 5])
            if column.json_path:
                _check_json_paths(conn, table, column.name)


def _aggregates(column: schema.Column) -> str:
    """One table scan answers, for each column: wrong types, biggest cell, cells with NUL, lowest, highest."""
    c, kind = f'"{column.name}"', column.type.lower()
    allowed = f"'{kind}'" if column.not_null or column.pk else f"'{kind}', 'null'"
    return (f"sum(typeof({c}) NOT IN ({allowed})), max(length(CAST({c} AS BLOB))), "
            f"sum(instr(CAST({c} AS BLOB), X'00') > 0), min({c}), max({c})")


def _judge_column(table: str, column: schema.Column, wrong: int | None, biggest: int | None, nul: int | None,
                  low: object, high: object) -> None:
    where = f"表「{table}」の列「{column.name}」"
    if wrong:
        expected = "整数" if column.type == "INTEGER" else "文字列"
        raise PackageRejected(f"事例データの{where}に{expected}でない値（または空の値）が {wrong}件あります")
    if (biggest or 0) > schema.MAX_CELL_BYTES:
        raise PackageRejected(f"事例データの{where}に大きすぎる値があります（{biggest:,}バイト、上限 {schema.MAX_CELL_BYTES:,}バイト）")
    if nul:
        raise PackageRejected(f"事例データの{where}にNUL文字を含む値があります")
    if column.low is not None and column.high is not None and isinstance(low, int) and isinstance(high, int) \
            and not (column.low <= low and high <= column.high):
        raise PackageRejected(f"事例データの{where}に範囲外の値があります（{column.low}〜{column.high}）")


def _check_json_paths(conn: sqlite3.Connection, table: str, name: str) -> None:
    """A JSON list of 1–21 category names, as long as its depth says and ending with its own name."""
    for path, depth, own in conn.execute(f'SELECT "{name}", depth, name FROM "{table}"'):  # noqa: S608
        try:
            value = json.loads(path) if isinstance(path, str) else None
        except (ValueError, RecursionError):
            value = None
        if not (isinstance(value, list) and value and all(isinstance(v, str) and v for v in value)
                and len(value) == (depth or 0) + 1 and value[-1] == own):
            raise PackageRejected(f"事例データの表「{table}」の列「{name}」に正しくない分類の経路（JSON）があります: "
                                  f"{str(path)[:60]}")


def check_not_older(conn: sqlite3.Connection) -> None:
    """A casebook made for an earlier program (schema 2 has no readings table) is refused as that, before its
    differences from this schema are reported one by one. A file whose meta cannot be read is left to the
    full checks, which say what is wrong with it."""
    if conn.execute("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'meta'").fetchone()[0] != 1:
        return
    try:
        rows = conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchmany(2)
    except sqlite3.OperationalError:
        return
    version = str(rows[0][0]) if len(rows) == 1 else ""
    if version.isdigit() and int(version) < SCHEMA_VERSION:
        raise PackageRejected(f"この事例データは古い形式（版 {int(version)}）です。このプログラム（版 {SCHEMA_VERSION}）"
                              "に合わせて作られた更新データをお使いください")


def check_meta(conn: sqlite3.Connection) -> dict[str, str]:
    meta = {str(k): str(v) for k, v in conn.execute("SELECT key, value FROM meta").fetchmany(100)}
    version = meta.get("schema_version", "")
    if version.isdigit() and int(version) > SCHEMA_VERSION:
        raise PackageRejected(f"この事例データは新しい形式（版 {version}）です。プログラムを更新してください"
                              f"（このプログラムは版 {SCHEMA_VERSION}）")
    if version != str(SCHEMA_VERSION):
        raise PackageRejected(f"事例データの形式（版 {version[:20]}）にこのプログラムは対応していません")
    if not DATA_VERSION.fullmatch(meta.get("data_version", "")):
        raise PackageRejected("事例データのデータ版（data_version）の形式が正しくありません")
    return meta


def check_casebook_file(path: Path, seconds: float = CHECK_SECONDS, rules: bool = True) -> dict[str, str]:
    """The whole check of one file: objects, columns, values, and (with `rules`) the casebook's integrity rules,
    which take most of the time and which a start-up need not repeat for a file already verified at import."""
    from dxreader.services.integrity import check_casebook

    with open_untrusted(path, seconds) as conn:
        check_not_older(conn)
        check_objects(conn)
        check_columns(conn)
        check_statements(conn)
        meta = check_meta(conn)
        check_values(conn)
        problems = check_casebook(conn) if rules else []
        if problems:
            raise PackageRejected(f"事例データの検査に失敗しました: {problems[0][:200]}（ほか {len(problems) - 1} 件）")
        return meta
