"""The frozen program (cx_Freeze, one folder), built as packaging/linux/freeze.sh builds it: it passes its
own self-check, starts, and works from a read-only install folder, writing nothing there."""

from __future__ import annotations

import hashlib
import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="freezes with packaging/linux/freeze.sh (bash, "
                                "readelf); the Windows build is checked by packaging/windows/wine/check.sh")


@pytest.fixture(scope="session")
def frozen(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("frozen") / "app"
    result = subprocess.run(["bash", str(REPO / "packaging" / "linux" / "freeze.sh"), str(out)], cwd=REPO,
                            capture_output=True, text=True, timeout=900)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "budget 145 MB" in result.stdout
    return out


def _read_only_copy(frozen: Path, target: Path) -> Path:
    shutil.copytree(frozen, target, symlinks=True)
    for path in [target, *target.rglob("*")]:
        if not path.is_symlink():
            path.chmod(path.stat().st_mode & ~(stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH))
    return target


def _fingerprint(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


def _env(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DXREADER_DATA", "PYTHONPATH")}
    return {**env, "QT_QPA_PLATFORM": "offscreen", "DXREADER_HOME": str(home)}


def test_frozen_bundle_leaves_out_network_and_dev_parts(frozen: Path) -> None:
    names = {p.name for p in frozen.rglob("*")}
    assert not any("Qt6Network" in n or "Qt6Qml" in n or "Qt6Quick" in n or "WebEngine" in n for n in names)
    assert not any(n.startswith(("_ssl", "libssl")) for n in names)
    # a window program has no interactive console: readline and its terminal library (8 MB) stay out
    assert not any(n.startswith(("readline.", "libreadline", "libtinfo", "_curses")) for n in names)
    assert (frozen / "data" / "casebook.sqlite").is_file() and (frozen / "data" / "index").is_dir()
    assert (frozen / "resources" / "synonyms.txt").is_file()
    with_tests = [n for n in names if n.startswith("test_") or n in ("pytest", "hypothesis", "sqlite_utils")]
    assert with_tests == []


def test_frozen_self_check_and_start_from_a_read_only_install_folder(frozen: Path, tmp_path: Path) -> None:
    install = _read_only_copy(frozen, tmp_path / "Program Files" / "DX事例リーダー")
    before = _fingerprint(install)
    home = tmp_path / "home"
    try:
        check = subprocess.run([str(install / "dxreader-cli"), "self-check"], capture_output=True, text=True,
                               env=_env(home), timeout=300)
        assert check.returncode == 0, check.stdout + check.stderr
        assert "結果: すべて正常" in check.stdout and "NG" not in check.stdout
        assert "QtNetwork なし" in check.stdout and str(install / "data") in check.stdout
        start = subprocess.run([str(install / "dxreader"), "--exit-after-start"], capture_output=True, text=True,
                               env=_env(home), timeout=300)
        assert start.returncode == 0, start.stderr
        assert "ready-paint-epoch" in start.stdout
        search = subprocess.run([str(install / "dxreader-cli"), "search", "窓口", "--json"], capture_output=True,
                                text=True, env=_env(home), timeout=300)
        assert search.returncode == 0 and '"total"' in search.stdout, search.stderr
        assert _fingerprint(install) == before  # nothing written to the install folder
        assert (home / "userdata.sqlite").exists()  # the user's data went to the user's folder
        assert not (home / "cache").exists() or not any((home / "cache").rglob("*.seg"))  # bundled index used
    finally:
        for path in [install, *install.rglob("*")]:
            if not path.is_symlink():
                path.chmod(path.stat().st_mode | stat.S_IWUSR)
