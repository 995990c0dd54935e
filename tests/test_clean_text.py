"""Clean text: each debris class is gone from the real casebook, and each lint rule fires on a planted example.

The expected words come from the source files; the debris patterns checked here are written out in the test,
not taken from the build's cleaner."""

from __future__ import annotations

import re
import sqlite3

import pytest

from dxreader.core.debris import RULES
from dxreader.databuild.cleantext import Cleaner
from dxreader.services.case_html import case_html
from dxreader.services.catalog import Catalog
from dxreader.services.integrity import check_casebook, scan_debris
from dxreader.storage.casebook import Casebook
from tests.conftest import COMMITTED_DB, DATA, casebook_copy

SOURCE_001 = (DATA / "sources" / "001_ff18e038920f8e0f.txt").read_text(encoding="utf-8")
JAPANESE = "[ぁ-ゖァ-ヺー一-龯々]"


def _all_texts(cases) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    out = []
    for c in cases.values():
        out += [(c.id, c.title), *((c.id, s.text) for s in c.sections), *((c.id, a) for a in c.awards)]
        out += [(c.id, f"{q.question}\n{q.answer}") for q in c.interview]
        out += [(c.id, link.label) for link in c.links] + [(c.id, c.interview_credit or "")]
        out += [(c.id, f"{v.value}") for v in c.vendors] + [(c.id, c.schedule.lead_time or "")] if c.schedule else []
    return out


def test_the_lint_counts_zero_debris_of_every_class_on_the_real_casebook():
    conn = sqlite3.connect(f"{COMMITTED_DB.as_uri()}?mode=ro&immutable=1", uri=True)
    totals, where = scan_debris(conn)
    assert set(totals) == {"html_tag", "url_outside_links", "markdown", "pipe_outside_table",
                           "space_between_japanese", "screenshot", "doubled_bullet"}
    assert totals == dict.fromkeys(totals, 0), where
    assert check_casebook(conn) == []


PLANTED = {
    "html_tag": '| 分野 | <ul style="list-style-type: none"> ・項目 |',
    "url_outside_links": "詳しくは https://example.jp/dx を参照",
    "markdown": "**強調された語**を含む文",
    "pipe_outside_table": "見出しの行\n| a | b |",
    "space_between_japanese": "市町村向け 民間デジタル人材派遣事業",
    "screenshot": "● 未 ● 作業中 ● 完了済み",
    "doubled_bullet": "- ・令和4年度からスタート。",
}


@pytest.mark.parametrize("rule", sorted(RULES))
def test_each_lint_rule_fires_on_a_planted_example(tmp_path, rule):
    planted = PLANTED[rule]
    copy = casebook_copy(tmp_path, "UPDATE case_sections SET text = text || char(10) || char(10) || "
                         f"'{planted}' WHERE case_id = 'taisei-074055' AND kind = 'overview'")
    with Casebook(copy) as book:
        problems = check_casebook(book.connection)
    assert len(problems) == 1 and RULES[rule][0] in problems[0] and "taisei-074055" in problems[0], problems


def test_the_lint_fails_check_data_from_the_console(tmp_path):
    import subprocess
    import sys

    copy = casebook_copy(tmp_path, "UPDATE cases SET title = title || ' **' WHERE id = 'gyomu-012084'")
    result = subprocess.run([sys.executable, "-m", "dxreader.cli", "check-data", "--db", str(copy)],
                            capture_output=True, text=True, encoding="utf-8")
    assert result.returncode == 1 and "マークダウンの記号" in result.stderr and "gyomu-012084" in result.stderr


def test_no_markdown_html_screenshot_or_line_join_reaches_any_case_text(cases):
    for case_id, text in _all_texts(cases):
        assert "**" not in text and not re.search(r"</?(ul|li|p|table|td|tr|br)\b", text), case_id
        assert "キャンセル 保存" not in text and "cybozu" not in text and not re.search(r"●\s*未", text), case_id
        assert not re.search(f"{JAPANESE}[ \u3000]+{JAPANESE}", text), (case_id, text[:80])
        assert not re.search(r"^\s*-\s+・", text, re.M), case_id


def test_html_cell_lists_become_lists(cases, committed_casebook):
    """酒田市's skill table printed its questions as an HTML list inside each cell."""
    sakata = cases["taisei-062049"]
    answer = next(q.answer for q in sakata.interview if "基礎用語" in q.answer)
    assert "| 基礎用語 (5問) | ・DXと従来のIT導入との概念の違いを理解していますか ・KPI" in answer
    view = case_html(sakata, Catalog(committed_casebook))
    assert "<li>DXと従来のIT導入との概念の違いを理解していますか</li>" in view
    assert "list-style-type" not in view and "&lt;ul" not in view


def test_browser_screenshot_text_is_not_body_text(cases):
    """熊本県's 参考資料 photographed a web tool: tab titles, address bar, buttons and status dots."""
    assert "キャンセル 保存" in SOURCE_001 and "hyojunkapmo.cybozu.com" in SOURCE_001
    materials = cases["taisei-430005"].section("materials").text
    assert materials == "（図：先進地視察）\n\n（図：デジタルツール体験）\n\n（図：全市町村訪問）\n\n（図：標準化PMOツール操作説明会）"
    assert all("cybozu" not in link.url for link in cases["taisei-430005"].links)


def test_bold_markers_go_but_their_words_stay(cases):
    assert "**全庁的な推進体制として「山口県デジタル推進本部」**を設置" in SOURCE_001
    assert "全庁的な推進体制として「山口県デジタル推進本部」を設置" in cases["taisei-350001"].section("overview").text


def test_a_table_sharing_a_block_with_its_heading_is_a_table(cases, committed_casebook):
    overview = cases["award-jinzai"].section("overview").text
    assert "【これまでの実績】\n\n| 基本情報技術者試験 | 2名 |" in overview
    view = case_html(cases["award-jinzai"], Catalog(committed_casebook))
    assert "<td>基本情報技術者試験</td><td>2名</td>" in view and "| 基本情報" not in view


def test_a_sentence_is_found_as_printed(search_service):
    """A figure title the extraction broke over a line: the words joined, so the printed phrase is found."""
    assert "市町村向け\n民間デジタル人材派遣事業" in SOURCE_001 or "市町村向け 民間デジタル人材派遣事業" in SOURCE_001
    assert "taisei-430005" in search_service.search('"市町村向け民間デジタル人材派遣事業"').ids
    assert "taisei-074055" in search_service.search('"藤井町最高デジタル責任者に町デジタル戦略を聞く"').ids


def test_figure_and_logo_labels_are_captions(cases):
    overview = cases["taisei-380008"].section("overview").text
    assert "（図：愛媛県・市町DX協働宣言）" in overview
    assert "（図：TEAM 愛媛 20 Digital Transformation）" in overview  # a logo's lettering, over three lines
    assert "高度デジタル人材シェアリング" in overview and "デジタルデバイド対策" in overview
    assert "\nTEAM\n" not in overview


def test_addresses_in_the_text_become_related_links(cases):
    kobe = cases["taisei-281000"]
    assert ("主要指標からみた働き方改革ロードマップ成果と課題（令和4年度実績）",
            "https://www.city.kobe.lg.jp/documents/42432/roadmap_seika_202308.pdf") in [
        (link.label, link.url) for link in kobe.links]
    ehime = cases["taisei-380008"]
    assert "随時発信中" in ehime.section("overview").text
    assert [link.url for link in ehime.links].count("https://ehime-pref.note.jp/") == 1  # already listed: not twice


def test_every_award_the_text_states_is_an_award(cases):
    line = next(ln for ln in SOURCE_001.splitlines() if ln.startswith("受賞歴等：日経自治体DXアワード"))
    assert line.count("受賞") == 3  # the label and two awards
    assert cases["taisei-452025"].awards == ("日経自治体DXアワード「DXリード部門賞」受賞",
                                             "日本DX大賞「行政機関・公的機関部門大賞」・「人と組織部門優秀賞」受賞")


def test_structured_values_are_stored_exactly_as_printed(cases):
    """No silent character change: schedule, amounts, phones, e-mails and addresses appear in the sources verbatim."""
    sources = "\n".join(p.read_text(encoding="utf-8") for p in (DATA / "sources").glob("*.txt"))
    for case in cases.values():
        values = [c.amount_text for c in case.costs] + [c.phone or "" for c in case.contacts]
        values += [c.email or "" for c in case.contacts] + [link.url for link in case.links]
        if case.schedule:
            values += [f"{i.period} {i.description}" for i in case.schedule.items]
        for value in values:
            assert value in sources, (case.id, value)
    assert cases["taisei-070009"].schedule.items[0].period == "R5.2~4"  # as printed, not turned into ～


def test_snippets_show_neither_table_pipes_nor_list_marks(search_service):
    for word in ("研修", "DX", "推進", "ICTアドバイザー", "応用情報技術者試験", "基礎用語", "974件", "県", "市長"):
        for hit in search_service.search(word).hits:
            assert "|" not in hit.snippet, (word, hit.snippet)
            assert not re.search(r"(^|\s|…)- ", hit.snippet), (word, hit.snippet)


def test_the_cleaner_handles_each_class_anywhere():
    """The rules are classes, not spots: planted examples unlike any in the sources are cleaned too."""
    cleaner = Cleaner()
    text = cleaner.block("表の見出し\n| 項目 | <ul> ・一つ目 ・二つ目 |\n\n"
                         "**太字**の文が行で 切れた。\n\n"
                         "＜写真の題＞\n\n"
                         "新しい画面 x 設定 x +\nhttps://example.invalid/app?id=1... A\n保存 キャンセル\n● 未 ● 済")
    assert text == "表の見出し\n\n| 項目 | ・一つ目 ・二つ目 |\n\n太字の文が行で切れた。\n\n（図：写真の題）"
    assert {k for k, n in cleaner.report.items() if n} >= {"html_tag", "markdown", "space_between_japanese",
                                                           "screenshot", "table_with_heading", "figure_caption"}


def test_the_build_reports_how_often_each_cleaning_rule_fired(tmp_path):
    """Pinned on the real sources: a source update that brings new debris shows up here as a changed count."""
    from dxreader.databuild.build import build

    cleaner = Cleaner()
    build(DATA, tmp_path / "casebook.sqlite", cleaner)
    assert dict(cleaner.report) == {
        "markdown": 263, "space_between_japanese": 35, "doubled_bullet": 30, "screenshot": 12,
        "figure_caption": 9, "html_tag": 7, "broken_label": 5, "url_outside_links": 2, "table_with_heading": 1,
    }
