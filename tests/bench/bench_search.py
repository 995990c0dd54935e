"""Search benchmark, like for like: our search, SQLite FTS5 and a plain scan each do the same whole search.

Run: python tests/bench/bench_search.py [--scale 2000]
Every engine answers through the same SearchService.search(): parse the query, find the matching cases
(its own way), count the facets, filter, sort, find the reading and near matches, and make the snippets of
the first page (20 hits of each list; snippets are made when first read, so the benchmark reads them).
Only the matching step differs:
- dxreader: the Whoosh bigram index's postings pre-filter and score (BM25F), the normalised text verifies
  (the product);
- fts5: FTS5 with the trigram tokenizer for terms of three or more characters, and for shorter terms the
  fallback an engineer would write, `LIKE '%term%'` on the same normalised text (no word boundaries);
- scan: every case's normalised text checked in turn (no index).
Recall and precision are measured against the scan (the matching rule that tests/test_search_oracle.py and
tests/test_search_reference.py check independently); the reading and near lists are compared with the
scan's too. Two corpora: the bundled casebook, and a scale corpus of generated cases whose vocabulary grows
(tests/bench/scale_corpus.py; its text is mixed from the real sentences, so the bundled casebook's readings
table serves it). Each query's time is the best of RUNS searches (the least disturbed by other work on a
shared machine; the load average is printed). The last line is JSON.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from scale_corpus import generate  # noqa: E402

from dxreader import paths  # noqa: E402
from dxreader.core.analysis import term_occurs, tokens  # noqa: E402
from dxreader.core.filters import SearchFilters  # noqa: E402
from dxreader.core.model import Case  # noqa: E402
from dxreader.core.query import Query, Synonyms, literal_hits, matches  # noqa: E402
from dxreader.core.searchdoc import searchable_fields  # noqa: E402
from dxreader.services.search import ReadingTable, SearchResult, SearchService, open_search  # noqa: E402
from dxreader.storage.casebook import Casebook  # noqa: E402
from dxreader.storage.search_index import build_index, open_index, searchable_norm  # noqa: E402

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
NEAR = ["書かない窓口", "庁内DX推進体制", "人材育成 小規模町村", "行かない市役所", "職位別研修", "県と市町村の連携"]
READING = ["まどぐち", "マドグチ", "ぎょうせいてつづき", "でんししんせい", "まどぐちかいかく", "じゅうみんいどう", "すべて",
           "まどぐち 改革"]
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
RUNS = 3
PAGE = 20


def percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(pct / 100 * (len(ordered) - 1))))]


def replicate(cases: list[Case], size: int) -> list[Case]:
    """The old scale corpus (copies under new IDs), kept only to show that its vocabulary does not grow."""
    import dataclasses

    out: list[Case] = []
    n = 0
    while len(out) < size:
        out.extend(dataclasses.replace(c, id=f"{c.id}~{n}") for c in cases[: size - len(out)])
        n += 1
    return out


def vocabulary(cases: list[Case]) -> int:
    """Distinct index tokens (words, CJK bigrams and characters) in the corpus."""
    return len({t.text for c in cases for t in tokens(searchable_norm(searchable_fields(c)))})


class _ScannedNearMatches:
    """Near-match candidates (services/search.py `_candidates`) by checking every case's normalised text,
    for the engines that have no Whoosh index: the same work, the matching done their way."""

    norm: dict[str, str]

    def _term_docs(self, term: str) -> None:
        return None  # no index: the ranking's heading counts check every case

    def _candidates(self, clauses: list[list[tuple[str, float]]], first_only: bool = False) -> dict[str, str]:
        out = {}
        for cid, norm in self.norm.items():
            if all(any(term_occurs(norm, t) for t, _ in alts) for alts in clauses):
                out[cid] = norm
                if first_only:
                    break
        return out


class ScanSearch(_ScannedNearMatches, SearchService):
    """The same search with the matching step done by checking every case's normalised text."""

    def __init__(self, cases: list[Case], synonyms: Synonyms, readings: ReadingTable) -> None:
        start = time.perf_counter()
        super().__init__(cases, lambda: None, synonyms, lambda: readings)  # type: ignore[arg-type, return-value]
        self.norm = {c.id: searchable_norm(searchable_fields(c)) for c in cases}
        self._all_norm = self.norm
        self.build_s = time.perf_counter() - start
        self.size = sum(len(t.encode()) for t in self.norm.values())

    def _matching(self, query: Query, literal: dict[str, int]) -> dict[str, float]:
        out = {cid: 0.0 for cid, norm in self.norm.items() if matches(norm, query)}
        literal.update({cid: literal_hits(self.norm[cid], query) for cid in out})  # the same work as ours
        return out


class Fts5Search(_ScannedNearMatches, SearchService):
    """The same search with the matching step done in SQLite: FTS5 trigram, LIKE for shorter terms."""

    def __init__(self, cases: list[Case], synonyms: Synonyms, readings: ReadingTable, folder: Path,
                 norm: dict[str, str]) -> None:
        start = time.perf_counter()
        super().__init__(cases, lambda: None, synonyms, lambda: readings)  # type: ignore[arg-type, return-value]
        self.norm = norm
        self._all_norm = norm
        self.path = folder / "fts5.sqlite"
        self.conn = sqlite3.connect(self.path)
        self.conn.execute("CREATE VIRTUAL TABLE docs USING fts5(id UNINDEXED, text, tokenize='trigram')")
        self.conn.executemany("INSERT INTO docs VALUES (?, ?)", [(c.id, norm[c.id]) for c in cases])
        self.conn.commit()
        self.build_s = time.perf_counter() - start
        self.size = self.path.stat().st_size

    @staticmethod
    def _term(term: str) -> tuple[str, str]:
        if len(term) >= 3:
            return "rowid IN (SELECT rowid FROM docs WHERE docs MATCH ?)", '"' + term.replace('"', '""') + '"'
        escaped = term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        return "text LIKE ? ESCAPE '\\'", f"%{escaped}%"

    def _matching(self, query: Query, literal: dict[str, int]) -> dict[str, float]:
        where, params = [], []
        for clause in query.positive:
            parts = [self._term(t) for t in clause.all_terms]
            where.append("(" + " OR ".join(sql for sql, _ in parts) + ")")
            params += [p for _, p in parts]
        for clause in query.negative:
            for term in clause.alternatives:
                sql, param = self._term(term)
                where.append(f"NOT ({sql})")
                params.append(param)
        sql = "SELECT id FROM docs" + (" WHERE " + " AND ".join(where) if where else "")
        out = {row[0]: 0.0 for row in self.conn.execute(sql, params)}
        literal.update({cid: literal_hits(self.norm[cid], query) for cid in out})  # the same work as ours
        return out


class OurSearch(SearchService):
    def __init__(self, cases: list[Case], synonyms: Synonyms, readings: ReadingTable, folder: Path) -> None:
        start = time.perf_counter()
        index_dir = build_index(cases, "bench", folder / "index")
        self.build_s = time.perf_counter() - start
        self.size = sum(p.stat().st_size for p in index_dir.rglob("*") if p.is_file())
        super().__init__(cases, lambda: open_index(index_dir), synonyms, lambda: readings)
        self.warm_up()


def whole_search(engine: SearchService, text: str, filters: SearchFilters) -> SearchResult:
    """What the user waits for: the search, and the snippets of the first page of each list."""
    result = engine.search(text, filters, limit=PAGE, expand=False)
    for hit in result.hits + result.reading + result.near:
        _ = hit.snippet
    return result


def timed(fn: Callable[[], object]) -> float:
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return min(times)


def query_class(text: str) -> str:
    return "reading" if text in READING else "near" if text in NEAR else "exact"


def run_corpus(label: str, cases: list[Case], synonyms: Synonyms,
               readings: ReadingTable) -> dict[str, dict[str, float]]:
    folder = Path(tempfile.mkdtemp(prefix="dxbench-"))
    try:
        scan = ScanSearch(cases, synonyms, readings)
        engines: dict[str, SearchService] = {
            "dxreader": OurSearch(cases, synonyms, readings, folder),
            "fts5": Fts5Search(cases, synonyms, readings, folder, scan.norm), "scan": scan,
        }
        workload = [(q, SearchFilters()) for q in QUERIES + NEAR + READING] + FILTERED
        lat: dict[str, list[float]] = {e: [] for e in engines}
        by_class: dict[str, dict[str, list[float]]] = {e: {} for e in engines}
        recall: dict[str, list[float]] = {e: [] for e in engines}
        precision: dict[str, list[float]] = {e: [] for e in engines}
        wrong: dict[str, list[str]] = {e: [] for e in engines}
        for text, filters in workload:
            expected = scan.search(text, filters, expand=False)
            truth = set(expected.ids)
            for name, engine in engines.items():
                result = engine.search(text, filters, expand=False)
                got = set(result.ids)
                recall[name].append(len(got & truth) / len(truth) if truth else 1.0)
                precision[name].append(len(got & truth) / len(got) if got else 1.0)
                same_others = all({h.case.id for h in getattr(result, kind)} == {h.case.id for h in getattr(expected, kind)}
                                  for kind in ("reading", "near"))  # as sets: the scan has no BM25F to rank by
                if got != truth or not same_others:
                    wrong[name].append(text)
                ms = timed(lambda e=engine: whole_search(e, text, filters))
                lat[name].append(ms)
                by_class[name].setdefault(query_class(text) if filters == SearchFilters() else "filtered", []).append(ms)
        print(f"\n== {label}: {len(cases)} cases, {vocabulary(cases):,} distinct index tokens, {len(workload)} queries "
              f"({len(NEAR)} near, {len(READING)} reading, {len(FILTERED)} with filters); each: parse, match, facets, "
              f"filter, sort, reading and near matches, {PAGE} snippets a list; best of {RUNS} ==")
        print(f"{'engine':<10}{'p50 ms':>9}{'p95 ms':>9}{'near p95':>10}{'reading p95':>13}{'build s':>9}{'size KB':>10}"
              f"{'recall min':>12}{'precision min':>15}{'wrong sets':>12}")
        figures: dict[str, dict[str, float]] = {}
        for name, engine in engines.items():
            figures[name] = {
                "p50_ms": round(percentile(lat[name], 50), 2), "p95_ms": round(percentile(lat[name], 95), 2),
                **{f"p95_ms_{k}": round(percentile(v, 95), 2) for k, v in sorted(by_class[name].items())},
                "build_s": round(engine.build_s, 2), "size_kb": round(engine.size / 1024),  # type: ignore[attr-defined]
                "recall_min": round(min(recall[name]), 3), "precision_min": round(min(precision[name]), 3),
                "precision_mean": round(statistics.mean(precision[name]), 3), "wrong_sets": len(wrong[name]),
            }
            f = figures[name]
            print(f"{name:<10}{f['p50_ms']:9.2f}{f['p95_ms']:9.2f}{f['p95_ms_near']:10.2f}{f['p95_ms_reading']:13.2f}"
                  f"{f['build_s']:9.2f}{f['size_kb']:10.0f}{f['recall_min']:12.3f}{f['precision_min']:15.3f}"
                  f"{f['wrong_sets']:12}")
        for name in ("dxreader", "fts5"):
            print(f"{name} result sets that differ from the scan ({len(wrong[name])}): "
                  + ", ".join(repr(q) for q in wrong[name]))
        engines["dxreader"].close()
        engines["fts5"].conn.close()  # type: ignore[attr-defined]
        return figures
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, default=2000, help="size of the generated corpus")
    args = parser.parse_args()
    load_before = os.getloadavg()
    with Casebook(paths.casebook_path()) as casebook:
        cases = casebook.cases()
        readings = casebook.readings()
        service = open_search(casebook)
        relevance_figures = relevance.evaluate(service)  # precision@5, MRR, near-match and reading timings
        service.close()
    synonyms = Synonyms.parse(paths.synonyms_path().read_text(encoding="utf-8"))
    scaled_cases = generate(cases, args.scale)
    growth = {n: vocabulary(scaled_cases[:n]) for n in (len(cases), args.scale // 4, args.scale // 2, args.scale)}
    copies = vocabulary(replicate(cases, args.scale))
    print("distinct index tokens by corpus size (generated): "
          + ", ".join(f"{n}: {v:,}" for n, v in growth.items()) + f"; {args.scale} copies of the 78: {copies:,}")
    bundled = run_corpus("bundled casebook", cases, synonyms, readings)
    scaled = run_corpus(f"generated corpus ({args.scale})", scaled_cases, synonyms, readings)
    load = [round(x, 2) for x in load_before + os.getloadavg()[:1]]
    print(f"load average (1, 5, 15 min) before: {load[:3]}, after (1 min): {load[3]}")
    summary = {
        "bundled": bundled, f"generated_{args.scale}": scaled,
        "vocabulary_growth": growth, f"vocabulary_{args.scale}_copies": copies,
        "queries": len(QUERIES) + len(NEAR) + len(READING) + len(FILTERED), "page": PAGE, "runs_per_query": RUNS,
        "load_average_before_after": load,
        "note": "best of RUNS per query; timings from a shared 2-core machine under the load shown",
        **relevance_figures,
    }
    print(json.dumps(summary, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
