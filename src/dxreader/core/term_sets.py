"""The match rule for every case at once: per term, the set of cases that hold it, kept for the next query.

core.query.matches decides one case at a time; a search of 2,000 cases for a common word asked it (and
literal_hits, and the heading count for ranking) thousands of times per query. Here each term is checked
once per case that may hold it (the index's candidates for its tokens), with the same functions, and a query
is answered with set operations. Typing refines a query a character at a time, so most terms are known.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

from dxreader.core.analysis import term_occurs, whole_term_occurs
from dxreader.core.query import Query
from dxreader.core.searchdoc import FIELD_SEPARATOR, source_text

MAX_TERMS = 4096  # per kind of set; all are dropped when full (a few MB at 2,000 cases)
Candidates = Callable[[str], Iterable[int] | None]  # term → case numbers that may hold it; None: any case


class TermSets:
    def __init__(self, norms: Sequence[str], candidates: Candidates) -> None:
        """`norms`: each case's normalised searchable text, by case number (searchdoc's field order)."""
        self._norms = norms
        self._candidates = candidates
        self._sources: list[str] | None = None
        self._headings: list[str] | None = None
        self._titles: list[str] | None = None
        self._sets: dict[tuple[str, str], frozenset[int]] = {}

    def _texts(self, kind: str) -> Sequence[str]:
        if kind == "text":
            return self._norms
        if kind == "source":  # without our labels: where a synonym may match (core.query.clause_matches)
            self._sources = self._sources or [source_text(n) for n in self._norms]
            return self._sources
        if kind == "title":
            self._titles = self._titles or [n.split(FIELD_SEPARATOR, 1)[0] for n in self._norms]
            return self._titles
        # title, place and category: the first three fields, one line each (searchdoc)
        self._headings = self._headings or [FIELD_SEPARATOR.join(n.split(FIELD_SEPARATOR, 3)[:3]) for n in self._norms]
        return self._headings

    def _set(self, kind: str, term: str) -> frozenset[int]:
        found = self._sets.get((kind, term))
        if found is None:
            texts = self._texts(kind)
            test = whole_term_occurs if kind == "source" else term_occurs
            candidates = self._candidates(term)
            numbers = range(len(texts)) if candidates is None else candidates
            found = frozenset(n for n in numbers if test(texts[n], term))
            if len(self._sets) >= MAX_TERMS:
                self._sets.clear()
            self._sets[(kind, term)] = found
        return found

    def occurs(self, term: str) -> frozenset[int]:
        return self._set("text", term)

    def in_title(self, term: str) -> frozenset[int]:
        return self._set("title", term)

    def matching(self, query: Query) -> set[int]:
        """The case numbers that match the query (core.query.matches, for all cases)."""
        result: set[int] | None = None
        for clause in query.positive:
            holding = set().union(*(self.occurs(t) for t in clause.alternatives),
                                  *(self._set("source", t) for t in clause.expansions))
            result = holding if result is None else result & holding
            if not result:
                return set()
        result = set(range(len(self._norms))) if result is None else result
        for clause in query.negative:
            for term in clause.alternatives:
                result -= self.occurs(term)
        return result

    def typed_counts(self, query: Query, numbers: Iterable[int], heading: bool = False) -> dict[int, int]:
        """For each case: how many positive clauses a typed word (not a synonym) matches, in the whole text
        (core.query.literal_hits) or, with `heading`, in the title, place and category."""
        kind = "heading" if heading else "text"
        holding = [set().union(*(self._set(kind, t) for t in c.alternatives)) for c in query.positive]
        return {n: sum(n in h for h in holding) for n in numbers}
