"""Parser for the full 体制整備 casebook (001): table of contents, legend, and each case's pages."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from dxreader.core.bands import LEGEND_MARKS
from dxreader.core.model import TEXT_SECTION_KINDS, SourceRef, TextSection
from dxreader.databuild import casepage
from dxreader.databuild.errors import BuildError
from dxreader.databuild.raw import RawCase
from dxreader.databuild.textblocks import tidy

SERIES = "taisei"
CASEBOOK = "自治体DX推進参考事例集【1.体制整備】"
EDITION = "第2.0版（令和6年4月24日）"

_TOC_ROW = re.compile(
    r"^\|\s*(?P<num>\d{1,2})\s+(?P<title>.+?)\s*\|\s*【(?P<place>.+?)】\s*\|"
    r"(?:\s*(?P<mark>[①⑤⑩③]+)\s*\|)?\s*…\s*\|\s*(?P<page>\d+)\s*\|\s*$"
)
_TOC_SECTION = re.compile(r"^(?P<mark>[①②③④⑤⑥⑦⑧⑨])\s+(?P<title>[^:：].+)$")
_LEGEND_ROW = re.compile(r"^(?P<mark>[①⑤⑩③]+|無し)\s*:\s*人口(?P<text>.+)の団体")
_HEADER = re.compile(r"^(?P<num>\d{1,2}) (?P<title>.+?)【(?P<place>.+?)】\s*$")
_STRUCTURE_START = "体制整備参考事例集の構成"
_HEADINGS = ("事業効果", "事業の概要", "コスト", "スケジュール", "サービス提供事業者等", "参考資料")


@dataclass(frozen=True)
class TocEntry:
    number: int
    title: str
    place: str
    mark: str  # "" where the table of contents prints no band mark
    page: int
    section: str


def _key(title: str) -> str:
    return unicodedata.normalize("NFKC", title).replace(" ", "")


def parse_toc(lines: list[str]) -> list[TocEntry]:
    entries: list[TocEntry] = []
    section = None
    for line in lines:
        text = line.strip()
        if _STRUCTURE_START in text:
            break
        if m := _TOC_SECTION.match(text):
            section = f"{casepage.circled_to_parenthesised(m['mark'])} {m['title'].strip()}"
        elif m := _TOC_ROW.match(text):
            if section is None:
                raise BuildError(f"目次の行が節の前にあります: {text}")
            entries.append(TocEntry(int(m["num"]), m["title"].strip(), m["place"], m["mark"] or "",
                                    int(m["page"]), section))
    numbers = [e.number for e in entries]
    if numbers != list(range(1, len(entries) + 1)):
        raise BuildError(f"体制整備の目次の番号が連続していません: {numbers}")
    return entries


def check_legend(lines: list[str]) -> None:
    """Every legend the casebook prints must say what core.bands.LEGEND_MARKS says."""
    expected = {mark or "無し" for mark in LEGEND_MARKS}
    legends = 0
    for i, line in enumerate(lines):
        if line.strip() != "【凡例】":
            continue
        legends += 1
        marks = {m["mark"] for l in lines[i + 1:i + 7] if (m := _LEGEND_ROW.match(l.strip()))}
        if marks != expected:
            raise BuildError(f"凡例の記号が想定と違います（{i + 1}行目）: {sorted(marks)}")
    if not legends:
        raise BuildError("体制整備事例集に凡例が見つかりません")


def _split_pages(lines: list[str], toc: list[TocEntry]) -> dict[int, list[list[str]]]:
    """Each case's pages: a page starts with the case's running header (number, title, place).

    The "構成" pages show a sample page carrying a real case's header; everything from the
    構成 heading to the first case's own header is skipped so none of its values leak.
    """
    by_number = {e.number: e for e in toc}
    start = next(i for i, l in enumerate(lines) if _STRUCTURE_START in l and "の構成" in l)
    first = next(
        i for i in range(start, len(lines))
        if (m := _HEADER.match(lines[i].strip())) and int(m["num"]) == 1
    )
    pages: dict[int, list[list[str]]] = {}
    current: list[str] | None = None
    for line in lines[first:]:
        m = _HEADER.match(line.strip())
        if m and int(m["num"]) in by_number:
            entry = by_number[int(m["num"])]
            if _key(m["title"]) != _key(entry.title) or m["place"] != entry.place:
                raise BuildError(f"事例{entry.number}の見出しが目次と一致しません: {line.strip()}")
            current = []
            pages.setdefault(entry.number, []).append(current)
        elif current is not None:
            current.append(line)
    missing = sorted(set(by_number) - set(pages))
    if missing:
        raise BuildError(f"本文が見つからない事例があります: {missing}")
    return pages


def _split_headings(lines: list[str]) -> list[tuple[str | None, list[str]]]:
    """A page cut at its headings: [(heading or None for the text before any heading, lines)]."""
    blocks: list[tuple[str | None, list[str]]] = [(None, [])]
    for line in lines:
        text = line.strip()
        if text in _HEADINGS:
            blocks.append((text, []))
        elif text == "担当部署" or text.startswith("担当部署 "):
            blocks.append(("担当部署", [text]))
        else:
            blocks[-1][1].append(line)
    return blocks


def _speaker_marker(text: str, place: str) -> bool:
    """Photo captions in interviews: "(総務省)" and "(舟形町)"-style lines."""
    if not (text.startswith("(") and text.endswith(")")):
        return False
    inner = text[1:-1]
    return inner == "総務省" or (bool(inner) and place.endswith(inner))


def _read_case(entry: TocEntry, pages: list[list[str]]) -> RawCase:
    case = RawCase(
        series=SERIES, casebook=CASEBOOK, category=(CASEBOOK, entry.section), title=entry.title,
        place=entry.place, has_body=True, band_mark=entry.mark,
        source=SourceRef(document="001_ff18e038920f8e0f.txt", casebook=CASEBOOK, role="primary",
                         edition=EDITION, section=entry.section, number=entry.number,
                         page=entry.page, listed_title=entry.title),
    )
    tail = casepage.Tail()
    texts: dict[str, tuple[list[str], int]] = {}

    def add_text(kind: str, lines: list[str], page: int) -> None:
        text = tidy(lines)
        if text:
            previous, first_page = texts.get(kind, ([], page))
            texts[kind] = ([*previous, "", text] if previous else [text], first_page)

    for index, raw_page in enumerate(pages):
        page = entry.page + index
        lines = [l for l in raw_page if not _speaker_marker(l.strip(), entry.place)]
        is_interview = any(l.strip() == "(総務省)" for l in raw_page)
        lines = casepage.take_tail(lines, tail)
        if is_interview:
            qa, note = casepage.parse_interview(lines)
            case.interview.extend(qa)
            add_text("note", note.split("\n"), page)
            continue
        blocks = _split_headings(lines)
        has_effects_heading = any(h == "事業効果" for h, _ in blocks)
        for heading, block in blocks:
            if heading is None:
                _read_preface(block, page, add_text, has_effects_heading)
            elif heading == "事業効果":
                add_text("effects", block, page)
            elif heading == "事業の概要":
                add_text("overview", block, page)
            elif heading == "参考資料":
                add_text("materials", block, page)
            elif heading == "コスト":
                case.costs.extend(casepage.parse_costs(block))
            elif heading == "スケジュール":
                case.schedule = casepage.parse_schedule(block)
            elif heading == "サービス提供事業者等":
                case.vendors.extend(casepage.parse_vendors(block))
            elif heading == "担当部署":
                contact = casepage.parse_contact_block(block)
                if contact:
                    case.contacts.append(contact)
    case.sections = [
        TextSection(kind, "\n".join(texts[kind][0]), texts[kind][1]) for kind in TEXT_SECTION_KINDS if kind in texts
    ]
    case.contacts.extend(tail.contacts)
    case.links, case.awards, case.interview_credit = tail.links, tail.awards, tail.credit
    case.population, case.population_as_of = tail.population, tail.population_as_of
    case.population_text = tail.population_text
    return case


def _read_preface(block: list[str], page: int, add_text, has_effects_heading: bool) -> None:  # type: ignore[no-untyped-def]
    """Text above the first heading of a page.

    A "➤" line is the case's Point. Bullets below a Point, with no heading of their own, are the
    effects (the 構成 pages: a case without an effects page prints its effects on the overview page).
    Bullets with no "➤" above an explicit 事業効果 heading are the Point.
    """
    point = [l.strip().removeprefix("➤").strip() for l in block if l.strip().startswith("➤")]
    others = [l for l in block if not l.strip().startswith("➤")]
    if point:
        add_text("point", point, page)
        add_text("effects", others, page)
    elif has_effects_heading:
        add_text("point", others, page)
    else:
        add_text("note", others, page)


def parse_casebook(text: str) -> list[RawCase]:
    lines = text.split("\n")
    check_legend(lines)
    toc = parse_toc(lines)
    pages = _split_pages(lines, toc)
    return [_read_case(entry, pages[entry.number]) for entry in toc]
