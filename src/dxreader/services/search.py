"""Search over the casebook: Whoosh pre-filters and ranks (BM25F), stored text verifies exactly.

Whoosh is imported and the index opened on the first query that needs them (or on `warm_up()`), so the
reader can paint its window, which shows every case and needs no index, before paying for either."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from dxreader.core.analysis import normalize, query_tokens, term_occurs
from dxreader.core.filters import SearchFilters, facet_counts
from dxreader.core.model import Case
from dxreader.core.query import Query, Synonyms, matches, parse_query
from dxreader.core.searchdoc import FIELD_SEPARATOR, FIELD_WEIGHTS, searchable_fields
from dxreader.services.snippets import snippet

if TYPE_CHECKING:
    from whoosh.index import Index
    from whoosh.query import Query as WhooshQuery
    from whoosh.searching import Searcher

EXPANSION_BOOST = 0.3  # a synonym's hit counts less than the word the user typed
MAX_TOKENS_PER_TERM = 24  # pre-filter only; verification still checks the whole term
MAX_PREFILTER_CLAUSES = 16
SORTS = ("relevance", "municipality", "population")
HEADING_FIELDS = ("title", "place", "category")  # what a listing-only case has to match on


@dataclass(frozen=True)
class Hit:
    case: Case
    score: float
    snippet: str


@dataclass(frozen=True)
class SearchResult:
    query: Query
    total: int
    hits: list[Hit]
    facets: dict[str, dict[str, int]] = field(default_factory=dict)

    @property
    def ids(self) -> list[str]:
        return [h.case.id for h in self.hits]


def _term_query(term: str, boost: float) -> WhooshQuery | None:
    """All of the term's index tokens, each in any field; None if the term yields no token."""
    from whoosh import query as wq

    toks = query_tokens(term)[:MAX_TOKENS_PER_TERM]
    if not toks:
        return None
    per_token = [wq.Or([wq.Term(f, t) for f in FIELD_WEIGHTS]) for t in toks]
    return wq.And(per_token, boost=boost) if len(per_token) > 1 else per_token[0].with_boost(boost)


def _clause_query(alternatives: Iterable[tuple[str, float]]) -> WhooshQuery | None:
    from whoosh import query as wq

    parts = []
    for term, boost in alternatives:
        q = _term_query(term, boost)
        if q is None:
            return None  # this alternative may match anywhere: the clause cannot narrow the set
        parts.append(q)
    return wq.Or(parts) if len(parts) > 1 else parts[0]


class SearchService:
    def __init__(self, cases: Iterable[Case], index: Callable[[], Index], synonyms: Synonyms) -> None:
        """`index` opens the Whoosh index when first needed (it may build it: that can take seconds)."""
        self._cases = {c.id: c for c in cases}
        self._order = {cid: i for i, cid in enumerate(self._cases)}
        self._open_index = index
        self._synonyms = synonyms
        self._opened: Searcher | None = None
        self._all_norm: dict[str, str] | None = None
        self._headings: dict[str, str] = {}

    @property
    def synonyms(self) -> Synonyms:
        return self._synonyms

    @property
    def ready(self) -> bool:
        """True once the index is open (a query will not wait for it)."""
        return self._opened is not None

    def warm_up(self) -> None:
        """Open the index now rather than on the first query."""
        self._searcher()

    def close(self) -> None:
        if self._opened is not None:
            self._opened.close()
            self._opened = None

    def _searcher(self) -> Searcher:
        if self._opened is None:
            from whoosh.scoring import BM25F

            self._opened = self._open_index().searcher(weighting=BM25F())
        return self._opened

    def parse(self, text: str, expand: bool = True) -> Query:
        query = parse_query(text)
        return self._synonyms.expand(query) if expand else query

    def search(self, text: str = "", filters: SearchFilters | None = None, limit: int | None = None,
               sort: str = "relevance", expand: bool = True, notes: Mapping[str, str] | None = None) -> SearchResult:
        """`notes` (case ID → the user's note): a case whose note matches the query matches too."""
        filters = filters or SearchFilters()
        query = self.parse(text, expand)
        scored = {cid: 0.0 for cid in self._cases} if query.is_empty else self._matching(query)
        if notes and not query.is_empty:
            for case_id, note in notes.items():
                if case_id in self._cases and case_id not in scored and matches(normalize(note), query):
                    scored[case_id] = 0.0
        matched = [self._cases[cid] for cid in scored]
        facets = facet_counts(matched, filters)
        selected = [c for c in matched if filters.accepts(c)]
        selected.sort(key=self._sort_key(sort, scored, browsing=query.is_empty,
                                         heading_hits=lambda c: self._heading_hits(c, query)))
        shown = selected if limit is None else selected[:max(0, limit)]
        terms = query.highlight_terms()
        hits = [Hit(c, scored[c.id], snippet(c, terms)) for c in shown]
        return SearchResult(query=query, total=len(selected), hits=hits, facets=facets)

    def _heading_hits(self, case: Case, query: Query) -> int:
        """How many of the typed words the case's heading (title, place, section) contains."""
        heading = self._headings.get(case.id)
        if heading is None:
            fields = searchable_fields(case)
            heading = self._headings[case.id] = normalize(FIELD_SEPARATOR.join(fields[f] for f in HEADING_FIELDS))
        return sum(any(term_occurs(heading, t) for t in clause.alternatives) for clause in query.positive)

    def _sort_key(self, sort: str, scored: dict[str, float], browsing: bool = False,
                  heading_hits: Callable[[Case], int] = lambda c: 0) -> Any:
        """Relevance: first how many typed words the heading holds (a title hit is a title hit, whether the
        case has its text or is listing-only); at equal relevance a case with its text comes before a
        listing-only one; then the BM25F score; then the casebook's order."""
        order = self._order
        if sort == "municipality":
            return lambda c: (c.municipality_kana is None, c.municipality_kana or "", order[c.id])
        if sort == "population":
            return lambda c: (c.population is None, -(c.population or 0), order[c.id])
        # At equal relevance a case with its text comes before a listing-only one (a title hit still
        # counts the same for both, so a listing-only case whose title matches keeps its place).
        if browsing:  # no query, no relevance: the casebook's own order
            return lambda c: order[c.id]
        return lambda c: (-heading_hits(c), not c.has_body, -scored[c.id], order[c.id])

    def _matching(self, query: Query) -> dict[str, float]:
        """IDs of the cases that match, with their scores, in no particular order."""
        parts = []
        for clause in query.positive[:MAX_PREFILTER_CLAUSES]:
            alts = [(t, 1.0) for t in clause.alternatives] + [(t, EXPANSION_BOOST) for t in clause.expansions]
            part = _clause_query(alts)
            if part is not None:
                parts.append(part)
        if not parts:  # nothing the index can narrow by (browse, exclusions only, symbols only)
            return {cid: 0.0 for cid, norm in self._norm_of_all().items() if matches(norm, query)}
        from whoosh import query as wq

        results = self._searcher().search(wq.And(parts) if len(parts) > 1 else parts[0], limit=None)
        return {hit["id"]: hit.score for hit in results if matches(hit["norm"], query)}

    def _norm_of_all(self) -> dict[str, str]:
        """Every case's stored normalised text, read once and only when a query cannot use the index."""
        if self._all_norm is None:
            self._all_norm = {f["id"]: f["norm"] for f in self._searcher().all_stored_fields()}
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
    return SearchService(casebook.cases(), index, synonyms)
