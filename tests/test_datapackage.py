"""Casebook updates as one file: packed from data/, verified before use, installed, chosen when newest.
Each hostile package is refused with a reason and changes nothing."""

from __future__ import annotations

import hashlib
import json
import os
import stat
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from dxreader.core.datapackage import CASEBOOK, MANIFEST, SIGNATURE, PackageRejected
from dxreader.storage.casebook import SCHEMA_VERSION
from dxreader.storage.casebook_choice import INSTALLED, candidates, open_best
from dxreader.storage.datapackage import install_package, pack
from tests.conftest import COMMITTED_DB, DATA, casebook_copy
from tests.package_kit import TOMORROW, machine_folder, trusted_key  # noqa: F401 (machine_folder: autouse fixture)
from tests.conftest import wait_for_search

CHILD_TABLES = ("case_sections", "case_sources", "case_costs", "case_schedule", "case_vendors", "case_contacts",
                "case_interview", "case_links", "case_awards")


@pytest.fixture(scope="module")
def good(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("pkg") / "update.dxdata"
    pack(COMMITTED_DB, out, TOMORROW, trusted_key())
    return out


def _used(home: Path) -> Path:
    choice = open_best(DATA, [home])
    choice.casebook.close()
    return choice.candidate.casebook


def _members(package: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(package) as z:
        return {name: z.read(name) for name in z.namelist()}


def _write_zip(target: Path, members: list[tuple[str | zipfile.ZipInfo, bytes]]) -> Path:
    """Members in this order; the manifest, when given, is signed with the trusted test key."""
    from dxreader.core.package_signature import sign_manifest

    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as z:
        for name, data in members:
            z.writestr(name, data)
            if name == MANIFEST:
                z.writestr(SIGNATURE, sign_manifest(data, trusted_key()))
    return target


def _manifest_for(db_bytes: bytes, **changes: object) -> bytes:
    manifest = json.loads(_members_cache["manifest"])
    manifest["members"][CASEBOOK] = {"sha256": hashlib.sha256(db_bytes).hexdigest(), "size": len(db_bytes)}
    manifest.update(changes)
    return json.dumps(manifest).encode()


def _signed_members(package: Path) -> list[tuple[str, bytes]]:
    return [(n, d) for n, d in _members(package).items() if n != SIGNATURE]


_members_cache: dict[str, bytes] = {}


@pytest.fixture(autouse=True)
def _manifest_template(good: Path) -> None:
    _members_cache["manifest"] = _members(good)[MANIFEST]


def _modified_casebook(tmp_path: Path, sql: list[str]) -> bytes:
    return casebook_copy(tmp_path, *sql, name="modified.sqlite").read_bytes()


def _assert_rejected(package: Path, home: Path, reason: str) -> None:
    with pytest.raises(PackageRejected, match=reason):
        install_package(package, home)
    assert not (home / INSTALLED).exists()  # nothing installed, no temp file or empty folder left behind


def test_pack_import_and_the_newest_wins(good: Path, tmp_path: Path) -> None:
    manifest = install_package(good, tmp_path / "home")
    assert manifest.case_count == 78 and manifest.released == TOMORROW
    assert any("総務省" in s for s in manifest.sources)
    sha = hashlib.sha256(COMMITTED_DB.read_bytes()).hexdigest()
    installed = tmp_path / "home" / INSTALLED / f"{TOMORROW}-{sha[:16]}"  # from validated values only
    assert sorted(p.name for p in installed.iterdir()) == [CASEBOOK, MANIFEST, SIGNATURE]
    assert (installed / MANIFEST).read_bytes() == _members(good)[MANIFEST]  # the signed bytes, kept as they were
    assert _used(tmp_path / "home") == installed / CASEBOOK
    assert [c.label for c in candidates(DATA, [tmp_path / "home"])][1] == "同梱データ"  # the fallback


def test_an_update_older_than_the_one_in_use_needs_an_explicit_request(good: Path, tmp_path: Path) -> None:
    home = tmp_path / "home"
    install_package(good, home)
    pack(COMMITTED_DB, tmp_path / "old.dxdata", "2000-01-01", trusted_key())
    before = sorted(p.name for p in (home / INSTALLED).iterdir())
    with pytest.raises(PackageRejected, match=f"公開日 2000-01-01.*公開日 {TOMORROW}.*新しいのは使用中のデータ（{TOMORROW}）"):
        install_package(tmp_path / "old.dxdata", home)
    assert sorted(p.name for p in (home / INSTALLED).iterdir()) == before
    old = install_package(tmp_path / "old.dxdata", home, allow_older=True)
    assert old.released == "2000-01-01" and _used(home).parent.name.startswith(TOMORROW)  # newest still wins


def test_an_update_older_than_the_bundled_data_is_refused_by_default(tmp_path: Path) -> None:
    pack(COMMITTED_DB, tmp_path / "old.dxdata", "2000-01-01", trusted_key())
    with pytest.raises(PackageRejected, match="より古いため"):
        install_package(tmp_path / "old.dxdata", tmp_path / "home")
    install_package(tmp_path / "old.dxdata", tmp_path / "home", allow_older=True)
    assert open_best(DATA, [tmp_path / "home"]).candidate.label == "同梱データ"


def test_an_installed_casebook_changed_afterwards_is_not_used(good: Path, tmp_path: Path) -> None:
    install_package(good, tmp_path / "home")
    (folder,) = (tmp_path / "home" / INSTALLED).iterdir()
    with (folder / CASEBOOK).open("r+b") as f:
        f.seek(5000)
        f.write(b"tampered")
    assert open_best(DATA, [tmp_path / "home"]).candidate.label == "同梱データ"


def test_path_escaping_names_are_refused(good: Path, tmp_path: Path) -> None:
    members = _members(good)
    for i, name in enumerate(("../casebook.sqlite", "/tmp/casebook.sqlite", "sub/casebook.sqlite",
                              "..\\casebook.sqlite", "CASEBOOK.SQLITE", "casebook.sqlite.", "C:\\casebook.sqlite")):
        bad = _write_zip(tmp_path / f"escape{i}.dxdata", [(MANIFEST, members[MANIFEST]), (name, members[CASEBOOK])])
        _assert_rejected(bad, tmp_path / "home", "許可されていないファイル")
    assert not (tmp_path / "casebook.sqlite").exists()


def test_links_are_refused(good: Path, tmp_path: Path) -> None:
    members = _members(good)
    link = zipfile.ZipInfo(CASEBOOK)
    link.external_attr = (stat.S_IFLNK | 0o777) << 16
    bad = _write_zip(tmp_path / "link.dxdata", [(MANIFEST, members[MANIFEST]), (link, b"/etc/passwd")])
    _assert_rejected(bad, tmp_path / "home", "リンク")


def test_a_decompression_bomb_is_refused_before_it_is_expanded(tmp_path: Path) -> None:
    zeros = bytes(64 * 1024 * 1024)
    bad = _write_zip(tmp_path / "bomb.dxdata", [(MANIFEST, _manifest_for(zeros)), (CASEBOOK, zeros)])
    assert bad.stat().st_size < 1024 * 1024
    _assert_rejected(bad, tmp_path / "home", "圧縮率が異常")


def test_a_tampered_member_is_refused(good: Path, tmp_path: Path) -> None:
    members = _members(good)
    db = bytearray(members[CASEBOOK])
    db[6000:6008] = b"tampered"
    bad = _write_zip(tmp_path / "tampered.dxdata", [(MANIFEST, members[MANIFEST]), (CASEBOOK, bytes(db))])
    _assert_rejected(bad, tmp_path / "home", "SHA-256が目録と一致しません")


def test_a_corrupt_database_is_refused(tmp_path: Path) -> None:
    garbage = b"SQLite format 3\x00" + os.urandom(200_000)
    bad = _write_zip(tmp_path / "corrupt.dxdata", [(MANIFEST, _manifest_for(garbage)), (CASEBOOK, garbage)])
    _assert_rejected(bad, tmp_path / "home", "壊れています|開けません")


def test_a_newer_schema_is_refused_with_advice(tmp_path: Path) -> None:
    newer = SCHEMA_VERSION + 1
    db = _modified_casebook(tmp_path, [f"UPDATE meta SET value = '{newer}' WHERE key = 'schema_version'"])
    bad = _write_zip(tmp_path / "newer.dxdata", [(MANIFEST, _manifest_for(db, schema_version=newer)), (CASEBOOK, db)])
    _assert_rejected(bad, tmp_path / "home", "新しい形式.*プログラムを更新")


def test_a_database_that_breaks_the_casebook_rules_is_refused(tmp_path: Path) -> None:
    db = _modified_casebook(tmp_path, ["UPDATE cases SET municipality = NULL, municipality_note = NULL WHERE id = 'taisei-074055'"])
    bad = _write_zip(tmp_path / "rules.dxdata", [(MANIFEST, _manifest_for(db)), (CASEBOOK, db)])
    _assert_rejected(bad, tmp_path / "home", "検査に失敗")


def test_other_broken_packages_are_refused(good: Path, tmp_path: Path) -> None:
    members = _members(good)
    home = tmp_path / "home"
    (tmp_path / "not-zip.dxdata").write_bytes(b"PK\x03\x04 not really a zip")
    _assert_rejected(tmp_path / "not-zip.dxdata", home, "ZIP形式ではありません")
    extra = _write_zip(tmp_path / "extra.dxdata", [*_signed_members(good), ("README.txt", b"hello")])
    _assert_rejected(extra, home, "含まれるファイルが多すぎます（4個）")
    stranger = _write_zip(tmp_path / "stranger.dxdata", [("README.txt", b"hello"), (MANIFEST, members[MANIFEST])])
    _assert_rejected(stranger, home, "許可されていないファイル「README.txt」")
    no_manifest = _write_zip(tmp_path / "nomanifest.dxdata", [(CASEBOOK, members[CASEBOOK])])
    _assert_rejected(no_manifest, home, "manifest.json」がありません")
    bad_json = _write_zip(tmp_path / "badjson.dxdata", [(MANIFEST, b"{not json"), (CASEBOOK, members[CASEBOOK])])
    _assert_rejected(bad_json, home, "目録")
    with pytest.warns(UserWarning, match="Duplicate name"):
        dup = _write_zip(tmp_path / "dup.dxdata", [*_signed_members(good), (CASEBOOK, b"second")])
    _assert_rejected(dup, home, "多すぎます")
    with pytest.warns(UserWarning, match="Duplicate name"):
        twice = _write_zip(tmp_path / "twice.dxdata", [(CASEBOOK, members[CASEBOOK]), (CASEBOOK, b"second")])
    _assert_rejected(twice, home, "重複")


def test_an_update_keeps_bookmarks_attached_and_shows_a_vanished_case_as_missing(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from dxreader.storage.casebook_choice import open_current
    from dxreader.ui.app import build_reader, fill_window
    from dxreader.ui.main_window import MainWindow
    from dxreader.ui.settings import ReaderSettings

    home = tmp_path / "home"
    gone, kept = "taisei-074055", "taisei-070009"
    reader = build_reader(COMMITTED_DB, home, tmp_path / "index")
    for case_id in (gone, kept):
        reader.user_data.bookmark_case(reader.window.catalog.get(case_id))
    reader.user_data.store.save_note(gone, "この事例のメモ", 0)
    reader.close()

    db = _modified_casebook(tmp_path, [f"DELETE FROM {t} WHERE case_id = '{gone}'" for t in CHILD_TABLES] + [
        f"DELETE FROM cases WHERE id = '{gone}'", "UPDATE meta SET value = 'test-update-1' WHERE key = 'data_version'"])
    (tmp_path / "new.sqlite").write_bytes(db)
    pack(tmp_path / "new.sqlite", tmp_path / "new.dxdata", TOMORROW, trusted_key())
    result = subprocess.run([sys.executable, "-m", "dxreader.cli", "data", "import", str(tmp_path / "new.dxdata"),
                             "--home", str(home)], capture_output=True, text=True, encoding="utf-8", timeout=120)
    assert result.returncode == 0, result.stderr
    os.environ["DXREADER_HOME"] = str(home)  # the autouse fixture restores it
    choice = open_current()
    assert choice.casebook.meta["data_version"] == "test-update-1" and not choice.passed_over

    window = MainWindow(ReaderSettings(home))
    qtbot.addWidget(window)
    updated = fill_window(window, choice.casebook, home, tmp_path / "index")
    try:
        assert window.catalog.get(gone) is None and len(window.catalog.cases()) == 77
        rows = {window.bookmarks_model.index(r, 0).data(): r for r in range(window.bookmarks_model.rowCount())}
        assert len(rows) == 2
        window.open_case(gone)
        shown = window.case_pane.view.toPlainText()
        assert "現在の事例データにありません" in shown and "CDO" in shown  # the title kept with the bookmark
        assert window.case_pane.note.toPlainText() == "この事例のメモ"
        window.search_box.insert("体制")
        window.run_search()
        wait_for_search(qtbot, window)
        assert 1 <= window.results_model.rowCount() < 77  # the index was rebuilt for the new data
    finally:
        updated.close()


def test_cli_refuses_a_bad_package_and_says_nothing_changed(tmp_path: Path) -> None:
    (tmp_path / "bad.dxdata").write_bytes(b"garbage")
    result = subprocess.run([sys.executable, "-m", "dxreader.cli", "data", "import", str(tmp_path / "bad.dxdata"),
                             "--home", str(tmp_path / "home")], capture_output=True, text=True, encoding="utf-8",
                            timeout=120)
    assert result.returncode == 1
    assert "取り込みませんでした（何も変更していません）" in result.stderr and "ZIP形式ではありません" in result.stderr


def test_menu_import_verifies_and_tells_the_user(open_reader, good: Path, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    from dxreader.ui import menus

    told: list[tuple[str, str]] = []
    monkeypatch.setattr(menus, "warn", lambda parent, title, text: told.append((title, text)))
    monkeypatch.setattr(menus, "inform", lambda parent, title, text: told.append((title, text)))
    window = open_reader().window
    assert window.actions["data_update"].text() == "事例データを更新(&U)…"
    (tmp_path / "bad.dxdata").write_bytes(b"garbage")
    assert menus.import_data_package(window, tmp_path / "bad.dxdata") is False
    assert told[-1][0] == "事例データを更新できませんでした" and "何も変更していません" in told[-1][1]
    assert menus.import_data_package(window, good) is True
    assert "次にDX事例リーダーを起動したときから" in told[-1][1]
    assert len(list((window.user_data.home / INSTALLED).iterdir())) == 1


def test_importing_the_same_package_twice_replaces_it(good: Path, tmp_path: Path) -> None:
    first = install_package(good, tmp_path / "home")
    second = install_package(good, tmp_path / "home")
    assert first == second
    assert [p.name for p in (tmp_path / "home" / INSTALLED).iterdir()] == [first.install_folder]


def test_a_folder_that_cannot_be_written_is_said_plainly(good: Path, tmp_path: Path) -> None:
    locked = tmp_path / "ProgramData"
    locked.mkdir()
    locked.chmod(stat.S_IRUSR | stat.S_IXUSR)
    try:
        if os.access(locked, os.W_OK):  # root ignores permissions: a file in the way fails the same step
            locked.chmod(stat.S_IRWXU)
            (locked / INSTALLED).write_text("not a folder")
        with pytest.raises(PackageRejected, match="取り込み先に書き込めません"):
            install_package(good, locked)
    finally:
        locked.chmod(stat.S_IRWXU)
