"""A population for every case that names a municipality: the case's own figure, else the 2020 census.

Expected values come from the source text and the census file themselves, read here with the test's own
patterns, never from the build's code."""

from __future__ import annotations

import csv
import json
import re
import subprocess
import sys

import pytest

from dxreader.core.population import iso_to_wareki, population_label, wareki_to_iso
from dxreader.databuild.build import build
from dxreader.databuild.errors import BuildError
from dxreader.storage.casebook import Casebook
from tests.conftest import DATA, replace_in_file

STATED = re.compile(r"^【参考情報】\s*(\S+?)人口：([\d.]+)万人（令和(\d+)年(\d+)月(\d+)日現在）", re.M)
LIMITS = [(10_000, "1万人未満"), (50_000, "1万人以上5万人未満"), (100_000, "5万人以上10万人未満"),
          (300_000, "10万人以上30万人未満")]


def _census() -> dict[str, int | None]:
    with (DATA / "reference" / "population_2020.csv").open(encoding="utf-8", newline="") as f:
        return {r["code"]: int(r["population_2020"]) if r["population_2020"] else None for r in csv.DictReader(f)}


def _expected_band(population: int, kind: str | None) -> str:
    if kind == "都道府県":
        return "30万人以上・都道府県"
    return next((label for limit, label in LIMITS if population < limit), "30万人以上・都道府県")


def test_every_case_with_a_municipality_has_a_population_and_a_band(cases):
    census = _census()
    named = [c for c in cases.values() if c.municipality_code]
    assert len(named) == 76
    for case in named:
        assert case.population is not None and case.population_source in ("case", "census2020"), case.id
        assert case.population_band == _expected_band(case.population, case.kind), case.id
        if case.population_source == "census2020":
            assert case.population == census[case.municipality_code]
            assert case.population_as_of == "2020-10-01"


def test_a_figure_the_case_states_wins_with_its_date():
    text = (DATA / "sources" / "001_ff18e038920f8e0f.txt").read_text(encoding="utf-8")
    stated = {name: (round(float(man) * 10_000), f"{2018 + int(y)}-{int(m):02d}-{int(d):02d}")
              for name, man, y, m, d in STATED.findall(text)}
    assert len(stated) == 13
    with Casebook(DATA / "casebook.sqlite") as book:
        taisei = [c for c in book.cases() if c.id.startswith("taisei-")]
    assert len(taisei) == 13
    for case in taisei:
        assert case.population_source == "case"
        assert (case.population, case.population_as_of) == stated[case.municipality], case.id


def test_sakata_keeps_its_own_figure_across_the_band_border(cases):
    """酒田市: 9.6万人 in its case page (5万–10万), 100,320 in the census (10万–30万): the case's figure wins."""
    sakata = cases["taisei-062049"]
    assert _census()[sakata.municipality_code] == 100_320
    assert (sakata.population, sakata.population_as_of, sakata.population_band) == (96_000, "2024-02-29",
                                                                                      "5万人以上10万人未満")
    assert population_label(sakata) == "9.6万人（令和6年2月29日現在・事例の記載）"


def test_kobe_figure_is_not_copied_to_its_other_cases(cases):
    kobe = [c for c in cases.values() if c.municipality_code == "281000"]
    assert len(kobe) == 4
    assert {c.id: (c.population, c.population_source) for c in kobe} == {
        "taisei-281000": (1_511_000, "case"),
        "jinzai-281000": (1_527_022, "census2020"),
        "gyomu-281000-shinkoku": (1_527_022, "census2020"),
        "gyomu-281000-seikatsuhogo": (1_527_022, "census2020"),
    }
    assert population_label(cases["jinzai-281000"]) == "152.7万人（令和2年国勢調査）"


def test_unnamed_award_entries_stay_without_population(cases):
    for case_id in ("award-jinzai", "award-ai-soudan"):
        case = cases[case_id]
        assert (case.population, case.population_band, case.population_source) == (None, None, None)


def test_dates_between_eras():
    assert wareki_to_iso("令和5年1月1日") == "2023-01-01"
    assert wareki_to_iso("令和元年5月1日") == "2019-05-01"
    assert wareki_to_iso("平成31年4月30日") == "2019-04-30"
    assert iso_to_wareki("2024-02-29") == "令和6年2月29日"
    assert iso_to_wareki("2019-05-01") == "令和元年5月1日"
    assert iso_to_wareki("2019-04-30") == "平成31年4月30日"
    with pytest.raises(ValueError):
        wareki_to_iso("2023年1月1日")


def _move_case_to_futaba(data_copy) -> None:  # type: ignore[no-untyped-def]
    replace_in_file(data_copy / "sources" / "002_7c02130a31b6df9b.txt", "| 奈良県三宅町 |", "| 福島県双葉町 |")


def test_a_municipality_the_census_could_not_count_stays_unknown_and_says_why(data_copy, tmp_path):
    _move_case_to_futaba(data_copy)
    out = tmp_path / "futaba.sqlite"
    build(data_copy, out)
    with Casebook(out) as book:
        futaba = next(c for c in book.cases() if c.municipality == "双葉町")
    assert (futaba.population, futaba.population_band, futaba.population_source) == (None, None, None)
    assert "全住民が避難中" in (futaba.population_note or "")
    assert population_label(futaba).startswith("人口不明（令和2年国勢調査では全住民が避難中")


def test_a_blank_census_figure_without_a_reason_stops_the_build(data_copy, tmp_path):
    _move_case_to_futaba(data_copy)
    (data_copy / "curation" / "population_unknown.csv").write_text("code,prefecture,city,reason\n", encoding="utf-8")
    with pytest.raises(BuildError, match="福島県双葉町の令和2年国勢調査の人口が空欄です"):
        build(data_copy, tmp_path / "out.sqlite")


def test_a_census_file_that_does_not_match_the_code_table_stops_the_build(data_copy, tmp_path):
    replace_in_file(data_copy / "reference" / "population_2020.csv", "011002,北海道,札幌市,", "011002,北海道,札幌村,")
    with pytest.raises(BuildError, match="団体名が団体コード 011002 と一致しません"):
        build(data_copy, tmp_path / "out.sqlite")


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "dxreader.cli", *args], capture_output=True, text=True,
                          encoding="utf-8")


def test_console_shows_the_source_of_every_population():
    records = {r["id"]: r for r in json.loads(_cli("cases", "--json").stdout)}
    kobe = records["gyomu-281000-shinkoku"]
    assert (kobe["population"], kobe["population_source"], kobe["population_as_of"]) == (1_527_022, "census2020",
                                                                                         "2020-10-01")
    sakata = records["taisei-062049"]
    assert (sakata["population_source"], sakata["population_as_of"]) == ("case", "2024-02-29")
    shown = _cli("show", "gyomu-281000-shinkoku").stdout
    assert "人口 152.7万人（令和2年国勢調査）　区分 30万人以上・都道府県" in shown
    award = _cli("show", "award-jinzai").stdout
    assert "人口不明（出典に団体名の記載がないため）　区分 人口区分不明" in award


@pytest.mark.parametrize(("statement", "message"), [
    ("UPDATE cases SET population_band = '30万人以上・都道府県' WHERE id = 'taisei-062049'", "人口区分「30万人以上・都道府県」が人口 96000 と合いません"),
    ("UPDATE cases SET population = 100000 WHERE id = 'jinzai-281000'", "令和2年国勢調査の値 1527022 と一致しません"),
    ("UPDATE cases SET population = NULL, population_source = NULL, population_as_of = NULL, "
     "population_band = NULL WHERE id = 'gyomu-012084'", "人口が不明ですが、その理由が記録されていません"),
    ("UPDATE cases SET population_as_of = '令和5年1月1日' WHERE id = 'taisei-074055'", "時点「令和5年1月1日」が正しくありません"),
])
def test_check_data_catches_a_population_that_does_not_follow(tmp_path, statement, message):
    from dxreader.services.integrity import check_casebook
    from tests.conftest import casebook_copy

    with Casebook(casebook_copy(tmp_path, statement)) as book:
        problems = check_casebook(book.connection)
    assert any(message in p for p in problems), problems
