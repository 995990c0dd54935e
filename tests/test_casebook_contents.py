"""The casebook holds every case of the sources, counted and broken down as SOURCES.md says."""

from __future__ import annotations

from collections import Counter

from dxreader.core.bands import BAND_LABELS, TOP_BAND

TAISEI = "自治体DX推進参考事例集【1.体制整備】"
JINZAI = "人材確保・育成事例集"
GYOMU = "フロントヤード・バックヤード業務改革事例集"


def test_case_count_and_breakdown(cases):
    assert len(cases) == 78
    assert Counter(c.casebook for c in cases.values()) == {
        TAISEI: 13, JINZAI: 19, GYOMU: 35, "日本DX大賞2022 行政機関部門": 8, "自治体DXアワード": 2, "プレスリリース": 1,
    }
    assert sum(c.has_body for c in cases.values()) == 24
    assert sum(not c.has_body for c in cases.values()) == 54


def test_sections_of_the_business_reform_listing(cases):
    sections = Counter(c.category[1:] for c in cases.values() if c.casebook == GYOMU)
    assert sections[("フロントヤード（住民との接点）", "(1) オンライン行政サービス")] == 7
    assert sections[("バックヤード（内部事務）", "(6) 内部業務")] == 9
    assert sum(sections.values()) == 35
    assert all(c.category[0] == c.casebook for c in cases.values())


def test_old_taisei_listing_is_merged_not_duplicated(cases):
    taisei = [c for c in cases.values() if c.casebook == TAISEI]
    assert len(taisei) == 13
    listed_twice = {c.municipality for c in taisei if len(c.sources) == 2}
    assert len(listed_twice) == 11
    assert {c.municipality for c in taisei if len(c.sources) == 1} == {"山口県", "熊本県"}
    fukushima = cases["taisei-070009"]
    old = fukushima.sources[1]
    assert (old.role, old.number, old.page) == ("secondary", 2, 5)
    assert old.listed_title == "全59市町村へのICTアドバイザー派遣等にて市町村のDXを底上げ"
    assert fukushima.primary_source.page == 13


def test_listing_only_cases_say_so_and_keep_their_page(cases):
    kitami = cases["gyomu-012084"]
    assert not kitami.has_body
    assert kitami.sections == () and kitami.contacts == ()
    assert kitami.primary_source.page == 21
    assert kitami.primary_source.document == "002_7c02130a31b6df9b.txt"
    assert kitami.category == (GYOMU, "フロントヤード（住民との接点）", "(2) 窓口改革")


def test_population_bands(cases):
    for case in cases.values():
        assert case.population_band in (*BAND_LABELS, None)
        if case.kind == "都道府県":
            assert case.population_band == TOP_BAND
    assert cases["taisei-063631"].population == 5_000  # 舟形町: 0.5万人
    assert cases["taisei-063631"].population_band == "1万人未満"
    assert cases["taisei-452025"].population_band == "10万人以上30万人未満"  # 都城市 ③⑩, 16.2万人
    assert cases["taisei-141003"].population == 3_754_000  # 横浜市, no mark → top band
    assert cases["taisei-141003"].population_band == TOP_BAND


def test_population_is_never_copied_between_cases(cases):
    """Only 001 states populations: those cases say `case`; no other case takes a figure from them."""
    stated = {c.id for c in cases.values() if c.population_source == "case"}
    assert stated == {c.id for c in cases.values() if c.casebook == TAISEI}
    assert cases["dxtaisho2022-452025"].population_source == "census2020"  # 都城市 in 004: census, not 001's 16.2万
    assert cases["press-202151"].population_source == "census2020"


def test_municipality_prefecture_and_kind_are_separate(cases):
    nishiaizu = cases["taisei-074055"]
    assert (nishiaizu.prefecture, nishiaizu.municipality, nishiaizu.kind) == ("福島県", "西会津町", "町")
    assert nishiaizu.municipality_code == "074055"
    assert nishiaizu.municipality_kana == "ニシアイヅマチ"
    assert nishiaizu.region == "東北"
    oita = cases["taisei-440001"]
    assert (oita.prefecture, oita.municipality, oita.kind, oita.region) == ("大分県", "大分県", "都道府県", "九州・沖縄")
    assert cases["jinzai-131148"].kind == "区"  # 東京都中野区
    assert Counter(c.kind for c in cases.values()) == {"都道府県": 20, "市": 44, "町": 7, "区": 5, None: 2}
