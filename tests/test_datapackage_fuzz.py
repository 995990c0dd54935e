"""Property: whatever a package holds, an import either succeeds or is refused with a Japanese reason
(PackageRejected) that changed nothing on disk; no other exception ever escapes."""

from __future__ import annotations

import json
import re
import shutil
import tempfile
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dxreader.core.datapackage import CASEBOOK, MANIFEST, PackageRejected, parse_manifest
from dxreader.storage.datapackage import install_package
from tests.package_kit import COMMITTED_BYTES, build_package, machine_folder, manifest_for, snapshot  # noqa: F401

JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")
FIELDS = ["format", "format_version", "data_version", "schema_version", "released", "case_count", "sources", "members"]

json_values = st.recursive(
    st.none() | st.booleans() | st.integers(min_value=-(10**30), max_value=10**30) | st.floats(allow_nan=False)
    | st.text(max_size=40) | st.sampled_from(["\x00", "../backups", "C:\\x", "CON", "a" * 400, "2026-02-30"]),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4),
    max_leaves=12,
)


@st.composite
def mutated_manifests(draw: st.DrawFn) -> bytes:
    body: Any = manifest_for(COMMITTED_BYTES)
    kind = draw(st.sampled_from(["replace", "delete", "add", "nest", "list", "raw", "member"]))
    if kind == "replace":
        body[draw(st.sampled_from(FIELDS))] = draw(json_values)
    elif kind == "delete":
        del body[draw(st.sampled_from(FIELDS))]
    elif kind == "add":
        body[draw(st.text(max_size=20))] = draw(json_values)
    elif kind == "nest":
        depth = draw(st.integers(min_value=1, max_value=200_000))
        return b'{"format": ' + b"[" * depth + b"]" * depth + b"}"
    elif kind == "list":
        body = [body]
    elif kind == "member":
        body["members"][CASEBOOK][draw(st.sampled_from(["sha256", "size", "extra"]))] = draw(json_values)
    else:
        return draw(st.binary(max_size=300))
    return json.dumps(body, ensure_ascii=draw(st.booleans())).encode("utf-8")


def _assert_clean_outcome(package: Path, root: Path) -> None:
    home = root / "home"
    (home / "backups").mkdir(parents=True, exist_ok=True)
    (home / "userdata.sqlite").write_bytes(b"precious")
    before = snapshot(root)
    try:
        install_package(package, home)
    except PackageRejected as exc:
        assert JAPANESE.search(str(exc)), str(exc)
        assert snapshot(root) == before


SLOW = settings(deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


def _import_in_scratch(write: Callable[[Path], Path]) -> None:
    """Each example in its own folder (hypothesis runs many examples in one test call)."""
    root = Path(tempfile.mkdtemp())
    try:
        _assert_clean_outcome(write(root / "p.dxdata"), root)
    finally:
        shutil.rmtree(root)


@settings(SLOW, max_examples=60)
@given(raw=mutated_manifests())
def test_mutated_signed_manifests_import_cleanly_or_are_refused(raw: bytes) -> None:
    _import_in_scratch(lambda target: build_package(target, manifest=raw))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(raw=mutated_manifests())
def test_the_manifest_parser_only_ever_refuses_in_japanese(raw: bytes) -> None:
    from datetime import date

    try:
        parse_manifest(raw, date.today())
    except PackageRejected as exc:
        assert JAPANESE.search(str(exc))


_GOOD: dict[str, bytes] = {}


def _good_package_bytes() -> bytes:
    if not _GOOD:
        root = Path(tempfile.mkdtemp())
        _GOOD["bytes"] = build_package(root / "g.dxdata").read_bytes()
        shutil.rmtree(root)
    return _GOOD["bytes"]


@st.composite
def damaged_zips(draw: st.DrawFn) -> bytes:
    data = bytearray(_good_package_bytes())
    kind = draw(st.sampled_from(["flip", "truncate", "overwrite", "head-and-tail"]))
    # Most of a package is the compressed casebook; aim half the damage at the ZIP's headers and directory.
    where = st.integers(0, len(data) - 1) | st.integers(0, 400) | st.integers(len(data) - 400, len(data) - 1)
    if kind == "flip":
        for _ in range(draw(st.integers(1, 8))):
            data[draw(where)] ^= 1 << draw(st.integers(0, 7))
    elif kind == "truncate":
        del data[draw(where):]
    elif kind == "overwrite":
        at = draw(where)
        patch = draw(st.binary(min_size=1, max_size=16))
        data[at:at + len(patch)] = patch
    else:
        data = data[:draw(st.integers(0, 400))] + data[len(data) - draw(st.integers(0, 400)):]
    return bytes(data)


@settings(SLOW, max_examples=120)
@given(data=damaged_zips())
def test_damaged_packages_import_cleanly_or_are_refused(data: bytes) -> None:
    def write(target: Path) -> Path:
        target.write_bytes(data)
        return target

    _import_in_scratch(write)


def test_a_manifest_that_is_a_list_or_deeply_nested_is_refused_in_japanese(tmp_path: Path) -> None:
    for i, raw in enumerate([b"[]", b"[" * 100_000 + b"]" * 100_000, b'{"format": "\x00"}', b"1" * 5000, b"null",
                             json.dumps({**manifest_for(COMMITTED_BYTES), "case_count": 10**400}).encode()]):
        root = tmp_path / str(i)
        root.mkdir()
        _assert_clean_outcome(build_package(root / "p.dxdata", manifest=raw), root)
    assert MANIFEST == "manifest.json" and zipfile.is_zipfile(build_package(tmp_path / "ok.dxdata"))
