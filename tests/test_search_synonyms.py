"""Synonym expansions: never above a literal match, whole words only, never in our own labels."""

from __future__ import annotations

import pytest

from dxreader import paths
from dxreader.core.analysis import normalize, term_occurs, whole_term_occurs
from dxreader.core.query import Synonyms
from dxreader.core.searchdoc import searchable_fields, source_text
from dxreader.storage.search_index import searchable_norm

SYNONYMS = Synonyms.parse(paths.synonyms_path().read_text(encoding="utf-8"))
EVERY_TERM = sorted({t for g in SYNONYMS.groups() for t in g})


def norm_of(case):
    return searchable_norm(searchable_fields(case))


def test_whole_term_rule():
    assert not whole_term_occurs(normalize("マイナポータルで申請"), normalize("マイナ"))
    assert whole_term_occurs(normalize("マイナで申請"), normalize("マイナ"))
    assert whole_term_occurs(normalize("業務改革を進める"), "業務改革")
    assert not whole_term_occurs("業務改革事例集", "業務改革")
    assert whole_term_occurs("bprの推進", "bpr") and not whole_term_occurs("bprx", "bpr")


@pytest.mark.parametrize("term", EVERY_TERM)
def test_literal_matches_rank_above_expansion_only_matches(search_service, cases, term):
    query = search_service.parse(term)
    ids = search_service.search(term).ids
    literal = [all(any(term_occurs(norm_of(cases[cid]), a) for a in c.alternatives) for c in query.positive)
               for cid in ids]
    assert literal == sorted(literal, reverse=True), term  # every literal match before every other one


@pytest.mark.parametrize("term", EVERY_TERM)
def test_expansions_match_whole_words_in_the_source_text_only(search_service, cases, term):
    query = search_service.parse(term)
    for cid in search_service.search(term).ids:
        norm = norm_of(cases[cid])
        for clause in query.positive:
            assert any(term_occurs(norm, a) for a in clause.alternatives) or any(
                whole_term_occurs(source_text(norm), t) for t in clause.expansions), (term, cid)


def test_the_named_examples(search_service, cases):
    assert "taisei-070009" not in search_service.search("マイナンバーカード").ids  # it only says マイナポータル
    bpr = search_service.search("BPR").ids
    assert all(term_occurs(source_text(norm_of(cases[c])), "bpr") or
               whole_term_occurs(source_text(norm_of(cases[c])), "業務改革") for c in bpr)
    assert not any(c.startswith("gyomu-") for c in bpr)  # their 業務改革 is only the casebook's name
