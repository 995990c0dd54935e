"""Contacts copied out of cases: a block for a mail, and rows for Excel (TSV for pasting, CSV to save)."""

from __future__ import annotations

from collections.abc import Iterable

from dxreader.core.model import Case
from dxreader.core.spreadsheet import to_csv, to_tsv
from dxreader.services.catalog import contact_text, place_label

COLUMNS = ["団体", "都道府県", "担当部署", "電話", "メール", "事例", "事例ID"]


def contact_block(case: Case) -> str:
    """All of a case's contacts as plain text that pastes cleanly into a mail."""
    return "\n\n".join(contact_text(case, i) for i in range(len(case.contacts)))


def contact_rows(cases: Iterable[Case]) -> list[list[str]]:
    """One row per contact (a case may name two departments); cases without a contact are left out."""
    return [[place_label(case), case.prefecture or "", c.department, c.phone or "", c.email or "", case.title, case.id]
            for case in cases for c in case.contacts]


def contacts_tsv(cases: Iterable[Case]) -> str:
    return to_tsv(COLUMNS, contact_rows(cases))


def contacts_csv(cases: Iterable[Case], encoding: str = "utf-8-sig") -> bytes:
    return to_csv(COLUMNS, contact_rows(cases), encoding)
