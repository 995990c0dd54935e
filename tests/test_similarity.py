"""自分の団体: likeness between real local governments (2020 census figures from the committed casebook), finding
a place by kana, and the sort and the filter that follow from it on the real casebook.

The expected orders are worked out by hand from the census figures quoted beside them (a step is a population
ratio of 10**0.1 ≈ 1.26), not from the code under test."""

from __future__ import annotations

from dataclasses import replace

import pytest

from dxreader.core.filters import SearchFilters
from dxreader.core.municipalities import Municipality, find
from dxreader.core.similarity import Place, closeness, place_of_case, reason, same_size
from dxreader.services.municipalities import Directory, NearHome, PlaceNotFound


@pytest.fixture(scope="module")
def directory(committed_casebook) -> Directory:  # type: ignore[no-untyped-def]
    return Directory(committed_casebook.municipalities())


def place(directory: Directory, full_name: str) -> Place:
    found = [m for m in directory.municipalities if m.full_name == full_name]
    assert len(found) == 1, full_name
    return found[0].place


def ranked(home: Place, *others: Place) -> list[str]:
    return [p.name for p in sorted(others, key=lambda p: closeness(home, p).sort_key())]


def test_the_directory_holds_every_prefecture_and_municipality_of_the_code_table(directory: Directory) -> None:
    assert len(directory) == 1788
    kinds = [m.table_kind for m in directory.municipalities]
    assert kinds.count("都道府県") == 47 and len(kinds) - 47 == 1741
    assert sum(m.population_2020 is None for m in directory.municipalities) == 1  # 福島県双葉町 (census: '-')
    designated = sorted(m.name for m in directory.municipalities if m.kind == "政令市")
    assert len(designated) == 20 and {"札幌市", "相模原市", "熊本市", "浜松市"} <= set(designated)
    assert {m.kind for m in directory.municipalities if m.prefecture == "東京都" and m.city.endswith("区")} == {"特別区"}
    shiojiri = directory.get("202151")
    assert shiojiri is not None and (shiojiri.population_2020, shiojiri.region, shiojiri.kind) == (67302, "中部", "市")


@pytest.mark.parametrize("typed", ["しおじり", "シオジリ", "ｼｵｼﾞﾘ", "塩尻", "塩尻市", "長野県塩尻市", "ながの しおじり", "202151"])
def test_kana_kanji_and_code_find_shiojiri_first(directory: Directory, typed: str) -> None:
    assert directory.find(typed)[0].full_name == "長野県塩尻市"
    assert directory.resolve(typed).code == "202151"


def test_same_named_places_are_told_apart_by_prefecture(directory: Directory) -> None:
    found = [m.label() for m in directory.find("府中市")]
    assert found == ["府中市（東京都）", "府中市（広島県）"]
    assert [m.label() for m in directory.find("ひろしま ふちゅう")] == ["府中市（広島県）", "府中町（広島県）"]
    assert directory.resolve("広島県府中市").population_2020 == 37677
    assert [m.label() for m in directory.find("さいたま市")] == ["さいたま市（埼玉県）"]  # hiragana in the name itself
    assert directory.find("存在しない団体名") == []


@pytest.mark.parametrize(("typed", "message"), [
    ("府中市", "「府中市」に当てはまる団体が2つあります: 府中市（東京都） 132063、府中市（広島県） 342084"),
    ("長野", "長野県 200000、長野市（長野県） 202011"),
    ("かわ", "ほか"),
    ("ぬぬぬ", "「ぬぬぬ」に当てはまる団体はありません"),
    ("999999", "団体コード「999999」の団体はありません"),
    ("  ", "団体名か団体コードを指定してください"),
])
def test_resolve_refuses_what_is_not_one_place(directory: Directory, typed: str, message: str) -> None:
    with pytest.raises(PlaceNotFound, match=message):
        directory.resolve(typed)


def test_the_nearer_sized_city_ranks_above_a_much_bigger_one(directory: Directory) -> None:
    home = place(directory, "長野県塩尻市")  # 67,302
    fuefuki = place(directory, "山梨県笛吹市")  # 66,979: ratio 1.005, another prefecture
    matsumoto = place(directory, "長野県松本市")  # 241,337: ratio 3.6, the same prefecture
    okaya = place(directory, "長野県岡谷市")  # 47,820: ratio 1.41
    assert ranked(home, matsumoto, okaya, fuefuki) == ["笛吹市", "岡谷市", "松本市"]


def test_same_prefecture_then_region_then_kind_break_ties_within_a_step(directory: Directory) -> None:
    home = place(directory, "長野県塩尻市")  # 67,302 (中部, 市)
    ina = place(directory, "長野県伊那市")  # 66,111: same prefecture, ratio 0.982
    fukutsu = place(directory, "福岡県福津市")  # 67,141: the nearest figure, but 九州・沖縄
    fuefuki = place(directory, "山梨県笛吹市")  # 66,979: 中部, another prefecture
    assert ranked(home, fukutsu, fuefuki, ina) == ["伊那市", "笛吹市", "福津市"]
    chiyoda = place(directory, "東京都千代田区")  # 66,758 (ratio 0.992): 関東, a 特別区
    moriya = place(directory, "茨城県守谷市")  # 68,426 (ratio 1.017): 関東, a 市 like the home
    assert ranked(home, chiyoda, moriya) == ["守谷市", "千代田区"]
    assert ranked(home, place(directory, "長野県茅野市"), place(directory, "岐阜県関市")) == ["茅野市", "関市"]
    # 茅野市 56,500 (ratio 0.84) is one step nearer than 関市 85,283 (ratio 1.27, just past 1.26)


def test_same_size_is_within_a_factor_of_two_among_municipalities_or_among_prefectures(directory: Directory) -> None:
    home = place(directory, "長野県塩尻市")  # 67,302: same size from 33,651 to 134,604
    assert same_size(home, place(directory, "長野県岡谷市"))  # 47,820
    assert not same_size(home, place(directory, "長野県松本市"))  # 241,337
    suzaka = place(directory, "長野県須坂市")  # 49,583; the same city at other sizes, at the edges of 2×
    assert same_size(home, replace(suzaka, population=33_700)) and not same_size(home, replace(suzaka, population=33_600))
    assert same_size(home, replace(suzaka, population=134_600)) and not same_size(home, replace(suzaka, population=134_700))
    nagano = place(directory, "長野県")  # 2,049,683
    assert same_size(nagano, place(directory, "岐阜県"))  # 1,979,781
    assert not same_size(nagano, place(directory, "神奈川県横浜市"))  # 3,778,318 is within 2×, but a city
    assert nagano.kind == "都道府県" and ranked(nagano, place(directory, "神奈川県横浜市"),
                                                place(directory, "岐阜県"))[0] == "岐阜県"


def test_an_unknown_population_comes_after_every_known_one(directory: Directory) -> None:
    futaba = place(directory, "福島県双葉町")  # the census has no figure
    assert futaba.population is None
    aizu = place(directory, "福島県会津若松市")
    far = place(directory, "沖縄県那覇市")
    assert ranked(futaba, far, aizu) == ["会津若松市", "那覇市"]  # no population: prefecture decides
    assert not same_size(futaba, aizu) and not same_size(aizu, futaba)
    home = place(directory, "長野県塩尻市")
    assert ranked(home, futaba, place(directory, "沖縄県那覇市")) == ["那覇市", "双葉町"]
    assert reason(home, futaba) == "人口不明"


def test_reason_says_why_in_the_cards_words(directory: Directory, cases) -> None:  # type: ignore[no-untyped-def]
    home = place(directory, "長野県塩尻市")
    assert reason(home, place(directory, "長野県伊那市")) == "人口 6.6万人・同じ県・同じ種類（市）"
    assert reason(home, place(directory, "山梨県笛吹市")) == "人口 6.7万人・同じ地方（中部）・同じ種類（市）"
    assert reason(home, place(directory, "東京都千代田区")) == "人口 6.7万人"
    assert reason(place(directory, "東京都府中市"), place(directory, "東京都千代田区")) == "人口 6.7万人・同じ都"
    assert reason(home, home) == "自分の団体・人口 6.7万人・同じ種類（市）"
    sakata = place_of_case(cases["taisei-062049"])  # the case states 9.6万人 (as of 令和6年2月29日)
    assert sakata is not None and reason(home, sakata) == "人口 9.6万人・同じ種類（市）"


def test_cases_without_a_local_government_have_no_place_and_come_last(directory: Directory, cases,  # type: ignore[no-untyped-def]
                                                                     committed_casebook) -> None:
    from dxreader.services.search import open_search

    unnamed = [c for c in cases.values() if c.municipality is None]
    assert len(unnamed) == 2 and all(place_of_case(c) is None for c in unnamed)
    home = NearHome(directory.resolve("しおじり"))
    assert home.why(unnamed[0]) == "団体の記載なし"
    service = open_search(committed_casebook)
    try:
        result = service.search("", sort="near", near=home.place)
        ids = result.ids
        assert ids[0] == "press-202151"  # 塩尻市's own press release
        assert set(ids[-2:]) == {c.id for c in unnamed}
        order = [cases[i].municipality for i in ids]
        # 笠間市 73,241 (ratio 1.09) · 酒田市 9.6万 (1.43) · 別府市 115,416 (1.71) · 東京都 14,064,696 (prefecture)
        assert order.index("笠間市") < order.index("酒田市") < order.index("別府市") < order.index("東京都")
        relevance = service.search("", sort="near", near=None).ids
        assert relevance == [c.id for c in cases.values()]  # without a place the casebook's order stays
    finally:
        service.close()


def test_similar_size_filter_on_the_real_casebook(directory: Directory, cases, committed_casebook) -> None:  # type: ignore[no-untyped-def]
    from dxreader.services.search import open_search

    home = NearHome(directory.resolve("202151"))
    expected = {c.id for c in cases.values() if c.population and c.kind != "都道府県"
                and 67302 / 2 <= c.population <= 67302 * 2}
    assert len(expected) == 14
    service = open_search(committed_casebook)
    try:
        result = service.search("", home.filters(SearchFilters(), similar_size=True), sort="near", near=home.place)
        assert set(result.ids) == expected and result.total == 14
        assert sum(result.facets["has_body"].values()) == 14  # the counts beside the other filters follow it
        assert home.filters(SearchFilters(), similar_size=False) == SearchFilters()
        assert NearHome(None).filters(SearchFilters(), similar_size=True) == SearchFilters()
    finally:
        service.close()


def test_find_ranks_whole_names_first_then_starts_then_parts() -> None:
    def m(code: str, prefecture: str, city: str, pk: str, ck: str) -> Municipality:
        return Municipality(code, prefecture, city, pk, ck, 1000, "市" if city else "都道府県", "中部")

    places = [m("200000", "長野県", "", "ナガノケン", ""), m("202011", "長野県", "長野市", "ナガノケン", "ナガノシ"),
              m("202151", "長野県", "塩尻市", "ナガノケン", "シオジリシ"), m("102091", "群馬県", "新長野市", "グンマケン", "シンナガノシ")]
    assert [p.name for p in find(places, "ながの")] == ["長野県", "長野市", "新長野市", "塩尻市"]
    assert [p.name for p in find(places, "")] == ["新長野市", "長野県", "長野市", "塩尻市"]  # all, in code order
