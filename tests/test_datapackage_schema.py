"""Verification proves the reader can use an update: the exact declared schema, sane values, bounded sizes, and a
trial load with the reader's own loader and index build in a child bounded in time and memory."""

from __future__ import annotations

import sqlite3
import sys
from pathlib import Path

import pytest

from dxreader.core.datapackage import PackageRejected
from dxreader.storage import casebook_schema as schema
from dxreader.storage.casebook import SCHEMA_VERSION
from dxreader.storage.casebook_check import check_casebook_file, open_untrusted
from dxreader.storage.casebook_choice import INSTALLED
from dxreader.storage.datapackage import install_package
from dxreader.storage.trial_load import trial_load
from tests.conftest import COMMITTED_DB
from tests.package_kit import build_package, machine_folder, modified_db  # noqa: F401 (autouse fixture)

_AWARDS = 'CREATE TABLE "case_awards" ("case_id" TEXT REFERENCES "cases"("id"), "position" INTEGER, {text}, ' \
          'PRIMARY KEY ("case_id", "position"))'
_REBUILD_AWARDS = ["DROP TABLE case_awards"]

HOSTILE_DATABASES = {
    "extra column": (["ALTER TABLE cases ADD COLUMN extra TEXT"], "余分な列「extra」"),
    "missing column": (["ALTER TABLE case_links DROP COLUMN label"], "列「label」がありません"),
    "non-JSON category path": (["UPDATE categories SET path = 'not json' WHERE id = 1"], "分類の経路（JSON）"),
    "JSON path of the wrong shape": (["UPDATE categories SET path = '{\"a\": 1}' WHERE id = 1"], "分類の経路"),
    "JSON path of numbers": (["UPDATE categories SET path = '[1]' WHERE depth = 0"], "分類の経路"),
    "deeply nested JSON path": (["UPDATE categories SET path = printf('%.*c', 100000, '[') WHERE id = 1"], "分類の経路"),
    "text population": (["UPDATE cases SET population = 'many' WHERE population IS NOT NULL"], "整数でない"),
    "real population": (["UPDATE cases SET population = 1.5 WHERE population IS NOT NULL"], "整数でない"),
    "huge population": (["UPDATE cases SET population = 9000000000000 WHERE population IS NOT NULL"], "範囲外"),
    "blob title": (["UPDATE cases SET title = X'00ff'"], "文字列でない"),
    "NUL inside text": (["UPDATE cases SET title = 'a' || char(0) || 'b'"], "NUL"),
    "8-million-character cell": (["UPDATE case_sections SET text = printf('%.*c', 8000000, 'x') WHERE rowid = 1"], "大きすぎる値"),
    "300 KB cell": (["UPDATE case_links SET url = printf('%.*c', 300000, 'x') WHERE rowid = 1"], "大きすぎる値"),
    "slow view": (["CREATE VIEW slow AS WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n) "
                   "SELECT i FROM n"], "想定外のビュー「slow」"),
    "trigger": (["CREATE TRIGGER t AFTER INSERT ON meta BEGIN SELECT 1; END"], "想定外のトリガー"),
    "virtual table": (["CREATE VIRTUAL TABLE f USING fts5(x)"], "想定外の表"),
    "extra index": (["CREATE INDEX idx_extra ON cases(title)"], "想定外の索引"),
    "partial index": (["DROP INDEX idx_cases_category_id",
                       "CREATE INDEX idx_cases_category_id ON cases(category_id) WHERE population > 0"], "索引|WHERE"),
    "index on another column": (["DROP INDEX idx_cases_category_id",
                                 "CREATE INDEX idx_cases_category_id ON cases(title)"], "索引"),
    "table turned view": ([*_REBUILD_AWARDS, "CREATE VIEW case_awards AS SELECT 'x' AS case_id"], "想定外のビュー"),
    "collation": ([*_REBUILD_AWARDS, _AWARDS.format(text='"text" TEXT COLLATE NOCASE')], "COLLATE"),
    "check constraint": ([*_REBUILD_AWARDS, _AWARDS.format(text='"text" TEXT CHECK (length(text) > 0)')], "CHECK"),
    "default value": ([*_REBUILD_AWARDS, _AWARDS.format(text='"text" TEXT DEFAULT (random())')], "DEFAULT|想定"),
    "blob column": ([*_REBUILD_AWARDS, _AWARDS.format(text='"text" BLOB')], "形式が違います|BLOB"),
    "statistics table": (["ANALYZE"], "想定外の表「sqlite_stat1」"),
    "newer schema": ([f"UPDATE meta SET value = '{SCHEMA_VERSION + 1}' WHERE key = 'schema_version'"],
                     "新しい形式.*プログラムを更新"),
    # made for the previous program: schema 2 had no readings table (search's kana → kanji look-up)
    "older schema (2, no readings)": (["DROP TABLE readings", "UPDATE meta SET value = '2' WHERE key = 'schema_version'"],
                                      "古い形式（版 2）.*版 3"),
    "readings table missing": (["DROP TABLE readings"], "表「readings」がありません"),
    "reading that is not text": (["UPDATE readings SET reading = X'41' WHERE id = 1"], "readings.*文字列でない値"),
}


@pytest.mark.parametrize("case", list(HOSTILE_DATABASES))
def test_a_database_the_reader_cannot_use_is_refused_in_plain_japanese(case: str, tmp_path: Path) -> None:
    sql, reason = HOSTILE_DATABASES[case]
    db = modified_db(tmp_path, *sql)
    with pytest.raises(PackageRejected, match=reason or ""):
        install_package(build_package(tmp_path / "p.dxdata", db=db), tmp_path / "home")
    assert not (tmp_path / "home").exists()  # a refusal leaves no trace


def test_the_committed_casebook_matches_the_one_declaration_exactly() -> None:
    """An independent reading of data/casebook.sqlite (plain pragmas) against casebook_schema, then the checker."""
    conn = sqlite3.connect(f"{COMMITTED_DB.resolve().as_uri()}?mode=ro", uri=True)
    try:
        objects = {(t, n) for t, n in conn.execute("SELECT type, name FROM sqlite_master")}
        declared = {("table", t) for t in schema.TABLES} | {("index", i) for i in schema.INDEXES} \
            | {("index", i) for i in schema.automatic_indexes()}
        assert objects == declared
        for table, columns in schema.TABLES.items():
            found = [(r[1], r[2], bool(r[3]), r[5]) for r in conn.execute(f'PRAGMA table_info("{table}")')]
            assert found == [(c.name, c.type, c.not_null, c.pk) for c in columns], table
    finally:
        conn.close()
    assert check_casebook_file(COMMITTED_DB)["data_version"]


def test_invalid_text_encoding_is_refused(tmp_path: Path) -> None:
    db = modified_db(tmp_path, "UPDATE cases SET title = CAST(X'80ff41' AS TEXT) WHERE position = 0")
    with pytest.raises(PackageRejected, match="UTF-8 として読めない文字列"):
        install_package(build_package(tmp_path / "p.dxdata", db=db), tmp_path / "home")


def test_the_trial_load_is_bounded_in_time(tmp_path: Path) -> None:
    assert trial_load(COMMITTED_DB, tmp_path / "ok") == 78
    with pytest.raises(PackageRejected, match="秒以内に終わりませんでした"):
        trial_load(COMMITTED_DB, tmp_path / "slow", seconds=0.001)


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX-only: the child caps its address space with RLIMIT_AS; "
                    "on Windows only SQLite's heap limit (and the package's size limits) hold")
def test_the_trial_load_is_bounded_in_memory(tmp_path: Path) -> None:
    with pytest.raises(PackageRejected, match="試しに読み込めませんでした（(メモリ|.*Error)"):
        trial_load(COMMITTED_DB, tmp_path / "small", memory_bytes=16 * 1024 * 1024)


def test_untrusted_databases_are_opened_read_only_with_defensive_settings(tmp_path: Path) -> None:
    copy = tmp_path / "c.sqlite"
    copy.write_bytes(COMMITTED_DB.read_bytes())
    with open_untrusted(copy) as conn:
        assert conn.execute("PRAGMA trusted_schema").fetchone()[0] == 0
        assert conn.execute("PRAGMA query_only").fetchone()[0] == 1
        assert conn.getlimit(sqlite3.SQLITE_LIMIT_LENGTH) == 4 * schema.MAX_CELL_BYTES
        assert conn.getlimit(sqlite3.SQLITE_LIMIT_ATTACHED) == 0
        with pytest.raises(sqlite3.OperationalError, match="readonly|read-only|query_only"):
            conn.execute("DELETE FROM meta")
    with pytest.raises(PackageRejected, match="秒以内に終わりませんでした"):
        with open_untrusted(copy, seconds=0.0) as conn:
            conn.execute("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n) SELECT count(*) FROM n").fetchone()
