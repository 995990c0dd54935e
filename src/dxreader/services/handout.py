"""A handout: several cases (a bookmark folder or the current results) as one document — a cover, a contents
page with each case's first page, then each case's sheet with its own 出典 in the footer. The user's notes
and comments are left out: a handout is for other people."""

from __future__ import annotations

import html
from collections.abc import Sequence
from datetime import date

from dxreader.core.model import Case
from dxreader.services.case_html import STYLE, sheet_footer, sheet_html
from dxreader.services.catalog import Catalog, place_label

MAX_CASES = 200  # a handout longer than this is no longer a handout (and would take minutes to lay out)


def handout_parts(cases: Sequence[Case], catalog: Catalog) -> list[tuple[str, str]]:
    return [(sheet_html(case, catalog), sheet_footer(case, catalog)) for case in cases]


def handout_front_html(title: str, cases: Sequence[Case], starts: Sequence[int], made: date | None = None) -> str:
    """The cover and the contents (case, 団体, first page); `starts` are filled in once the sheets are laid out."""
    esc = html.escape
    rows = "".join(f"<tr><td>{i}</td><td>{esc(c.title)}</td><td>{esc(place_label(c))}</td>"
                   f"<td align=\"right\">{start or ''}</td></tr>"
                   for i, (c, start) in enumerate(zip(cases, starts), start=1))
    return (f"<html><head><style>{STYLE} body {{ font-size: 10pt; }}</style></head><body>"
            f'<p style="margin-top: 160px;">&nbsp;</p><h1 style="font-size: 200%;">{esc(title)}</h1>'
            f"<p>自治体DX事例 {len(cases)}件</p><p>作成日 {(made or date.today()).isoformat()}</p>"
            f'<p class="source">DX事例リーダーで作成。各事例の出典は、その事例のページの下に記載しています。</p>'
            f'<h2 style="page-break-before: always;">目次</h2>'
            f'<table class="grid" width="100%" cellspacing="0"><tr><th>No.</th><th>事例</th><th>団体</th>'
            f"<th>ページ</th></tr>{rows}</table></body></html>")


def handout_footer(title: str) -> str:
    return f"配布資料「{title}」"
