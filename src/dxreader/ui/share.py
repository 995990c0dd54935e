"""Sharing a case: 出典をコピー, the contact under the case's title and 出典, and the 1ページ要約 (to PDF or the
printer). The menu commands and the case pane's buttons call these."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QFileDialog

from dxreader.services.citation import citation_text, contact_with_heading
from dxreader.ui.plain_text import warn, window_title

if TYPE_CHECKING:
    from dxreader.core.model import Case
    from dxreader.ui.main_window import MainWindow


def _open_case(w: MainWindow) -> Case | None:
    if w.case_pane.case is None:
        w.show_message("事例を選んでください")
    return w.case_pane.case


def copy_citation(w: MainWindow) -> None:
    case = _open_case(w)
    if case is not None:
        QGuiApplication.clipboard().setText(citation_text(case, w.catalog))
        w.show_message("出典をコピーしました（報告書などに貼り付けできます）")


def copy_contact_for_mail(w: MainWindow) -> None:
    case = _open_case(w)
    if case is not None and case.contacts:
        QGuiApplication.clipboard().setText(contact_with_heading(case, w.catalog))
        w.show_message("題名・出典つきで連絡先をコピーしました（メールの書き出しに使えます）")
    elif case is not None:
        w.show_message("この事例には連絡先がありません")


def summary_for(w: MainWindow, case: Case) -> tuple[str, str]:
    """The one-page summary's HTML (cut to fit one A4 page) and its footer."""
    from dxreader.services.case_html import sheet_footer
    from dxreader.services.summary_sheet import summary_html
    from dxreader.ui.printing import fit_one_page

    w.case_pane.flush()
    note, bookmark = w.user_data.note(case.id), w.user_data.bookmark(case.id)
    html = fit_one_page(lambda budget: summary_html(case, w.catalog, note.text if note else None,
                                                    bookmark.annotation if bookmark else None, budget))
    return html, sheet_footer(case, w.catalog)


def save_summary_pdf(w: MainWindow, target: Path) -> int:
    case = _open_case(w)
    if case is None:
        return 0
    from dxreader.ui.printing import render_pdf

    html, footer = summary_for(w, case)
    pages = render_pdf(html, footer, target, f"{case.title}（1ページ要約）")
    w.show_message(f"1ページ要約をPDFに保存しました: {target}")
    return pages


def save_summary_dialog(w: MainWindow) -> None:
    case = _open_case(w)
    if case is None:
        return
    path, _ = QFileDialog.getSaveFileName(w, "1ページ要約をPDFに保存", str(Path.home() / f"{case.id}-要約.pdf"),
                                          "PDF (*.pdf)")
    if path:
        try:
            save_summary_pdf(w, Path(path))
        except OSError as exc:
            warn(w, "保存できませんでした", f"PDFを保存できませんでした: {exc}")


def print_summary(w: MainWindow) -> None:
    case = _open_case(w)
    if case is None:
        return
    html, footer = summary_for(w, case)
    from PySide6.QtPrintSupport import QPrintPreviewDialog, QPrinter

    from dxreader.ui.printing import paint_sheet

    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setDocName(case.title)
    dialog = QPrintPreviewDialog(printer, w)
    dialog.setWindowTitle(window_title(f"1ページ要約の印刷プレビュー - {case.title}"))
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.paintRequested.connect(lambda p: paint_sheet(p, html, footer))
    dialog.open()
