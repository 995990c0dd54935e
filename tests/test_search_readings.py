"""Readings: a word typed in kana finds the word written in kanji, below the exact matches and labelled so.

Expected case IDs were found by reading the casebook's text (which cases write 窓口, 行政手続, 全て …), and each
test also checks them against a plain scan of the normalised text, independent of the service."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from dxreader.core.analysis import normalize
from dxreader.core.filters import SearchFilters
from dxreader.core.query import parse_query
from dxreader.core.readings import Readings, is_kana_word
from dxreader.core.searchdoc import searchable_fields
from dxreader.storage.search_index import searchable_norm

# The cases whose text (title, sections, interview, contacts …) writes 窓口, read off the casebook.
WITH_MADOGUCHI = {"dxtaisho2022-062138", "gyomu-012084", "gyomu-132047", "gyomu-142018", "gyomu-242152",
                  "gyomu-401005", "gyomu-431001", "gyomu-432148", "taisei-062049", "taisei-113859",
                  "taisei-281000", "taisei-350001"}


@pytest.fixture(scope="module")
def norms(cases):  # type: ignore[no-untyped-def]
    return {cid: searchable_norm(searchable_fields(c)) for cid, c in cases.items()}


def containing(norms: dict[str, str], *words: str) -> set[str]:
    return {cid for cid, text in norms.items() if all(normalize(w) in text for w in words)}


def reading_ids(result) -> list[str]:  # type: ignore[no-untyped-def]
    return [h.case.id for h in result.reading]


def test_the_committed_casebook_holds_readings_made_by_the_dictionary(committed_casebook):  # type: ignore[no-untyped-def]
    table = committed_casebook.readings()
    assert "窓口" in table["マドグチ"]
    assert {"行政手続", "行政手続き"} <= set(table["ギョウセイテツヅキ"])  # a run of two words, as written
    assert "都城" not in {s for forms in table.values() for s in forms}  # place names: from the code table instead
    assert committed_casebook.meta["reading_dictionary"].startswith("sudachipy ")


def test_madoguchi_finds_every_case_that_writes_the_word_in_kanji(search_service, norms):  # type: ignore[no-untyped-def]
    result = search_service.search("まどぐち")
    assert containing(norms, "窓口") == WITH_MADOGUCHI  # the list above is what the text says
    assert result.ids == [] and result.total == 0  # no case writes まどぐち: the exact matches are the literal ones
    assert set(reading_ids(result)) == WITH_MADOGUCHI and result.reading_total == len(WITH_MADOGUCHI)
    assert all(h.reading and not h.near for h in result.reading)
    assert all(h.snippet.startswith("読みが一致: 窓口") for h in result.reading)
    assert result.reading_terms == ("窓口",)
    assert "窓口" in result.terms_for("gyomu-012084")  # the case view highlights the written word
    assert any("読みが同じ語（「窓口」）を含む事例を 12 件" in line for line in result.advice)


def test_a_title_with_the_word_ranks_first_among_reading_matches(search_service, cases):  # type: ignore[no-untyped-def]
    ranked = reading_ids(search_service.search("まどぐち"))
    in_title = [cid for cid in ranked if "窓口" in cases[cid].title]
    assert in_title and ranked[:len(in_title)] == in_title


def test_katakana_typed_finds_the_same_as_hiragana(search_service):  # type: ignore[no-untyped-def]
    assert reading_ids(search_service.search("マドグチ")) == reading_ids(search_service.search("まどぐち"))
    assert reading_ids(search_service.search("ﾏﾄﾞｸﾞﾁ")) == reading_ids(search_service.search("まどぐち"))


def test_literal_kana_comes_first_then_the_kanji_written_word(search_service, norms):  # type: ignore[no-untyped-def]
    """すべて: two cases write it in kana (exact matches); those that write 全て follow as reading matches."""
    result = search_service.search("すべて")
    literal = containing(norms, "すべて")
    assert literal and set(result.ids) == literal
    assert set(reading_ids(result)) == containing(norms, "全て") - literal
    assert reading_ids(result) and not set(result.ids) & set(reading_ids(result))


def test_a_compound_typed_in_kana_as_one_word(search_service, norms):  # type: ignore[no-untyped-def]
    result = search_service.search("ぎょうせいてつづき")
    expected = containing(norms, "行政手続")  # 行政手続き contains 行政手続
    assert expected == {"taisei-070009", "taisei-281000", "taisei-350001"}
    assert set(reading_ids(result)) == expected


def test_mixed_queries(search_service, norms):  # type: ignore[no-untyped-def]
    """A kana word beside a kanji word: each word must match, the kana one by its reading. A word that mixes
    kana and kanji (まど口) is taken as typed: no reading is looked up for it."""
    both = search_service.search("まどぐち 改革")
    assert set(reading_ids(both)) == containing(norms, "窓口", "改革") and reading_ids(both)
    assert search_service.search("まどぐち かいかく").reading_total == len(containing(norms, "窓口", "改革"))
    mixed = search_service.search("まど口")
    assert mixed.reading == [] and mixed.total == len(containing(norms, "まど口"))
    assert not is_kana_word(normalize("まど口")) and is_kana_word(normalize("まどぐち"))
    excluded = search_service.search("まどぐち -改革")  # an exclusion stays exact
    assert set(reading_ids(excluded)) == WITH_MADOGUCHI - containing(norms, "改革")


def test_filters_apply_to_reading_matches_and_count_them(search_service, cases):  # type: ignore[no-untyped-def]
    filters = SearchFilters(has_body=True)
    result = search_service.search("まどぐち", filters)
    with_body = {cid for cid in WITH_MADOGUCHI if cases[cid].has_body}
    assert set(reading_ids(result)) == with_body and result.reading_total == len(result.reading)
    # the counts beside the filters: the reading matches, each facet ignoring its own filter
    assert result.facets["has_body"] == {"本文あり": len(with_body), "目次のみ": len(WITH_MADOGUCHI - with_body)}
    assert sum(result.facets["casebook"].values()) == len(with_body)
    exact_and_reading = search_service.search("すべて")  # both kinds count
    assert sum(exact_and_reading.facets["has_body"].values()) == exact_and_reading.total + exact_and_reading.reading_total


def test_one_kana_and_unknown_readings_find_no_reading_matches(search_service):  # type: ignore[no-untyped-def]
    assert search_service.search("か").reading == []  # 課, 化, 科 … one kana is no word
    assert search_service.search("ぱぴぷぺぽ").reading == []


def test_readings_lookup_is_pure_and_keeps_the_written_form() -> None:
    readings = Readings({"テツヅキ": ("手続き", "手続")})
    assert readings.surfaces("テツヅキ") == ("手続", "手続キ")  # normalised, shortest first
    assert readings.shown("手続キ") == "手続き"
    expanded = readings.expand(parse_query("てつづき -てつづき"))
    assert expanded is not None
    assert expanded.clauses[0].readings == ("手続", "手続キ") and expanded.clauses[1].readings == ()
    assert readings.expand(parse_query("窓口")) is None


def test_near_matches_leave_out_reading_matches(search_service):  # type: ignore[no-untyped-def]
    result = search_service.search("きょうりょう")  # 橋梁: one case, so near matches are looked for too
    assert reading_ids(result) == ["gyomu-122254"]
    assert "gyomu-122254" not in [h.case.id for h in result.near]


def test_the_program_never_loads_the_dictionary(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """The readings come from the casebook: a reading search in a fresh interpreter imports no analyser."""
    code = ("import sys\nfrom pathlib import Path\nfrom dxreader import paths\n"
            "from dxreader.storage.casebook import Casebook\nfrom dxreader.services.search import open_search\n"
            "book = Casebook(paths.casebook_path())\n"
            f"service = open_search(book, bundled=Path({str(tmp_path / 'none')!r}), cache=Path({str(tmp_path / 'ix')!r}))\n"
            "assert service.search('まどぐち').reading\n"
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('sudachipy', 'sudachidict_core')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[]"


def test_a_compound_no_text_writes_joined_is_looked_up_word_by_word() -> None:
    readings = Readings({"マドグチ": ("窓口",), "カイカク": ("改革", "開核")})
    assert readings.surfaces("マドグチカイカク") == ("窓口改革", "窓口開核")
    assert readings.surfaces("マドグチ") == ("窓口",)  # a word of its own is never split
    assert readings.surfaces("マドグチカ") == ()  # every piece must be a reading of two kana or more


def test_madoguchi_kaikaku_finds_what_the_kanji_word_finds(search_service):  # type: ignore[no-untyped-def]
    """窓口改革 is written as one word only in the casebook's section names: typed in kana it finds the same."""
    result = search_service.search("まどぐちかいかく")
    assert set(reading_ids(result)) == set(search_service.search("窓口改革").ids) and result.reading


def search_ids_of_text(text: str) -> list[str]:
    return [line.split("\t")[0] for line in text.splitlines() if "\t" in line]


def test_the_console_tool_lists_reading_matches_apart(norms) -> None:  # type: ignore[no-untyped-def]
    from tests.test_cli import cli

    out = json.loads(cli("search", "まどぐち", "--json").stdout)
    assert out["hits"] == [] and out["reading_total"] == len(WITH_MADOGUCHI)
    assert {h["id"] for h in out["reading"]} == WITH_MADOGUCHI and all(h["reading"] is True for h in out["reading"])
    text = cli("search", "すべて").stdout
    before, after = text.split("読みが一致", 1)
    assert set(search_ids_of_text(before)) == containing(norms, "すべて")  # the kana as written, first
    assert set(search_ids_of_text(after)) == containing(norms, "全て") - containing(norms, "すべて")
    assert "読みが一致" not in cli("search", "窓口").stdout
