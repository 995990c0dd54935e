"""Keyboard-first use of the real window: search box ↔ results, pane to pane, the Tab path, and the results
selection following Back/Forward."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QPushButton
from tests.conftest import wait_for_search

from tests.conftest import activate


def _active(qtbot, open_reader):  # type: ignore[no-untyped-def]
    window = open_reader().window
    activate(qtbot, window)  # window shortcuts need the active window, as on a desktop
    window.search_box.setFocus()
    return window


def _focused_in(widget) -> bool:  # type: ignore[no-untyped-def]
    focus = QApplication.focusWidget()
    return focus is widget or (focus is not None and widget.isAncestorOf(focus))


def test_down_moves_from_the_search_box_to_the_first_result(qtbot, open_reader) -> None:  # type: ignore[no-untyped-def]
    window = _active(qtbot, open_reader)
    window.open_case(window.results_model.case_id(5))
    qtbot.keyClick(window.search_box, Qt.Key.Key_Down)
    assert QApplication.focusWidget() is window.results
    assert window.results.currentIndex().row() == 0
    assert window.case_pane.case.id == window.results_model.case_id(0)
    qtbot.keyClick(window.results, Qt.Key.Key_Down)  # then on through the list as usual
    assert window.case_pane.case.id == window.results_model.case_id(1)
    qtbot.keyClick(window.results, Qt.Key.Key_Escape)
    assert QApplication.focusWidget() is window.search_box


def test_enter_searches_and_moves_to_the_first_result(qtbot, open_reader) -> None:  # type: ignore[no-untyped-def]
    window = _active(qtbot, open_reader)
    window.search_box.insert("西会津")
    qtbot.keyClick(window.search_box, Qt.Key.Key_Return)
    wait_for_search(qtbot, window)
    assert window.hit_count.text() == "1 件"
    assert QApplication.focusWidget() is window.results
    assert window.case_pane.case.municipality == "西会津町"


def test_escape_from_the_case_text_returns_to_the_search_box(qtbot, open_reader) -> None:  # type: ignore[no-untyped-def]
    window = _active(qtbot, open_reader)
    window.search_box.insert("窓口")
    window.case_pane.view.setFocus()
    qtbot.keyClick(window.case_pane.view, Qt.Key.Key_Escape)
    assert QApplication.focusWidget() is window.search_box
    assert window.search_box.selectedText() == "窓口"  # ready to type a new search


def test_f6_and_shift_f6_cycle_the_panes(qtbot, open_reader) -> None:  # type: ignore[no-untyped-def]
    window = _active(qtbot, open_reader)
    window.actions["show_left"].setChecked(True)  # 表示 › 分類・地域・しおりの欄
    order = [window.search_box, window.left_tabs, window.results, window.case_pane.view]
    for expected in order[1:] + order[:1]:
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_F6)
        assert _focused_in(expected), QApplication.focusWidget()
    for expected in reversed(order):  # from the search box backwards: case text first
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_F6, Qt.KeyboardModifier.ShiftModifier)
        assert _focused_in(expected), QApplication.focusWidget()
    window.actions["show_left"].setChecked(False)  # a hidden pane is skipped
    qtbot.keyClick(window.search_box, Qt.Key.Key_F6)
    assert QApplication.focusWidget() is window.results


def test_tab_goes_from_search_box_to_results_and_filters_stay_reachable(qtbot, open_reader) -> None:  # type: ignore[no-untyped-def]
    window = _active(qtbot, open_reader)
    qtbot.keyClick(window.search_box, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is window.results
    reached = set()
    for _ in range(60):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        reached.add(QApplication.focusWidget())
        if QApplication.focusWidget() is window.search_box:
            break
    band_buttons = set(window.filters.findChildren(QPushButton))
    assert band_buttons & reached, "the filter buttons can still be reached with Tab"
    assert window.search_box in reached  # and Tab comes round again


def test_back_and_forward_select_the_shown_case_in_the_results(qtbot, open_reader) -> None:  # type: ignore[no-untyped-def]
    window = _active(qtbot, open_reader)
    ids = [window.results_model.case_id(r) for r in (2, 7, 11)]
    for row in (2, 7, 11):
        window.results.setCurrentIndex(window.results_model.index(row))
    assert window.case_pane.case.id == ids[2]
    for action, expected in (("back", 1), ("back", 0), ("forward", 1)):
        window.actions[action].trigger()
        assert window.case_pane.case.id == ids[expected]
        assert window.results.currentIndex().row() == window.results_model.row_of(ids[expected])
        assert window.results.selectionModel().isRowSelected(window.results_model.row_of(ids[expected]))
    # a case that the results do not list leaves no other case selected
    window.search_box.insert("西会津")
    window.run_search()
    wait_for_search(qtbot, window)
    window.actions["back"].trigger()
    assert window.results_model.row_of(window.case_pane.case.id) == -1
    assert not window.results.selectionModel().hasSelection()
