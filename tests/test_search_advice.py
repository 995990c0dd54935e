"""A search that finds nothing says what was searched and what would find something."""

from __future__ import annotations

import json

from dxreader.core.filters import SearchFilters
from dxreader.core.query import MAX_QUERY_CHARS
from dxreader.ui.results_model import SeparatorRole
from tests.test_cli import cli
from tests.test_reader_window import _search


def test_a_word_to_remove_is_suggested_with_its_count(search_service):
    result = search_service.search("窓口 メタバース")
    assert result.total == 0
    assert "「窓口 メタバース」" in result.advice[0]
    assert f"「メタバース」を外すと {search_service.search('窓口').total} 件" in "".join(result.advice)
    assert f"「窓口」を外すと {search_service.search('メタバース').total} 件" in "".join(result.advice)


def test_filters_to_drop_are_suggested(search_service):
    okinawa = SearchFilters(prefectures=frozenset({"沖縄県"}))
    result = search_service.search("窓口", okinawa)
    assert result.total == 0
    assert "絞り込み" in result.advice[0]
    assert f"絞り込みを解除すると {search_service.search('窓口').total} 件" in "".join(result.advice)


def test_near_matches_are_pointed_to_and_a_hopeless_query_gets_a_hint(search_service):
    assert any("近い結果" in line for line in search_service.search("庁内DX推進体制").advice)
    assert any("お試しください" in line for line in search_service.search("まったくない語句です").advice)
    assert search_service.search("窓口").advice == []


def test_a_huge_or_query_is_never_silently_empty(search_service):
    window = search_service.search("窓口").total
    many = " OR ".join(f"語{i}" for i in range(500)) + " OR 窓口"
    assert search_service.search(many).total == window
    cut = " OR ".join(f"語{i}" for i in range(3000)) + " OR 窓口"
    assert len(cut) > MAX_QUERY_CHARS
    result = search_service.search(cut)
    assert "長すぎる" in result.advice[0]  # it says the query was cut, whatever it found


def test_cli_and_window_show_the_advice(qtbot, open_reader):
    out = json.loads(cli("search", "窓口 メタバース", "--json").stdout)
    assert out["total"] == 0 and any("外すと" in line for line in out["advice"])
    window = open_reader().window
    _search(qtbot, window, "窓口 メタバース")
    first = window.results_model.index(0)
    assert first.data(SeparatorRole) and "外すと" in first.data()
    assert window.results_model.case_id(0) is None
