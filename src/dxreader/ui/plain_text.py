"""Text from data or the user shown by Qt exactly as written: never parsed as rich text (an `<img>` naming
`file://host/share` would make Qt open an SMB connection on Windows), no `&` eaten as a shortcut mark.

Every widget that shows a case title, a place name, a bookmark comment, a folder or tag name, a note, a file
name or an error message goes through one of these. Only our own templates, with every value escaped, are
rich text (the case view, result cards, the About box)."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QMessageBox, QWidget


def tooltip(text: str) -> str:
    """A tooltip that shows `text` literally. Qt renders a tooltip as rich text whenever Qt.mightBeRichText
    guesses so, and a tooltip has no text-format setting: so every tooltip made from data is an escaped
    paragraph that keeps spaces and line breaks (and wraps long comments instead of one endless line)."""
    if not text:
        return ""
    return f'<p style="white-space:pre-wrap">{html.escape(text)}</p>'


def menu_text(text: str) -> str:
    """A menu item or button caption: a single `&` would otherwise vanish and underline the next letter."""
    return text.replace("&", "&&")


def window_title(text: str) -> str:
    """A window title: Qt replaces a lone `[*]` with the modified-marker; doubled it shows as written."""
    return text.replace("[*]", "[*][*]")


class PlainLabel(QLabel):
    """A label whose text is always plain (QLabel's default, AutoText, guesses and may render markup)."""

    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setText(text)


def message_box(parent: QWidget | None, icon: QMessageBox.Icon, title: str, text: str,
                buttons: QMessageBox.StandardButton = QMessageBox.StandardButton.Ok) -> QMessageBox:
    """A message box whose text is plain (the static QMessageBox.warning() & co. would guess rich text)."""
    box = QMessageBox(icon, window_title(title), "", buttons, parent)
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setText(text)
    return box


def warn(parent: QWidget | None, title: str, text: str) -> None:
    """Like QMessageBox.warning(), modal until closed, with the text shown as written."""
    message_box(parent, QMessageBox.Icon.Warning, title, text).exec()


def inform(parent: QWidget | None, title: str, text: str) -> None:
    message_box(parent, QMessageBox.Icon.Information, title, text).exec()
