"""Composition root of the desktop reader: shows the window's frame at once, then opens the casebook, search
and user data and fills it in (so the window is on screen before any of that is read)."""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtGui import QFont, QFontDatabase, QIcon
from PySide6.QtWidgets import QApplication, QMessageBox

from dxreader import paths
from dxreader.storage.errors import StorageError
from dxreader.ui.main_window import MainWindow
from dxreader.ui.plain_text import message_box
from dxreader.ui.settings import ReaderSettings

if TYPE_CHECKING:
    from dxreader.services.search import SearchService
    from dxreader.services.userdata import UserData
    from dxreader.storage.casebook import Casebook

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
    data_notice: str = ""  # why an installed casebook update was passed over at start, if it was
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


OpenSearch = Callable[["Casebook", "Path | None"], "SearchService"]  # (casebook, index cache) → search service


def product_search(casebook: Casebook, index_cache: Path | None) -> SearchService:
    """The product's search: the bundled or cached index, built when first needed."""
    from dxreader.services.search import open_search as open_service

    return open_service(casebook, cache=index_cache)


def fill_window(window: MainWindow, casebook: Path | Casebook, home: Path, index_cache: Path | None = None,
                data_notice: str = "", read_only: bool = False, open_search: OpenSearch | None = None) -> Reader:
    """Open the casebook read-only (unless already open), its search (the index opens on first use; `open_search`
    replaces how, e.g. a slower service in a test) and the user's data (with recovery; read-only when asked or
    when the data folder cannot be written), and fill the window's frame with them."""
    from dxreader.services.catalog import Catalog
    from dxreader.services.userdata import UserData
    from dxreader.storage.casebook import Casebook

    casebook = Casebook(casebook) if isinstance(casebook, Path) else casebook
    try:
        search = (open_search or product_search)(casebook, index_cache)
        user_data = UserData.open(home, read_only=read_only)
    except BaseException:
        casebook.close()
        raise
    window.populate(Catalog(casebook), search, user_data)
    return Reader(window, casebook, search, user_data, data_notice)


def start_reader(window: MainWindow, home: Path, index_cache: Path | None = None) -> Reader:
    """Fill the window with the best casebook that loads: a newer installed update, else the bundled one. When an
    update had to be passed over, the status bar says which data is shown (tell_start explains why)."""
    from dxreader.storage.casebook_choice import open_current

    choice = open_current()
    reader = fill_window(window, choice.casebook, home, index_cache, choice.notice())
    if reader.data_notice:
        window.show_message(f"更新された事例データを読み込めなかったため、{choice.candidate.label}を表示しています")
    window.restore_last_case()
    return reader


def build_reader(casebook_path: Path, home: Path, index_cache: Path | None = None, read_only: bool = False,
                 open_search: OpenSearch | None = None) -> Reader:
    """The frame and its contents in one go (for tests and scripts; `main` paints the frame first)."""
    return fill_window(MainWindow(ReaderSettings(home)), casebook_path, home, index_cache, read_only=read_only,
                       open_search=open_search)


class _AfterNextPaint(QObject):
    """Calls `then` once `widget` has finished its next paint."""

    def __init__(self, widget: QObject, then: Callable[[], None]) -> None:
        super().__init__(widget)
        self._then = then
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            QTimer.singleShot(0, self._then)  # after the rest of this paint pass
        return False


def _report(moment: str) -> None:
    """`--exit-after-start` prints when each paint finished, for the start-up benchmark."""
    if sys.stdout is not None:  # a frozen GUI program on Windows has no console
        print(f"{moment}-epoch {time.time():.6f}", flush=True)


def _tell_recovery(window: MainWindow, user_data: UserData) -> None:
    """What happened to the user's data at start, in plain Japanese, once."""
    messages = user_data.recovery.messages + user_data.warnings
    if messages:
        box = message_box(window, QMessageBox.Icon.Warning, "しおり・メモについて", "\n\n".join(messages))
        box.open()


def tell_start(window: MainWindow, reader: Reader) -> None:
    """What happened at start to the user's data and to the casebook updates, in plain Japanese, once."""
    _tell_recovery(window, reader.user_data)
    if reader.data_notice:
        message_box(window, QMessageBox.Icon.Warning, "事例データについて", reader.data_notice).open()


def _daily_backup(window: MainWindow, user_data: UserData) -> None:
    try:
        user_data.daily_backup()
    except StorageError as exc:
        window.show_message(f"バックアップを作れませんでした: {exc}")


def start_application() -> QApplication:
    """The QApplication with the reader's name, icon, Japanese font and Qt's own texts in Japanese."""
    from dxreader.ui.translations import install_japanese_qt

    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName(APP_NAME)
    app.setWindowIcon(QIcon(str(paths.resources_dir() / "dxreader.png")))  # read when first drawn
    font = japanese_font()
    if font is not None:
        app.setFont(font)
    install_japanese_qt(app)
    return app


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="dxreader", description=APP_NAME)
    parser.add_argument("--exit-after-start", action="store_true", help="表示して最初の画面を作ったら終了する（起動確認用）")
    args = parser.parse_args(argv)
    app = start_application()
    home = paths.user_home()
    window = MainWindow(ReaderSettings(home))
    opened: list[Reader] = []

    def fill() -> None:
        if args.exit_after_start:
            _report("first-paint")
        try:
            reader = start_reader(window, home)
        except StorageError as exc:
            message_box(window, QMessageBox.Icon.Critical, APP_NAME, f"起動できませんでした。\n\n{exc}").exec()
            app.exit(1)
            return
        opened.append(reader)
        if args.exit_after_start:
            window.update()
            _AfterNextPaint(window, lambda: (_report("ready-paint"), app.quit()))
            return
        tell_start(window, reader)
        QTimer.singleShot(0, window.home.ask_on_first_start)  # 自分の団体, once, unless a message is up
        QTimer.singleShot(50, window.prepare_search)
        QTimer.singleShot(2000, lambda: _daily_backup(window, reader.user_data))

    _AfterNextPaint(window, fill)
    window.show()
    code = app.exec()
    for reader in opened:
        reader.close()
    return code
