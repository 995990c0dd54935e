"""Writes the final cases, reference tables and provenance into a new casebook.sqlite (sqlite-utils)."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import asdict
from pathlib import Path
from typing import Any

import sqlite_utils

from dxreader.core.model import Case
from dxreader.databuild.documents import Correction, Document
from dxreader.databuild.reference import ReferenceTables
from dxreader.storage.casebook import SCHEMA_VERSION


_CHILD_TABLES: dict[str, dict[str, type]] = {
    "case_sections": {"kind": str, "text": str, "page": int},
    "case_sources": {"document": str, "casebook": str, "role": str, "edition": str, "section": str,
                     "number": int, "page": int, "listed_title": str},
    "case_costs": {"kind": str, "label": str, "amount_text": str, "amount_yen": int, "breakdown": str,
                   "remarks": str},
    "case_schedule": {"period": str, "description": str},
    "case_vendors": {"role": str, "value": str},
    "case_contacts": {"department": str, "phone": str, "email": str, "note": str},
    "case_interview": {"question": str, "answer": str},
    "case_links": {"label": str, "url": str},
    "case_awards": {"text": str},
}
_CASE_COLUMNS: dict[str, type] = {
    "id": str, "position": int, "title": str, "casebook": str, "category_id": int,
    "municipality": str, "prefecture": str, "kind": str, "municipality_code": str, "municipality_kana": str,
    "region": str, "population": int, "population_as_of": str, "population_band": str,
    "population_source": str, "population_note": str, "has_body": int,
    "municipality_note": str, "has_schedule": int, "schedule_lead_time": str, "interview_credit": str,
}


def _create_tables(db: sqlite_utils.Database) -> None:
    """Explicit column types, so that a column whose first values are NULL still gets its type."""
    db["categories"].create(
        {"id": int, "parent_id": int, "name": str, "depth": int, "casebook": str, "path": str, "position": int},
        pk="id", foreign_keys=[("parent_id", "categories", "id")],
    )
    db["cases"].create(
        _CASE_COLUMNS, pk="id", not_null={"title", "casebook", "category_id"},
        foreign_keys=[("category_id", "categories", "id"), ("municipality_code", "municipalities", "code")],
    )
    for table, columns in _CHILD_TABLES.items():
        db[table].create(
            {"case_id": str, "position": int, **columns}, pk=("case_id", "position"),
            foreign_keys=[("case_id", "cases", "id")],
        )


def _rows(case_id: str, items: Iterable[Any]) -> list[dict[str, Any]]:
    return [{"case_id": case_id, "position": i, **asdict(item)} for i, item in enumerate(items)]


def _category_rows(cases: list[Case]) -> tuple[list[dict[str, Any]], dict[tuple[str, ...], int]]:
    """The category tree in first-appearance order; each node keeps its full path."""
    ids: dict[tuple[str, ...], int] = {}
    rows = []
    for case in cases:
        for depth in range(1, len(case.category) + 1):
            path = case.category[:depth]
            if path in ids:
                continue
            ids[path] = len(ids) + 1
            rows.append({
                "id": ids[path], "parent_id": ids.get(path[:-1]), "name": path[-1], "depth": depth - 1,
                "casebook": path[0], "path": json.dumps(list(path), ensure_ascii=False), "position": ids[path],
            })
    return rows, ids


def write_casebook(
    out: Path, cases: list[Case], documents: dict[str, Document], corrections: list[Correction],
    tables: ReferenceTables, data_version: str, readings: list[dict[str, str]], reading_dictionary: str,
) -> None:
    if out.exists():
        out.unlink()
    db = sqlite_utils.Database(out)
    db.execute("PRAGMA foreign_keys = ON")
    db["meta"].insert_all(
        [{"key": "schema_version", "value": str(SCHEMA_VERSION)}, {"key": "data_version", "value": data_version},
         {"key": "reading_dictionary", "value": reading_dictionary}],
        pk="key",
    )
    db["documents"].insert_all(
        [{**asdict(d), "citation": d.citation} for d in documents.values()], pk="file", columns={"url": str},
    )
    db["prefectures"].insert_all(
        [{"code": p.code, "name": p.name, "region": p.region} for p in tables.prefectures.values()], pk="code",
    )
    db["municipalities"].insert_all([asdict(m) | {"kind": m.kind} for m in tables.municipalities], pk="code")
    db["corrections"].insert_all(
        [{"id": i + 1, **asdict(c)} for i, c in enumerate(corrections)], pk="id",
        foreign_keys=[("document", "documents", "file")],
    )
    _create_tables(db)
    category_rows, category_ids = _category_rows(cases)
    db["categories"].insert_all(category_rows)
    db["cases"].insert_all([_case_row(i, c, category_ids) for i, c in enumerate(cases)])
    for case in cases:
        db["case_sections"].insert_all(_rows(case.id, case.sections))
        db["case_sources"].insert_all(_rows(case.id, case.sources))
        db["case_costs"].insert_all(_rows(case.id, case.costs))
        db["case_schedule"].insert_all(_rows(case.id, case.schedule.items if case.schedule else ()))
        db["case_vendors"].insert_all(_rows(case.id, case.vendors))
        db["case_contacts"].insert_all(_rows(case.id, case.contacts))
        db["case_interview"].insert_all(_rows(case.id, case.interview))
        db["case_links"].insert_all(_rows(case.id, case.links))
        db["case_awards"].insert_all(
            [{"case_id": case.id, "position": i, "text": t} for i, t in enumerate(case.awards)]
        )
    # An INTEGER key: no second copy of the pairs in an index (search reads the whole table once).
    db["readings"].create({"id": int, "reading": str, "surface": str}, pk="id", not_null={"reading", "surface"})
    db["readings"].insert_all({"id": i, **row} for i, row in enumerate(readings, start=1))
    db["cases"].create_index(["municipality_code"])
    db["cases"].create_index(["category_id"])
    db.conn.commit()
    db.execute("VACUUM")
    db.close()


def _case_row(position: int, case: Case, category_ids: dict[tuple[str, ...], int]) -> dict[str, Any]:
    return {
        "id": case.id, "position": position, "title": case.title, "casebook": case.casebook,
        "category_id": category_ids[case.category],
        "municipality": case.municipality, "prefecture": case.prefecture, "kind": case.kind,
        "municipality_code": case.municipality_code, "municipality_kana": case.municipality_kana,
        "region": case.region, "population": case.population, "population_as_of": case.population_as_of,
        "population_band": case.population_band, "population_source": case.population_source,
        "population_note": case.population_note, "has_body": int(case.has_body),
        "municipality_note": case.municipality_note,
        "schedule_lead_time": case.schedule.lead_time if case.schedule else None,
        "has_schedule": int(case.schedule is not None), "interview_credit": case.interview_credit,
    }
