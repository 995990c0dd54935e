"""dxreader-cli, run as a user runs it (a separate process), on the committed casebook."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from dxreader.core.bands import BAND_LABELS
from tests.conftest import COMMITTED_DB, casebook_copy


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "dxreader.cli", *args], capture_output=True, text=True,
                          encoding="utf-8", timeout=120)


def test_cases_json_contract():
    result = cli("cases", "--json")
    assert result.returncode == 0, result.stderr
    records = json.loads(result.stdout)
    assert len(records) == 78
    required = {"id", "title", "municipality", "prefecture", "kind", "casebook", "category", "population",
                "population_band", "population_source", "population_as_of", "contacts", "source"}
    for r in records:
        assert required <= r.keys()
        assert isinstance(r["category"], list) and r["category"]
        assert r["population"] is None or isinstance(r["population"], int)
        assert r["population_band"] is None or r["population_band"] in BAND_LABELS
        for c in r["contacts"]:
            assert set(c) == {"department", "phone", "email"}
        assert r["source"]["document"] and r["source"]["citation"]
    nishiaizu = next(r for r in records if r["id"] == "taisei-074055")
    assert nishiaizu["contacts"] == [{"department": "西会津町企画情報課デジタル戦略室", "phone": "0241-45-4536",
                                      "email": "kikaku@town.nishiaizu.fukushima.jp"}]
    assert nishiaizu["source"]["page"] == 24 and nishiaizu["source"]["publisher"] == "総務省"
    assert "総務省「自治体DX推進参考事例集【第2.0版】【1.体制整備】」" in nishiaizu["source"]["citation"]


def test_show_text_and_json():
    text = cli("show", "taisei-070009")
    assert text.returncode == 0
    for expected in ("全59市町村へのICTアドバイザー派遣等により市町村のDXを推進", "■ Point", "■ 事業の概要", "■ コスト",
                     "イニシャルコスト ※税抜: 31,415千円", "■ スケジュール", "R5.6　事業開始", "■ 担当部署",
                     "電話: 024-521-7134", "■ インタビュー", "出典: 総務省", "13ページ"):
        assert expected in text.stdout
    assert "**" not in text.stdout
    assert text.stdout.index("■ Point") < text.stdout.index("■ 事業の概要") < text.stdout.index("■ 担当部署")
    detail = json.loads(cli("show", "taisei-070009", "--json").stdout)
    assert [s["kind"] for s in detail["sections"]] == ["point", "overview", "effects"]
    assert detail["costs"][0]["amount_yen"] == 31_415_000
    assert len(detail["sources"]) == 2


def test_show_listing_only_case_says_body_is_missing():
    out = cli("show", "jinzai-010006").stdout
    assert "本文は収録資料にありません" in out and "30ページ" in out


def test_show_unknown_id_is_a_clear_error():
    result = cli("show", "no-such-case")
    assert result.returncode == 1
    assert "事例ID「no-such-case」は見つかりません" in result.stderr
    assert "Traceback" not in result.stderr


def test_bad_usage_exits_2_in_japanese():
    result = cli("frobnicate")
    assert result.returncode == 2
    assert "コマンドの指定が正しくありません" in result.stderr


def test_stats():
    stats = json.loads(cli("stats", "--json").stdout)
    assert stats["total"] == 78 and stats["listing_only"] == 54
    assert stats["by_band"] == {"1万人未満": 4, "1万人以上5万人未満": 12, "5万人以上10万人未満": 7,
                                "10万人以上30万人未満": 13, "30万人以上・都道府県": 40, "不明": 2}
    assert stats["by_population_source"] == {"case": 13, "census2020": 63, "不明": 2}
    assert sum(stats["by_prefecture"].values()) == 78
    text = cli("stats").stdout
    assert "事例数: 78" in text and "人口区分別" in text


def test_check_data_passes_on_committed_casebook():
    result = cli("check-data")
    assert result.returncode == 0, result.stderr
    assert "OK" in result.stdout and "78 件" in result.stdout


def _broken_copy(tmp_path: Path, *statements: str) -> Path:
    return casebook_copy(tmp_path, *statements)


def test_check_data_reports_each_problem(tmp_path):
    copy = _broken_copy(
        tmp_path,
        "UPDATE case_contacts SET phone = '024-233-40O4' WHERE case_id = 'taisei-070009'",
        "UPDATE case_contacts SET email = 'kikaku@@town' WHERE case_id = 'taisei-074055'",
        "INSERT INTO case_links (case_id, position, label, url) VALUES ('ghost-000000', 0, 'x', 'https://x')",
        "UPDATE cases SET municipality_code = '074056' WHERE id = 'taisei-074055'",
        "UPDATE cases SET population_band = '大きい' WHERE id = 'taisei-063631'",
        "UPDATE cases SET municipality_note = NULL WHERE id = 'award-jinzai'",
    )
    result = cli("check-data", "--db", str(copy))
    assert result.returncode == 1
    for expected in ("電話番号の形式が正しくありません: 024-233-40O4", "メールアドレスの形式が正しくありません",
                     "存在しない事例 ghost-000000", "taisei-074055 の団体「西会津町」が団体コード表に見つかりません",
                     "人口区分「大きい」は凡例にありません", "award-jinzai に団体名がなく"):
        assert expected in result.stderr, expected


def test_not_a_casebook_is_a_clear_error(tmp_path):
    junk = tmp_path / "junk.sqlite"
    junk.write_bytes(b"this is not a database" * 100)
    result = cli("cases", "--db", str(junk))
    assert result.returncode == 1
    assert "事例データを読めません" in result.stderr and "Traceback" not in result.stderr
    missing = cli("cases", "--db", str(tmp_path / "nothing.sqlite"))
    assert missing.returncode == 1 and "事例データが見つかりません" in missing.stderr
