"""The Whoosh index of the casebook: schema, Japanese tokenizer, build, stamp, and where it lives.

A prebuilt index shipped beside the database is used as is when its stamp (the database's data
version and the analyser's version) matches; otherwise one is built into the per-user cache
folder, never into the install folder, which may be read-only.
"""

from __future__ import annotations

import json
import shutil
import tempfile
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from whoosh import index as whoosh_index
from whoosh.analysis import Token as WhooshToken
from whoosh.analysis import Tokenizer
from whoosh.fields import ID, STORED, TEXT, Schema

from dxreader.core.analysis import ANALYZER_VERSION, normalize, token_texts, tokens
from dxreader.core.model import Case
from dxreader.core.searchdoc import FIELD_SEPARATOR, FIELD_WEIGHTS, searchable_fields
from dxreader.storage.errors import StorageError

STAMP_FILE = "dxreader-stamp.json"
INDEX_NAME = "cases"
Progress = Callable[[int, int], None]  # (done, total)


class JapaneseTokenizer(Tokenizer):  # type: ignore[misc]
    """Whoosh side of core.analysis: normalise, then words, CJK bigrams and unigrams."""

    def __call__(self, value: str, positions: bool = False, chars: bool = False, keeporiginal: bool = False,
                 removestops: bool = True, start_pos: int = 0, start_char: int = 0, mode: str = "",
                 **kwargs: Any) -> Iterator[WhooshToken]:
        token = WhooshToken(positions, chars, removestops=removestops, mode=mode, **kwargs)
        if not positions and not chars:  # what the index's frequency postings ask for: texts only, made faster
            for text in token_texts(normalize(value)):
                token.text, token.boost, token.stopped = text, 1.0, False
                yield token
            return
        for t in tokens(normalize(value)):
            token.text = t.text
            token.boost = 1.0
            token.stopped = False
            if positions:
                token.pos = start_pos + t.position
            if chars:
                token.startchar, token.endchar = start_char + t.start, start_char + t.end
            yield token


def schema() -> Schema:
    analyzer = JapaneseTokenizer()
    fields: dict[str, Any] = {
        name: TEXT(analyzer=analyzer, phrase=False, field_boost=weight) for name, weight in FIELD_WEIGHTS.items()
    }
    # The whole normalised searchable text, read back to verify candidates exactly (core.analysis).
    return Schema(id=ID(stored=True, unique=True), norm=STORED, **fields)


def searchable_norm(fields: dict[str, str]) -> str:
    return FIELD_SEPARATOR.join(normalize(text) for text in fields.values())


def stamp_for(data_version: str) -> dict[str, str]:
    return {"data_version": data_version, "analyzer_version": ANALYZER_VERSION}


def read_stamp(index_dir: Path) -> dict[str, str] | None:
    try:
        return json.loads((index_dir / STAMP_FILE).read_text(encoding="utf-8"))  # type: ignore[no-any-return]
    except (OSError, ValueError):
        return None


def build_index(cases: Iterable[Case], data_version: str, target: Path, progress: Progress | None = None) -> Path:
    """Write a complete, stamped index into `target` (replaced as a whole only when done)."""
    cases = list(cases)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=".index-", dir=target.parent))
    try:
        ix = whoosh_index.create_in(str(tmp), schema(), indexname=INDEX_NAME)
        writer = ix.writer(limitmb=256)
        for done, case in enumerate(cases, start=1):
            fields = searchable_fields(case)
            writer.add_document(id=case.id, norm=searchable_norm(fields), **fields)
            if progress:
                progress(done, len(cases))
        writer.commit(optimize=True)
        ix.close()
        (tmp / STAMP_FILE).write_text(json.dumps(stamp_for(data_version)), encoding="utf-8")
        if target.exists():
            shutil.rmtree(target)
        tmp.rename(target)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return target


def open_index(index_dir: Path) -> whoosh_index.Index:
    try:
        return whoosh_index.open_dir(str(index_dir), indexname=INDEX_NAME, readonly=True)
    except Exception as exc:  # whoosh raises several unrelated types for a damaged index
        raise StorageError(f"検索索引を開けません: {index_dir}") from exc


def open_if_current(index_dir: Path, data_version: str, expected_cases: int) -> whoosh_index.Index | None:
    """The index in `index_dir` if it is stamped for this data, opens, and holds every case; else None."""
    if read_stamp(index_dir) != stamp_for(data_version):
        return None
    try:
        ix = open_index(index_dir)
    except StorageError:
        return None
    if ix.doc_count() == expected_cases:
        return ix
    ix.close()
    return None


def open_current_index(data_version: str, bundled: Path, cache: Path, cases: Callable[[], Iterable[Case]],
                       progress: Progress | None = None) -> whoosh_index.Index:
    """The index to search: the bundled one if current, else the cached one if current, else a new one
    built in the cache. One that is stale, unreadable or holds the wrong number of cases is passed over."""
    expected = len(list(cases()))
    for candidate in (bundled, cache):
        ix = open_if_current(candidate, data_version, expected)
        if ix is not None:
            return ix
    try:
        return open_index(build_index(cases(), data_version, cache, progress))
    except OSError as exc:
        raise StorageError(f"検索索引を作れません（{cache}）: {exc.strerror or exc}") from exc
