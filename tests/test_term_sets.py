"""core.term_sets answers the match rule for all cases at once: the same as core.query.matches case by case."""

from __future__ import annotations

import pytest

from dxreader.core.query import Synonyms, literal_hits, matches, parse_query
from dxreader.core.searchdoc import searchable_fields
from dxreader.core.term_sets import TermSets
from dxreader.storage.search_index import searchable_norm

QUERIES = ["窓口", "DX推進", "dx", "ai", "推", "・", "デジタル 推進", "CDO OR CIO", "研修 -神戸", "-デジタル",
           "\"Web会議\"", "マイナンバーカード", "BPR", "チャット OR メタバース -東京都", "2021", "lg.jp", "存在しない語"]


@pytest.fixture(scope="module")
def norms(committed_casebook):  # type: ignore[no-untyped-def]
    return [searchable_norm(searchable_fields(c)) for c in committed_casebook.cases()]


@pytest.mark.parametrize("text", QUERIES)
def test_sets_agree_with_the_rule_case_by_case(norms, text):  # type: ignore[no-untyped-def]
    from dxreader import paths

    query = Synonyms.parse(paths.synonyms_path().read_text(encoding="utf-8")).expand(parse_query(text))
    every = TermSets(norms, lambda term: None)
    odd_only = TermSets(norms, lambda term: range(1, len(norms), 2))  # candidates limit what is checked
    expected = {n for n, norm in enumerate(norms) if matches(norm, query)}
    assert every.matching(query) == expected
    if query.positive:
        assert odd_only.matching(query) == {n for n in expected if n % 2}
    assert every.typed_counts(query, expected) == {n: literal_hits(norms[n], query) for n in expected}
    headings = {n: "\n".join(norms[n].split("\n")[:3]) for n in expected}
    assert every.typed_counts(query, expected, heading=True) == {n: literal_hits(h, query) for n, h in headings.items()}
