"""A colleague's shortlist, read-only: its cases with their comments (and notes), a case opened in the reader
on double-click, and any or all of them taken into one's own bookmarks."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView, QComboBox, QDialog, QHBoxLayout, QHeaderView, QPlainTextEdit, QPushButton, QSplitter,
    QTableView, QVBoxLayout, QWidget,
)

from dxreader.core.shortlist import SharedCase
from dxreader.services.shortlist import OpenedList, Shortlists
from dxreader.storage.errors import StorageError
from dxreader.storage.userstore import InvalidUserInput
from dxreader.ui.plain_text import PlainLabel, tooltip, warn, window_title
from dxreader.ui.table_model import HeadedTableModel

Index = QModelIndex | QPersistentModelIndex
MISSING = "（お使いの事例データにありません）"
NEW_FOLDER, NO_FOLDER = "new", ""


class ShortlistModel(HeadedTableModel):
    """The list's cases in its own order; nothing here can be edited."""

    def __init__(self, opened: OpenedList, parent: Any = None) -> None:
        super().__init__(parent)
        self._opened = opened
        self._rows: list[SharedCase] = list(opened.shortlist.cases)
        self.columns = ("団体", "題名", "コメント") + (("メモ",) if opened.shortlist.has_notes else ())

    def case(self, row: int) -> SharedCase:
        return self._rows[row]

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable  # never editable

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows) or not 0 <= index.column() < len(self.columns):
            return None
        c = self._rows[index.row()]
        known = self._opened.known(c.case_id)
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            values = (c.municipality, c.title + ("" if known else f" {MISSING}"), c.comment, c.note)
            value = values[index.column()]
            if role == Qt.ItemDataRole.DisplayRole:
                return " ".join(value.split())[:200]
            return tooltip(value[:2000])
        if role == Qt.ItemDataRole.ForegroundRole and not known:
            return QBrush(QColor("#8a1c1c"))
        return None


class ShortlistDialog(QDialog):
    """Not modal: the user reads each case in the main window while the list stays open beside it."""

    case_requested = Signal(str)
    bookmarks_taken = Signal(str)  # the result message; the window reloads its bookmarks

    def __init__(self, opened: OpenedList, lists: Shortlists, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.opened, self._lists = opened, lists
        s = opened.shortlist
        self.setWindowTitle(window_title(f"共有リスト「{s.title}」（読み取り専用）"))
        self.resize(900, 600)
        made = s.created_at[:16].replace("T", " ")
        heading = PlainLabel(f"「{s.title}」　作成者: {s.author or '記載なし'}　作成日時: {made}　{len(s.cases)}件"
                             + ("（メモを含む）" if s.has_notes else ""))
        heading.setStyleSheet("QLabel { font-weight: bold; }")
        self.notices = PlainLabel("\n".join(opened.notices()))
        self.notices.setWordWrap(True)
        self.notices.setStyleSheet("QLabel { color: #8a4b00; }")
        self.notices.setVisible(bool(opened.notices()))
        hint = PlainLabel(f"読み取り専用です（{opened.path.name}）。ダブルクリックで事例を表示し、選んだ事例を自分のしおりに"
                          "取り込めます。自分のコメントとメモは変更されません。")
        hint.setWordWrap(True)
        self.model = ShortlistModel(opened, self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        for column in range(self.model.columnCount()):  # 団体 as wide as its names; the texts share the rest
            self.table.horizontalHeader().setSectionResizeMode(
                column, QHeaderView.ResizeMode.ResizeToContents if column == 0 else QHeaderView.ResizeMode.Stretch)
        self.table.activated.connect(self._open)
        self.table.doubleClicked.connect(self._open)
        self.detail = QPlainTextEdit(readOnly=True, placeholderText="事例を選ぶと、コメントとメモの全文を表示します")
        self.table.selectionModel().currentRowChanged.connect(lambda current, _: self._show_detail(current.row()))
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.table)
        split.addWidget(self.detail)
        split.setSizes([380, 140])

        self.folder = QComboBox(toolTip="取り込んだしおりを入れるフォルダ")
        self.folder.addItem(f"新しいフォルダ「{s.title}」", NEW_FOLDER)
        for f in lists.user_data.store.folders():
            self.folder.addItem(f"フォルダ「{f.name}」", f.id)
        self.folder.addItem("フォルダなし", NO_FOLDER)
        self.take_selected = QPushButton("選んだ事例をしおりに取り込む")
        self.take_all = QPushButton(f"すべて（{len(s.cases) - len(opened.unknown)}件）をしおりに取り込む")
        close = QPushButton("閉じる")
        self.take_selected.clicked.connect(lambda: self.take(self.selected_case_ids()))
        self.take_all.clicked.connect(lambda: self.take(None))
        close.clicked.connect(self.close)
        read_only = lists.user_data.read_only
        for button in (self.take_selected, self.take_all):
            button.setEnabled(not read_only)
        self.result = PlainLabel("しおり・メモが読み取り専用のため、取り込めません" if read_only else "")
        self.result.setWordWrap(True)
        row = QHBoxLayout()
        row.addWidget(PlainLabel("取り込み先:"))
        row.addWidget(self.folder, 1)
        row.addWidget(self.take_selected)
        row.addWidget(self.take_all)
        row.addWidget(close)
        layout = QVBoxLayout(self)
        for widget in (heading, self.notices, hint):
            layout.addWidget(widget)
        layout.addWidget(split, 1)
        layout.addWidget(self.result)
        layout.addLayout(row)

    def _show_detail(self, row: int) -> None:
        if not 0 <= row < self.model.rowCount():
            self.detail.clear()
            return
        c = self.model.case(row)
        parts = [f"{c.municipality}　{c.title}", f"【コメント】\n{c.comment or '（なし）'}"]
        if c.note:
            parts.append(f"【メモ】\n{c.note}")
        self.detail.setPlainText("\n\n".join(parts))

    def _open(self, index: QModelIndex) -> None:
        case = self.model.case(index.row()) if index.isValid() else None
        if case is not None and self.opened.known(case.case_id):
            self.case_requested.emit(case.case_id)
        elif case is not None:
            self.result.setText(f"「{case.title}」はお使いの事例データにないため、表示できません")

    def selected_case_ids(self) -> list[str]:
        return [self.model.case(index.row()).case_id for index in self.table.selectionModel().selectedRows()]

    def take(self, case_ids: list[str] | None) -> None:
        if case_ids == []:
            self.result.setText("取り込む事例を選んでください（Ctrl または Shift を押しながらクリックで複数）")
            return
        choice = self.folder.currentData()
        try:
            result = self._lists.take(self.opened, case_ids, folder_id=None if choice in (NEW_FOLDER, NO_FOLDER) else choice,
                                      new_folder=self.opened.shortlist.title if choice == NEW_FOLDER else None)
        except (StorageError, InvalidUserInput) as exc:
            warn(self, "取り込めませんでした", f"何も変更していません。\n\n{exc}")
            return
        self.result.setText(result.message())
        self.bookmarks_taken.emit(result.message())
