"""The window's results list shows near matches below the exact ones, under a 「近い結果」 heading row."""

from __future__ import annotations

import re

from PySide6.QtCore import Qt

from dxreader.ui.results_model import SeparatorRole
from tests.test_reader_window import _search


def test_near_matches_sit_under_a_heading_that_cannot_be_chosen(qtbot, qtmodeltester, open_reader, tmp_path):
    window = open_reader().window
    _search(qtbot, window, "書かない窓口")
    model = window.results_model
    result = window.last_result
    assert result.total == 1 and result.near
    assert window.hit_count.text() == f"1 件（近い結果 {result.near_total} 件）"
    assert model.rowCount() == 2 + len(result.near)
    assert model.case_id(0) == "gyomu-401005"
    heading = model.index(1)
    assert heading.data(SeparatorRole) and "近い結果" in heading.data()
    assert model.case_id(1) is None
    assert not heading.flags() & (Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEnabled)
    assert model.case_id(2) == "gyomu-012084"
    assert model.case_ids() == ["gyomu-401005"] + [h.case.id for h in result.near]
    qtmodeltester.check(model)
    opened = window.case_pane.case
    window.results.clicked.emit(heading)  # choosing the heading opens nothing
    assert window.case_pane.case is opened
    window.results.clicked.emit(model.index(2))
    assert window.case_pane.case.id == "gyomu-012084"
    window.results.grab().save(str(tmp_path / "near.png"))
    _search(qtbot, window, "窓口")  # plenty of exact matches: no heading
    assert not any(model.index(r).data(SeparatorRole) for r in range(model.rowCount()))


def test_a_near_match_opens_with_its_parts_highlighted(qtbot, open_reader):
    window = open_reader().window
    _search(qtbot, window, "庁内DX推進体制")
    first_near = window.last_result.near[0].case.id
    window.open_case(first_near)
    assert window.last_result.total == 0
    assert {"推進体制", "庁内"} <= set(window.last_result.terms_for(first_near))
    marked = re.compile(r'background-color:#ffe27a;">[^<]*推進体制')
    assert marked.search(window.case_pane.view.toHtml())  # the typed word itself is nowhere in the case


def test_reading_matches_sit_under_their_own_heading_with_the_word_highlighted(qtbot, qtmodeltester, open_reader,
                                                                               tmp_path):
    window = open_reader().window
    _search(qtbot, window, "まどぐち")
    model, result = window.results_model, window.last_result
    assert result.total == 0 and result.reading_total == 12
    assert window.hit_count.text() == "0 件（読みが一致 12 件）"
    rows = [model.index(r) for r in range(model.rowCount())]
    headings = [i.row() for i in rows if i.data(SeparatorRole)]
    assert len(headings) == 2  # the advice row, then the 読みが一致 heading
    assert "読みが同じ語" in rows[0].data() and "読みが一致（12 件）" in rows[1].data()
    assert model.case_ids() == [h.case.id for h in result.reading]
    qtmodeltester.check(model)
    window.results.clicked.emit(model.index(2))
    case_id = model.case_id(2)
    assert window.case_pane.case.id == case_id
    marked = re.compile(r'background-color:#ffe27a;">[^<]*窓口')
    assert marked.search(window.case_pane.view.toHtml())  # まどぐち is nowhere in the case: 窓口 is marked
    window.results.grab().save(str(tmp_path / "reading.png"))
