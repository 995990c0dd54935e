"""Property tests: the real search agrees with a separately written reference matcher on generated queries.

The reference (tests/reference_search.py) reads the stored text with sqlite3 and folds it with its own
few lines of NFKC + lower case + kana folding. Queries are generated as structure (clauses of
alternatives, some negated), rendered to the search box's syntax in several spellings (OR, -word,
NOT word, quotes, full width, hiragana), and the product's result set must equal the reference's.
"""

from __future__ import annotations

import sqlite3
import unicodedata

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dxreader.core.filters import SearchFilters
from tests.conftest import COMMITTED_DB
from tests.reference_search import RefClause, folded_corpus, ref_matches, stored_texts

OPERATOR_WORDS = {"OR", "AND", "NOT", "&&", "(", ")", "|", "||", "-"}
NEAR_MISSES = ["ai", "mail", "tama", "saitama", "digital", "ｄｘ", "DX", "ｄｘ推進", "ちゃっと", "ﾄﾞﾛｰﾝ", "ＲＰＡ",
               "0", "1", "2", "ー", "・", "-ocr", "ai-", "c", "ict", "ｃｄｏ", "こつこつ", "推", "市", "課"]


def _usable(term: str) -> bool:
    """A term the search box reads as one literal word: no space, quote, control character or operator,
    and no markup character of the extraction (** and <>), which the reader does not show as text."""
    norm = unicodedata.normalize("NFKC", term)
    return bool(norm.strip()) and not any(
        ch.isspace() or ch in '"“”＂*<>' or unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp") for ch in norm
    ) and norm not in OPERATOR_WORDS


def _vocabulary() -> list[str]:
    """Short pieces of the stored text, cut at spaces, from every case (deterministic)."""
    words: list[str] = []
    for pieces in stored_texts(COMMITTED_DB).values():
        for piece in pieces:
            for chunk in piece.split():
                for length in (1, 2, 3, 5):
                    for start in range(0, len(chunk), 7):
                        words.append(chunk[start:start + length])
    return sorted({w for w in words if _usable(w)})


VOCABULARY = _vocabulary()


def _hiragana(text: str) -> str:
    return "".join(chr(ord(c) - 0x60) if "ァ" <= c <= "ヶ" else c for c in text)


def _full_width(text: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in text)


spelled_term = st.tuples(
    st.sampled_from(VOCABULARY) | st.sampled_from(NEAR_MISSES),
    st.sampled_from(["as is", "hiragana", "full width", "upper"]),
).map(lambda t: {"as is": t[0], "hiragana": _hiragana(t[0]), "full width": _full_width(t[0]),
                 "upper": t[0].upper()}[t[1]]).filter(_usable)

clause = st.one_of(
    st.builds(lambda alts: RefClause(tuple(alts)), st.lists(spelled_term, min_size=1, max_size=3)),
    st.builds(lambda t: RefClause((t,), negated=True), spelled_term),
)


def render(clauses: list[RefClause], quote: list[bool], use_not: list[bool], separator: str) -> str:
    """The query as a person might type it; risky words are quoted so that they stay literal."""
    def word(term: str, i: int) -> str:
        literal = quote[i] or unicodedata.normalize("NFKC", term).startswith("-")
        return f'"{term}"' if literal else term

    parts = []
    for i, c in enumerate(clauses):
        if c.negated:
            term = word(c.alternatives[0], i)
            parts.append(f"NOT {term}" if use_not[i] or term.startswith('"') else f"-{term}")
        else:
            parts.append(" OR ".join(word(t, i) for t in c.alternatives))
    return separator.join(parts)


def stored_cases() -> list[dict]:
    conn = sqlite3.connect(f"file:{COMMITTED_DB}?mode=ro", uri=True)
    conn.row_factory = sqlite3.Row
    try:
        return [dict(r) for r in conn.execute("SELECT id, prefecture FROM cases")]
    finally:
        conn.close()


PREFECTURE_OF = {r["id"]: r["prefecture"] for r in stored_cases()}
REFERENCE = folded_corpus(COMMITTED_DB)  # a module global: hypothesis would print a fixture's 48 kB


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(clauses=st.lists(clause, min_size=1, max_size=4), quote=st.lists(st.booleans(), min_size=4, max_size=4),
       use_not=st.lists(st.booleans(), min_size=4, max_size=4), separator=st.sampled_from([" ", "　", "  "]),
       prefecture=st.none() | st.sampled_from(sorted({p for p in PREFECTURE_OF.values() if p})))
def test_search_agrees_with_the_reference(search_service, clauses, quote, use_not, separator, prefecture):
    text = render(clauses, quote, use_not, separator)
    filters = SearchFilters(prefectures=frozenset({prefecture})) if prefecture else SearchFilters()
    expected = {cid for cid, pieces in REFERENCE.items()
                if ref_matches(pieces, clauses) and (prefecture is None or PREFECTURE_OF[cid] == prefecture)}
    assert set(search_service.search(text, filters, expand=False).ids) == expected, text


def test_the_generated_queries_are_not_trivial():
    """Single generated terms hit few, many and no cases, so agreement above is informative."""
    sizes = [sum(ref_matches(p, [RefClause((t,))]) for p in REFERENCE.values()) for t in VOCABULARY[::40]]
    assert len(VOCABULARY) > 2000
    assert sum(s == 0 for s in sizes) >= 5 and sum(1 <= s <= 5 for s in sizes) >= 20
    assert max(sizes) >= len(REFERENCE) // 2
