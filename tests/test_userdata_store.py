"""The user-data store on real SQLite files: settings, every kind of change, odd text, full disk, read-only."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from dxreader.core.userdata import MAX_NOTE_CHARS
from dxreader.services.userdata import UserData
from dxreader.storage.errors import DiskFull, ReadOnlyLocation
from dxreader.storage.userstore import InvalidUserInput

ODD_TEXTS = {
    "1MB": "長い文章。" * 200_000,
    "emoji": "👨‍👩‍👧‍👦 家族 🇯🇵 🎉",
    "control": "a\tb\x0bc\x0cd\r\ne\rf\n",  # the controls a pasted text may carry; see test_stray_controls_…
    "rtl": "\u202eشكرا\u202c עברית mixed 日本語",
    "html": "<script>alert(1)</script><b>太字</b>&amp; <img src=\"http://example.com/x.png\">",
    "empty": "",
    "combining": "か\u3099が\ufe0f",
}


@pytest.fixture
def data(tmp_path: Path):  # type: ignore[no-untyped-def]
    with UserData.open(tmp_path / "home") as d:
        yield d


def test_connection_uses_the_stated_durability_settings(data: UserData) -> None:
    conn = data.store.conn
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert conn.execute("PRAGMA busy_timeout").fetchone()[0] >= 5000
    assert conn.execute("PRAGMA trusted_schema").fetchone()[0] == 0
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 2


def test_bookmark_annotation_folder_tags_and_note(data: UserData, cases) -> None:  # type: ignore[no-untyped-def]
    case = cases["taisei-074055"]
    b = data.bookmark_case(case)
    assert (b.title, b.municipality) == (case.title, "福島県西会津町")
    data.store.set_annotation(case.id, "窓口改革の参考")
    folder = data.store.create_folder("  窓口 　改革 ")
    assert folder.name == "窓口 改革"
    data.store.set_folder(case.id, folder.id)
    data.store.set_tags(case.id, ["書かない窓口", " 書かない窓口 ", "", "電話"])
    again = data.bookmark_case(case)  # bookmarking twice keeps what the user added
    assert again.annotation == "窓口改革の参考"
    assert again.folder_id == folder.id
    assert again.tags == ("書かない窓口", "電話")
    data.store.delete_folder(folder.id)  # the bookmark stays, outside any folder
    assert data.bookmark(case.id).folder_id is None  # type: ignore[union-attr]
    note, merged = data.store.save_note(case.id, "一行目\n二行目", 0)
    assert note is not None and note.revision == 1 and not merged
    data.store.remove_bookmark(case.id)
    assert data.bookmark(case.id) is None
    assert data.note(case.id).text == "一行目\n二行目"  # type: ignore[union-attr]  # a note is not a bookmark
    assert data.store.save_note(case.id, "", note.revision) == (None, False)
    assert data.note(case.id) is None


@pytest.mark.parametrize("text", ["a\x00b", "色\x1b[31m赤", "\x07", "DEL\x7f", "C1\x9b"])
def test_stray_controls_are_refused_by_the_store_as_by_an_import(data: UserData, text: str) -> None:
    data.store.add_bookmark("taisei-074055", "題", "町")
    with pytest.raises(InvalidUserInput, match="制御文字"):
        data.store.save_note("taisei-074055", text)
    with pytest.raises(InvalidUserInput, match="制御文字"):
        data.store.set_annotation("taisei-074055", text)
    with pytest.raises(InvalidUserInput, match="制御文字"):
        data.store.set_tags("taisei-074055", [text])
    assert data.note("taisei-074055") is None
    assert data.bookmark("taisei-074055").annotation == ""  # type: ignore[union-attr]


@pytest.mark.parametrize("kind", sorted(ODD_TEXTS))
def test_odd_text_is_stored_exactly(tmp_path: Path, kind: str) -> None:
    text = ODD_TEXTS[kind]
    with UserData.open(tmp_path / "home") as data:
        data.store.add_bookmark("taisei-074055", "題", "町")
        data.store.set_annotation("taisei-074055", text)
        data.store.save_note("taisei-074055", text, 0)
    with UserData.open(tmp_path / "home") as data:  # read back from disk, not from a cache
        assert data.bookmark("taisei-074055").annotation == text  # type: ignore[union-attr]
        note = data.note("taisei-074055")
        assert (note.text if note else "") == text


def test_values_over_the_limit_are_refused_and_change_nothing(data: UserData) -> None:
    data.store.save_note("taisei-074055", "元のメモ", 0)
    with pytest.raises(InvalidUserInput, match="長すぎます"):
        data.store.save_note("taisei-074055", "x" * (MAX_NOTE_CHARS + 1), 1)
    with pytest.raises(InvalidUserInput, match="事例ID"):
        data.store.save_note("../../etc/passwd", "x")
    with pytest.raises(InvalidUserInput, match="しおりに登録されていません"):
        data.store.set_annotation("taisei-070009", "x")
    assert data.note("taisei-074055").text == "元のメモ"  # type: ignore[union-attr]


def test_two_windows_editing_one_note_keep_both_texts(tmp_path: Path) -> None:
    home = tmp_path / "home"
    with UserData.open(home) as first, UserData.open(home) as second:
        base, _ = first.store.save_note("taisei-074055", "最初の文", 0)
        assert base is not None
        first.store.save_note("taisei-074055", "最初の文。窓口Aで追記", base.revision)
        merged_note, merged = second.store.save_note("taisei-074055", "最初の文。窓口Bで追記", base.revision)
        assert merged and merged_note is not None
        assert "窓口Aで追記" in merged_note.text and "窓口Bで追記" in merged_note.text
        assert first.note("taisei-074055") == merged_note


def _writer(home: str, prefix: str, count: int) -> None:
    from dxreader.services.userdata import UserData as U

    with U.open(Path(home)) as d:
        for i in range(count):
            d.store.add_bookmark(f"{prefix}-{i}", f"題{i}", "町")
            d.store.save_note(f"{prefix}-{i}", f"{prefix} のメモ {i}")


def test_two_processes_writing_at_once_lose_nothing(tmp_path: Path) -> None:
    home = tmp_path / "home"
    UserData.open(home).close()
    code = "import sys; from tests.test_userdata_store import _writer; _writer(sys.argv[1], sys.argv[2], 150)"
    root = Path(__file__).resolve().parents[1]
    procs = [subprocess.Popen([sys.executable, "-c", code, str(home), p], cwd=root) for p in ("aa", "bb")]
    assert [p.wait(timeout=120) for p in procs] == [0, 0]
    with UserData.open(home) as data:
        assert data.store.counts()["bookmarks"] == 300
        assert data.store.counts()["notes"] == 300
        assert data.check()["integrity"] == "ok"


def test_full_disk_gives_a_clear_message_and_keeps_what_was_saved(data: UserData) -> None:
    data.store.save_note("taisei-074055", "保存済みのメモ", 0)
    page_count = data.store.conn.execute("PRAGMA page_count").fetchone()[0]
    data.store.conn.execute(f"PRAGMA max_page_count = {page_count + 2}")  # the disk is now full
    with pytest.raises(DiskFull, match="ディスクの空き容量"):
        data.store.save_note("taisei-070009", "大きなメモ" * 100_000, 0)
    assert data.note("taisei-070009") is None
    assert data.note("taisei-074055").text == "保存済みのメモ"  # type: ignore[union-attr]
    assert data.check()["integrity"] == "ok"


READ_ONLY_CHILD = """
import os, sys
from pathlib import Path
from dxreader.services.userdata import UserData  # import first: the interpreter may live in /root
from dxreader.storage.errors import ReadOnlyLocation
os.setgid(65534); os.setuid(65534)
home = Path(sys.argv[1])
try:
    with UserData.open(home) as d:
        assert d.note("taisei-074055").text == "読めるメモ"
        d.store.save_note("taisei-074055", "書けないはず", 1)
except ReadOnlyLocation as exc:
    print("READONLY", exc)
"""


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX file modes (chmod 0o555) and dropping root (geteuid)")
def test_read_only_data_folder_gives_a_clear_message(tmp_path: Path) -> None:
    # Root ignores file modes, so the check runs as an unprivileged user when we are root.
    base = Path(tempfile.mkdtemp(prefix="dxro-"))
    home = base / "home"
    with UserData.open(home) as data:
        data.store.save_note("taisei-074055", "読めるメモ", 0)
    os.chmod(base, 0o755)
    for p in [home, *home.rglob("*")]:
        os.chmod(p, 0o555 if p.is_dir() else 0o444)
    try:
        if os.geteuid() == 0:
            result = subprocess.run([sys.executable, "-c", READ_ONLY_CHILD, str(home)],
                                    capture_output=True, text=True, encoding="utf-8", timeout=60)
            output = result.stdout + result.stderr
        else:
            try:
                with UserData.open(home) as d:
                    d.store.save_note("taisei-074055", "書けないはず", 1)
                output = "no error"
            except ReadOnlyLocation as exc:
                output = f"READONLY {exc}"
        assert "READONLY" in output and "書き込めません" in output, output
    finally:
        for p in [home, *home.rglob("*")]:
            os.chmod(p, 0o755 if p.is_dir() else 0o644)
    with UserData.open(home) as data:
        assert data.note("taisei-074055").text == "読めるメモ"  # type: ignore[union-attr]
    assert not list(home.glob("*.corrupt-*")), "a read-only folder is not a corrupt file"


def test_network_home_is_warned_about(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from dxreader.paths import is_network_path

    assert is_network_path(Path("//fileserver/share/dxreader"))
    assert not is_network_path(tmp_path)
    import dxreader.services.userdata as module

    monkeypatch.setattr(module, "is_network_path", lambda p: True)
    with UserData.open(tmp_path / "home") as data:
        assert any("ネットワーク" in w for w in data.warnings)
