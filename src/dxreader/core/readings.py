"""Readings: a word typed wholly in kana (まどぐち, マドグチ) also finds the words written in kanji that read so.

The table (reading → written forms) comes from the casebook (databuild.readings, made with a dictionary at
build time); here it is only looked up. A word that mixes kana with kanji or Latin letters (まど口, 窓ぐち,
DXすいしん) is taken as typed: its kana is an inflection or part of the word, not a reading. A reading
match is no exact match: the service shows it apart, after the exact ones (「読みが一致」).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from itertools import combinations, islice, product

from dxreader.core.analysis import normalize
from dxreader.core.query import Clause, Query

MIN_KANA = 2  # one kana reads as dozens of kanji (か: 課, 化, 科, 下 …): no reading is looked up for it
MAX_SURFACES = 24  # written forms per typed word, shortest first (a longer one contains a shorter one anyway)
_KANA_WORD = re.compile(r"[\u30a1-\u30faー]+")  # normalised text: hiragana is folded into katakana


def is_kana_word(norm_term: str) -> bool:
    return len(norm_term) >= MIN_KANA and bool(_KANA_WORD.fullmatch(norm_term)) and norm_term.strip("ー") != ""


class Readings:
    """Looks up the written forms of a kana word: normalised, to search for, and as written, to show."""

    def __init__(self, table: Mapping[str, tuple[str, ...]]) -> None:
        """`table`: normalised reading → the words that read so, as written (the casebook's `readings`)."""
        self._table = table
        self._shown: dict[str, str] = {}

    def surfaces(self, norm_term: str) -> tuple[str, ...]:
        """The normalised written forms of a kana word (none for a word that is not all kana): the table's own,
        else the words of two or three readings in a row (まどぐちかいかく → 窓口改革, a compound the text may
        write only where the table does not look, such as a section name)."""
        if not is_kana_word(norm_term):
            return ()
        found = self._forms(norm_term) or self._joined(norm_term)
        return tuple(f for f in found if f != norm_term)[:MAX_SURFACES]

    def _forms(self, reading: str) -> list[str]:
        forms: dict[str, None] = {}
        for written in self._table.get(reading, ()):
            form = normalize(written)
            self._shown.setdefault(form, written)
            forms[form] = None
        return sorted(forms, key=lambda s: (len(s), s))

    def _joined(self, kana: str) -> list[str]:
        for pieces in (2, 3):  # fewest pieces first: a longer word is likelier what was meant
            joined: list[str] = []
            for cut in combinations(range(MIN_KANA, len(kana) - MIN_KANA + 1), pieces - 1):
                bounds = (0, *cut, len(kana))
                if any(b - a < MIN_KANA for a, b in zip(bounds, bounds[1:])):
                    continue
                forms = [self._forms(kana[a:b]) for a, b in zip(bounds, bounds[1:])]
                joined.extend("".join(combo) for combo in islice(product(*forms), MAX_SURFACES))
            if joined:
                return sorted(dict.fromkeys(joined), key=lambda s: (len(s), s))
        return []

    def shown(self, form: str) -> str:
        """A normalised written form as the casebook writes it (手続キ → 手続き)."""
        return self._shown.get(form, form)

    def expand(self, query: Query) -> Query | None:
        """The query with each positive kana word's written forms added as alternatives; None when no typed
        word has a reading in the table (then there are no reading matches to look for)."""
        clauses, added = [], False
        for clause in query.clauses:
            extra = () if clause.negated else tuple(s for a in clause.alternatives for s in self.surfaces(a))
            extra = tuple(s for s in dict.fromkeys(extra) if s not in clause.alternatives)
            added = added or bool(extra)
            clauses.append(Clause(clause.alternatives + extra, clause.negated, clause.expansions, parts=clause.parts,
                                  readings=extra) if extra else clause)
        return Query(tuple(clauses), query.truncated) if added else None

    @staticmethod
    def terms(query: Query) -> tuple[str, ...]:
        """The written forms found for the typed words (what a reading match highlights, besides them)."""
        return tuple(dict.fromkeys(s for c in query.positive for s in c.readings))
