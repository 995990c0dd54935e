"""Menu commands for sharing: a bookmark folder saved as a shortlist file, a shortlist opened from a shared
folder, and cases (a folder, the current results, a comparison) written to an Excel workbook."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox, QComboBox, QDialog, QDialogButtonBox, QFileDialog, QFormLayout, QInputDialog, QLineEdit, QWidget,
)

from dxreader.core.exchange import ImportRejected
from dxreader.core.shortlist import SUFFIX
from dxreader.core.userdata import MAX_NAME_CHARS
from dxreader.storage.errors import StorageError
from dxreader.storage.userstore import InvalidUserInput
from dxreader.ui.plain_text import PlainLabel, warn

if TYPE_CHECKING:
    from dxreader.services.shortlist import Shortlists
    from dxreader.ui.main_window import MainWindow

LIST_FILTER = f"共有リスト (*{SUFFIX})"
XLSX_FILTER = "Excelブック (*.xlsx)"
AUTHOR_KEY = "share/author"


def _lists(w: MainWindow) -> Shortlists:
    from dxreader.services.shortlist import Shortlists

    return Shortlists(w.user_data, w.catalog)


def _current_folder(w: MainWindow) -> str:
    """The folder shown in the bookmark pane, if one is: the folder the user most likely means."""
    shown = w.bookmark_pane.folder.currentData() or ""
    return "" if shown.startswith("#") else shown


class ShareDialog(QDialog):
    """「しおりフォルダを共有リストとして保存」: which folder, its title and author, and whether notes go too."""

    def __init__(self, folders: list[tuple[str, str]], chosen: str, author: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("しおりフォルダを共有リストとして保存")
        self.folder = QComboBox()
        names = dict(folders)
        for folder_id, name in folders:
            self.folder.addItem(name, folder_id)
        self.folder.setCurrentIndex(max(0, self.folder.findData(chosen)))
        self.title = QLineEdit(maxLength=MAX_NAME_CHARS)
        self.author = QLineEdit(author, maxLength=MAX_NAME_CHARS, placeholderText="例: 企画課 山田")
        self.with_notes = QCheckBox("メモも含める（しおりのコメントは常に含まれます）")
        self.folder.currentIndexChanged.connect(lambda _: self.title.setText(names[self.folder.currentData()]))
        self.title.setText(names[self.folder.currentData()])
        explain = PlainLabel("共有フォルダに保存すると、同僚が「共有リストを開く」で読み、自分のしおりに取り込めます。")
        explain.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Save).setText("保存先を選ぶ…")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("キャンセル")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow(explain)
        form.addRow("フォルダ:", self.folder)
        form.addRow("題名:", self.title)
        form.addRow("作成者:", self.author)
        form.addRow(self.with_notes)
        form.addRow(buttons)


def share_folder_dialog(w: MainWindow) -> None:
    folders = [(f.id, f.name) for f in w.user_data.store.folders()]
    if not folders:
        w.show_message("しおりのフォルダがありません（しおり › 新しいフォルダ）")
        return
    dialog = ShareDialog(folders, _current_folder(w), w.settings.text(AUTHOR_KEY), w)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.accepted.connect(lambda: _share(w, dialog))
    dialog.open()


def _share(w: MainWindow, dialog: ShareDialog) -> None:
    w.case_pane.flush()  # a comment being typed goes into the list too
    lists = _lists(w)
    try:
        shortlist = lists.make(dialog.folder.currentData(), dialog.title.text(), dialog.author.text(),
                               dialog.with_notes.isChecked())
    except InvalidUserInput as exc:
        warn(w, "共有リストを保存できません", str(exc))
        return
    w.settings.set(AUTHOR_KEY, shortlist.author)
    path, _ = QFileDialog.getSaveFileName(w, "共有リストの保存先", str(Path.home() / f"{shortlist.title}{SUFFIX}"),
                                          LIST_FILTER)
    if not path:
        return
    target = Path(path) if path.endswith(SUFFIX) else Path(path + SUFFIX)
    try:
        lists.save(shortlist, target)
    except StorageError as exc:
        warn(w, "共有リストを保存できませんでした", str(exc))
        return
    notes = "メモを含む" if shortlist.has_notes else "メモは含まない"
    w.show_message(f"共有リスト「{shortlist.title}」（{len(shortlist.cases)}件、{notes}）を保存しました: {target}")


def open_shortlist_dialog(w: MainWindow) -> None:
    path, _ = QFileDialog.getOpenFileName(w, "共有リストを開く", str(Path.home()), LIST_FILTER)
    if path:
        open_shortlist(w, Path(path))


def open_shortlist(w: MainWindow, path: Path) -> QDialog | None:
    """Read the file whole (nothing written beside it), validate it, and show it read-only."""
    from dxreader.ui.shortlist_view import ShortlistDialog

    lists = _lists(w)
    try:
        opened = lists.open(path)
    except (ImportRejected, StorageError) as exc:
        warn(w, "共有リストを開けませんでした", f"何も変更していません。\n\n{exc}")
        return None
    dialog = ShortlistDialog(opened, lists, w)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.case_requested.connect(w.open_case)
    dialog.bookmarks_taken.connect(lambda message: (w.user_data_changed(), w.show_message(message)))
    dialog.show()
    return dialog


def export_cases_xlsx(w: MainWindow, entries: Sequence[tuple[str, str]], title: str) -> None:
    """Any list of (case ID, comment) — a folder, the results, a comparison — to a workbook the user names."""
    from dxreader.services.workbook import export_xlsx

    if not entries:
        w.show_message("書き出す事例がありません")
        return
    suggested = "".join(ch for ch in title if ch not in '\\/:*?"<>|「」')[:60] or "DX事例"
    path, _ = QFileDialog.getSaveFileName(w, "Excelに書き出す", str(Path.home() / f"{suggested}.xlsx"), XLSX_FILTER)
    if not path:
        return
    target = Path(path) if path.lower().endswith(".xlsx") else Path(path + ".xlsx")
    try:
        result = export_xlsx(w.catalog, entries, target, title)
    except StorageError as exc:
        warn(w, "Excelに書き出せませんでした", str(exc))
        return
    w.show_message(result.message(target))


def export_results_xlsx(w: MainWindow) -> None:
    from dxreader.services.shortlist import my_comments

    query = w.search_box.text().strip()
    ids = [h.case.id for h in w.last_result.hits] if w.last_result else []
    export_cases_xlsx(w, my_comments(w.user_data, ids), f"検索結果「{query}」" if query else "事例一覧")


def export_folder_xlsx(w: MainWindow) -> None:
    folders = w.user_data.store.folders()
    if not folders:
        w.show_message("しおりのフォルダがありません（しおり › 新しいフォルダ）")
        return
    names = [f.name for f in folders]
    current = next((i for i, f in enumerate(folders) if f.id == _current_folder(w)), 0)
    name, ok = QInputDialog.getItem(w, "フォルダをExcelに書き出す", "しおりのフォルダ:", names, current, False)
    folder = next((f for f in folders if f.name == name), None)
    if ok and folder is not None:
        w.case_pane.flush()
        entries = [(b.case_id, b.annotation) for b in _lists(w).folder_bookmarks(folder.id)]
        export_cases_xlsx(w, entries, f"しおり「{folder.name}」")
