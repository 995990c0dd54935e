"""Extraction debris, class by class: what must never reach a stored text (the build cleans, check-data counts).

Stored text may use three kinds of markup of its own: "- " list items, "| a | b |" table blocks (a block
whose every line is a table row) and 「（図：…）」 captions. Everything else below is debris."""

from __future__ import annotations

import re
from collections.abc import Callable

# Japanese letters: kana (without the middle dot ・, a list mark), the long-vowel mark, CJK ideographs, 々〆.
JAPANESE = r"[\u3041-\u3096\u30a1-\u30fa\u30fc-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff々〆]"
SPACE_BETWEEN_JAPANESE = re.compile(rf"(?<={JAPANESE})[ \u3000]+(?={JAPANESE})")
HTML_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9]*(?:\s[^<>]*)?/?>")
URL = re.compile(r"https?://|www\.[A-Za-z0-9-]+\.")
MARKDOWN = re.compile(r"\*\*|__|^#{1,6}\s|`", re.M)
BROWSER_TAB = re.compile(r"\sx\s\+\s*$|\.\.\.\s+x\s")
DIALOG_BUTTONS = re.compile(r"^(?:キャンセル|保存|OK|閉じる)(?:\s+(?:キャンセル|保存|OK|閉じる))+$")
STATUS_BULLETS = re.compile(r"^(?:●\s*[^●\s]{0,6}\s*){2,}$")
DOUBLED_BULLET = re.compile(r"^\s*-\s+[・●]")
TABLE_ROW = re.compile(r"^\|.*\|$")


def is_table_row(line: str) -> bool:
    return bool(TABLE_ROW.match(line.strip())) and len(line.strip()) > 2


def is_screenshot_line(line: str) -> bool:
    """Text read off a browser screenshot: tab titles, a truncated address bar, dialog buttons, status dots."""
    text = line.strip()
    return bool(BROWSER_TAB.search(text) or DIALOG_BUTTONS.match(text) or STATUS_BULLETS.match(text)
                or (URL.match(text) and "..." in text))


def _pipes_outside_tables(text: str) -> int:
    count = 0
    for block in re.split(r"\n\s*\n", text):
        lines = [ln for ln in block.splitlines() if ln.strip()]
        if lines and all(is_table_row(ln) for ln in lines):
            continue
        count += sum(ln.count("|") for ln in lines)
    return count


def _lines(pattern: Callable[[str], bool]) -> Callable[[str], int]:
    return lambda text: sum(1 for line in text.splitlines() if pattern(line))


# class → (what the lint says, how many times it occurs in one stored text)
RULES: dict[str, tuple[str, Callable[[str], int]]] = {
    "html_tag": ("HTMLタグ", lambda t: len(HTML_TAG.findall(t))),
    "url_outside_links": ("関連URL以外の本文中のURL", lambda t: len(URL.findall(t))),
    "markdown": ("マークダウンの記号（** など）", lambda t: len(MARKDOWN.findall(t))),
    "pipe_outside_table": ("表の外の縦棒（|）", _pipes_outside_tables),
    "space_between_japanese": ("日本語の文字の間の空白（行の継ぎ目）", lambda t: len(SPACE_BETWEEN_JAPANESE.findall(t))),
    "screenshot": ("画面の写しから読み取った文字（アドレスバー・ボタン・状態の●）", _lines(is_screenshot_line)),
    "doubled_bullet": ("二重の箇条書き記号（「- ・」）", _lines(lambda ln: bool(DOUBLED_BULLET.match(ln)))),
}


def count_debris(text: str, is_link_address: bool = False) -> dict[str, int]:
    """Occurrences of each debris class in one stored text (a link's own address may hold a URL)."""
    counts = {}
    for name, (_, count) in RULES.items():
        if name == "url_outside_links" and is_link_address:
            continue
        n = count(text)
        if n:
            counts[name] = n
    return counts
