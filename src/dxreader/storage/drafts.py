"""Recovery files for typed text that could not be saved (a note or a bookmark comment): one small JSON file
each, written atomically to the first folder that takes it (the user-data folder, else a per-user fallback
that paths.py names), read back at the next start and removed once restored or discarded on purpose."""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from dxreader.core.userdata import CASE_ID_RE
from dxreader.storage.backups import write_atomically
from dxreader.storage.errors import UserDataError

FORMAT = 1
KINDS = {"note": "メモ", "annotation": "しおりのコメント"}  # kind → what the user calls it
PREFIX = "draft-"
# A kept text may be longer than a note may be (that can be why it was not saved): bounded only so that a
# foreign file cannot exhaust memory at start.
MAX_FILE_BYTES = 64 * 1024 * 1024
MAX_DRAFTS_READ = 200  # a folder filled by something else must not stall the start


@dataclass(frozen=True)
class Draft:
    kind: str  # a key of KINDS
    case_id: str
    text: str
    saved_at: str  # local ISO time when it was kept
    base_revision: int | None = None  # the note revision the text was typed on (a later save merges)
    path: Path | None = field(default=None, compare=False)  # where it is kept, once kept

    @property
    def what(self) -> str:
        return KINDS[self.kind]


def _folder_ready(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    if os.name != "nt" and any(f.stat().st_uid != os.getuid() for f in (folder, folder.parent)):
        raise PermissionError(f"another user's folder: {folder}")  # in a shared temp folder, made by someone else


def keep(draft: Draft, folders: Sequence[Path]) -> Draft:
    """Write the draft to the first folder that takes it; raises UserDataError naming every folder tried."""
    if draft.kind not in KINDS or not CASE_ID_RE.fullmatch(draft.case_id):
        raise ValueError(f"not a draft: {draft.kind} {draft.case_id[:40]}")
    body = {"format": FORMAT, "kind": draft.kind, "case_id": draft.case_id, "text": draft.text,
            "saved_at": draft.saved_at, "base_revision": draft.base_revision}
    data = json.dumps(body, ensure_ascii=False).encode("utf-8")
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    failures = []
    for folder in folders:
        target = folder / f"{PREFIX}{draft.kind}-{draft.case_id}-{stamp}.json"
        try:
            _folder_ready(folder)
            write_atomically(target, data)
        except (OSError, UserDataError) as exc:
            failures.append(f"{folder}（{exc}）")
            continue
        return Draft(draft.kind, draft.case_id, draft.text, draft.saved_at, draft.base_revision, target)
    raise UserDataError("復元用ファイルも保存できませんでした: " + "、".join(failures))


def _parse(path: Path) -> Draft | None:
    """A draft file as written by keep(), or None for anything else (left where it is, never trusted)."""
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            return None
        body = json.loads(path.read_bytes().decode("utf-8"))
    except (OSError, UnicodeDecodeError, ValueError, RecursionError):
        return None
    if not isinstance(body, dict) or body.get("format") != FORMAT:
        return None
    kind, case_id, text, saved_at = (body.get(k) for k in ("kind", "case_id", "text", "saved_at"))
    revision = body.get("base_revision")
    if (kind not in KINDS or not isinstance(case_id, str) or not CASE_ID_RE.fullmatch(case_id)
            or not isinstance(text, str) or not isinstance(saved_at, str)
            or len(saved_at) > 40 or not (revision is None or type(revision) is int)):
        return None
    return Draft(kind, case_id, text, saved_at, revision, path)


def load(folders: Sequence[Path]) -> list[Draft]:
    """Every readable draft in the folders, oldest first."""
    found: list[Draft] = []
    for folder in dict.fromkeys(folders):
        try:
            names = sorted(folder.glob(f"{PREFIX}*.json"))[:MAX_DRAFTS_READ]
        except OSError:
            continue
        found += [d for d in map(_parse, names) if d is not None]
    return sorted(found, key=lambda d: (d.saved_at, str(d.path)))


def remove(draft: Draft) -> None:
    """The draft was restored or discarded on purpose: its file goes."""
    if draft.path is not None:
        try:
            draft.path.unlink(missing_ok=True)
        except OSError as exc:
            raise UserDataError(f"復元用ファイルを削除できませんでした（{exc.strerror or exc}）: {draft.path}") from None
