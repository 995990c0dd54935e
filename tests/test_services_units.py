"""Small behaviours of services/ that mutation testing (tests/bench/mutation.py) showed no test would notice."""

from __future__ import annotations

import csv
import dataclasses
import io

import pytest

from dxreader.services.catalog import Catalog
from dxreader.services.citation import citation_text, contact_with_heading
from dxreader.services.contacts import COLUMNS, contact_block, contact_rows, contacts_csv, contacts_tsv, population_cells

# 西会津町 (taisei-074055): 体制整備 casebook, 事例8, p.24; its contact and 「令和5年1月1日現在 0.6万人」 as printed there.
NISHIAIZU_CONTACT = ["福島県西会津町", "福島県", "6000", "2023-01-01", "令和5年1月1日現在・事例の記載",
                     "西会津町企画情報課デジタル戦略室", "0241-45-4536", "kikaku@town.nishiaizu.fukushima.jp",
                     "国のアドバイザー等を務める人材をCDOに据えデジタル戦略室がDX推進", "taisei-074055"]
NISHIAIZU_CITATION = ("総務省「自治体DX推進参考事例集【第2.0版】【1.体制整備】」（令和6年4月24日） (3) 外部デジタル人材の"
                      "知見を積極的に取り入れながらDXを推進する体制の整備 事例8・24ページ")


@pytest.fixture(scope="module")
def catalog(committed_casebook) -> Catalog:  # type: ignore[no-untyped-def]
    return Catalog(committed_casebook)


def test_contact_rows_for_excel_hold_every_column_of_each_department(catalog: Catalog) -> None:
    nishiaizu, shiojiri, kobe = (catalog.get(i) for i in ("taisei-074055", "press-202151", "taisei-281000"))
    assert COLUMNS[0] == "団体" and len(COLUMNS) == len(NISHIAIZU_CONTACT)
    rows = contact_rows([nishiaizu, kobe, shiojiri])  # 神戸市's case names no contact: no row
    assert rows[0] == NISHIAIZU_CONTACT
    assert [r[5:7] for r in rows[1:]] == [["塩尻市企画政策部デジタル戦略課", "0263-52-0659"],
                                          ["塩尻市企画政策部官民連携推進課", "0263-52-0714"]]
    assert [r[-1] for r in rows] == ["taisei-074055", "press-202151", "press-202151"]


def test_contacts_paste_and_save_as_excel_reads_them(catalog: Catalog) -> None:
    nishiaizu = catalog.get("taisei-074055")
    assert contacts_tsv([nishiaizu]) == "\t".join(COLUMNS) + "\r\n" + "\t".join(NISHIAIZU_CONTACT) + "\r\n"
    for encoding in ("utf-8-sig", "cp932"):
        text = contacts_csv([nishiaizu], encoding).decode(encoding)
        assert list(csv.reader(io.StringIO(text, newline=""))) == [COLUMNS, NISHIAIZU_CONTACT]
    assert contacts_csv([nishiaizu]).startswith(b"\xef\xbb\xbf")  # the default is what Excel reads as UTF-8


def test_an_unknown_population_says_why_in_the_sheet(catalog: Catalog) -> None:
    award = catalog.get("award-jinzai")
    assert award.population is None and population_cells(award) == ["", "", "不明"]
    noted = dataclasses.replace(award, population_note="東日本大震災の影響で調査できず")
    assert population_cells(noted) == ["", "", "不明（東日本大震災の影響で調査できず）"]
    census = catalog.get("jinzai-340006")
    assert population_cells(census) == ["2801388", "2020-10-01", "令和2年国勢調査"]


def test_a_mail_block_lists_each_department_apart(catalog: Catalog) -> None:
    block = contact_block(catalog.get("press-202151"))
    first, second = block.split("\n\n")
    assert "塩尻市企画政策部デジタル戦略課" in first and "0263-52-0659" in first and "官民連携" not in first
    assert "塩尻市企画政策部官民連携推進課" in second and "kanmin@city.shiojiri.lg.jp" in second
    assert contact_block(catalog.get("taisei-281000")) == ""


def test_a_citation_names_publisher_edition_date_case_page_title_and_place(catalog: Catalog) -> None:
    case = catalog.get("taisei-074055")
    assert citation_text(case, catalog) == f"{NISHIAIZU_CITATION}「{case.title}」（福島県西会津町）"
    assert contact_with_heading(case, catalog) == (
        f"事例: {case.title}（福島県西会津町）\n出典: {NISHIAIZU_CITATION}\n\n団体: 福島県西会津町\n"
        "担当部署: 西会津町企画情報課デジタル戦略室\n電話: 0241-45-4536\nメール: kikaku@town.nishiaizu.fukushima.jp")
