"""The reference tables: 総務省 codes with valid check digits and readings, 47 prefectures with regions."""

from __future__ import annotations

from collections import Counter

from dxreader.core.codes import check_digit_ok
from dxreader.core.analysis import normalize
from dxreader.databuild.reference import ReferenceTables
from tests.conftest import DATA


def test_code_table():
    tables = ReferenceTables.load(DATA / "reference")
    assert len(tables.municipalities) == 1788
    assert all(check_digit_ok(m.code) for m in tables.municipalities)
    assert not check_digit_ok("074056")
    assert Counter(m.kind for m in tables.municipalities)["都道府県"] == 47
    miyakonojo = tables.resolve("宮崎県都城市")
    assert miyakonojo.kana == "ミヤコノジョウシ"
    assert normalize("みやこのじょう") in miyakonojo.kana


def test_prefectures_and_regions():
    tables = ReferenceTables.load(DATA / "reference")
    assert len(tables.prefectures) == 47
    assert Counter(p.region for p in tables.prefectures.values()) == {
        "北海道": 1, "東北": 6, "関東": 7, "中部": 9, "近畿": 7, "中国": 5, "四国": 4, "九州・沖縄": 8}
    assert tables.split("北海道北見市") == ("北海道", "北見市")
    assert tables.split("神奈川県") == ("神奈川県", "")
