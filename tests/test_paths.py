"""paths.py alone decides where things live."""

from __future__ import annotations

from pathlib import Path

from dxreader import paths


def test_home_override(monkeypatch, tmp_path):
    monkeypatch.setenv("DXREADER_HOME", str(tmp_path / "portable"))
    assert paths.user_home() == tmp_path / "portable"


def test_default_home_is_per_user_and_local(monkeypatch):
    monkeypatch.delenv("DXREADER_HOME")
    home = paths.user_home()
    assert home.name == "dxreader"
    assert "Roaming" not in home.parts


def test_dev_checkout_data_dir(monkeypatch):
    monkeypatch.delenv("DXREADER_DATA", raising=False)
    assert paths.bundled_data_dir(frozen=False) == Path(__file__).resolve().parents[1] / "data"
    assert paths.casebook_path().is_file()


def test_frozen_data_dir_is_beside_the_executable(monkeypatch, tmp_path):
    monkeypatch.delenv("DXREADER_DATA", raising=False)
    exe = tmp_path / "DX事例リーダー" / "dxreader.exe"
    assert paths.bundled_data_dir(frozen=True, executable=str(exe)) == tmp_path / "DX事例リーダー" / "data"


def test_data_override(monkeypatch, tmp_path):
    monkeypatch.setenv("DXREADER_DATA", str(tmp_path))
    assert paths.casebook_path() == tmp_path / "casebook.sqlite"
