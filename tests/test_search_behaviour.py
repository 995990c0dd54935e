"""Search on the real casebook as a user sees it: ranking, filters, facets, snippets, robustness."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from dxreader.core.filters import SearchFilters
from tests.test_query_parser import HOSTILE


def first(search, text):
    return search.search(text, limit=1).hits[0].case.id


def test_distinctive_title_phrases_rank_their_case_first(search_service):
    assert first(search_service, "働き方改革推進チーム") == "taisei-281000"
    assert first(search_service, "書かないワンストップ窓口") == "gyomu-012084"
    assert first(search_service, "メタバース課") == "gyomu-310000"
    assert first(search_service, "本人手上げ式") == "taisei-182087"
    assert first(search_service, "エールラボえひめ") == "dxtaisho2022-380008"


def test_title_hit_outranks_a_passing_mention(search_service):
    ids = search_service.search("Decidim").ids
    assert ids[0] == "dxtaisho2022-282103"  # 加古川市版「Decidim」 in the title
    ranked = search_service.search("RPA").ids
    assert set(ranked[:2]) == {"gyomu-152021", "gyomu-272035"}  # RPA in the title; others mention it


def test_municipality_and_prefecture_find_all_their_cases(search_service, cases):
    assert set(search_service.search("兵庫県").ids) >= {c.id for c in cases.values() if c.prefecture == "兵庫県"}
    top = search_service.search("西会津町").ids
    assert top[0] == "taisei-074055"
    assert set(search_service.search("こうべし").ids) == {c.id for c in cases.values() if c.municipality == "神戸市"}


def test_browse_without_query_is_casebook_order(search_service, cases):
    result = search_service.search("")
    assert result.total == 78 and result.ids == list(cases)


def test_filters_alone_and_with_a_query(search_service, cases):
    small = search_service.search("", SearchFilters(bands=frozenset({"1万人未満"})))
    # 舟形町 0.5万, 西会津町 0.6万 (their case pages); 三宅町 6,443 and 小国町 6,599 (census 2020)
    assert set(small.ids) == {"taisei-063631", "taisei-074055", "jinzai-293628", "dxtaisho2022-434248"}
    unknown = search_service.search("", SearchFilters(bands=frozenset({None})))
    assert unknown.total == 2  # the two award entries that name no municipality
    both = search_service.search("研修", SearchFilters(prefectures=frozenset({"愛知県"})))
    assert set(both.ids) == {"jinzai-230006", "jinzai-232114"}
    assert search_service.search("", SearchFilters(regions=frozenset({"四国"}))).total == 5
    assert search_service.search("", SearchFilters(kinds=frozenset({"区"}))).total == 5
    assert search_service.search("", SearchFilters(has_contact=True)).total == 13
    gyomu_back = ("フロントヤード・バックヤード業務改革事例集", "バックヤード（内部事務）")
    assert search_service.search("", SearchFilters(category=gyomu_back)).total == 19
    ranged = search_service.search("", SearchFilters(population_min=10_000, population_max=100_000))
    assert set(ranged.ids) == {c.id for c in cases.values() if c.population and 10_000 <= c.population <= 100_000}
    assert {"taisei-182087", "taisei-113859", "taisei-062049", "gyomu-242152"}  # 志摩市: census <= set(ranged.ids)
    casebook = search_service.search("DX", SearchFilters(casebooks=frozenset({"日本DX大賞2022 行政機関部門"})))
    assert casebook.total and all(h.case.casebook == "日本DX大賞2022 行政機関部門" for h in casebook.hits)


def test_facets_count_the_query_and_ignore_their_own_filter(search_service):
    result = search_service.search("研修", SearchFilters(bands=frozenset({"30万人以上・都道府県"})))
    facets = result.facets
    assert sum(facets["band"].values()) == 18  # every 研修 case, whatever the band filter
    assert facets["band"]["30万人以上・都道府県"] == result.total
    assert sum(facets["casebook"].values()) == result.total
    assert facets["category"]["人材確保・育成事例集"] == facets["casebook"]["人材確保・育成事例集"]
    assert set(facets) == {"band", "prefecture", "region", "kind", "casebook", "category", "place", "has_contact",
                           "has_body"}
    assert sum(v for k, v in facets["place"].items() if " › " not in k) == result.total  # 地方 level


def test_snippets_mark_hits_in_at_most_two_fragments(search_service):
    hit = search_service.search("ワーキンググループ", limit=1).hits[0]
    assert "**ワーキンググループ**" in hit.snippet
    assert hit.snippet.count(" …") <= 1 and len(hit.snippet) < 160
    hiragana = search_service.search("わーきんぐぐるーぷ", limit=1).hits[0]
    assert "**ワーキンググループ**" in hiragana.snippet  # marked in the original text
    listing = search_service.search("", SearchFilters(case_ids=frozenset({"gyomu-012084"}))).hits[0]
    assert "目次のみ" in listing.snippet


def test_sorting(search_service):
    by_population = search_service.search("", sort="population").hits
    assert by_population[0].case.municipality == "東京都"  # 14,064,696 (census 2020)
    assert by_population[-1].case.population is None
    by_name = [h.case.municipality_kana for h in search_service.search("", sort="municipality").hits]
    named = [k for k in by_name if k]
    assert named == sorted(named) and by_name[-1] is None


def test_hostile_queries_return_a_list(search_service, cases):
    for text in HOSTILE:
        result, everything = search_service.search(text, limit=5), search_service.search(text)
        assert result.total == everything.total == len(everything.hits) and result.ids == everything.ids[:5], text
    for nothing_to_look_for in ("　\t\n", "-", "OR", "NOT", '"'):
        assert search_service.search(nothing_to_look_for).total == len(cases)  # read as an empty query: browse
    for absent in ("<script>alert(1)</script>", "x" * 10_000, "'; DROP TABLE cases;--", "😀 🎌 👨‍👩‍👧"):
        assert search_service.search(absent).total == 0, absent


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=60))
def test_any_text_searches(search_service, text):
    result = search_service.search(text, limit=3)
    assert result.total >= len(result.hits)
