"""Excel workbooks (.xlsx) of cases, read back with openpyxl (a reader independent of the writer), and the
console tool's export-xlsx and shortlist commands run as a user runs them. Expected cells come from the
source documents: data/sources/001_ff18e038920f8e0f.txt (西会津町: contents line 43, 【参考情報】 and
【担当部署】 of case 8) and data/reference/population_2020.csv (塩尻市, 令和2年国勢調査)."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pytest

from dxreader.core.spreadsheet import CUT_MARKER, EXCEL_CELL_LIMIT
from dxreader.services.catalog import Catalog
from dxreader.services.userdata import UserData
from dxreader.services.workbook import export_xlsx
from tests.test_cli import cli

NISHIAIZU, SHIOJIRI = "taisei-074055", "press-202151"
HEADER = ["団体", "都道府県", "人口", "人口の時点", "人口の出典", "人口区分", "題名", "事例集", "節", "事例番号・ページ",
          "担当部署", "電話", "メール", "自分のコメント", "事例ID"]


def _rows(path: Path) -> tuple[object, list[dict[str, object]]]:
    book = openpyxl.load_workbook(path)
    sheet = book["事例一覧"]
    values = list(sheet.iter_rows(values_only=True))
    assert list(values[0]) == HEADER
    return sheet, [dict(zip(HEADER, row)) for row in values[1:]]


def test_a_workbook_of_real_cases_reads_back_with_the_sources_facts(tmp_path: Path, committed_casebook) -> None:  # type: ignore[no-untyped-def]
    target = tmp_path / "候補.xlsx"
    entries = [(NISHIAIZU, "CDOの置き方"), ("taisei-999999", "消えた"), (SHIOJIRI, "=HYPERLINK(\"http://x\") 研修")]
    result = export_xlsx(Catalog(committed_casebook), entries, target, "しおり「候補」")
    assert (result.rows, result.missing) == (2, ("taisei-999999",))
    sheet, rows = _rows(target)
    nishiaizu, shiojiri = rows
    assert nishiaizu["団体"] == "福島県西会津町" and nishiaizu["都道府県"] == "福島県"
    assert nishiaizu["人口"] == 6000 and nishiaizu["人口の出典"] == "令和5年1月1日現在・事例の記載"  # 0.6万人（令和5年1月1日現在）
    assert nishiaizu["事例番号・ページ"] == "事例8・24ページ"
    assert nishiaizu["事例集"] == "自治体DX推進参考事例集【1.体制整備】（第2.0版（令和6年4月24日））"
    assert nishiaizu["節"] == "(3) 外部デジタル人材の知見を積極的に取り入れながらDXを推進する体制の整備"
    assert (nishiaizu["担当部署"], nishiaizu["電話"], nishiaizu["メール"]) == (
        "西会津町企画情報課デジタル戦略室", "0241-45-4536", "kikaku@town.nishiaizu.fukushima.jp")
    assert nishiaizu["人口区分"] == "1万人未満" and nishiaizu["自分のコメント"] == "CDOの置き方"
    assert shiojiri["人口"] == 67302 and shiojiri["人口の出典"] == "令和2年国勢調査"
    assert shiojiri["人口の時点"] == "2020-10-01" and shiojiri["電話"] == "0263-52-0659\n0263-52-0714"
    assert shiojiri["事例ID"] == SHIOJIRI and shiojiri["題名"].startswith("一般社団法人日本ディープラーニング協会と連携")  # type: ignore[union-attr]
    comment = sheet["N3"]
    assert comment.data_type == "s" and comment.value.startswith("=HYPERLINK") and comment.quotePrefix  # text, never a formula
    assert sheet["C2"].data_type == "n" and sheet["C2"].number_format == "#,##0"
    assert sheet.freeze_panes == "A2" and sheet["A1"].font.b and sheet.auto_filter.ref == "A1:O3"
    assert sheet.column_dimensions["G"].width > 2 * sheet.column_dimensions["B"].width  # 題名 wide, 都道府県 narrow
    about = {row[0]: row[1] for row in openpyxl.load_workbook(target)["説明"].iter_rows(values_only=True)}
    assert about["件数"] == "2件" and "令和2年国勢調査" in about["人口の出典"]  # type: ignore[operator]
    assert about["事例データ"] == f"版 {committed_casebook.meta['data_version']}"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["候補.xlsx"]  # written whole, no temporary file left


def test_a_comment_longer_than_a_cell_is_cut_and_says_so(tmp_path: Path, committed_casebook) -> None:  # type: ignore[no-untyped-def]
    export_xlsx(Catalog(committed_casebook), [(NISHIAIZU, "長" * 40_000)], tmp_path / "long.xlsx", "長い")
    _, rows = _rows(tmp_path / "long.xlsx")
    cell = rows[0]["自分のコメント"]
    assert isinstance(cell, str) and len(cell) == EXCEL_CELL_LIMIT and cell.endswith(CUT_MARKER)


@pytest.fixture
def home(tmp_path: Path) -> Path:
    home = tmp_path / "home"
    with UserData.open(home) as data:
        folder = data.store.create_folder("窓口DX")
        for case_id in (NISHIAIZU, SHIOJIRI):
            data.store.add_bookmark(case_id, "題", "町")
            data.store.set_annotation(case_id, f"{case_id} を検討")
            data.store.set_folder(case_id, folder.id)
        data.store.save_note(NISHIAIZU, "電話済み")
    return home


def test_cli_export_xlsx_of_a_folder_ids_and_a_query(tmp_path: Path, home: Path) -> None:
    out = cli("export-xlsx", str(tmp_path / "folder.xlsx"), "--folder", "窓口DX", "--home", str(home))
    assert out.returncode == 0 and "2件の事例をExcelに書き出しました" in out.stdout, out.stderr
    _, rows = _rows(tmp_path / "folder.xlsx")
    assert {r["事例ID"]: r["自分のコメント"] for r in rows} == {NISHIAIZU: f"{NISHIAIZU} を検討",
                                                             SHIOJIRI: f"{SHIOJIRI} を検討"}
    out = cli("export-xlsx", str(tmp_path / "ids.xlsx"), "--ids", SHIOJIRI, "taisei-350001", "--home", str(home))
    assert out.returncode == 0, out.stderr
    _, rows = _rows(tmp_path / "ids.xlsx")
    assert [(r["事例ID"], r["自分のコメント"]) for r in rows] == [(SHIOJIRI, f"{SHIOJIRI} を検討"), ("taisei-350001", None)]
    searched = json.loads(cli("search", "窓口", "--json").stdout)
    out = cli("export-xlsx", str(tmp_path / "query.xlsx"), "--query", "窓口", "--home", str(home))
    assert out.returncode == 0, out.stderr
    _, rows = _rows(tmp_path / "query.xlsx")
    assert [r["事例ID"] for r in rows] == [h["id"] for h in searched["hits"]] and len(rows) == searched["total"] > 0


@pytest.mark.parametrize(("args", "message"), [
    ([], "どれか1つを指定してください"), (["--folder", "ない"], "フォルダ「ない」がありません（あるフォルダ: 窓口DX）"),
])
def test_cli_export_xlsx_refuses_plainly_and_writes_nothing(tmp_path: Path, home: Path, args: list[str],
                                                            message: str) -> None:
    out = cli("export-xlsx", str(tmp_path / "x.xlsx"), *args, "--home", str(home))
    assert out.returncode == 1 and message in out.stderr and "Traceback" not in out.stderr
    assert not (tmp_path / "x.xlsx").exists()


def test_cli_shortlist_save_show_and_take(tmp_path: Path, home: Path) -> None:
    shared = tmp_path / "共有"
    shared.mkdir()
    target = shared / "窓口.dxlist"
    out = cli("shortlist", "save", str(target), "--folder", "窓口DX", "--author", "企画課 山田", "--home", str(home))
    assert out.returncode == 0 and "共有リスト「窓口DX」（2件、コメントつき、メモは含まない）" in out.stdout, out.stderr
    assert "note" not in target.read_text(encoding="utf-8")
    shown = json.loads(cli("shortlist", "show", str(target), "--json", "--home", str(tmp_path / "other")).stdout)
    assert shown["author"] == "企画課 山田" and {c["case_id"] for c in shown["cases"]} == {NISHIAIZU, SHIOJIRI}
    text = cli("shortlist", "show", str(target), "--home", str(tmp_path / "other")).stdout
    assert f"コメント: {NISHIAIZU} を検討" in text
    out = cli("shortlist", "take", str(target), "--ids", SHIOJIRI, "--home", str(tmp_path / "other"))
    assert out.returncode == 0 and "フォルダ「窓口DX」に 1件を追加しました" in out.stdout, out.stderr
    with UserData.open(tmp_path / "other") as data:
        (taken,) = data.bookmarks()
        assert taken.case_id == SHIOJIRI and taken.annotation.endswith(f"のコメント ―――\n{SHIOJIRI} を検討")
    bad = cli("shortlist", "take", str(tmp_path / "home" / "userdata.sqlite"), "--home", str(tmp_path / "other"))
    assert bad.returncode == 1 and "共有リストとして読めません" in bad.stderr and "Traceback" not in bad.stderr
    assert sorted(p.name for p in shared.iterdir()) == ["窓口.dxlist"]
