"""Search semantics against expectations written down by reading the cases' text, not by running search.

Each expected set below was decided by reading the stored case text (data/casebook.sqlite, which the
build extracts from data/sources/*.txt) and the source documents, e.g. ドローン appears in the
茨城県 river-embankment case and the 君津市 bridge-inspection case and nowhere else. Then the test runs
the real search service on the real casebook. Synonym expansion is off (expand=False) so that the rule
itself is checked; tests/test_search_recall.py covers expansion.
"""

from __future__ import annotations

import sqlite3

import pytest

from dxreader.core.filters import SearchFilters
from tests.conftest import COMMITTED_DB

DRONE = {"gyomu-080004", "gyomu-122254"}  # 茨城県 (河川堤防), 君津市 (橋梁点検)
CHAT = {"dxtaisho2022-062138", "gyomu-092011", "gyomu-131130", "gyomu-152048", "taisei-113859", "taisei-281000"}
PAPERLESS = {"gyomu-140007", "gyomu-281000-seikatsuhogo", "gyomu-382141", "taisei-113859", "taisei-281000"}
KOBE = {"gyomu-281000-seikatsuhogo", "gyomu-281000-shinkoku", "jinzai-281000", "taisei-281000"}
RPA = {"award-jinzai", "dxtaisho2022-062138", "gyomu-152021", "gyomu-272035", "taisei-062049", "taisei-281000",
       "taisei-350001"}
# "AI" as a word; taisei-113859 has "ai" only inside "saitama", taisei-074055 also writes "nishiaizu".
AI_WORD = {"award-ai-soudan", "award-jinzai", "dxtaisho2022-062138", "gyomu-080004", "gyomu-102016", "gyomu-131032",
           "gyomu-131237", "gyomu-152021", "gyomu-272035", "gyomu-282251", "press-202151", "taisei-074055",
           "taisei-182087", "taisei-281000", "taisei-430005"}
TRAINING = {"award-jinzai", "jinzai-082201", "jinzai-130001", "jinzai-172014", "jinzai-222160", "jinzai-230006",
            "jinzai-232114", "taisei-062049", "taisei-070009", "taisei-074055", "taisei-113859", "taisei-141003",
            "taisei-182087", "taisei-281000", "taisei-380008", "taisei-430005", "taisei-440001", "taisei-452025"}

ORACLE = [
    # AND: every word
    ("ドローン 橋梁", {"gyomu-122254"}),
    ("ドローン AND 河川", {"gyomu-080004"}),
    ("外部人材 アドバイザー", {"taisei-440001", "taisei-452025"}),
    ("Digital Transformation", {"taisei-062049", "taisei-380008"}),  # 062049: "Digital-transformation"
    # OR: either word; OR binds tighter than the AND between words
    ("ドローン OR スマートロック", DRONE | {"gyomu-432148"}),
    ("セミセルフレジ OR 橋梁 OR デシディム", {"gyomu-132047", "gyomu-122254", "dxtaisho2022-282103", "taisei-074055"}),
    ("キャッシュレス OR ペーパーレス 神戸", {"taisei-281000", "gyomu-281000-seikatsuhogo"}),
    # exclusion: -word and NOT word
    ("ドローン -橋梁", {"gyomu-080004"}),
    ("ドローン NOT 河川", {"gyomu-122254"}),
    ("ペーパーレス -神戸", {"gyomu-140007", "gyomu-382141", "taisei-113859"}),
    ("神戸 -ペーパーレス NOT キャッシュレス", {"gyomu-281000-shinkoku", "jinzai-281000"}),
    ("チャット -Web会議", {"dxtaisho2022-062138", "taisei-113859", "taisei-281000"}),
    ("チャット -ちゃっと", set()),  # the exclusion is folded like the term
    # phrases keep their spaces; unquoted the same words are separate terms
    ('"Digital Transformation"', {"taisei-380008"}),
    ('"Code for Japan"', {"dxtaisho2022-282103"}),
    ("code japan", {"dxtaisho2022-282103"}),
    ('"code japan"', set()),
    # full/half width and hiragana/katakana fold both ways
    ("ＲＰＡ", RPA),
    ("rpa", RPA),
    ("ﾄﾞﾛｰﾝ", DRONE),
    ("どろーん", DRONE),
    ("ちゃっと", CHAT),
    ("コツコツ", {"dxtaisho2022-434248"}),  # the text writes こつこつ
    ("ｺﾂｺﾂ", {"dxtaisho2022-434248"}),
    ("ＡＩ－ＯＣＲ", {"gyomu-152021", "gyomu-272035", "taisei-182087"}),
    # Latin words match whole words only; CJK and digits inside words do not need a boundary
    ("ai", AI_WORD),
    ("saitama", {"taisei-113859"}),
    ("tama", set()),
    ("digital", {"taisei-062049", "taisei-380008"}),  # not "digitaldenen" (113859) nor "digitalgov" (141003)
    ("mail", set()),
]


def found(search, text: str, **filters) -> set[str]:
    return set(search.search(text, SearchFilters(**filters), expand=False).ids)


@pytest.mark.parametrize(("text", "expected"), ORACLE, ids=[q for q, _ in ORACLE])
def test_query_finds_what_the_text_says(search_service, text, expected):
    assert found(search_service, text) == expected


def test_an_exclusion_alone_keeps_every_other_case(search_service, cases):
    assert found(search_service, "NOT 河川") == set(cases) - {"gyomu-080004", "taisei-113859"}
    assert found(search_service, "-ドローン -橋梁") == set(cases) - DRONE


@pytest.mark.parametrize(("text", "filters", "expected"), [
    ("チャット", {"prefectures": frozenset({"東京都"})}, {"gyomu-131130"}),
    ("チャット", {"casebooks": frozenset({"フロントヤード・バックヤード業務改革事例集"})},
     {"gyomu-092011", "gyomu-131130", "gyomu-152048"}),
    ("ai", {"kinds": frozenset({"区"})}, {"gyomu-131032", "gyomu-131237"}),
    ("研修", {"prefectures": frozenset({"愛知県"})}, {"jinzai-230006", "jinzai-232114"}),
    ("研修", {"regions": frozenset({"九州・沖縄"})}, {"taisei-430005", "taisei-440001", "taisei-452025"}),  # 熊本 大分 宮崎
    ("研修", {"category": ("人材確保・育成事例集",)},
     {"jinzai-082201", "jinzai-130001", "jinzai-172014", "jinzai-222160", "jinzai-230006", "jinzai-232114"}),
    ("研修", {"place": ("中部", "愛知県", "豊田市")}, {"jinzai-232114"}),
    ("研修 -アドバイザー", {"prefectures": frozenset({"宮崎県", "熊本県", "福島県"})}, {"taisei-430005"}),
])
def test_filters_narrow_the_matches(search_service, text, filters, expected):
    assert found(search_service, text, **filters) == expected


def _ids_where(sql: str) -> set[str]:
    """Case IDs chosen by plain SQL on the casebook file (independent of the reader's Case objects)."""
    conn = sqlite3.connect(f"file:{COMMITTED_DB}?mode=ro", uri=True)
    try:
        return {row[0] for row in conn.execute(sql)}
    finally:
        conn.close()


def test_population_range_and_contact_filters_follow_the_stored_columns(search_service):
    big = _ids_where("SELECT id FROM cases WHERE population >= 300000")
    assert found(search_service, "ai", population_min=300_000) == AI_WORD & big
    small = _ids_where("SELECT id FROM cases WHERE population <= 300000")
    assert found(search_service, "研修", population_max=300_000) == TRAINING & small
    assert found(search_service, "ai", population_min=0) == AI_WORD - _ids_where(
        "SELECT id FROM cases WHERE population IS NULL")  # a range asks for a stated population
    with_contact = _ids_where("SELECT DISTINCT case_id FROM case_contacts")
    assert found(search_service, "研修", has_contact=True) == TRAINING & with_contact
    assert found(search_service, "研修", has_contact=False) == TRAINING - with_contact


def test_facets_count_the_matches_and_ignore_their_own_filter(search_service):
    result = search_service.search("チャット", SearchFilters(prefectures=frozenset({"東京都"})), expand=False)
    assert result.total == 1 and result.ids == ["gyomu-131130"]
    # The six チャット cases are in six prefectures; the prefecture facet still shows all of them.
    assert result.facets["prefecture"] == {p: 1 for p in ("山形県", "栃木県", "東京都", "新潟県", "埼玉県", "兵庫県")}
    # Other facets count only what passes the prefecture filter.
    assert result.facets["casebook"] == {"フロントヤード・バックヤード業務改革事例集": 1}
    assert result.facets["kind"] == {"区": 1}
