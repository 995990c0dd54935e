"""From parsed entries to final cases: merge listings, resolve municipalities, bands and stable IDs."""

from __future__ import annotations

import csv
import difflib
import unicodedata
from collections import Counter
from dataclasses import dataclass, replace
from pathlib import Path

from dxreader.core.bands import LEGEND_MARKS, TOP_BAND, band_for_population
from dxreader.core.model import Case
from dxreader.core.population import CASE, CENSUS_2020, CENSUS_2020_DATE, wareki_to_iso
from dxreader.databuild.cleantext import Cleaner
from dxreader.databuild.errors import BuildError
from dxreader.databuild.raw import RawCase
from dxreader.databuild.reference import Municipality, ReferenceTables

# Order of the casebooks in the tree; the series key is also the first part of every case ID.
SERIES_ORDER = ("taisei", "jinzai", "gyomu", "dxtaisho2022", "award", "press")
UNNAMED_MUNICIPALITY = "出典に団体名の記載がありません"


@dataclass(frozen=True)
class CaseKey:
    """A curated suffix that tells apart cases sharing series and municipality (or having none)."""

    series: str
    place: str
    title_contains: str
    key: str
    reason: str


def load_case_keys(path: Path) -> list[CaseKey]:
    with path.open(encoding="utf-8", newline="") as f:
        return [CaseKey(**row) for row in csv.DictReader(f)]


def _similarity(a: str, b: str) -> float:
    norm = lambda s: unicodedata.normalize("NFKC", s)  # noqa: E731
    return difflib.SequenceMatcher(None, norm(a), norm(b)).ratio()


def merge_listings(full: list[RawCase], listed: list[RawCase], merge: set[str]) -> list[RawCase]:
    """Listing entries of a casebook we hold in full become extra 出典 of the full case.

    The match is the same series and municipality; where a municipality has several cases in
    the series, the most similar title wins. An entry that finds no full case fails the build:
    a listing of the same casebook must not quietly add a duplicate.
    """
    result = list(full)
    for entry in listed:
        if entry.series not in merge:
            result.append(entry)
            continue
        candidates = [c for c in full if c.series == entry.series and c.place == entry.place]
        if not candidates:
            raise BuildError(
                f"旧版目次の事例「{entry.title}」（{entry.place}）に対応する事例が体制整備事例集にありません"
            )
        best = max(candidates, key=lambda c: _similarity(c.title, entry.title))
        best.also_listed.append(replace(entry.source, role="secondary"))
    return result


def _case_key(case: RawCase, keys: list[CaseKey]) -> str | None:
    matches = [
        k for k in keys
        if k.series == case.series and k.place == (case.place or "") and k.title_contains in case.title
    ]
    if len(matches) > 1:
        raise BuildError(f"case_keys.csv の複数の行が事例「{case.title}」に当てはまります")
    return matches[0].key if matches else None


def case_id(series: str, code: str | None, key: str | None) -> str:
    """The stable ID: series, official municipality code, and a curated key only where needed.

    Nothing in it depends on order, page, edition or the exact title, so it survives a rebuild,
    re-ordered sources and a new edition of a casebook.
    """
    return "-".join(part for part in (series, code, key) if part)


@dataclass(frozen=True)
class Population:
    figure: int | None
    as_of: str | None  # ISO date
    source: str | None  # core.population.CASE / CENSUS_2020
    note: str | None  # why the figure is unknown


def load_unknown_populations(path: Path) -> dict[str, str]:
    """Municipality code → why the census has no figure for it (data/curation/population_unknown.csv)."""
    with path.open(encoding="utf-8", newline="") as f:
        return {row["code"]: row["reason"] for row in csv.DictReader(f)}


def _population(case: RawCase, municipality: Municipality | None, unknown: dict[str, str]) -> Population:
    """The case's own figure where its source states one, else the 2020 census figure of its municipality.

    A figure is never taken from another case of the same municipality; a municipality the census
    has no figure for stays unknown, with the curated reason (a missing reason fails the build).
    """
    if case.population is not None:
        if case.population_as_of is None:
            raise BuildError(f"人口の時点が読み取れません: {case.title}")
        try:
            as_of = wareki_to_iso(case.population_as_of)
        except ValueError as exc:
            raise BuildError(f"{exc}（{case.title}）") from None
        return Population(case.population, as_of, CASE, None)
    if municipality is None:
        return Population(None, None, None, None)
    if municipality.population_2020 is not None:
        return Population(municipality.population_2020, CENSUS_2020_DATE, CENSUS_2020, None)
    reason = unknown.get(municipality.code)
    if reason is None:
        raise BuildError(
            f"{municipality.prefecture}{municipality.city}の令和2年国勢調査の人口が空欄です。"
            "data/curation/population_unknown.csv に理由を登録してください"
        )
    return Population(None, None, None, reason)


def _band(case: RawCase, municipality: Municipality | None, population: int | None) -> str | None:
    """The band follows from the figure; a legend mark the casebook prints must agree with it."""
    if municipality is not None and municipality.kind == "都道府県":
        if case.band_mark:
            raise BuildError(f"都道府県の事例に人口区分の記号があります: {case.title}")
        return TOP_BAND
    stated = band_for_population(population) if population is not None else None
    marked = LEGEND_MARKS.get(case.band_mark) if case.band_mark is not None else None
    if case.band_mark is not None and marked is None:
        raise BuildError(f"凡例にない人口区分の記号「{case.band_mark}」: {case.title}")
    if stated and marked and stated != marked:
        raise BuildError(f"人口（{case.population_text}）と凡例の記号（{case.band_mark}）が合いません: {case.title}")
    return stated or marked


def finalize(raw_cases: list[RawCase], tables: ReferenceTables, keys: list[CaseKey],
             unknown_populations: dict[str, str] | None = None, cleaner: Cleaner | None = None) -> list[Case]:
    cases: list[Case] = []
    unknown_populations = unknown_populations or {}
    cleaner = cleaner or Cleaner()
    for raw in sorted(raw_cases, key=lambda c: (SERIES_ORDER.index(c.series), c.source.number or 0)):
        municipality = tables.resolve(raw.place) if raw.place else None
        population = _population(raw, municipality, unknown_populations)
        key = _case_key(raw, keys)
        if municipality is None and key is None:
            raise BuildError(
                f"団体名のない事例「{raw.title}」には data/curation/case_keys.csv で理由とキーを登録してください"
            )
        cases.append(cleaner.case(Case(
            id=case_id(raw.series, municipality.code if municipality else None, key),
            title=raw.title, casebook=raw.casebook, category=raw.category,
            municipality=municipality.name if municipality else None,
            prefecture=municipality.prefecture if municipality else None,
            kind=municipality.kind if municipality else None,
            municipality_code=municipality.code if municipality else None,
            municipality_kana=municipality.kana if municipality else None,
            region=tables.region_of(municipality.prefecture) if municipality else None,
            population=population.figure, population_as_of=population.as_of,
            population_band=_band(raw, municipality, population.figure), population_source=population.source,
            population_note=population.note, has_body=raw.has_body,
            municipality_note=None if municipality else UNNAMED_MUNICIPALITY,
            sources=(raw.source, *raw.also_listed), sections=tuple(raw.sections), costs=tuple(raw.costs),
            schedule=raw.schedule, vendors=tuple(raw.vendors), contacts=tuple(raw.contacts),
            interview=tuple(raw.interview), interview_credit=raw.interview_credit,
            links=tuple(raw.links), awards=tuple(raw.awards),
        )))
    clashes = [i for i, n in Counter(c.id for c in cases).items() if n > 1]
    if clashes:
        raise BuildError(
            f"事例IDが重複しています: {clashes}。同じ団体の事例が同じ事例集に複数あるときは "
            "data/curation/case_keys.csv にキーを登録してください"
        )
    return cases
