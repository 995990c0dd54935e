"""A navigation tree over the cases (casebook › section › case, or 地方 › 都道府県 › 団体) with hit counts."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QAbstractItemView, QTreeView, QWidget

from dxreader.core.model import Case
from dxreader.ui.plain_text import tooltip

PathRole = Qt.ItemDataRole.UserRole + 1
CaseIdRole = Qt.ItemDataRole.UserRole + 2
LabelRole = Qt.ItemDataRole.UserRole + 3
ALL_LABEL = "すべて"
_DIM = QBrush(QColor("#9a9a9a"))


class NavTree(QTreeView):
    """Selecting a node narrows the results to its subtree (path_selected); a case leaf opens the case."""

    path_selected = Signal(tuple)
    case_selected = Signal(str)

    def __init__(self, cases: Iterable[Case], path_of: Callable[[Case], tuple[str, ...]], facet: str,
                 case_leaves: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.facet = facet
        self._model = QStandardItemModel(self)
        self.setModel(self._model)
        self.setHeaderHidden(True)
        self.setUniformRowHeights(True)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self._nodes: dict[tuple[str, ...], QStandardItem] = {}
        self._leaves: dict[str, QStandardItem] = {}
        root = self._item(ALL_LABEL, ())
        self._model.appendRow(root)
        for case in cases:
            path = path_of(case)
            parent_item = root
            for depth in range(1, len(path) + 1):
                key = path[:depth]
                if key not in self._nodes:
                    self._nodes[key] = self._item(key[-1], key)
                    parent_item.appendRow(self._nodes[key])
                parent_item = self._nodes[key]
            if case_leaves:
                leaf = self._item(case.title, path)
                leaf.setData(case.id, CaseIdRole)
                leaf.setToolTip(tooltip(case.title))
                parent_item.appendRow(leaf)
                self._leaves[case.id] = leaf
        self.expand(root.index())
        self.clicked.connect(self._on_clicked)
        self.activated.connect(self._on_clicked)

    @staticmethod
    def _item(label: str, path: tuple[str, ...]) -> QStandardItem:
        item = QStandardItem(label)
        item.setData(path, PathRole)
        item.setData(label, LabelRole)
        return item

    def update_counts(self, counts: dict[str, int], total: int, matching_ids: set[str]) -> None:
        """Counts follow the current query and the other filters; nodes and cases with no hit are dimmed."""
        root = self._model.item(0)
        root.setText(f"{ALL_LABEL}（{total}）")
        for path, item in self._nodes.items():
            n = counts.get(" › ".join(path), 0)
            item.setText(f"{item.data(LabelRole)}（{n}）")
            item.setForeground(QBrush() if n else _DIM)
        for case_id, leaf in self._leaves.items():
            leaf.setForeground(QBrush() if case_id in matching_ids else _DIM)

    def node_text(self, path: tuple[str, ...]) -> str:
        return self._nodes[path].text()

    def select_path(self, path: tuple[str, ...]) -> None:
        item = self._nodes.get(path) or self._model.item(0)
        self.setCurrentIndex(item.index())

    def _on_clicked(self, index: QModelIndex) -> None:
        case_id = index.data(CaseIdRole)
        if case_id:
            self.case_selected.emit(case_id)
        else:
            self.path_selected.emit(tuple(index.data(PathRole) or ()))
