"""Small dialogs: 関連URL (offer to copy, never open), About (version, data, 出典 of every source)."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QPushButton, QVBoxLayout, QWidget

from dxreader import __version__
from dxreader.ui.plain_text import PlainLabel
from dxreader.ui.safe_browser import SafeTextBrowser


class LinkDialog(QDialog):
    """This PC may have no internet: show the address and offer to copy it for use on an internet PC."""

    def __init__(self, label: str, url: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("関連URL")
        self.url = url
        self.label = PlainLabel(label)
        bold = self.label.font()
        bold.setBold(True)
        self.label.setFont(bold)
        self.address = PlainLabel(url)
        self.address.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        advice = PlainLabel("このパソコンはインターネットに接続していない場合があるため、ここからは開きません。\n"
                            "URLをコピーして、インターネットに接続できるパソコンで開いてください。")
        for text in (self.label, self.address, advice):
            text.setWordWrap(True)
        self.copy_button = QPushButton("URLをコピー")
        self.copy_button.setDefault(True)
        self.copy_button.clicked.connect(self._copy)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        for text in (self.label, self.address, advice):
            layout.addWidget(text)
        layout.addWidget(buttons)

    def _copy(self) -> None:
        QGuiApplication.clipboard().setText(self.url)
        self.copy_button.setText("コピーしました")


def about_html(meta: dict[str, str], documents: list[dict[str, str]], user_file: str) -> str:
    esc = html.escape
    sources = "".join(f"<li>{esc(d['citation'])}<br/><small>利用条件: {esc(d.get('reuse') or '記載なし')}</small></li>"
                      for d in documents)
    latest = max((d.get("date") or "" for d in documents), default="") or "不明"
    return (f"<h2>DX事例リーダー</h2><p>版 {esc(__version__)}</p>"
            f"<p>事例データ: 版 {esc(meta.get('data_version', '不明'))}（収録資料の最新の日付: {esc(latest)}）</p>"
            f"<p>このプログラムはネットワークに接続しません。</p>"
            f"<h3>出典</h3><ul>{sources}</ul>"
            f"<p><small>しおり・メモの保存先: {esc(user_file)}</small></p>")


class TextDialog(QDialog):
    """Our own page (About, 使い方) in the safe text view: it loads nothing the text might name."""

    def __init__(self, title: str, body_html: str, size: tuple[int, int], parent: QWidget | None = None,
                 button: QDialogButtonBox.StandardButton = QDialogButtonBox.StandardButton.Ok) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.resize(*size)
        self.text = SafeTextBrowser()
        self.text.setHtml(body_html)
        buttons = QDialogButtonBox(button)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text)
        layout.addWidget(buttons)


class AboutDialog(TextDialog):
    def __init__(self, body_html: str, parent: QWidget | None = None) -> None:
        # the sources' citations come from the casebook: the safe view loads nothing they name
        super().__init__("DX事例リーダーについて", body_html, (620, 520), parent)
