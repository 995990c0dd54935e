"""Cleaning the extracted text of a case, class by class (core.debris names the classes the lint counts).

Every change here is a rule applied to a whole class of extraction debris, never a fix of one spot: the
source files stay untouched, source typos are corrected only through data/curation/corrections.csv, and
the build reports how often each rule fired (`dxreader-cli build-data` prints it)."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace

from dxreader.core.debris import (
    HTML_TAG, JAPANESE, SPACE_BETWEEN_JAPANESE, URL, is_screenshot_line, is_table_row,
)
from dxreader.core.model import QA, Case, Contact, Cost, Link, Schedule, ScheduleItem, TextSection, Vendor

CELL_LINE_BREAK = "／"  # a line break inside a table cell, where the extraction left a space
_ANGLE_URL = re.compile(r"\s*[（(]\s*<(?P<url>https?://[^>\s]+)>\s*[）)]|<(?P<bare>https?://[^>\s]+)>")
_URL_LINE = re.compile(r"^https?://\S+$")
_CELL_HTML_LIST = re.compile(r"</?(?:ul|ol|li)(?:\s[^<>]*)?>|<br\s*/?>")
_BRACKET_LABEL = re.compile(r"^(?:<[^<>]+>|＜[^＜＞]+＞|〔[^〔〕]+〕|【[^【】]+】|\[[^\[\]]+\])$")
_DOUBLED_BULLET = re.compile(r"^(\s*)-\s+[・●]\s*")
_BULLET_SPACE = re.compile(r"^(\s*)・\s+")
_LABEL_MAX = 16  # a figure label's line is short; a sentence's line is not
_SENTENCE_END = ("。", "．", "！", "？", ":", "：")


class Cleaner:
    """Cleans one case's texts; counts every change by class in `report`."""

    def __init__(self) -> None:
        self.report: Counter[str] = Counter()
        self._links: list[Link] = []

    # --- single lines (titles, labels, names) ------------------------------------------------
    def line(self, text: str) -> str:
        text = self._markdown(text)
        return self._join_japanese(text)

    def optional(self, text: str | None) -> str | None:
        return None if text is None else self.line(text)

    # --- text blocks (sections, answers) --------------------------------------------------------
    def block(self, text: str) -> str:
        lines = self._drop_screenshot(text.split("\n"))
        lines = self._urls_to_links(lines)
        text = "\n".join(self._bullets(ln) for ln in lines)
        text = self._markdown(text)
        text = self._html_in_cells(text)
        blocks = [self._block_lines(b) for b in re.split(r"\n\s*\n", text)]
        blocks = self._figures([b for block in blocks for b in self._split_tables(block)])
        return "\n\n".join("\n".join(b) for b in blocks if b).strip()

    def _drop_screenshot(self, lines: list[str]) -> list[str]:
        """From the first line read off a browser screenshot to the end: the picture, not the case's text."""
        start = next((i for i, ln in enumerate(lines) if is_screenshot_line(ln)), None)
        if start is None:
            return lines
        self.report["screenshot"] += sum(1 for ln in lines[start:] if ln.strip())
        return lines[:start]

    def _urls_to_links(self, lines: list[str]) -> list[str]:
        """An address in the text goes to the case's 関連URL (labelled by its text); the text keeps the words."""
        out: list[str] = []
        for line in lines:
            if _URL_LINE.match(line.strip()):
                label = next((ln.strip().lstrip("-・●※ ") for ln in reversed(out) if ln.strip()), "")
                self._add_link(label, line.strip())
                continue
            found = list(_ANGLE_URL.finditer(line))
            if found:
                text = _ANGLE_URL.sub("", line).rstrip()
                for m in found:
                    self._add_link(text.strip().lstrip("※").strip(), m["url"] or m["bare"])
                line = text
            out.append(line)
        return out

    def _add_link(self, label: str, url: str) -> None:
        self.report["url_outside_links"] += 1
        self._links.append(Link(label=self._join_japanese(self._markdown(label)) or url, url=url))

    def _bullets(self, line: str) -> str:
        """"- ・ 語" and "・ 語": one list mark, no space after it."""
        fixed = _DOUBLED_BULLET.sub(r"\1- ", line)
        fixed = _BULLET_SPACE.sub(r"\1・", fixed)
        if fixed != line:
            self.report["doubled_bullet"] += 1
        return fixed

    def _markdown(self, text: str) -> str:
        n = text.count("**")
        if n:
            self.report["markdown"] += n
        return text.replace("**", "")

    def _html_in_cells(self, text: str) -> str:
        """HTML lists inside table cells: the tags go, the items stay as the 「・」/「①」 items they print."""
        def cell_lists(line: str) -> str:
            if not HTML_TAG.search(line):
                return line
            self.report["html_tag"] += len(HTML_TAG.findall(line))
            return re.sub(r"\s{2,}", " ", _CELL_HTML_LIST.sub(" ", line))
        return "\n".join(cell_lists(ln) for ln in text.split("\n"))

    def _block_lines(self, block: str) -> list[str]:
        lines = [ln.rstrip() for ln in block.split("\n") if ln.strip()]
        out = []
        for ln in lines:
            if is_table_row(ln):
                out.append(self._table_row(ln))
            else:
                out.append(self._join_japanese(ln))
        return out

    def _table_row(self, row: str) -> str:
        """Inside a cell, a space between two Japanese letters is a line break of the printed cell."""
        n = len(SPACE_BETWEEN_JAPANESE.findall(row))
        if n:
            self.report["space_between_japanese"] += n
        return SPACE_BETWEEN_JAPANESE.sub(CELL_LINE_BREAK, row)

    def _join_japanese(self, text: str) -> str:
        """A space between two Japanese letters is a line join, not a word break: the sentence as printed."""
        n = len(SPACE_BETWEEN_JAPANESE.findall(text))
        if n:
            self.report["space_between_japanese"] += n
        return SPACE_BETWEEN_JAPANESE.sub("", text)

    def _split_tables(self, lines: list[str]) -> list[list[str]]:
        """A heading and a table in one block become two blocks, so the table is read as a table."""
        groups: list[list[str]] = []
        for ln in lines:
            if groups and is_table_row(ln) == is_table_row(groups[-1][-1]):
                groups[-1].append(ln)
            else:
                if groups:
                    self.report["table_with_heading"] += 1
                groups.append([ln])
        return groups

    def _figures(self, blocks: list[list[str]]) -> list[list[str]]:
        """Labels of a figure the text does not reproduce: broken lines joined, shown as 「（図：…）」."""
        out: list[list[str]] = []
        for i, block in enumerate(blocks):
            joined = _is_broken_label(block)
            if joined:
                block = [_join_fragments(block)]
                self.report["broken_label"] += 1
            following = blocks[i + 1] if i + 1 < len(blocks) else None
            if len(block) == 1 and _names_a_figure(block[0], following, joined):
                block = [f"（図：{_unbracket(block[0])}）"]
                self.report["figure_caption"] += 1
            out.append(block)
        return out

    # --- the whole case --------------------------------------------------------------------------
    def case(self, case: Case) -> Case:
        self._links = []
        b, ln, opt = self.block, self.line, self.optional
        cleaned = replace(
            case,
            title=ln(case.title),
            sections=tuple(TextSection(s.kind, b(s.text), s.page) for s in case.sections),
            costs=tuple(Cost(c.kind, ln(c.label), c.amount_text, c.amount_yen, opt(c.breakdown), opt(c.remarks))
                        for c in case.costs),
            schedule=(Schedule(opt(case.schedule.lead_time),
                               tuple(ScheduleItem(i.period, ln(i.description)) for i in case.schedule.items))
                      if case.schedule else None),
            vendors=tuple(Vendor(v.role, b(v.value)) for v in case.vendors),
            contacts=tuple(Contact(ln(c.department), c.phone, c.email, opt(c.note)) for c in case.contacts),
            interview=tuple(QA(ln(q.question), b(q.answer)) for q in case.interview),
            interview_credit=opt(case.interview_credit),
            links=tuple(Link(ln(link.label), link.url) for link in case.links),
            awards=tuple(ln(a) for a in case.awards),
        )
        known = {link.url for link in cleaned.links}
        extra = []
        for link in self._links:
            if link.url not in known:
                known.add(link.url)
                extra.append(link)
        return replace(cleaned, links=cleaned.links + tuple(extra))


def _is_broken_label(block: list[str]) -> bool:
    """Two or more short lines, none a sentence, a list item, a table row or a bracketed label."""
    return len(block) >= 2 and all(
        _width(ln.strip()) <= _LABEL_MAX and not ln.strip().endswith(_SENTENCE_END)
        and not ln.lstrip().startswith(("-", "・", "※", "○", "✓", "(", "（")) and not is_table_row(ln)
        and not _BRACKET_LABEL.match(ln.strip()) and "：" not in ln and ":" not in ln
        for ln in block
    )


def _width(text: str) -> float:
    """Printed width in full-width letters: Latin letters and digits take half."""
    return sum(0.5 if ord(ch) < 0x80 else 1 for ch in text)


def _join_fragments(block: list[str]) -> str:
    joined = block[0].strip()
    for ln in block[1:]:
        ln = ln.strip()
        glue = " " if re.match(r"[A-Za-z0-9]", joined[-1:]) or re.match(r"[A-Za-z0-9]", ln[:1]) else ""
        joined += glue + ln
    return joined


def _names_a_figure(line: str, following: list[str] | None, joined: bool) -> bool:
    """A bracketed label (or a logo's lettering broken over lines) with nothing of its own below it (the
    end, another label, a figure, a footnote) names a figure the text does not reproduce."""
    text = line.strip()
    if not (_BRACKET_LABEL.match(text) or (joined and _is_logo(text))):
        return False
    if following is None:
        return True
    first = following[0].strip()
    return bool(_BRACKET_LABEL.match(first)) or first.startswith(("※", "（図："))


def _is_logo(text: str) -> bool:
    """A joined label that mixes Latin words with Japanese and ends without a sentence: a logo's lettering."""
    return bool(re.search(r"[A-Za-z]{3,}", text)) and bool(re.search(JAPANESE, text)) and len(text) <= 40 \
        and not text.endswith(_SENTENCE_END) and not URL.search(text)


def _unbracket(text: str) -> str:
    return text[1:-1].strip() if _BRACKET_LABEL.match(text) else text
