"""Recently removed bookmarks, kept whole (comment, folder, tags, times) in a small JSON file beside the user
data, so that a removal can be undone in this session and put back after a restart. Bounded: the newest
MAX_KEPT removals. A damaged or foreign file is never trusted: it reads as empty and is replaced."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from pathlib import Path

from dxreader.core.userdata import (
    CASE_ID_RE, FOLDER_ID_RE, MAX_ANNOTATION_CHARS, MAX_NAME_CHARS, MAX_TAGS_PER_BOOKMARK, Bookmark,
)
from dxreader.storage.backups import write_atomically

FILE_NAME = "removed-bookmarks.json"
FORMAT = 1
MAX_KEPT = 50
MAX_FILE_BYTES = 64 * 1024 * 1024  # 50 bookmarks with long comments, in UTF-8 with the JSON around them


@dataclass(frozen=True)
class Removed:
    bookmark: Bookmark
    removed_at: str


def _bookmark(value: object) -> Bookmark | None:
    """A bookmark as written by save(), checked field by field; None for anything else."""
    if not isinstance(value, dict):
        return None
    text_fields = {"case_id": 64, "title": MAX_NAME_CHARS, "municipality": MAX_NAME_CHARS,
                   "annotation": MAX_ANNOTATION_CHARS, "created_at": 40, "updated_at": 40}
    if any(not isinstance(value.get(k), str) or len(value[k]) > limit for k, limit in text_fields.items()):
        return None
    folder, tags = value.get("folder_id"), value.get("tags")
    if not CASE_ID_RE.fullmatch(value["case_id"]) or not (folder is None or isinstance(folder, str)
                                                           and FOLDER_ID_RE.fullmatch(folder)):
        return None
    if (not isinstance(tags, list) or len(tags) > MAX_TAGS_PER_BOOKMARK
            or any(not isinstance(t, str) or len(t) > MAX_NAME_CHARS for t in tags)):
        return None
    return Bookmark(value["case_id"], value["title"], value["municipality"], value["annotation"], folder,
                    tuple(tags), value["created_at"], value["updated_at"])


def load(home: Path) -> list[Removed]:
    """The kept removals, newest first."""
    path = home / FILE_NAME
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            return []
        body = json.loads(path.read_bytes().decode("utf-8"))
    except (OSError, UnicodeDecodeError, ValueError, RecursionError):
        return []
    if not isinstance(body, dict) or body.get("format") != FORMAT or not isinstance(body.get("removed"), list):
        return []
    kept = []
    for entry in body["removed"][:MAX_KEPT]:
        if isinstance(entry, dict) and isinstance(entry.get("removed_at"), str) and len(entry["removed_at"]) <= 40:
            bookmark = _bookmark(entry.get("bookmark"))
            if bookmark is not None:
                kept.append(Removed(bookmark, entry["removed_at"]))
    return kept


def save(home: Path, removed: Iterable[Removed]) -> None:
    """Replace the file (atomically) with these removals, newest first, at most MAX_KEPT."""
    entries = [{"removed_at": r.removed_at, "bookmark": {**asdict(r.bookmark), "tags": list(r.bookmark.tags)}}
               for r in list(removed)[:MAX_KEPT]]
    data = json.dumps({"format": FORMAT, "removed": entries}, ensure_ascii=False).encode("utf-8")
    write_atomically(home / FILE_NAME, data)
