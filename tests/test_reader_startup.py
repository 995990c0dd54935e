"""Start-up: the window's frame paints before the casebook is read, then fills in; failures are told plainly."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings

from dxreader.ui.app import fill_window
from dxreader.ui.main_window import MainWindow
from dxreader.ui.settings import ReaderSettings
from tests.conftest import COMMITTED_DB
from tests.conftest import wait_for_search


def test_exit_after_start_paints_the_frame_then_the_filled_window(tmp_path: Path) -> None:
    result = subprocess.run([sys.executable, "-m", "dxreader", "--exit-after-start"], capture_output=True,
                            text=True, encoding="utf-8", timeout=180)
    assert result.returncode == 0, result.stderr
    stamps = dict(line.split() for line in result.stdout.splitlines() if "-epoch " in line)
    assert set(stamps) == {"first-paint-epoch", "ready-paint-epoch"}
    assert float(stamps["first-paint-epoch"]) <= float(stamps["ready-paint-epoch"])


def test_the_frame_paints_first_and_what_was_typed_meanwhile_is_searched(qtbot, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                                         index_cache: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    window = MainWindow(ReaderSettings(home))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    assert window.hit_count.text() == "読み込み中…" and not window.populated
    assert [a.text() for a in window.menuBar().actions()] == ["ファイル(&F)", "編集(&E)", "表示(&V)", "しおり(&B)",
                                                              "設定(&S)", "ヘルプ(&H)"]
    window.search_box.insert("西会津町")
    reader = fill_window(window, COMMITTED_DB, home, index_cache)
    try:
        assert window.populated and window.splitter.count() == 3
        assert 1 <= window.results_model.rowCount() < 78
        assert all(h.case.municipality == "西会津町" for h in window.last_result.hits)
        assert window.hit_count.text() == f"{window.results_model.rowCount()} 件"
        assert window.actions["print"].text() == "印刷(&P)…"
    finally:
        reader.close()


def test_closing_before_the_data_arrives_keeps_the_layout(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    window = MainWindow(ReaderSettings(tmp_path))
    qtbot.addWidget(window)
    window.show()
    window.close()
    assert QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat).value("window/geometry") is not None


def test_without_a_usable_index_browsing_works_and_searching_says_why(qtbot, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DXREADER_DATA", str(tmp_path / "install-without-index"))
    blocker = tmp_path / "a-file-not-a-folder"
    blocker.write_text("x")
    home = tmp_path / "home"
    home.mkdir()
    window = MainWindow(ReaderSettings(home))
    qtbot.addWidget(window)
    reader = fill_window(window, COMMITTED_DB, home, index_cache=blocker / "index")
    try:
        window.show()
        assert window.results_model.rowCount() == 78  # browsing needs no index
        window.prepare_search()  # opens the index off the GUI thread, and says so when it cannot
        qtbot.waitUntil(lambda: "検索索引を作れません" in window.statusBar().currentMessage(), timeout=10000)
        window.search_box.insert("窓口")
        window.run_search()
        wait_for_search(qtbot, window)
        assert window.hit_count.text() == "検索できません"
        assert window.results_model.rowCount() == 78  # the list is left as it was, not emptied
    finally:
        reader.close()
