"""Every prefecture and municipality of the code table, and finding one by name, reading (kana) or code."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from dxreader.core.population import CENSUS_2020, figure_text
from dxreader.core.similarity import PREFECTURE, Place, kind_of
from dxreader.core.text import fold_kana

# How the reading of a name's last character is spelled, so that しおじり finds シオジリシ as its whole name.
_SUFFIX_READINGS = {"市": ("シ",), "区": ("ク",), "町": ("マチ", "チョウ"), "村": ("ムラ", "ソン"),
                    "都": ("ト",), "道": ("ドウ",), "府": ("フ",), "県": ("ケン",)}


@dataclass(frozen=True)
class Municipality:
    """One row of the 全国地方公共団体コード table with its 2020 census population and its region."""

    code: str
    prefecture: str
    city: str  # "" for the prefecture itself
    prefecture_kana: str  # full-width katakana
    city_kana: str
    population_2020: int | None  # 令和2年国勢調査; None where the census gives no figure (福島県双葉町)
    table_kind: str  # the code table's kind: 都道府県 / 市 / 区 / 町 / 村
    region: str

    @property
    def name(self) -> str:
        return self.city or self.prefecture

    @property
    def full_name(self) -> str:
        """「長野県塩尻市」; a prefecture by its own name."""
        return f"{self.prefecture}{self.city}"

    @property
    def reading(self) -> str:
        return self.city_kana or self.prefecture_kana

    @property
    def kind(self) -> str:
        return kind_of(self.code, self.table_kind)

    @property
    def population_text(self) -> str:
        return figure_text(self.population_2020, CENSUS_2020) if self.population_2020 else "不明"

    @property
    def place(self) -> Place:
        return Place(self.code, self.name, self.prefecture, self.region, self.kind, self.population_2020,
                     CENSUS_2020 if self.population_2020 else None)

    def label(self) -> str:
        """「塩尻市（長野県）」: a name with what tells same-named places apart."""
        return self.prefecture if self.table_kind == PREFECTURE else f"{self.city}（{self.prefecture}）"


def _fold(text: str) -> str:
    """What is compared: NFKC, no spaces, hiragana as katakana (しおじり, シオジリ and ｼｵｼﾞﾘ read alike)."""
    return fold_kana(unicodedata.normalize("NFKC", text)).replace(" ", "").replace("\u3000", "")


def _stems(name: str, reading: str) -> tuple[str, ...]:
    """The name and its reading without the kind (塩尻市 → 塩尻, シオジリシ → シオジリ)."""
    stems = [name[:-1]] if len(name) > 1 else []
    stems += [reading[: -len(r)] for r in _SUFFIX_READINGS.get(name[-1:], ()) if reading.endswith(r) and reading != r]
    return tuple(stems)


def match_rank(m: Municipality, text: str) -> int | None:
    """How well a typed text finds the municipality (lower is better), None when it does not. Each word
    (space-separated) must match its name, its prefecture, a reading or its code: 0 the whole name, 1 the
    start of it, 2 a part of it; a word that matches only the prefecture counts 3 (長野 lists 長野県 and 長野市
    before the other places in 長野県)."""
    words = [_fold(w) for w in unicodedata.normalize("NFKC", text).split()]
    words = [w for w in words if w]
    if not words:
        return 0
    name, reading, full, prefecture = _fold(m.name), m.reading, _fold(m.full_name), _fold(m.prefecture)
    stems = _stems(name, reading)
    total = 0
    for word in words:
        if word.isdigit():
            if not m.code.startswith(word):
                return None
            continue
        if word in (name, reading, full) or word in stems:
            total += 0
        elif name.startswith(word) or reading.startswith(word) or full.startswith(word):
            total += 1
        elif word in name or word in reading or word in full:
            total += 2
        elif m.city and (prefecture.startswith(word) or m.prefecture_kana.startswith(word)):
            total += 3
        else:
            return None
    return total


def find(municipalities: list[Municipality], text: str) -> list[Municipality]:
    """The municipalities the text finds, best first; in code order (north to south) at equal rank."""
    ranked = [(rank, m.code, m) for m in municipalities if (rank := match_rank(m, text)) is not None]
    return [m for _, _, m in sorted(ranked, key=lambda r: (r[0], r[1]))]
