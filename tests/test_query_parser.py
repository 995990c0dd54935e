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


def test_hostile_inputs_parse_to_what_they_literally_say():
    assert parse_query('"unclosed').clauses == (Clause(("unclosed",)),)  # the phrase runs to the end
    assert parse_query('a"b"c"').clauses == (Clause(("a",)), Clause(("b",)), Clause(("c",)))
    assert parse_query("AND OR NOT ((").clauses == (Clause(("((",), negated=True),)
    assert parse_query("\x00\x01\x07\x1b[31m").clauses == (Clause(("[31m",)),)  # control characters separate
    assert parse_query("\u202e逆向き").clauses == (Clause(("逆向キ",)),)  # a format character separates too
    assert parse_query("'; DROP TABLE cases;--").clauses == (
        Clause(("';",)), Clause(("drop",)), Clause(("table",)), Clause(("cases;--",)))
    assert parse_query("x" * 20_000).clauses == (Clause(("x" * 10_000,)),)  # cut at MAX_QUERY_CHARS
    for text in ("　\t\n", "-", "OR", "NOT", '"', "AND OR NOT"):
        assert parse_query(text).is_empty, text
    for text in HOSTILE:
        for clause in parse_query(text).clauses:
            assert all(t == t.strip() and t and not any(ord(ch) < 32 for ch in t) for t in clause.alternatives)


@settings(max_examples=3000, deadline=None)
@given(st.text(max_size=200))
def test_any_text_parses(text):
    q = parse_query(text)
    for clause in q.clauses:
        assert clause.alternatives and all(clause.alternatives)
