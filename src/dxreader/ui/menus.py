"""The menu bar (ファイル, 編集, 表示, しおり, ヘルプ) and the commands behind it that need a file dialog."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QGuiApplication, QKeySequence
from PySide6.QtWidgets import QFileDialog, QMessageBox

from dxreader.core.datapackage import Manifest, OlderThanInUse, PackageRejected
from dxreader.core.exchange import ImportRejected
from dxreader.services.case_html import sheet_html, sheet_footer
from dxreader.services.contacts import contacts_csv, contacts_tsv
from dxreader.storage.errors import StorageError
from dxreader.ui import share, shortlist_actions
from dxreader.ui.dialogs import AboutDialog, about_html
from dxreader.ui.plain_text import inform, message_box, warn
from dxreader.ui.unsaved_text import offer_drafts

if TYPE_CHECKING:
    from dxreader.core.model import Case
    from dxreader.ui.main_window import MainWindow

CSV_FILTERS = {"CSV（UTF-8 BOM付き・Excel用） (*.csv)": "utf-8-sig", "CSV（Shift_JIS） (*.csv)": "cp932"}


def build_menus(w: MainWindow) -> dict[str, QAction]:
    actions: dict[str, QAction] = {}

    def add(menu_name: str, key: str, text: str, slot: Callable[[], object],
            shortcut: QKeySequence | str | list[QKeySequence | str] | None = None) -> None:
        action = QAction(text, w)
        if shortcut is not None:
            action.setShortcuts(shortcut if isinstance(shortcut, list) else [shortcut])
        action.triggered.connect(lambda _=False: slot())
        menus[menu_name].addAction(action)
        w.addAction(action)
        actions[key] = action

    menus = w.menus
    add("ファイル", "print", "印刷(&P)…", lambda: print_preview(w), QKeySequence.StandardKey.Print)
    add("ファイル", "pdf", "PDFに保存(&S)…", lambda: save_pdf_dialog(w), "Ctrl+Shift+S")
    add("ファイル", "summary_print", "1ページ要約を印刷(&O)…", lambda: share.print_summary(w))
    add("ファイル", "summary_pdf", "1ページ要約をPDFに保存(&M)…", lambda: share.save_summary_dialog(w))
    add("ファイル", "handout_results", "検索結果を配布資料にする(&H)…", lambda: share.handout_of_results(w))
    add("ファイル", "results_xlsx", "検索結果をExcelに書き出す(&W)…", lambda: shortlist_actions.export_results_xlsx(w))
    menus["ファイル"].addSeparator()
    add("ファイル", "export", "しおり・メモを書き出す(&E)…", lambda: export_user_data(w))
    add("ファイル", "import", "しおり・メモを取り込む(&I)…", lambda: import_user_data(w))
    add("ファイル", "data_update", "事例データを更新(&U)…", lambda: import_data_package_dialog(w))
    add("ファイル", "drafts", "保存できなかった文章(&R)…", lambda: offer_drafts(w, announce_none=True))
    menus["ファイル"].addSeparator()
    add("ファイル", "quit", "終了(&X)", w.close, QKeySequence.StandardKey.Quit)

    add("編集", "undo", "外したしおりを元に戻す(&U)", w.removal.undo, QKeySequence.StandardKey.Undo)
    w.removal.undo_changed.connect(lambda text: actions["undo"].setEnabled(bool(text)))
    actions["undo"].setEnabled(False)
    menus["編集"].addSeparator()
    add("編集", "find", "検索(&F)", w.focus_search, [QKeySequence.StandardKey.Find, "Ctrl+K"])
    add("編集", "next_match", "次の一致箇所へ(&G)", w.case_pane.match_bar.go_next, "F3")
    add("編集", "previous_match", "前の一致箇所へ(&R)", w.case_pane.match_bar.go_previous, "Shift+F3")
    w.case_pane.match_bar.counted.connect(lambda n: _enable(actions, ("next_match", "previous_match"), n > 0))
    _enable(actions, ("next_match", "previous_match"), bool(w.case_pane.match_bar.matches))
    add("編集", "copy_contact", "連絡先をコピー(&C)", w.case_pane.copy_contact_block, "Ctrl+Shift+C")
    add("編集", "copy_contact_mail", "連絡先を題名・出典つきでコピー（メール用）(&M)", lambda: share.copy_contact_for_mail(w))
    add("編集", "copy_citation", "出典をコピー(&Y)", lambda: share.copy_citation(w), "Ctrl+Alt+C")
    w.case_pane.citation_requested.connect(actions["copy_citation"].trigger)
    menus["編集"].addSeparator()
    add("編集", "results_tsv", "検索結果の連絡先をコピー（Excelに貼り付け）(&T)", lambda: copy_contacts(w, _result_cases(w)))
    add("編集", "results_csv", "検索結果の連絡先をCSVに保存(&V)…", lambda: save_contacts_dialog(w, _result_cases(w)))
    menus["編集"].addSeparator()
    add("編集", "clear", "絞り込みを解除(&L)", w.clear_all, "Ctrl+Shift+X")

    add("表示", "back", "戻る(&B)", w.go_back, QKeySequence.StandardKey.Back)
    add("表示", "forward", "進む(&N)", w.go_forward, QKeySequence.StandardKey.Forward)
    menus["表示"].addSeparator()
    add("表示", "zoom_in", "拡大(&I)", lambda: w.zoom(1), [QKeySequence.StandardKey.ZoomIn, "Ctrl+="])
    add("表示", "zoom_out", "縮小(&O)", lambda: w.zoom(-1), QKeySequence.StandardKey.ZoomOut)
    add("表示", "zoom_reset", "標準の大きさ(&Z)", lambda: w.zoom(0), "Ctrl+0")

    add("しおり", "bookmark", "しおりに登録／外す(&D)", w.case_pane.toggle_bookmark, "Ctrl+D")
    add("しおり", "show_bookmarks", "しおり一覧を表示(&L)", lambda: w.left_tabs.setCurrentWidget(w.bookmark_pane), "Ctrl+B")
    add("しおり", "handout_folder", "フォルダを配布資料にする(&H)…", lambda: share.handout_of_folder(w))
    add("しおり", "new_folder", "新しいフォルダ(&N)…", w.bookmark_pane.new_folder)
    add("しおり", "share_folder", "フォルダを共有リストとして保存(&G)…", lambda: shortlist_actions.share_folder_dialog(w))
    add("しおり", "open_shortlist", "共有リストを開く(&O)…", lambda: shortlist_actions.open_shortlist_dialog(w))
    add("しおり", "folder_xlsx", "フォルダをExcelに書き出す(&X)…", lambda: shortlist_actions.export_folder_xlsx(w))
    recent = menus["しおり"].addMenu("最近外したしおり(&R)")
    recent.aboutToShow.connect(lambda: w.removal.fill_recent_menu(recent))
    menus["しおり"].addSeparator()
    add("しおり", "bookmarks_tsv", "しおりの連絡先をコピー（Excelに貼り付け）(&T)", lambda: copy_contacts(w, _bookmarked_cases(w)))
    add("しおり", "bookmarks_csv", "しおりの連絡先をCSVに保存(&V)…", lambda: save_contacts_dialog(w, _bookmarked_cases(w)))
    add("しおり", "bookmark_list_csv", "しおり一覧をCSVに保存(&S)…", lambda: save_bookmark_list_dialog(w))

    add("ヘルプ", "help", "使い方(&H)", lambda: open_help(w), "F1")
    menus["ヘルプ"].addSeparator()
    add("ヘルプ", "about", "DX事例リーダーについて(&A)", lambda: show_about(w))
    return actions


def _enable(actions: dict[str, QAction], keys: tuple[str, ...], enabled: bool) -> None:
    for key in keys:
        actions[key].setEnabled(enabled)


def _result_cases(w: MainWindow) -> list[Case]:
    return [h.case for h in w.last_result.hits] if w.last_result else []


def _bookmarked_cases(w: MainWindow) -> list[Case]:
    return [c for b in w.user_data.bookmarks() if (c := w.catalog.get(b.case_id)) is not None]


def copy_contacts(w: MainWindow, cases: list[Case]) -> None:
    with_contact = [c for c in cases if c.contacts]
    QGuiApplication.clipboard().setText(contacts_tsv(with_contact))
    w.show_message(f"{len(with_contact)}件の事例の連絡先をコピーしました（Excelに貼り付けると表になります）")


def save_contacts_csv(w: MainWindow, cases: list[Case], target: Path, encoding: str) -> None:
    with_contact = [c for c in cases if c.contacts]
    _write(w, target, contacts_csv(with_contact, encoding), f"{len(with_contact)}件の事例の連絡先を保存しました")


def _write(w: MainWindow, target: Path, data: bytes, done: str) -> None:
    from dxreader.storage.backups import write_atomically

    try:
        write_atomically(target, data)
    except StorageError as exc:
        warn(w, "保存できませんでした", str(exc))
        return
    w.show_message(f"{done}: {target}")


def _ask_csv(w: MainWindow, title: str, name: str) -> tuple[Path, str] | None:
    path, chosen = QFileDialog.getSaveFileName(w, title, str(Path.home() / name), ";;".join(CSV_FILTERS))
    return (Path(path), CSV_FILTERS.get(chosen, "utf-8-sig")) if path else None


def save_contacts_dialog(w: MainWindow, cases: list[Case]) -> None:
    answer = _ask_csv(w, "連絡先をCSVに保存", "連絡先.csv")
    if answer:
        save_contacts_csv(w, cases, *answer)


def save_bookmark_list_dialog(w: MainWindow) -> None:
    answer = _ask_csv(w, "しおり一覧をCSVに保存", "しおり一覧.csv")
    if answer:
        _write(w, answer[0], w.user_data.bookmarks_csv(answer[1]), "しおり一覧を保存しました")


def sheet_for(w: MainWindow, case: Case, with_note: bool = True) -> tuple[str, str]:
    note = w.user_data.note(case.id) if with_note else None
    bookmark = w.user_data.bookmark(case.id) if with_note else None
    html = sheet_html(case, w.catalog, note.text if note else None, bookmark.annotation if bookmark else None)
    return html, sheet_footer(case, w.catalog)


def save_pdf(w: MainWindow, target: Path, with_note: bool = True) -> int:
    case = w.case_pane.case
    if case is None:
        return 0
    w.case_pane.flush()
    html, footer = sheet_for(w, case, with_note)
    from dxreader.ui.printing import render_pdf

    pages = render_pdf(html, footer, target, case.title)
    w.show_message(f"PDFに保存しました（{pages}ページ）: {target}")
    return pages


def save_pdf_dialog(w: MainWindow) -> None:
    case = w.case_pane.case
    if case is None:
        w.show_message("印刷する事例を選んでください")
        return
    share.ask_and_save_pdf(w, "PDFに保存", f"{case.id}.pdf", lambda path: save_pdf(w, path))


def print_preview(w: MainWindow) -> None:
    case = w.case_pane.case
    if case is None:
        w.show_message("印刷する事例を選んでください")
        return
    w.case_pane.flush()
    html, footer = sheet_for(w, case)
    from dxreader.ui.printing import paint_sheet

    share.open_print_preview(w, case.title, f"印刷プレビュー - {case.title}", lambda p: paint_sheet(p, html, footer))


def export_user_data(w: MainWindow) -> None:
    path, _ = QFileDialog.getSaveFileName(w, "しおり・メモを書き出す", str(Path.home() / "dxreader-しおり.json"),
                                          "JSON (*.json)")
    if path:
        try:
            counts = w.user_data.export_json(Path(path))
        except StorageError as exc:
            warn(w, "書き出せませんでした", str(exc))
            return
        w.show_message(f"しおり {counts['bookmarks']}件、メモ {counts['notes']}件を書き出しました: {path}")


def import_user_data(w: MainWindow) -> None:
    path, _ = QFileDialog.getOpenFileName(w, "しおり・メモを取り込む", str(Path.home()), "JSON (*.json)")
    if path:
        try:
            result = w.user_data.import_file(Path(path), {c.id for c in w.catalog.cases()})
        except (ImportRejected, StorageError) as exc:
            warn(w, "取り込めませんでした", f"何も変更していません。\n\n{exc}")
            return
        w.user_data_changed()
        inform(w, "取り込みました", result.message())


def _install_or_reason(package: Path, home: Path, allow_older: bool) -> Manifest | PackageRejected:
    """The installed manifest, or the refusal (every failure of an import becomes a sentence, never a trace)."""
    from dxreader.storage.datapackage import install_package

    try:
        return install_package(package, home, allow_older=allow_older)
    except PackageRejected as exc:
        return exc
    except Exception as exc:  # noqa: BLE001 - the last resort at the edge: the user gets a sentence, not a trace
        return PackageRejected(f"予期しない理由で取り込めませんでした（{type(exc).__name__}）")


def confirm_older(w: MainWindow, older: OlderThanInUse) -> bool:
    """Ask before installing an update older than the data in use; No is the default."""
    box = message_box(w, QMessageBox.Icon.Question, "古い事例データです",
                      f"この更新ファイルの公開日は {older.released} で、いま使われている事例データ（公開日 {older.in_use}）の方が"
                      "新しいです。\n\nそれでも取り込みますか？（新しいデータがある間は、新しい方が使われます）",
                      QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
    box.setDefaultButton(QMessageBox.StandardButton.No)
    return QMessageBox.StandardButton(box.exec()) == QMessageBox.StandardButton.Yes


def import_data_package(w: MainWindow, package: Path) -> bool:
    """Verify and install a casebook update into the user's folder; a bad one changes nothing and says why.
    An update older than the data in use is installed only after the user confirms it."""
    result = _install_or_reason(package, w.user_data.home, allow_older=False)
    if isinstance(result, OlderThanInUse):
        if not confirm_older(w, result):
            return False
        result = _install_or_reason(package, w.user_data.home, allow_older=True)
    if isinstance(result, PackageRejected):
        warn(w, "事例データを更新できませんでした", f"取り込みませんでした（何も変更していません）。\n\n{result}")
        return False
    inform(w, "事例データを更新しました",
                            f"{result.case_count}件の事例データ（公開日 {result.released}）を取り込みました。\n"
                            "次にDX事例リーダーを起動したときから使われます。しおりとメモはそのまま引き継がれます。")
    return True


def import_data_package_dialog(w: MainWindow) -> None:
    path, _ = QFileDialog.getOpenFileName(w, "事例データを更新", str(Path.home()), "事例データ更新ファイル (*.dxdata)")
    if path:
        import_data_package(w, Path(path))


def open_help(w: MainWindow) -> None:
    from dxreader.ui.help_page import show_help

    show_help(w, w.menus.values()).setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)


def show_about(w: MainWindow) -> None:
    body = about_html(w.catalog.casebook.meta, w.catalog.casebook.documents(), str(w.user_data.store.path))
    dialog = AboutDialog(body, w)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
