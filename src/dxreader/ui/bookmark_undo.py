"""Removing bookmarks undoably: every removal (the ☆, the bookmark list, several at once) goes through here;
元に戻す (Ctrl+Z, or the button the status bar shows) puts the last removal back whole — comment, folder, tags
and creation time — and しおり › 最近外したしおり brings back older ones, also after a restart."""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QMenu, QPushButton, QToolButton, QWidget

from dxreader.core.userdata import Bookmark
from dxreader.services.userdata import InvalidUserInput, UserData
from dxreader.storage.errors import StorageError
from dxreader.ui.plain_text import PlainLabel, menu_text, tooltip

MAX_UNDO = 100  # removals this session that Ctrl+Z can walk back through
RECENT_IN_MENU = 20


TITLE_CHARS = 24  # a long case title is shortened in the status bar (the whole title is in the tooltip)


def describe(bookmarks: list[Bookmark]) -> str:
    if len(bookmarks) > 1:
        return f"{len(bookmarks)}件"
    title = bookmarks[0].title
    return f"「{title[:TITLE_CHARS]}…」" if len(title) > TITLE_CHARS + 1 else f"「{title}」"


class BookmarkRemoval(QObject):
    changed = Signal()  # bookmarks were removed or put back
    message = Signal(str)
    undo_changed = Signal(str)  # what 元に戻す would put back now ("" when nothing)

    def __init__(self, user_data: UserData, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._user_data = user_data
        self._undo: list[list[Bookmark]] = []

    def remove(self, case_ids: list[str]) -> None:
        try:
            taken, problem = self._user_data.remove_bookmarks(case_ids)
        except (StorageError, InvalidUserInput) as exc:
            self.message.emit(str(exc))
            return
        if not taken:
            return
        self._undo.append(taken)
        del self._undo[:-MAX_UNDO]
        self.message.emit(problem)  # "" clears an older message: the undo bar says what was removed
        self._announce()
        self.changed.emit()

    def can_undo(self) -> bool:
        return bool(self._undo)

    def undo(self) -> None:
        if self._undo and self._put_back(self._undo[-1]):
            self._undo.pop()
            self._announce()

    def restore_recent(self, bookmark: Bookmark) -> None:
        if self._put_back([bookmark]):
            self._undo = [[b for b in batch if b != bookmark] for batch in self._undo]
            self._undo = [batch for batch in self._undo if batch]
            self._announce()

    def _put_back(self, bookmarks: list[Bookmark]) -> bool:
        try:
            self._user_data.restore_bookmarks(bookmarks)
        except (StorageError, InvalidUserInput) as exc:
            self.message.emit(f"しおりを元に戻せませんでした: {exc}")
            return False
        self.message.emit(f"しおり{describe(bookmarks)}を元に戻しました（コメント・フォルダ・タグも）")
        self.changed.emit()
        return True

    def _announce(self) -> None:
        self.undo_changed.emit(f"しおり{describe(self._undo[-1])}を外しました" if self._undo else "")

    def last_removed(self) -> list[Bookmark]:
        return list(self._undo[-1]) if self._undo else []

    def fill_recent_menu(self, menu: QMenu) -> None:
        """しおり › 最近外したしおり: the latest removals still not bookmarked again, newest first."""
        menu.clear()
        try:
            recent = self._user_data.recently_removed()[:RECENT_IN_MENU]
        except StorageError as exc:
            menu.addAction(menu_text(f"読めませんでした: {exc}")).setEnabled(False)
            return
        if not recent:
            menu.addAction("（ありません）").setEnabled(False)
        for entry in recent:
            when = entry.removed_at[:16].replace("T", " ")
            action = menu.addAction(menu_text(f"{entry.bookmark.title}（{when} に外しました）"))
            action.triggered.connect(lambda _=False, b=entry.bookmark: self.restore_recent(b))


class UndoBar(QWidget):
    """The visible 元に戻す: what was removed, the button, and × to put the bar away."""

    def __init__(self, removal: BookmarkRemoval, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.text = PlainLabel()
        self.undo_button = QPushButton("元に戻す")
        self.undo_button.setToolTip("外したしおりを、コメント・フォルダ・タグごと戻します（Ctrl+Z）")
        self.undo_button.clicked.connect(removal.undo)
        self.dismiss = QToolButton(text="×", toolTip="閉じる（Ctrl+Z ではまだ戻せます）", autoRaise=True)
        self.dismiss.clicked.connect(self.hide)
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self.setStyleSheet("UndoBar { background: #fff3c4; border: 1px solid #e0c96a; border-radius: 3px; }")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 1, 2, 1)
        for w in (self.text, self.undo_button, self.dismiss):
            layout.addWidget(w)
        self._removal = removal
        removal.undo_changed.connect(self._show)
        self.hide()

    def _show(self, text: str) -> None:
        self.text.setText(text)
        self.text.setToolTip(tooltip("\n".join(b.title for b in self._removal.last_removed()[:20])))
        self.setVisible(bool(text))
