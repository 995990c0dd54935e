"""自分の団体 in the window: the choice kept in settings (home/code), 設定 › 自分の団体…, the first-start prompt,
and the sort 「自分の団体に近い順」 and the filter 「同規模の団体」, which stay disabled until a place is chosen."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QStandardItemModel
from PySide6.QtWidgets import QDialog

from dxreader.core.similarity import SAME_SIZE_FACTOR, Place
from dxreader.services.municipalities import Directory, NearHome
from dxreader.ui.home_picker import HomePicker
from dxreader.ui.plain_text import menu_text, tooltip

if TYPE_CHECKING:
    from dxreader.core.filters import SearchFilters
    from dxreader.core.model import Case
    from dxreader.core.municipalities import Municipality
    from dxreader.ui.main_window import MainWindow

NEAR_SORT, NEAR_LABEL = "near", "自分の団体に近い順"
HOME_KEY, ASKED_KEY = "home/code", "home/asked"
NEEDS_HOME = "自分の団体を選ぶと使えます（設定 › 自分の団体…）"
SAME_SIZE_TIP = (f"人口が自分の団体の{1 / SAME_SIZE_FACTOR:g}倍〜{SAME_SIZE_FACTOR:g}倍の団体の事例だけにします"
                 "（都道府県は都道府県どうし、市区町村は市区町村どうし）")


class HomeChoice(QObject):
    def __init__(self, window: MainWindow, municipalities: list[Municipality]) -> None:
        super().__init__(window)
        self.window, self.settings = window, window.settings
        self.sort_combo, self.same_size = window.sort_combo, window.filters.same_size
        self.directory = Directory(municipalities)
        self.near = NearHome(self.directory.get(self.settings.text(HOME_KEY)))
        combo = self.sort_combo
        combo.blockSignals(True)  # the window searches once it is filled
        combo.addItem(NEAR_LABEL, NEAR_SORT)
        combo.setSizeAdjustPolicy(combo.SizeAdjustPolicy.AdjustToContents)  # added after the frame was sized
        if self.settings.sort == NEAR_SORT:
            combo.setCurrentIndex(combo.findData(NEAR_SORT))
        combo.blockSignals(False)
        self.picker: HomePicker | None = None
        self.action = QAction("自分の団体(&M)…", window)
        self.action.triggered.connect(lambda _=False: self.pick())
        window.menus["設定"].addAction(self.action)
        window.actions["home"] = self.action
        window.results_model.reason = self.reason
        self.same_size.toggled.connect(lambda _checked: window.run_search())  # not the flag as `then`
        self._update_controls()

    @property
    def place(self) -> Place | None:
        return self.near.place

    @property
    def home_sort(self) -> bool:
        return self.sort_combo.currentData() == NEAR_SORT

    def filters(self, base: SearchFilters) -> SearchFilters:
        return self.near.filters(base, self.same_size.isChecked())

    def reason(self, case: Case) -> str:
        """The card's 「近さ: …」 while the list follows the user's place (its sort or its filter)."""
        if self.near.home is None or not (self.home_sort or self.same_size.isChecked()):
            return ""
        return self.near.why(case)

    def pick(self, first_start: bool = False) -> HomePicker:
        """The picker, window-modal; what it returns is taken when it closes."""
        self.picker = HomePicker(self.directory, self.near.home, first_start, self.window)
        self.picker.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.picker.finished.connect(lambda _: self._picked())
        self.picker.open()
        return self.picker

    def ask_on_first_start(self) -> HomePicker | None:
        """Once: on a start where no place was chosen and the prompt was never answered (skipping counts), and
        only when no other message is waiting for the user (it asks again on a later start then)."""
        waiting = any(d.isVisible() for d in self.window.findChildren(QDialog))  # a start-up message box
        if self.near.home is not None or self.settings.flag(ASKED_KEY, False) or waiting:
            return None
        return self.pick(first_start=True)

    def _picked(self) -> None:
        picker, self.picker = self.picker, None
        if picker is None:
            return
        self.settings.set(ASKED_KEY, True)
        if picker.cleared:
            self._set(None)
        elif picker.result() == HomePicker.DialogCode.Accepted and picker.chosen is not None:
            self._set(picker.chosen.code)

    def _set(self, code: str | None) -> None:
        """Keep the choice, sort by it when one was chosen, and search once."""
        self.near = NearHome(self.directory.get(code) if code else None)
        self.settings.set(HOME_KEY, code or "")
        self._update_controls()
        combo = self.sort_combo
        if code:
            combo.blockSignals(True)
            combo.setCurrentIndex(combo.findData(NEAR_SORT))
            combo.blockSignals(False)
        home = self.near.home
        self.window.show_message(f"自分の団体を「{home.label()}」にしました" if home else "自分の団体の設定を解除しました")
        self.window.run_search()

    def _update_controls(self) -> None:
        """The sort item and the filter: enabled with a place; else disabled, with a tooltip saying why."""
        home = self.near.home
        combo, box = self.sort_combo, self.same_size
        item = combo.model().item(combo.findData(NEAR_SORT)) if isinstance(combo.model(), QStandardItemModel) else None
        if item is not None:
            item.setEnabled(home is not None)
            item.setToolTip(tooltip(f"{home.label()}に人口・都道府県・地方・種類が近い団体の事例から並べます"
                                    if home else NEEDS_HOME))
        if home is None and self.home_sort:
            combo.blockSignals(True)  # whoever changed the place searches next
            combo.setCurrentIndex(combo.findData("relevance"))
            combo.blockSignals(False)
        unknown = home is not None and home.population_2020 is None
        box.setEnabled(home is not None and not unknown)
        if not box.isEnabled():
            box.setChecked(False)
        box.setToolTip(tooltip(NEEDS_HOME if home is None else
                               f"{home.label()}は人口が不明（令和2年国勢調査に数値なし）のため使えません" if unknown
                               else f"{SAME_SIZE_TIP}。基準: {home.label()}（人口 {home.population_text}・令和2年国勢調査）"))
        self.action.setText(f"自分の団体: {menu_text(home.label())}(&M)…" if home else "自分の団体(&M)…")
