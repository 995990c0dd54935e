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


def merge_texts(current: str, incoming: str, label: str) -> str:
    """Keep both texts when neither contains the other: losing either could lose someone's work."""
    if incoming == current or incoming in current:
        return current
    if not current or current in incoming:
        return incoming
    return f"{current}\n\n――― {label} ―――\n{incoming}"


def normalize_tags(tags: list[str] | tuple[str, ...]) -> tuple[str, ...]:
    """Trimmed, unique, in the order given; empty tags are dropped."""
    seen: dict[str, None] = {}
    for tag in tags:
        cleaned = " ".join(tag.split())
        if cleaned:
            seen.setdefault(cleaned, None)
    return tuple(seen)
