"""Removing a bookmark never silently destroys its comment, folder and tags: in the real window, 元に戻す
(Ctrl+Z or the button in the status bar) puts back a removal made with the ☆ or the bookmark list (one or
several), and しおり › 最近外したしおり brings one back after a restart."""

from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtCore import Qt

from dxreader.services.userdata import UserData
from dxreader.storage import removed
from tests.conftest import activate

CASE = "taisei-074055"
OTHERS = ("taisei-070009", "taisei-281000")


def annotate(data: UserData, case_id: str, folder_id: str, n: int) -> None:
    data.store.set_annotation(case_id, f"コメント{n}: 課内で共有")
    data.store.set_folder(case_id, folder_id)
    data.store.set_tags(case_id, [f"タグ{n}", "共通"])


def whole(bookmark) -> tuple:  # type: ignore[no-untyped-def]
    """Everything a bookmark holds that the user made or that orders it."""
    return (bookmark.case_id, bookmark.title, bookmark.municipality, bookmark.annotation, bookmark.folder_id,
            bookmark.tags, bookmark.created_at)


def test_star_removal_comes_back_whole_with_ctrl_z(qtbot, open_reader, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    reader = open_reader(tmp_path / "home")
    window = reader.window
    window.open_case(CASE)
    window.actions["bookmark"].trigger()
    window.bookmark_pane.create_folder("窓口改革")
    folder = reader.user_data.store.folders()[0]
    pane = window.case_pane
    pane.folder.setCurrentIndex(pane.folder.findData(folder.id))
    pane.folder.activated.emit(pane.folder.currentIndex())
    pane.tags.setText("CDO 体制")
    pane.tags.editingFinished.emit()
    pane.annotation.insertPlainText("課長に回覧する")
    assert pane.flush()
    before = reader.user_data.bookmark(CASE)
    assert before.annotation == "課長に回覧する" and before.folder_id == folder.id and before.tags == ("CDO", "体制")

    pane.star.click()
    assert reader.user_data.bookmark(CASE) is None
    assert window.undo_bar.isVisible() and window.undo_bar.undo_button.text() == "元に戻す"
    assert window.undo_bar.text.text() == f"しおり「{before.title[:24]}…」を外しました"  # the title is long
    assert before.title in window.undo_bar.text.toolTip()
    window.statusBar().grab().save(str(tmp_path / "undo-bar.png"))

    activate(qtbot, window)  # shortcuts go to the active window only
    pane.note.setFocus()
    pane.note.insertPlainText("メモ")
    qtbot.keyClick(pane.note, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # in a text field: undoes typing
    assert pane.note.toPlainText() == "" and reader.user_data.bookmark(CASE) is None
    window.results.setFocus()
    qtbot.keyClick(window.results, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    after = reader.user_data.bookmark(CASE)
    assert after is not None and whole(after) == whole(before)
    assert pane.star.isChecked() and pane.annotation.toPlainText() == "課長に回覧する"
    assert pane.tags.text() == "CDO 体制" and pane.folder.currentData() == folder.id
    assert not window.undo_bar.isVisible() and not window.actions["undo"].isEnabled()


def test_bulk_removal_in_the_bookmark_list_comes_back_with_the_button(qtbot, open_reader,  # type: ignore[no-untyped-def]
                                                                      tmp_path: Path) -> None:
    home = tmp_path / "home"
    with UserData.open(home) as data:
        folder = data.store.create_folder("共有")
        for n, case_id in enumerate((CASE, *OTHERS)):
            data.store.add_bookmark(case_id, f"題名{n}", "団体")
            annotate(data, case_id, folder.id, n)
        before = {b.case_id: whole(b) for b in data.bookmarks()}
    reader = open_reader(home)
    window = reader.window
    window.left_tabs.setCurrentWidget(window.bookmark_pane)
    table = window.bookmark_pane.table
    table.selectAll()
    assert len(window.bookmark_pane.selected_case_ids()) == 3
    activate(qtbot, window)
    table.setFocus()
    qtbot.keyClick(table, Qt.Key.Key_Delete)
    assert reader.user_data.bookmarks() == [] and window.bookmarks_model.rowCount() == 0
    assert window.undo_bar.text.text() == "しおり3件を外しました"
    window.undo_bar.undo_button.click()
    assert {b.case_id: whole(b) for b in reader.user_data.bookmarks()} == before
    assert window.bookmarks_model.rowCount() == 3

    window.bookmark_pane.remove(OTHERS[0])  # the list's context menu: しおりを外す
    window.bookmark_pane.remove(OTHERS[1])
    window.actions["undo"].trigger()  # 編集 › 元に戻す: the last removal first
    assert {b.case_id for b in reader.user_data.bookmarks()} == {CASE, OTHERS[1]}
    window.actions["undo"].trigger()
    assert {b.case_id: whole(b) for b in reader.user_data.bookmarks()} == before


def test_a_removal_can_be_put_back_after_a_restart(qtbot, open_reader, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    home = tmp_path / "home"
    with UserData.open(home) as data:
        folder = data.store.create_folder("あとで読む")
        data.store.add_bookmark(CASE, "題名", "団体")
        annotate(data, CASE, folder.id, 1)
        before = whole(data.bookmark(CASE))
    reader = open_reader(home)
    reader.window.open_case(CASE)
    reader.window.actions["bookmark"].trigger()  # しおり › しおりに登録／外す (Ctrl+D)
    assert reader.window.user_data.bookmark(CASE) is None
    reader.close()

    window = open_reader(home).window
    assert window.user_data.bookmark(CASE) is None and not window.actions["undo"].isEnabled()
    recent = next(a.menu() for a in window.menus["しおり"].actions() if a.text() == "最近外したしおり(&R)")
    recent.aboutToShow.emit()
    entry = next(a for a in recent.actions() if a.text().startswith("題名（"))
    entry.trigger()
    assert whole(window.user_data.bookmark(CASE)) == before
    assert window.case_pane.star.isChecked()
    recent.aboutToShow.emit()
    assert [a.text() for a in recent.actions()] == ["（ありません）"]


def test_restoring_keeps_what_was_added_meanwhile_and_the_list_is_bounded(tmp_path: Path) -> None:
    with UserData.open(tmp_path / "home") as data:
        folder = data.store.create_folder("消すフォルダ")
        data.store.add_bookmark(CASE, "題名", "団体")
        annotate(data, CASE, folder.id, 1)
        old = data.bookmark(CASE)
        taken, problem = data.remove_bookmarks([CASE])
        assert taken == [old] and problem == ""
        data.store.delete_folder(folder.id)
        data.store.add_bookmark(CASE, "題名", "団体")  # bookmarked again, with a new comment and tag
        data.store.set_annotation(CASE, "新しいコメント")
        data.store.set_tags(CASE, ["新"])
        data.restore_bookmarks(taken)
        back = data.bookmark(CASE)
        assert "コメント1: 課内で共有" in back.annotation and "新しいコメント" in back.annotation
        assert back.tags == ("新", "タグ1", "共通") and back.folder_id is None  # the folder is gone
        assert back.created_at == old.created_at

        for n in range(removed.MAX_KEPT + 10):
            case_id = f"taisei-{n:06d}"
            data.store.add_bookmark(case_id, f"題名{n}", "団体")
            data.remove_bookmarks([case_id])
        kept = removed.load(data.home)
        assert len(kept) == removed.MAX_KEPT and kept[0].bookmark.case_id == f"taisei-{removed.MAX_KEPT + 9:06d}"


def test_a_damaged_recently_removed_file_reads_as_empty(tmp_path: Path) -> None:
    home = tmp_path
    bookmark = removed.Bookmark(CASE, "題名", "団体", "c", None, ("t",), "2026-01-01T00:00:00+09:00",
                                "2026-01-01T00:00:00+09:00")
    good = removed.Removed(bookmark, "2026-01-02T00:00:00+09:00")
    removed.save(home, [good])
    assert removed.load(home) == [good]
    body = json.loads((home / removed.FILE_NAME).read_text("utf-8"))
    for damage in ({"case_id": "../x"}, {"tags": "t"}, {"folder_id": "a/b"}, {"annotation": None}):
        entry = {**body["removed"][0], "bookmark": {**body["removed"][0]["bookmark"], **damage}}
        (home / removed.FILE_NAME).write_text(json.dumps({"format": 1, "removed": [entry]}), "utf-8")
        assert removed.load(home) == []
    (home / removed.FILE_NAME).write_bytes(b"[" * 200_000)
    assert removed.load(home) == []


def test_if_the_removed_list_cannot_be_written_the_window_says_so_and_undo_still_works(
        open_reader, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    home = tmp_path / "home"
    with UserData.open(home) as data:
        data.store.add_bookmark(CASE, "題名", "団体")
        annotate(data, CASE, data.store.create_folder("f").id, 1)
        before = whole(data.bookmark(CASE))
    (home / removed.FILE_NAME).mkdir()  # something in the way of the file
    window = open_reader(home).window
    window.open_case(CASE)
    window.case_pane.star.click()
    assert window.user_data.bookmark(CASE) is None
    assert "控えをファイルに残せませんでした" in window.statusBar().currentMessage()
    window.undo_bar.undo_button.click()
    assert whole(window.user_data.bookmark(CASE)) == before
