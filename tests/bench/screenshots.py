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
        w.run_search()
        w.open_case(w.results_model.case_id(0))
        app.processEvents()
        w.grab().save(str(OUT / "02-search.png"))

        w.search_box.setText("まどぐち")  # typed in kana: the cases that write 窓口, under 「読みが一致」
        w.run_search()
        w.open_case(w.last_result.reading[0].case.id)
        app.processEvents()
        w.grab().save(str(OUT / "02-search-reading.png"))

        w.search_box.setText("")
        w.run_search()
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
        w.left_tabs.setCurrentWidget(w.region_tree)
        w.region_tree.expandAll()
        app.processEvents()
        w.grab().save(str(OUT / "04-filters-region.png"))

        w.filters.clear()
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
        for name, query, case_id, body in (("06-sakata", "酒田市", "taisei-062049", 0),
                                           ("07-kobe", "神戸市", "taisei-281000", 0),
                                           ("08-listing-only", "神戸市", "jinzai-281000", 2)):
            _case_window_and_sheet(app, w, name, query, case_id, body, Path(home))
        summary = Path(home) / "summary.pdf"
        share.save_summary_pdf(w, summary)  # the open case, with its comment and note
        subprocess.run(["pdftoppm", "-r", "70", "-png", "-singlefile", str(summary), str(OUT / "12-summary")],
                       check=True)
        handout = Path(home) / "handout.pdf"
        cases = [w.catalog.get(i) for i in ("taisei-070009", "taisei-074055", "taisei-281000")]
        share.handout_to_pdf(cases, w.catalog, "課内勉強会", handout)  # type: ignore[arg-type]
        subprocess.run(["pdftoppm", "-r", "50", "-png", "-f", "2", "-l", "2", "-singlefile", str(handout),
                        str(OUT / "13-handout-contents")], check=True)
        reader.close()
        w.deleteLater()
        app.processEvents()
        del w, reader
    for png in sorted(OUT.glob("*.png")):
        print(png.relative_to(OUT.parents[1]))


def _case_window_and_sheet(app: QApplication, w: MainWindow, name: str, query: str, case_id: str,  # type: ignore[valid-type]
                           body_filter: int, home: Path) -> None:
    """A case in the window (its population and source, the result cards) and its printed sheet, page 1."""
    w.left_tabs.setCurrentIndex(0)
    w.filters.body.setCurrentIndex(body_filter)
    w.search_box.setText(query)
    w.run_search()
    w.open_case(case_id)
    app.processEvents()
    w.grab().save(str(OUT / f"{name}-window.png"))
    pdf = home / f"{name}.pdf"
    menus.save_pdf(w, pdf)
    subprocess.run(["pdftoppm", "-r", "80", "-png", "-f", "1", "-l", "1", "-singlefile", str(pdf),
                    str(OUT / f"{name}-sheet")], check=True)


if __name__ == "__main__":
    main()
