"""Small behaviours of core/ that mutation testing (tests/bench/mutation.py) showed no test would notice."""

from __future__ import annotations

import json

import pytest

from dxreader.core.bands import BAND_LABELS, band_for_population
from dxreader.core.exchange import ImportRejected, load_json, parse_import, to_json_bytes
from dxreader.core.query import Clause, Synonyms, parse_query
from dxreader.core.userdata import MAX_NAME_CHARS, MAX_TAGS_PER_BOOKMARK, Bookmark, Note, UserSnapshot


def test_a_synonym_comment_ends_at_the_first_hash() -> None:
    synonyms = Synonyms.parse("CDO = 最高デジタル責任者 # 例: # 二つ目の # も注釈\n")
    assert synonyms.groups() == [("cdo", "最高デジタル責任者")]


def test_an_exclusion_before_a_word_still_lets_the_word_expand() -> None:
    synonyms = Synonyms.parse("CDO = 最高デジタル責任者\nRPA = ロボティック・プロセス・オートメーション\n")
    q = synonyms.expand(parse_query("-rpa cdo"))
    assert q.clauses == (Clause(("rpa",), True), Clause(("cdo",), False, ("最高デジタル責任者",)))


@pytest.mark.parametrize(("population", "band"), [
    (9_999, "1万人未満"), (10_000, "1万人以上5万人未満"), (49_999, "1万人以上5万人未満"), (50_000, "5万人以上10万人未満"),
    (100_000, "10万人以上30万人未満"), (299_999, "10万人以上30万人未満"), (300_000, "30万人以上・都道府県"),
])
def test_a_band_boundary_belongs_to_the_band_above(population: int, band: str) -> None:
    """The legend says 未満 (below): exactly 10,000 people is not 1万人未満."""
    assert band in BAND_LABELS and band_for_population(population) == band


def test_an_export_is_readable_japanese_one_field_a_line() -> None:
    """IT staff open the export in a text editor: Japanese as written, not \\u escapes, and indented."""
    data = to_json_bytes(UserSnapshot(notes=(Note("taisei-074055", "電話で確認する", 1),)), "2026-11-23T00:00:00", "0.1.0")
    text = data.decode("utf-8")
    assert "電話で確認する" in text and "\\u" not in text
    assert len(text.splitlines()) > 5 and '\n "' in text
    assert '"2026-11-23T00:00:00"' in text and '"0.1.0"' in text  # when and by which version


def test_a_rejected_number_is_quoted_in_full_up_to_twenty_characters() -> None:
    with pytest.raises(ImportRejected) as caught:
        load_json(b'{"a": 1.2345678901234567890123}')
    assert "数値「1.234567890123456789」は使えません" == str(caught.value)


def _export_with_tags(tags: tuple[str, ...]) -> bytes:
    mark = Bookmark("taisei-074055", "題", "西会津町", tags=tags, created_at="2026-11-23", updated_at="2026-11-23")
    return to_json_bytes(UserSnapshot(bookmarks=(mark,)), "2026-11-23T00:00:00", "0.1.0")


def test_a_bookmark_may_carry_exactly_the_most_tags_allowed() -> None:
    tags = tuple(f"タグ{n}" for n in range(MAX_TAGS_PER_BOOKMARK - 1)) + ("長" * MAX_NAME_CHARS,)  # at each limit
    assert parse_import(_export_with_tags(tags)).bookmarks[0].tags == tags
    with pytest.raises(ImportRejected, match=f"{MAX_TAGS_PER_BOOKMARK}個まで"):
        parse_import(_export_with_tags(tags + ("一つ多い",)))


def test_a_bad_tag_is_named_with_where_it_is() -> None:
    with pytest.raises(ImportRejected) as caught:
        parse_import(_export_with_tags(("長" * (MAX_NAME_CHARS + 1),)))
    assert ": tags が長すぎます" in str(caught.value) and not str(caught.value).startswith("None")


def _note_document(**changes: object) -> bytes:
    document = json.loads(to_json_bytes(UserSnapshot(notes=(Note("taisei-074055", "メモ", 3),)), "2026-11-23", "0.1.0"))
    document["notes"][0].update(changes)
    for key, value in list(document["notes"][0].items()):
        if value is None:
            del document["notes"][0][key]
    return json.dumps(document).encode("utf-8")


@pytest.mark.parametrize("revision", [-1, True, "3", 1.5])
def test_a_revision_must_be_a_whole_number_from_zero(revision: object) -> None:
    with pytest.raises(ImportRejected) as caught:
        parse_import(_note_document(revision=revision))
    assert str(caught.value).endswith(": revision が0以上の整数ではありません") or "数値" in str(caught.value)
    assert not str(caught.value).startswith("None")


def test_a_missing_revision_reads_as_zero() -> None:
    assert parse_import(_note_document(revision=None)).notes[0].revision == 0
    assert parse_import(_note_document()).notes[0].revision == 3


# --- text, codes, history, spreadsheet, population: small pure helpers every screen and export relies on ---
def test_hiragana_folds_to_katakana_over_the_whole_hiragana_block_and_nothing_else() -> None:
    from dxreader.core.text import fold_kana

    assert fold_kana("ちゃっとぼっと") == "チャットボット"
    assert fold_kana("ぁゖ") == "ァヶ"  # the first and the last hiragana that have a katakana twin
    assert fold_kana("\u3040\u3097ゝー漢字ABCカナ") == "\u3040\u3097ゝー漢字ABCカナ"  # just outside: unchanged


def test_code_table_readings_and_display_markup_become_plain_text() -> None:
    from dxreader.core.text import kana_reading, plain

    assert kana_reading("ﾆｼｱｲﾂﾞﾏﾁ") == "ニシアイヅマチ"
    assert plain("**窓口**の案内は<https://www.town.example.jp/a?b=1>と **予約** へ") == \
        "窓口の案内はhttps://www.town.example.jp/a?b=1と 予約 へ"
    assert plain("<mailto:x@example.jp> と 2<3>1") == "<mailto:x@example.jp> と 2<3>1"  # not a web address


@pytest.mark.parametrize(("code", "ok"), [
    ("131016", True), ("011002", True), ("074055", True), ("282014", True),  # 千代田区, 札幌市, 西会津町, 姫路市
    ("131017", False), ("011003", False), ("13101", False), ("1310166", False), ("13101a", False), ("", False),
])
def test_a_local_government_code_needs_its_check_digit(code: str, ok: bool) -> None:
    from dxreader.core.codes import check_digit_ok

    assert check_digit_ok(code) is ok


def test_check_digits_where_the_remainder_is_zero_or_one() -> None:
    """(11 - sum mod 11) mod 10: a remainder of 0 gives 1, a remainder of 1 gives 0 (11 and 10 wrap)."""
    from dxreader.core.codes import check_digit_ok

    assert check_digit_ok("000001") and not check_digit_ok("000000")  # sum 0: 11 → 1
    assert check_digit_ok("000060") and not check_digit_ok("000061")  # 6×2 = 12, remainder 1: 10 → 0
    assert check_digit_ok("000051") and not check_digit_ok("000050")  # 5×2 = 10: 11 - 10 = 1
    assert check_digit_ok("100005") and not check_digit_ok("100000")  # 1×6: 11 - 6 = 5


def test_history_goes_back_and_forward_like_a_browser() -> None:
    from dxreader.core.history import History

    h = History()
    assert (h.current, h.can_back(), h.can_forward(), h.back(), h.forward()) == (None, False, False, None, None)
    for case_id in ("a", "b", "c"):
        h.visit(case_id)
    h.visit("c")  # the same case again is no new entry
    assert (h.current, h.can_back(), h.can_forward()) == ("c", True, False)
    assert (h.back(), h.back(), h.back()) == ("b", "a", "a")
    assert (h.can_back(), h.can_forward()) == (False, True)
    assert h.forward() == "b"
    h.visit("d")  # a new visit drops the forward entry "c"
    assert (h.can_forward(), h.forward(), h.back(), h.back(), h.back()) == (False, "d", "b", "a", "a")


def test_history_keeps_the_last_two_hundred_cases() -> None:
    from dxreader.core.history import MAX_ENTRIES, History

    h = History()
    for n in range(MAX_ENTRIES + 5):
        h.visit(str(n))
    steps = 0
    while h.can_back():
        h.back()
        steps += 1
    assert MAX_ENTRIES == 200 and steps == MAX_ENTRIES - 1 and h.current == "5"


@pytest.mark.parametrize("text", ["=1+1", "+81-3", "-1", "@SUM(A1)", "\tx", "\rx"],
                         ids=["equals", "plus", "minus", "at", "tab", "carriage-return"])  # no backslash: see mutation.py
def test_a_cell_that_excel_would_evaluate_is_kept_as_text(text: str) -> None:
    from dxreader.core.spreadsheet import excel_cell

    assert excel_cell(text) == "'" + text


def test_a_cell_is_cut_exactly_at_excels_limit_and_says_so() -> None:
    from dxreader.core.spreadsheet import CUT_MARKER, EXCEL_CELL_LIMIT, excel_cell

    assert EXCEL_CELL_LIMIT == 32_767 and excel_cell(None) == "" and excel_cell(6000) == "6000"
    exact = "あ" * EXCEL_CELL_LIMIT
    assert excel_cell(exact) == exact
    cut = excel_cell("あ" * EXCEL_CELL_LIMIT + "い")
    assert len(cut) == EXCEL_CELL_LIMIT and cut.endswith(CUT_MARKER) and cut.startswith("あ" * 100)
    assert len(excel_cell("=" + "あ" * EXCEL_CELL_LIMIT)) == EXCEL_CELL_LIMIT  # the quote counts too


def test_csv_for_excel_has_a_bom_crlf_and_a_cp932_variant_that_replaces_what_it_cannot_write() -> None:
    from dxreader.core.spreadsheet import to_csv

    data = to_csv(["団体", "電話"], [["西会津町", "=0241"], ["𠮷野町", None]])
    assert data == "\ufeff団体,電話\r\n西会津町,'=0241\r\n𠮷野町,\r\n".encode()
    assert data.startswith(b"\xef\xbb\xbf")
    assert to_csv(["団体"], [["𠮷野町"]], "cp932") == "団体\r\n?野町\r\n".encode("cp932")


def test_census_and_stated_figures_are_written_as_their_sources_give_them() -> None:
    from dxreader.core.population import CASE, CENSUS_2020, figure_text

    assert figure_text(6000, CASE) == "0.6万人" and figure_text(152_700, CASE) == "15.27万人"
    assert figure_text(9_999, CENSUS_2020) == "9,999人" and figure_text(10_000, CENSUS_2020) == "1.0万人"
    assert figure_text(1_527_000, None) == "152.7万人"


def test_population_source_and_label_say_where_a_figure_comes_from() -> None:
    from types import SimpleNamespace

    from dxreader.core.population import CASE, CENSUS_2020, population_label, source_text

    def item(**kw: object) -> SimpleNamespace:
        return SimpleNamespace(**{"population": None, "population_as_of": None, "population_source": None,
                                  "population_note": None, **kw})

    assert source_text(item(population_source=CENSUS_2020)) == "令和2年国勢調査"
    assert source_text(item(population_source=CASE, population_as_of="2023-01-01")) == "令和5年1月1日現在・事例の記載"
    assert source_text(item(population_source=CASE)) == "事例の記載"
    assert source_text(item(population_source="other")) == ""
    assert population_label(item()) == "人口不明（出典に記載なし）"
    assert population_label(item(population_note="東日本大震災の影響で調査できず")) == "人口不明（東日本大震災の影響で調査できず）"
    assert population_label(item(population=6000, population_source=CASE, population_as_of="2023-01-01")) == \
        "0.6万人（令和5年1月1日現在・事例の記載）"


def test_japanese_dates_at_both_ends_of_their_ranges() -> None:
    from dxreader.core.population import iso_to_wareki, wareki_to_iso

    assert wareki_to_iso(" 平成元年1月8日 ") == "1989-01-08"  # surrounding blanks are ignored
    assert wareki_to_iso("令和12年12月31日") == "2030-12-31"
    assert iso_to_wareki("2020-10-01") == "令和2年10月1日" and iso_to_wareki("2019-04-01") == "平成31年4月1日"
    assert iso_to_wareki("2019-06-01") == "令和元年6月1日" and iso_to_wareki("2018-05-01") == "平成30年5月1日"
    assert iso_to_wareki("令和5年") == "令和5年" and iso_to_wareki("2023-1-1") == "2023-1-1"  # not a date: as given
    with pytest.raises(ValueError, match="和暦の日付として読めません: 昭和64年1月7日"):
        wareki_to_iso("昭和64年1月7日")


# --- imports and update packages: what the refusal says ---------------------------------------------------
def _export_document(**changes: object) -> bytes:
    document = json.loads(to_json_bytes(UserSnapshot(notes=(Note("taisei-074055", "メモ", 1),)), "2026-11-23T00:00:00",
                                        "0.1.0"))
    document.update(changes)
    return json.dumps({k: v for k, v in document.items() if v is not None}).encode("utf-8")


def test_an_import_without_a_version_says_so() -> None:
    with pytest.raises(ImportRejected) as caught:
        parse_import(_export_document(version=None))
    assert str(caught.value) == "ファイルの版（version）がありません"


def test_nan_and_infinity_are_refused_by_name() -> None:
    for constant in ("NaN", "Infinity", "-Infinity"):
        with pytest.raises(ImportRejected) as caught:
            load_json(f'{{"a": {constant}}}'.encode())
        assert str(caught.value) == f"数値「{constant}」は使えません"


def test_a_timestamp_is_quoted_up_to_forty_characters_and_2000_01_01_is_the_first_day_allowed() -> None:
    from datetime import date

    from dxreader.core.exchange import EARLIEST_DATE, checked_timestamp

    bad = "2026-11-23T00:00:00" + "x" * 30
    with pytest.raises(ImportRejected) as caught:
        checked_timestamp("作成日時", bad, date(2026, 11, 23))
    assert str(caught.value) == f"作成日時「{bad[:40]}」は日時として正しくありません"
    assert EARLIEST_DATE == date(2000, 1, 1)
    assert checked_timestamp("作成日時", "2000-01-01T00:00:00", date(2026, 11, 23)) == "2000-01-01T00:00:00"
    with pytest.raises(ImportRejected, match="ありえない日時です（2000年から今日までのはずです）"):
        checked_timestamp("作成日時", "1999-12-31T23:59:59", date(2026, 11, 23))


def test_a_manifest_that_is_not_json_is_refused_in_plain_words() -> None:
    from datetime import date

    from dxreader.core.datapackage import PackageRejected, parse_manifest

    for raw in (b"{not json", b'{"a": 1, "a": 2}'[:-3], "目録".encode("cp932")):
        with pytest.raises(PackageRejected) as caught:
            parse_manifest(raw, date(2026, 11, 23))
        assert str(caught.value) == "目録（manifest.json）が読めません（JSONとして正しくありません）"


# --- near matches: a word split into parts next to a word that is not -------------------------------------
def test_a_near_match_still_needs_every_other_word() -> None:
    from dxreader.core.analysis import normalize
    from dxreader.core.near import near_parts, near_score

    query = parse_query("書かない窓口 電子申請")
    with_both = normalize("書かずに済む窓口を開いた。電子申請も始めた")
    without = normalize("書かずに済む窓口を開いた。")
    plan = near_parts(query, lambda part: part in with_both)
    assert plan == {0: ("書カ", "窓口")}  # parts are normalised (かな folded); 電子申請 occurs as typed: it is matched as an ordinary word
    assert near_score(with_both, query, plan) is not None
    assert near_score(without, query, plan) is None


def test_near_scores_add_coverage_title_joined_parts_and_closeness() -> None:
    """One field (no separator), so the whole text counts as the title: 1 + 1 + joined share + 0.5 if close."""
    from dxreader.core.analysis import normalize
    from dxreader.core.near import near_parts, near_score

    query = parse_query("書かない窓口")
    joined, apart, half = (normalize(t) for t in ("書か窓口", "書か" + "あ" * 40 + "窓口", "窓口だけ"))
    plan = near_parts(query, lambda part: True)
    assert near_score(joined, query, plan) == 3.5
    assert near_score(apart, query, plan) == 2.0  # neither joined up nor close together
    assert near_score(half, query, plan) == 1.0  # exactly half the characters found is still a near match
    assert near_score(normalize("書かずに"), query, plan) == 1.0 and near_score(normalize("なし"), query, plan) is None


def test_a_line_or_paragraph_separator_in_a_query_is_a_space_even_inside_a_phrase() -> None:
    assert parse_query("窓口\u2028改革\u2029DX").clauses == parse_query("窓口 改革 DX").clauses
    assert parse_query('"窓口\u2028改革"').clauses[0].alternatives == ("窓口 改革",)  # pasted from a PDF
    assert parse_query('"窓口\u2029改革"').clauses[0].alternatives == ("窓口 改革",)
