"""Small behaviours of core/ that mutation testing (tests/bench/mutation.py) showed no test would notice."""

from __future__ import annotations

from dxreader.core.query import Clause, Synonyms, parse_query


def test_a_synonym_comment_ends_at_the_first_hash() -> None:
    synonyms = Synonyms.parse("CDO = 最高デジタル責任者 # 例: # 二つ目の # も注釈\n")
    assert synonyms.groups() == [("cdo", "最高デジタル責任者")]


def test_an_exclusion_before_a_word_still_lets_the_word_expand() -> None:
    synonyms = Synonyms.parse("CDO = 最高デジタル責任者\nRPA = ロボティック・プロセス・オートメーション\n")
    q = synonyms.expand(parse_query("-rpa cdo"))
    assert q.clauses == (Clause(("rpa",), True), Clause(("cdo",), False, ("最高デジタル責任者",)))
