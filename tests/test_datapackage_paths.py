"""No value read from an update package ever becomes a path: hostile data versions, dates and planted links
are refused or kept inside casebooks/, and every file beside casebooks/ stays byte-identical."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from dxreader.core.datapackage import INSTALL_FOLDER, PackageRejected
from dxreader.storage.casebook_choice import INSTALLED, installed
from dxreader.storage.datapackage import install_package
from tests.package_kit import TOMORROW, build_package, machine_folder, manifest_for, modified_db, snapshot  # noqa: F401
from tests.conftest import COMMITTED_DB, wine_lacks

HOSTILE = [
    "/tmp/evil", "../backups", "../userdata.sqlite", "..", ".", "", "casebooks/../../backups", "C:\\x", "C:x",
    "..\\x", "..\\..\\backups", "\\\\host\\share", "//host/share", "CON", "con.txt", "NUL", "COM1", "LPT9", "AUX",
    "x.", "x ", " x", "x\x00y", "\x00", "a" * 300, "a" * 20_000, "x/y", "~", "$HOME", "%APPDATA%", "x\ny", "é",
]
HOSTILE_DATES = ["../backups", "2026-11-23/../../x", "C:\\x", "2026-02-30", "2026-13-01", "0000-00-00",
                 "9999-12-31", "2026-11-23 ", "2026-11-23\x00", "２０２６-１１-２３", "20261123", ""]


def _neighbourhood(tmp_path: Path) -> Path:
    """A user's data folder with what must never be touched, and a folder outside it."""
    home = tmp_path / "home"
    (home / "backups").mkdir(parents=True)
    (home / "backups" / "userdata-2026-11-22.sqlite").write_bytes(b"backup bytes")
    (home / "userdata.sqlite").write_bytes(b"precious user data")
    (home / "settings.ini").write_text("[window]\n", encoding="utf-8")
    (tmp_path / "outside").mkdir()
    (tmp_path / "outside" / "keep.txt").write_text("keep", encoding="utf-8")
    return home


def _outside_casebooks(root: Path) -> dict[str, bytes | str]:
    return {k: v for k, v in snapshot(root).items() if INSTALLED not in Path(k).parts}


def _installed_names(home: Path) -> list[str]:
    return sorted(p.name for p in (home / INSTALLED).iterdir()) if (home / INSTALLED).is_dir() else []


@pytest.mark.parametrize("value", HOSTILE, ids=lambda v: ascii(v)[:24])
def test_a_hostile_data_version_in_the_manifest_is_refused(value: str, tmp_path: Path) -> None:
    home = _neighbourhood(tmp_path)
    package = build_package(tmp_path / "p.dxdata", manifest=manifest_for(COMMITTED_DB.read_bytes(), data_version=value))
    before = _outside_casebooks(tmp_path)
    with pytest.raises(PackageRejected, match="データ版|data_version"):
        install_package(package, home)
    assert _outside_casebooks(tmp_path) == before and _installed_names(home) == []


@pytest.mark.parametrize("value", HOSTILE_DATES)
def test_a_hostile_release_date_is_refused(value: str, tmp_path: Path) -> None:
    home = _neighbourhood(tmp_path)
    package = build_package(tmp_path / "p.dxdata", released=value)
    before = _outside_casebooks(tmp_path)
    with pytest.raises(PackageRejected, match="公開日|released"):
        install_package(package, home)
    assert _outside_casebooks(tmp_path) == before and _installed_names(home) == []


@pytest.mark.parametrize("value", ["'../backups'", "'../userdata.sqlite'", "'/tmp/evil'", "'C:\\x'", "'x' || char(0)",
                                   "'a' || char(0) || 'b'", "X'2e2e2f78'", "42"])
def test_a_hostile_data_version_inside_the_database_is_refused(value: str, tmp_path: Path) -> None:
    home = _neighbourhood(tmp_path)
    db = modified_db(tmp_path, f"UPDATE meta SET value = {value} WHERE key = 'data_version'")
    (tmp_path / "db.sqlite").write_bytes(db)
    package = build_package(tmp_path / "p.dxdata", db=db, data_version="plain-version")
    before = _outside_casebooks(tmp_path)
    with pytest.raises(PackageRejected, match="データ版"):
        install_package(package, home)
    assert _outside_casebooks(tmp_path) == before and _installed_names(home) == []


def test_a_plain_data_version_that_windows_reserves_never_names_a_folder(tmp_path: Path) -> None:
    home = _neighbourhood(tmp_path)
    db = modified_db(tmp_path, "UPDATE meta SET value = 'CON' WHERE key = 'data_version'")
    package = build_package(tmp_path / "p.dxdata", db=db, data_version="CON")
    before = _outside_casebooks(tmp_path)
    manifest = install_package(package, home)
    assert manifest.data_version == "CON"
    assert _installed_names(home) == [manifest.install_folder] and INSTALL_FOLDER.fullmatch(manifest.install_folder)
    assert _outside_casebooks(tmp_path) == before


@wine_lacks("symbolic links: Wine 8's CreateSymbolicLinkW reports success and makes nothing")
def test_planted_links_are_never_followed(tmp_path: Path) -> None:
    home = _neighbourhood(tmp_path)
    package = build_package(tmp_path / "p.dxdata")
    from dxreader.core.datapackage import parse_manifest
    import zipfile
    from datetime import date

    with zipfile.ZipFile(package) as z:
        name = parse_manifest(z.read("manifest.json"), date.today()).install_folder
    (home / INSTALLED).mkdir()
    (home / INSTALLED / name).symlink_to(home / "backups", target_is_directory=True)  # the folder an import replaces
    (home / INSTALLED / f".old-{name}").symlink_to(tmp_path / "outside", target_is_directory=True)
    before = snapshot(tmp_path)
    with pytest.raises(PackageRejected, match="外"):
        install_package(package, home)
    after = snapshot(tmp_path)
    assert {k: v for k, v in after.items() if ".incoming-" not in k} == before
    assert installed([home]) == []  # a link is not an installed casebook

    linked = tmp_path / "home2"
    linked.mkdir()
    (linked / INSTALLED).symlink_to(home / "backups", target_is_directory=True)
    before = snapshot(tmp_path)
    with pytest.raises(PackageRejected, match="フォルダではありません"):
        install_package(package, linked)
    assert snapshot(tmp_path) == before


def test_cli_machine_import_of_hostile_packages_changes_nothing_outside_casebooks(tmp_path: Path,
                                                                                  machine_folder: Path) -> None:
    (machine_folder / "backups").mkdir()
    (machine_folder / "backups" / "keep.bin").write_bytes(os.urandom(64))
    (machine_folder / "update-policy.json").write_text('{"allow_unsigned": false}', encoding="utf-8")
    before = _outside_casebooks(machine_folder)
    env = {**os.environ, "DXREADER_MACHINE_DATA": str(machine_folder), "DXREADER_HOME": str(tmp_path / "user")}
    db = COMMITTED_DB.read_bytes()
    for i, value in enumerate([str(machine_folder / "backups"), "../backups", "..\\..\\x", "\\\\host\\share\\x"]):
        package = build_package(tmp_path / f"p{i}.dxdata", manifest=manifest_for(db, data_version=value))
        done = subprocess.run([sys.executable, "-m", "dxreader.cli", "data", "import", str(package), "--machine"],
                              capture_output=True, text=True, encoding="utf-8", env=env, timeout=120)
        assert done.returncode == 1 and "Traceback" not in done.stderr
        assert "データ版" in done.stderr and len(done.stderr.strip().splitlines()) == 1
    good = build_package(tmp_path / "good.dxdata", released=TOMORROW)
    done = subprocess.run([sys.executable, "-m", "dxreader.cli", "data", "import", str(good), "--machine"],
                          capture_output=True, text=True, encoding="utf-8", env=env, timeout=180)
    assert done.returncode == 0, done.stderr
    assert _outside_casebooks(machine_folder) == before
    assert all(INSTALL_FOLDER.fullmatch(n) for n in _installed_names(machine_folder))
    assert len(_installed_names(machine_folder)) == 1
