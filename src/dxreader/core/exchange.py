"""The versioned JSON file of the user's data: writing it, and validating a file before anything is imported."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import Any

from dxreader.core.userdata import (
    CASE_ID_RE, FOLDER_ID_RE, MAX_ANNOTATION_CHARS, MAX_ENTRIES, MAX_NAME_CHARS, MAX_NOTE_CHARS,
    MAX_TAGS_PER_BOOKMARK, Bookmark, Folder, Note, UserSnapshot, control_character,
)

FORMAT_NAME = "dxreader-userdata"
FORMAT_VERSION = 1
MAX_FILE_BYTES = 256 * 1024 * 1024
MAX_NUMBER_DIGITS = 18

_TOP_KEYS = {"format", "version", "exported_at", "app_version", "counts", "folders", "bookmarks", "notes"}
_FOLDER_KEYS = {"id", "name", "position"}
_BOOKMARK_KEYS = {"case_id", "title", "municipality", "annotation", "folder", "tags", "created_at", "updated_at"}
_NOTE_KEYS = {"case_id", "text", "revision", "created_at", "updated_at"}


class ImportRejected(ValueError):
    """The file cannot be imported; str() says why in Japanese, naming the entry where possible."""


def to_document(snapshot: UserSnapshot, exported_at: str, app_version: str) -> dict[str, Any]:
    return {
        "format": FORMAT_NAME,
        "version": FORMAT_VERSION,
        "exported_at": exported_at,
        "app_version": app_version,
        "counts": snapshot.counts(),
        "folders": [{"id": f.id, "name": f.name, "position": f.position} for f in snapshot.folders],
        "bookmarks": [
            {"case_id": b.case_id, "title": b.title, "municipality": b.municipality, "annotation": b.annotation,
             "folder": b.folder_id, "tags": list(b.tags), "created_at": b.created_at, "updated_at": b.updated_at}
            for b in snapshot.bookmarks
        ],
        "notes": [
            {"case_id": n.case_id, "text": n.text, "revision": n.revision,
             "created_at": n.created_at, "updated_at": n.updated_at}
            for n in snapshot.notes
        ],
    }


def to_json_bytes(snapshot: UserSnapshot, exported_at: str, app_version: str) -> bytes:
    return json.dumps(to_document(snapshot, exported_at, app_version), ensure_ascii=False, indent=1).encode("utf-8")


def _reject_number(text: str) -> Any:
    raise ImportRejected(f"数値「{text[:20]}」は使えません")


def _parse_int(text: str) -> int:
    if len(text.lstrip("-")) > MAX_NUMBER_DIGITS:
        raise ImportRejected(f"{len(text)}桁の数値があります（{MAX_NUMBER_DIGITS}桁まで）")
    return int(text)


def _object_without_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """json.loads keeps the last of two equal keys; which one a user meant is unknowable, so refuse."""
    obj: dict[str, Any] = {}
    for key, value in pairs:
        if key in obj:
            raise ImportRejected(f"同じ項目「{key[:40]}」が1つのまとまりの中に2回あります")
        obj[key] = value
    return obj


def load_json(data: bytes, limit: int = MAX_FILE_BYTES) -> Any:
    """Bytes → JSON value, with every way a file can be wrong turned into ImportRejected."""
    if len(data) > limit:
        raise ImportRejected(f"ファイルが大きすぎます（{len(data):,}バイト、上限 {limit:,}バイト）")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ImportRejected(f"文字コードがUTF-8ではありません（{exc.start}バイト目）") from None
    try:
        return json.loads(text, parse_int=_parse_int, parse_float=_reject_number, parse_constant=_reject_number,
                          object_pairs_hook=_object_without_duplicates)
    except json.JSONDecodeError as exc:
        where = "ファイルが途中で終わっています" if exc.pos >= len(text.rstrip()) else f"{exc.lineno}行{exc.colno}桁目"
        raise ImportRejected(f"JSONとして読めません（{where}）") from None
    except RecursionError:
        raise ImportRejected("入れ子が深すぎます（DX事例リーダーのファイルではありません）") from None


EARLIEST_DATE = date(2000, 1, 1)  # before the program and its data existed: a broken clock or a crafted file
FUTURE_SLACK = timedelta(days=2)  # another PC's clock may run a little ahead


def _checked_text(what: str, value: Any, limit: int, multiline: bool = False) -> str:
    if not isinstance(value, str):
        raise ImportRejected(f"{what} が文字列ではありません")
    if len(value) > limit:
        raise ImportRejected(f"{what} が長すぎます（{len(value):,}文字、上限 {limit:,}文字）")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate ("\ud800") is valid JSON but not text SQLite can store
        raise ImportRejected(f"{what} に不正な文字（サロゲート）があります") from None
    control = control_character(value, multiline)
    if control:
        raise ImportRejected(f"{what} に使えない制御文字（{control}）があります")
    return value


def checked_timestamp(what: str, value: str, today: date) -> str:
    """'' or a real ISO 8601 date and time (2026-02-30 and 25:00 are not) between 2000 and about today."""
    if not value:
        return value
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise ImportRejected(f"{what}「{value[:40]}」は日時として正しくありません") from None
    if not EARLIEST_DATE <= moment.date() <= today + FUTURE_SLACK:
        raise ImportRejected(f"{what}「{value[:40]}」はありえない日時です（{EARLIEST_DATE.year}年から今日までのはずです）")
    return value


class EntryChecker:
    """Type and size checks with the entry's position in the message."""

    def __init__(self, where: str, entry: Any, keys: set[str], required: set[str], today: date) -> None:
        self.where = where
        self.today = today
        if not isinstance(entry, dict):
            raise ImportRejected(f"{where}: オブジェクトではありません")
        unknown = sorted(set(entry) - keys)
        if unknown:
            raise ImportRejected(f"{where}: 不明な項目 {', '.join(unknown)[:100]}")
        missing = sorted(required - set(entry))
        if missing:
            raise ImportRejected(f"{where}: 必須項目 {', '.join(missing)} がありません")
        self.entry = entry

    def text(self, key: str, limit: int, default: str = "", nullable: bool = False, multiline: bool = False) -> Any:
        value = self.entry.get(key, None if nullable else default)
        if value is None and nullable:
            return None
        return _checked_text(f"{self.where}: {key}", value, limit, multiline)

    def timestamp(self, key: str) -> str:
        return checked_timestamp(f"{self.where}: {key}", self.text(key, 40), self.today)

    def ident(self, key: str, pattern: Any, nullable: bool = False) -> Any:
        value = self.text(key, 64, nullable=nullable)
        if value is not None and not pattern.fullmatch(value):
            raise ImportRejected(f"{self.where}: {key}「{value[:40]}」はIDの形式ではありません")
        return value

    def integer(self, key: str) -> int:
        value = self.entry.get(key, 0)
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise ImportRejected(f"{self.where}: {key} が0以上の整数ではありません")
        return value

    def tags(self, key: str) -> tuple[str, ...]:
        value = self.entry.get(key, [])
        if not isinstance(value, list) or len(value) > MAX_TAGS_PER_BOOKMARK:
            raise ImportRejected(f"{self.where}: {key} は{MAX_TAGS_PER_BOOKMARK}個までの文字列の配列です")
        return tuple(_checked_text(f"{self.where}: {key}", t, MAX_NAME_CHARS) for t in value)


def entry_list(document: dict[str, Any], key: str, label: str, limit: int = MAX_ENTRIES) -> list[Any]:
    value = document.get(key, [])
    if not isinstance(value, list):
        raise ImportRejected(f"{label}の一覧（{key}）が配列ではありません")
    if len(value) > limit:
        raise ImportRejected(f"{label}が多すぎます（{len(value):,}件、上限 {limit:,}件）")
    return value


def require_unique(items: list[Any], key: Callable[[Any], str], label: str) -> None:
    seen: set[str] = set()
    for i, item in enumerate(items, 1):
        k = key(item)
        if k in seen:
            raise ImportRejected(f"{label} {i}件目: ID「{k}」が重複しています")
        seen.add(k)


def check_header(document: Any, format_name: str, max_version: int, not_ours: str) -> int:
    """The format name and version every file of ours starts with; returns the version."""
    if not isinstance(document, dict) or document.get("format") != format_name:
        raise ImportRejected(not_ours)
    version = document.get("version")
    if isinstance(version, bool) or not isinstance(version, int):
        raise ImportRejected("ファイルの版（version）がありません")
    if version > max_version:
        raise ImportRejected(f"新しい版（{version}）のファイルです。このプログラムは版{max_version}まで読めます")
    if version < 1:
        raise ImportRejected(f"ファイルの版（{version}）が正しくありません")
    return version


def parse_document(document: Any, today: date | None = None) -> UserSnapshot:
    """Validate everything first; only a wholly valid file becomes a snapshot."""
    today = today or date.today()
    check_header(document, FORMAT_NAME, FORMAT_VERSION, "DX事例リーダーのしおり・メモのファイルではありません")
    EntryChecker("ファイル", document, _TOP_KEYS, {"format", "version"}, today).timestamp("exported_at")

    folders = []
    for i, raw in enumerate(entry_list(document, "folders", "フォルダ"), 1):
        c = EntryChecker(f"フォルダ {i}件目", raw, _FOLDER_KEYS, {"id", "name"}, today)
        folders.append(Folder(c.ident("id", FOLDER_ID_RE), c.text("name", MAX_NAME_CHARS), c.integer("position")))
    require_unique(folders, lambda f: f.id, "フォルダ")
    folder_ids = {f.id for f in folders}

    bookmarks = []
    for i, raw in enumerate(entry_list(document, "bookmarks", "しおり"), 1):
        c = EntryChecker(f"しおり {i}件目", raw, _BOOKMARK_KEYS, {"case_id"}, today)
        folder = c.ident("folder", FOLDER_ID_RE, nullable=True)
        if folder is not None and folder not in folder_ids:
            raise ImportRejected(f"しおり {i}件目: フォルダ「{folder}」がファイルの中にありません")
        bookmarks.append(Bookmark(
            case_id=c.ident("case_id", CASE_ID_RE), title=c.text("title", MAX_NAME_CHARS),
            municipality=c.text("municipality", MAX_NAME_CHARS),
            annotation=c.text("annotation", MAX_ANNOTATION_CHARS, multiline=True),
            folder_id=folder, tags=c.tags("tags"),
            created_at=c.timestamp("created_at"), updated_at=c.timestamp("updated_at"),
        ))
    require_unique(bookmarks, lambda b: b.case_id, "しおり")

    notes = []
    for i, raw in enumerate(entry_list(document, "notes", "メモ"), 1):
        c = EntryChecker(f"メモ {i}件目", raw, _NOTE_KEYS, {"case_id", "text"}, today)
        notes.append(Note(
            case_id=c.ident("case_id", CASE_ID_RE), text=c.text("text", MAX_NOTE_CHARS, multiline=True),
            revision=c.integer("revision"), created_at=c.timestamp("created_at"), updated_at=c.timestamp("updated_at"),
        ))
    require_unique(notes, lambda n: n.case_id, "メモ")
    return UserSnapshot(tuple(folders), tuple(bookmarks), tuple(notes))


def parse_import(data: bytes, today: date | None = None) -> UserSnapshot:
    return parse_document(load_json(data), today)
