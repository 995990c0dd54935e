"""Every failure of an import reaches the person as Japanese: one line and a non-zero exit in the console, a dialog in
the window; an older update is installed only when asked for explicitly (--allow-older, or a confirmation)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from dxreader.storage.casebook_choice import INSTALLED
from dxreader.storage.datapackage import pack
from tests.conftest import COMMITTED_DB
from tests.package_kit import TOMORROW, build_package, machine_folder, trusted_key  # noqa: F401 (autouse fixture)


def _import(*args: str, home: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "dxreader.cli", "data", "import", *args, "--home", str(home)],
                          capture_output=True, text=True, encoding="utf-8", timeout=180)


def test_console_failures_are_one_japanese_line(tmp_path: Path) -> None:
    (tmp_path / "folder.dxdata").mkdir()
    (tmp_path / "empty.dxdata").write_bytes(b"")
    nested = build_package(tmp_path / "nested.dxdata", manifest=b"[" * 30_000 + b"]" * 30_000)
    listed = build_package(tmp_path / "list.dxdata", manifest=b"[]")
    huge = build_package(tmp_path / "huge.dxdata", case_count=10**30)
    nul = build_package(tmp_path / "nul-byte.dxdata", sources=["a\x00b"])  # not "nul.*": a device on Windows
    for package in [tmp_path / "missing.dxdata", tmp_path / "folder.dxdata", tmp_path / "empty.dxdata", nested,
                    listed, huge, nul]:
        done = _import(str(package), home=tmp_path / "home")
        lines = done.stderr.strip().splitlines()
        assert done.returncode == 1 and len(lines) == 1 and "Traceback" not in done.stderr, (package, done.stderr)
        assert lines[0].startswith("エラー: 取り込みませんでした（何も変更していません）。"), lines
    assert not (tmp_path / "home" / INSTALLED).exists() or not list((tmp_path / "home" / INSTALLED).iterdir())


def test_console_older_update_needs_allow_older(tmp_path: Path) -> None:
    home = tmp_path / "home"
    assert _import(str(build_package(tmp_path / "new.dxdata")), home=home).returncode == 0
    pack(COMMITTED_DB, tmp_path / "old.dxdata", "2001-02-03", trusted_key())
    refused = _import(str(tmp_path / "old.dxdata"), home=home)
    assert refused.returncode == 1 and f"新しいのは使用中のデータ（{TOMORROW}）" in refused.stderr
    assert "--allow-older" in refused.stderr and len(list((home / INSTALLED).iterdir())) == 1
    allowed = _import(str(tmp_path / "old.dxdata"), "--allow-older", home=home)
    assert allowed.returncode == 0 and len(list((home / INSTALLED).iterdir())) == 2


@pytest.mark.parametrize("answer", ["Yes", "No"])
def test_the_window_asks_before_installing_an_older_update(answer: str, open_reader, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    from dxreader.ui import menus

    told: list[tuple[str, str]] = []
    monkeypatch.setattr(menus, "warn", lambda parent, title, text: told.append((title, text)))
    monkeypatch.setattr(menus, "inform", lambda parent, title, text: told.append((title, text)))

    def answering(box: object) -> int:  # the real question box, answered as a user would
        told.append((box.windowTitle(), box.text()))  # type: ignore[attr-defined]
        return int(getattr(menus.QMessageBox.StandardButton, answer).value)

    monkeypatch.setattr(menus.QMessageBox, "exec", answering)
    window = open_reader().window
    home = window.user_data.home
    assert menus.import_data_package(window, build_package(tmp_path / "new.dxdata"))
    pack(COMMITTED_DB, tmp_path / "old.dxdata", "2001-02-03", trusted_key())
    assert menus.import_data_package(window, tmp_path / "old.dxdata") is (answer == "Yes")
    question = [t for t in told if t[0] == "古い事例データです"]
    assert len(question) == 1 and "2001-02-03" in question[0][1] and f"（公開日 {TOMORROW}）の方が新しい" in question[0][1]
    assert len(list((home / INSTALLED).iterdir())) == (2 if answer == "Yes" else 1)


def test_the_window_turns_any_failure_into_a_dialog(open_reader, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    from dxreader.storage import datapackage
    from dxreader.ui import menus

    told: list[tuple[str, str]] = []
    monkeypatch.setattr(menus, "warn", lambda parent, title, text: told.append((title, text)))
    window = open_reader().window
    nested = build_package(tmp_path / "list.dxdata", manifest=b"[[[[[]]]]]")
    assert menus.import_data_package(window, nested) is False
    assert told[-1][0] == "事例データを更新できませんでした" and "目録の形式が違います" in told[-1][1]

    def broken(*args: object, **kwargs: object) -> None:
        raise MemoryError

    monkeypatch.setattr(datapackage, "install_package", broken)
    assert menus.import_data_package(window, nested) is False
    assert "予期しない理由で取り込めませんでした（MemoryError）" in told[-1][1]
    assert os.path.isdir(window.user_data.home)
