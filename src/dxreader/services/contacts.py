"""Contacts copied out of cases: a block for a mail, and rows for Excel (TSV for pasting, CSV to save)."""

from __future__ import annotations

from collections.abc import Iterable

from dxreader.core.model import Case
from dxreader.core.population import source_text
from dxreader.core.spreadsheet import to_csv, to_tsv
from dxreader.services.catalog import contact_text, place_label

COLUMNS = ["団体", "都道府県", "人口", "人口の時点", "人口の出典", "担当部署", "電話", "メール", "事例", "事例ID"]


def contact_block(case: Case) -> str:
    """All of a case's contacts as plain text that pastes cleanly into a mail."""
    return "\n\n".join(contact_text(case, i) for i in range(len(case.contacts)))


def contact_rows(cases: Iterable[Case]) -> list[list[str]]:
    """One row per contact (a case may name two departments); cases without a contact are left out."""
    return [[place_label(case), case.prefecture or "", *population_cells(case), c.department, c.phone or "",
             c.email or "", case.title, case.id]
            for case in cases for c in case.contacts]


def population_cells(case: Case) -> list[str]:
    """人口 (persons), its as-of date and where it comes from, so a sheet says what its numbers are."""
    if case.population is None:
        return ["", "", f"不明（{case.population_note}）" if case.population_note else "不明"]
    return [str(case.population), case.population_as_of or "", source_text(case)]


def contacts_tsv(cases: Iterable[Case]) -> str:
    return to_tsv(COLUMNS, contact_rows(cases))


def contacts_csv(cases: Iterable[Case], encoding: str = "utf-8-sig") -> bytes:
    return to_csv(COLUMNS, contact_rows(cases), encoding)
