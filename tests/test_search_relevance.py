"""The labelled relevance set (tests/bench/relevance_queries.json) and the figures computed from it."""

from __future__ import annotations

import pytest

from tests.test_bench_search_small import _bench


def _relevance():
    return _bench().relevance  # the benchmark imports the relevance module from beside itself


def test_labelled_set_names_real_cases(committed_casebook):
    queries = _relevance().load_queries()
    ids = {c.id for c in committed_casebook.cases()}
    assert len(queries) >= 40
    assert len({q["q"] for q in queries}) == len(queries)
    for item in queries:
        assert item["relevant"] and set(item["relevant"]) <= ids, item["q"]
        assert item["kind"] in {"exact", "near", "reading", "synonym", "multi"}


def test_metrics():
    rel = _relevance()
    assert rel.precision_at_5(["a", "x", "b", "y", "z", "c"], {"a", "b", "c"}) == pytest.approx(2 / 3)
    assert rel.precision_at_5(["a", "b"], {"a", "b"}) == 1.0
    assert rel.reciprocal_rank(["x", "y", "a"], {"a"}) == pytest.approx(1 / 3)
    assert rel.reciprocal_rank([], {"a"}) == 0.0


def test_near_queries_find_what_a_reader_expects_first(search_service):
    """The labelled phrases typed as one word (書かない窓口, 庁内DX推進体制 …): was MRR 0.444 before near matches."""
    rel = _relevance()
    near = [q for q in rel.load_queries() if q["kind"] == "near"]
    assert len(near) >= 8
    assert rel.evaluate(search_service, near)["mrr"] >= 0.9
