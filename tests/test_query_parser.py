"""The query language: what people type, including nonsense, always parses; never an exception."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from dxreader.core.query import Clause, Synonyms, parse_query


def test_words_or_exclusion_phrase():
    q = parse_query('ＤＸ推進　RPA OR ai-ocr -神戸市 "デジタル 推進"')
    assert q.clauses == (
        Clause(("dx推進",)), Clause(("rpa", "ai-ocr")), Clause(("神戸市",), negated=True), Clause(("デジタル 推進",)),
    )


def test_not_keyword_and_stray_operators():
    assert parse_query("NOT 横浜 神戸").clauses == (Clause(("横浜",), negated=True), Clause(("神戸",)))
    assert parse_query("OR 研修 OR").clauses == (Clause(("研修",)),)
    assert parse_query("AND AND").clauses == ()
    assert parse_query('"').clauses == ()
    assert parse_query("- -- (").clauses == ()


def test_hiragana_and_width_are_folded():
    assert parse_query("ちゃっと ｶﾞｲﾄﾞ").clauses == (Clause(("チャット",)), Clause(("ガイド",)))


def test_synonyms_expand_positive_terms_only():
    synonyms = Synonyms.parse("CDO = 最高デジタル責任者 # comment\n\nbroken line\n")
    q = synonyms.expand(parse_query("cdo -CDO"))
    assert q.clauses[0] == Clause(("cdo",), False, ("最高デジタル責任者",))
    assert q.clauses[1] == Clause(("cdo",), True)


HOSTILE = ['"unclosed', 'a"b"c"', "(((", "))", "*", "**", "?", "AND OR NOT ((", "x" * 10_000, "推" * 10_000,
           "😀 🎌 👨‍👩‍👧", "\x00\x01\x07\x1b[31m", "\u202e逆向き", "<script>alert(1)</script>", "\\", "'; DROP TABLE cases;--",
           "　\t\n", "-", "OR", "NOT", "\ud7ff", "ﾞﾟ", "\u3099"]


def test_hostile_inputs_parse():
    for text in HOSTILE:
        parse_query(text)


@settings(max_examples=3000, deadline=None)
@given(st.text(max_size=200))
def test_any_text_parses(text):
    q = parse_query(text)
    for clause in q.clauses:
        assert clause.alternatives and all(clause.alternatives)
