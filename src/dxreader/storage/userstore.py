"""Bookmarks, folders, tags and notes in the user-data file: every change is one short transaction."""

from __future__ import annotations

import sqlite3
import uuid
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

from dxreader.core.userdata import (
    CASE_ID_RE, MAX_ANNOTATION_CHARS, MAX_NAME_CHARS, MAX_NOTE_CHARS, MAX_TAGS_PER_BOOKMARK, Bookmark, Folder,
    MergeReport, Note, UserSnapshot, control_character, merge_imported, merge_texts, normalize_tags,
)
from dxreader.storage.errors import ReadOnlyLocation
from dxreader.storage.userdb import decode_text, translated

READ_ONLY_MESSAGE = ("しおり・メモは読み取り専用で開いているため、変更は保存できません"
                     "（データフォルダに書き込めません）。書き出しはできます")


def local_now() -> str:
    return datetime.now().astimezone().isoformat(timespec="seconds")


class InvalidUserInput(ValueError):
    """A value the store refuses (too long, not a case ID); str() is a Japanese message."""


def _limit(value: str, limit: int, what: str, multiline: bool = False) -> str:
    """The same rules as an import (core.exchange), so whatever is saved can be exported and read back."""
    if len(value) > limit:
        raise InvalidUserInput(f"{what}が長すぎます（{len(value):,}文字、上限 {limit:,}文字）")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise InvalidUserInput(f"{what}に保存できない文字があります") from None
    control = control_character(value, multiline)
    if control:
        raise InvalidUserInput(f"{what}に保存できない制御文字（{control}）があります")
    return value


def _case_id(case_id: str) -> str:
    if not CASE_ID_RE.fullmatch(case_id):
        raise InvalidUserInput(f"事例ID「{case_id[:40]}」が正しくありません")
    return case_id


class UserStore:
    """Owns one connection (see userdb.connect). Reads are plain; writes go through _write()."""

    def __init__(self, conn: sqlite3.Connection, path: Path, now: Callable[[], str] = local_now,
                 read_only: bool = False) -> None:
        self.conn = conn
        self.path = path
        self._now = now
        self.read_only = read_only

    def close(self) -> None:
        self.conn.close()

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """BEGIN IMMEDIATE … COMMIT; on any failure ROLLBACK, so a change is either all there or not at all."""
        if self.read_only:
            raise ReadOnlyLocation(READ_ONLY_MESSAGE)
        with translated(self.path):
            self.conn.execute("BEGIN IMMEDIATE")
            try:
                yield self.conn
                self.conn.execute("COMMIT")
            except BaseException:
                if self.conn.in_transaction:
                    self.conn.execute("ROLLBACK")
                raise

    def _read(self, sql: str, params: tuple[object, ...] = ()) -> list[sqlite3.Row]:
        with translated(self.path):
            try:
                return self.conn.execute(sql, params).fetchall()
            except sqlite3.OperationalError as exc:
                if "decode" not in str(exc):
                    raise
            # A text cell damaged since the start-up check (which repairs them): read it with U+FFFD.
            self.conn.text_factory = decode_text
            try:
                return self.conn.execute(sql, params).fetchall()
            finally:
                self.conn.text_factory = str

    # --- folders -------------------------------------------------------------------------------
    def folders(self) -> list[Folder]:
        return [Folder(r["id"], r["name"], r["position"])
                for r in self._read("SELECT * FROM folders ORDER BY position, name")]

    def create_folder(self, name: str) -> Folder:
        name = _limit(" ".join(name.split()), MAX_NAME_CHARS, "フォルダ名")
        if not name:
            raise InvalidUserInput("フォルダ名を入力してください")
        with self._write() as conn:
            position = conn.execute("SELECT coalesce(max(position) + 1, 0) FROM folders").fetchone()[0]
            folder = Folder(uuid.uuid4().hex, name, position)
            conn.execute("INSERT INTO folders VALUES (?, ?, ?)", (folder.id, folder.name, folder.position))
        return folder

    def rename_folder(self, folder_id: str, name: str) -> None:
        name = _limit(" ".join(name.split()), MAX_NAME_CHARS, "フォルダ名")
        if not name:
            raise InvalidUserInput("フォルダ名を入力してください")
        with self._write() as conn:
            conn.execute("UPDATE folders SET name = ? WHERE id = ?", (name, folder_id))

    def delete_folder(self, folder_id: str) -> None:
        """The folder goes; its bookmarks stay, outside any folder (ON DELETE SET NULL)."""
        with self._write() as conn:
            conn.execute("DELETE FROM folders WHERE id = ?", (folder_id,))

    # --- bookmarks -----------------------------------------------------------------------------
    def _bookmarks(self, where: str = "", params: tuple[object, ...] = ()) -> list[Bookmark]:
        rows = self._read(f"SELECT * FROM bookmarks {where} ORDER BY created_at, case_id", params)
        tags: dict[str, list[str]] = {}
        for r in self._read("SELECT case_id, tag FROM bookmark_tags ORDER BY case_id, position"):
            tags.setdefault(r["case_id"], []).append(r["tag"])
        return [Bookmark(r["case_id"], r["title"], r["municipality"], r["annotation"], r["folder_id"],
                         tuple(tags.get(r["case_id"], ())), r["created_at"], r["updated_at"]) for r in rows]

    def bookmarks(self) -> list[Bookmark]:
        return self._bookmarks()

    def bookmark(self, case_id: str) -> Bookmark | None:
        found = self._bookmarks("WHERE case_id = ?", (case_id,))
        return found[0] if found else None

    def add_bookmark(self, case_id: str, title: str, municipality: str) -> Bookmark:
        """Idempotent: bookmarking a bookmarked case keeps its annotation, folder and tags."""
        _case_id(case_id)
        now = self._now()
        with self._write() as conn:
            conn.execute(
                "INSERT INTO bookmarks (case_id, title, municipality, created_at, updated_at) VALUES (?, ?, ?, ?, ?)"
                " ON CONFLICT(case_id) DO UPDATE SET title = excluded.title, municipality = excluded.municipality",
                (case_id, title[:MAX_NAME_CHARS], municipality[:MAX_NAME_CHARS], now, now),
            )
        bookmark = self.bookmark(case_id)
        assert bookmark is not None
        return bookmark

    def remove_bookmark(self, case_id: str) -> None:
        with self._write() as conn:
            conn.execute("DELETE FROM bookmarks WHERE case_id = ?", (case_id,))

    def _update_bookmark(self, case_id: str, column: str, value: object) -> None:
        with self._write() as conn:
            cursor = conn.execute(f"UPDATE bookmarks SET {column} = ?, updated_at = ? WHERE case_id = ?",
                                  (value, self._now(), case_id))
            if cursor.rowcount == 0:
                raise InvalidUserInput("この事例はしおりに登録されていません")

    def set_annotation(self, case_id: str, annotation: str) -> None:
        annotation = _limit(annotation, MAX_ANNOTATION_CHARS, "コメント", multiline=True)
        self._update_bookmark(case_id, "annotation", annotation)

    def set_folder(self, case_id: str, folder_id: str | None) -> None:
        self._update_bookmark(case_id, "folder_id", folder_id)

    def set_tags(self, case_id: str, tags: list[str] | tuple[str, ...]) -> None:
        cleaned = normalize_tags(tags)
        if len(cleaned) > MAX_TAGS_PER_BOOKMARK:
            raise InvalidUserInput(f"タグは{MAX_TAGS_PER_BOOKMARK}個までです")
        for tag in cleaned:
            _limit(tag, MAX_NAME_CHARS, "タグ")
        with self._write() as conn:
            if conn.execute("UPDATE bookmarks SET updated_at = ? WHERE case_id = ?",
                            (self._now(), case_id)).rowcount == 0:
                raise InvalidUserInput("この事例はしおりに登録されていません")
            conn.execute("DELETE FROM bookmark_tags WHERE case_id = ?", (case_id,))
            conn.executemany("INSERT INTO bookmark_tags VALUES (?, ?, ?)",
                             [(case_id, tag, i) for i, tag in enumerate(cleaned)])

    # --- notes ---------------------------------------------------------------------------------
    @staticmethod
    def _note(r: sqlite3.Row) -> Note:
        return Note(r["case_id"], r["text"], r["revision"], r["created_at"], r["updated_at"])

    def notes(self) -> list[Note]:
        return [self._note(r) for r in self._read("SELECT * FROM notes ORDER BY case_id")]

    def note(self, case_id: str) -> Note | None:
        rows = self._read("SELECT * FROM notes WHERE case_id = ?", (case_id,))
        return self._note(rows[0]) if rows else None

    def save_note(self, case_id: str, text: str, base_revision: int | None = None) -> tuple[Note | None, bool]:
        """Save a note typed on top of base_revision. If another window saved in between, both texts are
        kept (merged=True) rather than one silently replacing the other. Empty text deletes the note."""
        _case_id(case_id)
        _limit(text, MAX_NOTE_CHARS, "メモ", multiline=True)
        now = self._now()
        with self._write() as conn:
            row = conn.execute("SELECT * FROM notes WHERE case_id = ?", (case_id,)).fetchone()
            current = self._note(row) if row else None
            merged = False
            if current and base_revision is not None and base_revision != current.revision and text != current.text:
                text = merge_texts(current.text, text, f"別のウィンドウでの編集（{now}）")
                merged = text != current.text
            if not text:
                conn.execute("DELETE FROM notes WHERE case_id = ?", (case_id,))
                return None, merged
            if current and current.text == text:
                return current, merged
            conn.execute(
                "INSERT INTO notes (case_id, text, revision, created_at, updated_at) VALUES (?, ?, 1, ?, ?)"
                " ON CONFLICT(case_id) DO UPDATE SET text = excluded.text, revision = revision + 1,"
                " updated_at = excluded.updated_at",
                (case_id, text, now, now),
            )
            saved = self._note(conn.execute("SELECT * FROM notes WHERE case_id = ?", (case_id,)).fetchone())
        return saved, merged

    # --- everything at once --------------------------------------------------------------------
    def snapshot(self) -> UserSnapshot:
        with translated(self.path):
            self.conn.execute("BEGIN")  # one consistent read even if another window writes meanwhile
            try:
                return UserSnapshot(tuple(self.folders()), tuple(self.bookmarks()), tuple(self.notes()))
            finally:
                self.conn.execute("COMMIT")

    def counts(self) -> dict[str, int]:
        return {table: self._read(f"SELECT count(*) FROM {table}")[0][0]
                for table in ("folders", "bookmarks", "notes")}

    def merge(self, incoming: UserSnapshot, label: str) -> MergeReport:
        """Merge an imported snapshot in one transaction. Nothing the user has is removed: a bookmark or
        note present on both sides keeps the newer fields, and two different note texts are both kept."""
        report = MergeReport()
        with self._write() as conn:
            folder_ids = self._merge_folders(conn, incoming.folders, report)
            for b in incoming.bookmarks:
                self._merge_bookmark(conn, b, folder_ids, report)
            for n in incoming.notes:
                self._merge_note(conn, n, label, report)
        return report

    @staticmethod
    def _merge_folders(conn: sqlite3.Connection, folders: tuple[Folder, ...], report: MergeReport) -> dict[str, str]:
        """Imported folder ID → local folder ID; a folder of the same name is the same folder."""
        by_name = {r["name"]: r["id"] for r in conn.execute("SELECT id, name FROM folders")}
        existing_ids = set(by_name.values())
        mapping = {}
        for f in folders:
            if f.name in by_name:
                mapping[f.id] = by_name[f.name]
                continue
            local_id = f.id if f.id not in existing_ids else uuid.uuid4().hex
            conn.execute("INSERT INTO folders VALUES (?, ?, ?)", (local_id, f.name, f.position))
            by_name[f.name] = mapping[f.id] = local_id
            existing_ids.add(local_id)
            report.added["folders"] += 1
        return mapping

    def _merge_bookmark(self, conn: sqlite3.Connection, b: Bookmark, folder_ids: dict[str, str],
                        report: MergeReport) -> None:
        now = self._now()
        folder = folder_ids.get(b.folder_id) if b.folder_id else None
        row = conn.execute("SELECT * FROM bookmarks WHERE case_id = ?", (b.case_id,)).fetchone()
        if row is None:
            conn.execute("INSERT INTO bookmarks (case_id, title, municipality, annotation, created_at, updated_at,"
                         " folder_id) VALUES (?, ?, ?, ?, ?, ?, ?)",
                         (b.case_id, b.title, b.municipality, b.annotation, b.created_at or now,
                          b.updated_at or now, folder))
            tags: tuple[str, ...] = ()
            report.added["bookmarks"] += 1
        else:
            annotation = merge_imported(row["annotation"], b.annotation, "取り込んだコメント", MAX_ANNOTATION_CHARS,
                                        f"しおり「{b.case_id}」のコメント")
            conn.execute(
                "UPDATE bookmarks SET annotation = ?, folder_id = coalesce(folder_id, ?),"
                " created_at = min(created_at, ?), updated_at = max(updated_at, ?) WHERE case_id = ?",
                (annotation, folder, b.created_at or row["created_at"], b.updated_at or row["updated_at"], b.case_id))
            tags = tuple(r[0] for r in conn.execute(
                "SELECT tag FROM bookmark_tags WHERE case_id = ? ORDER BY position", (b.case_id,)))
            report.updated["bookmarks"] += 1
        merged_tags = normalize_tags(tags + b.tags)[:MAX_TAGS_PER_BOOKMARK]
        conn.execute("DELETE FROM bookmark_tags WHERE case_id = ?", (b.case_id,))
        conn.executemany("INSERT INTO bookmark_tags VALUES (?, ?, ?)",
                         [(b.case_id, t, i) for i, t in enumerate(merged_tags)])

    def _merge_note(self, conn: sqlite3.Connection, n: Note, label: str, report: MergeReport) -> None:
        now = self._now()
        row = conn.execute("SELECT * FROM notes WHERE case_id = ?", (n.case_id,)).fetchone()
        if row is None:
            if n.text:
                conn.execute("INSERT INTO notes (case_id, text, revision, created_at, updated_at) VALUES (?, ?, ?, ?, ?)",
                             (n.case_id, n.text, max(n.revision, 1), n.created_at or now, n.updated_at or now))
                report.added["notes"] += 1
            return
        text = merge_imported(row["text"], n.text, label, MAX_NOTE_CHARS, f"事例「{n.case_id}」のメモ")
        if text == row["text"]:
            return
        if text != n.text:
            report.combined_notes += 1
        conn.execute("UPDATE notes SET text = ?, revision = revision + 1, updated_at = ? WHERE case_id = ?",
                     (text, now, n.case_id))
        report.updated["notes"] += 1

    def take_shared(self, bookmarks: Sequence[Bookmark], folder_id: str | None,
                    comment_for: Callable[[str, str], str], new_folder: str | None = None) -> tuple[int, int]:
        """Cases from a colleague's list into the bookmarks, in one transaction: (added, comments extended).
        The folder is folder_id, or new_folder by name (the folder of that name if there is one). A new
        bookmark goes into it with comment_for(case_id, "") as its comment; one the user already has keeps
        its folder (else goes into it), tags and creation time, and its comment becomes
        comment_for(case_id, own comment), which only appends. Notes are never touched."""
        added = extended = 0
        now = self._now()
        if new_folder is not None:
            new_folder = _limit(" ".join(new_folder.split()), MAX_NAME_CHARS, "フォルダ名")
            if not new_folder:
                raise InvalidUserInput("フォルダ名を入力してください")
        with self._write() as conn:
            if new_folder:
                found = conn.execute("SELECT id FROM folders WHERE name = ?", (new_folder,)).fetchone()
                folder_id = found[0] if found else uuid.uuid4().hex
                if not found:
                    conn.execute("INSERT INTO folders VALUES (?, ?, (SELECT coalesce(max(position) + 1, 0) FROM folders))",
                                 (folder_id, new_folder))
            for b in bookmarks:
                _case_id(b.case_id)
                row = conn.execute("SELECT annotation FROM bookmarks WHERE case_id = ?", (b.case_id,)).fetchone()
                current = row[0] if row else ""
                comment = _limit(comment_for(b.case_id, current), MAX_ANNOTATION_CHARS, "コメント", multiline=True)
                if row is None:
                    conn.execute("INSERT INTO bookmarks (case_id, title, municipality, annotation, folder_id, created_at,"
                                 " updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                                 (b.case_id, b.title[:MAX_NAME_CHARS], b.municipality[:MAX_NAME_CHARS], comment,
                                  folder_id, now, now))
                    added += 1
                    continue
                conn.execute("UPDATE bookmarks SET folder_id = coalesce(folder_id, ?) WHERE case_id = ?",
                             (folder_id, b.case_id))
                if comment != current:
                    conn.execute("UPDATE bookmarks SET annotation = ?, updated_at = ? WHERE case_id = ?",
                                 (comment, now, b.case_id))
                    extended += 1
        return added, extended

    # --- removing bookmarks so that they can be put back (undo) ---------------------------------------
    def take_bookmarks(self, case_ids: list[str] | tuple[str, ...]) -> list[Bookmark]:
        """Remove these bookmarks in one transaction and return them whole (comment, folder, tags, times)."""
        wanted = set(case_ids)
        with self._write() as conn:
            taken = [b for b in self._bookmarks() if b.case_id in wanted]
            conn.executemany("DELETE FROM bookmarks WHERE case_id = ?", [(b.case_id,) for b in taken])
        return taken

    def restore_bookmarks(self, bookmarks: list[Bookmark] | tuple[Bookmark, ...]) -> None:
        """Put removed bookmarks back as they were, in one transaction. A case bookmarked again meanwhile
        keeps both comments, the earlier creation time, its own folder (else the old one) and all tags; a
        folder deleted meanwhile is left out (the bookmark comes back outside any folder)."""
        with self._write() as conn:
            folders = {r[0] for r in conn.execute("SELECT id FROM folders")}
            for old in bookmarks:
                _case_id(old.case_id)
                again = conn.execute("SELECT annotation FROM bookmarks WHERE case_id = ?", (old.case_id,)).fetchone()
                annotation = merge_texts(old.annotation, again[0], "登録し直したあとのコメント") if again else old.annotation
                conn.execute(
                    "INSERT INTO bookmarks (case_id, title, municipality, annotation, folder_id, created_at, updated_at)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT(case_id) DO UPDATE SET annotation = excluded.annotation,"
                    " folder_id = coalesce(folder_id, excluded.folder_id),"
                    " created_at = min(created_at, excluded.created_at)",
                    (old.case_id, old.title, old.municipality,
                     _limit(annotation, MAX_ANNOTATION_CHARS, "コメント", multiline=True),
                     old.folder_id if old.folder_id in folders else None, old.created_at or self._now(),
                     old.updated_at or self._now()))
                present = [r[0] for r in conn.execute(
                    "SELECT tag FROM bookmark_tags WHERE case_id = ? ORDER BY position", (old.case_id,))]
                tags = normalize_tags(tuple(present) + old.tags)[:MAX_TAGS_PER_BOOKMARK]
                conn.execute("DELETE FROM bookmark_tags WHERE case_id = ?", (old.case_id,))
                conn.executemany("INSERT INTO bookmark_tags VALUES (?, ?, ?)",
                                 [(old.case_id, t, i) for i, t in enumerate(tags)])
