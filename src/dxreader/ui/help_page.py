"""ヘルプ › 使い方: the bundled usage page (resources/help/usage.html), with a list of keyboard shortcuts made
from the window's actions themselves (so it always says what the keys do now), in the safe text view."""

from __future__ import annotations

import html
from collections.abc import Iterable

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDialogButtonBox, QMenu, QWidget

from dxreader import paths
from dxreader.ui.dialogs import TextDialog

# Keys handled by the window rather than by a menu action (see ui/keyboard.py).
WINDOW_KEYS = (("検索欄で ↓ / Enter", "結果一覧の先頭へ"), ("Esc", "検索欄へ戻る"),
               ("F6 / Shift+F6", "次の区画へ／前の区画へ"))


def plain_action_text(action: QAction) -> str:
    """The menu text without its mnemonic: 「印刷(&P)…」 → 「印刷…」."""
    text = action.text()
    for mark in ("(&", "（&"):
        start = text.find(mark)
        if start >= 0 and ")" in text[start:]:
            text = text[:start] + text[text.index(")", start) + 1:]
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&")


def shortcut_rows(menus: Iterable[QMenu]) -> list[tuple[str, str]]:
    """(keys, 'menu › command') for every action with a shortcut, in menu order."""
    rows = []
    for menu in menus:
        menu_name = plain_action_text(menu.menuAction())
        for action in menu.actions():
            keys = [k.toString(QKeySequence.SequenceFormat.NativeText) for k in action.shortcuts()]
            if keys:
                rows.append(("、".join(keys), f"{menu_name} › {plain_action_text(action)}"))
    return rows


def usage_html(menus: Iterable[QMenu]) -> str:
    template = (paths.resources_dir() / "help" / "usage.html").read_text(encoding="utf-8")
    rows = [*shortcut_rows(menus), *WINDOW_KEYS]
    table = "".join(f"<tr><td><b>{html.escape(keys)}</b></td><td>{html.escape(what)}</td></tr>" for keys, what in rows)
    return template.replace("{{shortcuts}}", f'<table cellpadding="3">{table}</table>')


class HelpDialog(TextDialog):
    def __init__(self, body_html: str, parent: QWidget | None = None) -> None:
        super().__init__("使い方 - DX事例リーダー", body_html, (720, 640), parent,
                         QDialogButtonBox.StandardButton.Close)


def show_help(window: QWidget, menus: Iterable[QMenu]) -> HelpDialog:
    dialog = HelpDialog(usage_html(menus), window)
    dialog.setObjectName("help")
    dialog.show()
    return dialog
