"""Fast reads of the Whoosh index for the search service: each token's postings, BM25F-scored, kept in memory.

Whoosh builds a tree of matchers for every query (an Or over eight fields for each bigram, an And over the
bigrams, an Or over the alternatives) and that construction, not the reading, was most of a search's time
(profiled: about two thirds at 78 cases and at 2,000). Here the same boolean structure is evaluated on
plain dicts: a token's postings are read from the index once, each scored with Whoosh's own BM25F scorer
for its field (so idf, the stored field lengths and field boosts are Whoosh's) and summed over the fields;
a term sums its tokens' scores (times its boost), a clause its alternatives', a query its clauses'. The
index stays the one source of candidates and scores; only the combining is done here.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from dxreader.core.analysis import query_tokens

Scores = dict[int, float]  # docnum → score
MAX_CACHED_TOKENS = 20_000  # a few MB at 2,000 cases; cleared as a whole when full (typing reuses recent ones)


class IndexPostings:
    def __init__(self, searcher: Any, fields: Iterable[str], max_tokens_per_term: int) -> None:
        self._searcher = searcher
        self._reader = searcher.reader()
        self._fields = tuple(fields)
        self._weighting = searcher.weighting
        self._max_tokens = max_tokens_per_term
        self._tokens: dict[str, Scores] = {}

    def token(self, token: str) -> Scores:
        """The documents holding the token in any field, each with the sum of its per-field BM25F scores."""
        cached = self._tokens.get(token)
        if cached is not None:
            return cached
        scores: Scores = {}
        for field in self._fields:
            if (field, token) not in self._reader:
                continue
            scorer = self._weighting.scorer(self._searcher, field, token)
            matcher = self._reader.postings(field, token, scorer=scorer)
            while matcher.is_active():
                docnum = matcher.id()
                scores[docnum] = scores.get(docnum, 0.0) + scorer.score(matcher)
                matcher.next()
        if len(self._tokens) >= MAX_CACHED_TOKENS:
            self._tokens.clear()
        self._tokens[token] = scores
        return scores

    def term(self, term: str, boost: float = 1.0) -> Scores | None:
        """Documents holding every index token of the term (a necessary condition for holding the term), scored;
        None when the term yields no token (it could match anywhere: it cannot narrow the set)."""
        tokens = query_tokens(term)[:self._max_tokens]
        if not tokens:
            return None
        postings = [self.token(t) for t in tokens]
        if len(postings) == 1:
            return dict(postings[0]) if boost == 1.0 else {d: boost * s for d, s in postings[0].items()}
        smallest, *rest = sorted(postings, key=len)
        common = set(smallest).intersection(*rest)
        return {d: boost * sum(p[d] for p in postings) for d in common}

    def any_of(self, alternatives: Iterable[tuple[str, float]]) -> Scores | None:
        """Documents holding any alternative (term, boost), their scores summed; None if one cannot narrow."""
        out: Scores = {}
        for term, boost in alternatives:
            scores = self.term(term, boost)
            if scores is None:
                return None
            for docnum, score in scores.items():
                out[docnum] = out.get(docnum, 0.0) + score
        return out

    @staticmethod
    def all_of(clauses: list[Scores]) -> Scores:
        """Documents in every clause's set, their scores summed."""
        ordered = sorted(clauses, key=len)
        common = set(ordered[0]).intersection(*ordered[1:])
        return {d: sum(c[d] for c in clauses) for d in common}
