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
