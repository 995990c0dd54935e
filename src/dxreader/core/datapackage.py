"""The casebook data package: one ZIP file with a manifest and the casebook database, and its rules.

A package is read, never extracted by its own names: only the members named here are read, each into
memory or a private temp file, within the size limits here, and each member's SHA-256 must match the
manifest before anything parses it. This module holds the rules; storage.datapackage does the I/O."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

FORMAT = "dxreader-casebook-package"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
CASEBOOK = "casebook.sqlite"
ALLOWED_MEMBERS = (MANIFEST, CASEBOOK)  # exact names: no folders, no other files
MAX_PACKAGE_BYTES = 256 * 1024 * 1024
MAX_MEMBER_BYTES = {MANIFEST: 1024 * 1024, CASEBOOK: 512 * 1024 * 1024}
MAX_COMPRESSION_RATIO = 100  # a casebook compresses about 3:1; far more than this is a decompression bomb
SUFFIX = ".dxdata"
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_SHA256 = re.compile(r"^[0-9a-f]{64}$")


class PackageRejected(Exception):
    """The package is not used; the message says why, in Japanese, for the person who chose the file."""


@dataclass(frozen=True)
class Manifest:
    data_version: str
    schema_version: int
    released: str  # YYYY-MM-DD: the newest valid casebook wins
    case_count: int
    sources: tuple[str, ...]  # the 出典 of each source document
    members: dict[str, dict[str, Any]]  # name → {"sha256": hex, "size": bytes}

    def to_json(self) -> bytes:
        body = {"format": FORMAT, "format_version": FORMAT_VERSION, "data_version": self.data_version,
                "schema_version": self.schema_version, "released": self.released, "case_count": self.case_count,
                "sources": list(self.sources), "members": self.members}
        return json.dumps(body, ensure_ascii=False, indent=2).encode("utf-8")


def parse_manifest(raw: bytes) -> Manifest:
    """The manifest, checked field by field; PackageRejected for anything missing or malformed."""
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise PackageRejected("目録（manifest.json）が読めません") from exc
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise PackageRejected("事例データの更新ファイルではありません（目録の形式が違います）")
    if data.get("format_version") != FORMAT_VERSION:
        raise PackageRejected(f"更新ファイルの形式（版 {data.get('format_version')}）にこのプログラムは対応していません")
    members = data.get("members")
    if not isinstance(members, dict) or set(members) != {CASEBOOK}:
        raise PackageRejected("目録に事例データ（casebook.sqlite）の記載がありません")
    entry = members[CASEBOOK]
    if not (isinstance(entry, dict) and isinstance(entry.get("sha256"), str) and _SHA256.match(entry["sha256"])
            and isinstance(entry.get("size"), int) and 0 < entry["size"] <= MAX_MEMBER_BYTES[CASEBOOK]):
        raise PackageRejected("目録の事例データの記載（SHA-256・大きさ）が正しくありません")
    fields = (("data_version", str), ("schema_version", int), ("released", str), ("case_count", int),
              ("sources", list))
    for name, kind in fields:
        if not isinstance(data.get(name), kind):
            raise PackageRejected(f"目録の項目「{name}」がないか、形式が違います")
    if not _DATE.match(data["released"]):
        raise PackageRejected("目録の公開日（released）は YYYY-MM-DD で書いてください")
    if not all(isinstance(s, str) for s in data["sources"]):
        raise PackageRejected("目録の出典一覧（sources）の形式が違います")
    return Manifest(data["data_version"], data["schema_version"], data["released"], data["case_count"],
                    tuple(data["sources"]), {CASEBOOK: {"sha256": entry["sha256"], "size": entry["size"]}})
