"""The one declaration of the casebook's schema: every table, column, type, key and index, and each value's range.

Update packages are checked against it exactly (storage.casebook_check), and a test proves the committed
data/casebook.sqlite matches it; change it together with the casebook builder (databuild.writer)."""

from __future__ import annotations

from dataclasses import dataclass

MAX_CELL_BYTES = 256 * 1024  # the longest cell today is a section text of about 6 KB
MAX_ROWS = 200_000  # per table; the largest today is the municipality code table (1,788 rows)
BIG = 1_000_000


@dataclass(frozen=True)
class Column:
    name: str
    type: str  # "TEXT" or "INTEGER", as declared and as stored (typeof)
    not_null: bool = False
    pk: int = 0  # 1-based place in the primary key; 0 when not part of it
    references: tuple[str, str] | None = None  # (table, column)
    low: int | None = None  # INTEGER range, inclusive
    high: int | None = None
    json_path: bool = False  # TEXT holding a JSON list of category names (categories.path)


def text(name: str, *, not_null: bool = False, pk: int = 0, references: tuple[str, str] | None = None,
         json_path: bool = False) -> Column:
    return Column(name, "TEXT", not_null, pk, references, json_path=json_path)


def integer(name: str, low: int, high: int, *, not_null: bool = False, pk: int = 0,
            references: tuple[str, str] | None = None) -> Column:
    return Column(name, "INTEGER", not_null, pk, references, low, high)


def _child(*columns: Column) -> tuple[Column, ...]:
    """A table of one case's parts, in order: (case_id, position) is its key."""
    return (text("case_id", pk=1, references=("cases", "id")), integer("position", 0, BIG, pk=2), *columns)


TABLES: dict[str, tuple[Column, ...]] = {
    "meta": (text("key", pk=1), text("value")),
    "documents": (text("key"), text("file", pk=1), text("title"), text("publisher"), text("date"), text("kind"),
                  text("reuse"), text("sha256"), text("url"), text("citation")),
    "prefectures": (text("code", pk=1), text("name"), text("region")),
    "municipalities": (text("code", pk=1), text("prefecture"), text("city"), text("prefecture_kana"),
                       text("city_kana"), integer("population_2020", 0, 100_000_000), text("kind")),
    "corrections": (integer("id", 1, BIG, pk=1), text("document", references=("documents", "file")),
                    text("original"), text("corrected"), integer("occurrences", 0, BIG), text("reason")),
    "categories": (integer("id", 1, BIG, pk=1), integer("parent_id", 1, BIG, references=("categories", "id")),
                   text("name"), integer("depth", 0, 20), text("casebook"), text("path", json_path=True),
                   integer("position", 0, BIG)),
    "cases": (text("id", pk=1), integer("position", 0, BIG), text("title", not_null=True),
              text("casebook", not_null=True),
              integer("category_id", 1, BIG, not_null=True, references=("categories", "id")),
              text("municipality"), text("prefecture"), text("kind"),
              text("municipality_code", references=("municipalities", "code")), text("municipality_kana"),
              text("region"), integer("population", 1, 100_000_000), text("population_as_of"),
              text("population_band"), text("population_source"), text("population_note"), integer("has_body", 0, 1), text("municipality_note"),
              integer("has_schedule", 0, 1), text("schedule_lead_time"), text("interview_credit")),
    "case_sections": _child(text("kind"), text("text"), integer("page", 0, 100_000)),
    "case_sources": _child(text("document"), text("casebook"), text("role"), text("edition"), text("section"),
                           integer("number", 0, 100_000), integer("page", 0, 100_000), text("listed_title")),
    "case_costs": _child(text("kind"), text("label"), text("amount_text"), integer("amount_yen", 0, 10**15),
                         text("breakdown"), text("remarks")),
    "case_schedule": _child(text("period"), text("description")),
    "case_vendors": _child(text("role"), text("value")),
    "case_contacts": _child(text("department"), text("phone"), text("email"), text("note")),
    "case_interview": _child(text("question"), text("answer")),
    "case_links": _child(text("label"), text("url")),
    "case_awards": _child(text("text")),
    # Kana readings of the text's kanji words (databuild.readings), normalised: what a word typed in kana finds.
    "readings": (integer("id", 1, BIG, pk=1), text("reading", not_null=True), text("surface", not_null=True)),
}

# Indexes besides those SQLite makes for primary keys: name → (table, columns).
INDEXES: dict[str, tuple[str, tuple[str, ...]]] = {
    "idx_cases_municipality_code": ("cases", ("municipality_code",)),
    "idx_cases_category_id": ("cases", ("category_id",)),
}


def primary_key(table: str) -> tuple[str, ...]:
    return tuple(c.name for c in sorted((c for c in TABLES[table] if c.pk), key=lambda c: c.pk))


def automatic_indexes() -> dict[str, tuple[str, tuple[str, ...]]]:
    """The index SQLite makes for each primary key that is not the rowid (every key but one INTEGER column)."""
    made = {}
    for table, columns in TABLES.items():
        key = primary_key(table)
        if key and not (len(key) == 1 and next(c for c in columns if c.name == key[0]).type == "INTEGER"):
            made[f"sqlite_autoindex_{table}_1"] = (table, key)
    return made
