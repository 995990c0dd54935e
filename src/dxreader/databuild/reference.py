"""総務省's local-government code table, the prefecture/region table and the 2020 census: names → codes, populations."""

from __future__ import annotations

import csv
from dataclasses import dataclass, replace
from pathlib import Path

from dxreader.core.text import kana_reading
from dxreader.databuild.errors import BuildError

KINDS = ("都道府県", "市", "区", "町", "村")


@dataclass(frozen=True)
class Municipality:
    code: str
    prefecture: str
    city: str  # "" for the prefecture itself
    prefecture_kana: str
    city_kana: str
    population_2020: int | None = None  # 令和2年国勢調査; None where the census gives no figure

    @property
    def kind(self) -> str:
        if not self.city:
            return "都道府県"
        suffix = self.city[-1]
        if suffix not in KINDS:
            raise BuildError(f"団体の種類がわかりません: {self.prefecture}{self.city}")
        return suffix

    @property
    def name(self) -> str:
        return self.city or self.prefecture

    @property
    def kana(self) -> str:
        return self.city_kana or self.prefecture_kana


@dataclass(frozen=True)
class Prefecture:
    code: str
    name: str
    region: str


class ReferenceTables:
    """Lookup of municipalities by printed name ("福島県西会津町", "大分県")."""

    def __init__(self, municipalities: list[Municipality], prefectures: list[Prefecture]) -> None:
        self.municipalities = municipalities
        self.prefectures = {p.name: p for p in prefectures}
        self._by_name = {(m.prefecture, m.city): m for m in municipalities}
        # Longest first, so that a name is split at the prefecture it really starts with.
        self._prefecture_names = sorted(self.prefectures, key=len, reverse=True)

    @classmethod
    def load(cls, reference_dir: Path) -> ReferenceTables:
        with (reference_dir / "municipality_codes.csv").open(encoding="utf-8", newline="") as f:
            municipalities = [
                Municipality(
                    r["code"], r["prefecture"], r["city"],
                    kana_reading(r["prefecture_kana"]), kana_reading(r["city_kana"]),
                )
                for r in csv.DictReader(f)
            ]
        municipalities = _with_census(municipalities, reference_dir / "population_2020.csv")
        with (reference_dir / "prefectures.csv").open(encoding="utf-8", newline="") as f:
            prefectures = [Prefecture(r["code"], r["prefecture"], r["region"]) for r in csv.DictReader(f)]
        if len(prefectures) != 47:
            raise BuildError(f"都道府県表は47行のはずですが {len(prefectures)} 行です")
        return cls(municipalities, prefectures)

    def split(self, place: str) -> tuple[str, str]:
        """"福島県西会津町" → ("福島県", "西会津町"); "大分県" → ("大分県", "")."""
        for name in self._prefecture_names:
            if place.startswith(name):
                return name, place[len(name):]
        raise BuildError(f"都道府県名で始まらない団体名です: 「{place}」（訂正ファイルか例外の登録が必要です）")

    def resolve(self, place: str) -> Municipality:
        prefecture, city = self.split(place)
        found = self._by_name.get((prefecture, city))
        if found is None:
            raise BuildError(
                f"団体名「{place}」が全国地方公共団体コード表にありません"
                "（OCRの誤りなら data/curation/corrections.csv に訂正を登録してください）"
            )
        return found

    def region_of(self, prefecture: str) -> str:
        return self.prefectures[prefecture].region


def _with_census(municipalities: list[Municipality], path: Path) -> list[Municipality]:
    """Each municipality with its census figure; the census file must list exactly the code table's rows."""
    with path.open(encoding="utf-8", newline="") as f:
        census = {r["code"]: r for r in csv.DictReader(f)}
    if set(census) != {m.code for m in municipalities}:
        raise BuildError(f"{path.name} の団体コードが全国地方公共団体コード表と一致しません")
    result = []
    for m in municipalities:
        row = census[m.code]
        if (row["prefecture"], row["city"]) != (m.prefecture, m.city):
            raise BuildError(f"{path.name} の団体名が団体コード {m.code} と一致しません: {row['prefecture']}{row['city']}")
        figure = row["population_2020"].strip()
        result.append(replace(m, population_2020=int(figure) if figure else None))
    return result
