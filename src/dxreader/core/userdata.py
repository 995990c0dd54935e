"""The user's own data as plain values: folders, bookmarks with annotations, notes, and their limits."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

# Generous limits: a municipal employee may paste a whole report into a note (1 MB must work), but a
# runaway import must not fill the disk. Characters, not bytes.
MAX_NOTE_CHARS = 2_000_000
MAX_ANNOTATION_CHARS = 2_000_000
MAX_NAME_CHARS = 200  # folder names, tags, title and 団体 snapshots
MAX_TAGS_PER_BOOKMARK = 50
MAX_ENTRIES = 100_000  # bookmarks, notes or folders in one file

# Control characters: none in a one-line value (names, titles, tags, IDs, times); in a note or a comment
# only tab, line breaks, vertical tab and form feed (Word's manual line and page breaks, pasted). NUL,
# escape sequences, DEL and C1 codes are never text a person meant; in one line, bidi overrides and
# isolates can make a tag or title read differently from what it is.
_CONTROL_IN_LINE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
_CONTROL_IN_TEXT = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f]")


def control_character(value: str, multiline: bool) -> str | None:
    """The first character not allowed in such a value, as "U+001B", or None."""
    found = (_CONTROL_IN_TEXT if multiline else _CONTROL_IN_LINE).search(value)
    return f"U+{ord(found[0]):04X}" if found else None


CASE_ID_RE = re.compile(r"[a-z0-9][a-z0-9-]{0,63}")
FOLDER_ID_RE = re.compile(r"[A-Za-z0-9_-]{1,64}")


@dataclass(frozen=True)
class Folder:
    id: str
    name: str
    position: int = 0


@dataclass(frozen=True)
class Bookmark:
    case_id: str
    title: str  # snapshot at bookmarking time, so a bookmark whose case vanished still says what it was
    municipality: str
    annotation: str = ""
    folder_id: str | None = None
    tags: tuple[str, ...] = ()
    created_at: str = ""
    updated_at: str = ""


@dataclass(frozen=True)
class Note:
    case_id: str
    text: str
    revision: int = 0  # bumped on every save; lets two windows notice each other's edits
    created_at: str = ""
    updated_at: str = ""


@dataclass(frozen=True)
class UserSnapshot:
    """Everything the user made, in one value: what export writes and import reads."""

    folders: tuple[Folder, ...] = ()
    bookmarks: tuple[Bookmark, ...] = ()
    notes: tuple[Note, ...] = ()

    def counts(self) -> dict[str, int]:
        return {"folders": len(self.folders), "bookmarks": len(self.bookmarks), "notes": len(self.notes)}


@dataclass
class MergeReport:
    added: dict[str, int] = field(default_factory=lambda: {"folders": 0, "bookmarks": 0, "notes": 0})
    updated: dict[str, int] = field(default_factory=lambda: {"folders": 0, "bookmarks": 0, "notes": 0})
    combined_notes: int = 0  # notes whose two versions were both kept, one after the other


MAX_MERGED_VERSIONS = 10  # texts kept side by side in one note by imports: beyond that it is a loop, not work


class MergeRefused(ValueError):
    """Merging would make a note grow past its bounds; str() is a Japanese message."""


def comparable_text(text: str) -> str:
    """The same text as far as a reader can tell: line endings and trailing spaces do not count."""
    return "\n".join(line.rstrip() for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")).strip()


def merge_imported(current: str, incoming: str, label: str, limit: int, what: str) -> str:
    """merge_texts for imports, bounded: importing the same or a slightly edited file again and again must
    not keep appending. A text already there (ignoring line endings and trailing spaces) adds nothing; a
    merge that would pass `limit` characters or MAX_MERGED_VERSIONS texts is refused (the whole import)."""
    if comparable_text(incoming) in comparable_text(current):
        return current
    parts = _SECTION.split(current)  # texts at even positions, the marks between them at odd ones
    for i in range(len(parts) - 1, -1, -2):
        if parts[i].strip() and comparable_text(parts[i]) in comparable_text(incoming):
            parts[i] = incoming  # a later version of a text already kept replaces it rather than piling up
            merged = "".join(parts)
            break
    else:
        merged = merge_texts(current, incoming, label)
    if merged != incoming and merged.count(MERGE_MARK) > MAX_MERGED_VERSIONS - 1:
        raise MergeRefused(f"{what}には取り込みで残した版がすでに{MAX_MERGED_VERSIONS}個あります。"
                           "同じファイルを何度も取り込んでいないか確かめ、内容を整理してから取り込んでください")
    if len(merged) > limit:
        raise MergeRefused(f"{what}に取り込むと長さが上限を超えます（{len(merged):,}文字、上限 {limit:,}文字）")
    return merged


MERGE_MARK = "\n\n――― "
_SECTION = re.compile(r"(\n\n――― [^\n]* ―――\n)")


def merge_texts(current: str, incoming: str, label: str) -> str:
    """Keep both texts when neither contains the other: losing either could lose someone's work."""
    if incoming == current or incoming in current:
        return current
    if not current or current in incoming:
        return incoming
    return f"{current}{MERGE_MARK}{label} ―――\n{incoming}"


def normalize_tags(tags: list[str] | tuple[str, ...]) -> tuple[str, ...]:
    """Trimmed, unique, in the order given; empty tags are dropped."""
    seen: dict[str, None] = {}
    for tag in tags:
        cleaned = " ".join(tag.split())
        if cleaned:
            seen.setdefault(cleaned, None)
    return tuple(seen)
