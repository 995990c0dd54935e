"""The search box's query language, parsed leniently: anything a person types gives a query.

Words separated by spaces (half or full width) must all match; `OR` between words makes them
alternatives; `-word` (or `NOT word`) excludes; `"a phrase"` keeps its spaces. Unbalanced quotes,
brackets and stray operators are read as plain text or ignored; parsing never raises.
"""

from __future__ import annotations

import functools
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field

from dxreader.core.analysis import normalize, term_occurs, whole_term_occurs, word_parts
from dxreader.core.searchdoc import source_text

MAX_QUERY_CHARS = 10_000  # longer input is cut here; nothing that long can match a case anyway


@dataclass(frozen=True)
class Clause:
    """One thing the case must (or, negated, must not) contain: any of its alternatives."""

    alternatives: tuple[str, ...]  # normalised terms the user typed
    negated: bool = False
    expansions: tuple[str, ...] = ()  # normalised synonyms added to the alternatives
    parts: tuple[str, ...] = field(default=(), compare=False)  # a lone typed word's parts (near matches)
    readings: tuple[str, ...] = ()  # alternatives that are written forms of a kana word (core.readings)

    @property
    def all_terms(self) -> tuple[str, ...]:
        return self.alternatives + self.expansions


@dataclass(frozen=True)
class Query:
    clauses: tuple[Clause, ...] = field(default=())
    truncated: bool = field(default=False, compare=False)  # the text was cut at MAX_QUERY_CHARS

    def without(self, clause: Clause) -> Query:
        return Query(tuple(c for c in self.clauses if c is not clause), self.truncated)

    @functools.cached_property  # asked for per case checked: worked out once per query
    def positive(self) -> tuple[Clause, ...]:
        return tuple(c for c in self.clauses if not c.negated)

    @functools.cached_property
    def negative(self) -> tuple[Clause, ...]:
        return tuple(c for c in self.clauses if c.negated)

    @property
    def is_empty(self) -> bool:
        return not self.clauses

    def highlight_terms(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(t for c in self.positive for t in c.all_terms))


def _clean(text: str) -> str:
    """Control and format characters become spaces; the rest is kept for normalisation."""
    return "".join(" " if unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp") else ch for ch in text)


def _lex(text: str) -> list[tuple[str, bool]]:
    """(word, quoted) pairs. A quote opens a phrase up to the next quote or the end of the text."""
    words: list[tuple[str, bool]] = []
    buf: list[str] = []
    in_quote = False
    for ch in text:
        if ch in '"“”＂':
            if in_quote or buf:
                words.append(("".join(buf), in_quote))
                buf = []
            in_quote = not in_quote
        elif ch.isspace() and not in_quote:
            if buf:
                words.append(("".join(buf), False))
                buf = []
        else:
            buf.append(ch)
    if buf:
        words.append(("".join(buf), in_quote))
    return words


def parse_query(text: str) -> Query:
    truncated = len(str(text)) > MAX_QUERY_CHARS
    text = _clean(unicodedata.normalize("NFKC", str(text)[:MAX_QUERY_CHARS]))
    groups: list[list[str]] = []
    negated_flags: list[bool] = []
    typed: list[str] = []  # each group's first word as typed, unquoted (quotes ask for the exact phrase)
    join_next = negate_next = False
    for word, quoted in _lex(text):
        if not quoted:
            if word == "OR":
                join_next = bool(groups)
                continue
            if word in ("AND", "&&"):
                continue
            if word == "NOT":
                negate_next = True
                continue
            negated = word.startswith("-") and len(word) > 1
            word = word.lstrip("-") if negated else word
            if word in ("-", "(", ")", "|", "||"):
                continue
        else:
            negated = False
        term = normalize(word).strip()
        if not term:
            continue
        negated = negated or negate_next
        negate_next = False
        if join_next and groups and not negated and not negated_flags[-1]:
            groups[-1].append(term)
        else:
            groups.append([term])
            negated_flags.append(negated)
            typed.append("" if quoted else word)
        join_next = False
    return Query(tuple(
        Clause(tuple(dict.fromkeys(g)), n, parts=_parts(w) if len(g) == 1 and not n else ())
        for g, n, w in zip(groups, negated_flags, typed)
    ), truncated=truncated)


def _parts(word: str) -> tuple[str, ...]:
    parts = tuple(word_parts(word))
    return parts if len(parts) > 1 or (parts and len(parts[0]) >= 4) else ()


class Synonyms:
    """Groups of equivalent terms (resources/synonyms.txt), matched on normalised forms."""

    def __init__(self, groups: Iterable[Iterable[str]]) -> None:
        self._groups = [tuple(dict.fromkeys(normalize(t) for t in g if t.strip())) for g in groups]
        self._index: dict[str, list[tuple[str, ...]]] = {}
        for group in self._groups:
            for term in group:
                self._index.setdefault(term, []).append(group)

    @classmethod
    def parse(cls, text: str) -> Synonyms:
        """One group a line, terms separated by "="; "#" starts a comment."""
        groups = []
        for line in text.splitlines():
            line = line.split("#", 1)[0]
            terms = [t.strip() for t in line.split("=")]
            if len([t for t in terms if t]) >= 2:
                groups.append(terms)
        return cls(groups)

    def expand(self, query: Query) -> Query:
        """Add each positive alternative's equivalents as expansions (exclusions stay exact)."""
        clauses = []
        for clause in query.clauses:
            if clause.negated:
                clauses.append(clause)
                continue
            extra = [t for a in clause.alternatives for g in self._index.get(a, ()) for t in g]
            expansions = tuple(t for t in dict.fromkeys(extra) if t not in clause.alternatives)
            clauses.append(Clause(clause.alternatives, False, expansions, parts=clause.parts))
        return Query(tuple(clauses), query.truncated)

    def groups(self) -> list[tuple[str, ...]]:
        return list(self._groups)


def clause_matches(norm_text: str, clause: Clause, source: str | None = None) -> bool:
    """A typed alternative anywhere; or an expansion as a whole word in the source's own text (not in
    our labels). `source` is source_text(norm_text), when the caller has it already."""
    if any(term_occurs(norm_text, t) for t in clause.alternatives):
        return True
    if not clause.expansions:
        return False
    source = source_text(norm_text) if source is None else source
    return any(whole_term_occurs(source, t) for t in clause.expansions)


def literal_hits(norm_text: str, query: Query) -> int:
    """How many of the positive clauses a typed word (not a synonym) matches: literal matches rank first."""
    return sum(any(term_occurs(norm_text, t) for t in c.alternatives) for c in query.positive)


def matches(norm_text: str, query: Query) -> bool:
    """The recall contract for a whole query on one case's normalised searchable text."""
    source = source_text(norm_text) if any(c.expansions for c in query.positive) else None
    return all(clause_matches(norm_text, c, source) for c in query.positive) and not any(
        any(term_occurs(norm_text, t) for t in c.alternatives) for c in query.negative
    )
