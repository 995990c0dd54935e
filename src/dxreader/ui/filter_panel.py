"""The filter bar: population bands as toggles with counts (unknown included or not), prefecture, kind of
municipality, 本文あり／目次のみ with counts, 連絡先あり, しおりのみ, 同規模の団体 (ui.home_choice enables it), and one
button that clears them all."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QCheckBox, QComboBox, QPushButton, QVBoxLayout, QWidget

from dxreader.core.bands import BAND_LABELS
from dxreader.core.filters import BODY_LABEL, LISTING_ONLY_LABEL, UNKNOWN
from dxreader.ui.flow_layout import FlowLayout
from dxreader.ui.style import PRESSED_TOGGLE

KINDS = ("都道府県", "市", "区", "町", "村")
UNKNOWN_BAND = "人口不明"


class FilterPanel(QWidget):
    changed = Signal()

    def __init__(self, prefectures: list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.band_buttons: dict[str | None, QPushButton] = {}
        bands = FlowLayout(spacing=3)  # wraps on a narrow pane
        for band in (*BAND_LABELS, None):
            button = QPushButton(band or UNKNOWN_BAND)
            button.setCheckable(True)
            button.setToolTip(f"人口区分「{band}」に絞り込みます（複数選べます）" if band else
                              "出典に人口の記載がない事例に絞り込みます")
            button.toggled.connect(self.changed)
            self.band_buttons[band] = button
            bands.addWidget(button)
        self.setStyleSheet(PRESSED_TOGGLE)  # a chosen band is clearly chosen
        self.exclude_unknown = QCheckBox("人口不明を除く")
        self.exclude_unknown.setToolTip("人口区分で絞り込まないときも、人口が不明な事例を一覧から外します")
        self.exclude_unknown.toggled.connect(self._exclude_unknown_toggled)

        others = FlowLayout(spacing=6)
        self.prefecture = QComboBox()
        self.prefecture.addItem("都道府県: すべて", "")
        for name in prefectures:
            self.prefecture.addItem(name, name)
        self.prefecture.currentIndexChanged.connect(self.changed)
        self.kind = QComboBox()
        self.kind.addItem("団体の種類: すべて", "")
        for kind in KINDS:
            self.kind.addItem(kind, kind)
        self.kind.currentIndexChanged.connect(self.changed)
        self.body = QComboBox()
        self.body.setToolTip("本文のある事例と、目次にのみ掲載され本文が収録資料にない事例を分けて表示します")
        for label, value in (("本文: すべて", None), (BODY_LABEL, True), (LISTING_ONLY_LABEL, False)):
            self.body.addItem(label, value)
        self.body.currentIndexChanged.connect(self.changed)
        self.has_contact = QCheckBox("連絡先あり")
        self.bookmarked_only = QCheckBox("しおりのみ")
        self.include_notes = QCheckBox("メモも検索")
        self.include_notes.setToolTip("検索語を自分のメモの中からも探します")
        self.same_size = QCheckBox("同規模の団体")  # toggling it searches through ui.home_choice
        for box in (self.has_contact, self.bookmarked_only, self.include_notes):
            box.toggled.connect(self.changed)
        self.clear_button = QPushButton("絞り込みを解除")
        self.clear_button.clicked.connect(self.clear)
        for w in (self.prefecture, self.kind, self.body):
            others.addWidget(w)
        checks = FlowLayout(spacing=8)
        for w in (self.exclude_unknown, self.has_contact, self.bookmarked_only, self.include_notes, self.same_size):
            checks.addWidget(w)
        checks.addWidget(self.clear_button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 2, 4, 2)
        layout.setSpacing(2)
        layout.addLayout(bands)
        layout.addLayout(others)
        layout.addLayout(checks)

    def _exclude_unknown_toggled(self, excluded: bool) -> None:
        """Excluding unknown populations and asking for them are opposites: one switches the other off."""
        unknown = self.band_buttons[None]
        unknown.blockSignals(True)
        if excluded:
            unknown.setChecked(False)
        unknown.setEnabled(not excluded)
        unknown.blockSignals(False)
        self.changed.emit()

    def selected_bands(self) -> frozenset[str | None]:
        chosen = frozenset(b for b, button in self.band_buttons.items() if button.isChecked())
        if not chosen and self.exclude_unknown.isChecked():
            return frozenset(BAND_LABELS)
        if self.exclude_unknown.isChecked():
            return chosen - {None}
        return chosen

    def has_body(self) -> bool | None:
        """True: only cases with their text; False: only listing-only cases; None: both."""
        value = self.body.currentData()
        return None if value is None else bool(value)

    def update_counts(self, facets: dict[str, dict[str, int]]) -> None:
        bands = facets.get("band", {})
        for band, button in self.band_buttons.items():
            n = bands.get(band or UNKNOWN, 0)
            button.setText(f"{band or UNKNOWN_BAND}（{n}）")
        prefectures = facets.get("prefecture", {})
        for i in range(1, self.prefecture.count()):
            name = self.prefecture.itemData(i)
            self.prefecture.setItemText(i, f"{name}（{prefectures.get(name, 0)}）")
        kinds = facets.get("has_body", {})
        with_body, listing_only = kinds.get(BODY_LABEL, 0), kinds.get(LISTING_ONLY_LABEL, 0)
        for index, text in enumerate((f"本文: すべて（{with_body + listing_only}）", f"{BODY_LABEL}（{with_body}）",
                                      f"{LISTING_ONLY_LABEL}（{listing_only}）")):
            self.body.setItemText(index, text)

    def clear(self) -> None:
        """All filters off with one click, and one search instead of one per widget."""
        widgets = [*self.band_buttons.values(), self.exclude_unknown, self.prefecture, self.kind, self.body,
                   self.has_contact, self.bookmarked_only, self.same_size]
        for w in widgets:
            w.blockSignals(True)
        for button in self.band_buttons.values():
            button.setChecked(False)
            button.setEnabled(True)
        for box in (self.exclude_unknown, self.has_contact, self.bookmarked_only, self.same_size):
            box.setChecked(False)
        self.prefecture.setCurrentIndex(0)
        self.kind.setCurrentIndex(0)
        self.body.setCurrentIndex(0)
        for w in widgets:
            w.blockSignals(False)
        self.changed.emit()
