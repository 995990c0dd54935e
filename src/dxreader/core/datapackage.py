"""The casebook data package: one ZIP file with a manifest, its signature and the casebook database, and its rules.

A package is read, never extracted by its own names: only the members named here are read, each into
memory or a private temp file, within the size limits here, and each member's SHA-256 must match the
manifest before anything parses it. No value read from a package ever names a file: the install folder is
derived from the release date and the casebook's SHA-256, both checked against strict patterns here.
This module holds the rules; storage.datapackage does the I/O."""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

FORMAT = "dxreader-casebook-package"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
SIGNATURE = "manifest.sig"  # Ed25519 over the manifest's exact bytes (core.package_signature)
CASEBOOK = "casebook.sqlite"
ALLOWED_MEMBERS = (MANIFEST, SIGNATURE, CASEBOOK)  # exact names: no folders, no other files
REQUIRED_MEMBERS = (MANIFEST, CASEBOOK)
MAX_PACKAGE_BYTES = 64 * 1024 * 1024
MAX_MEMBER_BYTES = {MANIFEST: 64 * 1024, SIGNATURE: 64, CASEBOOK: 64 * 1024 * 1024}
MAX_COMPRESSION_RATIO = 100  # a casebook compresses about 3:1; far more than this is a decompression bomb
MAX_FUTURE_DAYS = 1  # a release date may be at most one day after this PC's date (time zones, a late clock)
MAX_TEXT = 300  # characters in one manifest string
MAX_SOURCES = 100
MAX_CASES = 100_000
SUFFIX = ".dxdata"
# data_version is shown and stamped into the search index, never used as a file name; still kept plain.
DATA_VERSION = re.compile(r"[0-9A-Za-z][0-9A-Za-z_-]{0,63}")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_SHA256 = re.compile(r"[0-9a-f]{64}")
INSTALL_FOLDER = re.compile(r"\d{4}-\d{2}-\d{2}-[0-9a-f]{16}")  # released-<first 16 hex of the SHA-256>


class PackageRejected(Exception):
    """The package is not used; the message says why, in Japanese, for the person who chose the file."""


class OlderThanInUse(PackageRejected):
    """The package is valid but older than the casebook in use: installed only when asked explicitly."""

    def __init__(self, released: str, in_use: str) -> None:
        super().__init__(f"この更新ファイル（公開日 {released}）は、いま使われている事例データ（公開日 {in_use}）より"
                         f"古いため取り込みませんでした。新しいのは使用中のデータ（{in_use}）です。"
                         "古いデータを取り込む場合は、明示的に指定してください（dxreader-cli data import --allow-older）")
        self.released = released
        self.in_use = in_use


@dataclass(frozen=True)
class Manifest:
    data_version: str
    schema_version: int
    released: str  # YYYY-MM-DD: the newest valid casebook wins
    case_count: int
    sources: tuple[str, ...]  # the 出典 of each source document
    casebook_sha256: str
    casebook_size: int

    @property
    def install_folder(self) -> str:
        """The folder name under casebooks/: from validated values only, never from data_version."""
        name = f"{self.released}-{self.casebook_sha256[:16]}"
        if not INSTALL_FOLDER.fullmatch(name):  # parse_manifest guarantees it; a slip must not become a path
            raise PackageRejected("目録の値から取り込み先のフォルダ名を決められません")
        return name

    def to_json(self) -> bytes:
        body = {"format": FORMAT, "format_version": FORMAT_VERSION, "data_version": self.data_version,
                "schema_version": self.schema_version, "released": self.released, "case_count": self.case_count,
                "sources": list(self.sources),
                "members": {CASEBOOK: {"sha256": self.casebook_sha256, "size": self.casebook_size}}}
        return json.dumps(body, ensure_ascii=False, indent=2).encode("utf-8")


def _no_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    keys = [k for k, _ in pairs]
    if len(keys) != len(set(keys)):
        raise PackageRejected("目録（manifest.json）に同じ項目が重複しています")
    return dict(pairs)


def _reject_constant(name: str) -> None:
    raise PackageRejected(f"目録（manifest.json）に数値でない値「{name}」があります")


def _load_json(raw: bytes) -> Any:
    if len(raw) > MAX_MEMBER_BYTES[MANIFEST]:
        raise PackageRejected("目録（manifest.json）が大きすぎます")
    try:
        return json.loads(raw.decode("utf-8"), object_pairs_hook=_no_duplicate_keys, parse_constant=_reject_constant)
    except (UnicodeDecodeError, ValueError) as exc:  # ValueError: bad JSON, and integers too long to convert
        raise PackageRejected("目録（manifest.json）が読めません（JSONとして正しくありません）") from exc
    except RecursionError as exc:
        raise PackageRejected("目録（manifest.json）の入れ子が深すぎます") from exc


def plain_text(value: object, field: str, max_chars: int = MAX_TEXT) -> str:
    """A short single-line string with no control characters (NUL included)."""
    if type(value) is not str:
        raise PackageRejected(f"目録の項目「{field}」は文字列で書いてください")
    if not value.strip() or len(value) > max_chars:
        raise PackageRejected(f"目録の項目「{field}」が空か長すぎます（{max_chars}文字まで）")
    if any(unicodedata.category(ch) in ("Cc", "Cs") for ch in value):
        raise PackageRejected(f"目録の項目「{field}」に制御文字が含まれています")
    return value


def _integer(value: object, field: str, low: int, high: int) -> int:
    if type(value) is not int or not low <= value <= high:  # type(): true/false are not numbers here
        raise PackageRejected(f"目録の項目「{field}」は {low}〜{high} の整数で書いてください")
    return value


def check_release_date(released: str, today: date) -> str:
    """A real calendar date, at most MAX_FUTURE_DAYS after `today`."""
    if not _DATE.fullmatch(released):
        raise PackageRejected("目録の公開日（released）は YYYY-MM-DD で書いてください")
    try:
        day = date.fromisoformat(released)
    except ValueError as exc:
        raise PackageRejected(f"目録の公開日「{released}」は実在しない日付です") from exc
    if day > today + timedelta(days=MAX_FUTURE_DAYS):
        raise PackageRejected(f"目録の公開日「{released}」が未来すぎます（このPCの日付は {today.isoformat()}）")
    return released


def parse_manifest(raw: bytes, today: date) -> Manifest:
    """The manifest, checked field by field; PackageRejected (and nothing else) for anything malformed."""
    data = _load_json(raw)
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise PackageRejected("事例データの更新ファイルではありません（目録の形式が違います）")
    if data.get("format_version") != FORMAT_VERSION or type(data.get("format_version")) is not int:
        shown = str(data.get("format_version"))[:20]
        raise PackageRejected(f"更新ファイルの形式（版 {shown}）にこのプログラムは対応していません")
    expected = {"format", "format_version", "data_version", "schema_version", "released", "case_count", "sources",
                "members"}
    if set(data) != expected:
        unknown = sorted(set(data) ^ expected)[0]
        raise PackageRejected(f"目録の項目「{unknown[:40]}」がないか、知らない項目です")
    members = data["members"]
    if not isinstance(members, dict) or set(members) != {CASEBOOK}:
        raise PackageRejected("目録に事例データ（casebook.sqlite）の記載がありません")
    entry = members[CASEBOOK]
    if not (isinstance(entry, dict) and set(entry) == {"sha256", "size"} and type(entry["sha256"]) is str
            and _SHA256.fullmatch(entry["sha256"])):
        raise PackageRejected("目録の事例データの記載（SHA-256・大きさ）が正しくありません")
    size = _integer(entry["size"], "members.size", 1, MAX_MEMBER_BYTES[CASEBOOK])
    data_version = plain_text(data["data_version"], "data_version", 64)
    if not DATA_VERSION.fullmatch(data_version):
        raise PackageRejected("目録のデータ版（data_version）は英数字・-・_ だけで64文字までです")
    released = check_release_date(plain_text(data["released"], "released", 10), today)
    sources = data["sources"]
    if not isinstance(sources, list) or not 1 <= len(sources) <= MAX_SOURCES:
        raise PackageRejected("目録の出典一覧（sources）の形式が違います")
    return Manifest(data_version, _integer(data["schema_version"], "schema_version", 1, 10_000), released,
                    _integer(data["case_count"], "case_count", 1, MAX_CASES),
                    tuple(plain_text(s, "sources") for s in sources), entry["sha256"], size)
