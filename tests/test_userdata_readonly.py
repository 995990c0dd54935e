"""A data folder the user cannot write to: bookmarks and notes can still be read and exported, every change
is refused in plain Japanese, nothing in the folder is written, and the window says so."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import tempfile
from datetime import datetime
from pathlib import Path

import pytest

from dxreader.services.userdata import UserData
from dxreader.storage.errors import ReadOnlyLocation
from tests.conftest import COMMITTED_DB

DAY1 = datetime(2026, 11, 1, 9, 0, 0)


def _folder_state(home: Path) -> dict[str, str]:
    """Every file but SQLite's shared-memory index and an empty log, which a reader may leave beside."""
    return {str(p.relative_to(home)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(home.rglob("*"))
            if p.is_file() and not p.name.endswith("-shm") and not (p.name.endswith("-wal") and not p.stat().st_size)}


def _home(tmp_path: Path, with_backup: bool = False) -> Path:
    home = tmp_path / "home"
    with UserData.open(home, now=DAY1) as data:
        data.store.add_bookmark("taisei-074055", "西会津町の事例", "福島県西会津町")
        data.store.set_annotation("taisei-074055", "読めるコメント")
        data.store.save_note("taisei-074055", "読めるメモ")
        if with_backup:
            data.daily_backup(DAY1)
    return home


def test_read_only_open_reads_exports_and_refuses_every_change(tmp_path: Path) -> None:
    home = _home(tmp_path)
    before = _folder_state(home)
    with UserData.open(home, read_only=True) as data:
        assert data.read_only and data.recovery.read_only
        assert "読み取り専用" in data.recovery.messages[0]
        assert data.bookmark("taisei-074055").annotation == "読めるコメント"  # type: ignore[union-attr]
        assert data.note("taisei-074055").text == "読めるメモ"  # type: ignore[union-attr]
        data.export_json(tmp_path / "export.json")
        data.export_csv(tmp_path / "export.csv")
        exported = json.loads((tmp_path / "export.json").read_text(encoding="utf-8"))
        assert exported["notes"][0]["text"] == "読めるメモ"
        assert "読めるコメント" in (tmp_path / "export.csv").read_text(encoding="utf-8-sig")
        changes = [
            lambda: data.store.save_note("taisei-074055", "書けないはず", 1),
            lambda: data.store.add_bookmark("taisei-070009", "題", "町"),
            lambda: data.store.remove_bookmark("taisei-074055"),
            lambda: data.store.set_annotation("taisei-074055", "書けない"),
            lambda: data.store.create_folder("書けない"),
            lambda: data.import_bytes((tmp_path / "export.json").read_bytes()),
        ]
        for change in changes:
            with pytest.raises(ReadOnlyLocation, match="読み取り専用で開いているため"):
                change()
        assert data.daily_backup(DAY1.replace(day=20)) == []  # no backup written into the folder
        assert data.note("taisei-074055").text == "読めるメモ"  # type: ignore[union-attr]
    assert _folder_state(home) == before


@pytest.mark.parametrize("where", ["every page but the first", "the header"])
def test_damaged_file_read_only_shows_the_backup_and_touches_nothing(tmp_path: Path, where: str) -> None:
    home = _home(tmp_path, with_backup=True)
    with UserData.open(home) as data:
        data.store.save_note("taisei-074055", "バックアップの後の版")
    path = home / "userdata.sqlite"
    damaged = bytearray(path.read_bytes())
    if where == "the header":
        damaged[:16] = b"not a database!!"
    for offset in range(4096, len(damaged), 4096) if where != "the header" else ():
        damaged[offset:offset + 64] = b"\xff" * 64
    path.write_bytes(bytes(damaged))
    before = _folder_state(home)
    with UserData.open(home, read_only=True) as data:
        assert data.recovery.outcome == "backup"
        assert "バックアップを表示しています" in data.recovery.messages[-1]
        assert data.note("taisei-074055").text == "読めるメモ"  # type: ignore[union-attr]
    assert _folder_state(home) == before  # not moved aside, not repaired: nothing written


UNPRIVILEGED_CHILD = """
import json, os, sys
from pathlib import Path
from dxreader.services.userdata import UserData  # import first: the interpreter may live in /root
from dxreader.storage.errors import ReadOnlyLocation
if os.geteuid() == 0:
    os.setgid(65534); os.setuid(65534)
home, out = Path(sys.argv[1]), Path(sys.argv[2])
with UserData.open(home) as d:  # no read_only flag: the program finds out by itself
    result = {"read_only": d.read_only, "note": d.note("taisei-074055").text, "messages": d.recovery.messages}
    d.export_json(out / "export.json")
    try:
        d.store.save_note("taisei-074055", "書けないはず", 1)
        result["save"] = "saved"
    except ReadOnlyLocation as exc:
        result["save"] = str(exc)
print(json.dumps(result, ensure_ascii=False))
"""


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX-only: makes the folder unwritable with file modes "
                    "(chmod) and drops root with setuid; Windows has ACLs and neither of these")
def test_unwritable_folder_opens_read_only_as_an_unprivileged_user(tmp_path: Path) -> None:
    # Root ignores file modes, so the child drops to an unprivileged user (nobody) when we are root.
    base = Path(tempfile.mkdtemp(prefix="dxro-"))
    home = _home(base)
    out = Path(tempfile.mkdtemp(prefix="dxro-out-"))
    os.chmod(base, 0o755)
    os.chmod(out, 0o777)
    before = _folder_state(home)
    for p in [home, *home.rglob("*")]:
        os.chmod(p, 0o555 if p.is_dir() else 0o444)
    try:
        result = subprocess.run([sys.executable, "-c", UNPRIVILEGED_CHILD, str(home), str(out)],
                                capture_output=True, text=True, encoding="utf-8", timeout=60)
        assert result.returncode == 0, result.stderr
        report = json.loads(result.stdout)
        assert report["read_only"] is True and report["note"] == "読めるメモ"
        assert "読み取り専用で開きました" in report["messages"][0]
        assert "読み取り専用で開いているため" in report["save"]
        assert json.loads((out / "export.json").read_text(encoding="utf-8"))["notes"][0]["text"] == "読めるメモ"
    finally:
        for p in [home, *home.rglob("*")]:
            os.chmod(p, 0o755 if p.is_dir() else 0o644)
    assert _folder_state(home) == before


def test_window_opened_read_only_says_so_and_still_shows_bookmarks(  # type: ignore[no-untyped-def]
        qtbot, tmp_path: Path, index_cache: Path) -> None:
    from dxreader.ui.app import build_reader

    home = _home(tmp_path)
    (home / "settings.ini").touch()  # the window's layout settings are not user data (Qt skips an unwritable one)
    before = _folder_state(home)
    reader = build_reader(COMMITTED_DB, home, index_cache, read_only=True)
    qtbot.addWidget(reader.window)
    try:
        window = reader.window
        window.show()
        assert window.read_only_notice.isVisible()
        assert "読み取り専用" in window.read_only_notice.text() and "読み取り専用" in window.windowTitle()
        assert window.bookmarks_model.case_ids() == ["taisei-074055"]
        window.open_case("taisei-074055")
        assert window.case_pane.note.toPlainText() == "読めるメモ"
        # nothing to type into that could not be kept: the note and the comment are shown read-only
        assert window.case_pane.note.isReadOnly() and window.case_pane.annotation.isReadOnly()
        window.case_pane.star.click()  # trying to remove the bookmark is refused, and the window says why
        assert "読み取り専用で開いているため" in window.statusBar().currentMessage()
        assert window.bookmarks_model.case_ids() == ["taisei-074055"]
        window.grab().save(str(tmp_path / "read-only.png"))
    finally:
        reader.close()
    after = _folder_state(home)
    assert after.pop("settings.ini") and before.pop("settings.ini") is not None
    assert after == before
