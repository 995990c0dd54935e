"""The real main window on the real casebook, driven as a user would (offscreen)."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QMessageBox

from dxreader.core.bands import BAND_LABELS
from dxreader.ui import menus
from tests.conftest import wait_for_search


def _type(widget, text: str) -> None:  # type: ignore[no-untyped-def]
    """Japanese arrives through the input method as committed text (QTest key clicks are Latin-1 only)."""
    if hasattr(widget, "insertPlainText"):
        widget.insertPlainText(text)
    else:
        widget.insert(text)


def _search(qtbot, window, text: str) -> None:  # type: ignore[no-untyped-def]
    window.search_box.clear()
    _type(window.search_box, text)
    qtbot.keyClick(window.search_box, Qt.Key.Key_Return)
    wait_for_search(qtbot, window)


def test_first_start_shows_every_case_and_opens_one(open_reader) -> None:  # type: ignore[no-untyped-def]
    window = open_reader().window
    assert window.hit_count.text() == "78 件"
    assert window.results_model.rowCount() == 78
    assert window.case_pane.case is not None  # no empty case pane on first start
    assert window.case_pane.view.toPlainText().strip()
    assert window.category_tree.model().item(0).text() == "すべて（78）"


def test_typing_searches_after_a_pause_and_enter_at_once(qtbot, open_reader) -> None:  # type: ignore[no-untyped-def]
    window = open_reader().window
    _type(window.search_box, "まいなんばー")  # hiragana finds マイナンバー
    assert window.hit_count.text() == "78 件"  # debounced: nothing yet
    qtbot.waitUntil(lambda: window.hit_count.text() != "78 件", timeout=3000)  # the pause, then 検索中… or the count
    wait_for_search(qtbot, window)
    total = window.last_result.total
    assert 0 < total < 78 and window.hit_count.text() == f"{total} 件"
    snippets = [window.results_model.index(r).data(Qt.ItemDataRole.UserRole + 3) for r in range(total)]
    assert any("**マイナンバー**" in s for s in snippets)
    tree_total = window.category_tree.model().item(0).text()
    assert tree_total == f"すべて（{total}）"
    _search(qtbot, window, "西会津")
    assert window.hit_count.text() == "1 件"


def test_band_toggle_narrows_and_unknown_can_be_excluded(qtbot, open_reader) -> None:  # type: ignore[no-untyped-def]
    window = open_reader().window
    small = window.filters.band_buttons[BAND_LABELS[0]]
    assert small.text() == f"{BAND_LABELS[0]}（4）"  # 舟形町, 西会津町 (case pages), 三宅町, 小国町 (census)
    small.click()
    wait_for_search(qtbot, window)
    assert window.results_model.rowCount() == 4
    assert all(window.catalog.get(cid).population_band == BAND_LABELS[0] for cid in window.results_model.case_ids())
    small.click()
    unknown = window.filters.band_buttons[None]
    unknown.click()
    wait_for_search(qtbot, window)
    assert window.results_model.rowCount() == 2  # the award entries that name no municipality
    window.filters.exclude_unknown.click()  # the opposite request switches "unknown only" off
    assert not unknown.isChecked() and not unknown.isEnabled()
    wait_for_search(qtbot, window)
    assert window.results_model.rowCount() == 78 - 2
    window.filters.bookmarked_only.click()
    wait_for_search(qtbot, window)
    assert window.results_model.rowCount() == 0
    window.filters.clear_button.click()
    wait_for_search(qtbot, window)
    assert window.results_model.rowCount() == 78


def test_tree_selection_filters_and_counts_follow(qtbot, open_reader) -> None:  # type: ignore[no-untyped-def]
    window = open_reader().window
    window.region_tree.path_selected.emit(("東北", "福島県"))
    wait_for_search(qtbot, window)
    assert set(window.results_model.case_ids()) >= {"taisei-074055", "taisei-070009"}
    assert all(window.catalog.get(c).prefecture == "福島県" for c in window.results_model.case_ids())
    window.category_tree.case_selected.emit("taisei-281000")
    assert window.case_pane.case.id == "taisei-281000"


def test_open_case_shows_sections_in_order_and_other_cases_of_the_place(open_reader) -> None:  # type: ignore[no-untyped-def]
    window = open_reader().window
    window.open_case("taisei-074055")
    text = window.case_pane.view.toPlainText()
    order = [text.index(h) for h in ("Point", "事業の概要", "事業効果", "担当部署", "関連URL")]
    assert order == sorted(order)
    assert "人口 0.6万人（令和5年1月1日現在・事例の記載）" in text and "1万人未満" in text
    assert "24ページ" in text  # 出典 with page
    window.open_case("gyomu-012084")
    text = window.case_pane.view.toPlainText()
    assert "本文は収録資料にありません" in text and "本文の所在" in text
    window.open_case("taisei-281000")
    assert "神戸市の他の事例" in window.case_pane.view.toPlainText()


def test_url_click_offers_a_copy_and_loads_nothing(qtbot, open_reader) -> None:  # type: ignore[no-untyped-def]
    window = open_reader().window
    window.open_case("taisei-074055")
    window.case_pane.view.url_link_clicked.emit(0)
    dialog = window.findChild(QMessageBox) or next(
        w for w in QGuiApplication.topLevelWindows() if w.title() == "関連URL")  # type: ignore[attr-defined]
    from dxreader.ui.dialogs import LinkDialog

    link_dialog = window.findChild(LinkDialog)
    assert link_dialog is not None and dialog is not None
    link_dialog.copy_button.click()
    assert QGuiApplication.clipboard().text() == window.catalog.get("taisei-074055").links[0].url
    view = window.case_pane.view
    view.setHtml('<img src="file://fileserver/share/x.png"><img src="\\\\fileserver\\share\\y.png">'
                 '<img src="http://example.com/z.png"><link rel="stylesheet" href="//host/s.css">')
    assert any("fileserver" in r for r in view.refused_resources)
    assert any("example.com" in r for r in view.refused_resources)
    assert not view.openLinks() and not view.openExternalLinks()


def test_bookmark_annotation_note_survive_a_restart(qtbot, open_reader, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    home = tmp_path / "same-home"
    reader = open_reader(home)
    window = reader.window
    window.open_case("taisei-074055")
    window.actions["bookmark"].trigger()
    assert window.case_pane.star.isChecked()
    _type(window.case_pane.annotation, "町の窓口担当へ共有")
    _type(window.case_pane.note, "電話で確認済み<b>HTMLではない</b>")
    qtbot.waitUntil(lambda: window.case_pane.status.text() == "保存しました", timeout=3000)
    window.case_pane.tags.setText("体制 CDO")
    window.case_pane.tags.editingFinished.emit()
    window.zoom(2)
    reader.close()
    window2 = open_reader(home).window
    assert window2.case_pane.case.id == "taisei-074055"  # the last case comes back
    assert window2.font_pt == 13
    assert window2.case_pane.note.toPlainText() == "電話で確認済み<b>HTMLではない</b>"
    assert window2.case_pane.annotation.toPlainText() == "町の窓口担当へ共有"
    assert window2.case_pane.tags.text() == "体制 CDO"
    assert window2.bookmarks_model.case_ids() == ["taisei-074055"]
    window2.filters.bookmarked_only.click()
    wait_for_search(qtbot, window2)
    assert window2.results_model.case_ids() == ["taisei-074055"]
    window2.filters.include_notes.click()
    _search(qtbot, window2, "確認済み")
    assert window2.results_model.case_ids() == ["taisei-074055"]  # found through the note


def test_copy_contact_block_and_single_field(open_reader) -> None:  # type: ignore[no-untyped-def]
    window = open_reader().window
    window.open_case("taisei-074055")
    window.actions["copy_contact"].trigger()
    text = QGuiApplication.clipboard().text()
    assert text.splitlines()[:3] == ["団体: 福島県西会津町", "担当部署: 西会津町企画情報課デジタル戦略室", "電話: 0241-45-4536"]
    assert "連絡先をコピーしました" in window.statusBar().currentMessage()
    phone = next(a for a in window.case_pane.copy_contact.menu().actions() if "電話だけ" in a.text())
    phone.trigger()
    assert QGuiApplication.clipboard().text() == "0241-45-4536"


def test_bulk_contacts_as_tsv_and_csv(open_reader, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    window = open_reader().window
    window.filters.has_contact.click()
    window.actions["results_tsv"].trigger()
    rows = QGuiApplication.clipboard().text().split("\r\n")
    assert rows[0].split("\t")[:7] == ["団体", "都道府県", "人口", "人口の時点", "人口の出典", "担当部署", "電話"]
    assert len([r for r in rows if r]) == 1 + 14  # 13 cases, 塩尻市 names two departments
    menus.save_contacts_csv(window, menus._result_cases(window), tmp_path / "c.csv", "utf-8-sig")
    menus.save_contacts_csv(window, menus._result_cases(window), tmp_path / "c-sjis.csv", "cp932")
    for name, encoding in (("c.csv", "utf-8-sig"), ("c-sjis.csv", "cp932")):
        table = list(csv.reader(io.StringIO((tmp_path / name).read_bytes().decode(encoding), newline="")))
        assert ["福島県西会津町", "福島県", "6000", "2023-01-01", "令和5年1月1日現在・事例の記載",
                "西会津町企画情報課デジタル戦略室", "0241-45-4536"] == table[
            next(i for i, r in enumerate(table) if r[0] == "福島県西会津町")][:7]
        shiojiri = next(r for r in table if r[0] == "長野県塩尻市")  # no figure in its release: the census
        assert shiojiri[2:5] == ["67302", "2020-10-01", "令和2年国勢調査"]
    assert (tmp_path / "c.csv").read_bytes().startswith(b"\xef\xbb\xbf")


def test_history_back_and_forward(open_reader) -> None:  # type: ignore[no-untyped-def]
    window = open_reader().window
    for case_id in ("taisei-074055", "taisei-070009", "taisei-281000"):
        window.open_case(case_id)
    window.actions["back"].trigger()
    assert window.case_pane.case.id == "taisei-070009"
    window.actions["forward"].trigger()
    assert window.case_pane.case.id == "taisei-281000"


def test_missing_bookmarked_case_still_shows(open_reader, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from dxreader.services.userdata import UserData

    home = tmp_path / "h"
    with UserData.open(home) as data:
        data.store.add_bookmark("taisei-999999", "消えた事例の題名", "どこか町")
        data.store.save_note("taisei-999999", "消えても残るメモ")
    window = open_reader(home).window
    assert "見つからない事例" in window.bookmarks_model.index(0, 0).data()
    window.bookmark_pane.case_selected.emit("taisei-999999")
    assert "現在の事例データにありません" in window.case_pane.view.toPlainText()
    assert window.case_pane.note.toPlainText() == "消えても残るメモ"


def test_models_pass_the_model_tester(qtmodeltester, open_reader) -> None:  # type: ignore[no-untyped-def]
    window = open_reader().window
    window.open_case("taisei-074055")
    window.actions["bookmark"].trigger()
    qtmodeltester.check(window.results_model)
    qtmodeltester.check(window.bookmarks_model)
