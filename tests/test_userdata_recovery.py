"""Opening the user-data file: migrations from every earlier schema, backups, and recovery from damage."""

from __future__ import annotations

import json
import shutil
import sqlite3
import subprocess
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from dxreader.services.userdata import UserData
from dxreader.storage import backups
from dxreader.storage.errors import UserDataError, UserDataTooNew
from dxreader.storage.userdb import SCHEMA_VERSION

FIXTURES = Path(__file__).parent / "fixtures"
DAY1 = datetime(2026, 11, 1, 9, 0, 0)


def test_every_earlier_schema_version_has_a_fixture() -> None:
    assert sorted(FIXTURES.glob("userdata-v*.sqlite")) == [
        FIXTURES / f"userdata-v{v}.sqlite" for v in range(1, SCHEMA_VERSION)]


@pytest.mark.parametrize("version", range(1, SCHEMA_VERSION))
def test_file_from_an_earlier_version_migrates_with_nothing_lost(tmp_path: Path, version: int) -> None:
    home = tmp_path / "home"
    home.mkdir()
    shutil.copy(FIXTURES / f"userdata-v{version}.sqlite", home / "userdata.sqlite")
    old = sqlite3.connect(home / "userdata.sqlite")
    old_bookmarks = old.execute("SELECT case_id, title, municipality, annotation, created_at FROM bookmarks").fetchall()
    old_notes = old.execute("SELECT case_id, text FROM notes").fetchall()
    old.close()
    with UserData.open(home, now=DAY1) as data:
        assert data.recovery.migrated_from == version
        assert data.store.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert sorted((b.case_id, b.title, b.municipality, b.annotation, b.created_at)
                      for b in data.bookmarks()) == sorted(old_bookmarks)
        assert sorted((n.case_id, n.text) for n in data.store.notes()) == sorted(old_notes)
        assert data.check()["integrity"] == "ok"
        # and the new features work on the migrated file
        folder = data.store.create_folder("移行後")
        data.store.set_folder("taisei-074055", folder.id)
        data.store.set_tags("taisei-074055", ["移行"])
    pre_migration = backups.database_backups(home)
    assert len(pre_migration) == 1  # a copy of the old file was taken before migrating
    old = sqlite3.connect(pre_migration[0].path)
    assert old.execute("PRAGMA user_version").fetchone()[0] == version
    old.close()


def test_file_from_a_newer_version_is_refused_and_left_alone(tmp_path: Path) -> None:
    home = tmp_path / "home"
    UserData.open(home).close()
    conn = sqlite3.connect(home / "userdata.sqlite")
    conn.execute("CREATE TABLE added_by_a_newer_version (x)")  # every migration changes the schema
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()
    before = (home / "userdata.sqlite").read_bytes()
    with pytest.raises(UserDataTooNew, match="新しい版"):
        UserData.open(home)
    assert (home / "userdata.sqlite").read_bytes() == before
    assert not list(home.glob("*.corrupt-*"))


def _home_with_backup(tmp_path: Path) -> tuple[Path, list[tuple[str, str]]]:
    """A data folder with one daily backup of two notes, then a third note saved after the backup."""
    home = tmp_path / "home"
    with UserData.open(home, now=DAY1) as data:
        data.store.save_note("taisei-074055", "バックアップ前のメモ1")
        data.store.add_bookmark("taisei-070009", "福島県の事例", "福島県")
        data.store.save_note("taisei-070009", "バックアップ前のメモ2")
        assert len(data.daily_backup(DAY1)) == 2
        data.store.save_note("taisei-281000", "バックアップ後のメモ")
    return home, [("taisei-070009", "バックアップ前のメモ2"), ("taisei-074055", "バックアップ前のメモ1")]


def _garbage_pages(path: Path) -> None:
    data = bytearray(path.read_bytes())
    for offset in range(4096, len(data), 4096):  # every page but the header page
        data[offset:offset + 512] = b"\xde\xad\xbe\xef" * 128
    path.write_bytes(bytes(data))


def _truncate(path: Path) -> None:
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2 + 100])


def _wrong_file(path: Path) -> None:
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 5000)


def _other_database(path: Path) -> None:
    path.unlink()
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE t (x)")
    conn.commit()
    conn.close()


def _emptied(path: Path) -> None:
    path.write_bytes(b"")


DAMAGE = {"truncated": _truncate, "garbage pages": _garbage_pages, "wrong file": _wrong_file,
          "other database": _other_database, "emptied": _emptied}


@pytest.mark.parametrize("damage", sorted(DAMAGE))
def test_damaged_file_is_moved_aside_and_the_newest_backup_restored(tmp_path: Path, damage: str) -> None:
    home, expected = _home_with_backup(tmp_path)
    path = home / "userdata.sqlite"
    original_size = path.stat().st_size
    DAMAGE[damage](path)
    damaged = path.read_bytes()
    with UserData.open(home, now=DAY1 + timedelta(days=1)) as data:
        rec = data.recovery
        assert rec.outcome == "backup"
        assert rec.moved_aside is not None and rec.moved_aside.read_bytes() == damaged  # kept, not deleted
        assert str(rec.moved_aside) in rec.messages[0] and "壊れていた" in rec.messages[0]
        assert "バックアップから復元" in rec.messages[1]
        assert sorted((n.case_id, n.text) for n in data.store.notes()) == expected
        assert data.bookmark("taisei-070009") is not None
    # Repairing again changes nothing.
    files_before = sorted(p.name for p in home.iterdir())
    with UserData.open(home, now=DAY1 + timedelta(days=1)) as data:
        assert data.recovery.outcome == "ok" and data.recovery.messages == []
        assert sorted((n.case_id, n.text) for n in data.store.notes()) == expected
    assert sorted(p.name for p in home.iterdir()) == files_before
    assert original_size > 0


def test_missing_wal_leaves_the_last_checkpointed_state(tmp_path: Path) -> None:
    home = tmp_path / "home"
    with UserData.open(home) as data:
        data.store.save_note("taisei-074055", "チェックポイント済み")
        data.store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        data.store.conn.execute("PRAGMA wal_autocheckpoint = 0")
        data.store.save_note("taisei-070009", "WALの中だけ")
        wal = home / "userdata.sqlite-wal"
        assert wal.stat().st_size > 0
        saved_wal = wal.read_bytes()
        shutil.copy(home / "userdata.sqlite", tmp_path / "main-copy")
    # The process is gone and the WAL with it (e.g. deleted by a cleanup tool): the main file is consistent.
    shutil.copy(tmp_path / "main-copy", home / "userdata.sqlite")
    (home / "userdata.sqlite-wal").unlink(missing_ok=True)
    (home / "userdata.sqlite-shm").unlink(missing_ok=True)
    with UserData.open(home) as data:
        assert data.recovery.outcome == "ok"
        assert data.note("taisei-074055").text == "チェックポイント済み"  # type: ignore[union-attr]
        assert data.check()["integrity"] == "ok"
    assert saved_wal  # and with the WAL present, the later note is there too:
    shutil.copy(tmp_path / "main-copy", home / "userdata.sqlite")
    (home / "userdata.sqlite-wal").write_bytes(saved_wal)
    (home / "userdata.sqlite-shm").unlink(missing_ok=True)
    with UserData.open(home) as data:
        assert data.note("taisei-070009").text == "WALの中だけ"  # type: ignore[union-attr]


def test_falls_back_to_the_json_export_when_no_database_backup_is_good(tmp_path: Path) -> None:
    home, expected = _home_with_backup(tmp_path)
    for b in backups.database_backups(home):
        _garbage_pages(b.path)
    _wrong_file(home / "userdata.sqlite")
    with UserData.open(home) as data:
        assert data.recovery.outcome == "json"
        assert "書き出しファイル（JSON）から復元" in data.recovery.messages[-1]
        assert sorted((n.case_id, n.text) for n in data.store.notes()) == expected


def test_starts_fresh_and_says_so_when_nothing_is_usable(tmp_path: Path) -> None:
    home, _ = _home_with_backup(tmp_path)
    for b in backups.database_backups(home) + backups.json_exports(home):
        _wrong_file(b.path)
    _truncate(home / "userdata.sqlite")
    with UserData.open(home) as data:
        assert data.recovery.outcome == "fresh"
        assert "空のしおり・メモで始めます" in data.recovery.messages[-1]
        assert data.recovery.moved_aside is not None and data.recovery.moved_aside.exists()
        assert data.store.counts() == {"folders": 0, "bookmarks": 0, "notes": 0}


def test_deleted_file_is_restored_from_backup(tmp_path: Path) -> None:
    home, expected = _home_with_backup(tmp_path)
    for name in ("userdata.sqlite", "userdata.sqlite-wal", "userdata.sqlite-shm"):
        (home / name).unlink(missing_ok=True)
    with UserData.open(home) as data:
        assert data.recovery.outcome == "backup"
        assert "見つかりませんでした" in data.recovery.messages[0]
        assert sorted((n.case_id, n.text) for n in data.store.notes()) == expected


def test_backups_are_daily_bounded_and_verified_before_rotation(tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    home = tmp_path / "home"
    with UserData.open(home) as data:
        data.store.save_note("taisei-074055", "毎日のメモ")
        for day in range(10):
            now = DAY1 + timedelta(days=day)
            assert len(data.daily_backup(now)) == 2
            assert data.daily_backup(now + timedelta(hours=3)) == []  # at most daily
        assert len(backups.database_backups(home)) == backups.KEEP
        assert len(backups.json_exports(home)) == backups.KEEP
        assert backups.database_backups(home)[0].taken == DAY1 + timedelta(days=9)
        assert all(backups.verify_database(b.path, {"notes": 1}) for b in backups.database_backups(home))
        kept = sorted(p.name for p in backups.backup_dir(home).iterdir())
        monkeypatch.setattr(backups, "verify_database", lambda *a, **k: False)  # the new copy is bad
        with pytest.raises(UserDataError, match="古いバックアップは残しました"):
            data.daily_backup(DAY1 + timedelta(days=11))
        assert sorted(p.name for p in backups.backup_dir(home).iterdir()) == kept


STARTER = """
import json, sys, time
from pathlib import Path
go = Path(sys.argv[2])
while not go.exists():  # every copy is loaded and waiting; then all start at the same moment
    time.sleep(0.001)
sys.stdout.reconfigure(encoding="utf-8")  # Japanese notes through a pipe on any Windows locale
from dxreader.services.userdata import UserData
with UserData.open(Path(sys.argv[1])) as data:
    print(json.dumps({"outcome": data.recovery.outcome,
                      "notes": sorted([n.case_id, n.text] for n in data.store.notes())}, ensure_ascii=False))
"""


@pytest.mark.parametrize("damage", ["garbage pages", "truncated", "emptied"])
def test_copies_started_together_on_a_damaged_file_all_open_it(tmp_path: Path, damage: str) -> None:
    """Two or three copies of the program (double-clicked twice, or the start menu and a shortcut) meet a
    damaged file at once: one moves it aside and restores; the others wait, then open the restored file."""
    for attempt in range(4):
        home, expected = _home_with_backup(tmp_path / str(attempt))
        DAMAGE[damage](home / "userdata.sqlite")
        go = tmp_path / f"go-{attempt}"
        procs = [subprocess.Popen([sys.executable, "-c", STARTER, str(home), str(go)], stdout=subprocess.PIPE,
                                  stderr=subprocess.PIPE, text=True, encoding="utf-8") for _ in range(2 + attempt % 2)]
        time.sleep(1.5)  # let every interpreter import and reach the starting line
        go.touch()
        results = [p.communicate(timeout=120) for p in procs]
        assert [p.returncode for p in procs] == [0] * len(procs), [err for _, err in results]
        reports = [json.loads(out) for out, _ in results]
        assert sorted(r["outcome"] for r in reports) == ["backup"] + ["ok"] * (len(procs) - 1)
        assert all(r["notes"] == [list(e) for e in expected] for r in reports)
        assert len(list(home.glob("userdata.corrupt-*.sqlite"))) == 1
