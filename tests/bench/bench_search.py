"""Search benchmark: our search vs SQLite FTS5 (trigram) vs a plain normalised scan, side by side.

Run: python tests/bench/bench_search.py [--scale 2000]
Prints a table per corpus (the bundled casebook, and a scale corpus made by replicating the real
cases under new IDs so term frequencies stay realistic) and, last, one JSON line with the figures.
Not a pass/fail test: it reports; the targets are in issue 3 and the closing note.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from dxreader import paths
from dxreader.core.filters import SearchFilters
from dxreader.core.model import Case
from dxreader.core.query import Query, Synonyms, matches
from dxreader.core.searchdoc import searchable_fields
from dxreader.services.search import SearchService, open_search
from dxreader.storage.casebook import Casebook
from dxreader.storage.search_index import build_index, open_index, searchable_norm

sys.path.insert(0, str(Path(__file__).parent))
import relevance  # noqa: E402  (beside this file)

QUERIES = [
    # 1 character
    "推", "市", "課", "ー", "町", "x",
    # 2 characters
    "推進", "窓口", "研修", "人材", "DX", "AI", "ちゃ", "県庁",
    # 3 or more, long
    "デジタル", "ワーキンググループ", "デジタル人材育成", "全59市町村へのICTアドバイザー派遣", "マイナンバーカード",
    "書かないワンストップ窓口", "外部人材の下に各担当課兼務職員を配置", "働き方改革推進チーム",
    # mixed scripts, digits, phone numbers, katakana with ー, hiragana, widths
    "DX推進", "AI-OCR", "RPA・AI-OCR", "024-521-7134", "0241-45-4536", "2021", "10,400", "lg.jp",
    "メタバース", "サービス", "データ", "ちゃっと", "みやこのじょう", "ＲＰＡ", "ｄｘ推進", "Ｗｅｂ会議",
    # several words, OR, exclusion, phrases
    "デジタル 推進", "CDO OR CIO", "研修 -神戸", "\"Web会議\"", "チャット OR メタバース -東京都", "人材 育成 研修",
    "兵庫県", "神戸市", "都城市 マイナンバー", "北海道", "-デジタル",
]
FILTERED = [
    ("研修", SearchFilters(bands=frozenset({"30万人以上・都道府県"}))),
    ("DX", SearchFilters(prefectures=frozenset({"兵庫県", "愛知県"}))),
    ("推", SearchFilters(kinds=frozenset({"市"}))),
    ("", SearchFilters(bands=frozenset({"1万人未満", None}))),
    ("デジタル", SearchFilters(has_contact=True)),
    ("", SearchFilters(regions=frozenset({"九州・沖縄"}))),
    ("人材", SearchFilters(casebooks=frozenset({"人材確保・育成事例集"}))),
    ("ー", SearchFilters(population_min=10_000, population_max=300_000)),
]
RUNS = 5


def replicate(cases: list[Case], size: int) -> list[Case]:
    out: list[Case] = []
    n = 0
    while len(out) < size:
        out.extend(dataclasses.replace(c, id=f"{c.id}~{n}") for c in cases[: size - len(out)])
        n += 1
    return out


def percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(pct / 100 * (len(ordered) - 1))))]


class Scan:
    name = "scan"

    def __init__(self, cases: list[Case]) -> None:
        start = time.perf_counter()
        self.cases = cases
        self.norm = {c.id: searchable_norm(searchable_fields(c)) for c in cases}
        self.build_s = time.perf_counter() - start
        self.size = sum(len(t.encode()) for t in self.norm.values())

    def ids(self, query: Query, filters: SearchFilters) -> set[str]:
        return {c.id for c in self.cases if matches(self.norm[c.id], query) and filters.accepts(c)}


class Fts5:
    """SQLite FTS5 with the trigram tokenizer over the same normalised text (no shorter tokens)."""

    name = "fts5-trigram"

    def __init__(self, cases: list[Case], folder: Path, scan: Scan) -> None:
        start = time.perf_counter()
        self.path = folder / "fts5.sqlite"
        self.conn = sqlite3.connect(self.path)
        self.conn.execute("CREATE VIRTUAL TABLE docs USING fts5(id UNINDEXED, text, tokenize='trigram')")
        self.conn.executemany("INSERT INTO docs VALUES (?, ?)", [(c.id, scan.norm[c.id]) for c in cases])
        self.conn.commit()
        self.build_s = time.perf_counter() - start
        self.size = self.path.stat().st_size
        self.by_id = {c.id: c for c in cases}

    @staticmethod
    def _phrase(term: str) -> str:
        return '"' + term.replace('"', '""') + '"'

    def ids(self, query: Query, filters: SearchFilters) -> set[str]:
        positive = [" OR ".join(self._phrase(t) for t in c.all_terms if len(t) >= 3) for c in query.positive]
        if any(not p for p in positive):
            return set()  # trigram cannot look up a term of fewer than three characters
        expr = " AND ".join(f"({p})" for p in positive)
        negative = [self._phrase(t) for c in query.negative for t in c.alternatives if len(t) >= 3]
        if expr and negative:
            expr += " NOT (" + " OR ".join(negative) + ")"
        if not expr:
            rows = self.conn.execute("SELECT id FROM docs").fetchall()
        else:
            rows = self.conn.execute("SELECT id FROM docs WHERE docs MATCH ? ORDER BY rank", (expr,)).fetchall()
        return {r[0] for r in rows if filters.accepts(self.by_id[r[0]])}


class Ours:
    name = "dxreader"

    def __init__(self, cases: list[Case], folder: Path, synonyms: Synonyms) -> None:
        start = time.perf_counter()
        index_dir = build_index(cases, "bench", folder / "index")
        self.build_s = time.perf_counter() - start
        self.size = sum(p.stat().st_size for p in index_dir.rglob("*") if p.is_file())
        self.service = SearchService(cases, lambda: open_index(index_dir), synonyms)

    def ids(self, query_text: str, filters: SearchFilters) -> set[str]:
        return set(self.service.search(query_text, filters, expand=False).ids)

    def page(self, query_text: str, filters: SearchFilters) -> None:
        self.service.search(query_text, filters, limit=20, expand=False)


def timed(fn: Callable[[], object]) -> float:
    best = []
    for _ in range(RUNS):
        start = time.perf_counter()
        fn()
        best.append((time.perf_counter() - start) * 1000)
    return statistics.median(best)


def run_corpus(label: str, cases: list[Case], synonyms: Synonyms) -> dict[str, float]:
    folder = Path(tempfile.mkdtemp(prefix="dxbench-"))
    try:
        scan = Scan(cases)
        fts = Fts5(cases, folder, scan)
        ours = Ours(cases, folder, synonyms)
        workload = [(q, SearchFilters()) for q in QUERIES] + FILTERED
        lat: dict[str, list[float]] = {"dxreader": [], "fts5-trigram": [], "scan": []}
        recall: dict[str, list[float]] = {"dxreader": [], "fts5-trigram": []}
        fts_misses: list[str] = []
        exact = 0
        for text, filters in workload:
            query = ours.service.parse(text, expand=False)
            truth = scan.ids(query, filters)
            got = ours.ids(text, filters)
            got_fts = fts.ids(query, filters)
            for engine, found in (("dxreader", got), ("fts5-trigram", got_fts)):
                recall[engine].append(len(found & truth) / len(truth) if truth else 1.0)
            exact += got == truth
            if truth and len(got_fts & truth) < len(truth):
                fts_misses.append(text)
            lat["dxreader"].append(timed(lambda: ours.page(text, filters)))
            lat["fts5-trigram"].append(timed(lambda: fts.ids(query, filters)))
            lat["scan"].append(timed(lambda: scan.ids(query, filters)))
        print(f"\n== {label}: {len(cases)} cases, {len(workload)} queries ({len(FILTERED)} with filters) ==")
        print(f"{'engine':<14}{'p50 ms':>9}{'p95 ms':>9}{'build s':>9}{'size KB':>10}{'recall min':>12}{'recall mean':>12}")
        for engine, obj in (("dxreader", ours), ("fts5-trigram", fts), ("scan", scan)):
            r = recall.get(engine, [1.0])
            print(f"{engine:<14}{percentile(lat[engine], 50):9.2f}{percentile(lat[engine], 95):9.2f}"
                  f"{obj.build_s:9.2f}{obj.size / 1024:10.0f}{min(r):12.3f}{statistics.mean(r):12.3f}")
        print(f"dxreader result sets identical to the scan: {exact}/{len(workload)}")
        print(f"FTS5-trigram misses ({len(fts_misses)} queries): {', '.join(repr(q) for q in fts_misses)}")
        ours.service.close()
        fts.conn.close()
        return {
            "p50_ms": percentile(lat["dxreader"], 50), "p95_ms": percentile(lat["dxreader"], 95),
            "build_s": ours.build_s, "index_kb": ours.size / 1024, "recall_min": min(recall["dxreader"]),
            "fts5_p95_ms": percentile(lat["fts5-trigram"], 95), "fts5_recall_min": min(recall["fts5-trigram"]),
            "fts5_missed_queries": len(fts_misses), "exact": exact, "scan_p95_ms": percentile(lat["scan"], 95),
        }
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scale", type=int, default=2000, help="size of the replicated corpus")
    args = parser.parse_args()
    with Casebook(paths.casebook_path()) as casebook:
        cases = casebook.cases()
        service = open_search(casebook)
        relevance_figures = relevance.evaluate(service)  # precision@5, MRR, near-match and reading timings
        service.close()
    synonyms = Synonyms.parse(paths.synonyms_path().read_text(encoding="utf-8"))
    bundled = run_corpus("bundled casebook", cases, synonyms)
    scaled = run_corpus(f"scale corpus ({args.scale})", replicate(cases, args.scale), synonyms)
    summary = {
        "recall_min": min(bundled["recall_min"], scaled["recall_min"]),
        "p95_ms_bundled": round(bundled["p95_ms"], 2),
        "p95_ms_2000": round(scaled["p95_ms"], 2),
        "build_s_2000": round(scaled["build_s"], 2),
        "fts5_p95_ms_2000": round(scaled["fts5_p95_ms"], 2),
        "p95_ratio_to_fts5_2000": round(scaled["p95_ms"] / scaled["fts5_p95_ms"], 1) if scaled["fts5_p95_ms"] else None,
        "fts5_recall_min": round(min(bundled["fts5_recall_min"], scaled["fts5_recall_min"]), 3),
        "fts5_missed_queries_2000": scaled["fts5_missed_queries"],
        "index_kb_2000": round(scaled["index_kb"]),
        "queries": len(QUERIES) + len(FILTERED),
        "scale_cases": args.scale,
        **relevance_figures,
    }
    print(json.dumps(summary, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
