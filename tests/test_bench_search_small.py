"""A small run of tests/bench/bench_search.py: every engine on a replicated corpus, recall exact."""

from __future__ import annotations

import importlib.util
from pathlib import Path

from dxreader import paths
from dxreader.core.query import Synonyms


def _bench():
    path = Path(__file__).parent / "bench" / "bench_search.py"
    spec = importlib.util.spec_from_file_location("bench_search", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_small_benchmark_run(committed_casebook, capsys, monkeypatch):
    bench = _bench()
    monkeypatch.setattr(bench, "RUNS", 1)
    synonyms = Synonyms.parse(paths.synonyms_path().read_text(encoding="utf-8"))
    figures = bench.run_corpus("small", bench.replicate(committed_casebook.cases(), 160), synonyms)
    assert figures["recall_min"] == 1.0
    assert figures["exact"] == len(bench.QUERIES) + len(bench.FILTERED)
    assert figures["fts5_missed_queries"] > 0  # trigram cannot find queries shorter than three characters
    out = capsys.readouterr().out
    assert "dxreader" in out and "fts5-trigram" in out and "scan" in out
