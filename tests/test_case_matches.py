"""The query's matches in the case view of the real window: the case opens at the first match of its text,
F3 / Shift+F3 and ▲▼ move through them with 「n/N」 and wrap at the ends, the current one has its own colour,
and the title and category path are highlighted too. Expected counts come from the case's own text as shown
(str.count of the typed word), not from the matcher."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QColor, QShortcut, QTextCursor

from dxreader.services.case_html import MARK_COLOR
from dxreader.ui.case_matches import CURRENT_COLOR
from dxreader.ui.help_page import shortcut_rows
from tests.conftest import activate, wait_for_search

CASE = "taisei-452025"  # 市長をCDO、外部デジタル人材をDXアドバイザー等としたDX推進体制 (【1.体制整備】)
WORD = "体制"


def _active(qtbot, open_reader):  # type: ignore[no-untyped-def]
    window = open_reader().window
    activate(qtbot, window)  # window shortcuts need the active window, as on a desktop
    return window


def _search(qtbot, window, text: str) -> None:  # type: ignore[no-untyped-def]
    window.search_box.setText(text)
    window.run_search()
    wait_for_search(qtbot, window)


def _highlightable(window, word: str) -> int:  # type: ignore[no-untyped-def]
    """How often `word` is in the case as shown, outside the source lines (出典) and the list of the place's
    other cases, which are not highlighted (a reference count, independent of the matcher)."""
    case = window.case_pane.case
    shown = window.case_pane.view.toPlainText().split(f"{case.municipality or ''}の他の事例")[0]
    return sum(line.count(word) for line in shown.split("\n") if not line.startswith("出典: "))


def _current(window):  # type: ignore[no-untyped-def]
    """The cursor of the match drawn in the current-match colour."""
    selections = window.case_pane.view.extraSelections()
    assert len(selections) == 1 and selections[0].format.background().color() == QColor(CURRENT_COLOR)
    return QTextCursor(selections[0].cursor)  # a copy: the selection list's own is gone with the list


def _pixels(window, colour: str) -> int:  # type: ignore[no-untyped-def]
    """How many pixels of the case view are drawn in `colour` (what the reader sees)."""
    image = window.case_pane.view.viewport().grab().toImage()
    want = QColor(colour).rgb()
    return sum(1 for y in range(0, image.height(), 2) for x in range(0, image.width(), 2) if image.pixel(x, y) == want)


def test_the_case_opens_at_the_first_match_of_its_text_and_f3_walks_the_matches(qtbot, open_reader) -> None:  # type: ignore[no-untyped-def]
    window = _active(qtbot, open_reader)
    _search(qtbot, window, WORD)
    window.open_case(CASE)
    case = window.catalog.get(CASE)
    view, bar = window.case_pane.view, window.case_pane.match_bar
    total = _highlightable(window, WORD)
    heading = case.title.count(WORD) + " › ".join(case.category).count(WORD)  # title, 分類 (団体 has none)
    assert heading >= 2 and total > heading + 2
    assert bar.counter.isVisible() and bar.counter.text() == f"{heading + 1}/{total}"
    first = _current(window)
    assert first.selectedText() == WORD
    assert first.block().text() not in (case.title, "分類: " + " › ".join(case.category))  # in the text, not the heading
    assert view.viewport().rect().contains(view.cursorRect(first).center())  # the match, in view
    assert _pixels(window, CURRENT_COLOR) > 0 and _pixels(window, MARK_COLOR) > 0  # two colours on screen

    qtbot.keyClick(view, Qt.Key.Key_F3)
    assert bar.counter.text() == f"{heading + 2}/{total}"
    assert _current(window).selectionStart() > first.selectionStart()
    qtbot.keyClick(window.search_box, Qt.Key.Key_F3, Qt.KeyboardModifier.ShiftModifier)  # from any pane
    assert bar.counter.text() == f"{heading + 1}/{total}"
    for _ in range(heading):
        bar.previous_button.click()
    assert bar.counter.text() == f"1/{total}"
    title_match = _current(window)  # the title's match, brought into view
    assert title_match.block().text() == case.title
    assert view.viewport().rect().contains(view.cursorRect(title_match).center())
    qtbot.keyClick(view, Qt.Key.Key_F3, Qt.KeyboardModifier.ShiftModifier)
    assert bar.counter.text() == f"{total}/{total}"
    assert "最後の一致箇所" in window.statusBar().currentMessage()
    bar.next_button.click()
    assert bar.counter.text() == f"1/{total}"
    assert "先頭の一致箇所に戻りました" in window.statusBar().currentMessage()


def test_a_match_far_down_is_scrolled_to_and_a_short_case_keeps_its_title_in_view(qtbot, open_reader) -> None:  # type: ignore[no-untyped-def]
    window = _active(qtbot, open_reader)
    window.resize(1360, 860)
    view = window.case_pane.view
    _search(qtbot, window, "ディスカッション")  # once, in the interview, about 70% down the case
    window.open_case(CASE)
    assert view.verticalScrollBar().value() > 0
    assert view.viewport().rect().contains(view.cursorRect(_current(window)).center())
    assert _current(window).selectedText() == "ディスカッション"

    _search(qtbot, window, "マイナンバーカード")
    window.open_case("dxtaisho2022-452025")  # 都城市: the title holds the word, and the overview at once
    title = window.catalog.get("dxtaisho2022-452025").title
    assert view.toPlainText().startswith(title)
    assert window.case_pane.match_bar.counter.text().startswith(f"{title.count('マイナンバーカード') + 1}/")
    assert view.verticalScrollBar().value() == 0  # the match is in view from the top: the title stays in sight
    assert view.viewport().rect().contains(view.cursorRect(_current(window)).center())


def test_zoom_keeps_the_place_and_a_new_query_goes_to_its_first_match(qtbot, open_reader) -> None:  # type: ignore[no-untyped-def]
    window = _active(qtbot, open_reader)
    _search(qtbot, window, WORD)
    window.open_case(CASE)
    bar = window.case_pane.match_bar
    for _ in range(3):
        bar.go_next()
    place = bar.counter.text()
    window.zoom(1)
    assert bar.counter.text() == place
    _search(qtbot, window, "土木")  # a word the case holds in its text only (and without synonyms)
    assert window.case_pane.case.id == CASE
    assert bar.counter.text() == f"1/{_highlightable(window, '土木')}"
    assert _current(window).selectedText() == "土木"


def test_without_a_query_the_buttons_are_off_and_no_counter_shows(qtbot, open_reader) -> None:  # type: ignore[no-untyped-def]
    window = _active(qtbot, open_reader)
    bar = window.case_pane.match_bar
    assert window.case_pane.case is not None
    assert not bar.counter.isVisible()
    assert not bar.next_button.isEnabled() and not bar.previous_button.isEnabled()
    assert not window.actions["next_match"].isEnabled() and not window.actions["previous_match"].isEnabled()
    assert window.case_pane.view.extraSelections() == []
    _search(qtbot, window, "西会津")
    window.open_case("taisei-281000")  # 神戸市: opened from the tree, it does not hold the word
    assert bar.counter.isVisible() and bar.counter.text() == "一致なし"
    assert not bar.next_button.isEnabled() and not window.actions["next_match"].isEnabled()
    window.open_case("taisei-074055")  # 西会津町
    assert bar.next_button.isEnabled() and window.actions["next_match"].isEnabled()


def test_the_title_and_the_category_path_are_highlighted(qtbot, open_reader) -> None:  # type: ignore[no-untyped-def]
    window = _active(qtbot, open_reader)
    _search(qtbot, window, WORD)
    window.open_case(CASE)
    case = window.catalog.get(CASE)
    document = window.case_pane.view.document()
    marked_in: dict[str, str] = {}
    block = document.begin()
    while block.isValid():
        it = block.begin()
        while not it.atEnd():
            fragment = it.fragment()
            if fragment.charFormat().background().color() == QColor(MARK_COLOR):
                marked_in[block.text()] = marked_in.get(block.text(), "") + fragment.text()
            it += 1
        block = block.next()
    assert marked_in[case.title] == WORD * case.title.count(WORD)
    category_line = "分類: " + " › ".join(case.category)
    assert marked_in[category_line] == WORD * category_line.count(WORD) and category_line.count(WORD) >= 1


def test_the_match_keys_clash_with_nothing_and_the_usage_page_lists_them(qtbot, open_reader) -> None:  # type: ignore[no-untyped-def]
    window = _active(qtbot, open_reader)
    keys = [k.toString() for a in window.findChildren(QAction) for k in a.shortcuts() if not k.isEmpty()]
    keys += [s.key().toString() for s in window.findChildren(QShortcut)]
    assert "F3" in keys and "Shift+F3" in keys
    assert len(keys) == len(set(keys)), sorted(k for k in keys if keys.count(k) > 1)
    rows = dict(shortcut_rows(window.menus.values()))
    assert rows["F3"] == "編集 › 次の一致箇所へ" and rows["Shift+F3"] == "編集 › 前の一致箇所へ"
