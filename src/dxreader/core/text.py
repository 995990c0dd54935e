"""Text helpers shared by the data build, search and display: kana folding and display markup."""

from __future__ import annotations

import re
import unicodedata

_HIRAGANA_START, _HIRAGANA_END = 0x3041, 0x3096
_KANA_OFFSET = 0x60
_BOLD = re.compile(r"\*\*")
_ANGLE_URL = re.compile(r"<(https?://[^>\s]+)>")


def fold_kana(text: str) -> str:
    """Hiragana to katakana, so that ちゃっと and チャット compare equal."""
    return "".join(
        chr(ord(ch) + _KANA_OFFSET) if _HIRAGANA_START <= ord(ch) <= _HIRAGANA_END else ch
        for ch in text
    )


def kana_reading(half_width_kana: str) -> str:
    """The code table's half-width katakana reading as ordinary full-width katakana."""
    return unicodedata.normalize("NFKC", half_width_kana)


def plain(text: str) -> str:
    """Text without the extraction's emphasis markers and URL brackets, for display as plain text."""
    return _ANGLE_URL.sub(r"\1", _BOLD.sub("", text))
