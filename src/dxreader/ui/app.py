"""Composition root of the desktop reader: opens the casebook, search and user data, builds the window."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication, QMessageBox

from dxreader import paths
from dxreader.services.catalog import Catalog
from dxreader.services.search import SearchService, open_search
from dxreader.services.userdata import UserData
from dxreader.storage.casebook import Casebook
from dxreader.storage.errors import StorageError
from dxreader.ui.main_window import MainWindow
from dxreader.ui.settings import ReaderSettings

APP_NAME = "DX事例リーダー"
# Japanese UI fonts, best first: Windows, then the Noto CJK fonts of Linux desktops and CI.
UI_FONTS = ("Yu Gothic UI", "Meiryo UI", "Meiryo", "Noto Sans CJK JP", "Noto Sans JP", "IPAexGothic", "VL Gothic")


@dataclass
class Reader:
    """Everything the window runs on, so the caller can close it in order."""

    window: MainWindow
    casebook: Casebook
    search: SearchService
    user_data: UserData
    closed: bool = False

    def close(self) -> None:
        """Save and close everything once (a second call does nothing)."""
        if self.closed:
            return
        self.closed = True
        self.window.close()
        self.search.close()
        self.user_data.close()
        self.casebook.close()


def japanese_font() -> QFont | None:
    families = set(QFontDatabase.families())
    for name in UI_FONTS:
        if name in families:
            font = QFont(name)
            font.setPointSizeF(max(9.0, QApplication.font().pointSizeF()))
            return font
    return None


def build_reader(casebook_path: Path, home: Path, index_cache: Path | None = None) -> Reader:
    """Open the casebook read-only, its search index, and the user's data (with recovery); build the window."""
    casebook = Casebook(casebook_path)
    try:
        search = open_search(casebook, cache=index_cache)
        user_data = UserData.open(home)
    except BaseException:
        casebook.close()
        raise
    window = MainWindow(Catalog(casebook), search, user_data, ReaderSettings(home))
    return Reader(window, casebook, search, user_data)


def _tell_recovery(window: MainWindow, user_data: UserData) -> None:
    """What happened to the user's data at start, in plain Japanese, once."""
    messages = user_data.recovery.messages + user_data.warnings
    if messages:
        box = QMessageBox(QMessageBox.Icon.Warning, "しおり・メモについて", "\n\n".join(messages),
                          QMessageBox.StandardButton.Ok, window)
        box.open()


def _daily_backup(window: MainWindow, user_data: UserData) -> None:
    try:
        user_data.daily_backup()
    except StorageError as exc:
        window.show_message(f"バックアップを作れませんでした: {exc}")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="dxreader", description=APP_NAME)
    parser.add_argument("--exit-after-start", action="store_true", help="表示して最初の画面を作ったら終了する（起動確認用）")
    args = parser.parse_args(argv)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName(APP_NAME)
    font = japanese_font()
    if font is not None:
        app.setFont(font)
    try:
        reader = build_reader(paths.casebook_path(), paths.user_home())
    except StorageError as exc:
        QMessageBox.critical(None, APP_NAME, f"起動できませんでした。\n\n{exc}")
        return 1
    window = reader.window
    window.show()
    window.restore_last_case()
    if args.exit_after_start:
        QTimer.singleShot(0, app.quit)  # after the first paint
    else:
        QTimer.singleShot(0, lambda: _tell_recovery(window, reader.user_data))
        QTimer.singleShot(2000, lambda: _daily_backup(window, reader.user_data))
    code = app.exec()
    reader.close()
    return code
