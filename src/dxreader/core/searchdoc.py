"""What of a case is searchable, field by field, and how much a hit in each field weighs."""

from __future__ import annotations

from dxreader.core.model import Case
from dxreader.core.text import plain

# BM25F field weights: a title or municipality hit outranks a passing mention in an interview.
FIELD_WEIGHTS: dict[str, float] = {
    "title": 6.0,
    "place": 5.0,
    "category": 2.0,
    "point": 2.0,
    "body": 1.0,
    "contacts": 1.0,
    "extra": 0.8,
    "interview": 0.6,
}
# Title, place and category show in the result row itself; a snippet comes from the text.
SNIPPET_FIELDS = ("point", "body", "interview", "contacts", "extra")
FIELD_SEPARATOR = "\n"  # never part of a token nor of a query, so no match spans two fields
# Fields made of our own labels (region, kind of body, casebook and chapter names), not the source's text:
# a synonym expansion does not match there (BPR must not find every case filed under 業務改革事例集).
LABEL_FIELDS = ("place", "category")
_ONE_LINE_FIELDS = ("title",) + LABEL_FIELDS  # they come first and hold no line break (see source_text)


def searchable_fields(case: Case) -> dict[str, str]:
    """The case's searchable text per field (original text; analysis normalises it)."""
    sections = {s.kind: plain(s.text) for s in case.sections}
    place = [case.prefecture, case.municipality, case.municipality_kana, case.region, case.kind]
    if case.municipality_code:
        place.append(case.municipality_code)
    body = [sections.get(k, "") for k in ("overview", "effects", "materials", "note")]
    body += [f"{c.label} {c.amount_text} {c.breakdown or ''} {c.remarks or ''}" for c in case.costs]
    if case.schedule:
        body += [case.schedule.lead_time or ""] + [f"{i.period} {i.description}" for i in case.schedule.items]
    interview = [f"{q.question}\n{plain(q.answer)}" for q in case.interview] + [case.interview_credit or ""]
    contacts = [" ".join(x for x in (c.department, c.phone, c.email, c.note) if x) for c in case.contacts]
    extra = [f"{v.role} {v.value}" for v in case.vendors] + [f"{l.label} {l.url}" for l in case.links]
    extra += list(case.awards)
    fields = {
        "title": case.title,
        "place": " ".join(x for x in place if x),
        "category": " ".join(case.category),
        "point": sections.get("point", ""),
        "body": "\n".join(x for x in body if x),
        "contacts": "\n".join(contacts),
        "extra": "\n".join(x for x in extra if x),
        "interview": "\n".join(x for x in interview if x),
    }
    for name in _ONE_LINE_FIELDS:
        fields[name] = " ".join(fields[name].splitlines())
    return {name: fields[name] for name in FIELD_WEIGHTS}


def source_text(norm: str) -> str:
    """A case's searchable text (fields joined by FIELD_SEPARATOR, in FIELD_WEIGHTS order) without the
    LABEL_FIELDS. Relies on the title, place and category coming first, one line each."""
    title, _place, _category, rest = (norm.split(FIELD_SEPARATOR, 3) + ["", "", ""])[:4]
    return title + FIELD_SEPARATOR + rest
