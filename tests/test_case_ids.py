"""Stable case IDs: same after a rebuild, a re-ordering of sources, and a new edition of a casebook."""

from __future__ import annotations

import json
import random
import re
from pathlib import Path

from dxreader.databuild import build as build_module
from dxreader.databuild.assemble import finalize, load_case_keys
from dxreader.databuild.documents import corrected_text, load_corrections, load_documents
from dxreader.databuild.parse_listings import parse_listings
from dxreader.databuild.reference import ReferenceTables
from dxreader.storage.casebook import Casebook

ID_FORMAT = re.compile(r"^[a-z0-9]+(-\d{6})?(-[a-z0-9-]+)?$")


def _ids(path: Path) -> dict[str, str]:
    with Casebook(path) as casebook:
        return {c.id: c.title for c in casebook.cases()}


def test_id_format(cases):
    for case_id in cases:
        assert ID_FORMAT.match(case_id), case_id


def test_rebuild_keeps_every_id(cases, fresh_build):
    assert _ids(fresh_build) == {i: c.title for i, c in cases.items()}


_ROW = re.compile(r"^(\d+) (.*ページ \|)$")
_LISTING_SIZES = (11, 19, 35)


def _shuffle_listing(text: str, seed: int) -> str:
    """Rows shuffled within each section, then renumbered 1..n within each of the three listings."""
    rng = random.Random(seed)
    out: list[str] = []
    block: list[str] = []
    for line in [*text.split("\n"), ""]:
        if _ROW.match(line):
            block.append(line)
            continue
        rng.shuffle(block)
        out.extend(block)
        block = []
        out.append(line)
    renumbered, row = [], 0
    for line in out[:-1]:
        if m := _ROW.match(line):
            row += 1
            before = max((sum(_LISTING_SIZES[:k]) for k in range(3) if sum(_LISTING_SIZES[:k]) < row), default=0)
            line = f"{row - before} {m[2]}"
        renumbered.append(line)
    return "\n".join(renumbered)


def test_reordered_sources_keep_every_id(cases, data_copy, tmp_path, monkeypatch):
    """Listing rows shuffled and renumbered; documents and parsers taken in reverse order."""
    listing = data_copy / "sources" / "002_7c02130a31b6df9b.txt"
    listing.write_text(_shuffle_listing(listing.read_text(encoding="utf-8"), seed=7), encoding="utf-8")
    meta = data_copy / "sources" / "documents.json"
    documents = json.loads(meta.read_text(encoding="utf-8"))
    documents["documents"].reverse()
    meta.write_text(json.dumps(documents, ensure_ascii=False), encoding="utf-8")
    monkeypatch.setattr(build_module, "FULL_CASE_PARSERS", dict(reversed(build_module.FULL_CASE_PARSERS.items())))
    out_db = tmp_path / "shuffled.sqlite"
    build_module.build(data_copy, out_db)
    assert _ids(out_db) == {i: c.title for i, c in cases.items()}
    with Casebook(out_db) as shuffled:
        moved = [c.id for c in shuffled.cases() if c.primary_source.number != cases[c.id].primary_source.number]
    assert len(moved) > 20  # the shuffle really gave cases other numbers


def test_new_edition_keeps_ids(cases):
    """The old 体制整備 listing, read as a casebook of its own, gives its cases the 第2.0版 IDs."""
    data = Path(__file__).resolve().parents[1] / "data"
    documents = load_documents(data / "sources")
    text = corrected_text(data / "sources", documents["listings"], load_corrections(data / "curation" / "corrections.csv"))
    old_edition = [c for c in parse_listings(text) if c.series == "taisei"]
    assert len(old_edition) == 11
    old_ids = finalize(old_edition, ReferenceTables.load(data / "reference"), load_case_keys(data / "curation" / "case_keys.csv"))
    new_by_municipality = {c.municipality: c.id for c in cases.values() if c.id.startswith("taisei-")}
    for old in old_ids:
        assert old.id == new_by_municipality[old.municipality]
        assert old.primary_source.page != cases[old.id].primary_source.page  # a different edition indeed
