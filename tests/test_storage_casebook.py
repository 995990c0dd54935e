"""The casebook opens read-only and immutable (from a read-only folder: tests/test_read_only_install.py)."""

from __future__ import annotations

import shutil
import sqlite3

import pytest

from dxreader.storage.casebook import Casebook
from dxreader.storage.errors import CasebookUnreadable
from tests.conftest import COMMITTED_DB


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
