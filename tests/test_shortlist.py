"""Shortlists shared through a file server: a bookmark folder saved as a .dxlist file, opened by a colleague
(validated, read-only, nothing written beside it) and taken into their own bookmarks without touching their
own comments or notes. Real user-data files in tmp_path, the real casebook."""

from __future__ import annotations

import json
import os
import re
import sys
from datetime import datetime
from pathlib import Path

import pytest

from dxreader.core.exchange import ImportRejected
from dxreader.services.catalog import Catalog
from dxreader.services.shortlist import Shortlists
from dxreader.services.userdata import UserData
from dxreader.storage.shared_file import SharedFileError
from dxreader.storage.userstore import InvalidUserInput
from tests.unprivileged import give_to_unprivileged_user, make_read_only, run_unprivileged, shared_folder

NISHIAIZU, SHIOJIRI, YAMAGUCHI = "taisei-074055", "press-202151", "taisei-350001"


@pytest.fixture
def catalog(committed_casebook) -> Catalog:  # type: ignore[no-untyped-def]
    return Catalog(committed_casebook)


def _author_home(tmp_path: Path) -> Path:
    """The author's data: a folder 窓口DX with two commented bookmarks (one with a note), one bookmark outside."""
    home = tmp_path / "author"
    with UserData.open(home) as data:
        folder = data.store.create_folder("窓口DX")
        for case_id, comment in ((NISHIAIZU, "CDOの置き方が参考になる"), (SHIOJIRI, "=HYPERLINK(\"x\") 研修の進め方")):
            data.store.add_bookmark(case_id, f"題 {case_id}", "団体")
            data.store.set_annotation(case_id, comment)
            data.store.set_folder(case_id, folder.id)
        data.store.save_note(NISHIAIZU, "作成者のメモ: 電話済み")
        data.store.add_bookmark(YAMAGUCHI, "フォルダ外", "山口県")
    return home


def _share(tmp_path: Path, catalog: Catalog, include_notes: bool, target: Path | None = None) -> Path:
    target = target or tmp_path / "shared" / "窓口DX.dxlist"
    target.parent.mkdir(parents=True, exist_ok=True)
    with UserData.open(_author_home(tmp_path)) as data:
        lists = Shortlists(data, catalog)
        folder = lists.folder_named("窓口DX")
        lists.save(lists.make(folder.id, "窓口DX候補", "企画課 山田", include_notes,
                              now=datetime(2026, 11, 25, 10, 0)), target)
    return target


@pytest.mark.parametrize("include_notes", [False, True])
def test_a_folder_is_saved_with_its_comments_and_notes_only_when_asked(tmp_path: Path, catalog: Catalog,
                                                                        include_notes: bool) -> None:
    path = _share(tmp_path, catalog, include_notes)
    document = json.loads(path.read_text(encoding="utf-8"))
    assert document["format"] == "dxreader-shortlist" and document["version"] == 1
    assert document["title"] == "窓口DX候補" and document["author"] == "企画課 山田"
    assert document["created_at"].startswith("2026-11-25T10:00:00")
    assert document["casebook"] == {"data_version": catalog.casebook.meta["data_version"],
                                    "case_count": len(catalog.cases())}
    by_id = {c["case_id"]: c for c in document["cases"]}
    assert set(by_id) == {NISHIAIZU, SHIOJIRI}  # the folder only
    assert by_id[NISHIAIZU]["comment"] == "CDOの置き方が参考になる"
    notes = [c.get("note") for c in document["cases"] if c.get("note")]
    assert notes == (["作成者のメモ: 電話済み"] if include_notes else [])
    assert sorted(p.name for p in path.parent.iterdir()) == ["窓口DX.dxlist"]  # no temp or lock file left


def test_a_colleague_takes_cases_without_losing_their_own_comment_or_note(tmp_path: Path, catalog: Catalog) -> None:
    path = _share(tmp_path, catalog, include_notes=True)
    with UserData.open(tmp_path / "colleague") as data:
        data.store.add_bookmark(NISHIAIZU, "題", "福島県西会津町")
        data.store.set_annotation(NISHIAIZU, "自分のコメント")
        data.store.save_note(NISHIAIZU, "自分のメモ")
        own = data.store.create_folder("自分のフォルダ")
        data.store.set_folder(NISHIAIZU, own.id)
        lists = Shortlists(data, catalog)
        opened = lists.open(path)
        assert opened.notices() == [] and sorted(c.case_id for c in opened.shortlist.cases) == [SHIOJIRI, NISHIAIZU]
        result = lists.take(opened, new_folder="窓口DX候補")
        assert (result.added, result.extended, result.unchanged, result.left_out) == (1, 1, 0, 0)
        assert "フォルダ「窓口DX候補」に 1件を追加" in result.message() and "自分のメモは変更していません" in result.message()
        mine = data.bookmark(NISHIAIZU)
        assert mine is not None
        assert mine.annotation == ("自分のコメント\n\n――― 共有リスト「窓口DX候補」（企画課 山田・2026年11月25日）のコメント ―――\n"
                                   "CDOの置き方が参考になる\n\n――― 共有リスト「窓口DX候補」（企画課 山田・2026年11月25日）のメモ ―――\n"
                                   "作成者のメモ: 電話済み")
        assert data.note(NISHIAIZU).text == "自分のメモ"  # type: ignore[union-attr]
        assert data.note(SHIOJIRI) is None
        new = data.bookmark(SHIOJIRI)
        assert new is not None and new.title == catalog.get(SHIOJIRI).title and new.municipality == "長野県塩尻市"  # type: ignore[union-attr]
        assert new.annotation.startswith("――― 共有リスト「窓口DX候補」（企画課 山田・2026年11月25日）のコメント ―――\n=HYPERLINK")
        folder = next(f for f in data.store.folders() if f.name == "窓口DX候補")
        assert new.folder_id == folder.id and mine.folder_id == own.id  # a bookmark the user had stays where it was

        again = lists.take(opened, new_folder="窓口DX候補")  # the same list taken twice adds nothing
        assert (again.added, again.extended, again.unchanged) == (0, 0, 2)
        assert data.bookmark(NISHIAIZU).annotation == mine.annotation  # type: ignore[union-attr]
        assert [f.name for f in data.store.folders()] == ["自分のフォルダ", "窓口DX候補"]


def test_only_the_chosen_cases_are_taken_into_an_existing_folder(tmp_path: Path, catalog: Catalog) -> None:
    path = _share(tmp_path, catalog, include_notes=False)
    with UserData.open(tmp_path / "colleague") as data:
        own = data.store.create_folder("検討中")
        lists = Shortlists(data, catalog)
        result = lists.take(lists.open(path), [SHIOJIRI], folder_id=own.id)
        assert (result.added, result.folder) == (1, "検討中")
        assert [(b.case_id, b.folder_id) for b in data.bookmarks()] == [(SHIOJIRI, own.id)]


def _write_list(path: Path, **changes: object) -> Path:
    document: dict[str, object] = {
        "format": "dxreader-shortlist", "version": 1, "title": "候補", "author": "山田",
        "created_at": "2026-11-25T10:00:00+09:00", "casebook": {"data_version": "0123abcd", "case_count": 70},
        "cases": [{"case_id": NISHIAIZU, "title": "題", "municipality": "町", "comment": "コメント"}],
    }
    document.update(changes)
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    return path


def test_unknown_cases_and_another_casebook_are_reported_and_unknown_cases_left_out(tmp_path: Path,
                                                                                   catalog: Catalog) -> None:
    cases = [{"case_id": NISHIAIZU, "comment": "ある"}, {"case_id": "taisei-999999", "title": "消えた事例"}]
    path = _write_list(tmp_path / "list.dxlist", cases=cases)
    with UserData.open(tmp_path / "colleague") as data:
        lists = Shortlists(data, catalog)
        opened = lists.open(path)
        assert opened.unknown == ("taisei-999999",)
        first, second = opened.notices()
        assert "別の版の事例データ（版 0123abcd・70件）" in first
        assert f"お使いの事例データは版 {catalog.casebook.meta['data_version']}" in first
        assert "1件の事例はお使いの事例データにない" in second and "taisei-999999" in second
        result = lists.take(opened)
        assert (result.added, result.left_out) == (1, 1)
        assert [b.case_id for b in data.bookmarks()] == [NISHIAIZU]


HOSTILE = [
    ({"format": "dxreader-userdata"}, "共有リストのファイルではありません"),
    ({"version": 2}, "新しい版（2）"),
    ({"title": "  "}, "題名がありません"),
    ({"extra": 1}, "不明な項目 extra"),
    ({"cases": {"a": 1}}, "配列ではありません"),
    ({"cases": [{"case_id": "../../etc"}]}, "IDの形式ではありません"),
    ({"cases": [{"case_id": NISHIAIZU}, {"case_id": NISHIAIZU}]}, "重複しています"),
    ({"cases": [{"case_id": NISHIAIZU, "comment": "\x1b[31m"}]}, "制御文字（U+001B）"),
    ({"cases": [{"case_id": NISHIAIZU, "title": "a\u202eb"}]}, "制御文字（U+202E）"),
    ({"cases": [{"case_id": NISHIAIZU, "comment": 5}]}, "文字列ではありません"),
    ({"cases": [{"case_id": NISHIAIZU, "note": "x" * 2_000_001}]}, "長すぎます"),
    ({"cases": [{"case_id": f"c-{i}"} for i in range(5_001)]}, "多すぎます"),
    ({"casebook": {"data_version": "../x"}}, "IDの形式ではありません"),
    ({"created_at": "2026-02-30T10:00:00"}, "日時として正しくありません"),
]


@pytest.mark.parametrize(("changes", "message"), HOSTILE)
def test_a_hostile_or_wrong_file_is_refused_with_a_reason_and_changes_nothing(
        tmp_path: Path, catalog: Catalog, changes: dict[str, object], message: str) -> None:
    path = _write_list(tmp_path / "list.dxlist", **changes)
    with UserData.open(tmp_path / "colleague") as data:
        with pytest.raises(ImportRejected, match=re.escape(message)):
            Shortlists(data, catalog).open(path)
        assert data.store.counts() == {"folders": 0, "bookmarks": 0, "notes": 0}


@pytest.mark.parametrize(("content", "message"), [
    (b"\xff\xfe not utf-8", "UTF-8ではありません"), (b'{"format": "dxreader-shortlist", "version": 1,', "途中で終わって"),
    (b"[" * 100_000 + b"]" * 100_000, "入れ子が深すぎます"), (b'{"version": 1.5}', "数値「1.5」は使えません"),
])
def test_a_file_that_is_not_json_is_refused(tmp_path: Path, catalog: Catalog, content: bytes, message: str) -> None:
    path = tmp_path / "broken.dxlist"
    path.write_bytes(content)
    with UserData.open(tmp_path / "colleague") as data, pytest.raises(ImportRejected, match=message):
        Shortlists(data, catalog).open(path)


def test_a_file_over_the_size_limit_is_not_read(tmp_path: Path, catalog: Catalog,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("dxreader.services.shortlist.MAX_SHORTLIST_BYTES", 1_000)
    path = _write_list(tmp_path / "big.dxlist", author="x" * 150, cases=[{"case_id": NISHIAIZU, "comment": "y" * 2_000}])
    with UserData.open(tmp_path / "colleague") as data, pytest.raises(SharedFileError, match="大きすぎます"):
        Shortlists(data, catalog).open(path)


def test_missing_folder_title_or_empty_folder_is_said_plainly(tmp_path: Path, catalog: Catalog) -> None:
    with UserData.open(tmp_path / "home") as data:
        lists = Shortlists(data, catalog)
        with pytest.raises(InvalidUserInput, match="フォルダ「なし」がありません"):
            lists.folder_named("なし")
        empty = data.store.create_folder("空")
        with pytest.raises(InvalidUserInput, match="しおりがありません"):
            lists.make(empty.id, "題")
        with pytest.raises(InvalidUserInput, match="題名を入力"):
            lists.make(empty.id, "  ")


def _listing(folder: Path) -> dict[str, tuple[int, int]]:
    """Every entry with its size and modification time in nanoseconds, the folder itself included."""
    return {p.name: (p.stat().st_size, p.stat().st_mtime_ns) for p in [folder, *folder.iterdir()]}


def test_opening_and_taking_writes_nothing_beside_the_file(tmp_path: Path, catalog: Catalog) -> None:
    path = _share(tmp_path, catalog, include_notes=True)
    before = _listing(path.parent)
    with UserData.open(tmp_path / "colleague") as data:
        lists = Shortlists(data, catalog)
        lists.take(lists.open(path))
    assert _listing(path.parent) == before


def test_a_save_that_fails_leaves_the_old_list_whole_and_no_temporary_file(
        tmp_path: Path, catalog: Catalog, monkeypatch: pytest.MonkeyPatch) -> None:
    path = _share(tmp_path, catalog, include_notes=False)
    old = path.read_bytes()

    def busy(src: object, dst: object) -> None:
        raise PermissionError(13, "Permission denied")  # Windows: a colleague has the file open

    monkeypatch.setattr(os, "replace", busy)
    with UserData.open(_author_home(tmp_path / "again")) as data:
        lists = Shortlists(data, catalog)
        with pytest.raises(SharedFileError, match="ほかの人がこのファイルを開いています"):
            lists.save(lists.make(lists.folder_named("窓口DX").id, "新しい題"), path)
    assert path.read_bytes() == old and sorted(p.name for p in path.parent.iterdir()) == ["窓口DX.dxlist"]


CHILD = """
data = UserData.open(Path(sys.argv[2]))
lists = Shortlists(data, Catalog(Casebook(Path(sys.argv[3]))))
opened = lists.open(Path(sys.argv[1]))
print(json.dumps({"taken": lists.take(opened).message(), "cases": len(opened.shortlist.cases)}, ensure_ascii=False))
"""


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX-only: makes the shared folder read-only with file "
                    "modes and runs the colleague as another POSIX user (the listing test above runs everywhere)")
def test_opened_from_a_read_only_shared_folder_as_an_unprivileged_user(tmp_path: Path, catalog: Catalog) -> None:
    from tests.conftest import COMMITTED_DB

    with shared_folder() as base:
        share = base / "共有"
        path = _share(tmp_path, catalog, include_notes=True, target=share / "窓口DX.dxlist")
        home = base / "home"
        home.mkdir()
        give_to_unprivileged_user(home)
        make_read_only(share)
        before = _listing(share)
        result = run_unprivileged(
            "import encodings.utf_8_sig, fcntl, json, sqlite3, sys\nfrom pathlib import Path\nfrom dxreader.services.catalog import Catalog\n"
            "from dxreader.services.shortlist import Shortlists\nfrom dxreader.services.userdata import UserData\n"
            "from dxreader.storage.casebook import Casebook", CHILD, str(path), str(home), str(COMMITTED_DB))
        assert result.returncode == 0, result.stderr
        report = json.loads(result.stdout)
        assert report["cases"] == 2 and "2件を追加" in report["taken"]
        assert _listing(share) == before
        assert not os.access(share, os.W_OK) or os.geteuid() == 0  # the folder really is read-only to users
