"""Export and import of the user's data: exact round trip, hostile files refused with nothing changed,
property tests over the validator and the store, and the console commands IT uses to move a user."""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dxreader.cli import main as cli
from dxreader.core.exchange import FORMAT_NAME, MAX_FILE_BYTES, ImportRejected, parse_import
from dxreader.services.userdata import UserData
from dxreader.storage.userstore import InvalidUserInput
from tests.test_userdata_store import ODD_TEXTS


def _fill(data: UserData) -> None:
    folder = data.store.create_folder("窓口改革")
    data.store.create_folder("空のフォルダ")
    for i, (kind, text) in enumerate(sorted(ODD_TEXTS.items())):
        case_id = f"taisei-07400{i}"
        data.store.add_bookmark(case_id, f"題名 {kind}", "福島県西会津町")
        data.store.set_annotation(case_id, text)
        data.store.set_tags(case_id, [kind, "共通タグ"])
        data.store.set_folder(case_id, folder.id if i % 2 else None)
        data.store.save_note(case_id, text + "（メモ）")
        data.store.save_note(case_id, text + "（メモ改）")
    data.store.save_note("gone-123", "しおりのないメモ")


def test_import_of_an_export_reproduces_the_data_exactly(tmp_path: Path) -> None:
    with UserData.open(tmp_path / "a") as source, UserData.open(tmp_path / "b") as target:
        _fill(source)
        source.export_json(tmp_path / "export.json")
        result = target.import_file(tmp_path / "export.json", known_case_ids={"taisei-074000"})
        assert target.store.snapshot() == source.store.snapshot()
        assert result.report.added == {"folders": 2, "bookmarks": len(ODD_TEXTS), "notes": len(ODD_TEXTS) + 1}
        assert result.unknown_cases == len(ODD_TEXTS)  # kept, shown as missing
        again = target.import_file(tmp_path / "export.json")  # importing twice adds nothing
        assert target.store.snapshot() == source.store.snapshot()
        assert again.report.added == {"folders": 0, "bookmarks": 0, "notes": 0}


def test_import_merges_without_losing_either_side(tmp_path: Path) -> None:
    with UserData.open(tmp_path / "a") as other_pc, UserData.open(tmp_path / "b") as this_pc:
        other_pc.store.add_bookmark("taisei-074055", "題", "町")
        other_pc.store.set_tags("taisei-074055", ["他PC"])
        other_pc.store.save_note("taisei-074055", "他のPCで書いたメモ")
        this_pc.store.add_bookmark("taisei-074055", "題", "町")
        this_pc.store.set_tags("taisei-074055", ["このPC"])
        this_pc.store.save_note("taisei-074055", "このPCで書いたメモ")
        this_pc.store.save_note("taisei-070009", "このPCだけのメモ")
        result = this_pc.import_bytes(other_pc.export_bytes())
        note = this_pc.note("taisei-074055")
        assert note is not None and "他のPCで書いたメモ" in note.text and "このPCで書いたメモ" in note.text
        assert result.report.combined_notes == 1
        assert this_pc.bookmark("taisei-074055").tags == ("このPC", "他PC")  # type: ignore[union-attr]
        assert this_pc.note("taisei-070009").text == "このPCだけのメモ"  # type: ignore[union-attr]
        assert "両方の文章を残しました" in result.message()


def _doc(**overrides: object) -> bytes:
    doc: dict[str, object] = {"format": FORMAT_NAME, "version": 1, "folders": [], "bookmarks": [], "notes": []}
    doc.update(overrides)
    return json.dumps(doc, ensure_ascii=False).encode("utf-8")


VALID = _doc(bookmarks=[{"case_id": "taisei-074055", "title": "t", "municipality": "m"}])
HOSTILE = {
    "truncated": (VALID[: len(VALID) // 2], "途中で終わっています"),
    "not json": ("しおり,メモ\n1,2\n".encode("utf-8"), "JSONとして読めません"),
    "not utf-8": ("{\"format\": \"しおり\"}".encode("cp932"), "UTF-8ではありません"),
    "wrong format": (json.dumps({"bookmarks": []}).encode(), "ファイルではありません"),
    "json list": (b"[1, 2, 3]", "ファイルではありません"),
    "newer version": (_doc(version=99), "新しい版"),
    "no version": (json.dumps({"format": FORMAT_NAME}).encode(), "版"),
    "deeply nested": (b'{"format": "dxreader-userdata", "version": 1, "notes": ' + b"[" * 200_000 + b"]" * 200_000
                      + b"}", "入れ子が深すぎます"),
    "5000-digit number": (b'{"format":"dxreader-userdata","version":1,"x":' + b"9" * 5000 + b"}", "5000桁の数値"),
    "float": (b'{"format":"dxreader-userdata","version":1.5}', "数値"),
    "NaN": (b'{"format":"dxreader-userdata","version":NaN}', "数値"),
    "duplicate bookmarks": (_doc(bookmarks=[{"case_id": "taisei-1"}] * 3), "しおり 2件目: ID「taisei-1」が重複"),
    "duplicate notes": (_doc(notes=[{"case_id": "a1", "text": "x"}, {"case_id": "a1", "text": "y"}]), "重複"),
    "unknown folder": (_doc(bookmarks=[{"case_id": "taisei-1", "folder": "nope"}]), "フォルダ「nope」がファイルの中にありません"),
    "bad case id": (_doc(bookmarks=[{"case_id": "../../x"}]), "IDの形式ではありません"),
    "unknown field": (_doc(bookmarks=[{"case_id": "taisei-1", "evil": 1}]), "不明な項目 evil"),
    "wrong type": (_doc(notes=[{"case_id": "taisei-1", "text": 5}]), "text が文字列ではありません"),
    "lone surrogate": (b'{"format":"dxreader-userdata","version":1,"notes":[{"case_id":"a","text":"\\ud800"}]}',
                       "サロゲート"),
    "too many tags": (_doc(bookmarks=[{"case_id": "a", "tags": [str(i) for i in range(51)]}]), "50個まで"),
    "note too long": (_doc(notes=[{"case_id": "a", "text": "x" * 2_000_001}]), "長すぎます"),
    "bookmarks not a list": (_doc(bookmarks={"a": 1}), "配列ではありません"),
    "too many entries": (_doc(notes=[{"case_id": "a", "text": ""}] * 100_001), "多すぎます"),
    # json.loads would silently keep the last of two equal keys
    "duplicate key": (b'{"format":"dxreader-userdata","version":1,"notes":[{"case_id":"a","text":"x","text":"y"}]}',
                      "同じ項目「text」"),
    "duplicate top key": (b'{"format":"dxreader-userdata","version":1,"notes":[],"notes":[]}', "同じ項目「notes」"),
    "NUL in a note": (_doc(notes=[{"case_id": "a", "text": "前\u0000後"}]), "制御文字（U+0000）"),
    "escape in a comment": (_doc(bookmarks=[{"case_id": "a", "annotation": "\u001b[2J"}]), "制御文字（U+001B）"),
    "C1 in a note": (_doc(notes=[{"case_id": "a", "text": "\u0085"}]), "制御文字（U+0085）"),
    "line break in a title": (_doc(bookmarks=[{"case_id": "a", "title": "題\n偽の行"}]), "制御文字（U+000A）"),
    "bidi override in a tag": (_doc(bookmarks=[{"case_id": "a", "tags": ["\u202egnp.exe"]}]), "制御文字（U+202E）"),
    "tab in a folder name": (_doc(folders=[{"id": "f1", "name": "a\tb"}]), "制御文字（U+0009）"),
    "30 February": (_doc(notes=[{"case_id": "a", "text": "x", "created_at": "2026-02-30T10:00:00+09:00"}]),
                    "日時として正しくありません"),
    "hour 25": (_doc(bookmarks=[{"case_id": "a", "updated_at": "2026-01-01T25:00:00"}]), "日時として正しくありません"),
    "not a time": (_doc(exported_at="昨日"), "日時として正しくありません"),
    "year 9999": (_doc(notes=[{"case_id": "a", "text": "x", "updated_at": "9999-12-31T23:59:59+09:00"}]),
                  "ありえない日時"),
    "next year": (_doc(bookmarks=[{"case_id": "a", "created_at": f"{date.today().year + 1}-12-31T00:00:00"}]),
                  "ありえない日時"),
    "year 1": (_doc(bookmarks=[{"case_id": "a", "created_at": "0001-01-01T00:00:00"}]), "ありえない日時"),
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_import_is_refused_with_a_reason_and_changes_nothing(tmp_path: Path, name: str) -> None:
    content, reason = HOSTILE[name]
    with UserData.open(tmp_path / "home") as data:
        _fill(data)
        before = data.store.snapshot()
        with pytest.raises(ImportRejected) as info:
            data.import_bytes(content)
        assert reason in str(info.value)
        assert data.store.snapshot() == before


def test_repeated_imports_of_the_same_files_do_not_make_a_note_grow(tmp_path: Path) -> None:
    with UserData.open(tmp_path / "home") as data:
        data.store.save_note("taisei-074055", "このPCのメモ")
        sizes = []
        for i in range(30):  # three exports from other PCs, imported again and again, line endings varying
            text = f"他のPCのメモ {i % 3}\n二行目" if i % 2 else f"他のPCのメモ {i % 3}\r\n二行目  "
            data.import_bytes(_doc(notes=[{"case_id": "taisei-074055", "text": text}]))
            sizes.append(len(data.note("taisei-074055").text))  # type: ignore[union-attr]
        assert sizes[3:] == [sizes[2]] * 27
        text = data.note("taisei-074055").text  # type: ignore[union-attr]
        assert text.count("他のPCのメモ 1") == 1 and text.startswith("このPCのメモ")


def test_a_note_edited_and_imported_again_replaces_its_own_earlier_version(tmp_path: Path) -> None:
    with UserData.open(tmp_path / "home") as data:
        data.store.save_note("taisei-074055", "このPCのメモ")
        for i in range(20):  # the other PC keeps adding to its note and sends it over each day
            data.import_bytes(_doc(notes=[{"case_id": "taisei-074055", "text": "他のPC" + "、追記" * i}]))
        text = data.note("taisei-074055").text  # type: ignore[union-attr]
        assert text.startswith("このPCのメモ") and text.endswith("他のPC" + "、追記" * 19)
        assert text.count("―――") == 2  # one heading: the newer version took the older one's place


def test_unbounded_merging_is_refused_whole_with_a_clear_message(tmp_path: Path) -> None:
    from dxreader.core.userdata import MAX_MERGED_VERSIONS, MAX_NOTE_CHARS

    with UserData.open(tmp_path / "home") as data:
        data.store.save_note("taisei-074055", "このPCのメモ")
        for i in range(MAX_MERGED_VERSIONS - 1):
            data.import_bytes(_doc(notes=[{"case_id": "taisei-074055", "text": f"まったく別の文章その{i}"}]))
        data.store.save_note("taisei-070009", "長いメモ" * (MAX_NOTE_CHARS // 4 - 10))
        before = data.store.snapshot()
        too_many = _doc(bookmarks=[{"case_id": "taisei-000001"}],
                        notes=[{"case_id": "taisei-074055", "text": "もう一つ別の文章"}])
        with pytest.raises(ImportRejected, match=f"版がすでに{MAX_MERGED_VERSIONS}個"):
            data.import_bytes(too_many)
        too_long = _doc(bookmarks=[{"case_id": "taisei-000001"}],
                        notes=[{"case_id": "taisei-070009", "text": "別の長い文章" * 100}])
        with pytest.raises(ImportRejected, match="長さが上限を超えます"):
            data.import_bytes(too_long)
        assert data.store.snapshot() == before  # all or nothing: the bookmark in the same file was not added


def test_enormous_file_is_refused_before_it_is_read(tmp_path: Path) -> None:
    huge = tmp_path / "huge.json"
    with open(huge, "wb") as f:
        f.truncate(MAX_FILE_BYTES + 1)  # sparse: costs no disk
    with UserData.open(tmp_path / "home") as data:
        with pytest.raises(ImportRejected, match="大きすぎます"):
            data.import_file(huge)
        with pytest.raises(ImportRejected, match="読めません"):
            data.import_file(tmp_path / "does-not-exist.json")


def test_bookmark_csv_opens_in_excel_form_with_japanese_intact(tmp_path: Path) -> None:
    with UserData.open(tmp_path / "home") as data:
        _fill(data)
        data.export_csv(tmp_path / "b.csv")
        data.export_csv(tmp_path / "b-sjis.csv", "cp932")
        raw = (tmp_path / "b.csv").read_bytes()
        assert raw.startswith(b"\xef\xbb\xbf")
        rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
        assert rows[0][:3] == ["事例ID", "題名", "団体"]
        assert len(rows) == 1 + len(ODD_TEXTS)
        by_id = {r[0]: r for r in rows[1:]}
        assert by_id["taisei-074001"][3] == "窓口改革" and by_id["taisei-074001"][2] == "福島県西会津町"
        sjis = list(csv.reader(io.StringIO((tmp_path / "b-sjis.csv").read_bytes().decode("cp932"), newline="")))
        assert sjis[1][2] == "福島県西会津町"
        long_row = by_id[f"taisei-07400{sorted(ODD_TEXTS).index('1MB')}"]
        assert len(long_row[5]) <= 32_767 and long_row[5].endswith("以下省略。全文は画面またはJSON書き出しで確認できます）")
        html_row = by_id[f"taisei-07400{sorted(ODD_TEXTS).index('html')}"]
        assert html_row[5] == ODD_TEXTS["html"]


def test_spreadsheet_cells_are_never_formulas() -> None:
    from dxreader.core.spreadsheet import excel_cell, to_tsv

    assert excel_cell("=HYPERLINK(\"http://x\")") == "'=HYPERLINK(\"http://x\")"
    assert excel_cell("0241-45-4536") == "0241-45-4536"
    assert to_tsv(["a", "b"], [["x\ty", "複数\n行"]]) == 'a\tb\r\n"x\ty"\t"複数\n行"\r\n'


# --- property tests -------------------------------------------------------------------------------
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=30),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=4),
    max_leaves=25,
)
near_valid_entry = st.fixed_dictionaries(
    {"case_id": st.one_of(st.from_regex(r"[a-z0-9][a-z0-9-]{0,10}", fullmatch=True), st.text(max_size=5))},
    optional={"title": st.text(max_size=20), "annotation": st.text(max_size=50), "tags": st.lists(st.text(max_size=8)),
              "folder": st.none() | st.just("f1") | st.text(max_size=3), "text": st.text(max_size=50),
              "revision": st.integers(-2, 10**20)},
)
near_valid_doc = st.fixed_dictionaries(
    {"format": st.just(FORMAT_NAME), "version": st.integers(0, 2)},
    optional={"folders": st.lists(st.fixed_dictionaries({"id": st.just("f1"), "name": st.text(max_size=10)}),
                                  max_size=2),
              "bookmarks": st.lists(near_valid_entry, max_size=5), "notes": st.lists(near_valid_entry, max_size=5)},
)


@settings(max_examples=1500, deadline=None)
@given(st.one_of(st.binary(max_size=200), json_values.map(lambda v: json.dumps(v).encode()),
                 near_valid_doc.map(lambda v: json.dumps(v).encode())))
def test_validator_only_ever_accepts_or_rejects(data: bytes) -> None:
    try:
        snapshot = parse_import(data)
    except ImportRejected as exc:
        assert str(exc)
        return
    for b in snapshot.bookmarks:  # whatever it accepts is storable
        b.case_id.encode("utf-8")


@pytest.fixture(scope="module")
def shared_store(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    with UserData.open(tmp_path_factory.mktemp("prop")) as data:
        yield data


@settings(max_examples=1000, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(case_id=st.text(max_size=12), annotation=st.text(max_size=200), note=st.text(max_size=200),
       tags=st.lists(st.text(max_size=10), max_size=6), doc=near_valid_doc)
def test_store_round_trips_whatever_it_accepts(shared_store: UserData, case_id: str, annotation: str, note: str,
                                               tags: list[str], doc: dict) -> None:  # type: ignore[type-arg]
    store = shared_store.store
    try:
        store.add_bookmark(case_id, "題", "町")
        store.set_annotation(case_id, annotation)
        store.set_tags(case_id, tags)
        saved, _ = store.save_note(case_id, note)
    except InvalidUserInput:
        return
    assert store.bookmark(case_id).annotation == annotation  # type: ignore[union-attr]
    assert (saved.text if saved else "") == note
    before = store.snapshot()
    try:
        shared_store.import_bytes(json.dumps(doc).encode())
    except ImportRejected:
        assert store.snapshot() == before
    assert store.conn.execute("PRAGMA foreign_key_check").fetchall() == []


# --- console ---------------------------------------------------------------------------------------
def test_cli_moves_a_user_to_a_new_pc(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    old_pc, new_pc = tmp_path / "old", tmp_path / "new"
    with UserData.open(old_pc) as data:
        _fill(data)
        expected = data.store.snapshot()
    out = tmp_path / "移行.json"
    assert cli(["userdata", "export", str(out), "--home", str(old_pc)]) == 0
    assert f"メモ {len(ODD_TEXTS) + 1} 件" in capsys.readouterr().out
    assert cli(["userdata", "import", str(out), "--home", str(new_pc)]) == 0
    assert "取り込みました" in capsys.readouterr().out
    assert cli(["userdata", "check", "--home", str(new_pc), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["integrity"] == "ok" and report["counts"]["bookmarks"] == len(ODD_TEXTS)
    with UserData.open(new_pc) as data:
        assert data.store.snapshot() == expected
    out.write_bytes(out.read_bytes()[:-50])
    assert cli(["userdata", "import", str(out), "--home", str(new_pc)]) == 1
    assert "取り込めませんでした（何も変更していません）" in capsys.readouterr().err
