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


# --- result snippets: where the hits are, and the lead when there is none ----------------------------------
def _case_with(catalog: Catalog, **texts: str):  # type: ignore[no-untyped-def]
    """A real case with only the given text sections (point, overview, …), to know where every word stands."""
    from dxreader.core.model import TextSection

    base = catalog.get("taisei-074055")
    return dataclasses.replace(base, sections=tuple(TextSection(k, v) for k, v in texts.items()), costs=(),
                               schedule=None, interview=(), interview_credit=None, contacts=(), vendors=(), links=(),
                               awards=())


def test_a_second_fragment_marks_its_own_hit(catalog: Catalog) -> None:
    from dxreader.services.snippets import snippet

    text = "窓口" + "あ" * 100 + "窓口の改革" + "い" * 100
    assert snippet(_case_with(catalog, point=text), ("窓口",)) == \
        "**窓口**" + "あ" * 38 + "… …" + "あ" * 20 + "**窓口**の改革" + "い" * 35 + "…"  # 20 before, 40 from the hit


def test_hits_inside_the_first_fragment_do_not_stop_a_second_one(catalog: Catalog) -> None:
    from dxreader.services.snippets import snippet

    text = "窓口" + "あ" * 8 + "窓口" + "あ" * 100 + "窓口" + "い" * 100
    fragments = snippet(_case_with(catalog, point=text), ("窓口",)).split(" ")
    assert len(fragments) == 2 and fragments[1] == "…" + "あ" * 20 + "**窓口**" + "い" * 38 + "…"


def test_a_hit_only_in_a_later_field_is_shown_from_that_field(catalog: Catalog) -> None:
    from dxreader.services.snippets import snippet

    case = _case_with(catalog, point="要点の文", overview="事業の概要に電子申請とある")
    assert snippet(case, ("電子申請",)) == "事業の概要に**電子申請**とある"


def test_without_a_hit_the_lead_is_shown_and_marked_cut_only_when_cut(catalog: Catalog) -> None:
    from dxreader.services.snippets import LEAD_CHARS, snippet

    assert snippet(_case_with(catalog, point="短い要点"), ()) == "短い要点"
    assert snippet(_case_with(catalog, point="長" * (LEAD_CHARS + 1)), ()) == "長" * LEAD_CHARS + "…"
    assert snippet(_case_with(catalog, point="長" * LEAD_CHARS), ()) == "長" * LEAD_CHARS


# --- what a case card and the console's stats say --------------------------------------------------------
def test_an_unknown_population_says_why_on_the_card_line(catalog: Catalog) -> None:
    from dxreader.services.catalog import population_line

    award = catalog.get("award-jinzai")  # an award entry that names no municipality
    assert population_line(award) == "人口不明（出典に団体名の記載がないため）　区分 人口区分不明"
    unstated = dataclasses.replace(catalog.get("taisei-074055"), population=None, population_note=None,
                                   population_band=None)
    assert population_line(unstated) == "人口不明（出典に記載なし）　区分 人口区分不明"
    assert population_line(catalog.get("taisei-074055")) == \
        "人口 0.6万人（令和5年1月1日現在・事例の記載）　区分 1万人未満"


def test_stats_add_up_to_every_case(catalog: Catalog) -> None:
    from dxreader.core.bands import BAND_LABELS

    stats = catalog.stats()
    cases = catalog.cases()
    assert set(stats) == {"total", "with_body", "listing_only", "with_contact", "by_casebook", "by_section",
                          "by_prefecture", "by_band", "by_population_source", "by_kind"}
    assert stats["total"] == len(cases) == stats["with_body"] + stats["listing_only"] and stats["listing_only"] > 0
    assert stats["with_contact"] == sum(1 for c in cases if c.contacts)
    assert list(stats["by_band"]) == [*BAND_LABELS, "不明"] and sum(stats["by_band"].values()) == len(cases)
    assert stats["by_band"]["不明"] == sum(1 for c in cases if c.population_band is None) > 0
    assert list(stats["by_population_source"]) == ["case", "census2020", "不明"]
    assert sum(stats["by_population_source"].values()) == len(cases)
    counts = list(stats["by_prefecture"].values())
    assert counts == sorted(counts, reverse=True) and sum(counts) == len(cases)


def test_the_plain_text_of_a_case_lists_each_award_on_its_own_line(catalog: Catalog) -> None:
    case = next(c for c in catalog.cases() if len(c.awards) >= 2)
    assert "■ 受賞歴等\n" + "\n".join(case.awards) + "\n" in catalog.render_text(case)


# --- what the search says when nothing matched -----------------------------------------------------------
def test_advice_quotes_the_query_as_typed_one_space_apart_and_cut_at_forty(search_service) -> None:  # type: ignore[no-untyped-def]
    from dxreader.services.search_advice import ADVICE_QUERY_CHARS

    short = search_service.search("ｚｚｑｑ　　ｘｘｗｗ")
    assert short.advice[0] == "「ｚｚｑｑ ｘｘｗｗ」に当てはまる事例は見つかりませんでした。"
    long = search_service.search("ｚ" * (ADVICE_QUERY_CHARS + 5))
    assert long.advice[0] == f"「{'ｚ' * ADVICE_QUERY_CHARS}…」に当てはまる事例は見つかりませんでした。"


# --- the case view's HTML, as the casebook prints its text ----------------------------------------------
def test_paragraphs_lists_and_tables_become_html_with_cell_items_as_lists() -> None:
    from dxreader.services.case_html import text_html

    text = "要点の文\n- 一つ目\n- 二つ目\n続きの文\n\n| 区分 | 内容 |\n|---|---|\n| A&B | ・申請 ・届出 |\n| ① 受付 | 来庁／郵送 |"
    mark = '<span style="background-color:#ffe27a;">申請</span>'
    assert text_html(text, ("申請",)) == (
        "<p>要点の文</p><ul><li>一つ目</li><li>二つ目</li></ul><p>続きの文</p>"
        '<table class="grid" width="100%" cellspacing="0"><tr><th>区分</th><th>内容</th></tr>'
        f"<tr><td>A&amp;B</td><td><ul><li>{mark}</li><li>届出</li></ul></td></tr>"
        "<tr><td>① 受付</td><td>来庁<br/>郵送</td></tr></table>")
    assert text_html("・最後まで\n・箇条書き") == "<ul><li>最後まで</li><li>箇条書き</li></ul>"


def test_the_schedule_and_contact_tables_have_their_column_headings(catalog: Catalog) -> None:
    from dxreader.services.case_html import case_html

    with_schedule = next(c for c in catalog.cases() if c.schedule and c.schedule.items)
    page = case_html(with_schedule, catalog)
    assert "<tr><th>時期</th><th>内容</th></tr>" in page
    assert "<tr><th>担当部署</th><th>電話</th><th>メール</th></tr>" in case_html(catalog.get("taisei-074055"), catalog)


# --- the console's JSON records and where a listing-only case's text is ----------------------------------
def test_the_summary_record_of_a_case_holds_what_its_source_states(catalog: Catalog) -> None:
    summary = catalog.summary(catalog.get("taisei-074055"))
    assert {k: summary[k] for k in ("id", "municipality", "prefecture", "kind", "municipality_code", "region",
                                    "population", "population_as_of", "population_band", "population_source",
                                    "population_note", "has_body")} == {
        "id": "taisei-074055", "municipality": "西会津町", "prefecture": "福島県", "kind": "町",
        "municipality_code": "074055", "region": "東北", "population": 6000, "population_as_of": "2023-01-01",
        "population_band": "1万人未満", "population_source": "case", "population_note": None, "has_body": True}
    assert summary["casebook"] == "自治体DX推進参考事例集【1.体制整備】" == summary["category"][0]
    assert summary["contacts"] == [{"department": "西会津町企画情報課デジタル戦略室", "phone": "0241-45-4536",
                                    "email": "kikaku@town.nishiaizu.fukushima.jp"}]
    source = summary["source"]
    assert (source["publisher"], source["number"], source["page"], source["edition"], source["citation"]) == (
        "総務省", 8, 24, "第2.0版（令和6年4月24日）", NISHIAIZU_CITATION)
    detail = catalog.detail(catalog.get("taisei-074055"))
    assert detail["contacts"][0]["note"] is None and detail["sources"][0] == source
    assert [s["kind"] for s in detail["sections"]][:1] == ["point"] and detail["schedule"] is None  # none stated


def test_a_listing_only_case_says_where_its_full_text_is_and_what_the_source_does_not_state(catalog: Catalog) -> None:
    assert catalog.full_text_location(catalog.get("gyomu-012084")) == [
        ("事例集", "『フロントヤード・バックヤード業務改革事例集』"),
        ("版", "収録資料に記載がありません"),
        ("節", "(2) 窓口改革"),
        ("事例番号とページ", "事例8、21ページ"),
        ("発行者（目次の掲載元）", "総務省"),
        ("目次を載せた資料", "総務省「ウェブページ『自治体DX』（参考事例集の目次）」"),
        ("資料のアドレス", "収録資料に記載がありません（IT担当者には上の事例集名・版・事例番号とページを伝えてください）"),
    ]


def test_the_case_view_shows_answers_contacts_and_links_as_on_screen(catalog: Catalog) -> None:
    from dxreader.core.model import Contact
    from dxreader.services.case_html import case_html

    with_interview = next(c for c in catalog.cases() if c.interview)
    assert f"</b></p><p>A. {with_interview.interview[0].answer.split()[0][:5]}" in case_html(with_interview, catalog)
    nishiaizu = catalog.get("taisei-074055")
    assert "<td>0241-45-4536</td><td>kikaku@town.nishiaizu.fukushima.jp</td>" in case_html(nishiaizu, catalog)
    no_phone = dataclasses.replace(nishiaizu, contacts=(Contact("企画課", None, "a@example.jp"),))
    assert "<td>企画課</td><td>－</td><td>a@example.jp</td>" in case_html(no_phone, catalog)
    with_links = next(c for c in catalog.cases() if c.links)
    assert 'href="link:0"' in case_html(with_links, catalog)  # on screen a link asks the program; never a URL


def test_the_detail_record_lists_awards_and_plain_text_marks_an_unstated_lead_time(catalog: Catalog) -> None:
    from dxreader.core.model import Schedule, ScheduleItem

    awarded = next(c for c in catalog.cases() if c.awards)
    assert catalog.detail(awarded)["awards"] == list(awarded.awards)
    case = dataclasses.replace(catalog.get("taisei-074055"), schedule=Schedule(None, (ScheduleItem("4月", "開始"),)))
    assert "検討開始から導入までの期間: －" in catalog.render_text(case)


def test_a_limit_of_zero_lists_no_case_but_still_counts_them(search_service) -> None:  # type: ignore[no-untyped-def]
    result = search_service.search("窓口", limit=0)
    assert result.hits == [] and result.total > 0
    assert len(search_service.search("窓口", limit=1).hits) == 1


def test_readable_text_drops_list_marks_and_table_rules() -> None:
    from dxreader.services.snippets import readable

    assert readable("- 申請\n  - 届出\n|---|---|\n| 区分 | 内容 |\n行／改行") == "申請\n届出\n区分　内容\n行 改行"


def test_the_one_page_summary_has_point_overview_and_effects(catalog: Catalog) -> None:
    from dxreader.services.summary_sheet import summary_html

    case = catalog.get("taisei-074055")
    page = summary_html(case, catalog, None, None, 100_000)
    headings = [s.heading for s in case.sections if s.kind in ("point", "overview", "effects")]
    assert len(headings) == 3 and all(f"<h2>{h}</h2>" in page for h in headings)
    effects = case.section("effects").text.split("\n")[0][:10]
    assert effects in page


def test_a_kept_comment_restored_onto_a_new_one_keeps_both(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from dxreader.services.userdata import UserData
    from dxreader.storage.drafts import Draft

    with UserData.open(tmp_path / "home") as data:
        data.store.add_bookmark("taisei-074055", "題", "町")
        data.store.set_annotation("taisei-074055", "いまのコメント")
        kept = data.keep_draft(Draft("annotation", "taisei-074055", "保存できなかったコメント", "2026-11-23T10:00:00"))
        data.restore_draft(kept, None)
        annotation = data.bookmark("taisei-074055").annotation
        assert annotation.startswith("いまのコメント\n\n――― 復元したコメント（") and annotation.endswith("保存できなかったコメント")
        assert data.drafts() == []
