"""Small behaviours of storage/ that mutation testing (tests/bench/mutation.py) showed no test would notice."""

from __future__ import annotations

import errno
import os
import sqlite3
from pathlib import Path

import pytest

from dxreader.services.userdata import UserData
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


# --- backups and atomic writes ---------------------------------------------------------------------------
def test_only_a_readable_copy_of_our_own_file_with_the_same_rows_is_a_usable_backup(tmp_path: Path) -> None:
    from dxreader.storage.backups import verify_database

    with UserData.open(tmp_path / "home") as data:
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
