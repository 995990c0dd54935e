"""Parser for the 自治体DXアワード outline (000): the awarded (unnamed) municipality's two entries."""

from __future__ import annotations

import html
import re

from dxreader.core.model import SourceRef, TextSection
from dxreader.databuild.errors import BuildError
from dxreader.databuild.raw import RawCase
from dxreader.databuild.textblocks import paragraphs, tidy

DOCUMENT = "000_e4d2c5592829f6a4.txt"
SERIES = "award"
CASEBOOK = "自治体DXアワード"
_ENTRY = re.compile(r"^- (?P<title>.+?)\*\*$")
_AWARD = re.compile(r"^(?P<category>.+部門)表彰$")
_START = "受賞内容 (取組概要)"
_TAG = re.compile(r"<[^>]+>")
_TABLE_ROW = re.compile(r"<tr>(.*?)</tr>", re.S)
_TABLE = re.compile(r"<table[^>]*>.*?</table>", re.S)


def _cell_text(cell: str) -> str:
    """One HTML cell of the extraction as readable lines: <p> → paragraph, <table> → rows."""
    def table_rows(m: re.Match[str]) -> str:
        rows = []
        for row in _TABLE_ROW.findall(m.group(0)):
            cells = [html.unescape(_TAG.sub("", c)).strip() for c in re.findall(r"<td>(.*?)</td>", row, re.S)]
            rows.append("| " + " | ".join(cells) + " |")
        return "\n" + "\n".join(rows) + "\n"

    text = _TABLE.sub(table_rows, cell)
    text = re.sub(r"</p>\s*<p>", "\n", text)
    return html.unescape(_TAG.sub("", text)).strip()


def _entry_body(lines: list[str]) -> str:
    out: list[str] = []
    for line in lines:
        if "<p>" in line:
            # A flattened layout table: cells are tab separated; cells without markup repeat table text.
            out.extend(_cell_text(c) + "\n" for c in line.split("\t") if "<" in c)
        elif "\t" in line:
            continue  # the same table again, flattened cell by cell
        else:
            out.append(line)
    return tidy("\n".join(out).split("\n"))


def parse_award(text: str) -> list[RawCase]:
    lines = text.split("\n")
    try:
        start = next(i for i, l in enumerate(lines) if l.strip() == _START)
    except StopIteration:
        raise BuildError(f"{DOCUMENT} に「{_START}」がありません") from None
    intro = paragraphs(lines[:start])[0:2]
    cases: list[RawCase] = []
    title: str | None = None
    body: list[str] = []
    for line in lines[start + 1:]:
        stripped = line.strip()
        if m := _ENTRY.match(stripped):
            title, body = m["title"], []
        elif (m := _AWARD.match(stripped)) and title:
            category = m["category"]
            text_body = _entry_body(body)
            cases.append(RawCase(
                series=SERIES, casebook=CASEBOOK, category=(CASEBOOK, category), title=title, place=None,
                has_body=True, awards=[f"自治体DXアワード（{stripped}）"],
                sections=[TextSection("overview", text_body), TextSection("note", "\n\n".join(intro))],
                source=SourceRef(document=DOCUMENT, casebook=CASEBOOK, role="primary", section=category,
                                 number=len(cases) + 1, listed_title=title),
            ))
            title = None
        elif title:
            body.append(line)
    if len(cases) != 2:
        raise BuildError(f"{DOCUMENT} の受賞内容は2件のはずですが {len(cases)} 件でした")
    return cases
