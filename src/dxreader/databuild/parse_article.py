"""Parser for the 日本DX大賞 2022 article (004): eight short case summaries under two headings."""

from __future__ import annotations

import re

from dxreader.core.model import SourceRef, TextSection
from dxreader.databuild.errors import BuildError
from dxreader.databuild.raw import RawCase
from dxreader.databuild.textblocks import paragraphs

DOCUMENT = "004_b8b6a38811809cf4.txt"
SERIES = "dxtaisho2022"
CASEBOOK = "日本DX大賞2022 行政機関部門"
_SECTIONS = ("都道府県におけるDX事例", "市町村におけるDX事例")
_END = "日本デジタルトランスフォーメーション推進協会について"
_HEADING = re.compile(r"^【(?P<place>[^】]+)】(?P<title>.+)$")
EXPECTED_CASES = 8


def _is_caption(paragraph: str, place: str) -> bool:
    """The link caption closing each summary: "加古川市「…" or "群馬県「…"."""
    return any(paragraph.startswith(name + "「") for name in (place, place[3:], place[4:]) if name)


def parse_article(text: str) -> list[RawCase]:
    cases: list[RawCase] = []
    section: str | None = None
    current: tuple[str, str, str] | None = None  # section, place, title
    body: list[str] = []

    def close() -> None:
        if current is None:
            return
        sec, place, title = current
        paras = [p for p in paragraphs(body) if not _is_caption(p, place)]
        cases.append(RawCase(
            series=SERIES, casebook=CASEBOOK, category=(CASEBOOK, sec), title=title, place=place,
            has_body=True, sections=[TextSection("overview", "\n\n".join(paras))],
            source=SourceRef(document=DOCUMENT, casebook=CASEBOOK, role="primary", section=sec,
                             number=len(cases) + 1, listed_title=title),
        ))

    for line in text.split("\n"):
        stripped = line.strip()
        if stripped in _SECTIONS or stripped == _END:
            close()
            current, body = None, []
            section = stripped if stripped in _SECTIONS else None
            continue
        if (m := _HEADING.match(stripped)) and section:
            close()
            current, body = (section, m["place"], m["title"].strip()), []
        elif current is not None:
            body.append(line)
    if len(cases) != EXPECTED_CASES:
        raise BuildError(f"{DOCUMENT} の事例は{EXPECTED_CASES}件のはずですが {len(cases)} 件でした")
    return cases
