"""Small behaviours of storage/ that mutation testing (tests/bench/mutation.py) showed no test would notice."""

from __future__ import annotations

import errno
import os
import sqlite3
from pathlib import Path

import pytest

from dxreader.storage.errors import DataLocked, DiskFull, ReadOnlyLocation, UserDataCorrupt, UserDataError
from dxreader.storage.userdb import connect, translate

HOME = Path("/home/someone/dxreader/userdata.sqlite")


def sqlite_error(extended_code: int) -> sqlite3.Error:
    exc = sqlite3.OperationalError("simulated")
    exc.sqlite_errorcode = extended_code  # type: ignore[attr-defined]
    return exc


@pytest.mark.parametrize(("exc", "kind"), [
    (OSError(errno.ENOSPC, "No space left on device"), DiskFull),
    (OSError(errno.EACCES, "Permission denied"), ReadOnlyLocation),
    (OSError(errno.EROFS, "Read-only file system"), ReadOnlyLocation),
    (OSError(errno.EPERM, "Operation not permitted"), ReadOnlyLocation),
    (sqlite_error(13), DiskFull),  # SQLITE_FULL
    (sqlite_error(8 | 4 << 8), ReadOnlyLocation),  # SQLITE_READONLY_DBMOVED: the primary code is the low byte
    (sqlite_error(14 | 1 << 8), ReadOnlyLocation),  # SQLITE_CANTOPEN_NOTEMPDIR
    (sqlite_error(5 | 1 << 8), DataLocked),  # SQLITE_BUSY_RECOVERY
    (sqlite_error(6), DataLocked),
    (sqlite_error(11 | 1 << 8), UserDataCorrupt),  # SQLITE_CORRUPT_VTAB
    (sqlite_error(26), UserDataCorrupt),  # SQLITE_NOTADB
])
def test_failures_are_sorted_into_what_a_user_can_act_on(exc: BaseException, kind: type) -> None:
    translated = translate(exc, HOME)
    assert type(translated) is kind
    if kind is DataLocked:
        assert str(translated) == "別のウィンドウがデータを保存中のため、保存できませんでした。もう一度お試しください"
    else:
        assert str(translated).startswith(("ディスク", "データフォルダ", "しおり")) and str(HOME.parent) in str(translated)


@pytest.mark.parametrize("exc", [OSError(errno.EIO, "I/O error"), sqlite_error(10 | 3 << 8), sqlite_error(1),
                                 ValueError("no code at all")])
def test_other_failures_are_a_plain_user_data_error(exc: BaseException) -> None:
    translated = translate(exc, HOME)
    assert type(translated) is UserDataError and str(HOME) in str(translated)


def test_a_file_that_cannot_be_opened_is_a_clear_error_naming_its_folder(tmp_path: Path) -> None:
    (tmp_path / "not-a-folder").write_text("x")
    target = tmp_path / "not-a-folder" / "userdata.sqlite"
    with pytest.raises(ReadOnlyLocation) as caught:
        connect(target)
    assert str(target.parent) in str(caught.value)


# --- the user store: undo of a removal, imports merged into what is there, folder names -------------------
def _store(tmp_path: Path):  # type: ignore[no-untyped-def]
    from dxreader.services.userdata import UserData

    return UserData.open(tmp_path / "home")


def test_removed_bookmarks_come_back_whole(tmp_path: Path) -> None:
    with _store(tmp_path) as data:
        store = data.store
        folder = store.create_folder("窓口")
        for case_id in ("taisei-074055", "taisei-070009", "taisei-281000"):
            store.add_bookmark(case_id, f"題 {case_id}", "町")
        store.set_annotation("taisei-074055", "電話で確認する")
        store.set_folder("taisei-074055", folder.id)
        store.set_tags("taisei-074055", ["窓口", "CDO"])
        before = store.bookmark("taisei-074055")
        taken = store.take_bookmarks(["taisei-074055", "taisei-281000", "taisei-999999"])
        assert sorted(b.case_id for b in taken) == ["taisei-074055", "taisei-281000"]  # an unknown ID is no error
        assert [b.case_id for b in store.bookmarks()] == ["taisei-070009"]
        assert next(b for b in taken if b.case_id == "taisei-074055") == before
        store.restore_bookmarks(taken)
        assert store.bookmark("taisei-074055") == before
        assert store.bookmark("taisei-281000") is not None and len(store.bookmarks()) == 3


def test_a_case_bookmarked_again_before_undo_keeps_both_comments_and_all_tags(tmp_path: Path) -> None:
    with _store(tmp_path) as data:
        store = data.store
        kept, gone = store.create_folder("残す"), store.create_folder("消す")
        store.add_bookmark("taisei-074055", "題", "町")
        store.set_annotation("taisei-074055", "前のコメント")
        store.set_folder("taisei-074055", gone.id)
        store.set_tags("taisei-074055", ["古い"])
        store.add_bookmark("taisei-070009", "題2", "町")
        store.set_folder("taisei-070009", kept.id)
        taken = store.take_bookmarks(["taisei-074055", "taisei-070009"])
        store.delete_folder(gone.id)
        store.add_bookmark("taisei-074055", "題", "町")  # bookmarked again meanwhile
        store.set_annotation("taisei-074055", "あとのコメント")
        store.set_tags("taisei-074055", ["新しい"])
        store.restore_bookmarks(taken)
        again = store.bookmark("taisei-074055")
        assert again.annotation == "前のコメント\n\n――― 登録し直したあとのコメント ―――\nあとのコメント"
        assert again.tags == ("新しい", "古い") and again.folder_id is None  # its folder was deleted meanwhile
        assert again.created_at == next(b for b in taken if b.case_id == "taisei-074055").created_at  # the earlier
        assert store.bookmark("taisei-070009").folder_id == kept.id  # a folder still there is kept


def test_an_import_counts_what_it_added_and_keeps_the_earlier_creation_time(tmp_path: Path) -> None:
    from dxreader.core.userdata import Bookmark, Note, UserSnapshot

    with _store(tmp_path) as data:
        store = data.store
        store.add_bookmark("taisei-074055", "題", "町")
        mine = store.bookmark("taisei-074055")
        incoming = UserSnapshot(
            bookmarks=(Bookmark("taisei-074055", "題", "町", created_at="2020-01-01T00:00:00+09:00",
                                updated_at=""),),
            notes=(Note("taisei-070009", "一つ目", 1), Note("taisei-281000", "二つ目", 1), Note("taisei-070001", "", 1)))
        report = store.merge(incoming, "取り込んだメモ")
        assert report.added == {"folders": 0, "bookmarks": 0, "notes": 2}  # an empty note adds nothing
        assert report.updated["bookmarks"] == 1
        merged = store.bookmark("taisei-074055")
        assert merged.created_at == "2020-01-01T00:00:00+09:00" and merged.updated_at == mine.updated_at


def test_a_folder_name_over_the_limit_is_refused_naming_what_was_too_long(tmp_path: Path) -> None:
    from dxreader.core.userdata import MAX_NAME_CHARS
    from dxreader.storage.userstore import InvalidUserInput

    with _store(tmp_path) as data:
        folder = data.store.create_folder("窓口")
        with pytest.raises(InvalidUserInput, match=f"^フォルダ名が長すぎます（{MAX_NAME_CHARS + 1:,}文字、"):
            data.store.rename_folder(folder.id, "長" * (MAX_NAME_CHARS + 1))
        data.store.rename_folder(folder.id, "  窓口   改革 ")
        assert [f.name for f in data.store.folders()] == ["窓口 改革"]


# --- recovery files for text that could not be saved ------------------------------------------------------
def test_a_draft_goes_to_the_first_folder_that_takes_it_and_reads_back(tmp_path: Path) -> None:
    import json

    from dxreader.storage import drafts

    blocked = tmp_path / "a-file"
    blocked.write_text("x")
    draft = drafts.Draft("note", "taisei-074055", "保存できなかったメモ", "2026-11-23T10:00:00", 3)
    kept = drafts.keep(draft, [blocked / "drafts", tmp_path / "fallback"])
    assert kept == draft and kept.path is not None and kept.path.parent == tmp_path / "fallback"
    assert kept.path.name.startswith("draft-note-taisei-074055-")
    assert json.loads(kept.path.read_text(encoding="utf-8"))["text"] == "保存できなかったメモ"
    assert drafts.load([blocked / "drafts", tmp_path / "fallback"]) == [draft]
    assert drafts.load([tmp_path / "fallback"])[0].path == kept.path
    drafts.remove(kept)
    assert drafts.load([tmp_path / "fallback"]) == []


def test_a_draft_no_folder_takes_names_every_folder_tried(tmp_path: Path) -> None:
    from dxreader.storage import drafts

    blocked = tmp_path / "a-file"
    blocked.write_text("x")
    with pytest.raises(UserDataError, match="^復元用ファイルも保存できませんでした: ") as caught:
        drafts.keep(drafts.Draft("annotation", "taisei-074055", "コメント", "2026-11-23T10:00:00"),
                    [blocked / "one", blocked / "two"])
    assert str(blocked / "one") in str(caught.value) and str(blocked / "two") in str(caught.value)


# --- damage the store's own check finds in single cells -------------------------------------------------
def _raw(path: Path, *statements: str) -> None:
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA foreign_keys = OFF")
    for statement in statements:
        conn.execute(statement)
    conn.close()


def test_every_bad_cell_is_named_with_its_row_and_kind(tmp_path: Path) -> None:
    from dxreader.storage.health import Cell, examine
    from dxreader.storage.userdb import SCHEMA_VERSION

    with _store(tmp_path) as data:
        for n in range(4):
            data.store.add_bookmark(f"taisei-07000{n}", f"題{n}", "町")
            data.store.save_note(f"taisei-07000{n}", f"メモ{n}")
        path = data.store.path
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


# --- backups and atomic writes ---------------------------------------------------------------------------
def test_only_a_readable_copy_of_our_own_file_with_the_same_rows_is_a_usable_backup(tmp_path: Path) -> None:
    from dxreader.storage.backups import verify_database

    with _store(tmp_path) as data:
        data.store.add_bookmark("taisei-074055", "題", "町")
        path, counts = data.store.path, data.store.counts()
    assert verify_database(path, counts) and verify_database(path)
    assert not verify_database(path, {**counts, "bookmarks": 2})
    assert not verify_database(tmp_path / "missing.sqlite")
    other = tmp_path / "other.sqlite"
    sqlite3.connect(other).execute("CREATE TABLE t (x)").connection.close()
    assert not verify_database(other)  # a SQLite file, but not ours (application_id)
    (tmp_path / "garbage.sqlite").write_bytes(b"SQLite format 3\x00" + b"\xff" * 200)
    assert not verify_database(tmp_path / "garbage.sqlite")


@pytest.mark.skipif(os.name == "nt", reason="a folder is synced on POSIX only")
def test_an_atomic_write_syncs_the_file_and_then_its_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import stat

    from dxreader.storage import backups

    synced: list[str] = []
    real_fsync = os.fsync

    def recording_fsync(fd: int) -> None:
        synced.append("folder" if stat.S_ISDIR(os.fstat(fd).st_mode) else "file")
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", recording_fsync)
    backups.write_atomically(tmp_path / "x.json", b"{}")
    assert synced == ["file", "folder"] and (tmp_path / "x.json").read_bytes() == b"{}"
    assert [p.name for p in tmp_path.iterdir()] == ["x.json"]


def test_a_write_the_file_system_refuses_keeps_its_reason(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import builtins

    from dxreader.storage import backups

    def refusing_open(*args: object, **kwargs: object) -> None:
        raise OSError(errno.EROFS, "Read-only file system")

    monkeypatch.setattr(builtins, "open", refusing_open)
    with pytest.raises(ReadOnlyLocation):  # not hidden by the clean-up of a file that was never written
        backups.write_atomically(tmp_path / "x.json", b"{}")


# --- update packages ---------------------------------------------------------------------------------------
def _install(package: Path, tmp_path: Path) -> str:
    from datetime import date

    from dxreader.core.datapackage import PackageRejected
    from dxreader.storage.datapackage import install_package
    from dxreader.storage.package_trust import UpdatePolicy

    with pytest.raises(PackageRejected) as caught:
        install_package(package, tmp_path / "root", in_use="2024-04-24", policy=UpdatePolicy([]),
                        today=date(2026, 11, 23))
    assert not (tmp_path / "root" / "casebooks").exists() or not any((tmp_path / "root" / "casebooks").iterdir())
    return str(caught.value)


def test_a_file_that_is_no_zip_or_a_broken_one_is_refused_in_plain_words(tmp_path: Path) -> None:
    import zipfile

    message = "更新ファイルが壊れているか、ZIP形式ではありません"
    (tmp_path / "text.dxdata").write_bytes("ただの文章です".encode() * 10)
    assert _install(tmp_path / "text.dxdata", tmp_path) == message
    broken = tmp_path / "broken.dxdata"
    with zipfile.ZipFile(broken, "w") as archive:
        archive.writestr("manifest.json", "{}")
        archive.writestr("casebook.sqlite", b"x")
    raw = bytearray(broken.read_bytes())
    raw[0:4] = b"XXXX"  # the member's own header is gone; the directory at the end still lists it
    broken.write_bytes(bytes(raw))
    assert _install(broken, tmp_path) == message


def test_a_package_is_compressed(tmp_path: Path) -> None:
    from dxreader.storage.datapackage import pack
    from tests.conftest import COMMITTED_DB

    pack(COMMITTED_DB, tmp_path / "p.dxdata", released="2026-11-23")
    assert (tmp_path / "p.dxdata").stat().st_size < COMMITTED_DB.stat().st_size * 0.6


def test_when_no_casebook_loads_the_message_lists_why_for_each(tmp_path: Path) -> None:
    from dxreader.storage.casebook_choice import open_best
    from dxreader.storage.errors import CasebookUnreadable

    (tmp_path / "bundled").mkdir()
    with pytest.raises(CasebookUnreadable) as caught:
        open_best(tmp_path / "bundled", [tmp_path / "nowhere"])
    first, *reasons = str(caught.value).split("\n")
    assert first == "使える事例データがありません。" and len(reasons) == 1 and reasons[0].startswith("同梱")


def test_a_key_file_that_is_no_key_is_left_out_and_listed(tmp_path: Path) -> None:
    from dxreader.storage.package_trust import load_policy

    keys = tmp_path / "trusted-keys"
    keys.mkdir()
    (keys / "broken.pem").write_text("-----BEGIN PUBLIC KEY-----\nnot a key\n-----END PUBLIC KEY-----\n")
    policy = load_policy(keys, tmp_path / "update-policy.json")
    assert len(policy.keys) == 1 and not policy.allow_unsigned  # the built-in release key only
    assert len(policy.problems) == 1
    assert policy.problems[0].startswith(f"{keys / 'broken.pem'}: 公開鍵として使えないため無視しました（")


# --- the recently removed list ---------------------------------------------------------------------------
def test_a_removed_list_entry_with_an_over_long_comment_is_not_trusted(tmp_path: Path) -> None:
    from dxreader.core.userdata import MAX_ANNOTATION_CHARS, Bookmark
    from dxreader.storage import removed

    def entry(annotation: str) -> removed.Removed:
        return removed.Removed(Bookmark("taisei-074055", "題", "町", annotation, None, ("窓口",), "2026-11-23",
                                        "2026-11-23"), "2026-11-23T10:00:00")

    removed.save(tmp_path, [entry("あ" * MAX_ANNOTATION_CHARS)])
    assert removed.load(tmp_path) == [entry("あ" * MAX_ANNOTATION_CHARS)]
    removed.save(tmp_path, [entry("あ" * (MAX_ANNOTATION_CHARS + 1))])
    assert removed.load(tmp_path) == []


def test_a_read_only_open_that_finds_nothing_names_the_folder(tmp_path: Path) -> None:
    target = tmp_path / "no-such-folder" / "userdata.sqlite"
    with pytest.raises(UserDataError) as caught:
        connect(target, read_only=True)
    assert str(target.parent) in str(caught.value)


# --- the search index holds every searchable field -------------------------------------------------------
def test_the_index_holds_every_field_of_every_case(tmp_path: Path, committed_casebook) -> None:  # type: ignore[no-untyped-def]
    from whoosh import query as wq

    from dxreader.core.analysis import query_tokens
    from dxreader.core.searchdoc import FIELD_WEIGHTS, searchable_fields
    from dxreader.storage.search_index import build_index, open_index, read_stamp, stamp_for

    case = committed_casebook.cases()[0]
    target = build_index([case], "2026-11-23", tmp_path / "index")
    assert read_stamp(target) == stamp_for("2026-11-23") and [p.name for p in tmp_path.iterdir()] == ["index"]
    fields = searchable_fields(case)
    ix = open_index(target)
    with ix.searcher() as searcher:
        for name in FIELD_WEIGHTS:
            if not fields[name].strip():
                continue
            token = next(t for word in fields[name].split() for t in query_tokens(word))
            hits = list(searcher.docs_for_query(wq.Term(name, token)))
            assert len(hits) == 1, (name, token)
            assert searcher.stored_fields(hits[0])["id"] == case.id
    ix.close()


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


# --- the store's own rules, with a clock the test controls ------------------------------------------------
@pytest.fixture
def clocked(tmp_path: Path):  # type: ignore[no-untyped-def]
    """A store whose clock says 10:00:01, 10:00:02, … one second per change."""
    from itertools import count

    from dxreader.storage.userdb import migrate
    from dxreader.storage.userstore import UserStore

    ticks = count(1)
    conn, _ = connect(tmp_path / "userdata.sqlite")
    migrate(conn, tmp_path / "userdata.sqlite")
    store = UserStore(conn, tmp_path / "userdata.sqlite", now=lambda: f"2026-11-23T10:00:{next(ticks):02d}+09:00")
    yield store
    store.close()


def test_folders_need_a_name_and_keep_the_order_they_were_made_in(clocked) -> None:  # type: ignore[no-untyped-def]
    from dxreader.storage.userstore import InvalidUserInput

    with pytest.raises(InvalidUserInput, match="^フォルダ名を入力してください$"):
        clocked.create_folder(" \u3000 ")
    second, first = clocked.create_folder("窓口"), clocked.create_folder("あ窓口")
    assert (second.position, first.position) == (0, 1)
    assert [f.name for f in clocked.folders()] == ["窓口", "あ窓口"]  # by position, not by name
    with pytest.raises(InvalidUserInput, match="^フォルダ名を入力してください$"):
        clocked.rename_folder(second.id, "  ")
    clocked.add_bookmark("taisei-074055", "題", "町")
    clocked.set_folder("taisei-074055", second.id)
    clocked.delete_folder(second.id)
    assert [f.name for f in clocked.folders()] == ["あ窓口"] and clocked.bookmark("taisei-074055").folder_id is None


def test_bookmarks_keep_their_creation_time_comment_and_tags_when_added_again(clocked) -> None:  # type: ignore[no-untyped-def]
    from dxreader.core.userdata import MAX_NAME_CHARS, MAX_TAGS_PER_BOOKMARK
    from dxreader.storage.userstore import InvalidUserInput

    with pytest.raises(InvalidUserInput, match="^事例ID「../etc」が正しくありません$"):
        clocked.add_bookmark("../etc", "題", "町")
    first = clocked.add_bookmark("taisei-074055", "長" * (MAX_NAME_CHARS + 5), "町")
    assert first.title == "長" * MAX_NAME_CHARS and first.created_at == first.updated_at == "2026-11-23T10:00:01+09:00"
    clocked.add_bookmark("gyomu-012084", "題2", "市")
    clocked.set_annotation("taisei-074055", "電話で確認")
    clocked.set_tags("taisei-074055", [" 窓口 ", "CDO", "窓口", ""])
    again = clocked.add_bookmark("taisei-074055", "新しい題", "町")
    assert (again.title, again.annotation, again.tags) == ("新しい題", "電話で確認", ("窓口", "CDO"))
    assert again.created_at == "2026-11-23T10:00:01+09:00" and again.updated_at == "2026-11-23T10:00:04+09:00"
    assert [b.case_id for b in clocked.bookmarks()] == ["taisei-074055", "gyomu-012084"]  # oldest first
    for change in (lambda: clocked.set_annotation("taisei-070009", "x"), lambda: clocked.set_tags("taisei-070009", ["x"]),
                   lambda: clocked.set_folder("taisei-070009", None)):
        with pytest.raises(InvalidUserInput, match="^この事例はしおりに登録されていません$"):
            change()
    with pytest.raises(InvalidUserInput, match=f"^タグは{MAX_TAGS_PER_BOOKMARK}個までです$"):
        clocked.set_tags("taisei-074055", [f"t{n}" for n in range(MAX_TAGS_PER_BOOKMARK + 1)])
    clocked.remove_bookmark("taisei-074055")
    assert clocked.bookmark("taisei-074055") is None and clocked.counts() == {"folders": 0, "bookmarks": 1, "notes": 0}
    assert clocked.conn.execute("SELECT count(*) FROM bookmark_tags").fetchone()[0] == 0  # its tags went with it


def test_notes_count_revisions_merge_a_concurrent_edit_and_go_when_emptied(clocked) -> None:  # type: ignore[no-untyped-def]
    note, merged = clocked.save_note("taisei-074055", "一行目")
    assert (note.text, note.revision, merged) == ("一行目", 1, False)
    same, _ = clocked.save_note("taisei-074055", "一行目", base_revision=1)
    assert same.revision == 1 and same.updated_at == note.updated_at  # nothing changed, nothing written
    other, _ = clocked.save_note("taisei-074055", "別の窓で書いた", base_revision=1)
    assert other.revision == 2 and other.created_at == note.created_at
    mine, merged = clocked.save_note("taisei-074055", "この窓で書いた", base_revision=1)  # typed on revision 1
    assert merged and mine.revision == 3
    assert mine.text == "別の窓で書いた\n\n――― 別のウィンドウでの編集（2026-11-23T10:00:04+09:00） ―――\nこの窓で書いた"
    assert mine.updated_at == "2026-11-23T10:00:04+09:00"
    assert clocked.save_note("taisei-074055", "", base_revision=3) == (None, False)
    assert clocked.note("taisei-074055") is None and clocked.notes() == []


def test_every_index_entry_out_of_place_is_listed(tmp_path: Path) -> None:
    from dxreader.storage.health import examine
    from dxreader.storage.userdb import SCHEMA_VERSION
    from tests.test_userdata_damage import _flip_in_index

    with _store(tmp_path) as data:
        for n in range(12):
            data.store.add_bookmark(f"taisei-07{n:04d}", "題", "町")
    _flip_in_index(tmp_path / "home")  # taisei-070005 now reads taisei-070009 inside the index only
    conn = sqlite3.connect(tmp_path / "home" / "userdata.sqlite")
    health = examine(conn, SCHEMA_VERSION)
    conn.close()
    assert health.fatal == [] and health.cells == []
    assert health.indexes == [f"row {n} missing from index sqlite_autoindex_bookmarks_1" for n in (6, 7, 8, 9)]


@pytest.mark.parametrize(("size", "ok"), [(256 * 1024, True), (256 * 1024 + 1, False)])
def test_a_casebook_cell_may_hold_exactly_the_largest_value_allowed(tmp_path: Path, size: int, ok: bool) -> None:
    from dxreader.core.datapackage import PackageRejected
    from dxreader.storage.casebook_check import check_casebook_file
    from tests.conftest import casebook_copy

    copy = casebook_copy(tmp_path, f"UPDATE case_awards SET text = '{'a' * size}'"
                                   " WHERE rowid = (SELECT min(rowid) FROM case_awards)")
    if ok:
        check_casebook_file(copy, rules=False)
        return
    with pytest.raises(PackageRejected) as caught:
        check_casebook_file(copy, rules=False)
    assert str(caught.value) == \
        "事例データの表「case_awards」の列「text」に大きすぎる値があります（262,145バイト、上限 262,144バイト）"


def test_a_cell_damaged_after_the_start_reads_with_replacement_characters() -> None:
    from dxreader.storage.userdb import decode_text

    assert decode_text("メモ".encode() + b"\xff") == "メモ\ufffd"


def test_an_import_counts_a_new_bookmark(clocked) -> None:  # type: ignore[no-untyped-def]
    from dxreader.core.userdata import Bookmark, UserSnapshot

    report = clocked.merge(UserSnapshot(bookmarks=(Bookmark("taisei-074055", "題", "町"),)), "取り込んだメモ")
    assert report.added == {"folders": 0, "bookmarks": 1, "notes": 0} and report.updated["bookmarks"] == 0
    assert clocked.bookmark("taisei-074055").created_at == "2026-11-23T10:00:01+09:00"  # none given: now


def test_repair_puts_sound_values_in_place_and_keeps_a_bookmark_whose_folder_is_gone(tmp_path: Path) -> None:
    from dxreader.storage.health import examine, repair
    from dxreader.storage.userdb import SCHEMA_VERSION

    with _store(tmp_path) as data:
        data.store.create_folder("窓口")
        for n in range(5):
            data.store.add_bookmark(f"taisei-07000{n}", f"題{n}", "町")
            data.store.save_note(f"taisei-07000{n}", f"メモ{n}")
        path = data.store.path
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

    with _store(tmp_path) as data:
        data.store.save_note("taisei-070000", "メモ")
        path = data.store.path
    _raw(path, "UPDATE notes SET text = CAST(X'FF' AS TEXT)")
    conn = sqlite3.connect(path)
    assert examine(conn, SCHEMA_VERSION).cells == [Cell("notes", 1, "text", "encoding")]
    conn.close()


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
