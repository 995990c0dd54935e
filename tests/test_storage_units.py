"""Small behaviours of storage/ that mutation testing (tests/bench/mutation.py) showed no test would notice."""

from __future__ import annotations

import errno
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
