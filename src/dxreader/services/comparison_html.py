"""A comparison as one HTML table for Qt's rich-text engine: the comparison window and the printed A4 landscape
table. Each case's parts are drawn by case_html.part_html, exactly as on the case sheet; every value is escaped."""

from __future__ import annotations

import html

from dxreader.core.model import SECTION_HEADINGS
from dxreader.services.case_html import STYLE, View, part_html
from dxreader.services.catalog import place_label
from dxreader.services.comparison import Cell, Comparison, Row

COMPARE_STYLE = """
table.compare { border-collapse: collapse; }
table.compare td, table.compare th { border: 1px solid #8f9bb3; padding: 5px; vertical-align: top; }
table.compare th { background-color: #e8edf5; font-weight: normal; text-align: left; }
table.compare th.row { color: #1f3f73; font-weight: bold; }
.part { color: #1f3f73; font-weight: bold; margin-top: 6px; }
"""
HEADING_SHARE = 11  # percent of the width for the column of row headings


def _lines(text: str, css: str = "") -> str:
    cls = f' class="{css}"' if css else ""
    return "".join(f"<p{cls}>{html.escape(line)}</p>" for line in text.splitlines() if line.strip())


def _cell_html(comparison: Comparison, row: Row, column: int, cell: Cell, for_print: bool) -> str:
    if not cell.stated:
        return _lines(cell.text, "missing")
    if not (row.in_full and cell.parts):
        return _lines(cell.text, "source" if row.key == "source" else "")
    case = comparison.cases[column]
    titled = len(cell.parts) > 1  # 概要 = Point and 事業の概要: say which is which
    view = View(for_print=for_print, narrow=True)
    return "".join((f'<p class="part">{html.escape(SECTION_HEADINGS[kind])}</p>' if titled else "")
                   + (part_html(case, kind, view) or "") for kind in cell.parts)


def _case_heading(comparison: Comparison, column: int, for_print: bool) -> str:
    case = comparison.cases[column]
    title = html.escape(case.title)
    if not for_print:  # opens the case in the main window
        title = f'<a href="case:{html.escape(case.id)}">{title}</a>'
    return (f"<b>{title}</b><br/>{html.escape(place_label(case))}"
            f'<br/><span class="source">{html.escape(case.casebook)}　{html.escape(case.id)}</span>')


def comparison_html(comparison: Comparison, for_print: bool, font_pt: float = 10) -> str:
    """The table: a header row (repeated on every printed page) with each case, then one row per section."""
    share = (100 - HEADING_SHARE) // len(comparison.cases)
    head = f'<th width="{HEADING_SHARE}%">項目</th>' + "".join(
        f'<th width="{share}%">{_case_heading(comparison, i, for_print)}</th>' for i in range(len(comparison.cases)))
    body = "".join(
        f'<tr><th class="row">{html.escape(row.heading)}</th>'
        + "".join(f"<td>{_cell_html(comparison, row, i, cell, for_print)}</td>" for i, cell in enumerate(row.cells))
        + "</tr>" for row in comparison.rows)
    title = f"<h1>事例の比較（{len(comparison.cases)}件）</h1>" if for_print else ""  # the window has its own heading
    return (f"<html><head><style>{STYLE}{COMPARE_STYLE} body {{ font-size: {font_pt:g}pt; }}</style></head><body>"
            f'{title}<table class="compare" width="100%" cellspacing="0"><thead><tr>{head}</tr></thead>'
            f"{body}</table></body></html>")


def comparison_title(comparison: Comparison) -> str:
    """「事例の比較（福島県・西会津町・塩尻市）」: the PDF's title and the start of every page's footer."""
    places = "・".join(c.municipality or "団体不明" for c in comparison.cases)
    return f"事例の比較（{places}）"


def comparison_footer(comparison: Comparison) -> str:
    return f"{comparison_title(comparison)}　各事例の出典は表の「出典」の行に記載"
