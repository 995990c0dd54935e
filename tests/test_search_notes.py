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
