"""The user's own local government (自分の団体): the directory to pick it from, and what it means for a search.

The GUI and the console tool both use it: the picker lists `find()`'s answers; `--near` goes through
`resolve()`; both turn the chosen place into a sort and a filter with `NearHome`."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, replace

from dxreader.core.filters import SearchFilters
from dxreader.core.model import Case
from dxreader.core.municipalities import Municipality, find, match_rank
from dxreader.core.similarity import Place, place_of_case, reason

MAX_CANDIDATES_LISTED = 10  # an ambiguous name lists this many candidates in its error message


class PlaceNotFound(ValueError):
    """A name or code that finds no local government, or finds several (the message lists them)."""


class Directory:
    """All 1,788 prefectures and municipalities of the casebook's code table, in code order."""

    def __init__(self, municipalities: list[Municipality]) -> None:
        self.municipalities = municipalities
        self._by_code = {m.code: m for m in municipalities}

    def __len__(self) -> int:
        return len(self.municipalities)

    def get(self, code: str) -> Municipality | None:
        return self._by_code.get(code)

    def find(self, text: str) -> list[Municipality]:
        return find(self.municipalities, text)

    def resolve(self, text: str) -> Municipality:
        """A 6-digit code, or a name or reading that finds one place better than any other (塩尻市, 長野県塩尻市,
        しおじり); a name that fits several equally (府中市, 長野) or none raises PlaceNotFound, in Japanese."""
        typed = unicodedata.normalize("NFKC", text).strip()
        if not typed:
            raise PlaceNotFound("団体名か団体コードを指定してください（例: 塩尻市、202151）")
        if typed.isdigit():
            found = self._by_code.get(typed)
            if found is None:
                raise PlaceNotFound(f"団体コード「{typed}」の団体はありません（6桁の全国地方公共団体コードを指定してください）")
            return found
        ranked = [(rank, m) for m in self.municipalities if (rank := match_rank(m, typed)) is not None]
        best = min((rank for rank, _ in ranked), default=0)
        whole = ([m for _, m in ranked if typed in (m.full_name, m.name)]
                 or [m for rank, m in ranked if rank == best])
        if len(whole) == 1:
            return whole[0]
        if not whole:
            raise PlaceNotFound(f"「{typed}」に当てはまる団体はありません（団体名・よみがな・団体コードで指定できます）")
        listed = "、".join(f"{m.label()} {m.code}" for m in whole[:MAX_CANDIDATES_LISTED])
        more = f" ほか{len(whole) - MAX_CANDIDATES_LISTED}団体" if len(whole) > MAX_CANDIDATES_LISTED else ""
        raise PlaceNotFound(f"「{typed}」に当てはまる団体が{len(whole)}つあります: {listed}{more}。"
                            f"都道府県名をつけるか（例: {whole[-1].full_name}）、団体コードで指定してください")


@dataclass(frozen=True)
class NearHome:
    """The search settings that follow from the user's own place: sort by closeness, keep same-size ones."""

    home: Municipality | None

    @property
    def place(self) -> Place | None:
        return self.home.place if self.home else None

    def filters(self, base: SearchFilters, similar_size: bool) -> SearchFilters:
        """`base` with 「同規模の団体」 added when asked for (and a home is chosen)."""
        if not similar_size or self.home is None:
            return base
        return replace(base, similar_size_to=self.home.place)

    def why(self, case: Case) -> str:
        """The card's reason: 「人口 6.7万人・同じ県」; say so when the case names no local government."""
        if self.home is None:
            return ""
        other = place_of_case(case)
        return "団体の記載なし" if other is None else reason(self.home.place, other)
