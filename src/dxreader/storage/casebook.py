"""The bundled casebook.sqlite, opened read-only and immutable, read back into core.model.Case objects."""

from __future__ import annotations

import json
import sqlite3
from collections import defaultdict
from pathlib import Path
from typing import Any

from dxreader.core.model import (
    QA, Case, Contact, Cost, Link, Schedule, ScheduleItem, SourceRef, TextSection, Vendor,
)
from dxreader.core.municipalities import Municipality
from dxreader.storage.errors import CasebookMissing, CasebookUnreadable

SCHEMA_VERSION = 3  # 2: population_source/population_note, municipalities.population_2020, documents.url; 3: readings

_CHILDREN: dict[str, type] = {
    "case_sections": TextSection,
    "case_sources": SourceRef,
    "case_costs": Cost,
    "case_schedule": ScheduleItem,
    "case_vendors": Vendor,
    "case_contacts": Contact,
    "case_interview": QA,
    "case_links": Link,
}


def open_read_only(path: Path) -> sqlite3.Connection:
    """immutable=1: SQLite takes no locks and writes nothing, so a read-only install folder works."""
    if not path.is_file():
        raise CasebookMissing(f"事例データが見つかりません: {path}")
    uri = f"{path.resolve().as_uri()}?mode=ro&immutable=1"
    try:
        conn = sqlite3.connect(uri, uri=True, check_same_thread=False)
        conn.row_factory = sqlite3.Row
        conn.execute("PRAGMA query_only = ON")
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.DatabaseError as exc:
        raise CasebookUnreadable(f"事例データを読めません（壊れているか、事例データではありません）: {path}") from exc
    return conn


class Casebook:
    """Read access to the casebook. Every case is loaded once; the whole set is small."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._conn = open_read_only(path)
        try:
            self.meta = {r["key"]: r["value"] for r in self._conn.execute("SELECT key, value FROM meta")}
        except sqlite3.DatabaseError as exc:
            raise CasebookUnreadable(f"事例データの形式が違います: {path}") from exc
        version = int(self.meta.get("schema_version", "0"))
        if version != SCHEMA_VERSION:
            raise CasebookUnreadable(
                f"事例データの形式（版 {version}）にこのプログラム（版 {SCHEMA_VERSION}）は対応していません: {path}"
            )
        self._cases: dict[str, Case] | None = None

    def close(self) -> None:
        self._conn.close()

    def __enter__(self) -> Casebook:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def connection(self) -> sqlite3.Connection:
        """For integrity checks that look at the stored tables themselves."""
        return self._conn

    def cases(self) -> list[Case]:
        """All cases in casebook order."""
        return list(self._load().values())

    def get(self, case_id: str) -> Case | None:
        return self._load().get(case_id)

    def documents(self) -> list[dict[str, Any]]:
        return [dict(r) for r in self._conn.execute("SELECT * FROM documents ORDER BY file")]

    def readings(self) -> dict[str, tuple[str, ...]]:
        """Kana reading → the written forms that read so (normalised; for search, read when first needed)."""
        out: dict[str, list[str]] = defaultdict(list)
        for reading, surface in self._conn.execute("SELECT reading, surface FROM readings ORDER BY id"):
            out[reading].append(surface)
        return {reading: tuple(surfaces) for reading, surfaces in out.items()}

    def corrections(self) -> list[dict[str, Any]]:
        return [dict(r) for r in self._conn.execute("SELECT * FROM corrections ORDER BY id")]

    def municipalities(self) -> list[Municipality]:
        """Every prefecture and municipality of the code table (with its census figure and region), by code."""
        rows = self._conn.execute(
            "SELECT m.*, p.region FROM municipalities m JOIN prefectures p ON p.code = substr(m.code, 1, 2)"
            " ORDER BY m.code")
        return [Municipality(r["code"], r["prefecture"], r["city"] or "", r["prefecture_kana"] or "",
                             r["city_kana"] or "", r["population_2020"], r["kind"], r["region"]) for r in rows]

    def _load(self) -> dict[str, Case]:
        if self._cases is None:
            self._cases = self._read_all()
        return self._cases

    def _read_all(self) -> dict[str, Case]:
        children: dict[str, dict[str, list[Any]]] = {}
        for table, cls in _CHILDREN.items():
            grouped: dict[str, list[Any]] = defaultdict(list)
            for row in self._conn.execute(f"SELECT * FROM {table} ORDER BY case_id, position"):  # noqa: S608
                fields = {k: row[k] for k in row.keys() if k not in ("case_id", "position")}
                grouped[row["case_id"]].append(cls(**fields))
            children[table] = grouped
        awards: dict[str, list[str]] = defaultdict(list)
        for row in self._conn.execute("SELECT case_id, text FROM case_awards ORDER BY case_id, position"):
            awards[row["case_id"]].append(row["text"])
        paths = {r["id"]: tuple(json.loads(r["path"])) for r in self._conn.execute("SELECT id, path FROM categories")}
        cases: dict[str, Case] = {}
        for r in self._conn.execute("SELECT * FROM cases ORDER BY position"):
            cid = r["id"]
            get = lambda table: tuple(children[table].get(cid, ()))  # noqa: E731
            schedule = (
                Schedule(lead_time=r["schedule_lead_time"], items=get("case_schedule")) if r["has_schedule"] else None
            )
            cases[cid] = Case(
                id=cid, title=r["title"], casebook=r["casebook"], category=paths[r["category_id"]],
                municipality=r["municipality"], prefecture=r["prefecture"], kind=r["kind"],
                municipality_code=r["municipality_code"], municipality_kana=r["municipality_kana"],
                region=r["region"], population=r["population"], population_as_of=r["population_as_of"],
                population_band=r["population_band"], population_source=r["population_source"],
                population_note=r["population_note"], has_body=bool(r["has_body"]),
                municipality_note=r["municipality_note"],
                sources=get("case_sources"), sections=get("case_sections"), costs=get("case_costs"),
                schedule=schedule, vendors=get("case_vendors"), contacts=get("case_contacts"),
                interview=get("case_interview"), interview_credit=r["interview_credit"],
                links=get("case_links"), awards=tuple(awards.get(cid, ())),
            )
        return cases
