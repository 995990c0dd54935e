"""The recall contract on the real casebook: search finds exactly what a normalised scan finds."""

from __future__ import annotations

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dxreader.core.analysis import normalize
from dxreader.core.query import matches, parse_query
from dxreader.core.searchdoc import searchable_fields
from dxreader.storage.search_index import searchable_norm

FIXED_QUERIES = [
    # one character, two characters, long
    "推", "市", "課", "ー", "x", "5", "推進", "窓口", "研修", "ＤＸ", "デジタル人材育成",
    "全59市町村へのICTアドバイザー派遣", "外部人材の下に各担当課兼務職員を配置",
    # mixed scripts, digits, phone numbers, URLs
    "DX推進", "AI-OCR", "RPA・AI-OCR", "ai", "ocr", "024-521-7134", "0241-45-4536", "2021", "10,400", "100",
    "lg.jp", "https", "city.kobe", "R5.6", "31,415千円",
    # katakana with ー, hiragana, full and half width
    "メタバース", "データ", "サービス", "ワーキンググループ", "ちゃっと", "みやこのじょう", "でじたる", "ｺｳﾍﾞｼ",
    "ＲＰＡ", "１００", "ｄｘ", "Ｗｅｂ会議",
    # several words, OR, exclusion, phrases, prefecture and municipality
    "デジタル 推進", "CDO OR CIO", "研修 -神戸", "\"デジタル 推進\"", "\"Web会議\"", "北海道", "兵庫県", "神戸市",
    "都城市 マイナンバー", "チャット OR メタバース -東京都", "-デジタル", "人口 万人",
]


@pytest.fixture(scope="module")
def corpus(committed_casebook):
    return {c.id: searchable_norm(searchable_fields(c)) for c in committed_casebook.cases()}


def scan(corpus, text, synonyms=None):
    query = parse_query(text)
    if synonyms is not None:
        query = synonyms.expand(query)
    return {cid for cid, norm in corpus.items() if matches(norm, query)}


def found(search, text, expand=False):
    return set(search.search(text, expand=expand).ids)


@pytest.mark.parametrize("text", FIXED_QUERIES)
def test_fixed_queries_match_the_scan(search_service, corpus, text):
    assert found(search_service, text) == scan(corpus, text)


def test_fixed_queries_are_not_trivial(search_service, corpus):
    """The list covers empty, small and large result sets, so the comparison above means something."""
    sizes = [len(scan(corpus, q)) for q in FIXED_QUERIES]
    assert min(sizes) == 0 and max(sizes) >= 60 and sum(1 <= s <= 10 for s in sizes) >= 15


def test_random_substrings_of_the_corpus(search_service, corpus):
    rng = random.Random(20261123)
    texts = list(corpus.values())
    queries = []
    for _ in range(300):
        text = rng.choice(texts)
        length = rng.choice([1, 1, 2, 2, 3, 4, 6, 9, 14])
        start = rng.randrange(0, max(1, len(text) - length))
        queries.append(text[start:start + length].replace("\n", " ").replace('"', ""))
    for q in queries:
        assert found(search_service, q) == scan(corpus, q), q


def test_synonym_expansion_matches_the_expanded_scan(search_service, corpus):
    synonyms = search_service.synonyms
    for q in ["CDO", "最高情報責任者", "Decidim", "デシディム", "プラティオ", "マイナ", "J-LIS", "GIS", "RPA", "Web会議"]:
        assert found(search_service, q, expand=True) == scan(corpus, q, synonyms), q
    assert found(search_service, "Decidim", expand=True) > found(search_service, "Decidim")  # 西会津町 writes デシディム


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("推進デジタル人材育成市町村dxaiRPA- 　\"OR-研修窓口ちゃっとー0123")),
               max_size=12))
def test_generated_queries_match_the_scan(search_service, corpus, text):
    assert found(search_service, text) == scan(corpus, text)
