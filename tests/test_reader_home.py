"""自分の団体 through the real main window on the real casebook: pick it in the dialog with the keyboard, keep it
across a restart, the first-start prompt, and the sort and the filter it enables."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QStandardItemModel

from dxreader.core.similarity import place_of_case
from dxreader.ui.home_choice import NEAR_SORT, NEEDS_HOME
from dxreader.ui.home_picker import HomePicker, MunicipalityModel
from dxreader.ui.results_model import ReasonRole
from tests.conftest import wait_for_search

SHIOJIRI = 67302  # 令和2年国勢調査


def _near_item(window):  # type: ignore[no-untyped-def]
    model = window.sort_combo.model()
    assert isinstance(model, QStandardItemModel)
    return model.item(window.sort_combo.findData(NEAR_SORT))


def _open_picker(window) -> HomePicker:  # type: ignore[no-untyped-def]
    window.actions["home"].trigger()  # 設定 › 自分の団体…
    picker = window.home.picker
    assert isinstance(picker, HomePicker) and picker.isVisible()
    return picker


def _rows(picker: HomePicker) -> list[tuple[str, ...]]:
    model = picker.model
    return [tuple(model.index(r, c).data() for c in range(model.columnCount())) for r in range(model.rowCount())]


def test_without_a_place_the_sort_and_the_filter_are_disabled_and_say_why(open_reader) -> None:  # type: ignore[no-untyped-def]
    window = open_reader().window
    assert window.menuBar().actions()[4].text() == "設定(&S)"
    assert window.actions["home"].text() == "自分の団体(&M)…"
    item = _near_item(window)
    assert item.text() == "自分の団体に近い順" and not item.isEnabled() and NEEDS_HOME in item.toolTip()
    box = window.filters.same_size
    assert not box.isEnabled() and NEEDS_HOME in box.toolTip()
    assert window.results_model.index(0).data(ReasonRole) == ""


def test_pick_by_kana_with_the_keyboard_then_restart_keeps_it(qtbot, open_reader, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    home = tmp_path / "user"
    reader = open_reader(home)
    window = reader.window
    picker = _open_picker(window)
    assert picker.model.rowCount() == 1788 and picker.count_label.text() == "1,788 団体"
    picker.search.insert("しおじり")  # Japanese arrives through the input method as committed text
    assert _rows(picker) == [("塩尻市", "長野県", "市", "6.7万人", "202151")]
    qtbot.keyClick(picker.search, Qt.Key.Key_Return)
    assert picker.result() == HomePicker.DialogCode.Accepted and window.home.picker is None
    assert window.sort_combo.currentData() == NEAR_SORT  # choosing a place sorts by it at once
    assert window.statusBar().currentMessage() == "自分の団体を「塩尻市（長野県）」にしました"
    wait_for_search(qtbot, window)
    first = window.results_model.case_id(0)
    assert first == "press-202151"
    assert window.results_model.index(0).data(ReasonRole) == "自分の団体・人口 6.7万人・同じ種類（市）"
    assert window.filters.same_size.isEnabled() and "塩尻市（長野県）" in window.filters.same_size.toolTip()
    reader.close()

    again = open_reader(home).window
    wait_for_search(qtbot, again)
    assert again.home.near.home is not None and again.home.near.home.code == "202151"
    assert again.sort_combo.currentData() == NEAR_SORT and _near_item(again).isEnabled()
    assert again.results_model.case_id(0) == "press-202151"
    assert again.actions["home"].text() == "自分の団体: 塩尻市（長野県）(&M)…"


def test_same_named_places_show_prefecture_and_population_and_arrows_choose(qtbot, open_reader) -> None:  # type: ignore[no-untyped-def]
    window = open_reader().window
    picker = _open_picker(window)
    picker.search.insert("府中")
    assert _rows(picker) == [("府中市", "東京都", "市", "26.3万人", "132063"), ("府中市", "広島県", "市", "3.8万人", "342084"),
                             ("府中町", "広島県", "町", "5.1万人", "343021")]
    qtbot.keyClick(picker.search, Qt.Key.Key_Down)  # the focus stays in the search box
    qtbot.keyClick(picker.search, Qt.Key.Key_Return)
    assert window.home.near.home is not None and window.home.near.home.full_name == "広島県府中市"
    picker = _open_picker(window)
    assert picker.current_label.text() == "いまの設定: 府中市（広島県）"
    picker.search.insert("ぬぬぬ")
    assert picker.model.rowCount() == 0 and not picker.choose_button.isEnabled()
    assert picker.count_label.text() == "当てはまる団体はありません"
    qtbot.keyClick(picker.search, Qt.Key.Key_Escape)  # cancel changes nothing
    assert window.home.near.home.full_name == "広島県府中市"


def test_first_start_prompt_can_be_skipped_and_is_not_shown_again(qtbot, open_reader, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QMessageBox

    from dxreader.ui.plain_text import message_box

    home = tmp_path / "user"
    reader = open_reader(home)
    notice = message_box(reader.window, QMessageBox.Icon.Warning, "しおり・メモについて", "復元しました")
    notice.open()  # a start-up message is waiting: the prompt waits for a later start
    assert reader.window.home.ask_on_first_start() is None
    notice.close()
    prompt = reader.window.home.ask_on_first_start()
    assert prompt is not None and prompt.skip_button.text() == "今は選ばない" and "ようこそ" in prompt.intro.text()
    prompt.skip_button.click()
    assert reader.window.home.near.home is None
    assert reader.window.home.ask_on_first_start() is None
    reader.close()
    window = open_reader(home).window
    assert window.home.ask_on_first_start() is None  # skipped once: never again
    picker = _open_picker(window)  # still reachable from the menu
    assert picker.skip_button.text() == "キャンセル"
    picker.reject()


def test_similar_size_filter_and_near_sort_change_the_real_results(qtbot, open_reader) -> None:  # type: ignore[no-untyped-def]
    window = open_reader().window
    picker = _open_picker(window)
    picker.search.insert("202151")
    picker.choose_button.click()
    wait_for_search(qtbot, window)
    near_order = window.results_model.case_ids()
    window.sort_combo.setCurrentIndex(window.sort_combo.findData("relevance"))
    wait_for_search(qtbot, window)
    assert window.results_model.case_ids() != near_order and len(window.results_model.case_ids()) == 78
    assert window.results_model.index(0).data(ReasonRole) == ""  # neither the sort nor the filter follows it
    window.filters.same_size.click()
    wait_for_search(qtbot, window)
    assert window.hit_count.text() == "14 件"
    populations = [window.catalog.get(i).population for i in window.results_model.case_ids()]
    assert all(SHIOJIRI / 2 <= p <= SHIOJIRI * 2 for p in populations)
    assert all(window.results_model.index(r).data(ReasonRole).startswith(("人口", "自分の団体")) for r in range(14))
    window.filters.clear_button.click()  # 絞り込みを解除 clears it too
    wait_for_search(qtbot, window)
    assert not window.filters.same_size.isChecked() and window.hit_count.text() == "78 件"

    window.sort_combo.setCurrentIndex(window.sort_combo.findData(NEAR_SORT))
    wait_for_search(qtbot, window)
    ids = window.results_model.case_ids()
    names = [window.catalog.get(i).municipality for i in ids]
    assert names.index("笠間市") < names.index("酒田市") < names.index("別府市") < names.index("東京都")
    assert [place_of_case(window.catalog.get(i)) for i in ids[-2:]] == [None, None]


def test_clearing_the_place_switches_the_sort_and_the_filter_off(qtbot, open_reader) -> None:  # type: ignore[no-untyped-def]
    window = open_reader().window
    picker = _open_picker(window)
    picker.search.insert("ながのけん")
    assert _rows(picker)[0][:2] == ("長野県", "長野県")
    picker.choose_button.click()
    window.filters.same_size.click()
    wait_for_search(qtbot, window)
    prefectures = {window.catalog.get(i).kind for i in window.results_model.case_ids()}
    assert prefectures == {"都道府県"} and window.hit_count.text() == "12 件"  # 長野県 2,049,683: from 1,024,842 to 4,099,366 people
    picker = _open_picker(window)
    assert picker.clear_button is not None
    picker.clear_button.click()
    wait_for_search(qtbot, window)
    assert window.home.near.home is None and window.sort_combo.currentData() == "relevance"
    assert not window.filters.same_size.isChecked() and not window.filters.same_size.isEnabled()
    assert window.hit_count.text() == "78 件"
    assert window.settings.text("home/code") == ""


def test_the_picker_model_passes_the_model_tester(qtmodeltester, open_reader) -> None:  # type: ignore[no-untyped-def]
    window = open_reader().window
    model = MunicipalityModel()
    model.set_rows(window.home.directory.find("ふちゅう"))
    qtmodeltester.check(model)


def test_cards_are_measured_again_when_the_list_narrows(qtbot, open_reader) -> None:  # type: ignore[no-untyped-def]
    """The reason line makes cards taller; when the list gets narrower (a scroll bar appears, a pane is dragged)
    every card in view is measured again, so that none is drawn over the next or leaves a gap."""
    from PySide6.QtWidgets import QStyleOptionViewItem

    window = open_reader().window
    window.resize(1400, 880)
    picker = _open_picker(window)
    picker.search.insert("しおじり")
    picker.choose_button.click()
    wait_for_search(qtbot, window)
    view, model = window.results, window.results_model
    qtbot.wait(300)  # the list lays the cards out 0.1 s after a change
    sizes = window.splitter.sizes()
    window.splitter.setSizes([sizes[0] + 40, sizes[1] - 40, sizes[2]])

    def card_heights_fit() -> bool:
        option = QStyleOptionViewItem()
        option.initFrom(view)
        option.rect = view.viewport().rect()  # the width the view gives its delegate (not the framed view's)
        shown = [r for r in range(model.rowCount()) if view.visualRect(model.index(r)).intersects(view.viewport().rect())]
        tops = [view.visualRect(model.index(r)).top() for r in [*shown, shown[-1] + 1]]
        return all(tops[i + 1] - tops[i] == view.itemDelegate().sizeHint(option, model.index(r)).height()
                   for i, r in enumerate(shown))

    qtbot.waitUntil(card_heights_fit, timeout=3000)
