"""The source documents: their metadata (documents.json) and their text with corrections applied."""

from __future__ import annotations

import csv
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from dxreader.databuild.errors import BuildError


@dataclass(frozen=True)
class Document:
    key: str
    file: str
    title: str
    publisher: str
    date: str | None
    kind: str
    reuse: str
    sha256: str
    url: str | None = None  # the document's address, only where a source states it

    @property
    def citation(self) -> str:
        date = f"（{self.date}）" if self.date else ""
        return f"{self.publisher}「{self.title}」{date}"


@dataclass(frozen=True)
class Correction:
    document: str
    original: str
    corrected: str
    occurrences: int
    reason: str


def load_documents(sources_dir: Path) -> dict[str, Document]:
    """documents.json, keyed by document key, with each file's SHA-256."""
    meta_path = sources_dir / "documents.json"
    try:
        entries = json.loads(meta_path.read_text(encoding="utf-8"))["documents"]
    except (OSError, ValueError, KeyError) as exc:
        raise BuildError(f"資料一覧 {meta_path} を読めません: {exc}") from exc
    documents = {}
    for entry in entries:
        path = sources_dir / entry["file"]
        if not path.is_file():
            raise BuildError(f"資料ファイルがありません: {path}")
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        documents[entry["key"]] = Document(sha256=digest, **entry)
    return documents


def load_corrections(path: Path) -> list[Correction]:
    with path.open(encoding="utf-8", newline="") as f:
        return [
            Correction(r["document"], r["original"], r["corrected"], int(r["occurrences"]), r["reason"])
            for r in csv.DictReader(f)
        ]


def corrected_text(sources_dir: Path, document: Document, corrections: list[Correction]) -> str:
    """The document's text with each of its corrections applied; the file itself stays untouched.

    A correction must match exactly as often as it says, so one that no longer fits its
    source (after a source update) fails the build instead of silently doing nothing.
    """
    text = (sources_dir / document.file).read_text(encoding="utf-8")
    for c in corrections:
        if c.document != document.file:
            continue
        found = text.count(c.original)
        if found != c.occurrences:
            raise BuildError(
                f"訂正「{c.original}」→「{c.corrected}」は {document.file} に {c.occurrences} 回あるはずですが、"
                f"{found} 回見つかりました。corrections.csv を見直してください。"
            )
        text = text.replace(c.original, c.corrected)
    return text
