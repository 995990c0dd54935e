"""Signed updates: only packages signed by the release key or a key IT placed are used; each part tampered with is
refused; IT's policy file can allow unsigned test data; keys are made and used with the console tool."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from dxreader.core.datapackage import CASEBOOK, MANIFEST, SIGNATURE, PackageRejected
from dxreader.core.package_signature import CONTEXT, load_private_key, new_key_pair, release_key
from dxreader.storage.casebook_choice import INSTALLED
from dxreader.storage.datapackage import install_package
from tests.conftest import REPO
from tests.package_kit import TOMORROW, build_package, machine_folder, trusted_key  # noqa: F401 (autouse fixture)


def _rewrite(package: Path, target: Path, change: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(package) as z:
        members = {n: z.read(n) for n in z.namelist()}
    members.update(change)
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as z:
        for name, data in members.items():
            z.writestr(name, data)
    return target


def _refused(package: Path, home: Path, reason: str) -> None:
    with pytest.raises(PackageRejected, match=reason):
        install_package(package, home)
    assert not (home / INSTALLED).exists() or list((home / INSTALLED).iterdir()) == []


def test_a_package_signed_by_a_trusted_key_is_installed(tmp_path: Path) -> None:
    assert install_package(build_package(tmp_path / "p.dxdata"), tmp_path / "home").released == TOMORROW


def test_every_part_tampered_with_is_refused(tmp_path: Path) -> None:
    good = build_package(tmp_path / "good.dxdata")
    with zipfile.ZipFile(good) as z:
        manifest, signature, db = z.read(MANIFEST), z.read(SIGNATURE), z.read(CASEBOOK)
    home = tmp_path / "home"
    flipped = bytes([signature[0] ^ 1]) + signature[1:]
    changed_manifest = manifest.replace(b'"case_count": 78', b'"case_count": 77')
    assert changed_manifest != manifest
    db_changed = bytearray(db)
    db_changed[7000] ^= 1
    without_context = load_private_key(_own_key()).sign(manifest)  # a signature made for something else
    cases = {
        "manifest": ({MANIFEST: changed_manifest}, "署名が、信頼する鍵のどれとも一致しません"),
        "manifest whitespace": ({MANIFEST: manifest + b" "}, "一致しません"),
        "signature": ({SIGNATURE: flipped}, "一致しません"),
        "short signature": ({SIGNATURE: signature[:63]}, "署名（manifest.sig）の形式"),
        "empty signature": ({SIGNATURE: b""}, "形式"),
        "casebook": ({CASEBOOK: bytes(db_changed)}, "SHA-256が目録と一致しません"),
        "signature without context": ({SIGNATURE: without_context}, "一致しません"),
    }
    for name, (change, reason) in cases.items():
        _refused(_rewrite(good, tmp_path / f"{name}.dxdata", change), home, reason)


_OTHER = new_key_pair()


def _own_key() -> bytes:
    return _OTHER[0]


def test_unsigned_and_untrusted_packages_are_refused_by_default(tmp_path: Path) -> None:
    _refused(build_package(tmp_path / "unsigned.dxdata", key=None), tmp_path / "home", "署名がありません")
    stranger = load_private_key(_own_key())
    _refused(build_package(tmp_path / "stranger.dxdata", key=stranger), tmp_path / "home", "信頼する鍵のどれとも一致しません")


def test_a_key_it_places_is_trusted_and_removing_it_revokes_it(tmp_path: Path, machine_folder: Path) -> None:
    package = build_package(tmp_path / "p.dxdata", key=load_private_key(_own_key()))
    (machine_folder / "trusted-keys" / "city-it-2026.pem").write_bytes(_OTHER[1])
    (machine_folder / "trusted-keys" / "broken.pem").write_bytes(b"-----BEGIN PUBLIC KEY-----\nnot a key\n")
    assert install_package(package, tmp_path / "home").released == TOMORROW
    (machine_folder / "trusted-keys" / "city-it-2026.pem").unlink()  # rotation: the old key is taken away
    _refused(package, tmp_path / "home2", "信頼する鍵のどれとも一致しません")


@pytest.mark.parametrize("policy, allowed", [('{"allow_unsigned": true}', True), ('{"allow_unsigned": false}', False),
                                             ('{"allow_unsigned": "yes"}', False), ('[true]', False),
                                             ('{"allow_unsigned": true, "x": 1}', False), ("not json", False),
                                             ("[" * 100_000, False)])
def test_the_machine_policy_can_allow_unsigned_packages(policy: str, allowed: bool, tmp_path: Path,
                                                        machine_folder: Path) -> None:
    (machine_folder / "update-policy.json").write_text(policy, encoding="utf-8")
    package = build_package(tmp_path / "unsigned.dxdata", key=None)
    if allowed:
        assert install_package(package, tmp_path / "home").case_count == 78
    else:
        _refused(package, tmp_path / "home", "署名がありません")


def test_the_release_key_is_built_in() -> None:
    assert len(release_key().fingerprint.replace(" ", "")) == 64


@pytest.mark.skipif(shutil.which("git") is None, reason="lists the repository's files with git, which this machine "
                    "lacks (the Windows run under Wine; the Linux run checks it)")
def test_no_private_key_is_in_the_repository() -> None:
    tracked = subprocess.run(["git", "ls-files"], cwd=REPO, capture_output=True, text=True, check=True).stdout.split()
    for name in tracked:
        path = REPO / name
        if path.is_file() and path.stat().st_size < 5_000_000:
            assert b"PRIVATE KEY-----" not in path.read_bytes().replace(b'b"PRIVATE KEY-----"', b""), name


def _cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "dxreader.cli", *args], capture_output=True, text=True,
                          encoding="utf-8", cwd=cwd, timeout=180)


def test_keygen_pack_and_import_with_the_console_tool(tmp_path: Path, machine_folder: Path) -> None:
    made = _cli("data", "keygen", "test-release", cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    private, public = tmp_path / "test-release-private.pem", tmp_path / "test-release-public.pem"
    assert "公開鍵の指紋" in made.stdout
    if os.name == "posix":  # Windows has no file modes: there the user's folder (its ACL) keeps the key private
        assert stat.S_IMODE(private.stat().st_mode) == 0o600
    assert _cli("data", "keygen", "test-release", cwd=tmp_path).returncode == 1  # never overwrites a key
    unsigned = _cli("data", "pack", str(tmp_path / "u.dxdata"), cwd=tmp_path)
    assert unsigned.returncode == 1 and "--key" in unsigned.stderr and not (tmp_path / "u.dxdata").exists()
    packed = _cli("data", "pack", str(tmp_path / "s.dxdata"), "--key", str(private), "--released", TOMORROW, cwd=tmp_path)
    assert packed.returncode == 0 and "署名つき" in packed.stdout, packed.stderr
    home = ["--home", str(tmp_path / "home")]
    refused = _cli("data", "import", str(tmp_path / "s.dxdata"), *home, cwd=tmp_path)
    assert refused.returncode == 1 and "信頼する鍵" in refused.stderr
    (machine_folder / "trusted-keys" / public.name).write_bytes(public.read_bytes())
    accepted = _cli("data", "import", str(tmp_path / "s.dxdata"), *home, cwd=tmp_path)
    assert accepted.returncode == 0, accepted.stderr
    status = subprocess.run([sys.executable, "-m", "dxreader.cli", "data", "status"], capture_output=True, text=True,
                            encoding="utf-8", timeout=120, env={**os.environ, "DXREADER_HOME": str(tmp_path / "home")})
    assert status.returncode == 0 and "test-release-public.pem" in status.stdout and f"* {TOMORROW}" in status.stdout
    assert CONTEXT.startswith(b"dxreader-casebook-package-signature")
