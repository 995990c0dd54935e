"""The bookmark list as a table model: case IDs with their snapshot, annotation, folder and tags."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from dxreader.core.analysis import normalize
from dxreader.core.userdata import Bookmark
from dxreader.ui.plain_text import tooltip
from dxreader.ui.table_model import HeadedTableModel

CaseIdRole = Qt.ItemDataRole.UserRole + 1
COLUMNS = ("題名", "団体", "コメント", "フォルダ・タグ", "登録日")
SORTS: dict[str, tuple[Callable[[Bookmark], str], bool]] = {  # label → (key, newest first)
    "登録順": (lambda b: b.created_at, False),
    "新しい順": (lambda b: b.created_at, True),
    "更新順": (lambda b: b.updated_at, True),
    "題名順": (lambda b: b.title, False),
    "団体順": (lambda b: b.municipality, False),
}
ALL_FOLDERS = ""
MISSING = "（見つからない事例）"
Index = QModelIndex | QPersistentModelIndex


class BookmarksModel(HeadedTableModel):
    columns = COLUMNS

    def __init__(self, exists: Callable[[str], bool], parent: Any = None) -> None:
        super().__init__(parent)
        self._exists = exists
        self._all: list[Bookmark] = []
        self._rows: list[Bookmark] = []
        self._folders: dict[str, str] = {}
        self._text, self._folder, self._sort = "", ALL_FOLDERS, "登録順"

    def set_bookmarks(self, bookmarks: list[Bookmark], folders: dict[str, str]) -> None:
        self._all, self._folders = list(bookmarks), dict(folders)
        self._refilter()

    def set_view(self, text: str | None = None, folder: str | None = None, sort: str | None = None) -> None:
        """Filter by words (title, 団体, comment, tags), by folder ID or "#tag", and sort."""
        if text is not None:
            self._text = text
        if folder is not None:
            self._folder = folder
        if sort is not None:
            self._sort = sort
        self._refilter()

    def _accepts(self, b: Bookmark) -> bool:
        if self._folder.startswith("#") and self._folder[1:] not in b.tags:
            return False
        if self._folder and not self._folder.startswith("#") and b.folder_id != self._folder:
            return False
        haystack = normalize(" ".join([b.title, b.municipality, b.annotation, *b.tags]))
        return all(normalize(word) in haystack for word in self._text.split())

    def _refilter(self) -> None:
        self.beginResetModel()
        key, reverse = SORTS.get(self._sort, SORTS["登録順"])
        self._rows = sorted((b for b in self._all if self._accepts(b)), key=key, reverse=reverse)
        self.endResetModel()

    def case_id(self, row: int) -> str:
        return self._rows[row].case_id

    def case_ids(self) -> list[str]:
        return [b.case_id for b in self._rows]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        b = self._rows[index.row()]
        missing = not self._exists(b.case_id)
        if role == CaseIdRole:
            return b.case_id
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            display = role == Qt.ItemDataRole.DisplayRole
            values = (
                b.title + (f" {MISSING}" if missing else ""),
                b.municipality,
                " ".join(b.annotation.split())[:200] if display else b.annotation[:2000],
                " ".join(filter(None, [self._folders.get(b.folder_id or "", ""), *(f"#{t}" for t in b.tags)])),
                b.created_at[:10],
            )
            if display:
                return values[index.column()]
            return tooltip("\n".join(values[:2]) if index.column() == 0 else values[index.column()])  # + 団体
        if role == Qt.ItemDataRole.ForegroundRole and missing:
            return QBrush(QColor("#8a1c1c"))
        return None
