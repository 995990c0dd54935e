"""How alike two local governments are (for 「自分の団体に近い順」 and 「同規模の団体」): the one definition.

Closeness is, in this order: population on a log scale (a town of 5,000 is as far from one of 10,000 as a city
of 50万 is from one of 100万), then the same prefecture, then the same region (地方), then the same kind of
local government. Populations count in steps of POPULATION_STEP (a ratio of about 1.26), so that two places
of nearly the same size are told apart by prefecture, region and kind rather than by a few hundred people.

"Same size" (同規模) is a population within a factor of SAME_SIZE_FACTOR either way, among municipalities, or
among prefectures: a prefecture does another job than a city of the same population. A factor rather than
the casebook's population bands, because a band has edges (9.9万 and 10.1万 fall in different bands, 5万 and
9.9万 in the same) and its top band lumps a 30万 city together with every prefecture.

The kinds are what the 全国地方公共団体コード defines: a 市 whose code has 1 as its third digit is a 政令指定都市
(the 100-series of JIS X 0402), a 区 in the code table is one of 東京都's 特別区. The code does not mark a
中核市, so the reader does not tell one apart from other cities.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from dxreader.core.model import Case
from dxreader.core.population import figure_text

POPULATION_STEP = 0.1  # log10 units: one step is a population ratio of 10**0.1 ≈ 1.26
SAME_SIZE_FACTOR = 2.0  # 同規模: from half to twice the population
PREFECTURE = "都道府県"
DESIGNATED_CITY = "政令市"
SPECIAL_WARD = "特別区"


def kind_of(code: str, kind: str) -> str:
    """政令市 / 市 / 特別区 / 町 / 村 / 都道府県, from the code table's kind (都道府県/市/区/町/村) and the code."""
    if kind == "市" and len(code) == 6 and code[2] == "1":
        return DESIGNATED_CITY
    if kind == "区":
        return SPECIAL_WARD
    return kind


@dataclass(frozen=True)
class Place:
    """A local government as far as likeness goes. `population_source` says where the figure comes from
    (core.population.CASE or CENSUS_2020), so that a reason can print it as the reader prints it elsewhere."""

    code: str
    name: str  # 塩尻市; the prefecture itself for a prefecture
    prefecture: str
    region: str
    kind: str  # one of kind_of()'s answers
    population: int | None
    population_source: str | None = None

    @property
    def is_prefecture(self) -> bool:
        return self.kind == PREFECTURE


def place_of_case(case: Case) -> Place | None:
    """The case's local government, with the population the reader shows for the case (the figure the case
    states, else the 2020 census); None for a case whose source names no local government."""
    if not case.municipality_code or not case.prefecture or not case.kind:
        return None
    return Place(case.municipality_code, case.municipality or case.prefecture, case.prefecture, case.region or "",
                 kind_of(case.municipality_code, case.kind), case.population, case.population_source)


def population_distance(a: Place, b: Place) -> float | None:
    """|log10(a) − log10(b)|; None when either population is unknown."""
    if not a.population or not b.population:
        return None
    return abs(math.log10(a.population) - math.log10(b.population))


@dataclass(frozen=True)
class Closeness:
    distance: float | None  # population_distance(); None when unknown
    same_prefecture: bool
    same_region: bool
    same_kind: bool

    def sort_key(self) -> tuple[float, bool, bool, bool, float]:
        """Smaller is closer: the population step, then prefecture, region, kind; then the exact distance.
        An unknown population comes after every known one."""
        steps = math.inf if self.distance is None else math.floor(self.distance / POPULATION_STEP + 1e-9)
        exact = math.inf if self.distance is None else self.distance
        return (steps, not self.same_prefecture, not self.same_region, not self.same_kind, exact)


def closeness(home: Place, other: Place) -> Closeness:
    return Closeness(population_distance(home, other), home.prefecture == other.prefecture,
                     bool(home.region) and home.region == other.region, home.kind == other.kind)


def same_size(home: Place, other: Place) -> bool:
    """同規模: both populations known, within SAME_SIZE_FACTOR of each other, and both prefectures or both not."""
    distance = population_distance(home, other)
    return (distance is not None and distance <= math.log10(SAME_SIZE_FACTOR) + 1e-12
            and home.is_prefecture == other.is_prefecture)


def reason(home: Place, other: Place) -> str:
    """Why a case counts as near, for its result card: 「人口 6.7万人・同じ県・同じ種類（市）」."""
    how = closeness(home, other)
    population = (f"人口 {figure_text(other.population, other.population_source)}" if other.population
                  else "人口不明")
    parts = ["自分の団体"] if other.code == home.code else []
    parts.append(population)
    if how.same_prefecture and other.code != home.code:
        parts.append(f"同じ{home.prefecture[-1]}")  # 同じ県 / 同じ都 / 同じ道 / 同じ府
    elif how.same_region and not how.same_prefecture:
        parts.append(f"同じ地方（{other.region}）")
    if how.same_kind:
        parts.append(f"同じ種類（{other.kind}）")
    return "・".join(parts)
