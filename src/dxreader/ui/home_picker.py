"""The 自分の団体 picker: type a name, its reading (ひらがな・カタカナ) or its code, pick from every prefecture and
municipality with its prefecture and 2020 census population beside it; usable from the keyboard alone."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView, QDialog, QDialogButtonBox, QLineEdit, QPushButton, QTableView, QVBoxLayout,
    QWidget,
)

from dxreader.core.municipalities import Municipality
from dxreader.services.municipalities import Directory
from dxreader.ui.plain_text import PlainLabel, menu_text
from dxreader.ui.table_model import HeadedTableModel, Index

COLUMNS = ("団体", "都道府県", "種類", "人口（令和2年国勢調査）", "団体コード")
SOURCE_NOTE = ("人口は総務省統計局「令和2年国勢調査」（2020年10月1日現在）の値です。"
               "団体は総務省「全国地方公共団体コード」の都道府県47・市区町村1,741（計1,788）です。")
COLUMN_WIDTHS = (150, 90, 60, 170)
_MOVES = {Qt.Key.Key_Down: 1, Qt.Key.Key_Up: -1, Qt.Key.Key_PageDown: 10, Qt.Key.Key_PageUp: -10}


class MunicipalityModel(HeadedTableModel):
    """The places the typed text finds, best first (all of them when nothing is typed)."""

    columns = COLUMNS

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[Municipality] = []

    def set_rows(self, rows: list[Municipality]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def municipality(self, row: int) -> Municipality | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        m = self.municipality(index.row()) if index.isValid() else None
        if m is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return (m.name, m.prefecture, m.kind, m.population_text, m.code)[index.column()]
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() == 3:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


class HomePicker(QDialog):
    """Picks one place; `chosen` is it after Accepted, `cleared` is True when the user removed the choice."""

    def __init__(self, directory: Directory, current: Municipality | None, first_start: bool = False,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.directory = directory
        self.chosen: Municipality | None = None
        self.cleared = False
        self.setWindowTitle("自分の団体を選ぶ")
        intro = ("ようこそ。自分の団体（都道府県・市区町村）を選ぶと、人口が近い団体の事例から並べたり、"
                 "同規模の団体の事例に絞り込んだりできます。あとで［設定］メニューからも選べます。"
                 if first_start else "人口が近い団体の事例から並べる（自分の団体に近い順）・同規模の団体に絞り込むときの基準です。")
        self.intro = PlainLabel(intro)
        self.intro.setWordWrap(True)
        self.current_label = PlainLabel(f"いまの設定: {current.label()}" if current else "いまの設定: なし")
        self.search = QLineEdit(placeholderText="団体名・よみ（ひらがな・カタカナ）・団体コードで探す　例: しおじり")
        self.search.setClearButtonEnabled(True)
        self.model = MunicipalityModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        for column, width in enumerate(COLUMN_WIDTHS):  # fixed: measuring 1,788 rows on every key costs
            header.resizeSection(column, width)
        header.setStretchLastSection(True)
        self.count_label = PlainLabel()
        note = PlainLabel(SOURCE_NOTE)
        note.setWordWrap(True)
        note.setStyleSheet("QLabel { color: #555; }")
        buttons = QDialogButtonBox()
        self.choose_button = buttons.addButton(menu_text("この団体にする"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.skip_button = buttons.addButton(menu_text("今は選ばない" if first_start else "キャンセル"),
                                             QDialogButtonBox.ButtonRole.RejectRole)
        self.clear_button: QPushButton | None = None
        if current is not None:
            self.clear_button = buttons.addButton(menu_text("設定を解除"), QDialogButtonBox.ButtonRole.ResetRole)
            self.clear_button.clicked.connect(self._clear)
        self.choose_button.setDefault(True)
        buttons.accepted.connect(self._accept_current)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        for w in (self.intro, self.current_label, self.search, self.table, self.count_label, note, buttons):
            layout.addWidget(w)
        layout.setStretchFactor(self.table, 1)
        self.resize(640, 520)

        self.search.textChanged.connect(self._refill)
        self.search.installEventFilter(self)  # ↑↓ PageUp PageDown move in the list while typing
        self.table.doubleClicked.connect(lambda _: self._accept_current())
        self.table.activated.connect(lambda _: self._accept_current())  # Enter in the list
        self._refill("")
        self.search.setFocus()

    def _refill(self, text: str) -> None:
        rows = self.directory.find(text)
        self.model.set_rows(rows)
        self.count_label.setText(f"{len(rows):,} 団体" if rows else "当てはまる団体はありません")
        self.choose_button.setEnabled(bool(rows))
        if rows:
            self.table.selectRow(0)

    def current(self) -> Municipality | None:
        return self.model.municipality(self.table.currentIndex().row())

    def _accept_current(self) -> None:
        chosen = self.current()
        if chosen is not None:
            self.chosen = chosen
            self.accept()

    def _clear(self) -> None:
        self.cleared = True
        self.accept()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if watched is self.search and event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            step = _MOVES.get(Qt.Key(event.key()))
            if step is not None and self.model.rowCount():
                row = min(self.model.rowCount() - 1, max(0, self.table.currentIndex().row() + step))
                self.table.selectRow(row)
                self.table.scrollTo(self.model.index(row, 0))
                return True
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self._accept_current()
                return True
        return super().eventFilter(watched, event)
