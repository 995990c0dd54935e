"""Search filters and facet dimensions over case metadata (combinable with any query)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from dxreader.core.model import Case
from dxreader.core.similarity import Place, place_of_case, same_size

UNKNOWN = "不明"  # facet label for a missing value (unknown band, unnamed municipality)
BODY_LABEL, LISTING_ONLY_LABEL = "本文あり", "目次のみ"  # facet labels of has_body


@dataclass(frozen=True)
class SearchFilters:
    """Empty means no restriction. `bands` may hold None for "population unknown"."""

    casebooks: frozenset[str] = field(default_factory=frozenset)
    category: tuple[str, ...] = ()  # a category subtree: the path from the casebook root
    place: tuple[str, ...] = ()  # a place subtree: (地方, 都道府県, 団体) as place_path() gives it
    prefectures: frozenset[str] = field(default_factory=frozenset)
    regions: frozenset[str] = field(default_factory=frozenset)
    kinds: frozenset[str] = field(default_factory=frozenset)
    bands: frozenset[str | None] = field(default_factory=frozenset)
    population_min: int | None = None
    population_max: int | None = None
    has_contact: bool | None = None
    has_body: bool | None = None  # True: cases with their text; False: listing-only cases
    case_ids: frozenset[str] | None = None
    similar_size_to: Place | None = None  # 同規模の団体: cases whose place is the same size (core.similarity)

    def accepts(self, case: Case, skip: str | None = None) -> bool:
        """Whether the case passes every filter (except the dimension named `skip`, for facets)."""
        checks: dict[str, Callable[[], bool]] = {
            "casebook": lambda: not self.casebooks or case.casebook in self.casebooks,
            "category": lambda: case.category[: len(self.category)] == self.category,
            "place": lambda: place_path(case)[: len(self.place)] == self.place,
            "prefecture": lambda: not self.prefectures or case.prefecture in self.prefectures,
            "region": lambda: not self.regions or case.region in self.regions,
            "kind": lambda: not self.kinds or case.kind in self.kinds,
            "band": lambda: not self.bands or case.population_band in self.bands,
            "population": lambda: self._population_ok(case.population),
            "has_contact": lambda: self.has_contact is None or bool(case.contacts) == self.has_contact,
            "has_body": lambda: self.has_body is None or case.has_body == self.has_body,
            "case_ids": lambda: self.case_ids is None or case.id in self.case_ids,
            "similar_size": lambda: self._similar_size_ok(case),
        }
        return all(check() for name, check in checks.items() if name != skip)

    def _similar_size_ok(self, case: Case) -> bool:
        if self.similar_size_to is None:
            return True
        place = place_of_case(case)
        return place is not None and same_size(self.similar_size_to, place)

    def _population_ok(self, population: int | None) -> bool:
        if self.population_min is None and self.population_max is None:
            return True
        if population is None:
            return False  # a range filter asks for a stated population
        return (self.population_min is None or population >= self.population_min) and (
            self.population_max is None or population <= self.population_max
        )


def place_path(case: Case) -> tuple[str, str, str]:
    """Where a case sits in the region tree: 地方 › 都道府県 › 団体 (不明 where the source does not say)."""
    municipality = case.municipality or UNKNOWN
    return (case.region or UNKNOWN, case.prefecture or UNKNOWN, municipality)


def _prefixes(path: tuple[str, ...]) -> list[str]:
    return [" › ".join(path[:n]) for n in range(1, len(path) + 1)]


# Facet dimension → (the filter it ignores while counting, the labels a case counts under)
FACETS: dict[str, tuple[str, Callable[[Case], list[str]]]] = {
    "band": ("band", lambda c: [c.population_band or UNKNOWN]),
    "prefecture": ("prefecture", lambda c: [c.prefecture or UNKNOWN]),
    "region": ("region", lambda c: [c.region or UNKNOWN]),
    "kind": ("kind", lambda c: [c.kind or UNKNOWN]),
    "casebook": ("casebook", lambda c: [c.casebook]),
    "category": ("category", lambda c: _prefixes(c.category)),
    "place": ("place", lambda c: _prefixes(place_path(c))),
    "has_contact": ("has_contact", lambda c: ["連絡先あり" if c.contacts else "連絡先なし"]),
    "has_body": ("has_body", lambda c: [BODY_LABEL if c.has_body else LISTING_ONLY_LABEL]),
}


def facet_counts(matched: Iterable[Case], filters: SearchFilters) -> dict[str, dict[str, int]]:
    """Counts per facet value among cases matching the query, each facet ignoring its own filter."""
    matched = list(matched)
    counts: dict[str, dict[str, int]] = {}
    for name, (skip, labels) in FACETS.items():
        counter: Counter[str] = Counter()
        for case in matched:
            if filters.accepts(case, skip=skip):
                counter.update(labels(case))
        counts[name] = dict(counter)
    return counts
