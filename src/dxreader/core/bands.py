"""The casebook's population bands (its legend) and how a stated population maps onto them."""

from __future__ import annotations

BAND_LABELS: tuple[str, ...] = (
    "1万人未満",
    "1万人以上5万人未満",
    "5万人以上10万人未満",
    "10万人以上30万人未満",
    "30万人以上・都道府県",
)
TOP_BAND = BAND_LABELS[-1]

# The legend of the 体制整備 casebook marks each case with one of these; no mark means the top band.
LEGEND_MARKS: dict[str, str] = {
    "①": BAND_LABELS[0],
    "⑤": BAND_LABELS[1],
    "⑩": BAND_LABELS[2],
    "③⑩": BAND_LABELS[3],
    "": TOP_BAND,
}

_UPPER_BOUNDS = (10_000, 50_000, 100_000, 300_000)


def band_for_population(population: int) -> str:
    """The legend band a stated population falls in (municipalities; prefectures are always top)."""
    for bound, label in zip(_UPPER_BOUNDS, BAND_LABELS):
        if population < bound:
            return label
    return TOP_BAND
