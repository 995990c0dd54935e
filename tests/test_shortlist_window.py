"""Shortlists and Excel export through the real main window on the real casebook: one user shares a bookmark
folder into a shared folder, a colleague opens it read-only, reads a case and takes cases into their own
bookmarks; a folder and the current results go to an Excel workbook read back with openpyxl."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QFileDialog, QInputDialog

from dxreader.services.userdata import UserData
from dxreader.ui.shortlist_actions import ShareDialog
from dxreader.ui.shortlist_view import NEW_FOLDER, ShortlistDialog
from tests.conftest import wait_for_search

NISHIAIZU, SHIOJIRI = "taisei-074055", "press-202151"


def _home_with_folder(home: Path) -> Path:
    with UserData.open(home) as data:
        folder = data.store.create_folder("窓口DX")
        for case_id, comment in ((NISHIAIZU, "CDOの置き方"), (SHIOJIRI, "研修の進め方")):
            data.store.add_bookmark(case_id, "題", "町")
            data.store.set_annotation(case_id, comment)
            data.store.set_folder(case_id, folder.id)
        data.store.save_note(NISHIAIZU, "作成者のメモ")
    return home


def _listing(folder: Path) -> dict[str, tuple[int, int]]:
    return {p.name: (p.stat().st_size, p.stat().st_mtime_ns) for p in [folder, *folder.iterdir()]}


def test_share_open_read_and_take_into_my_bookmarks(qtbot, open_reader, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    shared = tmp_path / "共有フォルダ"
    shared.mkdir()
    target = shared / "窓口DX候補.dxlist"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(target), "")))
    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(lambda *a, **k: (str(target), "")))

    author = open_reader(_home_with_folder(tmp_path / "author")).window
    author.actions["share_folder"].trigger()
    dialog = author.findChild(ShareDialog)
    assert dialog is not None and dialog.isVisible() and dialog.title.text() == "窓口DX"
    dialog.title.setText("窓口DX候補")
    dialog.author.setText("企画課 山田")
    dialog.with_notes.setChecked(True)
    qtbot.mouseClick(dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Save),
                     Qt.MouseButton.LeftButton)
    document = json.loads(target.read_text(encoding="utf-8"))
    assert document["title"] == "窓口DX候補" and document["author"] == "企画課 山田"
    assert {c["case_id"]: c.get("note", "") for c in document["cases"]} == {NISHIAIZU: "作成者のメモ", SHIOJIRI: ""}
    assert "共有リスト「窓口DX候補」（2件、メモを含む）を保存しました" in author.statusBar().currentMessage()
    before = _listing(shared)

    home = tmp_path / "colleague"
    with UserData.open(home) as data:
        data.store.add_bookmark(NISHIAIZU, "題", "福島県西会津町")
        data.store.set_annotation(NISHIAIZU, "私のコメント")
        data.store.save_note(NISHIAIZU, "私のメモ")
    w = open_reader(home).window
    w.actions["open_shortlist"].trigger()
    view = w.findChild(ShortlistDialog)
    assert view is not None and view.isVisible() and "読み取り専用" in view.windowTitle()
    model = view.model
    assert model.columns == ("団体", "題名", "コメント", "メモ") and model.rowCount() == 2
    row = next(r for r in range(2) if model.case(r).case_id == SHIOJIRI)
    assert model.index(row, 2).data() == "研修の進め方"
    assert not model.flags(model.index(row, 2)) & Qt.ItemFlag.ItemIsEditable
    view.table.setCurrentIndex(model.index(row, 0))
    assert "【コメント】\n研修の進め方" in view.detail.toPlainText() and view.detail.isReadOnly()
    view.table.doubleClicked.emit(model.index(row, 1))  # as a double-click does
    assert w.case_pane.case is not None and w.case_pane.case.id == SHIOJIRI

    view.folder.setCurrentIndex(view.folder.findData(NEW_FOLDER))
    qtbot.mouseClick(view.take_all, Qt.MouseButton.LeftButton)
    assert "に 1件を追加しました" in view.result.text() and "書き足しました" in view.result.text()
    with_mine = w.user_data.bookmark(NISHIAIZU)
    assert with_mine is not None and with_mine.annotation.startswith("私のコメント\n\n――― 共有リスト「窓口DX候補」（企画課 山田・")
    assert with_mine.annotation.endswith("のメモ ―――\n作成者のメモ")
    assert w.user_data.note(NISHIAIZU).text == "私のメモ"  # type: ignore[union-attr]
    assert [w.bookmark_pane.folder.itemText(i) for i in range(w.bookmark_pane.folder.count())][:2] == [
        "すべてのしおり（2）", "フォルダ: 窓口DX候補（2）"]  # at once; the bookmark I had was in no folder, so it went in too
    assert _listing(shared) == before  # opening and taking wrote nothing in the shared folder


def test_a_file_that_is_not_a_shortlist_is_refused_through_the_window(open_reader, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    bad = tmp_path / "bad.dxlist"
    bad.write_text('{"format": "dxreader-shortlist", "version": 1, "title": "x", "cases": [{"case_id": "A/B"}]}',
                   encoding="utf-8")
    said: list[str] = []
    monkeypatch.setattr("dxreader.ui.shortlist_actions.warn", lambda parent, title, text: said.append(text))
    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(lambda *a, **k: (str(bad), "")))
    w = open_reader().window
    w.actions["open_shortlist"].trigger()
    assert w.findChild(ShortlistDialog) is None
    assert len(said) == 1 and "何も変更していません" in said[0] and "事例 1件目: case_id「A/B」はIDの形式ではありません" in said[0]
    assert w.user_data.store.counts()["bookmarks"] == 0


def test_shortlist_model_passes_the_model_tester(qtmodeltester, committed_casebook, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from dxreader.services.catalog import Catalog
    from dxreader.services.shortlist import Shortlists
    from dxreader.ui.shortlist_view import ShortlistModel

    path = tmp_path / "l.dxlist"
    path.write_text(json.dumps({"format": "dxreader-shortlist", "version": 1, "title": "t", "cases": [
        {"case_id": NISHIAIZU, "comment": "c"}, {"case_id": "gone-1", "note": "n"}]}), encoding="utf-8")
    with UserData.open(tmp_path / "home") as data:
        opened = Shortlists(data, Catalog(committed_casebook)).open(path)
    model = ShortlistModel(opened)
    qtmodeltester.check(model)
    assert "お使いの事例データにありません" in model.index(1, 1).data()


def _xlsx_ids(path: Path) -> list[tuple[str, str | None]]:
    sheet = openpyxl.load_workbook(path)["事例一覧"]
    header = [c.value for c in sheet[1]]
    return [(row[header.index("事例ID")], row[header.index("自分のコメント")])
            for row in sheet.iter_rows(min_row=2, values_only=True)]


def test_excel_export_of_a_folder_and_of_the_results_through_the_menus(  # type: ignore[no-untyped-def]
        qtbot, open_reader, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "out.xlsx"
    monkeypatch.setattr(QInputDialog, "getItem", staticmethod(lambda *a, **k: ("窓口DX", True)))
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(target), "")))
    w = open_reader(_home_with_folder(tmp_path / "home")).window
    w.actions["folder_xlsx"].trigger()
    assert sorted(_xlsx_ids(target)) == [(SHIOJIRI, "研修の進め方"), (NISHIAIZU, "CDOの置き方")]
    assert "2件の事例をExcelに書き出しました" in w.statusBar().currentMessage()

    w.search_box.setText("西会津")
    w.run_search()
    wait_for_search(qtbot, w)
    shown = [w.results_model.case_id(r) for r in range(w.results_model.rowCount())]
    shown = [case_id for case_id in shown if case_id is not None]
    assert NISHIAIZU in shown
    w.actions["results_xlsx"].trigger()
    rows = _xlsx_ids(target)
    assert [case_id for case_id, _ in rows] == shown
    assert dict(rows)[NISHIAIZU] == "CDOの置き方"
