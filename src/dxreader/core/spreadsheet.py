"""Rows for Excel: CSV (UTF-8 with BOM or CP932) and TSV for the clipboard, with cells Excel accepts."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

EXCEL_CELL_LIMIT = 32_767  # Excel refuses longer cells; cut before that and say so
CUT_MARKER = "…（以下省略。全文は画面またはJSON書き出しで確認できます）"
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def looks_like_formula(text: str) -> bool:
    """Text Excel would take for a formula when typed, pasted or opened from CSV (or re-entered with F2)."""
    return text.startswith(_FORMULA_START)


def within_cell_limit(text: str) -> str:
    if len(text) > EXCEL_CELL_LIMIT:
        text = text[: EXCEL_CELL_LIMIT - len(CUT_MARKER)] + CUT_MARKER
    return text


def excel_cell(value: object) -> str:
    """Text Excel shows as typed: never evaluated as a formula, never over the cell limit."""
    text = "" if value is None else str(value)
    if looks_like_formula(text):
        text = "'" + text  # "=HYPERLINK(...)" in a note must stay text, not run in the reader's Excel
    return within_cell_limit(text)


def to_csv(header: Sequence[str], rows: Iterable[Sequence[object]], encoding: str = "utf-8-sig") -> bytes:
    """utf-8-sig: the BOM is what makes Excel on Japanese Windows read UTF-8; cp932 for older tools."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows([excel_cell(v) for v in row] for row in rows)
    return buffer.getvalue().encode(encoding, errors="replace")


def to_tsv(header: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    """For pasting into Excel: tabs between cells; a cell with a tab, newline or quote is quoted."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter="\t", lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows([excel_cell(v) for v in row] for row in rows)
    return buffer.getvalue()
