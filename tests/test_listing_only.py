"""Listing-only cases: a filter with counts in the window and the console, ranking, and where the full text is;
and the population with its source wherever a population is shown (window, result cards, printed sheet)."""

from __future__ import annotations

import json
import re
import unicodedata
import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import Qt

from dxreader.core.analysis import normalize
from dxreader.core.filters import SearchFilters
from dxreader.services.case_html import case_html, sheet_html
from dxreader.services.catalog import Catalog
from dxreader.ui import menus
from dxreader.ui.results_model import MetaRole
from tests.pdf_readback import needs_poppler, pdf_text
from tests.conftest import wait_for_search

WITH_BODY, LISTING_ONLY = 24, 54  # SOURCES.md: 24 with a body, 54 listing-only


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "dxreader.cli", *args], capture_output=True, text=True,
                          encoding="utf-8", timeout=300)


def test_search_filter_and_facet_for_both_kinds(search_service, cases):
    assert search_service.search("", SearchFilters(has_body=True)).total == WITH_BODY
    assert search_service.search("", SearchFilters(has_body=False)).total == LISTING_ONLY
    result = search_service.search("研修", SearchFilters(has_body=True))
    assert all(h.case.has_body for h in result.hits)
    assert result.facets["has_body"] == {"本文あり": result.total, "目次のみ": sum(
        1 for c in search_service.search("研修").hits if not c.case.has_body)}


def test_console_has_body_for_cases_and_search():
    with_body = json.loads(_cli("cases", "--json", "--has-body").stdout)
    listing = json.loads(_cli("cases", "--json", "--no-has-body").stdout)
    assert len(with_body) == WITH_BODY and all(r["has_body"] for r in with_body)
    assert len(listing) == LISTING_ONLY and not any(r["has_body"] for r in listing)
    found = json.loads(_cli("search", "研修", "--has-body", "--json").stdout)
    assert found["total"] and all(h["has_body"] for h in found["hits"])
    text = _cli("search", "研修").stdout
    assert re.match(r"^\d+ 件（本文あり \d+、目次のみ \d+）", text)


def _heading_hits(case, words) -> int:  # type: ignore[no-untyped-def]
    heading = normalize("\n".join([case.title, case.prefecture or "", case.municipality or "", *case.category]))
    return sum(normalize(w) in heading for w in words)


def test_at_equal_relevance_a_case_with_its_text_comes_first(search_service):
    """福島県: 西会津町's case (with text) scores lower in BM25 than a listing-only 福島県 entry, yet both are a
    place hit: the case with its text is shown first; every listing-only 福島県 case still appears."""
    hits = search_service.search("福島県").hits
    ids = [h.case.id for h in hits]
    listing = [h.case.id for h in hits if not h.case.has_body]
    assert {"gyomu-072010", "gyomu-072028", "gyomu-072010"} <= set(listing)
    last_body = max(i for i, h in enumerate(hits) if h.case.has_body)
    first_listing = min(ids.index(cid) for cid in listing)
    assert last_body < first_listing
    for words in (["研修"], ["デジタル人材"], ["マイナンバーカード"], ["神戸市"], ["窓口"], ["山形県"], ["働き方改革"]):
        ranked = search_service.search(" ".join(words)).hits
        keys = [(-_heading_hits(h.case, words), not h.case.has_body) for h in ranked]
        assert keys == sorted(keys), words


def test_a_listing_only_case_whose_title_matches_still_appears_above_text_only_matches(search_service, cases):
    hits = search_service.search("メタバース").hits
    assert [h.case.id for h in hits][:2] == ["gyomu-310000", "gyomu-132098"]  # both listing-only, title hits
    ranked = search_service.search("研修").hits
    title_hits = [h.case.id for h in ranked if "研修" in h.case.title]
    assert title_hits and all(not cases[c].has_body for c in title_hits)
    assert [h.case.id for h in ranked][: len(title_hits)] == title_hits


def test_listing_only_view_says_where_the_full_text_is(committed_casebook, cases):
    catalog = Catalog(committed_casebook)
    kobe = cases["jinzai-281000"]
    for html_text in (case_html(kobe, catalog), sheet_html(kobe, catalog)):
        assert "本文の所在" in html_text and "『人材確保・育成事例集』" in html_text
        assert "事例8、21ページ" in html_text and "総務省" in html_text
        assert "資料のアドレス" in html_text and "収録資料に記載がありません" in html_text
        block = html_text[html_text.index("本文の所在"):]
        assert "<a " not in block  # an address is text to copy, never a link that opens
    text = catalog.render_text(kobe)
    assert "事例集: 『人材確保・育成事例集』" in text and "事例番号とページ: 事例8、21ページ" in text


def test_a_stated_document_address_is_shown_as_plain_text(committed_casebook, cases, tmp_path):
    from tests.conftest import casebook_copy
    from dxreader.storage.casebook import Casebook

    url = "https://www.example.go.jp/casebook.pdf"
    copy = casebook_copy(tmp_path, f"UPDATE documents SET url = '{url}' WHERE kind = 'listing'")
    with Casebook(copy) as book:
        catalog = Catalog(book)
        view = case_html(book.get("jinzai-281000"), catalog)
    assert url in view and f'href="{url}"' not in view and "<a " not in view[view.index("本文の所在"):]


def test_window_filter_counts_both_kinds_and_narrows(qtbot, open_reader) -> None:  # type: ignore[no-untyped-def]
    window = open_reader().window
    combo = window.filters.body
    assert [combo.itemText(i) for i in range(3)] == [f"本文: すべて（78）", f"本文あり（{WITH_BODY}）",
                                                      f"目次のみ（{LISTING_ONLY}）"]
    combo.setCurrentIndex(1)
    wait_for_search(qtbot, window)
    assert window.results_model.rowCount() == WITH_BODY
    assert all(window.catalog.get(c).has_body for c in window.results_model.case_ids())
    combo.setCurrentIndex(2)
    wait_for_search(qtbot, window)
    assert window.results_model.rowCount() == LISTING_ONLY
    window.filters.clear_button.click()
    wait_for_search(qtbot, window)
    assert combo.currentIndex() == 0 and window.results_model.rowCount() == 78


def test_window_header_and_cards_show_population_with_its_source(open_reader) -> None:  # type: ignore[no-untyped-def]
    window = open_reader().window
    window.open_case("taisei-062049")
    text = " ".join(window.case_pane.view.toPlainText().split())
    assert "人口 9.6万人（令和6年2月29日現在・事例の記載） 区分 5万人以上10万人未満" in text
    window.open_case("gyomu-281000-shinkoku")
    text = window.case_pane.view.toPlainText()
    assert "人口 152.7万人（令和2年国勢調査）" in text and "本文の所在" in text
    metas = {window.results_model.case_id(r): window.results_model.index(r).data(MetaRole)
             for r in range(window.results_model.rowCount())}
    assert "人口 152.7万人（令和2年国勢調査）・30万人以上・都道府県" in metas["jinzai-281000"]
    assert "人口 9.6万人（令和6年2月29日現在・事例の記載）・5万人以上10万人未満" in metas["taisei-062049"]
    assert "人口不明" in metas["award-jinzai"]
    assert window.results_model.index(0).data(Qt.ItemDataRole.ToolTipRole)


@needs_poppler
def test_printed_sheets_show_population_and_where_a_listing_only_case_is(open_reader, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    window = open_reader().window
    window.open_case("taisei-062049")
    menus.save_pdf(window, tmp_path / "sakata.pdf")
    flat = _flat(pdf_text(tmp_path / "sakata.pdf"))
    assert _flat("人口 9.6万人（令和6年2月29日現在・事例の記載）") in flat
    window.open_case("jinzai-281000")
    menus.save_pdf(window, tmp_path / "listing.pdf")
    flat = _flat(pdf_text(tmp_path / "listing.pdf"))
    assert _flat("人口 152.7万人（令和2年国勢調査）") in flat
    for words in ("本文の所在", "『人材確保・育成事例集』", "事例8、21ページ", "資料のアドレス", "収録資料に記載がありません"):
        assert _flat(words) in flat, words


def _flat(text: str) -> str:
    """Whitespace gone, NFKC, and the PDF's one-dot leader ‧ read as the ・ it was printed from."""
    return unicodedata.normalize("NFKC", "".join(text.split())).replace("‧", "・")
