"""The comparison window (2 or 3 cases in columns, aligned by section) and its printing: A4 landscape, to the
printer with a preview or to a PDF whose text layer goes through the same repair as every printed sheet."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from dxreader.services.catalog import place_label
from dxreader.services.comparison import MAX_CASES, MIN_CASES, Comparison
from dxreader.services.comparison_html import comparison_footer, comparison_html, comparison_title
from dxreader.ui.plain_text import PlainLabel, tooltip
from dxreader.ui.safe_browser import SafeTextBrowser

PRINT_FONT_PT = 9.0
WINDOW_SIZE = (1300, 720)  # fits a 1366×768 screen's free area with its task bar


def comparison_to_pdf(comparison: Comparison, target: Path) -> int:
    """The comparison as an A4 landscape PDF; returns the number of pages."""
    from dxreader.ui.printing import render_pdf

    html = comparison_html(comparison, for_print=True, font_pt=PRINT_FONT_PT)
    return render_pdf(html, comparison_footer(comparison), target, comparison_title(comparison), landscape=True)


class ComparisonWindow(QWidget):
    """A window of its own beside the reader: the cases' columns, a 外す button for each, print and PDF."""

    removal_requested = Signal(str)  # case ID
    case_link_clicked = Signal(str)  # case ID: show it in the main window
    xlsx_requested = Signal()  # the compared cases to an Excel workbook (the tray knows the user's comments)

    def __init__(self, parent: QWidget, font_pt: float) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.comparison: Comparison | None = None
        self.font_pt = font_pt
        self.setWindowTitle("事例の比較 - DX事例リーダー")
        self.heading = PlainLabel()
        self.heading.setStyleSheet("QLabel { font-weight: bold; }")
        self.status = PlainLabel()  # what the last print or save did
        self.chips = QHBoxLayout()
        self.print_button = QPushButton("印刷(&P)…", toolTip="A4横で印刷（プレビューつき。Ctrl+P）")
        self.pdf_button = QPushButton("PDFに保存(&S)…", toolTip="A4横のPDFに保存（Ctrl+Shift+S）")
        self.xlsx_button = QPushButton("Excelに書き出す(&E)…", toolTip="比較している事例を1行1事例のExcelブック（.xlsx）に")
        self.close_button = QPushButton("閉じる", toolTip="比較の画面を閉じる（Esc）。選んだ事例はそのまま残ります")
        self.print_button.clicked.connect(self.print_preview)
        self.pdf_button.clicked.connect(self.save_pdf_dialog)
        self.xlsx_button.clicked.connect(self.xlsx_requested)
        self.close_button.clicked.connect(self.close)
        self.view = SafeTextBrowser()
        self.view.case_link_clicked.connect(self.case_link_clicked)
        top = QHBoxLayout()
        top.addWidget(self.heading, 1)
        top.addWidget(self.status)
        for button in (self.print_button, self.pdf_button, self.xlsx_button, self.close_button):
            top.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(self.chips)
        layout.addWidget(self.view, 1)
        for keys, slot in ((QKeySequence.StandardKey.Print, self.print_preview), ("Ctrl+Shift+S", self.save_pdf_dialog),
                           (QKeySequence.StandardKey.Close, self.close), ("Esc", self.close)):
            QShortcut(QKeySequence(keys), self, slot)
        for number in range(1, MAX_CASES + 1):  # Alt+n: 外す for the n-th case, wherever the focus is
            QShortcut(QKeySequence(f"Alt+{number}"), self, lambda number=number: self._remove_number(number))
        screen = parent.screen().availableGeometry()
        self.resize(min(WINDOW_SIZE[0], screen.width() - 40), min(WINDOW_SIZE[1], screen.height() - 40))

    def show_comparison(self, comparison: Comparison | None) -> None:
        """Show these cases (None: no case is picked any more); the scroll position is kept."""
        self.comparison = comparison
        count = len(comparison.cases) if comparison else 0
        self._fill_chips(comparison)
        if count >= MIN_CASES:
            self.heading.setText(f"{count}件の事例を項目ごとに比較（{MAX_CASES}件まで）")
        else:
            self.heading.setText(f"比較するには事例をもう{MIN_CASES - count}件以上、「比較に追加」してください"
                                 f"（検索結果・しおりの右クリック、事例の「比較に追加」、Ctrl+Shift+A）")
        for button in (self.print_button, self.pdf_button):
            button.setEnabled(count >= 1)
        scroll = self.view.verticalScrollBar().value()
        self.view.setHtml(comparison_html(comparison, for_print=False, font_pt=self.font_pt) if comparison else "")
        self.view.verticalScrollBar().setValue(scroll)

    def _fill_chips(self, comparison: Comparison | None) -> None:
        while self.chips.count():
            item = self.chips.takeAt(0)
            if item.widget() is not None:
                item.widget().deleteLater()
        for number, case in enumerate(comparison.cases if comparison else (), start=1):
            chip = QWidget()
            row = QHBoxLayout(chip)
            row.setContentsMargins(0, 0, 8, 0)
            label = PlainLabel(f"{number}. {case.title}（{place_label(case)}）")
            label.setWordWrap(True)
            label.setToolTip(tooltip(f"{case.title}\n{place_label(case)}　{case.id}"))
            remove = QPushButton(f"外す（Alt+{number}）", toolTip=tooltip(f"「{case.title}」を比較から外す（Alt+{number}）"))
            remove.setAccessibleName(f"{number}件目の事例を比較から外す")
            remove.clicked.connect(lambda _=False, case_id=case.id: self.removal_requested.emit(case_id))
            row.addWidget(label, 1)
            row.addWidget(remove, 0, Qt.AlignmentFlag.AlignTop)
            self.chips.addWidget(chip, 1)

    def _remove_number(self, number: int) -> None:
        if self.comparison is not None and number <= len(self.comparison.cases):
            self.removal_requested.emit(self.comparison.cases[number - 1].id)

    def remove_button(self, number: int) -> QPushButton:
        """The 外す button of the number-th case (1-based)."""
        chip = self.chips.itemAt(number - 1).widget()
        return chip.findChild(QPushButton)

    # --- printing ------------------------------------------------------------------------------
    def print_preview(self) -> None:
        if self.comparison is None:
            return
        from dxreader.ui.printing import paint_sheet
        from dxreader.ui.share import open_print_preview

        comparison = self.comparison
        html = comparison_html(comparison, for_print=True, font_pt=PRINT_FONT_PT)
        title = comparison_title(comparison)
        open_print_preview(self, title, f"印刷プレビュー - {title}",
                           lambda p: paint_sheet(p, html, comparison_footer(comparison), landscape=True), landscape=True)

    def save_pdf(self, target: Path) -> int:
        if self.comparison is None:
            return 0
        pages = comparison_to_pdf(self.comparison, target)
        self.status.setText(f"PDF（A4横・{pages}ページ）に保存しました: {target.name}")
        return pages

    def save_pdf_dialog(self) -> None:
        if self.comparison is None:
            return
        from dxreader.ui.share import ask_and_save_pdf

        ask_and_save_pdf(self, "比較をPDFに保存", f"{comparison_title(self.comparison)}.pdf", self.save_pdf)
