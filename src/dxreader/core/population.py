"""A case's population: where the figure comes from, its date, and how the reader writes it out."""

from __future__ import annotations

import re
from typing import Protocol

CASE = "case"  # the figure the case's own source states (【参考情報】 in the 体制整備 casebook)
CENSUS_2020 = "census2020"  # 総務省統計局「令和2年国勢調査」, for a case whose source states none
POPULATION_SOURCES = (CASE, CENSUS_2020)
CENSUS_2020_DATE = "2020-10-01"  # the census's survey date
CENSUS_2020_LABEL = "令和2年国勢調査"

_ERAS = {"令和": 2018, "平成": 1988}  # first year of the era minus one
_WAREKI = re.compile(r"^(?P<era>令和|平成)(?P<year>元|\d{1,2})年(?P<month>\d{1,2})月(?P<day>\d{1,2})日$")
_ISO = re.compile(r"^(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})$")


class HasPopulation(Protocol):
    population: int | None
    population_as_of: str | None
    population_source: str | None
    population_note: str | None


def wareki_to_iso(text: str) -> str:
    """"令和5年1月1日" → "2023-01-01" (the date as a source prints it, made sortable)."""
    m = _WAREKI.match(text.strip())
    if not m:
        raise ValueError(f"和暦の日付として読めません: {text}")
    year = 1 if m["year"] == "元" else int(m["year"])
    return f"{_ERAS[m['era']] + year:04d}-{int(m['month']):02d}-{int(m['day']):02d}"


def iso_to_wareki(iso: str) -> str:
    """"2023-01-01" → "令和5年1月1日" (from 2019-05-01 on; earlier dates in 平成)."""
    m = _ISO.match(iso)
    if not m:
        return iso
    year, month, day = int(m["year"]), int(m["month"]), int(m["day"])
    era = "令和" if (year, month) >= (2019, 5) else "平成"
    number = year - _ERAS[era]
    return f"{era}{'元' if number == 1 else number}年{month}月{day}日"


def figure_text(population: int, source: str | None) -> str:
    """A case's own figure as printed (in 万人, to the digit it states); a census figure to 0.1万人."""
    if source == CASE:
        return f"{population / 10_000:g}万人"
    if population < 10_000:
        return f"{population:,}人"
    return f"{population / 10_000:.1f}万人"


def source_text(item: HasPopulation) -> str:
    """Where the figure comes from, in words: 「令和2年国勢調査」 or 「令和6年2月29日現在・事例の記載」."""
    if item.population_source == CENSUS_2020:
        return CENSUS_2020_LABEL
    if item.population_source == CASE:
        date = f"{iso_to_wareki(item.population_as_of)}現在・" if item.population_as_of else ""
        return f"{date}事例の記載"
    return ""


def population_label(item: HasPopulation) -> str:
    """「6.7万人（令和2年国勢調査）」, or why the population is not known."""
    if item.population is None:
        return f"人口不明（{item.population_note or '出典に記載なし'}）"
    return f"{figure_text(item.population, item.population_source)}（{source_text(item)}）"
