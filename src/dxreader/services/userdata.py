"""The user's bookmarks and notes as the GUI and the console tool use them: open (with recovery), daily
backups, export to JSON/CSV, import with validation, and a health check."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from dxreader import __version__
from dxreader.core.exchange import MAX_FILE_BYTES, ImportRejected, parse_import, to_json_bytes
from dxreader.core.model import Case
from dxreader.core.spreadsheet import to_csv
from dxreader.core.userdata import Bookmark, MergeRefused, MergeReport, Note, merge_texts
from dxreader.paths import drafts_dirs, is_network_path
from dxreader.services.catalog import place_label
from dxreader.storage import backups, drafts, health, removed
from dxreader.storage.drafts import Draft
from dxreader.storage.errors import UserDataError
from dxreader.storage.recovery import Recovery, open_user_store, user_data_file
from dxreader.storage.userdb import connect
from dxreader.storage.userstore import InvalidUserInput, UserStore

CSV_COLUMNS = ["事例ID", "題名", "団体", "フォルダ", "タグ", "コメント", "メモ", "登録日時", "更新日時"]


@dataclass(frozen=True)
class ImportResult:
    report: MergeReport
    unknown_cases: int  # bookmarks or notes of cases not in the current casebook (kept, shown as missing)

    def message(self) -> str:
        a, u = self.report.added, self.report.updated
        text = (f"取り込みました: しおり {a['bookmarks']}件追加・{u['bookmarks']}件更新、"
                f"メモ {a['notes']}件追加・{u['notes']}件更新、フォルダ {a['folders']}件追加。")
        if self.report.combined_notes:
            text += f"内容の異なるメモ {self.report.combined_notes}件は、両方の文章を残しました。"
        if self.unknown_cases:
            text += f"現在の事例データにない事例が {self.unknown_cases}件あります（「見つからない事例」として表示します）。"
        return text


class UserData:
    """One user's data file. Every method either completes its change or raises a typed error/
    InvalidUserInput (Japanese str()) having changed nothing."""

    def __init__(self, store: UserStore, home: Path, recovery: Recovery) -> None:
        self.store = store
        self.home = home
        self.recovery = recovery
        self.warnings: list[str] = []
        if is_network_path(home):
            self.warnings.append(
                f"データフォルダ（{home}）がネットワーク上にあります。SQLiteのファイルはネットワーク上では"
                "壊れることがあるため、このパソコンのフォルダを指定してください。")

    @classmethod
    def open(cls, home: Path, now: datetime | None = None, read_only: bool = False) -> UserData:
        """Checked, and repaired or restored if damaged. read_only (or a folder the user cannot write to):
        nothing is written, not even a repair; reading and exporting work, changes raise ReadOnlyLocation."""
        store, recovery = open_user_store(home, now, read_only)
        return cls(store, home, recovery)

    @classmethod
    def inspect(cls, home: Path) -> UserData:
        """Open read-only without any repair, to report on the file exactly as it is."""
        path = user_data_file(home)
        if not path.exists():
            raise UserDataError(f"しおり・メモのファイルがありません: {path}")
        conn, _ = connect(path, read_only=True)
        return cls(UserStore(conn, path, read_only=True), home, Recovery(read_only=True))

    @property
    def read_only(self) -> bool:
        return self.store.read_only

    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> UserData:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- what the reader does ------------------------------------------------------------------
    def bookmark_case(self, case: Case) -> Bookmark:
        return self.store.add_bookmark(case.id, case.title, place_label(case))

    def bookmark(self, case_id: str) -> Bookmark | None:
        return self.store.bookmark(case_id)

    def bookmarks(self) -> list[Bookmark]:
        return self.store.bookmarks()

    def note(self, case_id: str) -> Note | None:
        return self.store.note(case_id)

    # --- backups -------------------------------------------------------------------------------
    def daily_backup(self, now: datetime | None = None) -> list[Path]:
        """At start: a verified database backup and a JSON export, each at most once a day."""
        now = now or datetime.now()
        made: list[Path] = []
        if self.read_only:
            return made
        if backups.is_due(backups.database_backups(self.home), now):
            made.append(backups.take_database_backup(self.store.conn, self.home, now, self.store.counts()))
        if backups.is_due(backups.json_exports(self.home), now):
            made.append(backups.write_json_export(self.export_bytes(now), self.home, now))
        return made

    # --- export and import ---------------------------------------------------------------------
    def export_bytes(self, now: datetime | None = None) -> bytes:
        stamp = (now or datetime.now()).astimezone().isoformat(timespec="seconds")
        return to_json_bytes(self.store.snapshot(), stamp, __version__)

    def export_json(self, target: Path) -> dict[str, int]:
        snapshot_counts = self.store.counts()
        backups.write_atomically(target, self.export_bytes())
        return snapshot_counts

    def bookmarks_csv(self, encoding: str = "utf-8-sig") -> bytes:
        """The bookmark list for Excel: UTF-8 with BOM (Excel on Japanese Windows reads it), or cp932."""
        snapshot = self.store.snapshot()
        folders = {f.id: f.name for f in snapshot.folders}
        notes = {n.case_id: n.text for n in snapshot.notes}
        rows = ([b.case_id, b.title, b.municipality, folders.get(b.folder_id or "", ""), " ".join(b.tags),
                 b.annotation, notes.get(b.case_id, ""), b.created_at, b.updated_at] for b in snapshot.bookmarks)
        return to_csv(CSV_COLUMNS, rows, encoding)

    def export_csv(self, target: Path, encoding: str = "utf-8-sig") -> int:
        backups.write_atomically(target, self.bookmarks_csv(encoding))
        return len(self.store.bookmarks())

    def import_bytes(self, data: bytes, known_case_ids: set[str] | None = None) -> ImportResult:
        """Validate the whole file, then merge it in one transaction. Raises ImportRejected (nothing changed)."""
        snapshot = parse_import(data)
        stamp = datetime.now().strftime("%Y-%m-%d %H:%M")
        try:
            report = self.store.merge(snapshot, f"取り込んだメモ（{stamp}）")
        except MergeRefused as exc:  # raised inside the one transaction: nothing was changed
            raise ImportRejected(str(exc)) from None
        unknown = 0
        if known_case_ids is not None:
            ids = {b.case_id for b in snapshot.bookmarks} | {n.case_id for n in snapshot.notes}
            unknown = len(ids - known_case_ids)
        return ImportResult(report, unknown)

    def import_file(self, source: Path, known_case_ids: set[str] | None = None) -> ImportResult:
        try:
            size = source.stat().st_size
            if size > MAX_FILE_BYTES:
                raise ImportRejected(f"ファイルが大きすぎます（{size:,}バイト）")
            data = source.read_bytes()
        except OSError as exc:
            raise ImportRejected(f"ファイルを読めません: {source}（{exc.strerror or exc}）") from None
        return self.import_bytes(data, known_case_ids)

    # --- health --------------------------------------------------------------------------------
    def check(self) -> dict[str, object]:
        """The start-up check run again: SQLite's full integrity check, references, and every cell."""
        conn = self.store.conn
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        try:
            found = health.examine(conn, version)
        except (sqlite3.DatabaseError, UnicodeDecodeError) as exc:
            found = health.Health(fatal=[str(exc)])
        return {
            "file": str(self.store.path),
            "integrity": "ok" if found.ok else found.summary(),
            "schema_version": version,
            "read_only": self.read_only,
            "counts": self.store.counts(),
            "backups": [str(b.path) for b in backups.database_backups(self.home)],
            "json_exports": [str(b.path) for b in backups.json_exports(self.home)],
        }


    # --- typed text that could not be saved (recovery files, storage/drafts.py) ---------------------
    def keep_draft(self, draft: Draft) -> Draft:
        """Keep the text in a recovery file (the data folder, else a per-user fallback); UserDataError if none."""
        return drafts.keep(draft, drafts_dirs(self.home))

    def drafts(self) -> list[Draft]:
        return drafts.load(drafts_dirs(self.home))

    def restore_draft(self, draft: Draft, case: Case | None) -> None:
        """Put a kept text back where it was typed, then remove its file. A note saved meanwhile in another
        window is merged with it, never replaced; a comment whose bookmark is gone brings the bookmark back."""
        if draft.kind == "note":
            self.store.save_note(draft.case_id, draft.text, draft.base_revision)
        else:
            bookmark = self.store.bookmark(draft.case_id)
            if bookmark is None:
                if case is None:
                    raise InvalidUserInput("この事例は現在の事例データにないため、コメントを戻せません")
                bookmark = self.bookmark_case(case)
            label = f"復元したコメント（{datetime.now().strftime('%Y-%m-%d %H:%M')}）"
            self.store.set_annotation(draft.case_id, merge_texts(bookmark.annotation, draft.text, label))
        drafts.remove(draft)

    def discard_draft(self, draft: Draft) -> None:
        drafts.remove(draft)


    # --- removing bookmarks, undoably (storage/removed.py keeps them across restarts) -----------------
    def remove_bookmarks(self, case_ids: list[str]) -> tuple[list[Bookmark], str]:
        """Remove bookmarks and keep them whole in the recently-removed list: (the removed bookmarks, a
        Japanese warning if the list could not be written; they can still be put back from memory)."""
        taken = self.store.take_bookmarks(case_ids)
        if taken:
            stamp = datetime.now().astimezone().isoformat(timespec="seconds")
            try:
                removed.save(self.home, [removed.Removed(b, stamp) for b in reversed(taken)] + removed.load(self.home))
            except UserDataError as exc:
                return taken, f"外したしおりの控えをファイルに残せませんでした（このウィンドウを閉じるまでは元に戻せます）: {exc}"
        return taken, ""

    def recently_removed(self) -> list[removed.Removed]:
        """Removed bookmarks that are not bookmarked again, newest first."""
        present = {b.case_id for b in self.store.bookmarks()}
        return [r for r in removed.load(self.home) if r.bookmark.case_id not in present]

    def restore_bookmarks(self, bookmarks: list[Bookmark]) -> None:
        """Put removed bookmarks back whole; they leave the recently-removed list."""
        self.store.restore_bookmarks(bookmarks)
        back = {(b.case_id, b.created_at) for b in bookmarks}
        kept = [r for r in removed.load(self.home) if (r.bookmark.case_id, r.bookmark.created_at) not in back]
        try:
            removed.save(self.home, kept)
        except UserDataError:
            pass  # the bookmarks are back; a stale entry in the list is only offered again, never harmful


__all__ = ["ImportRejected", "ImportResult", "InvalidUserInput", "UserData", "UserDataError"]
