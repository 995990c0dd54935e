"""The labelled relevance set (tests/bench/relevance_queries.json) and the figures computed from it."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest


def _relevance():
    path = Path(__file__).parent / "bench" / "relevance.py"
    spec = importlib.util.spec_from_file_location("relevance", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


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
