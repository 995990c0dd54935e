"""Near matches: cases that hold the parts of a word typed as one (書かない窓口 → 書か … 窓口), scored.

A near match is no exact match (the service keeps those apart and first). Each word that has parts must
have at least MIN_COVERAGE of its characters in the case; every other word must match as usual; exclusions
still exclude. The score adds, per word with parts: the share of its characters found; the share found in
the title; the share covered by consecutive parts found joined up as typed (DX推進体制 of 庁内DX推進体制);
and a bonus when all found parts stand close together (one phrase rather than scattered over the case).
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Iterable

from dxreader.core.analysis import split_compound, term_occurrences, term_occurs
from dxreader.core.query import Query
from dxreader.core.searchdoc import FIELD_SEPARATOR
from dxreader.core.term_sets import TermSets

MIN_COVERAGE = 0.5
PROXIMITY_BONUS = 0.5
_KANJI_SPLIT_MIN = 4  # a kanji part this long that occurs nowhere is split into pieces that do
_KANJI_SPLIT_MAX = 12  # longer runs are not words one types; splitting them would cost many look-ups
MAX_PARTS = 8  # a word with more parts keeps its first eight (scoring compares parts pairwise)


def _all_kanji(text: str) -> bool:
    return all("\u3400" <= ch <= "\u9fff" or ch == "々" for ch in text)


def near_parts(query: Query, occurs: Callable[[str], bool]) -> dict[int, tuple[str, ...]]:
    """For each positive clause (by position in query.positive) that has parts, the parts to look for.

    A long kanji part that occurs nowhere in the casebook is split into the pieces that do. A clause whose
    parts come to just its own word is left out (its near matches would be its exact matches)."""
    plan: dict[int, tuple[str, ...]] = {}
    for i, clause in enumerate(query.positive):
        parts: list[str] = []
        for part in clause.parts:
            if _KANJI_SPLIT_MIN <= len(part) <= _KANJI_SPLIT_MAX and _all_kanji(part) and not occurs(part):
                parts.extend(split_compound(part, occurs))
            else:
                parts.append(part)
        parts = list(dict.fromkeys(parts))[:MAX_PARTS]
        if parts and parts != [clause.alternatives[0]]:
            plan[i] = tuple(parts)
    return plan


def _close_together(norm_text: str, parts: list[str], window: int) -> bool:
    if len(parts) < 2:
        return False
    first, rest = parts[0], parts[1:]
    others = [term_occurrences(norm_text, p) for p in rest]  # ascending
    for start in term_occurrences(norm_text, first):
        lo, hi = start - window, start + window
        if all((i := bisect_left(positions, lo)) < len(positions) and positions[i] <= hi for positions in others):
            return True
    return False


def _clause_parts(norm_text: str, query: Query,
                  plan: dict[int, tuple[str, ...]]) -> list[tuple[tuple[str, ...], list[str], float]] | None:
    """For each planned clause, (its parts, those found, their coverage); None when the case is no near match
    (an excluded word, an unplanned clause missing, or a clause covered less than MIN_COVERAGE)."""
    if any(term_occurs(norm_text, t) for c in query.negative for t in c.alternatives):
        return None
    clauses = []
    for i, clause in enumerate(query.positive):
        parts = plan.get(i)
        if parts is None:
            if not any(term_occurs(norm_text, t) for t in clause.all_terms):
                return None
            continue
        found = [p for p in parts if term_occurs(norm_text, p)]
        coverage = sum(map(len, found)) / sum(map(len, parts))
        if coverage < MIN_COVERAGE:
            return None
        clauses.append((parts, found, coverage))
    return clauses


def _score(norm_text: str, query: Query, plan: dict[int, tuple[str, ...]], exact_proximity: bool) -> float | None:
    clauses = _clause_parts(norm_text, query, plan)
    if clauses is None:
        return None
    title = norm_text.split(FIELD_SEPARATOR, 1)[0]
    score = 0.0
    for parts, found, coverage in clauses:
        total = sum(map(len, parts))
        in_title = sum(len(p) for p in found if term_occurs(title, p)) / total
        joined = _longest_joined(norm_text, parts) / total
        if exact_proximity:
            close = PROXIMITY_BONUS if _close_together(norm_text, found, 2 * total + 10) else 0.0
        else:
            close = PROXIMITY_BONUS if len(found) >= 2 else 0.0
        score += coverage + in_title + joined + close
    return score


def near_score(norm_text: str, query: Query, plan: dict[int, tuple[str, ...]]) -> float | None:
    """The case's near-match score, or None when it is no near match (it may still be an exact match)."""
    return _score(norm_text, query, plan, exact_proximity=True)


def near_bound(norm_text: str, query: Query, plan: dict[int, tuple[str, ...]]) -> float | None:
    """None exactly when near_score is None; else a bound it cannot exceed: the score without the costly
    proximity test, counting its bonus wherever two parts are found."""
    return _score(norm_text, query, plan, exact_proximity=False)


def near_bounds(query: Query, plan: dict[int, tuple[str, ...]], sets: TermSets,
                numbers: Iterable[int]) -> dict[int, float]:
    """near_bound for many cases at once, from the cases' term sets (which part, title part and joined run
    each case holds) instead of their text: the cases that are near matches, each with its bound."""
    excluded = set().union(*(sets.occurs(t) for c in query.negative for t in c.alternatives))
    required = [set().union(*(sets.occurs(t) for t in c.all_terms)) for i, c in enumerate(query.positive)
                if i not in plan]
    clauses = []
    for i, parts in sorted(plan.items()):
        runs = [("".join(parts[a:b]), len("".join(parts[a:b]))) for a in range(len(parts))
                for b in range(a + 2, len(parts) + 1)]
        clauses.append(([(len(p), sets.occurs(p), sets.in_title(p)) for p in parts], sum(map(len, parts)),
                        [(size, sets.occurs(run)) for run, size in runs]))
    out: dict[int, float] = {}
    for n in numbers:
        if n in excluded or not all(n in r for r in required):
            continue
        bound = 0.0
        for parts, total, runs in clauses:
            found = [(size, title) for size, holding, title in parts if n in holding]
            coverage = sum(size for size, _ in found) / total
            if coverage < MIN_COVERAGE:
                break
            in_title = sum(size for size, title in found if n in title) / total
            joined = max((size for size, holding in runs if n in holding), default=0) / total
            bound += coverage + in_title + joined + (PROXIMITY_BONUS if len(found) >= 2 else 0.0)
        else:
            out[n] = bound
    return out


def _longest_joined(norm_text: str, parts: tuple[str, ...]) -> int:
    """Characters in the longest run of two or more consecutive parts that occurs joined up, else 0."""
    best = 0
    for i in range(len(parts)):
        for j in range(i + 2, len(parts) + 1):
            joined = "".join(parts[i:j])
            if len(joined) > best and term_occurs(norm_text, joined):
                best = len(joined)
    return best


def near_terms(query: Query, plan: dict[int, tuple[str, ...]]) -> tuple[str, ...]:
    """What to highlight in a near match: the parts, and the other words as typed."""
    terms: list[str] = []
    for i, clause in enumerate(query.positive):
        terms.extend(plan.get(i, clause.all_terms))
    return tuple(dict.fromkeys(terms))
