"""The interim window starts on the real casebook and shows the cases (the reader issue replaces it)."""

from __future__ import annotations

import subprocess
import sys

from dxreader.ui.app import build_main_window
from tests.conftest import COMMITTED_DB


def test_window_lists_every_case_and_shows_the_first(qtbot):
    window = build_main_window(COMMITTED_DB)
    qtbot.addWidget(window)
    window.show()
    assert window.case_list.count() == 78
    assert window.count_label.text() == "78 件の事例"
    assert "山口県デジタル・ガバメント構築連携会議" in window.case_view.toPlainText()
    window.case_list.setCurrentRow(7)
    assert "0241-45-4536" in window.case_view.toPlainText()


def test_exit_after_start():
    result = subprocess.run([sys.executable, "-m", "dxreader", "--exit-after-start"], capture_output=True,
                            text=True, encoding="utf-8", timeout=120)
    assert result.returncode == 0, result.stderr
