"""A scale corpus whose vocabulary grows like a real one: new municipalities, titles and terms per case.

Copying the 78 real cases N times keeps the vocabulary fixed, so an index's dictionary and postings never
grow the way they would with 2,000 real cases. Here every case gets its own municipality (from
data/reference/municipality_codes.csv), a title and text mixed from fragments of the real sources, and a
few terms that no other case has (compounds of real words, new katakana names, new acronyms), so the
number of distinct terms keeps rising with the corpus (as Heaps' law says a real collection's does).
"""

from __future__ import annotations

import csv
import dataclasses
import random
import re
import unicodedata
from pathlib import Path

from dxreader.core.bands import TOP_BAND, band_for_population
from dxreader.core.model import Case, Contact, TextSection

REFERENCE = Path(__file__).resolve().parents[2] / "data" / "reference"
_SENTENCE = re.compile(r"[^。\n]{12,120}。")
_KATAKANA = re.compile(r"[ァ-ヴー]{3,10}")
_KANJI = re.compile(r"[一-龥]{2,4}")
_TITLE_PART = re.compile(r"[^、。・「」『』（）()\s!！]{4,24}")
_KIND = (("市", "市"), ("区", "区"), ("町", "町"), ("村", "村"))


def municipalities() -> list[dict[str, str]]:
    def rows(name: str) -> list[dict[str, str]]:
        with (REFERENCE / name).open(encoding="utf-8", newline="") as f:
            return list(csv.DictReader(f))

    regions = {r["prefecture"]: r["region"] for r in rows("prefectures.csv")}
    out = []
    for row in rows("municipality_codes.csv"):
        name = row["city"] or row["prefecture"]
        kind = "都道府県" if not row["city"] else next((k for s, k in _KIND if name.endswith(s)), "市")
        kana = unicodedata.normalize("NFKC", row["city_kana"] or row["prefecture_kana"])
        out.append({"code": row["code"], "name": name, "prefecture": row["prefecture"], "kind": kind, "kana": kana,
                    "region": regions.get(row["prefecture"], "")})
    return out


def _pools(cases: list[Case]) -> dict[str, list[str]]:
    texts = [s.text for c in cases for s in c.sections] + [a for c in cases for q in c.interview for a in (q.answer,)]
    joined = "\n".join(texts)
    return {
        "sentences": sorted(set(_SENTENCE.findall(joined))),
        "katakana": sorted(set(_KATAKANA.findall(joined))),
        "kanji": sorted(set(_KANJI.findall(joined))),
        "title_parts": sorted({p for c in cases for p in _TITLE_PART.findall(c.title)}),
        "departments": sorted({c.department for case in cases for c in case.contacts if c.department}),
    }


def _new_katakana(rng: random.Random, pool: list[str]) -> str:
    chars = [ch for word in rng.sample(pool, 3) for ch in word if ch != "ー"]
    return "".join(rng.sample(chars, min(len(chars), rng.randint(4, 7))))


def _novel_terms(rng: random.Random, pools: dict[str, list[str]]) -> list[str]:
    """Terms that (almost surely) no other case has: what makes the vocabulary grow."""
    return [
        rng.choice(pools["kanji"]) + rng.choice(pools["kanji"]),
        _new_katakana(rng, pools["katakana"]),
        "".join(rng.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZ") for _ in range(rng.randint(2, 4))),
        rng.choice(pools["katakana"]) + rng.choice(pools["kanji"]),
    ]


def generate(cases: list[Case], size: int, seed: int = 2000) -> list[Case]:
    """`size` new cases: the real ones first, then generated ones on municipalities not used yet."""
    rng = random.Random(seed)
    pools = _pools(cases)
    places = municipalities()
    rng.shuffle(places)
    out = list(cases[:size])
    for i in range(size - len(out)):
        place = places[i % len(places)]
        template = cases[i % len(cases)]
        novel = _novel_terms(rng, pools)
        title = (f"{novel[0]}と{rng.choice(pools['katakana'])}を活用した{rng.choice(pools['title_parts'])}"
                 f"（{novel[1]}）")

        def paragraph(n: int) -> str:
            text = "".join(rng.sample(pools["sentences"], n))
            return text + f"{place['name']}では{novel[2]}と{novel[3]}により{rng.choice(pools['kanji'])}を進めた。"

        population = None if place["kind"] == "都道府県" else rng.randint(800, 3_700_000)
        out.append(dataclasses.replace(
            template,
            id=f"scale-{place['code']}-{i}",
            title=title,
            municipality=place["name"], prefecture=place["prefecture"], kind=place["kind"],
            municipality_code=place["code"], municipality_kana=place["kana"], region=place["region"],
            population=population, population_as_of="2024-01-01" if population else None,
            population_band=band_for_population(population) if population else TOP_BAND,
            has_body=True, municipality_note=None,
            sections=(TextSection("point", paragraph(1)), TextSection("overview", paragraph(rng.randint(3, 7))),
                      TextSection("effects", paragraph(rng.randint(1, 4)))),
            contacts=(Contact(f"{place['name']}{rng.choice(pools['departments'])}",
                              f"0{rng.randint(10, 99)}-{rng.randint(100, 999)}-{rng.randint(1000, 9999)}"),),
            interview=(), links=(), awards=(), costs=(), schedule=None, vendors=(),
        ))
    return out
