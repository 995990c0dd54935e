"""The offline guarantee: no network connection, ever, and no reference in a text reaches the file system.

The `no_network` fixture (tests/offline_audit.py) blocks and records every connection and every Python open
of a remote path. Qt's own loading goes through `loadResource`, which the case view, printed sheets and
result cards refuse (and record)."""

from __future__ import annotations

import dataclasses
import re
import sys
from pathlib import Path

from PySide6.QtGui import QGuiApplication

from dxreader.core.model import TextSection
from dxreader.services.case_html import case_html, sheet_footer, sheet_html
from dxreader.ui import menus
from dxreader.ui.printing import render_pdf
from tests.conftest import REPO
from tests.conftest import wait_for_search

PLANTED = [
    '<img src="file://fileserver/share/a.png">',
    "![図](file://fileserver/share/b.png)",
    "\\\\fileserver\\share\\c.png",
    '<link rel="stylesheet" type="text/css" href="file://fileserver/share/d.css">',
    '<img src="\\\\fileserver\\share\\h.png">',
    "file://fileserver/share/e.txt",
    '<img src="http://tracker.example/f.png">',
    '<a href="file://fileserver/share/g">資料</a>',
]


def test_full_flow_makes_no_connection(qtbot, open_reader, no_network, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    reader = open_reader()
    window = reader.window
    window.prepare_search()
    window.search_box.insert("窓口 オンライン")
    window.run_search()
    wait_for_search(qtbot, window)
    assert 1 <= window.results_model.rowCount() < 78
    window.open_case(window.results_model.case_id(0))
    window.case_pane.toggle_bookmark()
    window.case_pane.note.setPlainText("電話で確認する")
    window.case_pane.flush()
    window.case_pane.copy_contact_block()
    assert menus.save_pdf(window, tmp_path / "sheet.pdf") >= 1
    menus.save_contacts_csv(window, [h.case for h in window.last_result.hits], tmp_path / "contacts.csv", "cp932")
    reader.user_data.export_json(tmp_path / "export.json")
    reader.user_data.export_csv(tmp_path / "bookmarks.csv")
    menus.show_about(window)
    window.offer_url(0)
    assert no_network == []
    assert "PySide6.QtNetwork" not in sys.modules


def test_no_module_of_ours_imports_a_network_library() -> None:
    network = re.compile(r"^\s*(from|import)\s+(socket|ssl|urllib|http|requests|ftplib|smtplib|webbrowser|"
                         r"PySide6\.QtNetwork|PySide6\.QtWebEngine)", re.MULTILINE)
    offenders = [str(p) for p in (REPO / "src" / "dxreader").rglob("*.py") if network.search(p.read_text("utf-8"))]
    assert offenders == []


def test_references_planted_in_case_text_and_notes_reach_nothing(open_reader, no_network,  # type: ignore[no-untyped-def]
                                                                 tmp_path: Path) -> None:
    reader = open_reader()
    window = reader.window
    case = window.catalog.get("taisei-074055")
    planted_text = "\n\n".join(PLANTED)
    hostile = dataclasses.replace(case, sections=case.sections + (TextSection("note", planted_text),),
                                  title=case.title + PLANTED[0])
    html = case_html(hostile, window.catalog, ("fileserver",), [], 11.0)
    assert "<img" not in html and "<link" not in html and 'href="file:' not in html
    view = window.case_pane.view
    window.case_pane.show_case(hostile, html)
    assert "file://fileserver/share/a.png" in view.toPlainText()  # shown as text, not loaded

    reader.user_data.store.save_note(case.id, planted_text, 0)
    pdf = tmp_path / "hostile.pdf"
    assert render_pdf(sheet_html(hostile, window.catalog, planted_text, PLANTED[1]), sheet_footer(hostile, window.catalog),
                      pdf, hostile.title) >= 1
    window.open_case("taisei-070009")
    window.open_case(case.id)  # the note with the planted text is loaded into the editor
    assert window.case_pane.note.toPlainText() == planted_text

    # Even markup that does reach a view or a printed document asks for its resources in vain.
    links = [p for p in PLANTED if p.startswith("<link")]
    view.setHtml(f"<html><head>{''.join(links)}</head><body>{''.join(p for p in PLANTED if p not in links)}</body></html>")
    view.grab()  # laid out and painted: every image asked for
    assert any("fileserver" in r for r in view.refused_resources)
    assert any("tracker.example" in r for r in view.refused_resources)
    assert any(r.endswith("d.css") for r in view.refused_resources)
    before = view.source().toString()
    view.anchorClicked.emit(view.document().baseUrl().resolved("file://fileserver/share/g"))
    assert view.source().toString() == before  # a click on a file link navigates nowhere
    assert not view.openLinks() and not view.openExternalLinks()
    QGuiApplication.processEvents()
    assert no_network == []
