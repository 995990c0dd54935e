"""Side-by-side comparison: the mapping from the casebook's headings to the rows, checked on every case of the
real casebook against its stored tables (read here with plain SQL, not through the code under test); the pick
of cases and its limit; and `dxreader-cli compare`, its A4 landscape PDF read back with poppler."""

from __future__ import annotations

import os
import re
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from dxreader.core.model import SECTION_HEADINGS
from dxreader.core.text import plain
from dxreader.services.catalog import Catalog, place_label
from dxreader.services.comparison import MAX_CASES, ROWS, ComparisonFull, ComparisonPick, SelectionRefused, compare
from tests.conftest import COMMITTED_DB
from tests.pdf_readback import needs_poppler, pdf_pages, pdf_text
from tests.test_pdf_text_layer import flat, radicals

CLI = [sys.executable, "-m", "dxreader.cli"]
MARGINS_PT = 18 * 72 / 25.4  # left and right (ui/printing.MARGINS_MM)
LONG = "press-202151"  # 塩尻市: an overview of about 2,000 characters, longer than a landscape page's column
THREE = ("taisei-070009", LONG, "jinzai-340006")  # a full case (cost, schedule, vendors), a press release, a listing

# What each row holds, straight from the stored tables (the oracle: SQL, not services/comparison.py).
ORACLE_SQL = {
    "overview": "SELECT count(*) FROM case_sections WHERE case_id = ? AND kind IN ('point', 'overview')",
    "effects": "SELECT count(*) FROM case_sections WHERE case_id = ? AND kind = 'effects'",
    "cost": "SELECT count(*) FROM case_costs WHERE case_id = ?",
    "schedule": "SELECT count(*) FROM cases WHERE id = ? AND has_schedule = 1 AND (schedule_lead_time IS NOT NULL "
                "OR EXISTS (SELECT 1 FROM case_schedule s WHERE s.case_id = cases.id))",
    "vendors": "SELECT count(*) FROM case_vendors WHERE case_id = ?",
    "contact": "SELECT count(*) FROM case_contacts WHERE case_id = ?",
}


@pytest.fixture(scope="module")
def catalog(committed_casebook):  # type: ignore[no-untyped-def]
    return Catalog(committed_casebook)


@pytest.fixture(scope="module")
def db():  # type: ignore[no-untyped-def]
    conn = sqlite3.connect(f"{COMMITTED_DB.resolve().as_uri()}?mode=ro&immutable=1", uri=True)
    yield conn
    conn.close()


def test_every_heading_of_the_casebook_has_one_row() -> None:
    """Nothing the casebook records is silently dropped: each heading is compared or named under ほかの記載
    (参考情報 is the population, which 団体・人口 shows with its source)."""
    placed = [kind for spec in ROWS for kind in spec.parts]
    assert sorted(placed + ["reference_info"]) == sorted(SECTION_HEADINGS)
    assert [spec.heading for spec in ROWS][:7] == ["団体・人口", "概要", "効果", "費用", "スケジュール", "体制・事業者", "連絡先"]


def test_each_row_says_what_every_real_case_has_or_lacks(catalog: Catalog, db: sqlite3.Connection) -> None:
    cases = catalog.cases()
    lacking = {key: 0 for key in ORACLE_SQL}
    for case in cases:
        comparison = compare([case], catalog)
        has_body = db.execute("SELECT has_body FROM cases WHERE id = ?", (case.id,)).fetchone()[0]
        for key, sql in ORACLE_SQL.items():
            cell = comparison.row(key).cells[0]
            stored = db.execute(sql, (case.id,)).fetchone()[0] > 0
            assert cell.stated == stored, (case.id, key, cell.text)
            if not stored:
                lacking[key] += 1
                assert cell.text.startswith("記載なし") or "目次にのみ掲載" in cell.text, (case.id, key)
                assert ("目次にのみ掲載" in cell.text) == (not has_body), (case.id, key)
    assert all(0 < n < len(cases) for n in lacking.values()), lacking  # every row is both present and missing somewhere


def test_cells_carry_the_stored_text_and_the_population_source(catalog: Catalog, db: sqlite3.Connection) -> None:
    for case in catalog.cases():
        comparison = compare([case], catalog)
        for kind, key in (("overview", "overview"), ("point", "overview"), ("effects", "effects")):
            row = db.execute("SELECT text FROM case_sections WHERE case_id = ? AND kind = ?", (case.id, kind)).fetchone()
            if row:
                assert plain(row[0]) in comparison.row(key).cells[0].text
        source, population = db.execute("SELECT population_source, population FROM cases WHERE id = ?",
                                        (case.id,)).fetchone()
        place = comparison.row("place").cells[0].text
        expected = {"case": "事例の記載）", "census2020": "（令和2年国勢調査）", None: "人口不明"}[source]
        assert expected in place, (case.id, place)
        if population is not None and population >= 10_000:  # 万人 to the digit printed (a census figure: 0.1万人)
            assert re.search(r"人口 \d+(\.\d+)?万人", place)
        for phone, in db.execute("SELECT phone FROM case_contacts WHERE case_id = ? AND phone IS NOT NULL", (case.id,)):
            assert phone in comparison.row("contact").cells[0].text


def test_listing_only_case_shows_only_its_listing(catalog: Catalog) -> None:
    case = catalog.get("jinzai-340006")
    assert case is not None and not case.has_body
    overview = compare([case], catalog).row("overview").cells[0]
    assert not overview.stated and "目次にのみ掲載" in overview.text and "事例1、3ページ" in overview.text


def test_pick_holds_three_and_refuses_a_fourth_changing_nothing() -> None:
    pick = ComparisonPick()
    assert "1/3件" in pick.add("a") and "2/3件" in pick.add("b")
    with pytest.raises(SelectionRefused, match="すでに比較に入っています"):
        pick.add("a")
    pick.add("c")
    with pytest.raises(ComparisonFull, match=f"{MAX_CASES}件まで"):
        pick.add("d")
    assert pick.ids == ("a", "b", "c")
    assert pick.remove("b") and not pick.remove("b")
    pick.add("d")
    assert pick.ids == ("a", "c", "d")


def test_compare_refuses_more_than_three_or_the_same_case_twice(catalog: Catalog) -> None:
    cases = catalog.cases()
    with pytest.raises(ValueError):
        compare(cases[:4], catalog)
    with pytest.raises(ValueError):
        compare([cases[0], cases[0]], catalog)


def _run(*args: str, home: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "DXREADER_HOME": str(home), "PYTHONIOENCODING": "utf-8"}
    return subprocess.run([*CLI, "compare", *args], capture_output=True, text=True, encoding="utf-8", env=env,
                          timeout=300)


def _page_sizes(pdf: Path) -> list[str]:
    info = subprocess.run(["pdfinfo", "-f", "1", "-l", "999", str(pdf)], capture_output=True, text=True,
                          check=True).stdout
    return re.findall(r"^Page +\d+ size: +(.+?) pts", info, re.M)


def _visible_words(pdf: Path, x_range: tuple[float, float]) -> list[tuple[int, float, float, str]]:
    """(page, top, bottom, word) of every word drawn in the column `x_range`, in reading order. A word fully
    outside the page's text area is a clipped remnant (Qt writes it, the page does not show it): dropped."""
    from dxreader.ui.printing import FOOTER_PT, MARGINS_MM

    top = MARGINS_MM.top() * 72 / 25.4
    bottom = 595.28 - MARGINS_MM.bottom() * 72 / 25.4 - FOOTER_PT * 4
    html = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, check=True).stdout.decode()
    words = []
    for page, body in enumerate(html.split("<page ")[1:], start=1):
        for m in re.finditer(r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">([^<]*)<', body):
            x, y0, y1, word = float(m[1]), float(m[2]), float(m[3]), m[4]
            if not x_range[0] <= x < x_range[1] or y1 <= top or y0 >= bottom:
                continue
            assert top - 0.5 <= y0 and y1 <= bottom + 0.5, f"cut at the page edge on page {page}: {word}"
            words.append((page, y0, x, word))
    lines: list[list[tuple[int, float, float, str]]] = []
    for word in sorted(words):  # one line: the same page, tops within 3pt (Latin and kana sit a little apart)
        if lines and lines[-1][0][0] == word[0] and word[1] - lines[-1][0][1] < 3:
            lines[-1].append(word)
        else:
            lines.append([word])
    return [word for line in lines for word in sorted(line, key=lambda w: w[2])]


def _column_text(pdf: Path, column: int, count: int) -> str:
    """What the page shows in the column of the column-th case (0-based) of `count`: 11% of the width for the
    row headings, the rest shared by the cases (services/comparison_html.py)."""
    left, width = MARGINS_PT, 841.89 - 2 * MARGINS_PT
    share = (100 - 11) // count / 100
    start = left + width * (0.11 + share * column) + 2
    return flat("".join(word for *_, word in _visible_words(pdf, (start, start + width * share - 2))))


@needs_poppler
def test_cli_compare_pdf_is_landscape_with_every_title_place_and_source(tmp_path: Path, catalog: Catalog) -> None:
    target = tmp_path / "比較.pdf"
    out = _run(*THREE, "--pdf", str(target), home=tmp_path / "h")
    assert out.returncode == 0, out.stderr
    pages = pdf_pages(target)
    assert f"{pages}ページ" in out.stdout and pages >= 2
    assert set(_page_sizes(target)) == {"842 x 595"}  # A4 landscape (wider than high), every page
    text = pdf_text(target, layout=False)
    assert not radicals(text)  # went through the same text-layer repair as every sheet
    for column, case_id in enumerate(THREE):  # each in its own case's column
        case = catalog.get(case_id)
        assert case is not None
        shown = _column_text(target, column, len(THREE))
        for expected in (case.title, place_label(case), *(catalog.citation(s) for s in case.sources)):
            assert flat(expected) in shown, expected
    assert "出典" in text  # the row's heading
    assert "総務省「自治体DX推進参考事例集【第2.0版】【1.体制整備】」（令和6年4月24日）" in _column_text(target, 0, len(THREE))
    assert "事例4・13ページ" in _column_text(target, 0, len(THREE))  # as the casebook numbers and pages it
    # each figure with where it comes from (the 体制整備 casebook states 福島県's; 塩尻市's is the census's)
    assert "人口181.9万人（令和5年1月1日現在・事例の記載）" in _column_text(target, 0, len(THREE))
    assert "人口6.7万人（令和2年国勢調査）" in _column_text(target, 1, len(THREE))
    assert f"1/{pages}" in text and f"{pages}/{pages}" in text


@needs_poppler
def test_a_long_section_flows_onto_further_pages_uncut(tmp_path: Path, catalog: Catalog) -> None:
    target = tmp_path / "long.pdf"
    assert _run("taisei-074055", LONG, "--pdf", str(target), home=tmp_path / "h").returncode == 0
    left, width = MARGINS_PT, 841.89 - 2 * MARGINS_PT
    words = _visible_words(target, (left + width * 0.55 + 2, left + width))  # the second case's column
    assert len({page for page, *_ in words}) >= 2  # the overview goes on over a page break
    case = catalog.get(LONG)
    assert case is not None and case.section("overview") is not None
    heading = flat(f"{case.title}{place_label(case)}{case.casebook}{case.id}")  # repeated atop every page
    shown = flat("".join(w for *_, w in words))
    assert shown.count(heading) == len({page for page, *_ in words})
    shown = shown.replace(heading, "")
    for line in plain(case.section("overview").text).splitlines():  # every line, once, in order
        if line.strip():
            assert shown.count(flat(line)) == 1, line
    positions = [shown.index(flat(line)) for line in case.section("overview").text.splitlines() if line.strip()]
    assert positions == sorted(positions)


def test_cli_compare_as_text(tmp_path: Path) -> None:
    out = _run("taisei-070009", "jinzai-340006", home=tmp_path / "h")
    assert out.returncode == 0, out.stderr
    assert "■ 費用" in out.stdout and "31,415千円" in out.stdout and "目次にのみ掲載" in out.stdout


@pytest.mark.parametrize("args, code, message", [
    (["taisei-070009"], 2, "2件か3件"),
    (["taisei-070009", "taisei-074055", LONG, "jinzai-340006"], 2, "2件か3件"),
    (["taisei-070009", "taisei-070009"], 2, "2回"),
    (["taisei-070009", "no-such-case"], 1, "事例ID「no-such-case」は見つかりません"),
])
def test_cli_compare_errors_are_japanese_and_write_nothing(tmp_path: Path, args: list[str], code: int,
                                                           message: str) -> None:
    out = _run(*args, "--pdf", str(tmp_path / "x.pdf"), home=tmp_path / "h")
    assert out.returncode == code and message in out.stderr and "Traceback" not in out.stderr, out.stderr
    assert not list(tmp_path.glob("*.pdf*"))


def test_cli_compare_checks_the_output_before_rendering(tmp_path: Path) -> None:
    out = _run("taisei-070009", LONG, "--pdf", str(tmp_path / "ない" / "x.pdf"), home=tmp_path / "h")
    assert out.returncode == 1 and out.stderr.strip() == f"エラー: 保存先のフォルダがありません: {tmp_path / 'ない'}"
    help_text = _run("--help", home=tmp_path / "h").stdout
    assert "終了コード" in help_text and "2件か3件" in help_text
