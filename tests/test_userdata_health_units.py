"""Damage inside the user-data file found cell by cell and repaired, and the WAL reader that tells a torn end
from damage in the middle (found unguarded by mutation testing, tests/bench/mutation.py)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from dxreader.services.userdata import UserData


# --- damage the store's own check finds in single cells -------------------------------------------------
def _raw(path: Path, *statements: str) -> None:
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA foreign_keys = OFF")
    for statement in statements:
        conn.execute(statement)
    conn.close()


def _bookmarked_with_notes(tmp_path: Path, count: int, folder: str | None = None) -> Path:
    """A user-data file with `count` bookmarks and notes (taisei-070000 …), and a folder if named."""
    with UserData.open(tmp_path / "home") as data:
        if folder:
            data.store.create_folder(folder)
        for n in range(count):
            data.store.add_bookmark(f"taisei-07000{n}", f"題{n}", "町")
            data.store.save_note(f"taisei-07000{n}", f"メモ{n}")
        return data.store.path


def test_every_bad_cell_is_named_with_its_row_and_kind(tmp_path: Path) -> None:
    from dxreader.storage.health import Cell, examine
    from dxreader.storage.userdb import SCHEMA_VERSION

    path = _bookmarked_with_notes(tmp_path, 4)
    _raw(path, "UPDATE bookmarks SET folder_id = X'07' WHERE case_id = 'taisei-070001'",
         "UPDATE notes SET text = CAST(X'E383A1FF' AS TEXT) WHERE case_id IN ('taisei-070000', 'taisei-070002')",
         "UPDATE notes SET revision = CAST('x' AS TEXT) WHERE case_id = 'taisei-070003'",
         "INSERT INTO folders VALUES ('f' || hex(randomblob(15)), '窓口', CAST('x' AS TEXT))")
    conn = sqlite3.connect(path)
    rowid = {r[0]: r[1] for r in conn.execute("SELECT case_id, rowid FROM notes")}
    health = examine(conn, SCHEMA_VERSION)
    conn.close()
    bookmark_row = 2
    assert health.fatal == [] and health.indexes == [] and not health.ok
    assert health.cells == [Cell("bookmarks", bookmark_row, "folder_id", "type"),
                            Cell("notes", rowid["taisei-070000"], "text", "encoding"),
                            Cell("notes", rowid["taisei-070002"], "text", "encoding"),
                            Cell("notes", rowid["taisei-070003"], "revision", "type"),
                            Cell("folders", 1, "position", "type")]  # text in a number column: a type, not an encoding
    assert health.summary().startswith(f"bookmarks.folder_id 行{bookmark_row}（型）; notes.text 行")


def test_a_file_in_another_text_encoding_is_fatal_and_says_which(tmp_path: Path) -> None:
    from dxreader.storage.health import examine
    from dxreader.storage.userdb import SCHEMA_VERSION

    conn = sqlite3.connect(tmp_path / "utf16.sqlite")
    conn.execute("PRAGMA encoding = 'UTF-16le'")
    conn.execute("CREATE TABLE t (x)")
    health = examine(conn, SCHEMA_VERSION)
    conn.close()
    assert health.fatal == ["文字コードの欄が UTF-16le になっています"] and health.summary() == health.fatal[0]


def test_every_index_entry_out_of_place_is_listed(tmp_path: Path) -> None:
    from dxreader.storage.health import examine
    from dxreader.storage.userdb import SCHEMA_VERSION
    from tests.test_userdata_damage import _flip_in_index

    with UserData.open(tmp_path / "home") as data:
        for n in range(12):
            data.store.add_bookmark(f"taisei-07{n:04d}", "題", "町")
    _flip_in_index(tmp_path / "home")  # taisei-070005 now reads taisei-070009 inside the index only
    conn = sqlite3.connect(tmp_path / "home" / "userdata.sqlite")
    health = examine(conn, SCHEMA_VERSION)
    conn.close()
    assert health.fatal == [] and health.cells == []
    assert health.indexes == [f"row {n} missing from index sqlite_autoindex_bookmarks_1" for n in (6, 7, 8, 9)]


def test_repair_puts_sound_values_in_place_and_keeps_a_bookmark_whose_folder_is_gone(tmp_path: Path) -> None:
    from dxreader.storage.health import examine, repair
    from dxreader.storage.userdb import SCHEMA_VERSION

    path = _bookmarked_with_notes(tmp_path, 5, folder="窓口")
    _raw(path, "UPDATE notes SET revision = CAST('x' AS TEXT) WHERE case_id = 'taisei-070001'",
         "UPDATE folders SET position = CAST('y' AS TEXT)",
         "UPDATE notes SET text = CAST(X'E383A1FF' AS TEXT) WHERE case_id = 'taisei-070002'",
         *[f"UPDATE bookmarks SET folder_id = 'gone{n}' WHERE case_id = 'taisei-07000{n}'" for n in range(4)])
    conn = sqlite3.connect(path, isolation_level=None)
    health = examine(conn, SCHEMA_VERSION)
    assert len(health.dangling) == 4 and health.summary().count("（参照先なし）") == 3  # the first three are named
    done = repair(conn, health)
    assert done == ["読めない文字などがあった 3 か所を「\ufffd」や空欄に置き換えました。",
                    "行き先のなくなったフォルダ・タグの指定 4 件を外しました。"]
    assert conn.execute("SELECT revision FROM notes WHERE case_id = 'taisei-070001'").fetchone()[0] == 1
    assert conn.execute("SELECT position FROM folders").fetchone()[0] == 0
    assert conn.execute("SELECT text FROM notes WHERE case_id = 'taisei-070002'").fetchone()[0] == "メ\ufffd"
    assert conn.execute("SELECT count(*) FROM bookmarks WHERE folder_id IS NULL").fetchone()[0] == 5  # all kept
    assert examine(conn, SCHEMA_VERSION).ok
    conn.close()


def test_text_that_is_not_utf8_alone_is_found_by_the_decoder(tmp_path: Path) -> None:
    from dxreader.storage.health import Cell, examine
    from dxreader.storage.userdb import SCHEMA_VERSION

    with UserData.open(tmp_path / "home") as data:
        data.store.save_note("taisei-070000", "メモ")
        path = data.store.path
    _raw(path, "UPDATE notes SET text = CAST(X'FF' AS TEXT)")
    conn = sqlite3.connect(path)
    assert examine(conn, SCHEMA_VERSION).cells == [Cell("notes", 1, "text", "encoding")]
    conn.close()


# --- the WAL reader that tells a torn end from damage in the middle ---------------------------------------
def _wal_with_commits(tmp_path: Path, commits: int) -> bytes:
    db = tmp_path / "w.sqlite"
    conn = sqlite3.connect(db, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA wal_autocheckpoint = 0")
    conn.execute("CREATE TABLE t (x)")
    for n in range(commits):
        conn.execute("INSERT INTO t VALUES (?)", (f"保存{n}" * 50,))
    data = (tmp_path / "w.sqlite-wal").read_bytes()
    conn.close()
    return data


def test_a_sound_log_and_a_torn_end_are_no_damage_but_a_break_before_a_commit_is(tmp_path: Path) -> None:
    from dxreader.storage.wal import damage

    data = _wal_with_commits(tmp_path, 4)
    page_size = int.from_bytes(data[8:12], "big")
    frame = 24 + page_size
    frames = (len(data) - 32) // frame
    assert frames >= 5
    log = tmp_path / "copy-wal"
    log.write_bytes(data)
    assert damage(log) is None and damage(log, 2) is None  # sound, read from the start or after SQLite's part
    torn = bytearray(data)
    torn[32 + (frames - 1) * frame + 100] ^= 0xFF  # the last frame: a save that never finished
    log.write_bytes(bytes(torn))
    assert damage(log) is None
    broken = bytearray(data)
    broken[32 + frame + 100] ^= 0xFF  # the second frame, with confirmed saves after it
    log.write_bytes(bytes(broken))
    assert damage(log) == "ログの2番目の記録が壊れています（その後の保存が読めません）"
    header = bytearray(data)
    header[20] ^= 0xFF  # a salt word of the log's header: its checksum no longer holds
    log.write_bytes(bytes(header))
    assert damage(log) == "ログの先頭が壊れています"
    assert damage(tmp_path / "missing-wal") is None


def test_a_log_whose_first_word_is_not_a_wal_magic_number_is_broken(tmp_path: Path) -> None:
    from dxreader.storage.wal import damage

    data = bytearray(_wal_with_commits(tmp_path, 2))
    data[0:4] = b"\x37\x7f\x06\x84"
    (tmp_path / "log").write_bytes(bytes(data))
    assert damage(tmp_path / "log") == "ログの先頭が壊れています"


def test_a_header_with_a_sound_checksum_but_no_wal_magic_number_is_still_broken(tmp_path: Path) -> None:
    import struct

    from dxreader.storage.wal import _checksum, damage

    data = bytearray(_wal_with_commits(tmp_path, 2))
    data[0:4] = b"\x37\x7f\x06\x84"  # neither 0x377F0682 nor 0x377F0683
    data[24:32] = struct.pack(">II", *_checksum(bytes(data[:24]), (0, 0), "big"))  # as a crafted file would
    (tmp_path / "log").write_bytes(bytes(data))
    assert damage(tmp_path / "log") == "ログの先頭が壊れています"
