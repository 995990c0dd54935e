"""The traps in the sources: the garbled sample page, OCR slips, repeated municipalities, no contact."""

from __future__ import annotations

import sqlite3

import pytest

from tests.conftest import COMMITTED_DB

# Values printed only on the "構成" sample page (a garbled copy of case 4's pages).
SAMPLE_PAGE_VALUES = ("024-233-4004", "jouchou_kikaku", "福島県企画調整部デジタル政策課", "ICTアドバイザー派遣等により市町村のDXを推進【福島県】\n\nPoint ▶",
                      "トップタラシ", "jouchoukausishinseikaku", "【お問い合わせ】")


def _all_text() -> str:
    conn = sqlite3.connect(f"{COMMITTED_DB.as_uri()}?mode=ro&immutable=1", uri=True)
    tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")]
    chunks = []
    for table in tables:
        if table in ("corrections", "municipalities"):
            continue
        for row in conn.execute(f"SELECT * FROM {table}"):  # noqa: S608
            chunks.extend(str(v) for v in row if v is not None)
    conn.close()
    return "\n".join(chunks)


@pytest.mark.parametrize("value", SAMPLE_PAGE_VALUES)
def test_sample_page_values_leak_nowhere(value):
    assert value not in _all_text()


def test_sample_values_really_are_in_the_source():
    """So the test above cannot pass just because the values were never there."""
    source = (COMMITTED_DB.parent / "sources" / "001_ff18e038920f8e0f.txt").read_text(encoding="utf-8")
    for value in ("024-233-4004", "jouchou_kikaku", "トップタラシ"):
        assert value in source


def test_fukushima_has_only_its_real_contact(cases):
    assert [c.phone for c in cases["taisei-070009"].contacts] == ["024-521-7134"]


def test_ocr_slip_corrected_with_original_kept(cases, committed_casebook):
    kitami = cases["gyomu-012084"]
    assert (kitami.prefecture, kitami.municipality) == ("北海道", "北見市")
    assert "北海度" not in _all_text()
    rows = {r["original"]: r for r in committed_casebook.corrections()}
    assert rows["北海度北見市"]["corrected"] == "北海道北見市"
    assert rows["北海度北見市"]["document"] == "002_7c02130a31b6df9b.txt"
    assert "OCR" in rows["北海度北見市"]["reason"]
    source = (COMMITTED_DB.parent / "sources" / "002_7c02130a31b6df9b.txt").read_text(encoding="utf-8")
    assert "北海度北見市" in source  # the source file itself is never edited


def test_cyrillic_slip_corrected(cases):
    assert "デジタルデバイド対策専門部会" in cases["taisei-350001"].section("overview").text
    assert "й" not in _all_text()


def test_same_municipality_several_distinct_cases(cases):
    kobe = sorted(c.id for c in cases.values() if c.municipality_code == "281000")
    assert kobe == ["gyomu-281000-seikatsuhogo", "gyomu-281000-shinkoku", "jinzai-281000", "taisei-281000"]
    assert "申告" in cases["gyomu-281000-shinkoku"].title
    assert "生活保護" in cases["gyomu-281000-seikatsuhogo"].title
    ehime = {c.id for c in cases.values() if c.municipality_code == "380008"}
    assert ehime == {"taisei-380008", "jinzai-380008", "dxtaisho2022-380008"}


def test_case_without_contact_department_has_no_contact(cases):
    kobe = cases["taisei-281000"]
    assert kobe.has_body and kobe.contacts == ()
    assert kobe.section("note").text == "※神戸市のインタビュー欄は、『人材確保・育成事例集』に掲載しています。"
    assert all(c.contacts == () for c in cases.values() if not c.has_body)
    assert sum(bool(c.contacts) for c in cases.values()) == 13  # 12 of 001 and the press release


def test_unnamed_award_municipality_is_not_guessed(cases):
    for case_id in ("award-jinzai", "award-ai-soudan"):
        c = cases[case_id]
        assert c.municipality is None and c.prefecture is None and c.municipality_code is None
        assert c.municipality_note == "出典に団体名の記載がありません"
        assert c.population is None and c.population_band is None and c.contacts == ()
        assert c.population_source is None and c.population_note is None  # unnamed: no figure to look up
