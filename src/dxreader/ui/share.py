"""Sharing a case: 出典をコピー, the contact under the case's title and 出典, and the 1ページ要約 (to PDF or the
printer). The menu commands and the case pane's buttons call these."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtGui import QGuiApplication, QPageLayout
from PySide6.QtWidgets import QDialog, QFileDialog, QWidget

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
    ask_and_save_pdf(w, "1ページ要約をPDFに保存", f"{case.id}-要約.pdf", lambda path: save_summary_pdf(w, path))


def ask_and_save_pdf(w: QWidget, title: str, suggested: str, save: Callable[[Path], object]) -> None:
    """Ask where, then save; a file that cannot be written is said in a message box."""
    path, _ = QFileDialog.getSaveFileName(w, title, str(Path.home() / suggested), "PDF (*.pdf)")
    if path:
        try:
            save(Path(path))
        except OSError as exc:
            warn(w, "保存できませんでした", f"PDFを保存できませんでした: {exc}")


def print_summary(w: MainWindow) -> None:
    case = _open_case(w)
    if case is None:
        return
    html, footer = summary_for(w, case)
    from dxreader.ui.printing import paint_sheet

    open_print_preview(w, case.title, f"1ページ要約の印刷プレビュー - {case.title}",
                       lambda p: paint_sheet(p, html, footer))


def open_print_preview(w: QWidget, doc_name: str, title: str, paint: Callable[[Any], object],
                       landscape: bool = False) -> QDialog:
    """Qt's print preview (printer choice, pages, zoom) painting with `paint`."""
    from PySide6.QtPrintSupport import QPrintPreviewDialog, QPrinter  # loaded on first use: start-up is faster

    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setDocName(doc_name)
    if landscape:  # `paint` lays the pages out landscape; the preview and the printer's dialog say so too
        printer.setPageOrientation(QPageLayout.Orientation.Landscape)
    dialog = QPrintPreviewDialog(printer, w)
    dialog.printer_kept = printer  # type: ignore[attr-defined]  # the dialog does not own it: keep it alive
    dialog.setWindowTitle(window_title(title))
    dialog.paintRequested.connect(paint)
    dialog.open()
    return dialog


def handout_to_pdf(cases: list[Case], catalog: object, title: str, target: Path) -> int:
    """Cases as one PDF handout (cover, contents, one sheet per case); returns the number of pages."""
    from dxreader.services.handout import handout_footer, handout_front_html, handout_parts
    from dxreader.ui.printing import render_pdf_parts

    return render_pdf_parts(handout_parts(cases, catalog), target, title,  # type: ignore[arg-type]
                            (lambda starts: handout_front_html(title, cases, starts), handout_footer(title)))


def make_handout(w: MainWindow, cases: list[Case], title: str) -> None:
    """Ask: to a PDF or to the printer (with a preview), then make it."""
    from PySide6.QtWidgets import QMessageBox

    from dxreader.services.handout import MAX_CASES
    from dxreader.ui.plain_text import message_box

    if not cases:
        w.show_message("配布資料にする事例がありません")
        return
    if len(cases) > MAX_CASES:
        warn(w, "配布資料", f"{len(cases)}件は多すぎます。{MAX_CASES}件以下に絞り込んでください。")
        return
    box = message_box(w, QMessageBox.Icon.Question, "配布資料", f"「{title}」の{len(cases)}件を、表紙と目次つきの"
                      "配布資料にします。", QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Cancel)
    printer_button = box.addButton("印刷…", QMessageBox.ButtonRole.AcceptRole)
    box.button(QMessageBox.StandardButton.Save).setText("PDFに保存…")
    box.exec()
    if box.clickedButton() is printer_button:
        _print_handout(w, cases, title)
    elif box.clickedButton() is box.button(QMessageBox.StandardButton.Save):
        def save(path: Path) -> None:
            pages = handout_to_pdf(cases, w.catalog, title, path)
            w.show_message(f"配布資料をPDFに保存しました（{len(cases)}件・{pages}ページ）: {path}")

        ask_and_save_pdf(w, "配布資料をPDFに保存", f"{title}.pdf", save)


def _print_handout(w: MainWindow, cases: list[Case], title: str) -> None:
    from dxreader.services.handout import handout_footer, handout_front_html, handout_parts
    from dxreader.ui.printing import paint_handout

    parts = handout_parts(cases, w.catalog)
    open_print_preview(w, title, f"配布資料の印刷プレビュー - {title}", lambda p: paint_handout(
        p, parts, lambda starts: handout_front_html(title, cases, starts), handout_footer(title)))


def handout_of_results(w: MainWindow) -> None:
    query = w.search_box.text().strip()
    cases = [h.case for h in w.last_result.hits] if w.last_result else []
    make_handout(w, cases, f"検索結果「{query}」" if query else "事例一覧")


def handout_of_folder(w: MainWindow) -> None:
    from PySide6.QtWidgets import QInputDialog

    folders = w.user_data.store.folders()
    if not folders:
        w.show_message("しおりのフォルダがありません（しおり › 新しいフォルダ）")
        return
    name, ok = QInputDialog.getItem(w, "配布資料", "しおりのフォルダ:", [f.name for f in folders], 0, False)
    folder = next((f for f in folders if f.name == name), None)
    if ok and folder is not None:
        ids = [b.case_id for b in w.user_data.bookmarks() if b.folder_id == folder.id]
        make_handout(w, [c for i in ids if (c := w.catalog.get(i)) is not None], folder.name)
