"""The main window: for now a case list beside the selected case's text (the reader issue replaces it)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QListWidget, QListWidgetItem, QMainWindow, QPlainTextEdit, QSplitter

from dxreader.services.catalog import Catalog, place_label


class MainWindow(QMainWindow):
    def __init__(self, catalog: Catalog) -> None:
        super().__init__()
        self._catalog = catalog
        self.setWindowTitle("DX事例リーダー")
        self.resize(1100, 720)
        self.case_list = QListWidget()
        self.case_view = QPlainTextEdit(readOnly=True)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.case_list)
        splitter.addWidget(self.case_view)
        splitter.setSizes([380, 720])
        self.setCentralWidget(splitter)
        cases = catalog.cases()
        self.count_label = QLabel(f"{len(cases)} 件の事例")
        self.statusBar().addWidget(self.count_label)
        for case in cases:
            item = QListWidgetItem(f"{case.title}\n{place_label(case)}")
            item.setData(Qt.ItemDataRole.UserRole, case.id)
            self.case_list.addItem(item)
        self.case_list.currentItemChanged.connect(self._show_case)
        if cases:
            self.case_list.setCurrentRow(0)

    def _show_case(self, item: QListWidgetItem | None) -> None:
        case = self._catalog.get(item.data(Qt.ItemDataRole.UserRole)) if item else None
        self.case_view.setPlainText(self._catalog.render_text(case) if case else "")
