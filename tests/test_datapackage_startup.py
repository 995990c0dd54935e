"""At start, an installed casebook that does not load is passed over: the reader shows the next good one (at last
the bundled one) and says so, in the window and in the console tool, never an empty window or a traceback."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox

from dxreader.core.datapackage import CASEBOOK, MANIFEST
from dxreader.storage.casebook_choice import INSTALLED
from dxreader.ui.app import start_reader, tell_start
from dxreader.ui.main_window import MainWindow
from dxreader.ui.settings import ReaderSettings
from tests.package_kit import TOMORROW, machine_folder, manifest_for, modified_db  # noqa: F401 (autouse fixture)

BROKEN = {
    "non-JSON category path": ["UPDATE categories SET path = 'not json' WHERE id = 1"],
    "undecodable title": ["UPDATE cases SET title = CAST(X'80ff41' AS TEXT) WHERE position = 0"],
    "missing table": ["DROP TABLE case_awards"],
    "installed by the previous program (schema 2)": ["DROP TABLE readings",
                                                     "UPDATE meta SET value = '2' WHERE key = 'schema_version'"],
}


def _plant(home: Path, db: bytes) -> Path:
    """What an older program version (or a hand) may have left: a manifest that matches a casebook that does not load."""
    sha = hashlib.sha256(db).hexdigest()
    folder = home / INSTALLED / f"{TOMORROW}-{sha[:16]}"
    folder.mkdir(parents=True)
    (folder / CASEBOOK).write_bytes(db)
    (folder / MANIFEST).write_text(json.dumps(manifest_for(db)), encoding="utf-8")
    return folder


@pytest.mark.parametrize("damage", list(BROKEN))
def test_the_window_falls_back_to_the_bundled_casebook_and_says_why(damage: str, qtbot, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                                    index_cache: Path) -> None:
    home = tmp_path / "home"
    _plant(home, modified_db(tmp_path, *BROKEN[damage]))
    os.environ["DXREADER_HOME"] = str(home)  # the autouse fixture restores it
    window = MainWindow(ReaderSettings(home))
    qtbot.addWidget(window)
    window.show()
    reader = start_reader(window, home, index_cache)
    try:
        tell_start(window, reader)
        assert window.results_model.rowCount() == 78  # the bundled casebook, every case listed
        assert "同梱データ" in window.statusBar().currentMessage()
        (box,) = [b for b in window.findChildren(QMessageBox) if b.windowTitle() == "事例データについて"]
        assert box.isVisible() and "読み込めなかったため、同梱データ" in box.text() and TOMORROW in box.text()
        box.close()
    finally:
        reader.close()


def test_the_console_tool_says_which_data_it_fell_back_to(tmp_path: Path) -> None:
    home = tmp_path / "home"
    _plant(home, modified_db(tmp_path, *BROKEN["non-JSON category path"]))
    env = {**os.environ, "DXREADER_HOME": str(home)}
    stats = subprocess.run([sys.executable, "-m", "dxreader.cli", "stats"], capture_output=True, text=True,
                           encoding="utf-8", env=env, timeout=120)
    assert stats.returncode == 0 and "Traceback" not in stats.stderr
    assert "同梱データ" in stats.stderr and "分類の経路" in stats.stderr
    status = subprocess.run([sys.executable, "-m", "dxreader.cli", "data", "status"], capture_output=True, text=True,
                            encoding="utf-8", env=env, timeout=120)
    assert status.returncode == 0 and "* " in status.stdout and "読み込めなかったため" in status.stdout
    assert [line for line in status.stdout.splitlines() if line.startswith("*")][0].endswith("casebook.sqlite")
    assert "同梱データ" in [line for line in status.stdout.splitlines() if line.startswith("*")][0]
