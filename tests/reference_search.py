"""A deliberately simple reference for the search's matching rule, written apart from the product.

It reads the casebook's stored text straight from SQLite (no dxreader import at all) and decides
matches with plain Python: NFKC, lower case, hiragana→katakana, substring search, and for a term
that begins or ends with a Latin letter or digit, a word boundary at that end. It is slow and
obvious on purpose, so that a test comparing it with the product checks the product, not itself.
"""

from __future__ import annotations

import json
import re
import sqlite3
import unicodedata
from dataclasses import dataclass
from pathlib import Path

# What of a case is searchable, by table: every text the reader shows for the case.
_CASE_COLUMNS = ("title", "prefecture", "municipality", "municipality_kana", "region", "kind",
                 "municipality_code", "schedule_lead_time", "interview_credit")
_CHILD_COLUMNS = {
    "case_sections": ("text",),
    "case_costs": ("label", "amount_text", "breakdown", "remarks"),
    "case_schedule": ("period", "description"),
    "case_interview": ("question", "answer"),
    "case_contacts": ("department", "phone", "email", "note"),
    "case_vendors": ("role", "value"),
    "case_links": ("label", "url"),
    "case_awards": ("text",),
}
# The extraction's markup, which the reader does not show: **bold** markers and <https://…> brackets.
_BOLD = "**"
_BRACKETED_URL = re.compile(r"<(https?://\S+?)>")


def stored_texts(db: Path) -> dict[str, list[str]]:
    """Case ID → the case's text pieces (each a field value), in the order the database holds them."""
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        paths = {cid: json.loads(path) for cid, path in conn.execute("SELECT id, path FROM categories")}
        texts: dict[str, list[str]] = {}
        columns = ", ".join(_CASE_COLUMNS)
        for row in conn.execute(f"SELECT id, category_id, {columns} FROM cases ORDER BY position"):
            texts[row[0]] = [str(v) for v in row[2:] if v] + list(paths[row[1]])
        for table, cols in _CHILD_COLUMNS.items():
            for row in conn.execute(f"SELECT case_id, {', '.join(cols)} FROM {table} ORDER BY case_id, position"):
                texts[row[0]] += [str(v) for v in row[1:] if v]
        return texts
    finally:
        conn.close()


def fold(text: str) -> str:
    """NFKC, lower case, then hiragana (ぁ..ゖ) to katakana: the reference's whole normalisation."""
    text = _BRACKETED_URL.sub(lambda m: m.group(1), text.replace(_BOLD, ""))
    text = unicodedata.normalize("NFKC", text).lower()
    return "".join(chr(ord(c) + 0x60) if "ぁ" <= c <= "ゖ" else c for c in text)


def _latin(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()


def occurs(folded_text: str, term: str) -> bool:
    """Whether the folded term occurs in the folded text (Latin ends of the term on a word boundary)."""
    term = fold(term)
    left = "(?<![a-z0-9])" if _latin(term[0]) else ""
    right = "(?![a-z0-9])" if _latin(term[-1]) else ""
    return re.search(left + re.escape(term) + right, folded_text) is not None


@dataclass(frozen=True)
class RefClause:
    alternatives: tuple[str, ...]
    negated: bool = False


def folded_corpus(db: Path) -> dict[str, list[str]]:
    return {cid: [fold(p) for p in pieces] for cid, pieces in stored_texts(db).items()}


def ref_matches(pieces: list[str], clauses: list[RefClause]) -> bool:
    """Every positive clause has an alternative in some folded piece; no negated clause's term is anywhere."""
    def anywhere(term: str) -> bool:
        return any(occurs(p, term) for p in pieces)

    return all(any(map(anywhere, c.alternatives)) for c in clauses if not c.negated) and not any(
        anywhere(c.alternatives[0]) for c in clauses if c.negated
    )
