"""Keyboard-first moves across the window: search box → results (↓ / Enter), back to the search box (Esc),
pane to pane (F6 / Shift+F6), and a Tab path from the search box straight to the results."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import QWidget

if TYPE_CHECKING:
    from dxreader.ui.main_window import MainWindow


class KeyboardNavigation(QObject):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        window.search_box.installEventFilter(self)
        for keys, step in (("F6", 1), ("Shift+F6", -1)):
            QShortcut(QKeySequence(keys), window, lambda step=step: self.cycle_panes(step))
        QShortcut(QKeySequence(Qt.Key.Key_Escape), window, window.focus_search)
        # The filters stay in the Tab chain, but after the results: Tab from the search box lands on the list.
        QWidget.setTabOrder(window.search_box, window.results)

    def panes(self) -> list[QWidget]:
        """The focusable part of each visible pane, left to right as a user sees them."""
        w = self.window
        candidates = [w.search_box, w.left_tabs.currentWidget(), w.results, w.case_pane.view]
        return [p for p in candidates if p is not None and p.isVisibleTo(w)]

    def cycle_panes(self, step: int) -> None:
        panes = self.panes()
        focused = self.window.focusWidget()
        current = next((i for i, p in enumerate(panes) if focused is not None and (p is focused or p.isAncestorOf(focused))),
                       -1)
        target = panes[(current + step) % len(panes)] if current >= 0 else panes[0 if step > 0 else -1]
        target.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def to_first_result(self) -> None:
        w = self.window
        w.results.setFocus(Qt.FocusReason.ShortcutFocusReason)
        if w.results_model.rowCount():
            w.results.setCurrentIndex(w.results_model.index(0))  # opens it, as a click would

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        if watched is self.window.search_box and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            key = event.key()
            if key == Qt.Key.Key_Down and event.modifiers() == Qt.KeyboardModifier.NoModifier:
                self.to_first_result()
                return True
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self.window.run_search(then=self.to_first_result)  # at once, not after the typing pause
                return True
        return False
