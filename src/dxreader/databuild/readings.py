"""Readings of the casebook's kanji words (窓口 → マドグチ), made once at build time with SudachiPy.

Search lets a word typed in kana find the same word written in kanji: it looks the kana up in the
`readings` table this module fills (normalised reading → the word as written).
The dictionary is used here only; the program reads the small table and never loads SudachiPy.

What goes in: every noun-like word (noun, adjectival noun, prefix, suffix) that holds a kanji, in
Sudachi's short (A) and long (C) units, and runs of up to MAX_RUN such consecutive units (行政+手続き →
行政手続き, ギョウセイテツヅキ), so a compound typed in kana as one word is found without query-time
guessing. Place names are left out: municipality readings come from the 総務省 code table, which the
place field already holds (みやこのじょう finds 都城市 there). Only the searchable text's own fields are
read, not our labels (place, category), as for synonyms.
"""

from __future__ import annotations

import importlib.metadata
import re
from collections.abc import Iterable
from typing import Any

from dxreader.core.analysis import normalize
from dxreader.core.model import Case
from dxreader.core.searchdoc import LABEL_FIELDS, searchable_fields
from dxreader.databuild.errors import BuildError

MAX_RUN = 3  # consecutive units joined into one entry (行政改革推進); longer runs are rarely typed as one word
_WORD_POS = ("名詞", "形状詞", "接頭辞", "接尾辞")
_KANJI = re.compile(r"[\u3400-\u9fff\uf900-\ufaff々]")
_KATAKANA = re.compile(r"[\u30a1-\u30fcー]+")


def dictionary_label() -> str:
    """Which analyser and dictionary made the readings (kept in the casebook's meta, part of its data version)."""
    try:
        return (f"sudachipy {importlib.metadata.version('sudachipy')}, "
                f"sudachidict-core {importlib.metadata.version('sudachidict-core')}")
    except importlib.metadata.PackageNotFoundError as exc:
        raise BuildError("読みの辞書がありません: pip install -e \".[test]\" で SudachiPy と辞書を入れてください") from exc


def _tokenizer() -> Any:
    dictionary_label()  # a clear message when the dictionary is missing
    from sudachipy import Dictionary

    return Dictionary(dict="core").tokenizer()


def _entries(morphemes: list[Any]) -> Iterable[tuple[str, str]]:
    for i in range(len(morphemes)):
        surface = reading = ""
        for m in morphemes[i:i + MAX_RUN]:
            pos = m.part_of_speech()
            if pos[0] not in _WORD_POS or pos[2] == "地名":
                break
            surface, reading = surface + m.surface(), reading + m.reading_form()
            if _KANJI.search(surface):
                yield reading, surface


def reading_rows(cases: Iterable[Case]) -> list[dict[str, str]]:
    """The `readings` table: distinct (reading, written form) pairs, sorted (a reproducible build). The reading
    is normalised (katakana, as search compares it); the form is kept as written, to be shown."""
    from sudachipy import SplitMode

    tokenizer = _tokenizer()
    pairs: set[tuple[str, str]] = set()
    for case in cases:
        for name, text in searchable_fields(case).items():
            if name in LABEL_FIELDS:
                continue
            for line in text.splitlines():
                if not _KANJI.search(line):
                    continue
                for mode in (SplitMode.A, SplitMode.C):
                    for reading, surface in _entries(list(tokenizer.tokenize(line, mode))):
                        reading = normalize(reading)
                        if _KATAKANA.fullmatch(reading) and reading != normalize(surface):
                            pairs.add((reading, surface))
    return [{"reading": r, "surface": s} for r, s in sorted(pairs)]
