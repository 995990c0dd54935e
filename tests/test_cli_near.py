"""dxreader-cli search --near / --similar-size, run as a user runs it, on the committed casebook."""

from __future__ import annotations

import json

from tests.test_cli import cli


def test_near_sorts_by_likeness_and_says_why() -> None:
    result = cli("search", "--near", "しおじり")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "自分の団体: 塩尻市（長野県）・人口 6.7万人（令和2年国勢調査）に近い順"
    assert lines[1].startswith("78 件")
    assert lines[2].startswith("press-202151\t長野県塩尻市\t")  # its own case first
    assert lines[3] == "    [自分の団体・人口 6.7万人・同じ種類（市）]"
    ids = [line.split("\t")[0] for line in lines if "\t" in line]
    assert ids.index("gyomu-082163") < ids.index("taisei-062049") < ids.index("gyomu-442020")  # 笠間 酒田 別府
    assert ids[-2:] == ["award-jinzai", "award-ai-soudan"]  # no local government named: last
    assert "    [団体の記載なし]" in lines


def test_similar_size_filters_and_json_carries_the_reason() -> None:
    result = cli("search", "--near", "202151", "--similar-size", "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["total"] == 14
    populations = [h["population"] for h in data["hits"]]
    assert all(67302 / 2 <= p <= 67302 * 2 for p in populations)
    assert data["hits"][0]["near_home"] == "自分の団体・人口 6.7万人・同じ種類（市）"
    plain = json.loads(cli("search", "--json").stdout)
    assert "near_home" not in plain["hits"][0] and plain["total"] == 78  # without --near: as before


def test_a_query_with_near_keeps_only_matches_and_orders_them_by_likeness() -> None:
    near = json.loads(cli("search", "窓口", "--near", "長野県塩尻市", "--json").stdout)
    plain = json.loads(cli("search", "窓口", "--json").stdout)
    assert {h["id"] for h in near["hits"]} == {h["id"] for h in plain["hits"]}
    assert [h["id"] for h in near["hits"]] != [h["id"] for h in plain["hits"]]


def test_an_ambiguous_name_lists_candidates_with_their_prefectures() -> None:
    result = cli("search", "--near", "府中市")
    assert result.returncode == 1 and result.stdout == ""
    assert result.stderr.strip() == ("エラー: 「府中市」に当てはまる団体が2つあります: 府中市（東京都） 132063、"
                                     "府中市（広島県） 342084。都道府県名をつけるか（例: 広島県府中市）、団体コードで指定してください")
    assert cli("search", "--near", "広島県府中市").returncode == 0


def test_unusable_near_options_exit_1_with_a_japanese_line() -> None:
    for args, message in ((("--near", "ぬぬぬ"), "「ぬぬぬ」に当てはまる団体はありません"),
                          (("--similar-size",), "--similar-size には --near で基準の団体を指定してください"),
                          (("--near", "双葉町", "--similar-size"), "双葉町（福島県）は人口が不明"),
                          (("--near", "123456"), "団体コード「123456」の団体はありません")):
        result = cli("search", *args)
        assert result.returncode == 1, args
        assert result.stderr.startswith(f"エラー: {message}") and "Traceback" not in result.stderr
    sorted_anyway = cli("search", "--near", "双葉町")  # no figure, but prefecture, region and kind still order
    lines = sorted_anyway.stdout.splitlines()
    assert sorted_anyway.returncode == 0 and lines[0].endswith("人口不明（令和2年国勢調査に数値なし）に近い順")
    assert lines[2].split("\t")[1].startswith("福島県") and lines[3] == "    [人口 0.6万人・同じ県・同じ種類（町）]"


def test_help_documents_the_options_and_their_exit_code() -> None:
    result = cli("search", "--help")
    assert result.returncode == 0
    for text in ("--near 団体", "--similar-size", "0.5倍〜2倍", "終了コード 1", "複数の団体に当てはまるとき"):
        assert text in result.stdout
