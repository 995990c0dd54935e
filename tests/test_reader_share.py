"""Sharing from the real window: 出典をコピー (one click), the contact under the case's title and 出典, and the
1ページ要約 saved as a one-page PDF with the user's comment and note, read back with pdftotext."""

from __future__ import annotations

import subprocess
from pathlib import Path

from PySide6.QtGui import QGuiApplication

from dxreader.ui import share
from tests.pdf_readback import needs_poppler
from tests.test_pdf_text_layer import flat, pdf_pages, read_back


def test_copy_citation_is_one_click_on_the_case_pane(open_reader) -> None:  # type: ignore[no-untyped-def]
    window = open_reader().window
    window.open_case("taisei-074055")
    QGuiApplication.clipboard().clear()
    window.case_pane.cite_button.click()
    text = QGuiApplication.clipboard().text()
    for part in ("総務省", "自治体DX推進参考事例集", "第2.0版", "令和6年4月24日", "事例8・24ページ",
                 window.case_pane.case.title, "福島県西会津町"):
        assert part in text, (part, text)
    assert "\n" not in text  # one line, pastes into a sentence
    assert window.actions["copy_citation"].text() == "出典をコピー(&Y)"


def test_every_case_has_a_citation_with_its_place_in_the_source(open_reader) -> None:  # type: ignore[no-untyped-def]
    from dxreader.services.citation import citation_text

    catalog = open_reader().window.catalog
    for case in catalog.cases():
        text = citation_text(case, catalog)
        ref = case.primary_source
        assert case.title in text
        if ref.number is not None:
            assert f"事例{ref.number}" in text
        if ref.page is not None:
            assert f"{ref.page}ページ" in text


def test_contact_copy_for_a_mail_starts_with_title_and_source(open_reader) -> None:  # type: ignore[no-untyped-def]
    window = open_reader().window
    window.open_case("taisei-074055")
    window.actions["copy_contact_mail"].trigger()
    lines = QGuiApplication.clipboard().text().splitlines()
    assert lines[0] == f"事例: {window.case_pane.case.title}（福島県西会津町）"
    assert lines[1].startswith("出典: 総務省") and lines[1].endswith("事例8・24ページ")
    assert "0241-45-4536" in "\n".join(lines[2:])


@needs_poppler
def test_one_page_summary_from_the_window(open_reader, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    window = open_reader().window
    window.open_case("taisei-074055")
    window.actions["bookmark"].trigger()
    window.case_pane.annotation.setPlainText("課内の体制づくりの参考。" * 30)
    window.case_pane.note.setPlainText("企画情報課に電話した。\n" * 60)
    target = tmp_path / "要約.pdf"
    assert share.save_summary_pdf(window, target) == 1
    assert pdf_pages(target) == 1
    text = flat(read_back(target))
    for part in (window.case_pane.case.title, "Point", "事業の概要", "担当部署", "しおりのコメント", "メモ（抜粋）",
                 "課内の体制づくりの参考", "企画情報課に電話した", "出典:総務省", "事例8・24ページ", "以下略"):
        assert flat(part) in text, part
    info = subprocess.run(["pdfinfo", str(target)], capture_output=True, text=True).stdout
    assert "1ページ要約" in info  # the PDF's title says what it is
