"""The user store's own rules, undo of a removal, imports merged, recovery drafts and the recently removed list,
on real SQLite files (found unguarded by mutation testing, tests/bench/mutation.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from dxreader.services.userdata import UserData
from dxreader.storage.errors import UserDataError
from dxreader.storage.userdb import connect


# --- the user store: undo of a removal, imports merged into what is there, folder names -------------------
def test_removed_bookmarks_come_back_whole(tmp_path: Path) -> None:
    with UserData.open(tmp_path / "home") as data:
        store = data.store
        folder = store.create_folder("窓口")
        for case_id in ("taisei-074055", "taisei-070009", "taisei-281000"):
            store.add_bookmark(case_id, f"題 {case_id}", "町")
        store.set_annotation("taisei-074055", "電話で確認する")
        store.set_folder("taisei-074055", folder.id)
        store.set_tags("taisei-074055", ["窓口", "CDO"])
        before = store.bookmark("taisei-074055")
        taken = store.take_bookmarks(["taisei-074055", "taisei-281000", "taisei-999999"])
        assert sorted(b.case_id for b in taken) == ["taisei-074055", "taisei-281000"]  # an unknown ID is no error
        assert [b.case_id for b in store.bookmarks()] == ["taisei-070009"]
        assert next(b for b in taken if b.case_id == "taisei-074055") == before
        store.restore_bookmarks(taken)
        assert store.bookmark("taisei-074055") == before
        assert store.bookmark("taisei-281000") is not None and len(store.bookmarks()) == 3


def test_a_case_bookmarked_again_before_undo_keeps_both_comments_and_all_tags(tmp_path: Path) -> None:
    with UserData.open(tmp_path / "home") as data:
        store = data.store
        kept, gone = store.create_folder("残す"), store.create_folder("消す")
        store.add_bookmark("taisei-074055", "題", "町")
        store.set_annotation("taisei-074055", "前のコメント")
        store.set_folder("taisei-074055", gone.id)
        store.set_tags("taisei-074055", ["古い"])
        store.add_bookmark("taisei-070009", "題2", "町")
        store.set_folder("taisei-070009", kept.id)
        taken = store.take_bookmarks(["taisei-074055", "taisei-070009"])
        store.delete_folder(gone.id)
        store.add_bookmark("taisei-074055", "題", "町")  # bookmarked again meanwhile
        store.set_annotation("taisei-074055", "あとのコメント")
        store.set_tags("taisei-074055", ["新しい"])
        store.restore_bookmarks(taken)
        again = store.bookmark("taisei-074055")
        assert again.annotation == "前のコメント\n\n――― 登録し直したあとのコメント ―――\nあとのコメント"
        assert again.tags == ("新しい", "古い") and again.folder_id is None  # its folder was deleted meanwhile
        assert again.created_at == next(b for b in taken if b.case_id == "taisei-074055").created_at  # the earlier
        assert store.bookmark("taisei-070009").folder_id == kept.id  # a folder still there is kept


def test_an_import_counts_what_it_added_and_keeps_the_earlier_creation_time(tmp_path: Path) -> None:
    from dxreader.core.userdata import Bookmark, Note, UserSnapshot

    with UserData.open(tmp_path / "home") as data:
        store = data.store
        store.add_bookmark("taisei-074055", "題", "町")
        mine = store.bookmark("taisei-074055")
        incoming = UserSnapshot(
            bookmarks=(Bookmark("taisei-074055", "題", "町", created_at="2020-01-01T00:00:00+09:00",
                                updated_at=""),),
            notes=(Note("taisei-070009", "一つ目", 1), Note("taisei-281000", "二つ目", 1), Note("taisei-070001", "", 1)))
        report = store.merge(incoming, "取り込んだメモ")
        assert report.added == {"folders": 0, "bookmarks": 0, "notes": 2}  # an empty note adds nothing
        assert report.updated["bookmarks"] == 1
        merged = store.bookmark("taisei-074055")
        assert merged.created_at == "2020-01-01T00:00:00+09:00" and merged.updated_at == mine.updated_at


def test_a_folder_name_over_the_limit_is_refused_naming_what_was_too_long(tmp_path: Path) -> None:
    from dxreader.core.userdata import MAX_NAME_CHARS
    from dxreader.storage.userstore import InvalidUserInput

    with UserData.open(tmp_path / "home") as data:
        folder = data.store.create_folder("窓口")
        with pytest.raises(InvalidUserInput, match=f"^フォルダ名が長すぎます（{MAX_NAME_CHARS + 1:,}文字、"):
            data.store.rename_folder(folder.id, "長" * (MAX_NAME_CHARS + 1))
        data.store.rename_folder(folder.id, "  窓口   改革 ")
        assert [f.name for f in data.store.folders()] == ["窓口 改革"]


# --- recovery files for text that could not be saved ------------------------------------------------------
def test_a_draft_goes_to_the_first_folder_that_takes_it_and_reads_back(tmp_path: Path) -> None:
    import json

    from dxreader.storage import drafts

    blocked = tmp_path / "a-file"
    blocked.write_text("x")
    draft = drafts.Draft("note", "taisei-074055", "保存できなかったメモ", "2026-11-23T10:00:00", 3)
    kept = drafts.keep(draft, [blocked / "drafts", tmp_path / "fallback"])
    assert kept == draft and kept.path is not None and kept.path.parent == tmp_path / "fallback"
    assert kept.path.name.startswith("draft-note-taisei-074055-")
    assert json.loads(kept.path.read_text(encoding="utf-8"))["text"] == "保存できなかったメモ"
    assert drafts.load([blocked / "drafts", tmp_path / "fallback"]) == [draft]
    assert drafts.load([tmp_path / "fallback"])[0].path == kept.path
    drafts.remove(kept)
    assert drafts.load([tmp_path / "fallback"]) == []


def test_a_draft_no_folder_takes_names_every_folder_tried(tmp_path: Path) -> None:
    from dxreader.storage import drafts

    blocked = tmp_path / "a-file"
    blocked.write_text("x")
    with pytest.raises(UserDataError, match="^復元用ファイルも保存できませんでした: ") as caught:
        drafts.keep(drafts.Draft("annotation", "taisei-074055", "コメント", "2026-11-23T10:00:00"),
                    [blocked / "one", blocked / "two"])
    assert str(blocked / "one") in str(caught.value) and str(blocked / "two") in str(caught.value)


# --- the recently removed list ---------------------------------------------------------------------------
def test_a_removed_list_entry_with_an_over_long_comment_is_not_trusted(tmp_path: Path) -> None:
    from dxreader.core.userdata import MAX_ANNOTATION_CHARS, Bookmark
    from dxreader.storage import removed

    def entry(annotation: str) -> removed.Removed:
        return removed.Removed(Bookmark("taisei-074055", "題", "町", annotation, None, ("窓口",), "2026-11-23",
                                        "2026-11-23"), "2026-11-23T10:00:00")

    removed.save(tmp_path, [entry("あ" * MAX_ANNOTATION_CHARS)])
    assert removed.load(tmp_path) == [entry("あ" * MAX_ANNOTATION_CHARS)]
    removed.save(tmp_path, [entry("あ" * (MAX_ANNOTATION_CHARS + 1))])
    assert removed.load(tmp_path) == []


# --- the store's own rules, with a clock the test controls ------------------------------------------------
@pytest.fixture
def clocked(tmp_path: Path):  # type: ignore[no-untyped-def]
    """A store whose clock says 10:00:01, 10:00:02, … one second per change."""
    from itertools import count

    from dxreader.storage.userdb import migrate
    from dxreader.storage.userstore import UserStore

    ticks = count(1)
    conn, _ = connect(tmp_path / "userdata.sqlite")
    migrate(conn, tmp_path / "userdata.sqlite")
    store = UserStore(conn, tmp_path / "userdata.sqlite", now=lambda: f"2026-11-23T10:00:{next(ticks):02d}+09:00")
    yield store
    store.close()


def test_folders_need_a_name_and_keep_the_order_they_were_made_in(clocked) -> None:  # type: ignore[no-untyped-def]
    from dxreader.storage.userstore import InvalidUserInput

    with pytest.raises(InvalidUserInput, match="^フォルダ名を入力してください$"):
        clocked.create_folder(" \u3000 ")
    second, first = clocked.create_folder("窓口"), clocked.create_folder("あ窓口")
    assert (second.position, first.position) == (0, 1)
    assert [f.name for f in clocked.folders()] == ["窓口", "あ窓口"]  # by position, not by name
    with pytest.raises(InvalidUserInput, match="^フォルダ名を入力してください$"):
        clocked.rename_folder(second.id, "  ")
    clocked.add_bookmark("taisei-074055", "題", "町")
    clocked.set_folder("taisei-074055", second.id)
    clocked.delete_folder(second.id)
    assert [f.name for f in clocked.folders()] == ["あ窓口"] and clocked.bookmark("taisei-074055").folder_id is None


def test_bookmarks_keep_their_creation_time_comment_and_tags_when_added_again(clocked) -> None:  # type: ignore[no-untyped-def]
    from dxreader.core.userdata import MAX_NAME_CHARS, MAX_TAGS_PER_BOOKMARK
    from dxreader.storage.userstore import InvalidUserInput

    with pytest.raises(InvalidUserInput, match="^事例ID「../etc」が正しくありません$"):
        clocked.add_bookmark("../etc", "題", "町")
    first = clocked.add_bookmark("taisei-074055", "長" * (MAX_NAME_CHARS + 5), "町")
    assert first.title == "長" * MAX_NAME_CHARS and first.created_at == first.updated_at == "2026-11-23T10:00:01+09:00"
    clocked.add_bookmark("gyomu-012084", "題2", "市")
    clocked.set_annotation("taisei-074055", "電話で確認")
    clocked.set_tags("taisei-074055", [" 窓口 ", "CDO", "窓口", ""])
    again = clocked.add_bookmark("taisei-074055", "新しい題", "町")
    assert (again.title, again.annotation, again.tags) == ("新しい題", "電話で確認", ("窓口", "CDO"))
    assert again.created_at == "2026-11-23T10:00:01+09:00" and again.updated_at == "2026-11-23T10:00:04+09:00"
    assert [b.case_id for b in clocked.bookmarks()] == ["taisei-074055", "gyomu-012084"]  # oldest first
    for change in (lambda: clocked.set_annotation("taisei-070009", "x"), lambda: clocked.set_tags("taisei-070009", ["x"]),
                   lambda: clocked.set_folder("taisei-070009", None)):
        with pytest.raises(InvalidUserInput, match="^この事例はしおりに登録されていません$"):
            change()
    with pytest.raises(InvalidUserInput, match=f"^タグは{MAX_TAGS_PER_BOOKMARK}個までです$"):
        clocked.set_tags("taisei-074055", [f"t{n}" for n in range(MAX_TAGS_PER_BOOKMARK + 1)])
    clocked.remove_bookmark("taisei-074055")
    assert clocked.bookmark("taisei-074055") is None and clocked.counts() == {"folders": 0, "bookmarks": 1, "notes": 0}
    assert clocked.conn.execute("SELECT count(*) FROM bookmark_tags").fetchone()[0] == 0  # its tags went with it


def test_notes_count_revisions_merge_a_concurrent_edit_and_go_when_emptied(clocked) -> None:  # type: ignore[no-untyped-def]
    note, merged = clocked.save_note("taisei-074055", "一行目")
    assert (note.text, note.revision, merged) == ("一行目", 1, False)
    same, _ = clocked.save_note("taisei-074055", "一行目", base_revision=1)
    assert same.revision == 1 and same.updated_at == note.updated_at  # nothing changed, nothing written
    other, _ = clocked.save_note("taisei-074055", "別の窓で書いた", base_revision=1)
    assert other.revision == 2 and other.created_at == note.created_at
    mine, merged = clocked.save_note("taisei-074055", "この窓で書いた", base_revision=1)  # typed on revision 1
    assert merged and mine.revision == 3
    assert mine.text == "別の窓で書いた\n\n――― 別のウィンドウでの編集（2026-11-23T10:00:04+09:00） ―――\nこの窓で書いた"
    assert mine.updated_at == "2026-11-23T10:00:04+09:00"
    assert clocked.save_note("taisei-074055", "", base_revision=3) == (None, False)
    assert clocked.note("taisei-074055") is None and clocked.notes() == []


def test_an_import_counts_a_new_bookmark(clocked) -> None:  # type: ignore[no-untyped-def]
    from dxreader.core.userdata import Bookmark, UserSnapshot

    report = clocked.merge(UserSnapshot(bookmarks=(Bookmark("taisei-074055", "題", "町"),)), "取り込んだメモ")
    assert report.added == {"folders": 0, "bookmarks": 1, "notes": 0} and report.updated["bookmarks"] == 0
    assert clocked.bookmark("taisei-074055").created_at == "2026-11-23T10:00:01+09:00"  # none given: now
