"""Room for the case text on office screens (1024×700, 1366×768): a first-start layout sized to the screen,
and 表示 › panes that can be hidden and shown (remembered across restarts)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QSize
from PySide6.QtGui import QAction, QGuiApplication

if TYPE_CHECKING:
    from dxreader.ui.main_window import MainWindow

DEFAULT_SIZE = QSize(1360, 860)
PANES = (("show_left", "分類・地域・しおりの欄(&L)", "Ctrl+Shift+L"),
         ("show_results", "絞り込み・検索結果の欄(&R)", "Ctrl+Shift+R"))


def first_start_sizes(width: int) -> list[int]:
    """Splitter widths (left, results, case) for a window `width` wide: the case text gets over half."""
    left, middle = int(width * 0.18), int(width * 0.28)
    return [left, middle, width - left - middle]


def fit_to_screen(window: MainWindow, available: QSize | None = None) -> None:
    """The window's first size: the default, but never larger than the screen's free area."""
    if available is None:
        screen = window.screen() or QGuiApplication.primaryScreen()
        available = screen.availableGeometry().size() if screen else DEFAULT_SIZE
    size = DEFAULT_SIZE.boundedTo(available)
    window.resize(size)
    window.splitter.setSizes(first_start_sizes(size.width()))


def restore_layout(window: MainWindow) -> None:
    """The window's size, place and pane widths as they were at the last exit (none on a first start)."""
    for key, restore in (("window/geometry", window.restoreGeometry), ("window/state", window.restoreState),
                         ("window/splitter", window.splitter.restoreState)):
        value = window.settings.bytes(key)
        if value is not None:
            restore(value)


class PaneLayout:
    """表示 › which panes show; each choice is kept in settings (view/show_left, view/show_results)."""

    def __init__(self, window: MainWindow) -> None:
        self.window = window
        self.panes = {"show_left": window.left_tabs, "show_results": window.splitter.widget(1)}
        self.actions: dict[str, QAction] = {}
        menu = window.menus["表示"]
        menu.addSeparator()
        for key, text, shortcut in PANES:
            action = QAction(text, window, checkable=True)
            action.setShortcut(shortcut)
            shown = window.settings.flag(f"view/{key}", True)
            action.setChecked(shown)
            self.panes[key].setVisible(shown)
            action.toggled.connect(lambda on, key=key: self.show_pane(key, on))
            menu.addAction(action)
            window.addAction(action)
            window.actions[key] = action
            self.actions[key] = action

    def show_pane(self, key: str, shown: bool) -> None:
        pane = self.panes[key]
        pane.setVisible(shown)
        if shown and self.window.splitter.sizes()[self.window.splitter.indexOf(pane)] == 0:
            sizes = first_start_sizes(self.window.splitter.width())
            self.window.splitter.setSizes([s if self.panes_shown(i) else 0 for i, s in enumerate(sizes)])
        self.window.settings.set(f"view/{key}", shown)
        if self.actions[key].isChecked() != shown:
            self.actions[key].setChecked(shown)

    def panes_shown(self, index: int) -> bool:
        return self.window.splitter.widget(index).isVisibleTo(self.window)
