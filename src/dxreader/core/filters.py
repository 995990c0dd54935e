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
        failed = self.failures(case)
        return not failed or failed == [skip]

    def failures(self, case: Case) -> list[str]:
        """The filter dimensions the case does not pass (checked inline: this runs for every case per search)."""
        failed = []
        if self.casebooks and case.casebook not in self.casebooks:
            failed.append("casebook")
        if self.category and case.category[: len(self.category)] != self.category:
            failed.append("category")
        if self.place and place_path(case)[: len(self.place)] != self.place:
            failed.append("place")
        if self.prefectures and case.prefecture not in self.prefectures:
            failed.append("prefecture")
        if self.regions and case.region not in self.regions:
            failed.append("region")
        if self.kinds and case.kind not in self.kinds:
            failed.append("kind")
        if self.bands and case.population_band not in self.bands:
            failed.append("band")
        if not self._population_ok(case.population):
            failed.append("population")
        if self.has_contact is not None and bool(case.contacts) != self.has_contact:
            failed.append("has_contact")
        if self.has_body is not None and case.has_body != self.has_body:
            failed.append("has_body")
        if self.case_ids is not None and case.id not in self.case_ids:
            failed.append("case_ids")
        if not self._similar_size_ok(case):
            failed.append("similar_size")
        return failed

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


class FacetLabels:
    """Each case's labels per facet, worked out once (a search counts them for every matching case)."""

    def __init__(self) -> None:
        self._labels: dict[str, tuple[tuple[str, str], ...]] = {}

    def of(self, case: Case) -> tuple[tuple[str, str], ...]:
        """(facet, label) for every label of every facet."""
        labels = self._labels.get(case.id)
        if labels is None:
            labels = self._labels[case.id] = tuple((name, v) for name, (_, of) in FACETS.items() for v in of(case))
        return labels


def facet_counts(matched: Iterable[Case], filters: SearchFilters,
                 labels: FacetLabels | None = None) -> dict[str, dict[str, int]]:
    """Counts per facet value among cases matching the query, each facet ignoring its own filter.

    Each case's filters are checked once: it counts in every facet when it passes them all, and in the one
    facet whose own filter it fails when that is the only one."""
    labels = labels or FacetLabels()
    skipped_by = {skip: name for name, (skip, _) in FACETS.items()}
    counted: list[tuple[str, str]] = []
    for case in matched:
        failed = filters.failures(case)
        if not failed:
            counted.extend(labels.of(case))
        elif len(failed) == 1 and failed[0] in skipped_by:
            facet = skipped_by[failed[0]]
            counted.extend(pair for pair in labels.of(case) if pair[0] == facet)
    counts: dict[str, dict[str, int]] = {name: {} for name in FACETS}
    for (facet, label), n in Counter(counted).items():
        counts[facet][label] = n
    return counts
