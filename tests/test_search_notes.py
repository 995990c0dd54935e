"""A case found through the user's note shows the note's matching line on its result card."""

from __future__ import annotations

from dxreader.services.snippets import note_line


def test_the_note_line_with_the_hit_is_shown_first(search_service):
    notes = {"taisei-074055": "一行目は関係なし\n電話で確認済み（担当は情報政策課）\n三行目"}
    hit = next(h for h in search_service.search("確認済み", notes=notes).hits if h.case.id == "taisei-074055")
    assert hit.snippet.startswith("メモ: 電話で**確認済み**（担当は情報政策課）")
    assert "一行目" not in hit.snippet and "三行目" not in hit.snippet
    plain = search_service.search("確認済み").hits
    assert all(not h.snippet.startswith("メモ:") for h in plain)


def test_note_line_marks_hits_and_ignores_a_note_without_one():
    assert note_line("ｍｅｍｏ\n窓口で聞いた", ("窓口",)) == "メモ: **窓口**で聞いた"
    assert note_line("関係ない", ("窓口",)) is None
    assert note_line("", ("窓口",)) is None


def test_the_window_card_shows_the_note_line_when_notes_are_searched(qtbot, open_reader) -> None:  # type: ignore[no-untyped-def]
    """In the real window: a note typed in the case pane, 「メモも検索」 on, and the card as drawn says 「メモ: …」."""
    from PySide6.QtWidgets import QStyleOptionViewItem

    from tests.conftest import wait_for_search

    window = open_reader().window
    window.open_case("taisei-074055")
    window.case_pane.note.insertPlainText("一行目は関係なし\n電話で確認済み（担当は情報政策課）")
    qtbot.waitUntil(lambda: window.case_pane.status.text() == "保存しました", timeout=3000)
    window.search_box.setText("確認済み")
    window.run_search()
    wait_for_search(qtbot, window)
    assert "taisei-074055" not in window.results_model.case_ids()  # the case's own text does not say it
    window.filters.include_notes.click()
    wait_for_search(qtbot, window)
    row = window.results_model.row_of("taisei-074055")
    assert row >= 0
    option = QStyleOptionViewItem()
    option.font = window.results.font()
    card = window.results.itemDelegate()._document(window.results_model.index(row), option, 400).toPlainText()
    assert "メモ: 電話で確認済み（担当は情報政策課）" in card and "一行目" not in card
