"""Parser for the 総務省 web page (002): the tables of contents of three casebooks, listing only."""

from __future__ import annotations

import re
from dataclasses import dataclass

from dxreader.core.model import SourceRef
from dxreader.databuild.errors import BuildError
from dxreader.databuild.raw import RawCase

DOCUMENT = "002_7c02130a31b6df9b.txt"


@dataclass(frozen=True)
class Listing:
    series: str
    casebook: str
    edition: str | None
    merge_into_full_casebook: bool  # True: the same cases as a fuller edition we also have


# The page lists three tables of contents one after the other; each restarts its numbering at 1.
LISTINGS = (
    Listing("taisei", "自治体DX推進参考事例集【1.体制整備】", "旧版", True),
    Listing("jinzai", "人材確保・育成事例集", None, False),
    Listing("gyomu", "フロントヤード・バックヤード業務改革事例集", None, False),
)

_ROW = re.compile(r"^(?P<num>\d{1,2})\s+(?P<title>.+?)\s*\|\s*(?P<place>[^|]+?)\s*\|\s*(?P<page>\d+)ページ\s*\|\s*$")
_SECTION = re.compile(r"^(?P<title>\(\d+\)\s*.+?)\s*\|\s*\|\|\s*$")
_GROUP = re.compile(r"^【(?P<title>.+?)】\s*\|\s*\|\|\s*$")


def _tidy_heading(text: str) -> str:
    """"(5)議会関連業務" → "(5) 議会関連業務", the spacing the other headings use."""
    return re.sub(r"^\((\d+)\)\s*", r"(\1) ", text)


def parse_listings(text: str) -> list[RawCase]:
    cases: list[RawCase] = []
    listing_index = -1
    group: str | None = None  # 【フロントヤード…】-style heading above sections, in one listing only
    group_is_new = False
    section: str | None = None
    expected = 1
    for line in text.split("\n"):
        text_line = line.strip()
        if m := _GROUP.match(text_line):
            group, group_is_new = m["title"].replace("(", "（").replace(")", "）"), True
            continue
        if m := _SECTION.match(text_line):
            section = _tidy_heading(m["title"])
            continue
        m = _ROW.match(text_line)
        if not m:
            continue
        number = int(m["num"])
        if number == 1:
            listing_index += 1
            expected = 1
            if not group_is_new:
                group = None
        group_is_new = False
        if number != expected or listing_index >= len(LISTINGS) or section is None:
            raise BuildError(f"目次の番号か節見出しが想定と違います（{DOCUMENT}）: {text_line}")
        expected += 1
        listing = LISTINGS[listing_index]
        path = tuple(x for x in (listing.casebook, group, section) if x)
        title = m["title"].strip()
        cases.append(RawCase(
            series=listing.series, casebook=listing.casebook, category=path, title=title,
            place=m["place"].strip(), has_body=False,
            source=SourceRef(document=DOCUMENT, casebook=listing.casebook, role="primary",
                             edition=listing.edition, section=path[-1], number=number,
                             page=int(m["page"]), listed_title=title),
        ))
    if listing_index != len(LISTINGS) - 1:
        raise BuildError(f"{DOCUMENT} の目次は {len(LISTINGS)} つのはずですが {listing_index + 1} つでした")
    return cases
