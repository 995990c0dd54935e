"""Japanese everywhere: Qt's own dialog texts, menu mnemonics, the bundled 使い方 page and its shortcut list
(made from the real actions), and page references written as one place (「事例7・20ページ」)."""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest
from PySide6.QtCore import QCoreApplication, Qt, QTranslator
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QMessageBox

from dxreader.ui.help_page import HelpDialog, plain_action_text, shortcut_rows
from tests.conftest import activate

MNEMONIC = re.compile(r"\(&[A-Z0-9]\)")


@pytest.fixture
def japanese_qt(qapp):  # type: ignore[no-untyped-def]
    """The program's own start-up path (as `dxreader` runs it); its translators removed afterwards."""
    from dxreader.ui.app import start_application
    from dxreader.ui.translations import TRANSLATOR_NAME

    app = start_application()
    yield app
    for translator in app.findChildren(QTranslator, TRANSLATOR_NAME):
        app.removeTranslator(translator)
        translator.setParent(None)  # gone for the next test's start-up


def test_standard_dialogs_speak_japanese(japanese_qt) -> None:  # type: ignore[no-untyped-def]
    box = QMessageBox(QMessageBox.Icon.Question, "題", "本文",
                      QMessageBox.StandardButton.Ok | QMessageBox.StandardButton.Cancel)
    assert box.button(QMessageBox.StandardButton.Cancel).text() == "キャンセル"
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close | QDialogButtonBox.StandardButton.Cancel)
    assert buttons.button(QDialogButtonBox.StandardButton.Cancel).text() == "キャンセル"
    assert buttons.button(QDialogButtonBox.StandardButton.Close).text() == "閉じる"
    box.deleteLater()
    buttons.deleteLater()


def test_the_console_tools_qt_is_japanese_too() -> None:
    """`dxreader-cli print` and self-check render through their own QGuiApplication: Japanese there too."""
    code = ("from PySide6.QtCore import QCoreApplication\n"
            "from dxreader.ui.printing import ensure_gui_application\n"
            "ensure_gui_application()\n"
            "print(QCoreApplication.translate('QPlatformTheme', 'Cancel'))\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, encoding="utf-8",
                         env={**os.environ, "PYTHONIOENCODING": "utf-8"}, timeout=60)
    assert out.stdout.strip() == "キャンセル", out.stderr


def test_every_menu_command_has_a_unique_mnemonic(open_reader) -> None:  # type: ignore[no-untyped-def]
    window = open_reader().window
    for menu in window.menus.values():
        assert MNEMONIC.search(menu.menuAction().text())
        texts = [a.text() for a in menu.actions() if not a.isSeparator()]
        assert texts and all(MNEMONIC.search(t) for t in texts), texts
        letters = [MNEMONIC.search(t).group() for t in texts]  # type: ignore[union-attr]
        assert len(letters) == len(set(letters)), texts


def test_f1_opens_the_usage_page_with_every_shortcut(qtbot, open_reader) -> None:  # type: ignore[no-untyped-def]
    window = open_reader().window
    activate(qtbot, window)  # window shortcuts need the active window, as on a desktop
    window.search_box.setFocus()
    qtbot.keyClick(window.search_box, Qt.Key.Key_F1)
    dialog = window.findChild(HelpDialog)
    assert dialog is not None and dialog.isVisible()
    text = dialog.text.toPlainText()
    for section in ("検索のしかた", "絞り込み", "しおり", "メモ", "連絡先", "印刷・PDF", "事例データの更新",
                    "キーボードショートカット", "OR", "-語"):
        assert section in text, section
    rows = shortcut_rows(window.menus.values())
    assert len(rows) >= 15
    for keys, what in rows:
        assert f"{keys}\t{what}" in text.replace("\n", "\t") or (keys in text and what in text), (keys, what)
    assert "Ctrl+D" in text and "しおり › しおりに登録／外す" in text and "(&" not in text
    assert dialog.text.refused_resources == []
    # A shortcut changed in the program shows up changed on the page: the list cannot drift.
    window.actions["bookmark"].setShortcut("Ctrl+Alt+J")
    assert any(k == "Ctrl+Alt+J" for k, _ in shortcut_rows(window.menus.values()))
    dialog.close()


def test_plain_action_text_drops_only_the_mnemonic() -> None:
    from PySide6.QtGui import QAction

    assert plain_action_text(QAction("印刷(&P)…")) == "印刷…"
    assert plain_action_text(QAction("A&&B(&S)")) == "A&B"


def test_page_references_read_as_one_place(committed_casebook) -> None:  # type: ignore[no-untyped-def]
    from dxreader.services.catalog import Catalog

    catalog = Catalog(committed_casebook)
    both = [(c, s) for c in catalog.cases() for s in c.sources if s.number is not None and s.page is not None]
    assert both
    for case, source in both:
        line = catalog.citation(source)
        assert f"事例{source.number}・{source.page}ページ" in line, line
        assert f"事例{source.number} " not in line


def test_the_frozen_build_keeps_the_japanese_qt_texts(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """cx_Freeze's Qt hook copies Qt's translations; pruning keeps the Japanese ones the reader loads."""
    import importlib.util

    from tests.conftest import REPO

    spec = importlib.util.spec_from_file_location("prune_frozen", REPO / "packaging" / "prune_frozen.py")
    prune_frozen = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    spec.loader.exec_module(prune_frozen)  # type: ignore[union-attr]
    folder = tmp_path / "lib" / "PySide6" / "Qt" / "translations"
    folder.mkdir(parents=True)
    for name in ("qtbase_ja.qm", "qt_ja.qm", "qtbase_de.qm", "qt_fr.qm"):
        (folder / name).write_bytes(b"qm")
    prune_frozen.prune(tmp_path)
    assert sorted(p.name for p in folder.iterdir()) == ["qt_ja.qm", "qtbase_ja.qm"]
