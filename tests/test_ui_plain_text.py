"""Text from data or the user is shown by Qt as written, never as rich text: markup planted in a case title,
a 関連URL label, a contact, a bookmark comment, folder and tag, a note and a file name is drawn literally in
the real window's tooltips, trees, result cards, bookmark table, labels, menus and message boxes, and no
file it names is ever opened (the kernel watches the planted files; Python's audit hook watches the rest)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6 import QtGui
from PySide6.QtCore import QEvent, QModelIndex, Qt, QTimer
from PySide6.QtGui import QHelpEvent, QTextDocument
from PySide6.QtWidgets import (
    QAbstractItemView, QApplication, QLabel, QMessageBox, QStyleOptionViewItem, QToolTip, QWidget,
)

from dxreader.ui import menus
from dxreader.ui.app import Reader, build_reader
from dxreader.ui.dialogs import LinkDialog
from tests.conftest import casebook_copy
from tests.offline_audit import OpenWatch

CASE = "taisei-074055"
REMOTE = '<img src="file://host/share/x"><img src="\\\\host\\share\\x.png"><a href="file://host/share/y">資料</a>'

# The offscreen platform says this whenever a tooltip is raised; it is not our problem.
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support raise")


def planted(watch: OpenWatch) -> str:
    """Markup that, read as rich text, opens a watched file, names a file share, links and makes bold."""
    return f'<img src="{watch.reference()}">{REMOTE}<b>太字</b> R&D [*]'


def short_planted(watch: OpenWatch) -> str:
    """Within the 200 characters a folder or tag name may have."""
    return f'<img src="{watch.reference()}"><b>太</b>&'


@pytest.fixture
def hostile(qtbot, tmp_path: Path, index_cache: Path, open_watch: OpenWatch) -> Iterator[Reader]:  # type: ignore[no-untyped-def]
    """The real window on a casebook whose case title, link label and contact carry markup, with a bookmark
    (comment, folder, tag) and a note that carry it too."""
    from dxreader.services.userdata import UserData

    text = planted(open_watch).replace("'", "''")
    book = casebook_copy(
        tmp_path,
        f"UPDATE cases SET title = title || '{text}' WHERE id = '{CASE}'",
        f"UPDATE case_links SET label = '{text}' WHERE case_id = '{CASE}'",
        f"UPDATE case_contacts SET department = department || ' R&D課' WHERE case_id = '{CASE}'",
    )
    home = tmp_path / "home"
    with UserData.open(home) as data:
        data.store.add_bookmark(CASE, "題名" + planted(open_watch), "団体" + planted(open_watch))
        data.store.set_annotation(CASE, "コメント" + planted(open_watch))
        folder = data.store.create_folder(short_planted(open_watch))
        data.store.set_folder(CASE, folder.id)
        data.store.set_tags(CASE, [short_planted(open_watch)])
        data.store.save_note(CASE, "メモ" + planted(open_watch))
    reader = build_reader(book, home, index_cache)
    qtbot.addWidget(reader.window)
    reader.window.show()
    reader.window.open_case(CASE)
    yield reader
    reader.close()
    # No tooltip outlives the test: gone before the next test's window comes up (under Wine a tooltip deleted
    # then disturbs the next window's focus handling, and Qt warns).
    QToolTip.hideText()
    qtbot.waitUntil(lambda: not [w for w in QApplication.topLevelWidgets() if w.objectName() == "qtooltip_label"])


def literal(rich_or_plain: str) -> str:
    """What Qt shows for a string it may take as rich text (the guess tooltips and AutoText labels make)."""
    doc = QTextDocument()
    if QtGui.Qt.mightBeRichText(rich_or_plain):
        doc.setHtml(rich_or_plain)
    else:
        doc.setPlainText(rich_or_plain)
    return doc.toPlainText()


def has_markup_effect(rich_or_plain: str) -> bool:
    """True if Qt, taking the string as it does for a tooltip, would show an image, a link or bold text."""
    if not QtGui.Qt.mightBeRichText(rich_or_plain):
        return False
    doc = QTextDocument()
    doc.setHtml(rich_or_plain)
    block = doc.begin()
    while block.isValid():
        it = block.begin()
        while not it.atEnd():
            fmt = it.fragment().charFormat()
            if fmt.isImageFormat() or fmt.isAnchor() or fmt.fontWeight() > 400:
                return True
            it += 1
        block = block.next()
    return False


def show_tooltip(view: QAbstractItemView, index: QModelIndex) -> str:
    """Hover the item as a user would (the help event Qt sends after a pause) and return the tooltip shown."""
    view.scrollTo(index)
    rect = view.visualRect(index)
    assert rect.isValid(), "the item is not on screen"
    local = rect.center()
    event = QHelpEvent(QEvent.Type.ToolTip, local, view.viewport().mapToGlobal(local))
    QApplication.sendEvent(view.viewport(), event)
    tip = QToolTip.text()
    label = next(w for w in QApplication.topLevelWidgets() if w.objectName() == "qtooltip_label")
    label.grab()  # laid out and painted: every image it names asked for
    return tip


def answer_next_box(seen: list[QMessageBox], button: QMessageBox.StandardButton = QMessageBox.StandardButton.Ok) -> None:
    """Once the next message box is up: keep it for the test, draw it, and close it as the user would."""

    def answer() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(20, answer)
            return
        seen.append(box)
        box.grab()
        box.button(button).click()

    QTimer.singleShot(0, answer)


def test_tooltips_of_results_tree_and_bookmarks_show_markup_as_text(hostile: Reader, open_watch: OpenWatch,  # type: ignore[no-untyped-def]
                                                                   no_network) -> None:
    window = hostile.window
    title = window.catalog.get(CASE).title
    assert planted(open_watch) in title

    tip = show_tooltip(window.results, window.results_model.index(window.results_model.row_of(CASE)))
    assert literal(tip).startswith(title)

    leaf = window.category_tree._leaves[CASE]  # noqa: SLF001 - the tree's own item for the case
    window.category_tree.expandAll()
    assert literal(show_tooltip(window.category_tree, leaf.index())) == title

    window.left_tabs.setCurrentWidget(window.bookmark_pane)
    model, table = window.bookmarks_model, window.bookmark_pane.table
    row = model.case_ids().index(CASE)
    stored = hostile.user_data.bookmark(CASE)
    title_tip = f"{stored.title}\n{stored.municipality}"  # the 団体 column is hidden: its text is here
    for column, expected in ((0, title_tip), (2, stored.annotation)):
        assert expected.count("<img src=") >= 2
        assert literal(show_tooltip(table, model.index(row, column))) == expected
    folder_and_tag = literal(show_tooltip(table, model.index(row, 3)))
    assert folder_and_tag == f"{short_planted(open_watch)} #{short_planted(open_watch)}"

    assert open_watch.opened() == []
    assert no_network == []


def test_every_tooltip_in_the_window_is_inert(hostile: Reader, open_watch: OpenWatch) -> None:
    """A sweep, so that a tooltip added later without escaping is caught too."""
    window = hostile.window
    tips = [w.toolTip() for w in window.findChildren(QWidget)]
    models = [window.results_model, window.bookmarks_model, window.category_tree.model(), window.region_tree.model()]
    for model in models:
        pending = [QModelIndex()]
        while pending:
            parent = pending.pop()
            for r in range(model.rowCount(parent)):
                pending.append(model.index(r, 0, parent))
                column = 0
                while (index := model.index(r, column, parent)).isValid():
                    tips.append(index.data(Qt.ItemDataRole.ToolTipRole) or "")
                    column += 1
    assert sum(planted(open_watch) in literal(t) for t in tips) >= 3  # result, tree leaf, bookmark comment
    assert [t for t in tips if has_markup_effect(t)] == []


def test_labels_menus_and_cards_draw_planted_text_literally(qtbot, hostile: Reader,  # type: ignore[no-untyped-def]
                                                           open_watch: OpenWatch) -> None:
    window = hostile.window
    pane = window.case_pane
    assert pane.annotation.toPlainText() == "コメント" + planted(open_watch)
    assert pane.note.toPlainText() == "メモ" + planted(open_watch)
    assert pane.folder.currentText() == short_planted(open_watch)
    # every label of the window is plain text, whatever it shows now or later
    rich = [label.objectName() or label.text()[:30] for label in window.findChildren(QLabel)
            if label.textFormat() != Qt.TextFormat.PlainText]
    assert rich == []
    # menu items made from data keep their "&"
    contact_items = [a.iconText() for a in pane.copy_contact.menu().actions() if a.text()]
    assert any("R&D課" in text for text in contact_items)
    # result cards and trees painted with the planted title; the card's document holds it as text
    card = window.results_model.index(window.results_model.row_of(CASE))
    window.results.scrollTo(card)
    window.results.grab()
    option = QStyleOptionViewItem()
    option.initFrom(window.results)
    document = window.results.itemDelegate()._document(card, option, 600)  # noqa: SLF001 - what paint() draws
    assert planted(open_watch) in document.toPlainText() and document.refused_resources == []
    window.category_tree.expandAll()
    window.category_tree.grab()
    window.left_tabs.setCurrentWidget(window.bookmark_pane)
    window.bookmark_pane.table.grab()
    # the status bar (file names and errors go there) draws its message as text
    window.show_message("保存しました: " + planted(open_watch))
    window.statusBar().grab()
    assert window.statusBar().currentMessage() == "保存しました: " + planted(open_watch)
    # the 関連URL dialog shows the link's label as it is
    window.offer_url(0)
    dialog = window.findChild(LinkDialog)
    assert dialog.label.textFormat() == Qt.TextFormat.PlainText
    assert dialog.label.text() == planted(open_watch)
    dialog.grab()
    dialog.close()
    assert open_watch.opened() == []


def test_message_boxes_show_a_file_name_in_an_error_as_text(hostile: Reader, open_watch: OpenWatch,  # type: ignore[no-untyped-def]
                                                            monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
                                                            no_network) -> None:
    window = hostile.window
    # A folder name may hold markup (only "/" is forbidden on Linux; Windows refuses the name, and its error
    # names it): it comes back in the error message.
    markup = f'<img src="file:{open_watch.folder}/planted.png"><b>太字</b>'
    target = tmp_path / markup / "しおり.json"
    monkeypatch.setattr(menus.QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    seen: list[QMessageBox] = []
    answer_next_box(seen)
    menus.export_user_data(window)
    assert len(seen) == 1
    box = seen[0]
    assert box.textFormat() == Qt.TextFormat.PlainText
    assert os.path.normpath(markup) in box.text()  # as the system writes the path ("\\" for "/" on Windows)
    assert open_watch.opened() == []
    assert no_network == []


def test_startup_notice_shows_paths_as_text(hostile: Reader, open_watch: OpenWatch) -> None:  # type: ignore[no-untyped-def]
    from dxreader.ui.app import _tell_recovery

    hostile.user_data.warnings.append(f'<img src="{open_watch.reference()}">データフォルダ')
    _tell_recovery(hostile.window, hostile.user_data)
    box = hostile.window.findChild(QMessageBox)
    box.grab()
    assert box.textFormat() == Qt.TextFormat.PlainText
    assert box.text().startswith('<img src="')
    box.close()
    assert open_watch.opened() == []


@pytest.mark.skipif(not OpenWatch.SEES_OPENS, reason="the witness is Linux's inotify; Windows has no kernel "
                    "open-watch a test can use (the Linux run proves no planted file is opened)")
def test_the_witness_sees_qt_open_a_planted_file(qtbot, open_watch: OpenWatch) -> None:  # type: ignore[no-untyped-def]
    """The probe itself: an AutoText label with the planted markup does make Qt open the file."""
    label = QLabel(f'<img src="{open_watch.reference()}">')
    qtbot.addWidget(label)
    label.grab()
    assert open_watch.opened()[:1] == ["planted.png"]


def test_print_preview_title_keeps_the_case_title_as_written(qtbot, hostile: Reader) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtPrintSupport import QPrintPreviewDialog

    window = hostile.window
    menus.print_preview(window)
    dialog = window.findChild(QPrintPreviewDialog)
    assert "R&D [*]" in dialog.windowHandle().title()  # the title the window system is given
    dialog.close()


def test_labels_and_message_boxes_are_made_only_through_the_plain_text_helper() -> None:
    """QLabel and QMessageBox guess rich text unless told otherwise: only ui/plain_text.py makes them, so a
    label or box added later cannot forget. (Our escaped templates go to the safe text views instead.)"""
    import re

    from tests.conftest import REPO

    guessing = re.compile(r"\bQLabel\(|\bQMessageBox\(|QMessageBox\.(warning|information|critical|question|about)\("
                          r"|QToolTip\.showText\(")
    offenders = [f"{p.name}:{n}" for p in sorted((REPO / "src" / "dxreader" / "ui").glob("*.py"))
                 if p.name != "plain_text.py"
                 for n, line in enumerate(p.read_text("utf-8").splitlines(), 1) if guessing.search(line)]
    assert offenders == []
