"""The suite's own detectors are shown to fire: a check that cannot report a failure proves nothing.

- The offline guard (tests/test_offline.py) records and refuses a planted connection attempt.
- `dxreader-cli self-check` reports NG and exits non-zero when a bundled part is broken or missing.
"""

from __future__ import annotations

import os
import shutil
import socket
import sqlite3
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest

from dxreader.storage.search_index import build_index
from tests.conftest import COMMITTED_DB
try:  # the fixture under test: in test_offline.py here, in conftest.py once moved there
    from tests.test_offline import no_network  # noqa: F401
except ImportError:
    pass


def test_the_offline_guard_catches_planted_connections(no_network) -> None:  # noqa: F811
    with pytest.raises(OSError):
        socket.create_connection(("192.0.2.1", 80), timeout=1)
    with pytest.raises(OSError), socket.socket() as raw:
        raw.connect(("192.0.2.1", 443))
    with pytest.raises(OSError):
        urllib.request.urlopen("http://tracker.example/pixel.png", timeout=1)  # noqa: S310
    with pytest.raises(OSError):
        open("//fileserver/share/secret.txt", encoding="utf-8")  # noqa: SIM115
    kinds = [event for event, _ in no_network]
    assert kinds.count("blocked") >= 3  # each connection refused where it was made
    assert "urllib.Request" in kinds and "socket.__new__" in kinds
    assert ("open", "//fileserver/share/secret.txt") in no_network


@pytest.fixture(scope="module")
def bundle(tmp_path_factory: pytest.TempPathFactory, committed_casebook) -> Path:
    """A data folder as the installer lays it out: the casebook and its current index."""
    data = tmp_path_factory.mktemp("install") / "data"
    data.mkdir()
    shutil.copy(COMMITTED_DB, data / "casebook.sqlite")
    build_index(committed_casebook.cases(), committed_casebook.meta["data_version"], data / "index")
    return data


def _self_check(data: Path, home: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "DXREADER_HOME": str(home)}  # Qt platform: this run's (conftest.py)
    return subprocess.run([sys.executable, "-m", "dxreader.cli", "self-check", "--data", str(data)],
                          capture_output=True, text=True, encoding="utf-8", env=env, timeout=300)


def _broken_copy(bundle: Path, target: Path, how: str) -> Path:
    data = shutil.copytree(bundle, target / "data")
    if how == "no index":
        shutil.rmtree(data / "index")
    elif how == "no casebook":
        (data / "casebook.sqlite").unlink()
    elif how == "index of other data":
        conn = sqlite3.connect(data / "casebook.sqlite")
        conn.execute("UPDATE meta SET value = value || '-changed' WHERE key = 'data_version'")
        conn.commit()
        conn.close()
    elif how == "index of more cases":  # one case gone from the casebook, its index not rebuilt
        conn = sqlite3.connect(data / "casebook.sqlite")
        gone = conn.execute("SELECT id FROM cases ORDER BY position DESC LIMIT 1").fetchone()[0]
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        for table in tables:
            if "case_id" in {r[1] for r in conn.execute(f"PRAGMA table_info({table})")}:
                conn.execute(f"DELETE FROM {table} WHERE case_id = ?", (gone,))  # noqa: S608
        conn.execute("DELETE FROM cases WHERE id = ?", (gone,))
        conn.commit()
        conn.close()
    elif how == "damaged index":
        for toc in (data / "index").glob("*.toc"):
            toc.write_bytes(b"not an index")
    return data


def test_an_intact_bundle_passes(bundle: Path, tmp_path: Path) -> None:
    result = _self_check(bundle, tmp_path / "home")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "結果: すべて正常" in result.stdout and "NG" not in result.stdout
    assert "OK  Qt の日本語訳: qtbase_ja.qm（Cancel →「キャンセル」）" in result.stdout


def test_missing_qt_translations_are_reported_ng(bundle: Path, tmp_path: Path) -> None:
    """A build that lost qtbase_ja.qm would show English dialog buttons: the self-check says so."""
    code = ("import sys\n"
            "import dxreader.ui.translations as t\n"
            "t.QT_CATALOGS = ('qtbase_gone',)  # as if the build had no qtbase_ja.qm\n"
            "from dxreader.cli import main\n"
            "sys.exit(main(sys.argv[1:]))\n")
    env = {**os.environ, "DXREADER_HOME": str(tmp_path / "home")}
    result = subprocess.run([sys.executable, "-c", code, "self-check", "--data", str(bundle)],
                            capture_output=True, text=True, encoding="utf-8", env=env, timeout=300)
    assert result.returncode != 0, result.stdout
    assert "NG  Qt の日本語訳: Qt の日本語訳（qtbase_ja.qm）が読み込めません" in result.stdout, result.stdout + result.stderr
    assert "OK  日本語フォント" in result.stdout  # only the translations are reported missing


@pytest.mark.filterwarnings("ignore::ResourceWarning")
@pytest.mark.parametrize(("how", "failed_step"), [
    ("no index", "検索索引"),
    ("index of other data", "検索索引"),
    ("index of more cases", "検索索引"),
    ("damaged index", "検索索引"),
    ("no casebook", "事例データ"),
])
def test_a_broken_bundle_is_reported_ng(bundle: Path, tmp_path: Path, how: str, failed_step: str) -> None:
    result = _self_check(_broken_copy(bundle, tmp_path, how), tmp_path / "home")
    assert result.returncode != 0, result.stdout
    assert f"NG  {failed_step}:" in result.stdout and "結果: 失敗" in result.stdout
    assert "NG  検索:" in result.stdout  # what needs the broken part is not reported as passing
