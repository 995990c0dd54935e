"""The case pane: the case as a document, its ☆, contact copy and print buttons, and the user's comment,
folder, tags and note beside it (all saved as typed)."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QGuiApplication
from PySide6.QtWidgets import (
    QComboBox, QHBoxLayout, QLineEdit, QMenu, QSplitter, QToolButton, QVBoxLayout, QWidget,
)

from dxreader.core.model import Case
from dxreader.services.contacts import contact_block
from dxreader.services.userdata import InvalidUserInput, UserData
from dxreader.storage.drafts import Draft
from dxreader.storage.errors import StorageError
from dxreader.storage.userstore import local_now
from dxreader.ui.autosave_edit import AutosaveEdit
from dxreader.ui.case_matches import MatchBar
from dxreader.ui.plain_text import PlainLabel, menu_text
from dxreader.ui.safe_browser import SafeTextBrowser

NO_FOLDER = "（フォルダなし）"


class CasePane(QWidget):
    message = Signal(str)  # a short confirmation or a problem, for the status bar
    bookmarks_changed = Signal()  # star, folder or tags: the pane shows the new state itself
    annotation_saved = Signal()  # only the bookmark list needs to show it
    removal_requested = Signal(list)  # case IDs: removing goes through the window's undoable removal
    print_requested = Signal()
    citation_requested = Signal()
    compare_requested = Signal()

    def __init__(self, user_data: UserData, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._user_data = user_data
        self.case: Case | None = None
        self._note_revision = 0

        self.star = QToolButton(text="☆ しおり", checkable=True, toolTip="この事例をしおりに登録（Ctrl+D）")
        self.star.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.star.clicked.connect(self.toggle_bookmark)
        self.copy_contact = QToolButton(text="連絡先をコピー", toolTip="団体・担当部署・電話・メールをまとめてコピー")
        self.copy_contact.setPopupMode(QToolButton.ToolButtonPopupMode.MenuButtonPopup)
        self.copy_contact.clicked.connect(self.copy_contact_block)
        self.copy_contact.setMenu(QMenu(self))
        self.print_button = QToolButton(text="印刷…", toolTip="事例シートを印刷（Ctrl+P）")
        self.print_button.clicked.connect(self.print_requested)
        self.cite_button = QToolButton(text="出典をコピー", toolTip="発行者・資料名・版・日付・事例番号・ページをコピー")
        self.cite_button.clicked.connect(self.citation_requested)
        self.compare_button = QToolButton(text="比較に追加", toolTip="この事例を比較に追加（Ctrl+Shift+A。3件まで並べて比較）")
        self.compare_button.clicked.connect(self.compare_requested)
        self.view = SafeTextBrowser()
        self.view.setPlaceholderText("左の一覧から事例を選ぶと、ここに表示します。")
        self.match_bar = MatchBar(self.view)
        self.match_bar.message.connect(self.message)
        bar = QHBoxLayout()
        for w in (self.star, self.copy_contact, self.cite_button, self.print_button, self.compare_button):
            bar.addWidget(w)
        bar.addStretch(1)
        bar.addWidget(self.match_bar)

        self.annotation = AutosaveEdit("しおりのコメント（自動保存）")
        self.annotation.setMaximumHeight(56)
        self.folder = QComboBox(toolTip="しおりのフォルダ")
        self.folder.activated.connect(self._folder_chosen)
        self.tags = QLineEdit(placeholderText="タグ（空白区切り）")
        self.tags.editingFinished.connect(self._tags_edited)
        self.note = AutosaveEdit("この事例についての自分のメモ（入力すると自動で保存されます）")
        self.status = PlainLabel()
        for editor in (self.annotation, self.note):
            editor.saved.connect(self._show_saved)
            editor.failed.connect(self._show_failed)

        self.bookmark_box = QWidget()
        bm = QVBoxLayout(self.bookmark_box)
        bm.setContentsMargins(0, 0, 0, 0)
        row = QHBoxLayout()
        row.addWidget(PlainLabel("フォルダ:"))
        row.addWidget(self.folder)
        row.addWidget(PlainLabel("タグ:"))
        row.addWidget(self.tags, 1)
        bm.addLayout(row)
        bm.addWidget(self.annotation)
        lower = QWidget()
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 0, 0, 0)
        lower_layout.addWidget(self.bookmark_box)
        note_header = QHBoxLayout()
        note_header.addWidget(PlainLabel("メモ"))
        note_header.addStretch(1)
        note_header.addWidget(self.status)
        lower_layout.addLayout(note_header)
        lower_layout.addWidget(self.note)
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.addWidget(self.view)
        self.splitter.addWidget(lower)
        self.splitter.setStretchFactor(0, 4)
        self.splitter.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(self.splitter, 1)
        self.show_case(None, "")

    # --- showing a case ------------------------------------------------------------------------
    def show_case(self, case: Case | None, html: str, searching: bool = False) -> None:
        """`searching`: the HTML marks a query's matches; the view opens at the first one in the case's text."""
        self.flush()
        self.case = case
        if case is None:
            self.view.clear()
        else:
            self.view.setHtml(html)
            self.view.verticalScrollBar().setValue(0)
        self.match_bar.find(searching and case is not None)
        for w in (self.star, self.copy_contact, self.cite_button, self.print_button, self.compare_button):
            w.setEnabled(case is not None)
        self.copy_contact.setEnabled(bool(case and case.contacts))
        self._fill_contact_menu()
        note = self._user_data.note(case.id) if case else None
        self._note_revision = note.revision if note else 0
        writable = case is not None and not self._user_data.read_only  # a read-only data folder: shown, not edited
        self.note.load(note.text if note else "", self._save_note if writable else None)
        self.status.clear()
        self.refresh_bookmark()

    def rerender(self, html: str, searching: bool) -> None:
        """The open case again (another zoom or query): at the same place if its matches are the same."""
        scroll = self.view.verticalScrollBar().value()
        self.view.setHtml(html)
        self.view.verticalScrollBar().setValue(scroll)
        self.match_bar.find(searching, keep_place=True)

    def refresh_bookmark(self) -> None:
        bookmark = self._user_data.bookmark(self.case.id) if self.case else None
        self.star.setChecked(bookmark is not None)
        self.star.setText("★ しおり済み" if bookmark else "☆ しおり")
        self.bookmark_box.setVisible(bookmark is not None)
        if bookmark is None:
            self.annotation.load("", None)
            return
        if not self.annotation.dirty:  # else it holds typed text a failed save has not stored yet: keep it
            self.annotation.load(bookmark.annotation, None if self._user_data.read_only else self._save_annotation)
        self.folder.clear()
        self.folder.addItem(NO_FOLDER, "")
        for f in self._user_data.store.folders():
            self.folder.addItem(f.name, f.id)
        self.folder.setCurrentIndex(max(0, self.folder.findData(bookmark.folder_id or "")))
        self.tags.setText(" ".join(bookmark.tags))

    def flush(self) -> bool:
        """Save whatever is typed and not yet saved (before another case is shown, or on close)."""
        return self.note.flush() & self.annotation.flush()

    def unsaved(self) -> list[tuple[Draft, str]]:
        """What is typed and still not saved (a save failed), each as a draft to keep and why it failed."""
        if self.case is None:
            return []
        now, case_id = local_now(), self.case.id
        found = [(Draft("note", case_id, self.note.toPlainText(), now, self._note_revision), self.note.last_error),
                 (Draft("annotation", case_id, self.annotation.toPlainText(), now), self.annotation.last_error)]
        return [(draft, error) for (draft, error), editor in zip(found, (self.note, self.annotation)) if editor.dirty]

    def forget_unsaved(self) -> None:
        """The unsaved text was kept in a recovery file or discarded on purpose."""
        for editor in (self.note, self.annotation):
            editor.forget_changes()

    # --- saving --------------------------------------------------------------------------------
    def _save_note(self, text: str) -> str:
        assert self.case is not None
        note, merged = self._user_data.store.save_note(self.case.id, text, self._note_revision)
        self._note_revision = note.revision if note else 0
        if merged:
            self.message.emit("別のウィンドウでもこのメモが編集されていたため、両方の文章を残しました")
        return note.text if note else ""

    def _save_annotation(self, text: str) -> str:
        assert self.case is not None
        self._user_data.store.set_annotation(self.case.id, text)
        self.annotation_saved.emit()
        return text

    def _show_saved(self, text: str) -> None:
        self.status.setStyleSheet("color: #2e6b2e;")
        self.status.setText(text)

    def _show_failed(self, text: str) -> None:
        self.status.setStyleSheet("color: #a11;")
        self.status.setText("保存できませんでした")
        self.message.emit(text)

    def toggle_bookmark(self) -> None:
        if self.case is None:
            return
        self.flush()
        try:
            if self._user_data.bookmark(self.case.id):
                self.removal_requested.emit([self.case.id])
            else:
                self._user_data.bookmark_case(self.case)
                self.message.emit("しおりに登録しました")
        except (StorageError, InvalidUserInput) as exc:
            self.message.emit(str(exc))
        self.refresh_bookmark()
        self.bookmarks_changed.emit()

    def _folder_chosen(self) -> None:
        if self.case:
            self._user_data.store.set_folder(self.case.id, self.folder.currentData() or None)
            self.bookmarks_changed.emit()

    def take_new_folder(self, folder_id: str) -> None:
        """A folder made while a bookmarked case is open is made for it: put the bookmark in it."""
        if self.case is not None and self._user_data.bookmark(self.case.id) is not None:
            self._user_data.store.set_folder(self.case.id, folder_id)
            self.refresh_bookmark()
            self.bookmarks_changed.emit()

    def _tags_edited(self) -> None:
        bookmark = self._user_data.bookmark(self.case.id) if self.case else None
        if bookmark and tuple(self.tags.text().split()) != bookmark.tags:
            self._user_data.store.set_tags(bookmark.case_id, self.tags.text().split())
            self.bookmarks_changed.emit()

    # --- contacts ------------------------------------------------------------------------------
    def _fill_contact_menu(self) -> None:
        menu = self.copy_contact.menu()
        menu.clear()
        if not self.case:
            return
        for contact in self.case.contacts:
            for label, value in (("担当部署", contact.department), ("電話", contact.phone), ("メール", contact.email)):
                if value:
                    action = QAction(menu_text(f"{label}だけコピー: {value}"), menu)
                    action.triggered.connect(lambda _=False, v=value, lb=label: self._copy(v, f"{lb}をコピーしました: {v}"))
                    menu.addAction(action)
            menu.addSeparator()

    def copy_contact_block(self) -> None:
        if self.case and self.case.contacts:
            self._copy(contact_block(self.case), "連絡先をコピーしました（メールなどに貼り付けできます）")

    def _copy(self, text: str, confirmation: str) -> None:
        QGuiApplication.clipboard().setText(text)
        self.message.emit(confirmation)

    def show_missing(self, case_id: str, title: str) -> None:
        """A bookmarked case that is no longer in the casebook: say so, and keep its note readable."""
        self.show_case(None, "")
        self.view.setHtml(
            f"<h2>{html.escape(title)}</h2><p>この事例（{html.escape(case_id)}）は、現在の事例データにありません。"
            "データの更新で削除された可能性があります。しおりとメモはそのまま残っています。</p>")
        note = self._user_data.note(case_id)
        self.note.load(note.text if note else "", None)
