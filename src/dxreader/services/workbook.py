"""Cases as an Excel workbook (.xlsx): one row per case with its place, population and where it came from,
its 出典 and contact, and the user's comment. A bookmark folder, the current results or a comparison all
come here as a plain list of (case ID, comment)."""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from dxreader.core.model import Case
from dxreader.core.population import CENSUS_2020_DATE, CENSUS_2020_LABEL
from dxreader.core.spreadsheet import looks_like_formula, within_cell_limit
from dxreader.services.catalog import Catalog, place_in_source, place_label
from dxreader.services.contacts import population_cells
from dxreader.storage.shared_file import write_shared

SHEET = "事例一覧"
# (header, width in Excel's units: about one per half-width character, two per kanji)
COLUMNS: tuple[tuple[str, int], ...] = (
    ("団体", 18), ("都道府県", 9), ("人口", 11), ("人口の時点", 11), ("人口の出典", 26), ("人口区分", 20),
    ("題名", 60), ("事例集", 34), ("節", 36), ("事例番号・ページ", 16), ("担当部署", 34), ("電話", 15),
    ("メール", 30), ("自分のコメント", 50), ("事例ID", 16),
)
HEADERS = [name for name, _ in COLUMNS]
POPULATION_COLUMN = HEADERS.index("人口")


@dataclass(frozen=True)
class WorkbookResult:
    rows: int
    missing: tuple[str, ...]  # case IDs not in the casebook in use: left out, and said so

    def message(self, target: Path) -> str:
        text = f"{self.rows}件の事例をExcelに書き出しました: {target}"
        if self.missing:
            text += f"（現在の事例データにない {len(self.missing)}件は省きました: {'、'.join(self.missing[:5])}）"
        return text


def case_row(case: Case, comment: str) -> list[Any]:
    """The row's values: 人口 a number (Excel sorts and sums it), everything else text, '' where not stated."""
    ref = case.primary_source
    population, as_of, source = population_cells(case)
    section = ref.section or " › ".join(case.category[1:])
    return [
        place_label(case), case.prefecture or "", int(population) if population else "", as_of, source,
        case.population_band or "", case.title, case.casebook + (f"（{ref.edition}）" if ref.edition else ""),
        section, place_in_source(ref), "\n".join(c.department for c in case.contacts),
        "\n".join(c.phone or "" for c in case.contacts).strip("\n"),
        "\n".join(c.email or "" for c in case.contacts).strip("\n"), comment, case.id,
    ]


def _about_rows(catalog: Catalog, title: str, count: int, now: datetime) -> list[tuple[str, str]]:
    return [
        ("題名", title),
        ("書き出した日時", f"{now.year}年{now.month}月{now.day}日 {now.hour:02d}:{now.minute:02d}"),
        ("件数", f"{count}件"),
        ("事例データ", f"版 {catalog.casebook.meta.get('data_version', '不明')}"),
        ("人口の出典", "「人口の出典」列のとおり。事例集に人口の記載がある事例はその値と時点（事例の記載）、記載がない事例は"
                   f"総務省統計局「{CENSUS_2020_LABEL}」の値（{CENSUS_2020_DATE}現在）です。"),
        ("出典", "事例集・節・事例番号・ページは、その事例が掲載されている資料のものです。"),
        ("自分のコメント", "しおりに書いたコメントです。"),
    ]


def workbook_bytes(catalog: Catalog, entries: Sequence[tuple[str, str]], title: str,
                   now: datetime | None = None) -> tuple[bytes, WorkbookResult]:
    """entries: (case ID, the user's comment) in the order the rows should have."""
    import xlsxwriter  # loaded when a workbook is made, not at start-up

    now = now or datetime.now()
    buffer = io.BytesIO()
    # Every value is written with an explicit type, so nothing is guessed from text (no formulas, no URLs,
    # no numbers made from phone numbers); the options say the same for any default call.
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False,
                                        "strings_to_numbers": False})
    book.set_properties({"title": title, "comments": "DX事例リーダーで書き出し"})
    header = book.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1, "valign": "top"})
    text = book.add_format({"valign": "top", "text_wrap": True})
    # quote_prefix: a text starting with "=" stays text even when the user edits the cell and presses Enter
    quoted = book.add_format({"valign": "top", "text_wrap": True, "quote_prefix": True})
    number = book.add_format({"valign": "top", "num_format": "#,##0"})
    sheet = book.add_worksheet(SHEET)
    for col, (name, width) in enumerate(COLUMNS):
        sheet.write_string(0, col, name, header)
        sheet.set_column(col, col, width)
    sheet.freeze_panes(1, 0)
    missing, row = [], 0
    for case_id, comment in entries:
        case = catalog.get(case_id)
        if case is None:
            missing.append(case_id)
            continue
        row += 1
        for col, value in enumerate(case_row(case, comment)):
            if isinstance(value, int):
                sheet.write_number(row, col, value, number)
            elif value:  # a value not stated stays an empty cell
                cell = within_cell_limit(value)
                sheet.write_string(row, col, cell, quoted if looks_like_formula(cell) else text)
    sheet.autofilter(0, 0, max(row, 1), len(COLUMNS) - 1)
    about = book.add_worksheet("説明")
    about.set_column(0, 0, 16)
    about.set_column(1, 1, 100)
    for i, (key, value) in enumerate(_about_rows(catalog, title, row, now)):
        about.write_string(i, 0, key, header)
        about.write_string(i, 1, within_cell_limit(value), quoted if looks_like_formula(value) else text)
    book.close()
    return buffer.getvalue(), WorkbookResult(row, tuple(missing))


def export_xlsx(catalog: Catalog, entries: Sequence[tuple[str, str]], target: Path, title: str) -> WorkbookResult:
    """Write the workbook whole (temp file + rename: a shared folder never sees half of it)."""
    data, result = workbook_bytes(catalog, entries, title)
    write_shared(target, data)
    return result
