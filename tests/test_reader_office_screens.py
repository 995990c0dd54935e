"""The real window on office screens (1024×700, 1366×768): room for the case text, panes that hide and stay
hidden, a results list without sideways scrolling, a pressed band that looks pressed, counts per prefecture,
a bookmark table that fits, and a new folder that takes the open bookmark."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSize
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication

from dxreader.ui.pane_layout import fit_to_screen
from tests.conftest import wait_for_search


def _settle() -> None:
    for _ in range(3):
        QApplication.processEvents()


@pytest.mark.parametrize("screen", [QSize(1024, 700), QSize(1366, 768)])
def test_first_start_gives_the_case_text_most_of_the_width(open_reader, screen: QSize) -> None:  # type: ignore[no-untyped-def]
    window = open_reader().window
    fit_to_screen(window, screen)  # what the constructor does on a first start on that screen
    _settle()
    assert window.width() <= screen.width() and window.height() <= screen.height()
    assert window.case_pane.width() > 0.5 * window.width(), window.splitter.sizes()
    assert window.left_tabs.width() >= 150 and window.results.width() >= 220  # still usable


def test_panes_hide_from_the_view_menu_and_stay_hidden(open_reader, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    home = tmp_path / "home"
    reader = open_reader(home)
    window = reader.window
    fit_to_screen(window, QSize(1024, 700))
    _settle()
    before = window.case_pane.width()
    assert window.actions["show_left"].isChecked() and window.actions["show_results"].isChecked()
    window.actions["show_left"].trigger()
    window.actions["show_results"].trigger()
    _settle()
    assert not window.left_tabs.isVisible() and not window.results.isVisible()
    assert window.case_pane.width() > before + 300
    reader.close()
    again = open_reader(home).window
    _settle()
    assert not again.left_tabs.isVisible() and not again.results.isVisible()
    assert not again.actions["show_left"].isChecked()
    again.actions["show_left"].trigger()
    _settle()
    assert again.left_tabs.isVisible() and again.left_tabs.width() >= 150


def test_results_never_scroll_sideways(open_reader) -> None:  # type: ignore[no-untyped-def]
    window = open_reader().window
    fit_to_screen(window, QSize(1024, 700))
    window.splitter.setSizes([200, 200, 624])  # a narrow results pane
    _settle()
    assert window.results.horizontalScrollBar().maximum() == 0
    delegate, option = window.results.itemDelegate(), window.results.viewOptions() if hasattr(
        window.results, "viewOptions") else None
    from PySide6.QtWidgets import QStyleOptionViewItem

    option = QStyleOptionViewItem()
    option.initFrom(window.results)
    option.widget = window.results
    width = window.results.viewport().width()
    for row in range(window.results_model.rowCount()):
        index = window.results_model.index(row)
        assert delegate.sizeHint(option, index).width() <= width
        doc = delegate._document(index, option, width)
        assert doc.idealWidth() <= width, window.results_model.case_id(row)


def _mean_colour(widget) -> QColor:  # type: ignore[no-untyped-def]
    image = widget.grab().toImage()
    pixels = [image.pixelColor(x, y) for x in range(2, image.width() - 2, 3) for y in range(2, image.height() - 2, 3)]
    return QColor(*(int(sum(getattr(p, c)() for p in pixels) / len(pixels)) for c in ("red", "green", "blue")))


def test_a_pressed_band_button_is_clearly_pressed(open_reader) -> None:  # type: ignore[no-untyped-def]
    window = open_reader().window
    buttons = list(window.filters.band_buttons.values())
    up = _mean_colour(buttons[1])
    buttons[1].click()
    _settle()
    down = _mean_colour(buttons[1])
    assert abs(up.lightness() - down.lightness()) >= 80, (up.name(), down.name())
    assert abs(_mean_colour(buttons[2]).lightness() - up.lightness()) < 20  # the others stay as they were


def test_the_prefecture_list_shows_counts(qtbot, open_reader) -> None:  # type: ignore[no-untyped-def]
    window = open_reader().window
    combo = window.filters.prefecture
    total = sum(int(combo.itemText(i).rsplit("（", 1)[1].rstrip("）")) for i in range(1, combo.count()))
    by_prefecture = sum(1 for h in window.last_result.hits if h.case.prefecture)
    assert total == by_prefecture and combo.count() > 10
    window.search_box.setText("西会津")
    window.run_search()
    wait_for_search(qtbot, window)
    fukushima = combo.findData("福島県")
    assert combo.itemText(fukushima) == "福島県（1）"
    assert combo.itemData(fukushima) == "福島県"  # the filter still uses the plain name
    combo.setCurrentIndex(fukushima)
    wait_for_search(qtbot, window)
    assert window.hit_count.text() == "1 件"


def test_bookmark_table_shows_folder_tags_and_comment_without_scrolling(open_reader) -> None:  # type: ignore[no-untyped-def]
    window = open_reader().window
    fit_to_screen(window, QSize(1024, 700))
    store = window.user_data.store
    folder = store.create_folder("窓口改革の参考")
    for case_id in ("taisei-074055", "taisei-070009"):
        store.add_bookmark(case_id, window.catalog.get(case_id).title, "団体")
        store.set_folder(case_id, folder.id)
        store.set_tags(case_id, ["窓口", "共有"])
        store.set_annotation(case_id, "課内で共有する。来年度の予算要求の参考にする")
    window.user_data_changed()
    window.left_tabs.setCurrentWidget(window.bookmark_pane)
    _settle()
    table = window.bookmark_pane.table
    assert table.horizontalScrollBar().maximum() == 0
    header = table.horizontalHeader()
    em = header.fontMetrics().horizontalAdvance("あ")
    for column in (0, 2, 3):  # 題名, コメント, フォルダ・タグ
        assert not header.isSectionHidden(column)
        assert header.sectionViewportPosition(column) + header.sectionSize(column) <= table.viewport().width()
        assert header.sectionSize(column) >= 3 * em


def test_a_new_folder_takes_the_open_bookmark(open_reader) -> None:  # type: ignore[no-untyped-def]
    window = open_reader().window
    window.open_case("taisei-074055")
    window.actions["bookmark"].trigger()
    window.bookmark_pane.create_folder("体制づくり")
    folder = next(f for f in window.user_data.store.folders() if f.name == "体制づくり")
    assert window.user_data.bookmark("taisei-074055").folder_id == folder.id
    assert window.case_pane.folder.currentText() == "体制づくり"
    window.open_case("taisei-070009")  # not bookmarked: a new folder leaves it alone
    window.bookmark_pane.create_folder("別件")
    assert window.user_data.bookmark("taisei-070009") is None
    assert window.user_data.bookmark("taisei-074055").folder_id == folder.id


def test_the_hidden_municipality_is_in_the_title_tooltip(open_reader) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import Qt

    window = open_reader().window
    window.user_data.store.add_bookmark("taisei-074055", "題名", "西会津町")
    window.user_data_changed()
    assert "西会津町" in window.bookmarks_model.index(0, 0).data(Qt.ItemDataRole.ToolTipRole)
