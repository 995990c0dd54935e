"""Typed text is never lost when saving fails: before the window closes or another case is shown, the user
chooses to retry, keep the text in a recovery file, or discard it on purpose (or to stay); recovery files
are offered again at the next start, to put back where they were typed, keep for later, or discard."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog, QDialogButtonBox, QMessageBox, QPlainTextEdit, QPushButton, QVBoxLayout, QWidget,
)

from dxreader.storage.drafts import Draft
from dxreader.storage.errors import StorageError
from dxreader.storage.userstore import InvalidUserInput
from dxreader.ui.plain_text import PlainLabel, message_box, warn

if TYPE_CHECKING:
    from dxreader.ui.main_window import MainWindow

RETRY, KEEP, DISCARD, STAY = "retry", "keep", "discard", "stay"


def ask(parent: QWidget, items: list[tuple[Draft, str]], case_title: str, leaving: str) -> str:
    """The question, modal: RETRY, KEEP, DISCARD or STAY (also when the box is closed with Esc or ×)."""
    what = "と".join(draft.what for draft, _ in items)
    reasons = "\n".join(dict.fromkeys(error for _, error in items if error)) or "保存できませんでした"
    box = message_box(parent, QMessageBox.Icon.Warning, "保存できませんでした",
                      f"事例「{case_title}」の{what}を保存できませんでした。入力した文章はまだ画面にあります。\n\n"
                      f"{reasons}\n\nどうしますか？", QMessageBox.StandardButton.NoButton)
    box.setObjectName("unsaved_text_box")
    buttons = {
        RETRY: box.addButton("もう一度保存", QMessageBox.ButtonRole.AcceptRole),
        KEEP: box.addButton("復元用ファイルに残す", QMessageBox.ButtonRole.ActionRole),
        DISCARD: box.addButton("保存せずに捨てる", QMessageBox.ButtonRole.DestructiveRole),
        STAY: box.addButton(f"{leaving}のをやめる", QMessageBox.ButtonRole.RejectRole),
    }
    box.setDefaultButton(buttons[RETRY])
    box.setEscapeButton(buttons[STAY])
    box.setInformativeText("復元用ファイルに残した文章は、次に起動したときに戻せます。")
    box.exec()
    clicked = box.clickedButton()
    return next((choice for choice, button in buttons.items() if button is clicked), STAY)


def settle(window: MainWindow, leaving: str) -> bool:
    """Make sure nothing typed is left unsaved before `leaving` (e.g. "閉じる"). True: go ahead."""
    pane = window.case_pane
    while not pane.flush():
        items = pane.unsaved()
        if not items:
            return True
        choice = ask(window, items, pane.case.title if pane.case else "", leaving)
        if choice == RETRY:
            continue
        if choice == STAY:
            return False
        if choice == KEEP:
            try:
                kept = [window.user_data.keep_draft(draft) for draft, _ in items]
            except StorageError as exc:
                warn(window, "復元用ファイルに残せませんでした", f"{exc}\n\n入力した文章はまだ画面にあります。")
                continue
            window.show_message("保存できなかった文章を復元用ファイルに残しました: "
                                + "、".join(str(d.path) for d in kept))
        pane.forget_unsaved()
        return True
    return True


class DraftDialog(QDialog):
    """One kept text, offered back: put it where it was typed, keep it for later, or discard it."""

    def __init__(self, draft: Draft, case_title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.draft = draft
        self.setWindowTitle("保存できなかった文章があります")
        self.resize(560, 380)
        self.text = PlainLabel(f"前回保存できなかった{draft.what}を、復元用ファイルに残してあります。\n"
                               f"事例: {case_title}\n残した日時: {draft.saved_at[:16].replace('T', ' ')}\n"
                               f"ファイル: {draft.path}")
        self.text.setWordWrap(True)
        self.preview = QPlainTextEdit(readOnly=True)
        self.preview.setPlainText(draft.text)
        buttons = QDialogButtonBox()
        self.restore_button = QPushButton(f"{draft.what}に戻す")
        self.later_button = QPushButton("あとで（残しておく）")
        self.discard_button = QPushButton("捨てる")
        buttons.addButton(self.restore_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.later_button, QDialogButtonBox.ButtonRole.RejectRole)
        buttons.addButton(self.discard_button, QDialogButtonBox.ButtonRole.DestructiveRole)
        self.restore_button.setDefault(True)
        self.choice = ""
        for button, choice in ((self.restore_button, "restore"), (self.later_button, "later"),
                               (self.discard_button, "discard")):
            button.clicked.connect(lambda _=False, c=choice: self._choose(c))
        layout = QVBoxLayout(self)
        layout.addWidget(self.text)
        layout.addWidget(self.preview, 1)
        layout.addWidget(buttons)

    def _choose(self, choice: str) -> None:
        self.choice = choice
        self.done(QDialog.DialogCode.Accepted if choice != "later" else QDialog.DialogCode.Rejected)


def offer_drafts(window: MainWindow, announce_none: bool = False) -> None:
    """Offer every kept text, one dialog after the other (window-modal, so the window stays usable)."""
    try:
        pending = window.user_data.drafts()
    except OSError as exc:
        window.show_message(f"復元用ファイルを読めませんでした: {exc}")
        return
    if not pending:
        if announce_none:
            window.show_message("保存できなかった文章はありません")
        return
    _offer(window, pending)


def _offer(window: MainWindow, pending: list[Draft]) -> None:
    if not pending:
        return
    draft, rest = pending[0], pending[1:]
    case = window.catalog.get(draft.case_id)
    dialog = DraftDialog(draft, case.title if case else draft.case_id, window)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.finished.connect(lambda _: (_act(window, draft, dialog.choice), _offer(window, rest)))
    dialog.open()


def _act(window: MainWindow, draft: Draft, choice: str) -> None:
    try:
        if choice == "restore":
            window.case_pane.flush()
            window.user_data.restore_draft(draft, window.catalog.get(draft.case_id))
            window.show_user_text_of(draft.case_id)
            window.show_message(f"保存できなかった{draft.what}を戻しました")
        elif choice == "discard":
            window.user_data.discard_draft(draft)
            window.show_message(f"保存できなかった{draft.what}を捨てました")
    except (StorageError, InvalidUserInput) as exc:
        warn(window, "戻せませんでした", f"{exc}\n\n復元用ファイルは残してあります: {draft.path}")
