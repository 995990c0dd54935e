"""A small run of tests/bench/bench_search.py: each engine does the whole search; recall and precision measured."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

from dxreader import paths
from dxreader.core.query import Synonyms

BENCH = Path(__file__).parent / "bench"


def _bench():
    sys.path.insert(0, str(BENCH))
    try:
        spec = importlib.util.spec_from_file_location("bench_search", BENCH / "bench_search.py")
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        return module
    finally:
        sys.path.remove(str(BENCH))


def test_small_benchmark_run(committed_casebook, capsys, monkeypatch):
    bench = _bench()
    monkeypatch.setattr(bench, "RUNS", 1)
    synonyms = Synonyms.parse(paths.synonyms_path().read_text(encoding="utf-8"))
    cases = bench.generate(committed_casebook.cases(), 120)
    assert len({c.id for c in cases}) == 120 and len({c.municipality_code for c in cases[78:]}) == 42
    figures = bench.run_corpus("small", cases, synonyms, committed_casebook.readings())
    assert figures["dxreader"]["recall_min"] == 1.0 and figures["dxreader"]["precision_min"] == 1.0
    assert figures["dxreader"]["wrong_sets"] == 0  # exact, reading and near lists all as the scan finds them
    assert {"p95_ms_near", "p95_ms_reading", "p95_ms_exact", "p95_ms_filtered"} <= set(figures["dxreader"])
    # The LIKE fallback finds every short term but ignores word boundaries ("ai" inside "saitama").
    assert figures["fts5"]["recall_min"] == 1.0 and figures["fts5"]["precision_min"] < 0.5
    out = capsys.readouterr().out
    assert "'AI'" in out and "20 snippets" in out


def test_the_generated_corpus_grows_its_vocabulary(committed_casebook):
    bench = _bench()
    real = committed_casebook.cases()
    grown = [bench.vocabulary(bench.generate(real, n)) for n in (78, 160, 240)]
    assert grown[0] < grown[1] < grown[2] and grown[2] > 1.15 * grown[0]
    assert bench.vocabulary(bench.replicate(real, 240)) == grown[0]  # copies add no term
