"""Test kit for update packages: throwaway signing keys in a temp machine-wide folder, and hostile packages built by hand."""

from __future__ import annotations

import hashlib
import json
import os
import zipfile
from datetime import date, timedelta
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from dxreader.core.datapackage import CASEBOOK, MANIFEST, SIGNATURE
from dxreader.storage.casebook import SCHEMA_VERSION
from dxreader.core.package_signature import load_private_key, new_key_pair, sign_manifest
from tests.conftest import COMMITTED_DB, casebook_copy

TOMORROW = (date.today() + timedelta(days=1)).isoformat()  # newest allowed date: newer than the bundled data
COMMITTED_BYTES = COMMITTED_DB.read_bytes()


_TEST_KEY = new_key_pair()


def trusted_key() -> Ed25519PrivateKey:
    """The throwaway key every package here is signed with; its public half sits in the temp machine folder."""
    return load_private_key(_TEST_KEY[0])


@pytest.fixture(autouse=True)
def machine_folder(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A temp machine-wide data folder that trusts the test key (never the real ProgramData)."""
    machine = tmp_path_factory.mktemp("machine")
    (machine / "trusted-keys").mkdir()
    (machine / "trusted-keys" / "test.pem").write_bytes(_TEST_KEY[1])
    monkeypatch.setenv("DXREADER_MACHINE_DATA", str(machine))
    return machine


def manifest_for(db: bytes, **changes: object) -> dict[str, object]:
    body: dict[str, object] = {
        "format": "dxreader-casebook-package", "format_version": 1, "data_version": _data_version(db),
        "schema_version": SCHEMA_VERSION, "released": TOMORROW, "case_count": 78, "sources": ["総務省 自治体DX推進参考事例集"],
        "members": {CASEBOOK: {"sha256": hashlib.sha256(db).hexdigest(), "size": len(db)}},
    }
    body.update(changes)
    return body


def _data_version(db: bytes) -> str:
    import re

    found = re.search(rb"data_version([0-9a-zA-Z_-]{1,64})", db)
    return found.group(1).decode() if found else "a5e8cc55af05fe83"


def build_package(target: Path, db: bytes = COMMITTED_BYTES, manifest: dict[str, object] | bytes | None = None,
                  key: Ed25519PrivateKey | None | bool = True, extra: list[tuple[str | zipfile.ZipInfo, bytes]] = (),
                  **changes: object) -> Path:
    """A package as an attacker could write it: any manifest, signed by `key` (True: the trusted test key)."""
    raw = manifest if isinstance(manifest, bytes) else json.dumps(manifest or manifest_for(db, **changes),
                                                                  ensure_ascii=False).encode()
    signer = trusted_key() if key is True else key or None
    members: list[tuple[str | zipfile.ZipInfo, bytes]] = [(MANIFEST, raw)]
    if signer is not None:
        members.append((SIGNATURE, sign_manifest(raw, signer)))
    members.append((CASEBOOK, db))
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as z:
        for name, data in [*members, *extra]:
            z.writestr(name, data)
    return target


def modified_db(tmp_path: Path, *sql: str) -> bytes:
    return casebook_copy(tmp_path, *sql, name=f"modified-{os.urandom(4).hex()}.sqlite").read_bytes()


def snapshot(root: Path) -> dict[str, bytes | str]:
    """Every file and link under `root` with its bytes: to prove a refusal changed nothing."""
    found: dict[str, bytes | str] = {}
    for dirpath, dirnames, filenames in os.walk(root):
        for name in dirnames + filenames:
            path = Path(dirpath) / name
            rel = str(path.relative_to(root))
            if path.is_symlink():
                found[rel] = "link→" + os.readlink(path)
            elif path.is_file():
                found[rel] = path.read_bytes()
            else:
                found[rel] = "dir"
    return found
