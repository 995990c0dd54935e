"""The comparison through the real main window: cases added from the results list, from a bookmark and from
the open case; 「比較 (n)」; the comparison window with one column per case; the limit of three; removing a
case; printing (landscape preview) and saving the PDF."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QPageLayout
from PySide6.QtWidgets import QApplication, QMenu, QMessageBox

from dxreader.services.userdata import UserData
from tests.conftest import activate, wait_for_search
from tests.pdf_readback import needs_poppler, pdf_pages, pdf_text
from tests.test_pdf_text_layer import flat

BOOKMARKED = "taisei-070009"

# The comparison window is raised when shown; the offscreen platform says it cannot raise a window.
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support raise")


def _action(menu: QMenu, starts: str) -> QAction:
    return next(a for a in menu.actions() if a.text().startswith(starts))


def _add_result(window, row: int) -> str:  # type: ignore[no-untyped-def]
    """Right-click the row-th result and choose 比較に追加, as a user would."""
    index = window.results_model.index(row)
    menu = window.compare.results_menu(window.results.visualRect(index).center())
    _action(menu, "比較に追加").trigger()
    return window.results_model.case_id(row)


def _open_with_bookmark(open_reader, tmp_path: Path):  # type: ignore[no-untyped-def]
    home = tmp_path / "home"
    with UserData.open(home) as data:
        data.store.add_bookmark(BOOKMARKED, "題", "福島県")
    return open_reader(home).window


def test_add_from_results_and_a_bookmark_then_view_and_remove(open_reader, qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    window = _open_with_bookmark(open_reader, tmp_path)
    tray = window.compare
    assert tray.button.text() == "比較 (0)"
    window.search_box.setText("窓口")
    window.run_search()
    first = _add_result(window, 0)
    assert tray.button.text() == "比較 (1)" and "1/3件" in window.statusBar().currentMessage()
    tray.show_comparison()  # one case is not a comparison yet: said, and no window
    assert tray.view is None and "2件以上" in window.statusBar().currentMessage()

    pane = window.bookmark_pane
    window.left_tabs.setCurrentWidget(pane)
    _action(pane.context_menu(pane.model.index(0, 0)), "比較に追加").trigger()
    assert tray.pick.ids == (first, BOOKMARKED) and tray.button.text() == "比較 (2)"

    qtbot.mouseClick(tray.button, Qt.MouseButton.LeftButton)
    view = tray.view
    assert view is not None and view.isVisible()
    shown = view.view.toPlainText()
    for case_id in (first, BOOKMARKED):
        assert window.catalog.get(case_id).title in shown
    for heading in ("団体・人口", "概要", "効果", "費用", "スケジュール", "体制・事業者", "連絡先", "出典"):
        assert heading in shown
    assert "31,415千円" in shown  # 福島県's 費用, as the case states it

    qtbot.mouseClick(view.remove_button(1), Qt.MouseButton.LeftButton)
    assert tray.pick.ids == (BOOKMARKED,) and tray.button.text() == "比較 (1)"
    assert window.catalog.get(first).title not in view.view.toPlainText()
    assert "もう1件以上" in view.heading.text()

    tray.button.menu().aboutToShow.emit()  # the ▼ of 「比較 (1)」: what is picked, each with 外す
    menu = tray.button.menu()
    assert not _action(menu, "比較を表示").isEnabled()
    _action(menu, "外す: 1. ").trigger()
    assert tray.pick.ids == () and tray.button.text() == "比較 (0)" and view.view.toPlainText() == ""


def test_a_fourth_case_is_refused_with_the_limit_said(open_reader, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = open_reader().window
    window.run_search()
    added = [_add_result(window, row) for row in range(3)]
    assert window.compare.pick.ids == tuple(added)
    window.open_case(window.results_model.case_id(3))
    window.actions["compare_add"].trigger()  # 表示 › 比較に追加 (Ctrl+Shift+A) on the open case
    box = window.compare.limit_box
    assert isinstance(box, QMessageBox) and box.isVisible()
    assert "3件まで" in box.text() and "外して" in box.text()
    assert window.compare.pick.ids == tuple(added) and window.compare.button.text() == "比較 (3)"
    box.close()
    window.open_case(added[0])
    window.actions["compare_add"].trigger()  # already in (and the pick is full): said, but not as the limit
    assert "すでに比較に入っています" in window.statusBar().currentMessage() and window.compare.limit_box is box
    menu = window.compare.results_menu(window.results.visualRect(window.results_model.index(0)).center())
    assert not _action(menu, "比較に追加").isEnabled()  # already in: nothing to add


def test_keyboard_only(open_reader, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = open_reader().window
    activate(qtbot, window)  # window shortcuts need the active window, as on a desktop
    window.run_search()
    wait_for_search(qtbot, window)
    window.results.setFocus()
    for row in (0, 1):
        window.results.setCurrentIndex(window.results_model.index(row))  # ↓ in the list opens the case
        qtbot.keyClick(window.results, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert window.compare.pick.ids == tuple(window.results_model.case_id(row) for row in (0, 1))
    qtbot.keyClick(window.results, Qt.Key.Key_M, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    view = window.compare.view
    assert view is not None and view.isVisible()
    activate(qtbot, view)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is view.view, timeout=3000)  # arrows and Page Down scroll at once
    qtbot.keyClick(view.view, Qt.Key.Key_2, Qt.KeyboardModifier.AltModifier)  # 外す（Alt+2）
    assert window.compare.pick.ids == (window.results_model.case_id(0),)
    qtbot.keyClick(view.view, Qt.Key.Key_Escape)
    assert not view.isVisible()
    assert len(window.compare.pick) == 1  # closing the window keeps the pick


@needs_poppler
def test_window_saves_a_landscape_pdf_and_previews_landscape(open_reader, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtPrintSupport import QPrintPreviewDialog

    window = open_reader().window
    for case_id in ("taisei-074055", "press-202151", "jinzai-340006"):
        window.open_case(case_id)
        window.actions["compare_add"].trigger()
    window.compare.show_comparison()
    view = window.compare.view
    target = tmp_path / "比較.pdf"
    pages = view.save_pdf(target)
    assert pages == pdf_pages(target) >= 2
    text = flat(pdf_text(target, layout=False))
    for case_id in window.compare.pick.ids:
        assert flat(window.catalog.get(case_id).title)[:20] in text
    assert "事例の比較（西会津町・塩尻市・広島県）" in text
    view.print_preview()
    dialog = view.findChild(QPrintPreviewDialog)
    assert dialog is not None and dialog.printer_kept.pageLayout().orientation() == QPageLayout.Orientation.Landscape
    dialog.close()


def test_the_comparison_goes_to_excel_in_its_order_with_my_comment(  # type: ignore[no-untyped-def]
        open_reader, qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import openpyxl
    from PySide6.QtWidgets import QFileDialog

    target = tmp_path / "比較.xlsx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(target), "")))
    window = _open_with_bookmark(open_reader, tmp_path)
    window.user_data.store.set_annotation(BOOKMARKED, "県の体制づくり")
    window.search_box.setText("窓口")
    window.run_search()
    first = _add_result(window, 0)
    window.compare.add(BOOKMARKED)
    window.compare.show_comparison()
    qtbot.mouseClick(window.compare.view.xlsx_button, Qt.MouseButton.LeftButton)
    sheet = openpyxl.load_workbook(target)["事例一覧"]
    header = [c.value for c in sheet[1]]
    rows = [(r[header.index("事例ID")], r[header.index("題名")], r[header.index("自分のコメント")])
            for r in sheet.iter_rows(min_row=2, values_only=True)]
    assert rows == [(first, window.catalog.get(first).title, None),
                    (BOOKMARKED, window.catalog.get(BOOKMARKED).title, "県の体制づくり")]
