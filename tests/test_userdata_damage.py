"""Damage inside the user-data file that SQLite alone would not stop: found at start, repaired in place when
that needs no guessing (indexes, single cells, dangling references) so nothing saved since the last backup
is lost, otherwise restored from the backup; and `dxreader-cli userdata check [--repair]`."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from dxreader.cli import main as cli
from dxreader.services.userdata import UserData
from dxreader.storage.userdb import SCHEMA_VERSION

DAY1 = datetime(2026, 11, 1, 9, 0, 0)
LATER = DAY1 + timedelta(days=1)


def _home(tmp_path: Path) -> Path:
    """A daily backup, then a note saved after it: a repair keeps that note, a restore cannot."""
    home = tmp_path / "home"
    with UserData.open(home, now=DAY1) as data:
        folder = data.store.create_folder("窓口")
        for i in range(40):
            case_id = f"taisei-07{i:04d}"
            data.store.add_bookmark(case_id, f"事例{i}", "町")
            data.store.set_folder(case_id, folder.id)
            data.store.set_tags(case_id, ["タグ"])
            data.store.save_note(case_id, f"メモ{i}。" * 20)
        data.daily_backup(DAY1)
        data.store.save_note("taisei-070001", "バックアップの後に書いたメモ")
    return home


def _raw(home: Path, *statements: str) -> None:
    """Change the file behind the program's back, as damage would (no constraints, no schema checks)."""
    conn = sqlite3.connect(home / "userdata.sqlite", isolation_level=None)
    conn.execute("PRAGMA foreign_keys = OFF")
    conn.execute("PRAGMA writable_schema = ON")
    for statement in statements:
        conn.execute(statement)
    conn.close()


def _flip_in_index(home: Path) -> None:
    """Change one key inside the bookmarks' primary-key index, leaving the table as it was."""
    path = home / "userdata.sqlite"
    conn = sqlite3.connect(path)
    root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = 'sqlite_autoindex_bookmarks_1'").fetchone()[0]
    page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    conn.close()
    data = bytearray(path.read_bytes())
    page = data[(root - 1) * page_size: root * page_size]
    at = (root - 1) * page_size + page.index(b"taisei-070005")
    data[at + len("taisei-07000")] = ord("9")  # now says taisei-070009, out of order and a duplicate
    path.write_bytes(bytes(data))


def _after_backup_note_kept(data: UserData) -> bool:
    return data.note("taisei-070001").text == "バックアップの後に書いたメモ"  # type: ignore[union-attr]


REPAIRABLE: dict[str, tuple[Callable[[Path], None], str]] = {
    "index entry changed": (_flip_in_index, "索引を作り直しました"),
    "invalid UTF-8 in a note": (lambda h: _raw(h, "UPDATE notes SET text = CAST(X'E383A1E383A2FF' AS TEXT)"
                                                  " WHERE case_id = 'taisei-070003'"), "置き換えました"),
    "a title turned into bytes": (lambda h: _raw(h, "UPDATE bookmarks SET title = X'00FF'"
                                                    " WHERE case_id = 'taisei-070004'"), "置き換えました"),
    "a revision lost": (lambda h: _raw(h, "UPDATE notes SET revision = 'x' WHERE case_id = 'taisei-070006'"),
                        "置き換えました"),
    "folder reference dangling": (lambda h: _raw(h, "UPDATE bookmarks SET folder_id = 'gone'"
                                                    " WHERE case_id = 'taisei-070007'"), "フォルダ・タグの指定"),
    "tag of no bookmark": (lambda h: _raw(h, "INSERT INTO bookmark_tags VALUES ('taisei-999999', 'x', 0)"),
                           "フォルダ・タグの指定"),
}


@pytest.mark.parametrize("name", sorted(REPAIRABLE))
def test_damage_that_needs_no_guessing_is_repaired_keeping_every_later_save(tmp_path: Path, name: str) -> None:
    home = _home(tmp_path)
    damage, said = REPAIRABLE[name]
    damage(home)
    damaged = (home / "userdata.sqlite").read_bytes()
    with UserData.open(home, now=LATER) as data:
        rec = data.recovery
        assert rec.outcome == "repaired", rec.messages
        assert said in rec.messages[-1]
        assert rec.moved_aside is not None and rec.moved_aside.read_bytes() == damaged  # the original is kept
        assert _after_backup_note_kept(data)
        assert data.check()["integrity"] == "ok"
        listed = data.bookmarks()
        assert len(listed) == 40 and all(data.bookmark(b.case_id) == b for b in listed)
        assert all(isinstance(v, str) for b in listed for v in (b.title, b.annotation, b.created_at))
        assert all(data.note(n.case_id) == n for n in data.store.notes())
    with UserData.open(home, now=LATER) as data:  # and it stays repaired
        assert data.recovery.outcome == "ok" and data.recovery.messages == []


def test_invalid_text_in_a_note_reads_with_replacement_characters(tmp_path: Path) -> None:
    home = _home(tmp_path)
    _raw(home, "UPDATE notes SET text = CAST(X'E383A1E383A2FF' AS TEXT) WHERE case_id = 'taisei-070003'")
    with UserData.open(home, now=LATER) as data:
        assert data.note("taisei-070003").text == "メモ\ufffd"  # type: ignore[union-attr]
        # damaged again while the program runs: reads still work, with U+FFFD for what cannot be decoded
        data.store.conn.execute("UPDATE notes SET text = CAST(X'FFE383A2' AS TEXT) WHERE case_id = 'taisei-070002'")
        assert data.note("taisei-070002").text == "\ufffdモ"  # type: ignore[union-attr]
        assert len(data.store.notes()) == 40 and data.store.snapshot().notes


RESTORED: dict[str, Callable[[Path], None]] = {
    "a column renamed in the schema": lambda h: _raw(
        h, "UPDATE sqlite_master SET sql = replace(sql, 'annotation TEXT', 'annotatiom TEXT')"
           " WHERE name = 'bookmarks'"),
    "the version number flipped upwards": lambda h: _raw(h, f"PRAGMA user_version = {SCHEMA_VERSION | 4}"),
    "the version number flipped to zero": lambda h: _raw(h, "PRAGMA user_version = 0"),
    "a key no longer a case ID": lambda h: _raw(h, "UPDATE notes SET case_id = 'Taisei 070002'"
                                                   " WHERE case_id = 'taisei-070002'"),
    "text encoding flag flipped": lambda h: _patch(h, 56, b"\x00\x00\x00\x03"),
    # SQLite's own error message then holds bytes Python cannot decode (UnicodeDecodeError, not sqlite3.Error)
    "an undecodable byte in the schema": lambda h: _raw(
        h, "UPDATE sqlite_master SET sql = CAST(X'435245415445205441424C45206E6F74657320F5' AS TEXT)"
           " WHERE name = 'notes'"),
}


def _patch(home: Path, offset: int, data: bytes) -> None:
    path = home / "userdata.sqlite"
    content = bytearray(path.read_bytes())
    content[offset:offset + len(data)] = data
    path.write_bytes(bytes(content))


@pytest.mark.parametrize("name", sorted(RESTORED))
def test_damage_that_would_need_guessing_restores_the_backup(tmp_path: Path, name: str) -> None:
    home = _home(tmp_path)
    RESTORED[name](home)
    with UserData.open(home, now=LATER) as data:
        assert data.recovery.outcome == "backup", data.recovery.messages
        assert data.recovery.moved_aside is not None and data.recovery.moved_aside.exists()
        assert data.note("taisei-070001").text == "メモ1。" * 20  # type: ignore[union-attr]
        assert data.check()["integrity"] == "ok" and len(data.bookmarks()) == 40


def test_cli_check_reports_without_changing_and_repair_repairs(tmp_path: Path,
                                                               capsys: pytest.CaptureFixture[str]) -> None:
    home = _home(tmp_path)
    _flip_in_index(home)
    damaged = (home / "userdata.sqlite").read_bytes()
    assert cli(["userdata", "check", "--home", str(home)]) == 1
    out = capsys.readouterr().out
    assert "壊れた箇所があります" in out and "--repair" in out
    assert (home / "userdata.sqlite").read_bytes() == damaged and not list(home.glob("*.corrupt-*"))

    assert cli(["userdata", "check", "--repair", "--home", str(home)]) == 0
    out = capsys.readouterr().out
    assert "問題はありません" in out and "修復: " in out and "索引を作り直しました" in out
    assert len(list(home.glob("userdata.corrupt-*.sqlite"))) == 1

    assert cli(["userdata", "check", "--json", "--home", str(home)]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["integrity"] == "ok" and report["counts"]["bookmarks"] == 40
    with UserData.open(home) as data:
        assert _after_backup_note_kept(data)


def test_cli_check_of_an_unreadable_file_says_so(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    home = _home(tmp_path)
    _patch(home, 0, b"not a database at all")
    assert cli(["userdata", "check", "--home", str(home)]) == 1
    assert "壊れています" in capsys.readouterr().err
    assert cli(["userdata", "check", "--repair", "--home", str(home)]) == 0
    captured = capsys.readouterr()
    assert "バックアップから復元しました" in captured.out + captured.err


def _home_with_log(tmp_path: Path) -> tuple[Path, bytes, bytes]:
    """Saves still in the write-ahead log, as after a crash or power cut: (home, main file, log)."""
    home = tmp_path / "home"
    data = UserData.open(home, now=DAY1)
    data.store.conn.execute("PRAGMA wal_autocheckpoint = 0")
    for i in range(20):
        data.store.save_note(f"taisei-07{i:04d}", f"ログの中のメモ{i}。" * 300)
    main, log = (home / "userdata.sqlite").read_bytes(), (home / "userdata.sqlite-wal").read_bytes()
    data.close()
    return home, main, log


def _put_back(home: Path, main: bytes, log: bytes) -> None:
    (home / "userdata.sqlite").write_bytes(main)
    (home / "userdata.sqlite-wal").write_bytes(log)
    (home / "userdata.sqlite-shm").unlink(missing_ok=True)


def test_log_damaged_in_the_middle_is_reported_and_kept_not_dropped_in_silence(tmp_path: Path) -> None:
    home, main, log = _home_with_log(tmp_path)
    page_size = int.from_bytes(log[8:12], "big")
    damaged = bytearray(log)
    damaged[32 + 60 * (24 + page_size) + 24 + 100] ^= 0x10  # inside the 61st frame's page
    _put_back(home, main, bytes(damaged))
    with UserData.open(home, now=LATER) as data:
        rec = data.recovery
        assert rec.outcome == "partial"
        assert "壊れていました" in rec.messages[0] and "61番目" in rec.messages[0]
        assert rec.moved_aside is not None
        assert Path(str(rec.moved_aside) + "-wal").read_bytes() == bytes(damaged)  # kept for IT
        assert data.check()["integrity"] == "ok"
        assert data.note("taisei-070000") is not None  # saves before the damage are there


def test_log_with_a_torn_end_opens_quietly(tmp_path: Path) -> None:
    home, main, log = _home_with_log(tmp_path)
    _put_back(home, main, log[:-700])  # the last save was being written when the power went
    with UserData.open(home, now=LATER) as data:
        assert data.recovery.outcome == "ok" and data.recovery.messages == []
        assert data.note("taisei-070018").text == "ログの中のメモ18。" * 300  # type: ignore[union-attr]


def test_a_key_stored_as_bytes_behind_an_index_is_not_taken_for_text(tmp_path: Path) -> None:
    """The serial type of a key flipped from TEXT to BLOB with the same bytes: the index still holds the text,
    so a query through it looks fine; the table's own cell is checked, and the key cannot be trusted."""
    home = _home(tmp_path)
    _raw(home, "UPDATE bookmark_tags SET case_id = CAST(case_id AS BLOB) WHERE case_id = 'taisei-070009'",
         "REINDEX")  # (REINDEX: only the type differs, as after a flip that SQLite's check cannot see)
    with UserData.open(home, now=LATER) as data:
        assert data.recovery.outcome == "backup", data.recovery.messages
        assert data.bookmark("taisei-070009").tags == ("タグ",)  # type: ignore[union-attr]
