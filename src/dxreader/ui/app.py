"""Composition root of the desktop reader: builds the services and the window (interim browser)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from dxreader import paths
from dxreader.services.catalog import Catalog
from dxreader.storage.casebook import Casebook
from dxreader.storage.errors import StorageError
from dxreader.ui.main_window import MainWindow


def build_main_window(casebook_path: Path) -> MainWindow:
    """Open the casebook read-only and give the window the catalog service."""
    return MainWindow(Catalog(Casebook(casebook_path)))


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="dxreader", description="DX事例リーダー")
    parser.add_argument("--exit-after-start", action="store_true", help="表示したらすぐ終了する（起動確認用）")
    args = parser.parse_args(argv)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("DX事例リーダー")
    try:
        window = build_main_window(paths.casebook_path())
    except StorageError as exc:
        QMessageBox.critical(None, "DX事例リーダー", f"事例データを開けませんでした。\n\n{exc}")
        return 1
    window.show()
    if args.exit_after_start:
        QTimer.singleShot(0, app.quit)
    return app.exec()
