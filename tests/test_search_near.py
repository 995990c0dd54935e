"""Near matches: a word typed as one whose parts stand apart in the case is found below the exact matches."""

from __future__ import annotations

import json

import pytest

from dxreader.core.analysis import normalize, split_compound, word_parts
from dxreader.core.filters import SearchFilters
from dxreader.core.query import matches
from dxreader.core.searchdoc import searchable_fields
from dxreader.storage.search_index import searchable_norm
from tests.test_cli import cli


def near_ids(service, text, filters=None):
    return [h.case.id for h in service.search(text, filters).near]


def test_word_parts_split_where_the_script_changes():
    assert word_parts("書かない窓口") == ["書カ", "窓口"]
    assert word_parts("庁内DX推進体制") == ["庁内", "dx", "推進体制"]
    assert word_parts("県と市町村の連携") == ["県", "市町村", "連携"]  # particles only separate
    assert word_parts("ＡＩ－ＯＣＲ") == ["ai", "ocr"]
    assert word_parts("窓口") == ["窓口"]


def test_a_compound_that_occurs_nowhere_splits_into_pieces_that_do():
    known = {"小規模", "町村", "規模", "小規"}
    assert split_compound("小規模町村", known.__contains__) == ["小規模", "町村"]
    assert split_compound("研修", known.__contains__) == []


def test_parts_apart_in_the_text_are_near_matches_best_first(search_service):
    result = search_service.search("書かない窓口")
    assert result.ids == ["gyomu-401005"]  # 「書かない窓口」 itself: the exact match, alone above
    assert result.near[0].case.id == "gyomu-012084"  # 「書かないワンストップ窓口」
    assert all(h.near for h in result.near) and not any(h.near for h in result.hits)


def test_a_word_with_a_prefix_finds_the_cases_about_the_rest(search_service, cases):
    result = search_service.search("庁内DX推進体制")
    assert result.total == 0
    with_phrase = {cid for cid, c in cases.items() if "dx推進体制" in searchable_norm(searchable_fields(c))}
    assert len(with_phrase) >= 3
    assert with_phrase <= set(near_ids(search_service, "庁内DX推進体制"))
    assert result.near[0].case.id in with_phrase


@pytest.mark.parametrize("text", ["書かない窓口", "庁内DX推進体制", "人材育成 小規模町村", "県と市町村の連携",
                                  "行かない市役所", "職位別研修"])
def test_near_matches_never_repeat_or_replace_exact_ones(search_service, cases, text):
    result = search_service.search(text)
    assert result.near, text
    assert not set(result.ids) & set(near_ids(search_service, text))
    query = search_service.parse(text)
    truth = {cid for cid, c in cases.items() if matches(searchable_norm(searchable_fields(c)), query)}
    assert set(result.ids) == truth  # the recall contract for exact matches is unchanged
    assert result.near_total >= len(result.near)


def test_other_words_exclusions_and_filters_still_apply(search_service, cases):
    assert "gyomu-012084" not in near_ids(search_service, "書かない窓口 -北見市")
    for cid in near_ids(search_service, "人材育成 小規模町村"):
        assert "人材育成" in searchable_norm(searchable_fields(cases[cid]))
    hyogo = SearchFilters(prefectures=frozenset({"北海道"}))
    assert {cases[c].prefecture for c in near_ids(search_service, "庁内DX推進体制", hyogo)} <= {"北海道"}


def test_no_near_matches_when_exact_ones_are_plenty_or_the_phrase_is_quoted(search_service):
    assert search_service.search("窓口").near == []
    assert search_service.search('"書かない窓口"').near == []
    assert search_service.search("マイナンバーカード").near == []


def test_cli_json_marks_near_matches():
    out = json.loads(cli("search", "書かない窓口", "--json").stdout)
    assert [h["id"] for h in out["hits"]] == ["gyomu-401005"] and "near" not in out["hits"][0]
    assert out["near"][0]["id"] == "gyomu-012084" and out["near"][0]["near"] is True
    assert out["near_total"] >= len(out["near"])
    text = cli("search", "書かない窓口").stdout
    assert "近い結果" in text and text.index("gyomu-401005") < text.index("近い結果") < text.index("gyomu-012084")
    assert normalize("近い結果") not in cli("search", "窓口").stdout


@pytest.mark.parametrize("text", ["書かない窓口", "庁内DX推進体制", "人材育成 小規模町村", "県と市町村の連携", "行かない市役所",
                                  "職位別研修 -東京都"])
def test_the_near_bound_never_falls_below_the_score(cases, search_service, text):
    """Near matches are scored fully only while their bound can still reach the shown ones: so the bound must
    hold for every case, and be None exactly where the score is."""
    from dxreader.core.near import near_bound, near_bounds, near_parts, near_score
    from dxreader.core.term_sets import TermSets

    query = search_service.parse(text)
    plan = near_parts(query, search_service._occurs)
    assert plan
    for case in cases.values():
        norm = searchable_norm(searchable_fields(case))
        score, bound = near_score(norm, query, plan), near_bound(norm, query, plan)
        assert (score is None) == (bound is None)
        assert score is None or score <= bound + 1e-9
    norms = [searchable_norm(searchable_fields(c)) for c in cases.values()]
    bounds = near_bounds(query, plan, TermSets(norms, lambda term: None), range(len(norms)))
    assert bounds == {n: b for n, norm in enumerate(norms) if (b := near_bound(norm, query, plan)) is not None}
