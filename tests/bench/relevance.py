"""Relevance of search on the labelled queries in relevance_queries.json: precision@5 and MRR.

Run alone (python tests/bench/relevance.py) for a per-query table, or from bench_search.py, which adds the
figures to its JSON line. The ranking judged is what the reader shows: exact matches, then near matches.
precision@5 = relevant cases among the first five / min(5, number of relevant cases), so a query with two
relevant cases scores 1.0 when both are in the first five. MRR = mean of 1 / rank of the first relevant case
(0 when none is found). Timings per query kind (near, reading, ...) are the median of RUNS searches, each
with the snippets of the page shown.
"""

from __future__ import annotations

import json
import statistics
import sys
import time
from pathlib import Path
from typing import Any

QUERIES_FILE = Path(__file__).with_name("relevance_queries.json")
RUNS = 5


def load_queries(path: Path = QUERIES_FILE) -> list[dict[str, Any]]:
    return json.loads(path.read_text(encoding="utf-8"))["queries"]  # type: ignore[no-any-return]


def ranked_ids(service: Any, text: str) -> list[str]:
    """The order the reader shows: exact hits, then reading and near hits (when the service has them)."""
    result = service.search(text)
    return result.ids + [h.case.id for h in getattr(result, "reading", []) + getattr(result, "near", [])]


def precision_at_5(ranked: list[str], relevant: set[str]) -> float:
    return len(set(ranked[:5]) & relevant) / min(5, len(relevant))


def reciprocal_rank(ranked: list[str], relevant: set[str]) -> float:
    return next((1.0 / rank for rank, cid in enumerate(ranked, start=1) if cid in relevant), 0.0)


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]


def evaluate(service: Any, queries: list[dict[str, Any]] | None = None, verbose: bool = False) -> dict[str, Any]:
    queries = queries if queries is not None else load_queries()
    p5, rr = [], []
    per_kind: dict[str, list[float]] = {}
    lat_kind: dict[str, list[float]] = {}
    for item in queries:
        relevant = set(item["relevant"])
        ranked = ranked_ids(service, item["q"])
        p, r = precision_at_5(ranked, relevant), reciprocal_rank(ranked, relevant)
        p5.append(p)
        rr.append(r)
        per_kind.setdefault(item["kind"], []).append(r)
        times = []
        for _ in range(RUNS):
            start = time.perf_counter()
            result = service.search(item["q"], limit=20)
            for hit in result.hits + getattr(result, "reading", []) + getattr(result, "near", []):
                _ = hit.snippet  # made when first read: the page the reader shows
            times.append((time.perf_counter() - start) * 1000)
        lat_kind.setdefault(item["kind"], []).append(statistics.median(times))
        if verbose:
            print(f"P@5 {p:4.2f} RR {r:4.2f}  {item['q']}  → {' '.join(ranked[:5]) or '（なし）'}")
    out: dict[str, Any] = {
        "relevance_queries": len(queries),
        "precision_at_5": round(statistics.mean(p5), 3),
        "mrr": round(statistics.mean(rr), 3),
        "zero_result_queries": sum(1 for r in rr if r == 0.0),
    }
    for kind, values in sorted(per_kind.items()):
        out[f"mrr_{kind}"] = round(statistics.mean(values), 3)
    for kind, values in sorted(lat_kind.items()):
        out[f"p95_ms_{kind}"] = round(_p95(values), 2)
    return out


def main() -> int:
    from dxreader import paths
    from dxreader.services.search import open_search
    from dxreader.storage.casebook import Casebook

    with Casebook(paths.casebook_path()) as casebook:
        service = open_search(casebook)
        service.warm_up()
        figures = evaluate(service, verbose=True)
        service.close()
    print(json.dumps(figures, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
