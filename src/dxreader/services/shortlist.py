"""Shortlists shared through a file server, as the GUI and the console tool use them: save a bookmark folder
as a .dxlist file, open one read-only (validated like every import), and take its cases into one's own
bookmarks. Also the (case ID, comment) lists the Excel export takes."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from dxreader import __version__
from dxreader.core.exchange import ImportRejected
from dxreader.core.shortlist import (
    MAX_SHORTLIST_BYTES, CasebookIdentity, SharedCase, Shortlist, casebook_difference, parse_shortlist,
    to_json_bytes, with_shared_text,
)
from dxreader.core.userdata import MAX_NAME_CHARS, Bookmark, Folder
from dxreader.services.catalog import Catalog, place_label
from dxreader.services.userdata import UserData
from dxreader.storage.shared_file import read_whole, write_shared
from dxreader.storage.userstore import InvalidUserInput


@dataclass(frozen=True)
class OpenedList:
    """A validated shortlist and what the user must be told about it before taking anything."""

    shortlist: Shortlist
    path: Path
    unknown: tuple[str, ...]  # case IDs the casebook in use does not have
    casebook_note: str  # '' or why the cases may differ (made on another casebook)

    def notices(self) -> list[str]:
        found = [self.casebook_note] if self.casebook_note else []
        if self.unknown:
            found.append(f"{len(self.unknown)}件の事例はお使いの事例データにないため、開くこともしおりに取り込むことも"
                         f"できません（{'、'.join(self.unknown[:5])}{' など' if len(self.unknown) > 5 else ''}）。")
        return found

    def known(self, case_id: str) -> bool:
        return case_id not in self.unknown


@dataclass(frozen=True)
class TakeResult:
    added: int  # new bookmarks
    extended: int  # bookmarks the user had, whose comment got the shared text appended
    unchanged: int  # bookmarks the user had that already held the shared text (or there was none)
    left_out: int  # cases not in the casebook in use
    folder: str  # the folder new bookmarks went into ('' for none)

    def message(self) -> str:
        where = f"フォルダ「{self.folder}」" if self.folder else "しおり（フォルダなし）"
        text = f"{where}に {self.added}件を追加しました。"
        if self.extended:
            text += f"すでにしおりにあった {self.extended}件は、自分のコメントの後に共有リストのコメントを書き足しました。"
        if self.unchanged:
            text += f"{self.unchanged}件はすでにしおりにあり、変更はありません。"
        if self.left_out:
            text += f"お使いの事例データにない {self.left_out}件は取り込みませんでした。"
        return text + "自分のメモは変更していません。"


class Shortlists:
    def __init__(self, user_data: UserData, catalog: Catalog) -> None:
        self.user_data = user_data
        self.catalog = catalog

    def identity(self) -> CasebookIdentity:
        return CasebookIdentity(self.catalog.casebook.meta.get("data_version", ""), len(self.catalog.cases()))

    def folder_named(self, name: str) -> Folder:
        folders = self.user_data.store.folders()
        found = next((f for f in folders if f.name == name), None)
        if found is None:
            names = "、".join(f.name for f in folders) or "なし"
            raise InvalidUserInput(f"しおりのフォルダ「{name}」がありません（あるフォルダ: {names}）")
        return found

    def folder_bookmarks(self, folder_id: str) -> list[Bookmark]:
        return [b for b in self.user_data.bookmarks() if b.folder_id == folder_id]

    # --- sharing -------------------------------------------------------------------------------
    def make(self, folder_id: str, title: str, author: str = "", include_notes: bool = False,
             now: datetime | None = None) -> Shortlist:
        title, author = " ".join(title.split()), " ".join(author.split())
        if not title:
            raise InvalidUserInput("共有リストの題名を入力してください")
        if len(title) > MAX_NAME_CHARS or len(author) > MAX_NAME_CHARS:
            raise InvalidUserInput(f"題名と作成者は{MAX_NAME_CHARS}文字までです")
        bookmarks = self.folder_bookmarks(folder_id)
        if not bookmarks:
            raise InvalidUserInput("このフォルダにはしおりがありません")
        notes = {n.case_id: n.text for n in self.user_data.store.notes()} if include_notes else {}
        cases = tuple(SharedCase(b.case_id, case.title if case else b.title, place_label(case) if case else b.municipality,
                                 b.annotation, notes.get(b.case_id, ""))
                      for b in bookmarks for case in [self.catalog.get(b.case_id)])
        stamp = (now or datetime.now()).astimezone().isoformat(timespec="seconds")
        return Shortlist(title, author, stamp, self.identity(), cases, __version__)

    def save(self, shortlist: Shortlist, target: Path) -> None:
        """Written whole into the shared folder (temp file + rename, nothing else left there)."""
        write_shared(target, to_json_bytes(shortlist))

    # --- opening and taking --------------------------------------------------------------------
    def open(self, path: Path) -> OpenedList:
        """Read the file whole and close it, then validate; ImportRejected or SharedFileError says why."""
        try:
            shortlist = parse_shortlist(read_whole(path, MAX_SHORTLIST_BYTES))
        except ImportRejected as exc:
            raise ImportRejected(f"共有リストとして読めません（{path.name}）: {exc}") from None
        unknown = tuple(c.case_id for c in shortlist.cases if self.catalog.get(c.case_id) is None)
        return OpenedList(shortlist, path, unknown, casebook_difference(shortlist.casebook, self.identity()))

    def take(self, opened: OpenedList, case_ids: Iterable[str] | None = None, folder_id: str | None = None,
             new_folder: str | None = None) -> TakeResult:
        """The chosen cases (all when None) into the user's bookmarks, in one transaction, into an existing
        folder, a new folder (reused if one of that name exists) or none. Rules: store.take_shared."""
        wanted = None if case_ids is None else set(case_ids)
        chosen = [c for c in opened.shortlist.cases if wanted is None or c.case_id in wanted]
        cases = [(shared, case) for shared in chosen if (case := self.catalog.get(shared.case_id)) is not None]
        by_id = {shared.case_id: shared for shared, _ in cases}
        comment_label = opened.shortlist.source_label("コメント")
        note_label = opened.shortlist.source_label("メモ")

        def comment_for(case_id: str, current: str) -> str:
            shared = by_id[case_id]
            return with_shared_text(with_shared_text(current, shared.comment, comment_label), shared.note, note_label)

        had = {b.case_id: b.annotation for b in self.user_data.bookmarks()}
        bookmarks = [Bookmark(case.id, case.title, place_label(case)) for _, case in cases]
        added, extended = self.user_data.store.take_shared(bookmarks, folder_id, comment_for, new_folder)
        folder = new_folder or next((f.name for f in self.user_data.store.folders() if f.id == folder_id), "")
        unchanged = sum(1 for b in bookmarks if b.case_id in had) - extended
        return TakeResult(added, extended, unchanged, len(chosen) - len(cases), " ".join(folder.split()))


def my_comments(user_data: UserData, case_ids: Iterable[str]) -> list[tuple[str, str]]:
    """(case ID, the user's bookmark comment or '') for the Excel export of results or a comparison."""
    comments = {b.case_id: b.annotation for b in user_data.bookmarks()}
    return [(case_id, comments.get(case_id, "")) for case_id in dict.fromkeys(case_ids)]
