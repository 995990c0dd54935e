"""The bookmarks pane: the list (search, folder or tag, sort), and what can be done with a bookmark."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPoint, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView, QComboBox, QHBoxLayout, QHeaderView, QInputDialog, QLineEdit, QMenu, QTableView,
    QVBoxLayout, QWidget,
)

from dxreader.services.userdata import UserData
from dxreader.ui.bookmarks_model import ALL_FOLDERS, SORTS, BookmarksModel
from dxreader.ui.plain_text import menu_text


HIDDEN_COLUMNS = (1, 4)  # 団体 (in the title's tooltip) and 登録日 (the 並べ替え box sorts by it)


def fit_columns(header: QHeaderView) -> None:
    """Title, comment and folder/tags share the pane's width: all three in view, no sideways scrolling."""
    header.setMinimumSectionSize(header.fontMetrics().horizontalAdvance("あ") * 2)
    for column in range(header.count()):
        header.setSectionHidden(column, column in HIDDEN_COLUMNS)
        header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)


class BookmarkPane(QWidget):
    case_selected = Signal(str)
    changed = Signal()  # a folder changed here
    folder_created = Signal(str)  # folder ID: the open case's bookmark goes into it
    message = Signal(str)
    removal_requested = Signal(list)  # case IDs: removing goes through the window's undoable removal
    compare_requested = Signal(list)  # case IDs to add to the comparison

    def __init__(self, user_data: UserData, model: BookmarksModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._user_data = user_data
        self.model = model
        self.search = QLineEdit(placeholderText="しおりを検索（題名・団体・コメント・タグ）", clearButtonEnabled=True)
        self.search.textChanged.connect(lambda text: self.model.set_view(text=text))
        self.folder = QComboBox(toolTip="フォルダまたはタグで絞り込む")
        self.folder.currentIndexChanged.connect(lambda _: self.model.set_view(folder=self.folder.currentData() or ""))
        self.sort = QComboBox(toolTip="並べ替え")
        self.sort.addItems(list(SORTS))
        self.sort.currentTextChanged.connect(lambda text: self.model.set_view(sort=text))
        self.table = QTableView()
        self.table.setModel(model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        fit_columns(self.table.horizontalHeader())
        self.table.setWordWrap(False)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.customContextMenuRequested.connect(self._context_menu)
        self.table.activated.connect(self._open)
        self.table.clicked.connect(self._open)
        remove_selected = QAction("選択したしおりを外す", self.table)
        remove_selected.setShortcut(QKeySequence.StandardKey.Delete)
        remove_selected.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        remove_selected.triggered.connect(self.remove_selected)
        self.table.addAction(remove_selected)
        row = QHBoxLayout()
        row.addWidget(self.folder, 1)
        row.addWidget(self.sort)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        layout.addWidget(self.search)
        layout.addLayout(row)
        layout.addWidget(self.table, 1)

    def reload(self) -> None:
        """Re-read bookmarks and folders from the user-data file (after any change anywhere)."""
        snapshot = self._user_data.store.snapshot()
        folders = {f.id: f.name for f in snapshot.folders}
        self.model.set_bookmarks(list(snapshot.bookmarks), folders)
        current = self.folder.currentData() or ALL_FOLDERS
        self.folder.blockSignals(True)
        self.folder.clear()
        self.folder.addItem(f"すべてのしおり（{len(snapshot.bookmarks)}）", ALL_FOLDERS)
        for folder in snapshot.folders:
            n = sum(b.folder_id == folder.id for b in snapshot.bookmarks)
            self.folder.addItem(f"フォルダ: {folder.name}（{n}）", folder.id)  # no emoji: office fonts may lack it (tofu)
        for tag in sorted({t for b in snapshot.bookmarks for t in b.tags}):
            self.folder.addItem(f"#{tag}", f"#{tag}")
        self.folder.setCurrentIndex(max(0, self.folder.findData(current)))
        self.folder.blockSignals(False)
        self.model.set_view(folder=self.folder.currentData() or ALL_FOLDERS)

    def _open(self, index: QModelIndex) -> None:
        if index.isValid():
            self.case_selected.emit(self.model.case_id(index.row()))

    def _context_menu(self, pos: QPoint) -> None:
        self.context_menu(self.table.indexAt(pos)).exec(self.table.viewport().mapToGlobal(pos))

    def context_menu(self, index: QModelIndex) -> QMenu:
        menu = QMenu(self)
        if index.isValid():
            case_id = self.model.case_id(index.row())
            chosen = self.selected_case_ids()
            menu.addAction("開く", lambda: self.case_selected.emit(case_id))
            several = len(chosen) > 1 and case_id in chosen
            menu.addAction(f"選択した{len(chosen)}件を比較に追加" if several else "比較に追加",
                           lambda: self.compare_requested.emit(chosen if several else [case_id]))
            move = menu.addMenu("フォルダへ移動")
            move.addAction("（フォルダなし）", lambda: self._move(case_id, None))
            for folder in self._user_data.store.folders():
                move.addAction(menu_text(folder.name), lambda f=folder.id: self._move(case_id, f))
            if several:
                menu.addAction(f"選択した{len(chosen)}件のしおりを外す", self.remove_selected)
            else:
                menu.addAction("しおりを外す", lambda: self.remove(case_id))
            menu.addSeparator()
        menu.addAction("新しいフォルダ…", self.new_folder)
        return menu

    def _move(self, case_id: str, folder_id: str | None) -> None:
        self._user_data.store.set_folder(case_id, folder_id)
        self.changed.emit()

    def remove(self, case_id: str) -> None:
        self.removal_requested.emit([case_id])

    def selected_case_ids(self) -> list[str]:
        return [self.model.case_id(index.row()) for index in self.table.selectionModel().selectedRows()]

    def remove_selected(self) -> None:
        chosen = self.selected_case_ids()
        if chosen:
            self.removal_requested.emit(chosen)

    def new_folder(self) -> None:
        name, ok = QInputDialog.getText(self, "新しいフォルダ", "フォルダ名:")
        if ok and name.strip():
            self.create_folder(name)

    def create_folder(self, name: str) -> None:
        folder = self._user_data.store.create_folder(name)
        self.folder_created.emit(folder.id)
        self.changed.emit()
