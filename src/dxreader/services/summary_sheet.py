"""「1ページ要約」: one A4 page per case — Point, the overview and effects cut to fit, cost, contact, the user's
comment and a note excerpt, 出典. The text budget is chosen by the printer (ui/printing.fit_one_page): the
longest that still fits one page."""

from __future__ import annotations

import html

from dxreader.core.model import SECTION_HEADINGS, Case
from dxreader.services.case_html import STYLE
from dxreader.services.catalog import BODY_MISSING, Catalog, place_label, population_label

BUDGETS = (1200, 900, 650, 450, 300, 180, 100, 50)  # characters per long text, tried longest first
CUT_MARK = "…（以下略。全文は事例シートをご覧ください）"


def cut(text: str, limit: int) -> str:
    """Prose of `text` (table rows and markup dropped) up to `limit` characters, marked where it was cut."""
    lines = [" ".join(line.replace("**", "").split()) for line in text.splitlines()]
    prose = "\n".join(line for line in lines if line and not line.startswith("|"))
    return prose if len(prose) <= limit else prose[:limit].rstrip() + CUT_MARK


def _paragraphs(text: str) -> str:
    return "".join(f"<p>{html.escape(line)}</p>" for line in text.splitlines() if line)


def summary_html(case: Case, catalog: Catalog, note: str | None, annotation: str | None, budget: int) -> str:
    esc = html.escape
    band = case.population_band or "人口区分不明"
    parts = [f"<h1>{esc(case.title)}</h1>",
             f'<p class="meta">団体: <b>{esc(place_label(case))}</b>　人口: {esc(population_label(case))}　'
             f"区分: {esc(band)}　（1ページ要約）</p>"]
    if not case.has_body:
        parts.append(f'<p class="notice">{esc(BODY_MISSING)}</p>')
    for kind, share in (("point", 1.0), ("overview", 1.0), ("effects", 1.0)):
        section = case.section(kind)
        if section:
            parts.append(f"<h2>{esc(section.heading)}</h2>{_paragraphs(cut(section.text, int(budget * share)))}")
    if case.costs:
        rows = "".join(f"<tr><td>{esc(c.label)}</td><td>{esc(cut(c.amount_text, max(40, budget // 4)))}</td></tr>"
                       for c in case.costs[:4])
        parts.append(f'<h2>{esc(SECTION_HEADINGS["cost"])}</h2><table class="grid" width="100%" cellspacing="0">'
                     f"{rows}</table>")
    if case.contacts:
        # One line per contact, not table columns: a wrapped department next to the phone column read back
        # (and copied out of the PDF) interleaved with it.
        lines = "".join(f"<p>{esc(c.department)}　電話 {esc(c.phone or '－')}　メール {esc(c.email or '－')}</p>"
                        for c in case.contacts[:2])
        parts.append(f'<h2>{esc(SECTION_HEADINGS["contact"])}</h2>{lines}')
    if annotation:
        parts.append(f"<h2>しおりのコメント</h2>{_paragraphs(cut(annotation, budget // 2))}")
    if note:
        parts.append(f"<h2>メモ（抜粋）</h2>{_paragraphs(cut(note, budget // 2))}")
    parts.append(f'<p class="source">出典: {esc(catalog.citation(case.primary_source))}</p>')
    return (f"<html><head><style>{STYLE} body {{ font-size: 9.5pt; }} h2 {{ margin-top: 8px; }}</style></head>"
            f"<body>{''.join(parts)}</body></html>")
