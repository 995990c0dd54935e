"""A case as HTML for Qt's rich-text engine: the reader's case view and the printed case sheet.

Every piece of text is escaped; links never carry a real address (href="link:N" / "case:ID"), and no
element loads anything (no src, no url()): the view cannot reach the network or a file share."""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from dxreader.core.model import SECTION_HEADINGS, Case
from dxreader.services.catalog import BODY_MISSING, FULL_TEXT_HEADING, Catalog, place_label, population_line
from dxreader.services.snippets import hit_ranges

MARK_COLOR = "#ffe27a"  # the case view finds its matches by this colour (ui/case_matches.py)
MARK_STYLE = f"background-color:{MARK_COLOR};"
STYLE = """

h1 { font-size: 125%; margin-bottom: 4px; }
p, li { line-height: 150%; }
h2 { font-size: 112%; margin-top: 16px; margin-bottom: 4px; color: #1f3f73; border-bottom: 1px solid #9fb3d1; }
p { margin-top: 2px; margin-bottom: 6px; }
ul { margin-top: 2px; margin-bottom: 6px; }
table.grid { border-collapse: collapse; margin-top: 4px; margin-bottom: 6px; }
table.grid td, table.grid th { border: 1px solid #a0a8b8; padding: 4px; vertical-align: top; }
table.grid th { background-color: #e8edf5; font-weight: normal; text-align: left; }
.meta { color: #333333; }
.source { color: #444444; font-size: 92%; }
.notice { background-color: #fff4d6; padding: 6px; }
.missing { color: #8a1c1c; }
"""
_BOLD = re.compile(r"\*\*(.+?)\*\*", re.S)
_ANGLE_URL = re.compile(r"<(https?://[^>\s]+)>")


def marked(text: str, terms: Sequence[str]) -> str:
    """Escaped text with the search hits wrapped in a highlight."""
    if not terms:
        return html.escape(text)
    out, cursor = [], 0
    for start, end in hit_ranges(text, tuple(terms)):
        out += [html.escape(text[cursor:start]), f'<span style="{MARK_STYLE}">', html.escape(text[start:end]), "</span>"]
        cursor = end
    out.append(html.escape(text[cursor:]))
    return "".join(out)


def _inline(line: str, terms: Sequence[str]) -> str:
    """One line of the casebook's text: **bold** kept as bold, <url> shown as text, hits marked."""
    line = _ANGLE_URL.sub(r"\1", line)
    parts, cursor = [], 0
    for m in _BOLD.finditer(line):
        parts.append(marked(line[cursor:m.start()], terms))
        parts.append(f"<b>{marked(m.group(1), terms)}</b>")
        cursor = m.end()
    parts.append(marked(line[cursor:], terms))
    return "".join(parts)


_TABLE_RULE = re.compile(r"^\|(\s*:?-+:?\s*\|)+$")


def _is_table_row(line: str) -> bool:
    return line.startswith("|") and line.endswith("|") and len(line) > 2


def _markdown_table(lines: list[str], terms: Sequence[str], narrow: bool) -> str:
    """A table the extraction wrote as "| a | b |" rows (the rule line marks the header row)."""
    rows = [[cell.strip() for cell in line.strip("|").split("|")] for line in lines if not _TABLE_RULE.match(line)]
    has_header = len(lines) > 1 and bool(_TABLE_RULE.match(lines[1]))
    header = [html.escape(c) for c in rows[0]] if has_header else None
    body = rows[1:] if has_header else rows
    return _table([[_cell(c, terms) for c in row] for row in body], header, escaped=True, narrow=narrow)


_CELL_ITEM = re.compile(r"\s+(?=[・○✓]|[①-⑳]\s)|／")


def _cell(text: str, terms: Sequence[str]) -> str:
    """A table cell: items it prints one per line (「・」, 「①」, a line break stored as 「／」) as a list."""
    parts = [p.strip() for p in _CELL_ITEM.split(text) if p.strip()]
    if len(parts) < 2:
        return _inline(text, terms)
    if all(p.startswith("・") for p in parts):
        return "<ul>" + "".join(f"<li>{_inline(p.removeprefix('・').strip(), terms)}</li>" for p in parts) + "</ul>"
    return "<br/>".join(_inline(p, terms) for p in parts)


def text_html(text: str, terms: Sequence[str] = (), narrow: bool = False) -> str:
    """Paragraphs, "- " bullet lists and "| a | b |" tables, as the casebook prints them (`narrow`: see _table)."""
    out: list[str] = []
    for block in re.split(r"\n\s*\n", text.strip()):
        lines = [ln.strip() for ln in block.splitlines() if ln.strip()]
        if lines and all(_is_table_row(ln) for ln in lines):
            out.append(_markdown_table(lines, terms, narrow))
            continue
        items: list[str] = []
        for line in lines:
            if line.startswith(("- ", "・", "● ")):
                items.append(f"<li>{_inline(line.lstrip('-・● ').strip(), terms)}</li>")
                continue
            if items:
                out.append("<ul>" + "".join(items) + "</ul>")
                items = []
            out.append(f"<p>{_inline(line, terms)}</p>")
        if items:
            out.append("<ul>" + "".join(items) + "</ul>")
    return "".join(out)


def _table(rows: Sequence[Sequence[str]], header: Sequence[str] | None = None, escaped: bool = False,
           narrow: bool = False) -> str:
    """Cells are HTML already; header labels are escaped here unless `escaped`. `narrow` (a column of a
    comparison): a table of more than two columns is stacked, each row as its own (label, cell) table, since
    four columns in a third of a page leave a few characters a line."""
    labels = [h if escaped else html.escape(h) for h in header] if header else None
    if narrow and rows and max(len(row) for row in rows) > 2:
        return "".join(_table([[label, cell] for label, cell in zip(labels, row)] if labels else [[c] for c in row],
                              escaped=True) for row in rows)
    head = "<tr>" + "".join(f"<th>{h}</th>" for h in labels) + "</tr>" if labels else ""
    body = "".join("<tr>" + "".join(f"<td>{cell}</td>" for cell in row) + "</tr>" for row in rows)
    return f'<table class="grid" width="100%" cellspacing="0">{head}{body}</table>'


@dataclass(frozen=True)
class View:
    """How a part is drawn: the search terms to mark, for paper (addresses written out) or the screen, and
    in a narrow column (a comparison)."""

    terms: Sequence[str] = ()
    for_print: bool = True
    narrow: bool = False


PartHtml = Callable[[Case, View], "str | None"]


def _section_html(kind: str) -> PartHtml:
    def render(case: Case, view: View) -> str | None:
        section = case.section(kind)
        return text_html(section.text, view.terms, view.narrow) if section else None
    return render


def _cost_html(case: Case, view: View) -> str | None:
    if not case.costs:
        return None
    terms, narrow = view.terms, view.narrow
    return _table([[html.escape(c.label), marked(c.amount_text, terms), text_html(c.breakdown or "", terms, narrow)
                    or "－", text_html(c.remarks or "", terms, narrow) or "－"] for c in case.costs],
                  ["区分", "金額", "内訳", "備考"], narrow=narrow)


def _schedule_html(case: Case, view: View) -> str | None:
    if not (case.schedule and (case.schedule.lead_time or case.schedule.items)):
        return None
    rows = [[html.escape(i.period), marked(i.description, view.terms)] for i in case.schedule.items]
    lead = f"<p>検討開始から導入までの期間: {html.escape(case.schedule.lead_time or '－')}</p>"
    return lead + (_table(rows, ["時期", "内容"], narrow=view.narrow) if rows else "")


def _vendors_html(case: Case, view: View) -> str | None:
    if not case.vendors:
        return None
    return _table([[html.escape(v.role), marked(v.value, view.terms)] for v in case.vendors], narrow=view.narrow)


def _contact_html(case: Case, view: View) -> str | None:
    if not case.contacts:
        return None
    esc = html.escape
    rows = [[marked(c.department, view.terms), esc(c.phone or "－"), esc(c.email or "－")] for c in case.contacts]
    return _table(rows, ["担当部署", "電話", "メール"], narrow=view.narrow)


def _interview_html(case: Case, view: View) -> str | None:
    if not case.interview:
        return None
    terms = view.terms
    qa = "".join(f"<p><b>Q. {marked(q.question, terms)}</b></p>{text_html('A. ' + q.answer, terms, view.narrow)}"
                 for q in case.interview)
    credit = f'<p class="meta">（担当：{html.escape(case.interview_credit)}）</p>' if case.interview_credit else ""
    return qa + credit


def _links_html(case: Case, view: View) -> str | None:
    if not case.links:
        return None
    esc = html.escape
    if view.for_print:
        items = "".join(f"<li>{esc(link.label)}<br/>{esc(link.url)}</li>" for link in case.links)
    else:  # the address is shown as text; the link only asks the program to offer a copy
        items = "".join(f'<li><a href="link:{i}">{esc(link.label)}</a><br/><span class="source">{esc(link.url)}</span></li>'
                        for i, link in enumerate(case.links))
    return f"<ul>{items}</ul>"


def _awards_html(case: Case, view: View) -> str | None:
    if not case.awards:
        return None
    return "<ul>" + "".join(f"<li>{marked(a, view.terms)}</li>" for a in case.awards) + "</ul>"


# The parts of a case in the order the reader and the sheet show them (the casebook's own order), keyed as
# core.model.SECTION_HEADINGS.
_PARTS: dict[str, PartHtml] = {
    "point": _section_html("point"), "overview": _section_html("overview"), "effects": _section_html("effects"),
    "cost": _cost_html, "schedule": _schedule_html, "vendors": _vendors_html, "contact": _contact_html,
    "interview": _interview_html, "urls": _links_html, "awards": _awards_html,
    "materials": _section_html("materials"), "note": _section_html("note"),
}


def part_html(case: Case, kind: str, view: View) -> str | None:
    """One part of the case (a SECTION_HEADINGS key) as HTML, or None when the case has no such part."""
    return _PARTS[kind](case, view)


def _blocks(case: Case, view: View) -> list[tuple[str, str]]:
    """(heading, html) in the casebook's order; sections the case does not have are left out."""
    return [(SECTION_HEADINGS[kind], body) for kind in _PARTS if (body := part_html(case, kind, view)) is not None]


def _header(case: Case, catalog: Catalog, terms: Sequence[str]) -> str:
    esc = html.escape
    kind = f"（{case.kind}）" if case.kind and case.kind != "都道府県" else ""
    lines = [
        f"<h1>{marked(case.title, terms)}</h1>",
        f'<p class="meta">団体: <b>{marked(place_label(case), terms)}</b>{esc(kind)}　{esc(population_line(case))}</p>',
        f'<p class="meta">分類: {marked(" › ".join(case.category), terms)}</p>',
    ]
    lines += [f'<p class="source">出典: {esc(catalog.citation(s))}</p>' for s in case.sources]
    return "".join(lines)


def _full_text_location(case: Case, catalog: Catalog) -> str:
    """A listing-only case: where its full text is, the address as plain text (selectable, never a link)."""
    rows = "".join(f"<tr><th>{html.escape(label)}</th><td>{html.escape(value)}</td></tr>"
                   for label, value in catalog.full_text_location(case))
    return (f'<p class="notice">{html.escape(BODY_MISSING)}</p><h2>{html.escape(FULL_TEXT_HEADING)}</h2>'
            f'<table class="grid" width="100%" cellspacing="0">{rows}</table>')


def _page(body: str, font_pt: float) -> str:
    return (f"<html><head><style>{STYLE} body {{ font-size: {font_pt:g}pt; }}</style></head>"
            f"<body>{body}</body></html>")


def case_html(case: Case, catalog: Catalog, terms: Sequence[str] = (), related: Sequence[Case] = (),
              font_pt: float = 11) -> str:
    """The reader's case view."""
    parts = [_header(case, catalog, terms)]
    if not case.has_body:
        parts.append(_full_text_location(case, catalog))
    for heading, body in _blocks(case, View(terms, for_print=False)):
        parts.append(f"<h2>{html.escape(heading)}</h2>{body}")
    if related:
        items = "".join(f'<li><a href="case:{html.escape(c.id)}">{html.escape(c.title)}</a>'
                        f'<span class="source">（{html.escape(c.casebook)}）</span></li>' for c in related)
        parts.append(f"<h2>{html.escape(place_label(case))}の他の事例</h2><ul>{items}</ul>")
    return _page("".join(parts), font_pt)


def sheet_html(case: Case, catalog: Catalog, note: str | None = None, annotation: str | None = None,
               font_pt: float = 10) -> str:
    """The printed case sheet: the same content, addresses written out, the user's own text optional."""
    parts = [_header(case, catalog, ())]
    if not case.has_body:
        parts.append(_full_text_location(case, catalog))
    for heading, body in _blocks(case, View()):
        parts.append(f"<h2>{html.escape(heading)}</h2>{body}")
    if annotation:
        parts.append(f"<h2>しおりのコメント</h2>{_plain_paragraphs(annotation)}")
    if note:
        parts.append(f"<h2>メモ</h2>{_plain_paragraphs(note)}")
    return _page("".join(parts), font_pt)


def _plain_paragraphs(text: str) -> str:
    """The user's own text, exactly as typed: escaped, line breaks kept, nothing interpreted."""
    return "".join(f"<p>{html.escape(line) or '&nbsp;'}</p>" for line in text.splitlines())


def sheet_footer(case: Case, catalog: Catalog) -> str:
    return "出典: " + catalog.citation(case.primary_source)

