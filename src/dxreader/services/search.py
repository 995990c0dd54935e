"""Search over the casebook: Whoosh pre-filters and ranks (BM25F), stored text verifies exactly.

Whoosh is imported and the index opened on the first query that needs them (or on `warm_up()`), so the
reader can paint its window, which shows every case and needs no index, before paying for either."""

from __future__ import annotations

import bisect
import functools
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from dxreader.core.analysis import normalize, query_tokens, term_occurs
from dxreader.core.filters import FacetLabels, SearchFilters, facet_counts
from dxreader.core.model import Case
from dxreader.core.near import near_bounds, near_parts, near_score, near_terms
from dxreader.core.query import Query, Synonyms, matches, parse_query
from dxreader.core.readings import Readings
from dxreader.core.similarity import Place, closeness, place_of_case
from dxreader.core.searchdoc import FIELD_WEIGHTS
from dxreader.core.term_sets import TermSets
from dxreader.services.search_advice import advice_lines
from dxreader.services.snippets import note_line, snippet, snippet_texts

if TYPE_CHECKING:
    from whoosh.index import Index
    from whoosh.searching import Searcher

    from dxreader.storage.index_postings import IndexPostings, Scores

ReadingTable = Mapping[str, tuple[str, ...]]

EXPANSION_BOOST = 0.3  # a synonym's hit counts less than the word the user typed
MAX_TOKENS_PER_TERM = 24  # pre-filter only; verification still checks the whole term
MAX_PREFILTER_CLAUSES = 16
SORTS = ("relevance", "municipality", "population", "near")  # near: closest to `near=` first (core.similarity)
NEAR_BELOW = 5  # near matches are looked for when fewer exact matches than this are shown
NEAR_LIMIT = 20
MAX_PREFILTER_ALTERNATIVES = 32  # a clause with more (a long OR list) is checked by scanning, which is faster


@dataclass(frozen=True)
class Hit:
    case: Case
    score: float
    card: str | Callable[[], str] = field(repr=False, compare=False)  # the card's text, or what makes it
    near: bool = False  # a near match (「近い結果」), not an exact one
    reading: bool = False  # found through the reading of a word typed in kana (「読みが一致」), not an exact one

    @functools.cached_property
    def snippet(self) -> str:
        """Made when first read: a list of 2,000 results paints, and so asks for, only the rows in view."""
        return self.card if isinstance(self.card, str) else self.card()


@dataclass(frozen=True)
class SearchResult:
    query: Query
    total: int
    hits: list[Hit]
    facets: dict[str, dict[str, int]] = field(default_factory=dict)
    near: list[Hit] = field(default_factory=list)  # shown below the exact hits, never mixed with them
    near_total: int = 0
    advice: list[str] = field(default_factory=list)  # what was searched and what to try, when nothing matched
    near_terms: tuple[str, ...] = ()  # what to highlight in a near match (the parts found)
    reading: list[Hit] = field(default_factory=list)  # after the exact hits, before the near ones
    reading_total: int = 0
    reading_terms: tuple[str, ...] = ()  # the written forms found for the kana words (窓口 for まどぐち)

    def terms_for(self, case_id: str) -> tuple[str, ...]:
        """What to highlight in this case: the typed words, and the parts if it is a near match, the written
        forms if it is a reading match."""
        near = self.near_terms if any(h.case.id == case_id for h in self.near) else ()
        reading = self.reading_terms if any(h.case.id == case_id for h in self.reading) else ()
        return tuple(dict.fromkeys(self.query.highlight_terms() + reading + near))

    @property
    def ids(self) -> list[str]:
        return [h.case.id for h in self.hits]


class SearchService:
    def __init__(self, cases: Iterable[Case], index: Callable[[], Index], synonyms: Synonyms,
                 readings: Callable[[], ReadingTable] | None = None) -> None:
        """`index` opens the Whoosh index when first needed (it may build it: that can take seconds);
        `readings` gives the casebook's reading table (kana → written forms) when a kana word is first typed."""
        self._cases = {c.id: c for c in cases}
        self._order = {cid: i for i, cid in enumerate(self._cases)}
        self._open_index = index
        self._synonyms = synonyms
        self._load_readings = readings
        self._readings: Readings | None = None
        self._opened: Searcher | None = None
        self._postings_view: IndexPostings | None = None
        self._all_norm: dict[str, str] | None = None
        self._sets: tuple[TermSets, list[str]] | None = None
        self._numbers: dict[str, int] | None = None
        self._snippet_texts: dict[str, dict[str, str]] = {}
        self._facet_labels = FacetLabels()
        self._occurs_cache: dict[str, bool] = {}
        self._by_docnum: dict[int, tuple[str, str]] | None = None

    @property
    def synonyms(self) -> Synonyms:
        return self._synonyms

    @property
    def ready(self) -> bool:
        """True once the index is open (a query will not wait for it)."""
        return self._opened is not None

    def warm_up(self) -> None:
        """Open the index and read the readings table now rather than on the first query."""
        self._searcher()
        self._reading_table()

    def close(self) -> None:
        if self._opened is not None:
            self._opened.close()
            self._opened = None
            self._postings_view = None

    def _searcher(self) -> Searcher:
        if self._opened is None:
            from whoosh.scoring import BM25F

            self._opened = self._open_index().searcher(weighting=BM25F())
        return self._opened

    def _postings(self) -> IndexPostings:
        """The index's postings as scored dicts, read once per token (storage.index_postings)."""
        if self._postings_view is None:
            from dxreader.storage.index_postings import IndexPostings

            self._postings_view = IndexPostings(self._searcher(), FIELD_WEIGHTS, MAX_TOKENS_PER_TERM)
        return self._postings_view

    def _reading_table(self) -> Readings | None:
        if self._readings is None and self._load_readings is not None:
            self._readings = Readings(self._load_readings())
        return self._readings

    def parse(self, text: str, expand: bool = True) -> Query:
        query = parse_query(text)
        return self._synonyms.expand(query) if expand else query

    def search(self, text: str = "", filters: SearchFilters | None = None, limit: int | None = None,
               sort: str = "relevance", expand: bool = True, notes: Mapping[str, str] | None = None,
               near: Place | None = None) -> SearchResult:
        """`notes` (case ID → the user's note): a case whose note matches the query matches too. `near`: the
        place that sort="near" orders by (without one, that sort keeps relevance)."""
        filters = filters or SearchFilters()
        query = self.parse(text, expand)
        literal: dict[str, int] = {}
        scored = {cid: 0.0 for cid in self._cases} if query.is_empty else self._matching(query, literal)
        if notes and not query.is_empty:
            for case_id, note in notes.items():
                if case_id in self._cases and case_id not in scored and matches(normalize(note), query):
                    scored[case_id] = 0.0
        matched = [self._cases[cid] for cid in scored]
        selected = [c for c in matched if filters.accepts(c)]
        ranked = _by_relevance(sort, near) and not query.is_empty  # browsing keeps the casebook's order, needs no index
        heads = self._heading_counts(query, [c.id for c in selected]) if ranked else {}
        selected.sort(key=self._sort_key(sort, scored, browsing=query.is_empty, near=near,
                                         heading_hits=lambda c: heads[c.id],
                                         literal=lambda c: literal.get(c.id, 0)))
        shown = selected if limit is None else selected[:max(0, limit)]
        terms = query.highlight_terms()
        hits = [Hit(c, scored[c.id], functools.partial(self._card_text, c, terms, notes)) for c in shown]
        readings = self._reading_table()
        by_reading = None if readings is None or query.is_empty else readings.expand(query)
        reading, reading_ids, by_reading_only = self._reading_hits(by_reading, set(scored), filters, sort, limit, near)
        # The counts beside the filters count what the list shows as matching: exact and reading matches.
        facets = facet_counts(matched + by_reading_only, filters, self._facet_labels)
        near: list[Hit] = []
        near_total, near_highlight = 0, ()
        if len(selected) + len(reading_ids) < NEAR_BELOW and not query.is_empty:
            near, near_total, near_highlight = self._near_hits(query, set(scored) | reading_ids, filters)
        reading_terms = Readings.terms(by_reading) if by_reading else ()
        shown_forms = tuple(dict.fromkeys(readings.shown(f) for f in reading_terms)) if readings else ()
        advice = (advice_lines(text, query, filters, self._count, len(selected), near_total,
                               (len(reading_ids), shown_forms))
                  if not selected or query.truncated else [])
        return SearchResult(query=query, total=len(selected), hits=hits, facets=facets, near=near,
                            near_total=near_total, advice=advice, near_terms=near_highlight, reading=reading,
                            reading_total=len(reading_ids), reading_terms=reading_terms)

    def _reading_hits(self, query: Query | None, exact: set[str], filters: SearchFilters, sort: str,
                      limit: int | None, near: Place | None = None) -> tuple[list[Hit], set[str], list[Case]]:
        """Cases that match only with the written forms of the kana words (core.readings), ranked like exact
        hits among themselves (at most `limit`); the IDs of all of them that pass the filters; and all of them."""
        if query is None:
            return [], set(), []
        literal: dict[str, int] = {}
        scored = {cid: s for cid, s in self._matching(query, literal).items() if cid not in exact}
        matched = [self._cases[cid] for cid in scored]
        selected = [c for c in matched if filters.accepts(c)]
        heads = self._heading_counts(query, [c.id for c in selected]) if _by_relevance(sort, near) else {}
        selected.sort(key=self._sort_key(sort, scored, near=near, heading_hits=lambda c: heads[c.id],
                                         literal=lambda c: literal.get(c.id, 0)))
        shown = selected if limit is None else selected[:max(0, limit)]
        terms, forms = query.highlight_terms(), Readings.terms(query)
        hits = [Hit(c, scored[c.id], functools.partial(self._reading_card, c, terms, forms), reading=True)
                for c in shown]
        return hits, {c.id for c in selected}, matched

    def _reading_card(self, case: Case, terms: tuple[str, ...], forms: tuple[str, ...]) -> str:
        """「読みが一致: 窓口 ／ …snippet…」: which written forms of the kana words this case holds, then the text."""
        readings, norm = self._reading_table(), self._norm_of_all()[case.id]
        found = "・".join(dict.fromkeys(readings.shown(f) if readings else f for f in forms if term_occurs(norm, f)))
        text = self._snippet(case, terms)
        return f"読みが一致: {found}" + (f" ／ {text}" if text else "")

    def _count(self, query: Query, filters: SearchFilters) -> int:
        return sum(1 for cid in self._matching(query, {}) if filters.accepts(self._cases[cid]))

    def _snippet(self, case: Case, terms: tuple[str, ...]) -> str:
        texts = self._snippet_texts.get(case.id)
        if texts is None:
            texts = self._snippet_texts[case.id] = snippet_texts(case)
        return snippet(case, terms, texts)

    def _card_text(self, case: Case, terms: tuple[str, ...], notes: Mapping[str, str] | None) -> str:
        """The result card's snippet; when the user's note has a hit, its line first (「メモ: …」)."""
        text = self._snippet(case, terms)
        line = note_line(notes[case.id], terms) if notes and case.id in notes else None
        return text if line is None else f"{line} ／ {text}" if text else line

    def _near_hits(self, query: Query, exact: set[str], filters: SearchFilters,
                   ) -> tuple[list[Hit], int, tuple[str, ...]]:
        """Near matches (core.near) that pass the filters, best first, at most NEAR_LIMIT; how many; and the
        terms to highlight in them."""
        plan = near_parts(query, self._occurs)
        if not plan:
            return [], 0, ()
        alternatives = [
            [(p, 1.0) for p in plan[i]] if i in plan else [(t, 1.0) for t in clause.all_terms]
            for i, clause in enumerate(query.positive[:MAX_PREFILTER_CLAUSES])
        ]
        sets, ids = self._term_sets()
        number = self._case_numbers()
        candidates = [number[cid] for cid in self._candidates(alternatives)
                      if cid not in exact and filters.accepts(self._cases[cid])]
        bounds = near_bounds(query, plan, sets, candidates)  # every near match, with a bound of its score
        # Only the best NEAR_LIMIT are shown: score exactly in the order of the bound, until no bound left can
        # reach the last place (thousands of near matches at 2,000 cases; their full score is the costly part).
        bounded = sorted(((b, ids[n]) for n, b in bounds.items()), key=lambda x: -x[0])
        norms = self._norm_of_all()
        best: list[tuple[float, bool, int, str]] = []  # (-score, listing-only, casebook order, ID), best first
        for bound, case_id in bounded:
            if len(best) == NEAR_LIMIT and bound + 1e-9 < -best[-1][0]:  # (rounding: a bound may be summed in
                break  # another order than the score it bounds)
            score = near_score(norms[case_id], query, plan)
            bisect.insort(best, (-score, not self._cases[case_id].has_body, self._order[case_id], case_id))  # type: ignore[operator]
            del best[NEAR_LIMIT:]
        terms = near_terms(query, plan)
        shown = [(self._cases[case_id], -negated) for negated, _, _, case_id in best]
        return [Hit(c, s, functools.partial(self._snippet, c, terms), near=True) for c, s in shown], len(bounded), terms

    def _occurs(self, term: str) -> bool:
        """Whether the term occurs in any case (cached; used to split compounds for near matches)."""
        if term not in self._occurs_cache:
            self._occurs_cache[term] = bool(self._candidates([[(term, 1.0)]], first_only=True))
        return self._occurs_cache[term]

    def _candidates(self, clauses: list[list[tuple[str, float]]], first_only: bool = False) -> dict[str, str]:
        """Cases the index says may match every clause (any alternative of each): ID → normalised text.

        Unscored, and the text comes from memory: near matches have their own score, and reading each
        candidate's stored text from the index cost more than the rest of the work (300 ms at 2,000 cases)."""
        parts = self._prefilter(clauses)
        if not parts:
            return dict(self._norm_of_all())
        by_docnum = self._norm_by_docnum()
        out: dict[str, str] = {}
        for docnum in sorted(set(parts[0]).intersection(*parts[1:])):
            case_id, norm = by_docnum[docnum]
            if first_only and not all(any(term_occurs(norm, t) for t, _ in alts) for alts in clauses):
                continue
            out[case_id] = norm
            if first_only:
                break
        return out

    def _prefilter(self, clauses: Iterable[list[tuple[str, float]]]) -> list[Scores]:
        """Each clause's candidates from the index, scored; a clause that cannot narrow the set (a term with no
        index token, or a long OR list, which is faster to check by scanning) is left to verification."""
        postings = self._postings()
        parts = []
        for alternatives in clauses:
            scores = postings.any_of(alternatives) if len(alternatives) <= MAX_PREFILTER_ALTERNATIVES else None
            if scores is not None:
                parts.append(scores)
        return parts

    def _norm_by_docnum(self) -> dict[int, tuple[str, str]]:
        if self._by_docnum is None:
            self._by_docnum = {n: (f["id"], f["norm"]) for n, f in self._searcher().reader().iter_docs()}
        return self._by_docnum

    def _sort_key(self, sort: str, scored: dict[str, float], browsing: bool = False,
                  heading_hits: Callable[[Case], int] = lambda c: 0,
                  literal: Callable[[Case], int] = lambda c: 0, near: Place | None = None) -> Any:
        """Relevance: first how many words the case holds as typed (a case found only through a synonym never
        outranks one that holds the word itself); then how many typed words the heading holds (a title hit is
        a title hit, whether the case has its text or is listing-only); at equal relevance a case with its
        text comes before a listing-only one; then the BM25F score; then the casebook's order."""
        order = self._order
        if sort == "municipality":
            return lambda c: (c.municipality_kana is None, c.municipality_kana or "", order[c.id])
        if sort == "population":
            return lambda c: (c.population is None, -(c.population or 0), order[c.id])
        if sort == "near" and near is not None:  # a case that names no place comes last
            def closest(c: Case) -> Any:
                place = place_of_case(c)
                return (place is None, closeness(near, place).sort_key() if place else (), order[c.id])
            return closest
        # At equal relevance a case with its text comes before a listing-only one (a title hit still
        # counts the same for both, so a listing-only case whose title matches keeps its place).
        if browsing:  # no query, no relevance: the casebook's own order
            return lambda c: order[c.id]
        return lambda c: (-literal(c), -heading_hits(c), not c.has_body, -scored[c.id], order[c.id])

    def _matching(self, query: Query, literal: dict[str, int]) -> dict[str, float]:
        """IDs of the cases that match, with their BM25F scores, best first; `literal` gets, for each, how many
        clauses a typed word (not an expansion) matches. The index scores; the match rule decides (core.term_sets:
        every case a term's tokens point to is checked once for the term, and kept for the next query)."""
        parts = self._prefilter(
            [(t, 1.0) for t in clause.alternatives] + [(t, EXPANSION_BOOST) for t in clause.expansions]
            for clause in query.positive[:MAX_PREFILTER_CLAUSES])
        if parts:
            from dxreader.storage.index_postings import IndexPostings

            scored = parts[0] if len(parts) == 1 else IndexPostings.all_of(parts)
        else:  # nothing the index can narrow by (browse, exclusions only, symbols only): no score
            scored = {}
        sets, ids = self._term_sets()
        found = sorted(sets.matching(query), key=lambda n: (-scored.get(n, 0.0), n))
        literal.update((ids[n], count) for n, count in sets.typed_counts(query, found).items())
        return {ids[n]: scored.get(n, 0.0) for n in found}

    def _term_sets(self) -> tuple[TermSets, list[str]]:
        """The match rule's per-term sets over every case (numbered as the index numbers its documents), and
        the case ID of each number."""
        if self._sets is None:
            norms = self._norm_of_all()
            self._sets = TermSets(list(norms.values()), self._term_docs), list(norms)
        return self._sets

    def _term_docs(self, term: str) -> Iterable[int] | None:
        """The documents holding every index token of the term (None: it has none, any case may hold it)."""
        scores = self._postings().term(term)
        return None if scores is None else scores.keys()

    def _case_numbers(self) -> dict[str, int]:
        if self._numbers is None:
            self._numbers = {cid: n for n, cid in enumerate(self._term_sets()[1])}
        return self._numbers

    def _heading_counts(self, query: Query, case_ids: Iterable[str]) -> dict[str, int]:
        """How many of the typed words each case's heading (title, place, section) contains."""
        sets, ids = self._term_sets()
        number = self._case_numbers()
        return {ids[n]: c for n, c in sets.typed_counts(query, (number[c] for c in case_ids), heading=True).items()}

    def _norm_of_all(self) -> dict[str, str]:
        """Every case's stored normalised text (read from the index once)."""
        if self._all_norm is None:
            self._all_norm = dict(self._norm_by_docnum().values())
        return self._all_norm


def open_search(casebook: Any, progress: Any = None, bundled: Any = None, cache: Any = None) -> SearchService:
    """The search service on a casebook: the current index (bundled, cached, or built when first needed)."""
    from dxreader import paths

    data_version = casebook.meta["data_version"]
    bundled, cache = bundled or paths.bundled_index_dir(), cache or paths.index_cache_dir()

    def index() -> Index:
        from dxreader.storage.search_index import open_current_index

        return open_current_index(data_version, bundled, cache, casebook.cases, progress)

    synonyms = Synonyms.parse(paths.synonyms_path().read_text(encoding="utf-8"))
    return SearchService(casebook.cases(), index, synonyms, casebook.readings)


def _by_relevance(sort: str, near: Place | None) -> bool:
    """Whether the order is relevance (which needs the heading counts): asked for, or the near sort without a place."""
    return sort == "relevance" or (sort == "near" and near is None)
