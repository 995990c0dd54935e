"""Handouts: several cases as one PDF with a cover and a contents page whose page numbers are right, from
the console tool (a bookmark folder by name, or a list of IDs) and from the window's current results."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from dxreader.services.userdata import UserData
from tests.pdf_readback import needs_poppler
from tests.test_pdf_text_layer import flat, pdf_pages, radicals
from tests.conftest import wait_for_search

CLI = [sys.executable, "-m", "dxreader.cli"]
FOLDER_CASES = ("taisei-074055", "taisei-070009", "taisei-281000")


def _page_text(pdf: Path, page: int) -> str:
    return subprocess.run(["pdftotext", "-f", str(page), "-l", str(page), str(pdf), "-"], capture_output=True,
                          check=True).stdout.decode("utf-8")


def _check_handout(pdf: Path, titles: list[str], cover_title: str) -> None:
    pages = pdf_pages(pdf)
    assert pages >= 2 + len(titles)
    cover = flat(_page_text(pdf, 1))
    assert flat(cover_title) in cover and f"{len(titles)}件" in cover
    contents = _page_text(pdf, 2)
    assert "目次" in contents and not radicals(contents)
    for title in titles:  # the page the contents gives for a case is where its sheet starts
        start = next(p for p in range(3, pages + 1) if flat(title) in flat(_page_text(pdf, p)))
        assert flat(title) in flat(contents)
        assert str(start) in contents.split()


def _run(*args: str, home: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "DXREADER_HOME": str(home), "PYTHONIOENCODING": "utf-8"}
    return subprocess.run([*CLI, *args], capture_output=True, text=True, encoding="utf-8", env=env, timeout=300)


@needs_poppler
def test_cli_prints_a_bookmark_folder_as_one_handout(tmp_path: Path, cases) -> None:  # type: ignore[no-untyped-def]
    home = tmp_path / "home"
    with UserData.open(home) as data:
        folder = data.store.create_folder("窓口改革")
        for case_id in FOLDER_CASES:
            data.store.add_bookmark(case_id, cases[case_id].title, "団体")
            data.store.set_folder(case_id, folder.id)
        other = next(c for c in cases if c not in FOLDER_CASES)
        data.store.add_bookmark(other, cases[other].title, "団体")  # bookmarked, but in no folder: left out
    out = _run("print", "--folder", "窓口改革", "--pdf", str(tmp_path / "配布.pdf"), home=home)
    assert out.returncode == 0, out.stderr
    assert "3件" in out.stdout and not out.stderr
    _check_handout(tmp_path / "配布.pdf", [cases[c].title for c in FOLDER_CASES], "しおり「窓口改革」")


@needs_poppler
def test_cli_prints_a_list_of_ids_as_one_handout(tmp_path: Path, cases) -> None:  # type: ignore[no-untyped-def]
    ids = ["taisei-070009", "taisei-074055"]
    out = _run("print", *ids, "--title", "課内勉強会", "--pdf", str(tmp_path / "a.pdf"), home=tmp_path / "h")
    assert out.returncode == 0, out.stderr
    _check_handout(tmp_path / "a.pdf", [cases[c].title for c in ids], "課内勉強会")


def test_cli_handout_errors_are_one_line_and_write_nothing(tmp_path: Path) -> None:
    for args in (["--folder", "ない", "--pdf", str(tmp_path / "x.pdf")], ["--pdf", str(tmp_path / "x.pdf")],
                 ["taisei-070009", "no-such-id", "--pdf", str(tmp_path / "x.pdf")]):
        out = _run("print", *args, home=tmp_path / "h")
        assert out.returncode == 1 and out.stderr.count("\n") == 1 and out.stderr.startswith("エラー: "), out.stderr
    assert not list(tmp_path.glob("*.pdf*"))


@needs_poppler
def test_window_results_as_a_handout(qtbot, open_reader, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from dxreader.ui import share

    window = open_reader().window
    window.search_box.setText("マイナンバーカード")
    window.run_search()
    wait_for_search(qtbot, window)
    assert window.last_result.query.positive  # the query's result, not the list before it
    cases = [h.case for h in window.last_result.hits][:4]
    target = tmp_path / "results.pdf"
    share.handout_to_pdf(cases, window.catalog, "検索結果「マイナンバーカード」", target)
    _check_handout(target, [c.title for c in cases], "検索結果「マイナンバーカード」")


@needs_poppler
def test_window_folder_handout_through_the_menu(open_reader, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """しおり › フォルダを配布資料にする: choose the folder, choose 「PDFに保存…」, name the file: one PDF."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QFileDialog, QInputDialog, QMessageBox

    window = open_reader().window
    store = window.user_data.store
    folder = store.create_folder("窓口改革")
    for case_id in FOLDER_CASES:
        store.add_bookmark(case_id, window.catalog.get(case_id).title, "団体")
        store.set_folder(case_id, folder.id)
    target = tmp_path / "folder.pdf"
    monkeypatch.setattr(QInputDialog, "getItem", staticmethod(lambda *a, **k: ("窓口改革", True)))
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(target), "PDF (*.pdf)")))
    seen = []

    def choose_pdf() -> None:
        box = QApplication.activeModalWidget()
        assert isinstance(box, QMessageBox)
        seen.append([b.text() for b in box.buttons()])
        next(b for b in box.buttons() if b.text() == "PDFに保存…").click()

    QTimer.singleShot(0, choose_pdf)
    window.actions["handout_folder"].trigger()
    assert seen and "印刷…" in seen[0]  # the printer is offered too
    _check_handout(target, [window.catalog.get(c).title for c in FOLDER_CASES], "窓口改革")
