"""The casebook opens read-only and immutable: nothing is ever written beside it."""

from __future__ import annotations

import os
import shutil
import sqlite3
import stat

import pytest

from dxreader.storage.casebook import Casebook
from dxreader.storage.errors import CasebookUnreadable
from tests.conftest import COMMITTED_DB


def test_reading_from_a_read_only_folder_writes_nothing(tmp_path):
    folder = tmp_path / "install"
    folder.mkdir()
    shutil.copy(COMMITTED_DB, folder / "casebook.sqlite")
    os.chmod(folder / "casebook.sqlite", stat.S_IRUSR | stat.S_IRGRP | stat.S_IROTH)
    os.chmod(folder, stat.S_IRUSR | stat.S_IXUSR | stat.S_IRGRP | stat.S_IXGRP)
    try:
        with Casebook(folder / "casebook.sqlite") as casebook:
            assert len(casebook.cases()) == 78
            assert casebook.get("taisei-074055").municipality == "西会津町"
            with pytest.raises(sqlite3.OperationalError):
                casebook.connection.execute("DELETE FROM cases")
        assert sorted(p.name for p in folder.iterdir()) == ["casebook.sqlite"]  # no -wal, -shm or journal
    finally:
        os.chmod(folder, stat.S_IRWXU)


def test_newer_schema_is_refused(tmp_path):
    copy = tmp_path / "casebook.sqlite"
    shutil.copy(COMMITTED_DB, copy)
    conn = sqlite3.connect(copy)
    conn.execute("UPDATE meta SET value = '99' WHERE key = 'schema_version'")
    conn.commit()
    conn.close()
    with pytest.raises(CasebookUnreadable, match="版 99"):
        Casebook(copy)


def test_round_trip_of_every_case(committed_casebook, fresh_build):
    """What the build wrote is what the reader reads back, field for field."""
    from dxreader.databuild.build import read_cases
    from tests.conftest import DATA

    built, *_ = read_cases(DATA)
    with Casebook(fresh_build) as casebook:
        assert casebook.cases() == built
