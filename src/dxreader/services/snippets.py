"""Result-list snippets: one or two short fragments around the hits, hits marked **like this**."""

from __future__ import annotations

import functools
import re

from dxreader.core.analysis import normalize_with_spans, term_occurrences
from dxreader.core.model import Case
from dxreader.core.searchdoc import SNIPPET_FIELDS, searchable_fields

BEFORE, AFTER = 20, 40
MAX_FRAGMENTS = 2
LEAD_CHARS = 80


@functools.lru_cache(maxsize=512)  # a results page is 20 cases of up to five fields; a case view a few more
def _spans(text: str) -> tuple[str, list[int]]:
    return normalize_with_spans(text)


def hit_ranges(text: str, terms: tuple[str, ...]) -> list[tuple[int, int]]:
    norm, origin = _spans(text)
    ranges = []
    for term in terms:
        for start in term_occurrences(norm, term):
            end = start + len(term) - 1
            ranges.append((origin[start], origin[end] + 1))
    ranges.sort()
    merged: list[tuple[int, int]] = []
    for start, end in ranges:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def _one_line(text: str) -> str:
    return " ".join(text.split())


_TABLE_RULE = re.compile(r"^\|[\s:|-]*\|$")
_LIST_MARK = re.compile(r"^\s*-\s+")


def readable(text: str) -> str:
    """Stored text as a reader sees it: table rows as their cells, list marks and the cell line break gone."""
    lines = []
    for line in text.split("\n"):
        stripped = line.strip()
        if _TABLE_RULE.match(stripped):
            continue
        if stripped.startswith("|") and stripped.endswith("|"):
            line = "　".join(c.strip() for c in stripped.strip("|").split("|") if c.strip())
        lines.append(_LIST_MARK.sub("", line).replace("／", " "))
    return "\n".join(lines)


def _fragment(text: str, ranges: list[tuple[int, int]], lo: int, hi: int) -> str:
    out, cursor = [], lo
    for start, end in ranges:
        if end <= lo or start >= hi:
            continue
        start, end = max(start, lo), min(end, hi)
        out += [text[cursor:start], "**", text[start:end], "**"]
        cursor = end
    out.append(text[cursor:hi])
    return ("…" if lo > 0 else "") + _one_line("".join(out)) + ("…" if hi < len(text) else "")


def note_line(note: str, terms: tuple[str, ...]) -> str | None:
    """The first line of the user's note with a hit, hits marked, as 「メモ: …」; None if no line has one."""
    for line in note.splitlines():
        ranges = hit_ranges(line, terms) if terms else []
        if ranges:
            lo, hi = max(0, ranges[0][0] - BEFORE), min(len(line), ranges[0][0] + AFTER)
            return "メモ: " + _fragment(line, ranges, lo, hi)
    return None


def snippet_texts(case: Case) -> dict[str, str]:
    """What a snippet is cut from: each snippet field as a reader sees it, and the lead shown without a hit.
    The search service keeps these per case: making them cost more than finding the hits."""
    fields = searchable_fields(case)
    texts = {name: readable(fields[name]) for name in SNIPPET_FIELDS}
    return texts | {"": readable(fields["point"] or fields["body"])}


def snippet(case: Case, terms: tuple[str, ...], texts: dict[str, str] | None = None) -> str:
    texts = texts if texts is not None else snippet_texts(case)
    for name in SNIPPET_FIELDS if terms else ():
        text = texts[name]
        ranges = hit_ranges(text, terms) if text else []
        if not ranges:
            continue
        fragments, covered = [], -1
        for start, _ in ranges:
            if start < covered or len(fragments) == MAX_FRAGMENTS:
                continue
            lo, hi = max(0, start - BEFORE), min(len(text), start + AFTER)
            fragments.append(_fragment(text, ranges, lo, hi))
            covered = hi
        return " ".join(fragments)
    lead = texts[""]
    if not lead:
        return "（目次のみ掲載。本文は収録資料にありません）" if not case.has_body else ""
    return _one_line(lead[:LEAD_CHARS]) + ("…" if len(lead) > LEAD_CHARS else "")
