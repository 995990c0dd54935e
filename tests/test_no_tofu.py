"""No tofu: every character the window shows (labels, buttons, menus, combo items, list rows, tooltips,
placeholders, the case text) exists in some font installed on this machine. A character no installed
font has is drawn as a box on screen; emoji are the usual culprit (office PCs and CI lack emoji fonts)."""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache
from pathlib import Path

from PySide6.QtCore import QAbstractListModel, QModelIndex, Qt
from PySide6.QtGui import QFont, QFontDatabase, QRawFont
from PySide6.QtWidgets import (QAbstractButton, QAbstractItemView, QComboBox, QLabel, QLineEdit, QMenu,
                               QTabWidget, QTextEdit, QWidget)

from dxreader.services.userdata import UserData
from tests.conftest import wait_for_search

NISHIAIZU = "taisei-074055"
INVISIBLE = {"\n", "\r", "\t", "\u2028", "\u2029", "\ufffc", "\u00ad", "\u200b", "\ufeff"}


@cache
def _raw_fonts() -> tuple[QRawFont, ...]:
    fonts = []
    for family in QFontDatabase.families():
        raw = QRawFont.fromFont(QFont(family))
        if raw.isValid():
            fonts.append(raw)
    return tuple(fonts)


@cache
def _drawable(ch: str) -> bool:
    return ch in INVISIBLE or ch.isspace() or any(raw.supportsCharacter(ord(ch)) for raw in _raw_fonts())


def _model_texts(view: QAbstractItemView, rows: int = 40) -> Iterator[str]:
    model = view.model()
    if model is None:
        return

    def walk(parent: QModelIndex, depth: int) -> Iterator[str]:
        for row in range(min(model.rowCount(parent), rows)):
            columns = 1 if isinstance(model, QAbstractListModel) else model.columnCount(parent)
            for column in range(columns):
                index = model.index(row, column, parent)
                for role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
                    value = index.data(role)
                    if isinstance(value, str):
                        yield value
                if depth < 3 and column == 0:
                    yield from walk(index, depth + 1)

    yield from walk(QModelIndex(), 0)
    for section in range(1 if isinstance(model, QAbstractListModel) else model.columnCount()):
        header = model.headerData(section, Qt.Orientation.Horizontal)
        if isinstance(header, str):
            yield header


def shown_texts(root: QWidget) -> Iterator[tuple[str, str]]:
    """(where, text) for every text a user can see or hover in root and its children."""
    for widget in [root, *root.findChildren(QWidget)]:
        where = type(widget).__name__
        yield where, widget.toolTip()
        yield where, widget.accessibleName()
        if isinstance(widget, (QLabel, QAbstractButton)):
            yield where, widget.text()
        if isinstance(widget, QLineEdit):
            yield where, widget.text() + widget.placeholderText()
        if isinstance(widget, QTextEdit):
            yield where, widget.toPlainText() + widget.placeholderText()
        if isinstance(widget, QComboBox):
            for i in range(widget.count()):
                yield where, widget.itemText(i)
        if isinstance(widget, QTabWidget):
            for i in range(widget.count()):
                yield where, widget.tabText(i)
        if isinstance(widget, QMenu):
            yield where, widget.title()
            for action in widget.actions():
                yield where, action.text() + action.toolTip()
        if isinstance(widget, QAbstractItemView):
            for text in _model_texts(widget):
                yield where, text
        yield where, widget.windowTitle()


def test_every_shown_character_has_a_font(qtbot, open_reader, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    home = tmp_path / "home"
    with UserData.open(home) as data:  # a folder, a tag, a comment and a note: every pane has something
        folder = data.store.create_folder("窓口DX")
        data.store.add_bookmark(NISHIAIZU, "題", "福島県西会津町")
        data.store.set_annotation(NISHIAIZU, "CDOの置き方")
        data.store.set_folder(NISHIAIZU, folder.id)
        data.store.save_note(NISHIAIZU, "企画課に電話")
    w = open_reader(home).window
    w.search_box.setText("窓口")
    w.run_search()
    wait_for_search(qtbot, w)
    qtbot.waitUntil(lambda: w.results_model.rowCount() > 0)
    w.open_case(NISHIAIZU)
    assert w.bookmark_pane.folder.count() >= 2  # the folder is listed: its label is checked below
    missing = {(where, ch) for where, text in shown_texts(w) for ch in text if not _drawable(ch)}
    assert not missing, sorted(f"{where}: {ch!r} U+{ord(ch):04X}" for where, ch in missing)


def test_the_check_sees_a_character_no_font_has(qapp) -> None:  # type: ignore[no-untyped-def]
    assert _drawable("窓") and _drawable("A")
    assert not _drawable("\U0010fffd")  # a private-use plane character: no font on any machine
