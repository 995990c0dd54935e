"""Picking cases to compare: 「比較に追加」 from the open case, a result (right-click) or bookmarks (right-click),
the 「比較 (n)」 button beside the search bar with what is picked, and the comparison window it opens."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QPoint, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QMessageBox, QToolButton

from dxreader.services.comparison import (
    MAX_CASES, MIN_CASES, ComparisonFull, ComparisonPick, SelectionRefused, compare,
)
from dxreader.ui.plain_text import menu_text, message_box

if TYPE_CHECKING:
    from dxreader.ui.compare_window import ComparisonWindow
    from dxreader.ui.main_window import MainWindow

ADD_TEXT = "比較に追加"
ACTIONS = (("compare_add", "比較に追加(&A)", "Ctrl+Shift+A"), ("compare_show", "比較を表示(&C)", "Ctrl+Shift+M"))


class CompareTray(QObject):
    """Holds the picked cases (for this session) and keeps the button, the menus and the window in step."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.pick = ComparisonPick()
        self.view: ComparisonWindow | None = None
        self.limit_box: QMessageBox | None = None
        self.button = QToolButton(toolTip=f"比較する事例（{MAX_CASES}件まで）。押すと並べて表示")
        self.button.setPopupMode(QToolButton.ToolButtonPopupMode.MenuButtonPopup)
        self.button.setMenu(QMenu(self.button))
        self.button.menu().aboutToShow.connect(self._fill_menu)
        self.button.clicked.connect(self.show_comparison)
        window.top_bar.addWidget(self.button)
        window.results.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        window.results.customContextMenuRequested.connect(
            lambda pos: self.results_menu(pos).exec(window.results.viewport().mapToGlobal(pos)))
        window.bookmark_pane.compare_requested.connect(self.add_all)
        window.case_pane.compare_requested.connect(self.add_open_case)
        menu = window.menus["表示"]
        menu.addSeparator()
        for key, text, shortcut in ACTIONS:
            action = QAction(text, window)
            action.setShortcut(shortcut)
            action.triggered.connect(self.add_open_case if key == "compare_add" else self.show_comparison)
            menu.addAction(action)
            window.addAction(action)
            window.actions[key] = action
        self._refresh()

    # --- picking -------------------------------------------------------------------------------
    def add(self, case_id: str) -> bool:
        """Add one case; a refusal (already there, the limit) is said and changes nothing."""
        if self.window.catalog.get(case_id) is None:
            self.window.show_message("この事例は今の事例データにないため、比較できません")
            return False
        try:
            confirmation = self.pick.add(case_id)
        except SelectionRefused as exc:
            self._refused(str(exc), at_limit=isinstance(exc, ComparisonFull))
            return False
        self.window.show_message(confirmation)
        self._refresh()
        return True

    def add_all(self, case_ids: list[str]) -> None:
        """Several cases (chosen bookmarks), in order, until one is refused."""
        for case_id in case_ids:
            if case_id not in self.pick and not self.add(case_id):
                return

    def add_open_case(self) -> None:
        case = self.window.case_pane.case
        if case is None:
            self.window.show_message("比較に追加する事例を選んでください")
        else:
            self.add(case.id)

    def remove(self, case_id: str) -> None:
        if self.pick.remove(case_id):
            self.window.show_message("比較から外しました")
            self._refresh()

    def _refused(self, text: str, at_limit: bool) -> None:
        self.window.show_message(text)
        if at_limit:  # the one refusal a user may not expect: said in a box, not only in the status bar
            self.limit_box = message_box(self.window, QMessageBox.Icon.Information, f"比較は{MAX_CASES}件まで", text)
            self.limit_box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            self.limit_box.open()

    # --- showing -------------------------------------------------------------------------------
    def show_comparison(self) -> None:
        if len(self.pick) < MIN_CASES:
            self.window.show_message(f"比較するには{MIN_CASES}件以上を「比較に追加」してください（いま{len(self.pick)}件）")
            return
        if self.view is None:
            from dxreader.ui.compare_window import ComparisonWindow

            self.view = ComparisonWindow(self.window, self.window.font_pt)
            self.view.removal_requested.connect(self.remove)
            self.view.case_link_clicked.connect(self._open_in_reader)
            self.view.xlsx_requested.connect(self.export_xlsx)
        self._refresh()
        self.view.show()
        self.view.raise_()
        self.view.activateWindow()
        self.view.view.setFocus(Qt.FocusReason.OtherFocusReason)  # arrows and Page Down scroll at once

    def export_xlsx(self) -> None:
        from dxreader.services.shortlist import my_comments
        from dxreader.ui.shortlist_actions import export_cases_xlsx

        export_cases_xlsx(self.window, my_comments(self.window.user_data, self.pick.ids), "事例の比較")

    def _open_in_reader(self, case_id: str) -> None:
        self.window.open_case(case_id)
        self.window.raise_()
        self.window.activateWindow()

    def _refresh(self) -> None:
        """The button's count, and the open comparison window's columns."""
        self.button.setText(f"比較 ({len(self.pick)})")
        if self.view is not None:
            cases = [c for i in self.pick.ids if (c := self.window.catalog.get(i)) is not None]
            self.view.show_comparison(compare(cases, self.window.catalog) if cases else None)

    def _fill_menu(self) -> None:
        menu = self.button.menu()
        menu.clear()
        show = menu.addAction(f"比較を表示（{len(self.pick)}件）", self.show_comparison)
        show.setEnabled(len(self.pick) >= MIN_CASES)
        menu.addSeparator()
        for number, case_id in enumerate(self.pick.ids, start=1):
            case = self.window.catalog.get(case_id)
            title = case.title if case else case_id
            menu.addAction(menu_text(f"外す: {number}. {title}"), lambda case_id=case_id: self.remove(case_id))
        if not len(self.pick):
            menu.addAction(f"まだありません（事例の「{ADD_TEXT}」、検索結果・しおりの右クリック）").setEnabled(False)
        else:
            menu.addAction("すべて外す", self._clear)

    def _clear(self) -> None:
        self.pick.clear()
        self.window.show_message("比較をすべて外しました")
        self._refresh()

    def results_menu(self, pos: QPoint) -> QMenu:
        """The results list's right-click menu: add the result under the pointer."""
        menu = QMenu(self.window.results)
        index = self.window.results.indexAt(pos)
        case_id = self.window.results_model.case_id(index.row()) if index.isValid() else None
        action = menu.addAction(f"{ADD_TEXT}（{len(self.pick)}/{MAX_CASES}件）",
                                lambda: self.add(case_id) if case_id else None)
        action.setEnabled(case_id is not None and case_id not in self.pick)
        menu.addAction("比較を表示", self.show_comparison).setEnabled(len(self.pick) >= MIN_CASES)
        return menu
