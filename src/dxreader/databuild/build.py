"""The build: sources + curation + reference data → a new data/casebook.sqlite, written atomically."""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Callable
from pathlib import Path

from dxreader.core.model import Case
from dxreader.databuild.assemble import finalize, load_case_keys, load_unknown_populations, merge_listings
from dxreader.databuild.cleantext import Cleaner
from dxreader.databuild.documents import corrected_text, load_corrections, load_documents
from dxreader.databuild.errors import BuildError
from dxreader.databuild.parse_article import parse_article
from dxreader.databuild.parse_award import parse_award
from dxreader.databuild.parse_casebook import parse_casebook
from dxreader.databuild.parse_listings import LISTINGS, parse_listings
from dxreader.databuild.parse_press import parse_press
from dxreader.databuild.raw import RawCase
from dxreader.databuild.readings import dictionary_label, reading_rows
from dxreader.databuild.reference import ReferenceTables
from dxreader.databuild.writer import write_casebook

# Which parser reads which document (keys of data/sources/documents.json).
FULL_CASE_PARSERS: dict[str, Callable[[str], list[RawCase]]] = {
    "taisei": parse_casebook,
    "dxtaisho": parse_article,
    "shiojiri": parse_press,
    "award": parse_award,
}
LISTING_DOCUMENT = "listings"


def _data_version(paths: list[Path], dictionary: str) -> str:
    """A content hash of every input (the reading dictionary's version among them), so that the same inputs
    always give the same version."""
    digest = hashlib.sha256(dictionary.encode())
    for path in paths:
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def read_cases(data_dir: Path, cleaner: Cleaner | None = None) -> tuple[list[Case], dict, list, ReferenceTables]:  # type: ignore[type-arg]
    sources, curation, reference = data_dir / "sources", data_dir / "curation", data_dir / "reference"
    documents = load_documents(sources)
    corrections = load_corrections(curation / "corrections.csv")
    files = {d.file for d in documents.values()}
    stray = [c.original for c in corrections if c.document not in files]
    if stray:
        raise BuildError(f"corrections.csv が存在しない資料を指しています: {stray}")
    text = {key: corrected_text(sources, doc, corrections) for key, doc in documents.items()}
    missing = (set(FULL_CASE_PARSERS) | {LISTING_DOCUMENT}) - set(documents)
    if missing:
        raise BuildError(f"documents.json に資料がありません: {sorted(missing)}")
    full = [case for key, parse in FULL_CASE_PARSERS.items() for case in parse(text[key])]
    merged = merge_listings(full, parse_listings(text[LISTING_DOCUMENT]),
                            {l.series for l in LISTINGS if l.merge_into_full_casebook})
    tables = ReferenceTables.load(reference)
    cases = finalize(merged, tables, load_case_keys(curation / "case_keys.csv"),
                     load_unknown_populations(curation / "population_unknown.csv"), cleaner or Cleaner())
    return cases, documents, corrections, tables


def build(data_dir: Path, out: Path, cleaner: Cleaner | None = None) -> list[Case]:
    """Build the casebook into `out`; on any error the previous file stays as it was.

    `cleaner.report` tells afterwards how often each text-cleaning rule fired."""
    cases, documents, corrections, tables = read_cases(data_dir, cleaner)
    inputs = sorted(
        [data_dir / "sources" / "documents.json", *(data_dir / "sources" / d.file for d in documents.values()),
         *(data_dir / "curation").glob("*.csv"), *(data_dir / "reference").glob("*.csv")]
    )
    out.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=".casebook-", suffix=".sqlite", dir=out.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        dictionary = dictionary_label()
        write_casebook(tmp, cases, documents, corrections, tables, _data_version(inputs, dictionary),
                       reading_rows(cases), dictionary)
        os.replace(tmp, out)
    finally:
        tmp.unlink(missing_ok=True)
    return cases
