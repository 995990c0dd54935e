"""Japanese text analysis for search: normalisation with offsets, index tokens, and the match rule.

The recall contract: a query term matches a text if and only if its normalised form occurs in the
normalised text (as a substring; where the term begins or ends with a Latin letter or digit, that
end must also be a word boundary). Index tokens are a necessary condition for that (every token of
a term is a token of any text containing it), so the index can pre-filter and `term_occurs` decides.
"""

from __future__ import annotations

import functools
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

from dxreader.core.text import fold_kana

ANALYZER_VERSION = "2"  # 2: title, place and category are one line each (searchdoc.source_text)

def _is_word_char(ch: str) -> bool:
    return ("a" <= ch <= "z") or ("0" <= ch <= "9")


def _is_cjk(ch: str) -> bool:
    """Kanji, kana (with ー and 々), and other CJK letters: text that has no spaces between words."""
    code = ord(ch)
    return (
        0x3040 <= code <= 0x30FF  # hiragana, katakana (incl. ー)
        or 0x3400 <= code <= 0x4DBF or 0x4E00 <= code <= 0x9FFF or 0xF900 <= code <= 0xFAFF
        or 0x20000 <= code <= 0x3134F  # CJK extensions
        or code == 0x3005  # 々
        or 0x31F0 <= code <= 0x31FF  # katakana phonetic extensions
    ) and ch not in "・゠"


@functools.lru_cache(maxsize=65536)
def _normalize_char(ch: str) -> str:
    return fold_kana(unicodedata.normalize("NFKC", ch).lower())


@functools.lru_cache(maxsize=65536)
def _one_to_one(ch: str) -> bool:
    """The character normalises to one character that is no combining mark."""
    norm = _normalize_char(ch)
    return len(norm) == 1 and not unicodedata.combining(norm)


def normalize_with_spans(text: str) -> tuple[str, list[int]]:
    """NFKC + lower case + hiragana→katakana, and for each normalised character its source index.

    Characters are normalised one by one so that offsets map back to the original text for
    highlighting; a combining mark (half-width ﾞ after ｶ) is composed with the character before it.
    """
    if all(map(_one_to_one, text)):  # most text: offsets are unchanged
        return "".join(map(_normalize_char, text)), list(range(len(text)))
    out: list[str] = []
    origin: list[int] = []
    for index, ch in enumerate(text):
        for part in _normalize_char(ch):
            if out and unicodedata.combining(part):
                composed = unicodedata.normalize("NFC", out[-1] + part)
                if len(composed) == 1:
                    out[-1] = fold_kana(composed)
                    continue
            out.append(part)
            origin.append(index)
    return "".join(out), origin


def normalize(text: str) -> str:
    """The normalised text alone (the same result as normalize_with_spans, faster)."""
    norm = "".join(map(_normalize_char, text))
    if any(unicodedata.combining(ch) for ch in norm):
        return normalize_with_spans(text)[0]
    return norm


@dataclass(frozen=True)
class Token:
    text: str
    position: int
    start: int  # offsets in the normalised text
    end: int


def _runs(norm: str) -> list[tuple[bool, int, int]]:
    """(is_cjk, start, end) for each run of word characters or of CJK characters; the rest separates."""
    runs = []
    i, n = 0, len(norm)
    while i < n:
        kind = _is_cjk if _is_cjk(norm[i]) else _is_word_char if _is_word_char(norm[i]) else None
        if kind is None:
            i += 1
            continue
        j = i + 1
        while j < n and kind(norm[j]):
            j += 1
        runs.append((kind is _is_cjk, i, j))
        i = j
    return runs


def tokens(norm: str) -> list[Token]:
    """Latin/digit runs as words; CJK runs as overlapping bigrams plus one unigram per character.

    Bigrams serve queries of two or more characters, unigrams a single character. Anything else
    (spaces, punctuation, symbols) separates tokens and is left to `term_occurs`.
    """
    out: list[Token] = []
    position = 0
    for cjk, i, j in _runs(norm):
        if not cjk:
            out.append(Token(norm[i:j], position, i, j))
            position += 1
            continue
        for k in range(i, j):
            out.append(Token(norm[k], position, k, k + 1))
            if k + 1 < j:
                out.append(Token(norm[k:k + 2], position, k, k + 2))
            position += 1
    return out


def token_texts(norm: str) -> list[str]:
    """The texts of tokens(norm), in the same order, without the offsets (what the index build needs)."""
    out: list[str] = []
    for cjk, i, j in _runs(norm):
        if not cjk:
            out.append(norm[i:j])
            continue
        run = norm[i:j]
        for k in range(len(run) - 1):
            out += (run[k], run[k:k + 2])
        out.append(run[-1])
    return out


def query_tokens(norm_term: str) -> list[str]:
    """The fewest index tokens that every text containing the term must have."""
    out: list[str] = []
    for cjk, i, j in _runs(norm_term):
        run = norm_term[i:j]
        if cjk and len(run) > 1:
            out.extend(run[k:k + 2] for k in range(len(run) - 1))
        else:
            out.append(run)
    return list(dict.fromkeys(out))


_WORD_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789")  # what _is_word_char accepts


def term_occurrences(norm_text: str, norm_term: str, first_only: bool = False) -> list[int]:
    """Start offsets where the term occurs under the match rule (see the module docstring); with `first_only`,
    at most the first."""
    if not norm_term:
        return []
    need_left = norm_term[0] in _WORD_CHARS
    need_right = norm_term[-1] in _WORD_CHARS
    found: list[int] = []
    size, length = len(norm_term), len(norm_text)
    start = norm_text.find(norm_term)
    while start != -1:
        end = start + size
        if (not need_left or start == 0 or norm_text[start - 1] not in _WORD_CHARS) and (
                not need_right or end == length or norm_text[end] not in _WORD_CHARS):
            found.append(start)
            if first_only:
                break
        start = norm_text.find(norm_term, start + 1)
    return found


def term_occurs(norm_text: str, norm_term: str) -> bool:
    if norm_term and norm_term[0] not in _WORD_CHARS and norm_term[-1] not in _WORD_CHARS:
        return norm_term in norm_text  # no word boundary to check: the first occurrence decides
    return bool(term_occurrences(norm_text, norm_term, first_only=True))


def _word_class(ch: str) -> str:
    """Which kind of word a normalised character continues: katakana (hiragana is folded), kanji, Latin."""
    if "\u30a1" <= ch <= "\u30ff" and ch != "・":
        return "kana"
    if _is_word_char(ch):
        return "latin"
    return "kanji" if _is_cjk(ch) else ""


# A particle after a katakana word reads as katakana once hiragana is folded (マイナで → マイナデ); these
# one-character particles end a katakana word rather than continue it.
_FOLDED_PARTICLES = frozenset("ヲガハノニデトモヤヘ")


def whole_term_occurs(norm_text: str, norm_term: str) -> bool:
    """The term occurs as a whole word: not continued by a character of its own kind on either side
    (マイナ in マイナポータル does not count; 業務改革 in 業務改革を does). Used for synonym expansions."""
    first, last = _word_class(norm_term[:1]), _word_class(norm_term[-1:])
    for start in term_occurrences(norm_text, norm_term):
        end = start + len(norm_term)
        before = _word_class(norm_text[start - 1]) if start else ""
        after = _word_class(norm_text[end]) if end < len(norm_text) and norm_text[end] not in _FOLDED_PARTICLES else ""
        if (not first or before != first) and (not last or after != last):
            return True
    return False


# Near matches: a word typed as one (書かない窓口) whose parts stand apart in the text (書かないワンストップ窓口).
PARTICLES = frozenset("の と を に で が は へ や も から まで より など による における への との での".split())


def _script(ch: str) -> str:
    code = ord(ch)
    if 0x3041 <= code <= 0x309F:
        return "hiragana"
    if 0x30A1 <= code <= 0x30FF and ch != "・":
        return "katakana"
    if _is_cjk(ch):
        return "kanji"
    if ch.isalnum():
        return "latin"
    return ""


def word_parts(word: str) -> list[str]:
    """The normalised parts of a word typed without spaces, split where the script changes.

    Kanji, katakana and Latin runs are parts. Hiragana after kanji is an inflected ending: the part is the
    kanji with the ending's first character (書かない → 書か, which also finds 書かれた). A particle
    (の, と, における …) only separates. Other hiragana runs (a word typed in kana) are parts as they are.
    Takes the text as typed (after NFKC), because normalisation folds hiragana into katakana.
    """
    runs: list[tuple[str, str]] = []
    for ch in unicodedata.normalize("NFKC", word):
        script = _script(ch)
        if ch == "ー" and runs:  # the long-vowel mark lengthens hiragana too (どろーん is one word)
            script = runs[-1][0]
        if runs and runs[-1][0] == script:
            runs[-1] = (script, runs[-1][1] + ch)
        else:
            runs.append((script, ch))
    parts: list[str] = []
    for i, (script, run) in enumerate(runs):
        if not script:
            continue
        if script == "hiragana":
            if run in PARTICLES:
                continue
            if i > 0 and runs[i - 1][0] == "kanji" and parts:
                parts[-1] += run[0]
                continue
        parts.append(run)
    return list(dict.fromkeys(p for p in (normalize(p) for p in parts) if p))


def split_compound(run: str, occurs: Callable[[str], bool]) -> list[str]:
    """A kanji compound that occurs nowhere (小規模町村) as the longest pieces that do (小規模, 町村).

    Greedy from the left: at each place the longest piece of two or more characters that `occurs`; a
    character that begins no such piece is skipped. Uses the casebook as its dictionary, so it needs none.
    """
    pieces: list[str] = []
    i = 0
    while i < len(run) - 1:
        for j in range(len(run), i + 1, -1):
            if (i, j) != (0, len(run)) and occurs(run[i:j]):
                pieces.append(run[i:j])
                i = j
                break
        else:
            i += 1
    return pieces
