"""Renders the main screens and a printed case sheet to PNG in docs/screenshots/ (look at them).

    python tests/bench/screenshots.py
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QSize  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from dxreader import paths  # noqa: E402
from dxreader.ui import menus, share  # noqa: E402
from dxreader.ui.app import fill_window, japanese_font  # noqa: E402
from dxreader.ui.main_window import MainWindow  # noqa: E402
from dxreader.ui.pane_layout import fit_to_screen  # noqa: E402
from dxreader.ui.settings import ReaderSettings  # noqa: E402

OUT = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    font = japanese_font()
    if font is not None:
        app.setFont(font)
    with tempfile.TemporaryDirectory() as home:
        w = MainWindow(ReaderSettings(Path(home)))
        w.resize(1400, 880)
        w.show()
        app.processEvents()
        w.grab().save(str(OUT / "00-frame-before-data.png"))  # what paints first, for a split second
        reader = fill_window(w, paths.casebook_path(), Path(home))
        w.restore_last_case()
        app.processEvents()
        w.grab().save(str(OUT / "01-first-start.png"))

        w.search_box.setText("マイナンバーカード")
        _search(app, w)
        w.open_case(w.results_model.case_id(0))
        app.processEvents()
        w.grab().save(str(OUT / "02-search.png"))

        w.search_box.setText("まどぐち")  # typed in kana: the cases that write 窓口, under 「読みが一致」
        _search(app, w)
        w.open_case(w.last_result.reading[0].case.id)
        app.processEvents()
        w.grab().save(str(OUT / "02-search-reading.png"))

        w.search_box.setText("")
        _search(app, w)
        w.open_case("taisei-074055")
        w.case_pane.toggle_bookmark()
        w.case_pane.annotation.setPlainText("課内の体制づくりの参考。CDOの置き方を確認する")
        w.case_pane.note.setPlainText("2026-11-20 企画情報課に電話。資料を送ってもらえる。")
        w.case_pane.flush()
        w.left_tabs.setCurrentWidget(w.bookmark_pane)
        w.user_data_changed()
        app.processEvents()
        w.grab().save(str(OUT / "03-case-bookmark-note.png"))

        w.filters.exclude_unknown.click()
        w.filters.has_contact.click()
        _search(app, w)
        w.left_tabs.setCurrentWidget(w.region_tree)
        w.region_tree.expandAll()
        app.processEvents()
        w.grab().save(str(OUT / "04-filters-region.png"))

        w.filters.clear()
        _search(app, w)
        w.left_tabs.setCurrentWidget(w.category_tree)
        w.open_case("taisei-074055")
        for size, name in ((QSize(1024, 700), "10-office-1024x700.png"), (QSize(1366, 768), "11-office-1366x768.png")):
            fit_to_screen(w, size)  # the first-start layout on a screen of that size
            app.processEvents()
            w.grab().save(str(OUT / name))
        w.resize(1400, 880)

        pdf = Path(home) / "sheet.pdf"
        menus.save_pdf(w, pdf)
        subprocess.run(["pdftoppm", "-r", "70", "-png", "-f", "1", "-l", "2", str(pdf), str(OUT / "05-sheet")],
                       check=True)
        w.filters.clear()
        _search(app, w)
        for name, query, case_id, body in (("06-sakata", "酒田市", "taisei-062049", 0),
                                           ("07-kobe", "神戸市", "taisei-281000", 0),
                                           ("08-listing-only", "神戸市", "jinzai-281000", 2)):
            _case_window_and_sheet(app, w, name, query, case_id, body, Path(home))
        summary = Path(home) / "summary.pdf"
        share.save_summary_pdf(w, summary)  # the open case, with its comment and note
        subprocess.run(["pdftoppm", "-r", "70", "-png", "-singlefile", str(summary), str(OUT / "12-summary")],
                       check=True)
        # the case view at a query's matches: title and category highlighted, the current match in its own colour
        w.filters.body.setCurrentIndex(0)
        w.search_box.setText("体制")
        _search(app, w)
        w.open_case("taisei-452025")  # opens at the first match of its text (4/12) ...
        w.case_pane.match_bar.go_previous()  # ... one back is the category path's second match: 3/12
        app.processEvents()
        w.grab().save(str(OUT / "19-case-matches.png"))
        handout = Path(home) / "handout.pdf"
        cases = [w.catalog.get(i) for i in ("taisei-070009", "taisei-074055", "taisei-281000")]
        share.handout_to_pdf(cases, w.catalog, "課内勉強会", handout)  # type: ignore[arg-type]
        subprocess.run(["pdftoppm", "-r", "50", "-png", "-f", "2", "-l", "2", "-singlefile", str(handout),
                        str(OUT / "13-handout-contents")], check=True)
        _shortlist_screens(app, w, Path(home))
        _comparison(app, w, Path(home))
        _home_screens(app, w)
        reader.close()
        w.deleteLater()
        app.processEvents()
        del w, reader
    for png in sorted(OUT.glob("*.png")):
        print(png.relative_to(OUT.parents[1]))


def _search(app: QApplication, w: MainWindow) -> None:  # type: ignore[valid-type]
    """Search and wait for the result (the window searches off its GUI thread)."""
    w.run_search()
    while w.searches.busy:
        app.processEvents()


def _shortlist_screens(app: QApplication, w: MainWindow, home: Path) -> None:  # type: ignore[valid-type]
    """The share dialog, and a colleague's shortlist as the read-only list shows it (made here from bookmarks)."""
    from dxreader.services.shortlist import Shortlists
    from dxreader.ui.shortlist_actions import ShareDialog, open_shortlist

    store = w.user_data.store
    folder = store.create_folder("窓口DX候補")
    for case_id, comment in (("taisei-074055", "CDOを外部人材で。体制づくりの参考"),
                             ("taisei-062049", "窓口の待ち時間の減らし方を確認したい"),
                             ("taisei-281000", "")):
        w.user_data.bookmark_case(w.catalog.get(case_id))  # type: ignore[arg-type]
        if comment:
            store.set_annotation(case_id, comment)
        store.set_folder(case_id, folder.id)
    w.user_data_changed()
    dialog = ShareDialog([(folder.id, folder.name)], folder.id, "企画課 山田", w)
    dialog.with_notes.setChecked(True)
    dialog.show()
    app.processEvents()
    dialog.grab().save(str(OUT / "15-share-dialog.png"))
    dialog.close()
    lists = Shortlists(w.user_data, w.catalog)
    path = home / "窓口DX候補.dxlist"
    lists.save(lists.make(folder.id, "窓口DX候補", "企画課 山田", include_notes=True), path)
    view = open_shortlist(w, path)
    assert view is not None
    view.table.selectRow(0)  # type: ignore[attr-defined]
    app.processEvents()
    view.grab().save(str(OUT / "14-shortlist.png"))
    view.close()


def _case_window_and_sheet(app: QApplication, w: MainWindow, name: str, query: str, case_id: str,  # type: ignore[valid-type]
                           body_filter: int, home: Path) -> None:
    """A case in the window (its population and source, the result cards) and its printed sheet, page 1."""
    w.left_tabs.setCurrentIndex(0)
    w.filters.body.setCurrentIndex(body_filter)
    w.search_box.setText(query)
    _search(app, w)
    w.open_case(case_id)
    w.case_pane.view.verticalScrollBar().setValue(0)  # these show the heading (population, source), not the match
    app.processEvents()
    w.grab().save(str(OUT / f"{name}-window.png"))
    pdf = home / f"{name}.pdf"
    menus.save_pdf(w, pdf)
    subprocess.run(["pdftoppm", "-r", "80", "-png", "-f", "1", "-l", "1", "-singlefile", str(pdf),
                    str(OUT / f"{name}-sheet")], check=True)


def _comparison(app: QApplication, w: MainWindow, home: Path) -> None:  # type: ignore[valid-type]
    """Three cases side by side (a town's own population figure, a city's census figure, a case known only from
    a table of contents): the window as on a 1366×768 screen, and page 1 of its A4 landscape PDF."""
    for case_id in ("taisei-074055", "dxtaisho2022-062138", "jinzai-092096"):
        w.open_case(case_id)
        w.compare.add_open_case()
    w.compare.show_comparison()
    view = w.compare.view
    view.resize(1300, 720)
    app.processEvents()
    view.grab().save(str(OUT / "16-compare-window.png"))
    pdf = home / "compare.pdf"
    view.save_pdf(pdf)
    subprocess.run(["pdftoppm", "-r", "70", "-png", "-f", "1", "-l", "1", "-singlefile", str(pdf),
                    str(OUT / "16-compare-landscape")], check=True)
    view.close()
def _home_screens(app: QApplication, w: MainWindow) -> None:  # type: ignore[valid-type]
    """自分の団体: the picker with しおじり typed, then the results sorted by likeness to 塩尻市."""
    w.filters.clear()
    w.search_box.setText("")
    picker = w.home.pick()
    picker.search.insert("しおじり")
    app.processEvents()
    picker.grab().save(str(OUT / "17-home-picker.png"))
    picker.choose_button.click()  # sorts by the place chosen: a search
    while w.searches.busy:
        app.processEvents()
    w.open_case(w.results_model.case_id(1) or "")
    app.processEvents()
    w.grab().save(str(OUT / "18-home-near-results.png"))


if __name__ == "__main__":
    main()
