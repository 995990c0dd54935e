"""The build is reproducible, and a bad source or curation file stops it with a clear message."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from dxreader.databuild.build import build
from dxreader.databuild.errors import BuildError
from tests.conftest import COMMITTED_DB


def _dump(path: Path) -> dict[str, list[tuple]]:
    conn = sqlite3.connect(f"{path.as_uri()}?mode=ro&immutable=1", uri=True)
    tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table' ORDER BY name")]
    dump = {t: sorted(conn.execute(f"SELECT * FROM {t}").fetchall(), key=repr) for t in tables}  # noqa: S608
    dump["__schema__"] = sorted(conn.execute("SELECT type, name, sql FROM sqlite_master").fetchall(), key=repr)
    conn.close()
    return dump


def test_committed_casebook_is_what_the_build_produces(fresh_build):
    committed, rebuilt = _dump(COMMITTED_DB), _dump(fresh_build)
    assert committed.keys() == rebuilt.keys()
    for table in committed:
        assert committed[table] == rebuilt[table], f"表 {table} が作り直した結果と違います: dxreader-cli build-data を実行してください"


def test_two_builds_are_byte_identical(fresh_build, tmp_path):
    again = tmp_path / "again.sqlite"
    build(COMMITTED_DB.parent, again)
    assert again.read_bytes() == fresh_build.read_bytes()


def test_correction_that_no_longer_fits_stops_the_build(data_copy, tmp_path):
    corrections = data_copy / "curation" / "corrections.csv"
    corrections.write_text(corrections.read_text(encoding="utf-8").replace("北海度北見市,北海道北見市,1", "北海度北見市,北海道北見市,2"),
                           encoding="utf-8")
    with pytest.raises(BuildError, match="北海度北見市.*2 回あるはず.*1 回見つかりました"):
        build(data_copy, tmp_path / "out.sqlite")
    assert not (tmp_path / "out.sqlite").exists()


def test_uncorrected_slip_fails_to_resolve(data_copy, tmp_path):
    corrections = data_copy / "curation" / "corrections.csv"
    kept = [l for l in corrections.read_text(encoding="utf-8").splitlines() if "北海度" not in l]
    corrections.write_text("\n".join(kept) + "\n", encoding="utf-8")
    with pytest.raises(BuildError, match="都道府県名で始まらない団体名です: 「北海度北見市」"):
        build(data_copy, tmp_path / "out.sqlite")


def test_unknown_municipality_fails(data_copy, tmp_path):
    listing = data_copy / "sources" / "002_7c02130a31b6df9b.txt"
    listing.write_text(listing.read_text(encoding="utf-8").replace("| 奈良県三宅町 |", "| 奈良県三宅村 |"), encoding="utf-8")
    with pytest.raises(BuildError, match="団体名「奈良県三宅村」が全国地方公共団体コード表にありません"):
        build(data_copy, tmp_path / "out.sqlite")


def test_missing_case_key_for_a_second_case_fails(data_copy, tmp_path):
    keys = data_copy / "curation" / "case_keys.csv"
    keys.write_text("\n".join(l for l in keys.read_text(encoding="utf-8").splitlines() if "神戸市" not in l) + "\n",
                    encoding="utf-8")
    with pytest.raises(BuildError, match="事例IDが重複しています.*gyomu-281000"):
        build(data_copy, tmp_path / "out.sqlite")


def test_failed_build_leaves_the_previous_file_alone(data_copy, tmp_path):
    out = tmp_path / "casebook.sqlite"
    build(data_copy, out)
    before = out.read_bytes()
    (data_copy / "sources" / "004_b8b6a38811809cf4.txt").write_text("壊れた資料", encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "dxreader.cli", "build-data", "--data", str(data_copy), "--out", str(out)],
        capture_output=True, text=True, encoding="utf-8",
    )
    assert result.returncode == 1
    assert "データを作成できませんでした" in result.stderr and "8件のはず" in result.stderr
    assert out.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["casebook.sqlite", "data"]  # no temp file left
