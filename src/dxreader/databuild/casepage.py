"""Reading the parts of a 体制整備-style case page: contacts, costs, schedule, vendors, interview, tail."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal

from dxreader.core.model import QA, Contact, Cost, Link, Schedule, ScheduleItem, Vendor
from dxreader.databuild.textblocks import is_blank, paragraphs, tidy

DASHES = {"－", "—", "-", "―", "ー", "－円", "-円"}
_LINK = re.compile(r"[（(]\s*<(?P<url>https?://[^>\s]+)>\s*[）)]")
_POPULATION = re.compile(r"^【参考情報】\s*(?P<name>.+?)人口：(?P<num>[\d.]+)万人（(?P<asof>.+?)現在）")
_INLINE_CONTACT = re.compile(r"^【担当部署】\s*(?P<dept>.+?)（電話：(?P<phone>[^、]+)、メール：(?P<email>[^）]+)）\s*$")
_CREDIT = re.compile(r"^☆担当：(?P<credit>.+?)☆\s*$")
_AMOUNT = re.compile(r"^約?(?P<num>[\d,]+(?:\.\d+)?)\s*(?P<unit>千万|百万|千|万|億)?円$")
_UNITS = {None: 1, "千": 1_000, "万": 10_000, "百万": 1_000_000, "千万": 10_000_000, "億": 100_000_000}
_AWARD_BREAK = re.compile(r"(?<=受賞)\s+")
_SCHEDULE_ITEM = re.compile(r"^-\s*(?P<period>\S+)\s+(?P<desc>.+)$")
_QUESTION_ENDINGS = ("ください。", "ましたか。", "ますか。", "？", "?")


@dataclass
class Tail:
    """The lines that close a case: 参考情報, 関連URL, 受賞歴等, 担当部署 and the interviewee credit."""

    population: int | None = None
    population_as_of: str | None = None
    population_text: str | None = None
    links: list[Link] = field(default_factory=list)
    awards: list[str] = field(default_factory=list)
    contacts: list[Contact] = field(default_factory=list)
    credit: str | None = None


def parse_links(line: str) -> list[Link]:
    """"label（<url>）" pairs; a label runs from the previous link (or the line start) to its URL."""
    links = []
    start = 0
    for m in _LINK.finditer(line):
        label = line[start:m.start()].strip().removeprefix("関連URL：").strip()
        links.append(Link(label=label, url=m["url"]))
        start = m.end()
    return links


def split_awards(text: str) -> list[str]:
    """One 受賞歴等 line may name several awards, each closed by 「受賞」: one entry per award."""
    return [part for part in _AWARD_BREAK.split(text) if part]


def man_to_int(number: str) -> int:
    """"0.5" (万人) → 5000, exactly (no floating point)."""
    return int(Decimal(number) * 10_000)


def take_tail(lines: list[str], tail: Tail) -> list[str]:
    """Move the closing lines of a page into `tail`; return the other lines in order."""
    rest: list[str] = []
    state = None  # "urls" or "award" while continuation lines may follow
    for line in lines:
        text = line.strip()
        if not text:
            rest.append(line)
            continue
        if m := _POPULATION.match(text):
            tail.population = man_to_int(m["num"])
            tail.population_as_of = m["asof"]
            tail.population_text = f"{m['num']}万人（{m['asof']}現在）"
            state = None
        elif text.startswith("関連URL："):
            tail.links.extend(parse_links(text))
            state = "urls"
        elif text.startswith("受賞歴等："):
            tail.awards.extend(split_awards(text.removeprefix("受賞歴等：").strip()))
            state = "award"
        elif m := _INLINE_CONTACT.match(text):
            tail.contacts.append(Contact(m["dept"].strip(), m["phone"].strip(), m["email"].strip()))
            state = None
        elif m := _CREDIT.match(text):
            tail.credit = m["credit"].strip()
            state = None
        elif state == "urls" and "<http" in text:
            tail.links.extend(parse_links(text))
        elif state == "award" and "<http" in text:
            url = re.search(r"<(https?://[^>\s]+)>", text)
            if url:
                tail.links.append(Link(label=f"受賞歴等：{tail.awards[-1]}", url=url[1]))
        else:
            state = None
            rest.append(line)
    return rest


def parse_contact_block(lines: list[str]) -> Contact | None:
    """担当部署 / 電話 / メール printed as separate lines (the 事業効果・コスト page layout)."""
    department: list[str] = []
    phone = email = None
    for raw in lines:
        text = raw.strip().removeprefix("担当部署").strip()
        if not text:
            continue
        if text.startswith("電話"):
            phone = text.removeprefix("電話").strip(" ：:")
        elif text.startswith("メール"):
            email = text.removeprefix("メール").strip(" ：:")
        else:
            department.append(text)
    if not department:
        return None
    return Contact("".join(department), phone, email)


def amount_yen(text: str) -> int | None:
    m = _AMOUNT.match(text.strip())
    if not m:
        return None
    return int(Decimal(m["num"].replace(",", "")) * _UNITS[m["unit"]])


def _cells(lines: list[str]) -> list[str]:
    """A cost block as a flat sequence of cells, whether printed as a table or as lines."""
    cells = []
    for line in lines:
        text = line.strip()
        if not text or text.startswith("※") or set(text) <= set("|-: "):
            continue
        if text.startswith("|"):
            cells.extend(c.strip() for c in text.strip("|").split("|") if c.strip())
        else:
            cells.append(text)
    return cells


def _is_cost_label(cell: str) -> bool:
    return cell.startswith(("イニシャルコスト", "ランニングコスト", "(内訳)", "(備考)"))


def parse_costs(lines: list[str]) -> list[Cost]:
    """Initial and running cost with their breakdown and remarks, in the order the page prints them."""
    cells = _cells(lines)
    fields: dict[str, dict[str, str]] = {"initial": {}, "running": {}}
    seen = {"(内訳)": 0, "(備考)": 0}
    i = 0
    while i < len(cells):
        cell = cells[i]
        value = cells[i + 1] if i + 1 < len(cells) and not _is_cost_label(cells[i + 1]) else None
        if cell.startswith("イニシャルコスト") or cell.startswith("ランニングコスト"):
            kind = "initial" if cell.startswith("イニシャル") else "running"
            fields[kind]["label"] = cell
            fields[kind]["amount"] = value or ""
        elif cell.startswith(("(内訳)", "(備考)")):
            prefix = cell[:4]
            kind = "initial" if seen[prefix] == 0 else "running"
            seen[prefix] += 1
            own = cell[4:].strip(" ・")
            detail = " ".join(x for x in (own, value or "") if x and x not in DASHES)
            if prefix == "(内訳)" and value and amount_yen(value) is None and value not in DASHES:
                detail = own  # a following cell that is no amount is not this row's value
                value = None
            fields[kind]["breakdown" if prefix == "(内訳)" else "remarks"] = detail
        i += 2 if value is not None else 1
    costs = []
    for kind, f in fields.items():
        if "label" not in f:
            continue
        amount = f["amount"]  # as printed, "(非公表)" with its brackets: no silent change
        costs.append(Cost(
            kind=kind, label=f["label"], amount_text=amount, amount_yen=amount_yen(amount),
            breakdown=f.get("breakdown") or None, remarks=f.get("remarks") or None,
        ))
    return costs


def parse_schedule(lines: list[str]) -> Schedule:
    lead_time = None
    items: list[ScheduleItem] = []
    for raw in lines:
        text = raw.strip()
        if not text or text in DASHES or text.startswith("スケジュールの内"):
            continue
        if text.startswith("検討開始から導入までの期間"):
            value = text.removeprefix("検討開始から導入までの期間").strip()
            lead_time = value if value and value not in DASHES else None
        elif m := _SCHEDULE_ITEM.match(text):
            items.append(ScheduleItem(m["period"], m["desc"].strip()))
        elif lead_time is None and not items and "期間" not in text:
            lead_time = text
    return Schedule(lead_time=lead_time, items=tuple(items))


_VENDOR_LABELS = ("サービス提供事業者", "サービス名", "運用形態", "その他参画主体")


def parse_vendors(lines: list[str]) -> list[Vendor]:
    """Labels and values in print order; a run of labels takes the following values in turn."""
    joined = "\n".join(line.strip() for line in lines if not is_blank(line))
    joined = joined.replace("サービス\n提供事業者", "サービス提供事業者").replace("その他\n参画主体", "その他参画主体")
    pending: list[str] = []
    values: dict[str, list[str]] = {}
    last: str | None = None
    for token in joined.split("\n"):
        if token in _VENDOR_LABELS:
            pending.append(token)
            values.setdefault(token, [])
            continue
        if pending:
            last = pending.pop(0)
        if last is not None:
            values[last].append(token)
    vendors = []
    for label in _VENDOR_LABELS:
        text = "\n".join(v for v in values.get(label, []) if v not in DASHES)
        if text:
            vendors.append(Vendor(role=label, value=text))
    return vendors


def _is_question(paragraph: str) -> bool:
    text = paragraph.replace("**", "").strip()
    return (
        "\n" not in text
        and len(text) <= 90
        and text.endswith(_QUESTION_ENDINGS)
        and not text.startswith(("-", "・", "※", "|"))
    )


def parse_interview(lines: list[str]) -> tuple[list[QA], str]:
    """Question/answer pairs; text before the first question is returned as a note."""
    pairs: list[QA] = []
    preface: list[str] = []
    question: str | None = None
    answer: list[str] = []
    for paragraph in paragraphs(lines):
        if _is_question(paragraph):
            if question is not None:
                pairs.append(QA(question, "\n\n".join(answer)))
            question, answer = paragraph.replace("**", "").strip(), []
        elif question is None:
            preface.append(paragraph)
        else:
            answer.append(paragraph)
    if question is not None:
        pairs.append(QA(question, "\n\n".join(answer)))
    return pairs, tidy("\n\n".join(preface).split("\n"))


def circled_to_parenthesised(mark: str) -> str:
    """"①" → "(1)", the numbering the other listings use for sections."""
    return f"({unicodedata.normalize('NFKC', mark)})"
