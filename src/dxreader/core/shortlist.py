"""A shortlist shared through a file server (.dxlist): its JSON, validated on open with the import's checks,
and how a colleague's comment is kept apart from the user's own words when taken into their bookmarks."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from dxreader.core.exchange import (
    EntryChecker, ImportRejected, check_header, entry_list, load_json, require_unique,
)
from dxreader.core.userdata import (
    CASE_ID_RE, MAX_ANNOTATION_CHARS, MAX_NAME_CHARS, MAX_NOTE_CHARS, MERGE_MARK, comparable_text,
)

FORMAT_NAME = "dxreader-shortlist"
FORMAT_VERSION = 1
SUFFIX = ".dxlist"
# A shortlist is a handful to a few hundred cases; these bounds only stop a crafted or wrong file early.
MAX_SHORTLIST_BYTES = 64 * 1024 * 1024
MAX_SHORTLIST_CASES = 5_000
DATA_VERSION_RE = re.compile(r"[0-9A-Za-z._-]{1,64}")

_TOP_KEYS = {"format", "version", "title", "author", "created_at", "app_version", "casebook", "cases"}
_CASEBOOK_KEYS = {"data_version", "case_count"}
_CASE_KEYS = {"case_id", "title", "municipality", "comment", "note"}


@dataclass(frozen=True)
class CasebookIdentity:
    """Which casebook a list was made on: the data version the About box shows, and its number of cases."""

    data_version: str
    case_count: int = 0


@dataclass(frozen=True)
class SharedCase:
    case_id: str
    title: str  # as the author's casebook had it, so a case missing here still says what it was
    municipality: str
    comment: str = ""  # the author's bookmark comment
    note: str = ""  # the author's note, only when they chose to include notes


@dataclass(frozen=True)
class Shortlist:
    title: str
    author: str  # who made it, as they typed it (may be empty)
    created_at: str  # ISO 8601 with offset
    casebook: CasebookIdentity
    cases: tuple[SharedCase, ...]
    app_version: str = ""

    @property
    def has_notes(self) -> bool:
        return any(c.note for c in self.cases)

    def source_label(self, what: str) -> str:
        """「共有リスト「窓口DX候補」（企画課 山田・2026年11月25日）のコメント」: whose words, from which list."""
        made = _date_label(self.created_at)
        who = "・".join(part for part in (self.author, made) if part)
        return f"共有リスト「{self.title}」" + (f"（{who}）" if who else "") + f"の{what}"


def _date_label(stamp: str) -> str:
    try:
        d = datetime.fromisoformat(stamp).date()
    except ValueError:
        return ""
    return f"{d.year}年{d.month}月{d.day}日"


def to_document(shortlist: Shortlist) -> dict[str, Any]:
    cases = []
    for c in shortlist.cases:
        entry = {"case_id": c.case_id, "title": c.title, "municipality": c.municipality, "comment": c.comment}
        if c.note:
            entry["note"] = c.note
        cases.append(entry)
    return {
        "format": FORMAT_NAME,
        "version": FORMAT_VERSION,
        "title": shortlist.title,
        "author": shortlist.author,
        "created_at": shortlist.created_at,
        "app_version": shortlist.app_version,
        "casebook": {"data_version": shortlist.casebook.data_version, "case_count": shortlist.casebook.case_count},
        "cases": cases,
    }


def to_json_bytes(shortlist: Shortlist) -> bytes:
    return json.dumps(to_document(shortlist), ensure_ascii=False, indent=1).encode("utf-8")


def parse_document(document: Any, today: date | None = None) -> Shortlist:
    """Everything checked first, with the user-data import's own rules (core.exchange)."""
    today = today or date.today()
    check_header(document, FORMAT_NAME, FORMAT_VERSION, "DX事例リーダーの共有リストのファイルではありません")
    top = EntryChecker("ファイル", document, _TOP_KEYS, {"format", "version", "title", "cases"}, today)
    title = " ".join(top.text("title", MAX_NAME_CHARS).split())
    if not title:
        raise ImportRejected("ファイル: 共有リストの題名がありません")
    book = EntryChecker("ファイル: casebook", document.get("casebook", {}), _CASEBOOK_KEYS, set(), today)
    identity = CasebookIdentity(book.ident("data_version", DATA_VERSION_RE) if "data_version" in book.entry else "",
                                book.integer("case_count"))
    cases = []
    for i, raw in enumerate(entry_list(document, "cases", "事例", MAX_SHORTLIST_CASES), 1):
        c = EntryChecker(f"事例 {i}件目", raw, _CASE_KEYS, {"case_id"}, today)
        cases.append(SharedCase(
            case_id=c.ident("case_id", CASE_ID_RE), title=c.text("title", MAX_NAME_CHARS),
            municipality=c.text("municipality", MAX_NAME_CHARS),
            comment=c.text("comment", MAX_ANNOTATION_CHARS, multiline=True),
            note=c.text("note", MAX_NOTE_CHARS, multiline=True),
        ))
    require_unique(cases, lambda c: c.case_id, "事例")
    return Shortlist(title=title, author=top.text("author", MAX_NAME_CHARS), created_at=top.timestamp("created_at"),
                     casebook=identity, cases=tuple(cases), app_version=top.text("app_version", 40))


def parse_shortlist(data: bytes, today: date | None = None) -> Shortlist:
    return parse_document(load_json(data, MAX_SHORTLIST_BYTES), today)


def casebook_difference(made_on: CasebookIdentity, here: CasebookIdentity) -> str:
    """A sentence when the list was made on another casebook than the one in use, else ''."""
    if not made_on.data_version or made_on.data_version == here.data_version:
        return ""
    count = f"・{made_on.case_count:,}件" if made_on.case_count else ""
    return (f"この共有リストは別の版の事例データ（版 {made_on.data_version}{count}）で作られました。"
            f"お使いの事例データは版 {here.data_version}（{here.case_count:,}件）です。"
            "事例の内容が作成者の見たものと異なることがあります。")


def with_shared_text(current: str, shared: str, label: str) -> str:
    """The user's own text, then the shared one under a line saying whose it is. Never replaces or edits the
    user's words; a shared text already there (taking the same list again) adds nothing."""
    if not shared.strip() or comparable_text(shared) in comparable_text(current):
        return current
    block = f"{label} ―――\n{shared}"
    return f"{current}{MERGE_MARK}{block}" if current.strip() else f"{MERGE_MARK.lstrip()}{block}"
