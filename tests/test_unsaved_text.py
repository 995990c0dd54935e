"""Nothing typed is lost when saving fails: closing the real window or opening another case asks what to do
(retry, keep in a recovery file, discard on purpose, or stay), and a kept text is offered at the next start."""

from __future__ import annotations

import json
import sqlite3
import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from dxreader.storage import drafts
from dxreader.storage.errors import DiskFull, ReadOnlyLocation
from dxreader.storage.userdb import FILE_NAME
from dxreader.ui.unsaved_text import DraftDialog

CASE, OTHER = "taisei-074055", "taisei-070009"


def answer_unsaved_boxes(answers: list[str]) -> list[str]:
    """Click, in order, the button captioned `answers[i]` of each "保存できませんでした" box that comes up
    (they are modal: the answer is given from the event loop the box runs). Returns the texts shown."""
    shown: list[str] = []
    remaining = list(answers)

    def answer() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox) or box.objectName() != "unsaved_text_box":
            if remaining:
                QTimer.singleShot(10, answer)
            return
        shown.append(box.text())
        caption = remaining.pop(0)
        button = next(b for b in box.buttons() if b.text() == caption)
        button.click()
        if remaining:
            QTimer.singleShot(10, answer)

    QTimer.singleShot(0, answer)
    return shown


def type_note(window, text: str) -> None:  # type: ignore[no-untyped-def]
    window.case_pane.note.insertPlainText(text)  # Japanese arrives as committed input-method text


def fail_saves(monkeypatch: pytest.MonkeyPatch, store, error: Exception) -> None:  # type: ignore[no-untyped-def]
    def refuse(*args: object, **kwargs: object) -> None:
        raise error

    monkeypatch.setattr(store, "save_note", refuse)
    monkeypatch.setattr(store, "set_annotation", refuse)


def draft_dialog(qtbot, window) -> DraftDialog:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: window.findChild(DraftDialog) is not None and window.findChild(DraftDialog).isVisible(),
                    timeout=3000)
    return window.findChild(DraftDialog)


def test_close_while_the_file_is_locked_asks_and_keeps_the_note_for_the_next_start(
        qtbot, open_reader, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    home = tmp_path / "home"
    reader = open_reader(home)
    window = reader.window
    window.open_case(CASE)
    type_note(window, "電話で確認する<b>大事</b>")
    # Another program holds the write lock, and we will not wait 10 s for it.
    blocker = sqlite3.connect(home / FILE_NAME, isolation_level=None)
    blocker.execute("BEGIN EXCLUSIVE")
    reader.user_data.store.conn.execute("PRAGMA busy_timeout = 50")

    shown = answer_unsaved_boxes(["もう一度保存", "閉じるのをやめる"])
    assert window.close() is False  # the user chose to stay
    assert window.isVisible() and len(shown) == 2
    assert "メモを保存できませんでした" in shown[0] and "別のウィンドウがデータを保存中" in shown[0]
    assert window.case_pane.note.toPlainText() == "電話で確認する<b>大事</b>"

    answer_unsaved_boxes(["復元用ファイルに残す"])
    assert window.close() is True
    blocker.execute("ROLLBACK")
    blocker.close()
    kept = list((home / "drafts").glob("draft-note-*.json"))
    assert len(kept) == 1
    assert json.loads(kept[0].read_text("utf-8"))["text"] == "電話で確認する<b>大事</b>"
    reader.close()

    window2 = open_reader(home).window
    dialog = draft_dialog(qtbot, window2)
    assert dialog.preview.toPlainText() == "電話で確認する<b>大事</b>"
    assert window2.catalog.get(CASE).title in dialog.text.text()
    dialog.grab().save(str(tmp_path / "draft-dialog.png"))
    dialog.restore_button.click()
    assert window2.case_pane.case.id == CASE
    assert window2.case_pane.note.toPlainText() == "電話で確認する<b>大事</b>"
    assert window2.user_data.note(CASE).text == "電話で確認する<b>大事</b>"
    assert list((home / "drafts").glob("draft-*.json")) == []


def test_an_unwritable_data_folder_keeps_the_text_in_the_per_user_fallback(
        qtbot, open_reader, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "temp"))
    (tmp_path / "temp").mkdir()
    home = tmp_path / "home"
    reader = open_reader(home)
    window = reader.window
    window.open_case(CASE)
    window.actions["bookmark"].trigger()
    window.case_pane.annotation.insertPlainText("課長に回覧")
    type_note(window, "読み取り専用でも失われない")
    fail_saves(monkeypatch, reader.user_data.store, ReadOnlyLocation("データフォルダに書き込めません（テスト）"))
    (home / "drafts").write_text("a file where the drafts folder would go")  # the data folder takes nothing

    shown = answer_unsaved_boxes(["復元用ファイルに残す"])
    assert window.close() is True
    assert "メモとしおりのコメントを保存できませんでした" in shown[0]
    kept = sorted(p.name.split("-")[1] for p in tmp_path.glob("temp/dxreader-drafts-*/*/draft-*.json"))
    assert kept == ["annotation", "note"]
    monkeypatch.undo()  # saving works again (the temp folder is still the test's: set once more below)
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "temp"))
    reader.close()

    window2 = open_reader(home).window
    for _ in range(2):
        dialog = draft_dialog(qtbot, window2)
        dialog.restore_button.click()
        qtbot.waitUntil(lambda d=dialog: not d.isVisible() if _is_alive(d) else True, timeout=3000)
    assert window2.user_data.note(CASE).text == "読み取り専用でも失われない"
    assert window2.user_data.bookmark(CASE).annotation == "課長に回覧"
    assert window2.case_pane.annotation.toPlainText() == "課長に回覧"
    assert list(tmp_path.glob("temp/dxreader-drafts-*/*/draft-*.json")) == []


def _is_alive(widget) -> bool:  # type: ignore[no-untyped-def]
    try:
        widget.isVisible()
    except RuntimeError:  # deleted on close
        return False
    return True


def test_opening_another_case_when_saving_fails_loses_nothing(open_reader, monkeypatch: pytest.MonkeyPatch,  # type: ignore[no-untyped-def]
                                                              tmp_path: Path) -> None:
    home = tmp_path / "home"
    reader = open_reader(home)
    window = reader.window
    window.open_case(CASE)
    type_note(window, "ディスクがいっぱいでも")
    fail_saves(monkeypatch, reader.user_data.store, DiskFull("ディスクの空き容量が足りないため保存できませんでした（テスト）"))

    answer_unsaved_boxes(["別の事例を開くのをやめる"])
    window.results.setCurrentIndex(window.results_model.index(window.results_model.row_of(OTHER)))  # a click
    assert window.case_pane.case.id == CASE
    assert window.case_pane.note.toPlainText() == "ディスクがいっぱいでも"
    assert window.results.currentIndex().row() == window.results_model.row_of(CASE)  # the list agrees

    answer_unsaved_boxes(["復元用ファイルに残す"])
    window.open_case(OTHER)
    assert window.case_pane.case.id == OTHER
    assert [d.text for d in reader.user_data.drafts()] == ["ディスクがいっぱいでも"]
    assert "復元用ファイルに残しました" in window.statusBar().currentMessage()

    type_note(window, "これは捨てる")
    answer_unsaved_boxes(["保存せずに捨てる"])
    window.open_case(CASE)
    assert window.case_pane.case.id == CASE
    assert [d.text for d in reader.user_data.drafts()] == ["ディスクがいっぱいでも"]  # the discarded one is not kept
    monkeypatch.undo()
    assert reader.user_data.note(OTHER) is None


def test_later_keeps_the_file_and_discard_removes_it(qtbot, open_reader, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from dxreader.services.userdata import UserData

    home = tmp_path / "home"
    with UserData.open(home) as data:
        data.keep_draft(drafts.Draft("note", CASE, "あとで見る", "2026-11-20T10:00:00+09:00", 0))
    window = open_reader(home).window
    draft_dialog(qtbot, window).later_button.click()
    assert len(window.user_data.drafts()) == 1
    assert window.user_data.note(CASE) is None
    window.actions["drafts"].trigger()  # ファイル › 保存できなかった文章…
    draft_dialog(qtbot, window).discard_button.click()
    assert window.user_data.drafts() == [] and window.user_data.note(CASE) is None
    window.actions["drafts"].trigger()
    assert window.statusBar().currentMessage() == "保存できなかった文章はありません"


def test_restoring_merges_with_a_note_saved_meanwhile(qtbot, open_reader, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from dxreader.services.userdata import UserData

    home = tmp_path / "home"
    with UserData.open(home) as data:
        data.store.save_note(CASE, "最初の文", 0)
        data.keep_draft(drafts.Draft("note", CASE, "最初の文\n追記した文", "2026-11-20T10:00:00+09:00", 1))
        data.store.save_note(CASE, "最初の文\n別の窓で書いた文", 1)  # revision 2: the draft is behind
    window = open_reader(home).window
    draft_dialog(qtbot, window).restore_button.click()
    text = window.user_data.note(CASE).text
    assert "追記した文" in text and "別の窓で書いた文" in text


def test_damaged_or_foreign_draft_files_are_ignored(tmp_path: Path) -> None:
    folder = tmp_path / "drafts"
    good = drafts.keep(drafts.Draft("note", CASE, "本物", "2026-11-20T10:00:00+09:00", 3), [folder])
    bad: dict[str, Callable[[], bytes]] = {
        "not-json": lambda: b"{",
        "wrong-kind": lambda: json.dumps({"format": 1, "kind": "x", "case_id": CASE, "text": "", "saved_at": ""}).encode(),
        "bad-id": lambda: json.dumps({"format": 1, "kind": "note", "case_id": "../x", "text": "", "saved_at": ""}).encode(),
        "text-not-str": lambda: json.dumps({"format": 1, "kind": "note", "case_id": CASE, "text": 1, "saved_at": ""}).encode(),
        "deep": lambda: b"[" * 100_000 + b"]" * 100_000,
        "not-utf8": lambda: b"\xff\xfe",
        "bool-revision": lambda: json.dumps({"format": 1, "kind": "note", "case_id": CASE, "text": "",
                                             "saved_at": "", "base_revision": True}).encode(),
    }
    for name, body in bad.items():
        (folder / f"draft-{name}.json").write_bytes(body())
    (folder / "draft-folder.json").mkdir()
    assert drafts.load([folder, tmp_path / "missing"]) == [good]
    assert drafts.load([folder])[0].base_revision == 3
    with pytest.raises(ValueError):
        drafts.keep(drafts.Draft("note", "../../x", "", ""), [folder])


def test_a_comment_that_could_not_be_saved_survives_folder_changes_and_removal(
        open_reader, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    reader = open_reader(tmp_path / "home")
    window = reader.window
    window.open_case(CASE)
    window.actions["bookmark"].trigger()
    window.bookmark_pane.create_folder("共有")
    pane = window.case_pane
    pane.annotation.insertPlainText("まだ保存されていないコメント")
    fail_saves(monkeypatch, reader.user_data.store, DiskFull("ディスクの空き容量が足りません（テスト）"))
    assert not pane.flush()
    pane.folder.setCurrentIndex(1)
    pane.folder.activated.emit(1)  # the bookmark changes: the pane is refreshed from the file
    assert pane.annotation.toPlainText() == "まだ保存されていないコメント"

    shown = answer_unsaved_boxes(["しおりを外すのをやめる"])
    pane.star.click()
    assert "しおりのコメントを保存できませんでした" in shown[0]
    assert reader.user_data.bookmark(CASE) is not None and pane.annotation.toPlainText() == "まだ保存されていないコメント"

    answer_unsaved_boxes(["復元用ファイルに残す"])
    pane.star.click()
    assert reader.user_data.bookmark(CASE) is None
    assert [(d.kind, d.text) for d in reader.user_data.drafts()] == [("annotation", "まだ保存されていないコメント")]


def test_a_note_too_long_to_save_is_still_kept_and_offered(qtbot, open_reader, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    from dxreader.storage import userstore

    monkeypatch.setattr(userstore, "MAX_NOTE_CHARS", 1000)  # the real limit (2 million) is slow to type into Qt
    home = tmp_path / "home"
    reader = open_reader(home)
    window = reader.window
    window.open_case(CASE)
    window.case_pane.note.setPlainText("長" * 1001)
    shown = answer_unsaved_boxes(["復元用ファイルに残す"])
    assert window.close() is True
    assert "メモが長すぎます" in shown[0]
    reader.close()
    window2 = open_reader(home).window
    dialog = draft_dialog(qtbot, window2)
    assert dialog.preview.toPlainText() == "長" * 1001  # offered, to copy from, even though it cannot be stored
    dialog.later_button.click()
