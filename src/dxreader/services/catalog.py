"""The casebook as the console tool and the GUI present it: JSON records, a readable text, counts."""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict
from typing import Any

from dxreader.core.bands import BAND_LABELS
from dxreader.core.model import SECTION_HEADINGS, TEXT_SECTION_KINDS, Case, SourceRef
from dxreader.core.population import POPULATION_SOURCES, population_label
from dxreader.core.text import plain
from dxreader.storage.casebook import Casebook

BODY_MISSING = "この事例は目次にのみ掲載されており、本文は収録資料にありません。"
FULL_TEXT_HEADING = "本文の所在（事例集の原本）"
NOT_STATED = "収録資料に記載がありません"


def population_line(case: Case) -> str:
    """「人口 6.7万人（令和2年国勢調査）　区分 5万人以上10万人未満」: the figure, its source and the band."""
    band = f"区分 {case.population_band or '人口区分不明'}"
    if case.population is None:
        reason = case.population_note or ("出典に団体名の記載がないため" if case.municipality is None else "出典に記載なし")
        return f"人口不明（{reason}）　{band}"
    return f"人口 {population_label(case)}　{band}"


def card_meta(case: Case) -> str:
    """The second line of a result card: place, population with its source and band, casebook › section."""
    section = " › ".join(case.category[1:]) if len(case.category) > 1 else ""
    population = (f"人口 {population_label(case)}・{case.population_band}" if case.population is not None
                  else "人口不明")
    return (f"{place_label(case)}　|　{population}　|　{case.casebook}"
            + (f" › {section}" if section else ""))


def place_label(case: Case) -> str:
    if case.municipality is None:
        return f"団体不明（{case.municipality_note}）"
    if case.kind == "都道府県":
        return case.municipality
    return f"{case.prefecture}{case.municipality}"


def place_in_source(ref: SourceRef) -> str:
    """「事例7・20ページ」: the case's number and page in its document as one place, read as one ('' if neither)."""
    where = [f"事例{ref.number}"] if ref.number is not None else []
    where += [f"{ref.page}ページ"] if ref.page is not None else []
    return "・".join(where)


class Catalog:
    """Case records with their 出典 resolved against the documents table."""

    def __init__(self, casebook: Casebook) -> None:
        self.casebook = casebook
        self._documents = {d["file"]: d for d in casebook.documents()}

    def cases(self) -> list[Case]:
        return self.casebook.cases()

    def get(self, case_id: str) -> Case | None:
        return self.casebook.get(case_id)

    def citation(self, ref: SourceRef) -> str:
        """出典 line: publisher, document title, date, and where in it the case stands."""
        doc = self._documents[ref.document]
        parts = [doc["citation"]]
        if doc["kind"] == "listing":  # the page lists several casebooks: say which one, and its edition
            parts.append(f"『{ref.casebook}』目次" + (f"（{ref.edition}）" if ref.edition else ""))
        if ref.section:
            parts.append(ref.section)
        if place_in_source(ref):
            parts.append(place_in_source(ref))
        return " ".join(parts)

    def full_text_location(self, case: Case) -> list[tuple[str, str]]:
        """Where a listing-only case's full text is, as (label, value) pairs, only from what the sources state."""
        ref = case.primary_source
        doc = self._documents[ref.document]
        place = "、".join(x for x in (f"事例{ref.number}" if ref.number is not None else "",
                                      f"{ref.page}ページ" if ref.page is not None else "") if x)
        return [
            ("事例集", f"『{ref.casebook}』"),
            ("版", ref.edition or NOT_STATED),
            ("節", ref.section or NOT_STATED),
            ("事例番号とページ", place or NOT_STATED),
            ("発行者（目次の掲載元）", doc["publisher"]),
            ("目次を載せた資料", doc["citation"]),
            ("資料のアドレス", doc["url"] or f"{NOT_STATED}（IT担当者には上の事例集名・版・事例番号とページを伝えてください）"),
        ]

    def source_record(self, ref: SourceRef) -> dict[str, Any]:
        doc = self._documents[ref.document]
        return {**asdict(ref), "publisher": doc["publisher"], "document_title": doc["title"],
                "citation": self.citation(ref)}

    def summary(self, case: Case) -> dict[str, Any]:
        """The `cases --json` record (a contract other parts rely on)."""
        return {
            "id": case.id,
            "title": case.title,
            "municipality": case.municipality,
            "prefecture": case.prefecture,
            "kind": case.kind,
            "municipality_code": case.municipality_code,
            "region": case.region,
            "casebook": case.casebook,
            "category": list(case.category),
            "population": case.population,
            "population_as_of": case.population_as_of,
            "population_band": case.population_band,
            "population_source": case.population_source,
            "population_note": case.population_note,
            "has_body": case.has_body,
            "contacts": [{"department": c.department, "phone": c.phone, "email": c.email} for c in case.contacts],
            "source": self.source_record(case.primary_source),
        }

    def detail(self, case: Case) -> dict[str, Any]:
        """The `show --json` record: the summary plus every part of the case."""
        return {
            **self.summary(case),
            "municipality_kana": case.municipality_kana,
            "municipality_note": case.municipality_note,
            "contacts": [asdict(c) for c in case.contacts],
            "sources": [self.source_record(s) for s in case.sources],
            "sections": [{"kind": s.kind, "heading": s.heading, "text": s.text, "page": s.page}
                         for s in case.sections],
            "costs": [asdict(c) for c in case.costs],
            "schedule": asdict(case.schedule) if case.schedule else None,
            "vendors": [asdict(v) for v in case.vendors],
            "interview": [asdict(q) for q in case.interview],
            "interview_credit": case.interview_credit,
            "links": [asdict(link) for link in case.links],
            "awards": list(case.awards),
        }

    def render_text(self, case: Case) -> str:
        """The whole case as plain text, in the casebook's order."""
        out = [f"【{case.title}】", f"ID: {case.id}", f"団体: {place_label(case)}"
               + (f"（{case.kind}）" if case.kind and case.kind != "都道府県" else "")]
        out.append(population_line(case))
        out.append("分類: " + " › ".join(case.category))
        out.extend(f"出典: {self.citation(s)}" for s in case.sources)
        if not case.has_body:
            out += ["", BODY_MISSING, f"■ {FULL_TEXT_HEADING}"]
            out += [f"{label}: {value}" for label, value in self.full_text_location(case)]
        blocks: list[tuple[str, str]] = [(s.heading, s.text) for s in case.sections if s.kind in ("point", "overview", "effects")]
        for kind in ("cost", "schedule", "vendors", "contact", "interview", "reference_info", "urls", "awards"):
            text = part_text(case, kind)
            if text is not None:
                blocks.append((SECTION_HEADINGS[kind], text))
        blocks += [(s.heading, s.text) for s in case.sections if s.kind in ("materials", "note")]
        for heading, text in blocks:
            out += ["", f"■ {heading}", plain(text)]
        return "\n".join(out) + "\n"

    def stats(self) -> dict[str, Any]:
        cases = self.cases()
        bands = Counter(c.population_band for c in cases)
        sources = Counter(c.population_source for c in cases)
        return {
            "total": len(cases),
            "with_body": sum(c.has_body for c in cases),
            "listing_only": sum(not c.has_body for c in cases),
            "with_contact": sum(bool(c.contacts) for c in cases),
            "by_casebook": dict(Counter(c.casebook for c in cases)),
            "by_section": dict(Counter(" › ".join(c.category) for c in cases)),
            "by_prefecture": dict(sorted(Counter(c.prefecture or "（不明）" for c in cases).items(),
                                         key=lambda kv: -kv[1])),
            "by_band": {label: bands.get(label, 0) for label in BAND_LABELS} | {"不明": bands.get(None, 0)},
            "by_population_source": {source: sources.get(source, 0) for source in POPULATION_SOURCES}
                                    | {"不明": sources.get(None, 0)},
            "by_kind": dict(Counter(c.kind or "（不明）" for c in cases)),
        }


def contact_text(case: Case, index: int = 0) -> str:
    """One contact block as plain text that pastes cleanly into a mail."""
    c = case.contacts[index]
    lines = [f"団体: {place_label(case)}", f"担当部署: {c.department}"]
    if c.phone:
        lines.append(f"電話: {c.phone}")
    if c.email:
        lines.append(f"メール: {c.email}")
    if c.note:
        lines.append(f"備考: {c.note}")
    return "\n".join(lines)


def part_text(case: Case, kind: str) -> str | None:
    """One part of the case (a SECTION_HEADINGS key) as the text `show` prints, or None when the case has none."""
    if kind in TEXT_SECTION_KINDS:
        section = case.section(kind)
        return section.text if section else None
    if kind == "cost" and case.costs:
        return "\n".join(f"{c.label}: {c.amount_text}" + (f"（内訳: {c.breakdown}）" if c.breakdown else "")
                         + (f"（備考: {c.remarks}）" if c.remarks else "") for c in case.costs)
    if kind == "schedule" and case.schedule and (case.schedule.lead_time or case.schedule.items):
        lines = [f"検討開始から導入までの期間: {case.schedule.lead_time or '－'}"]
        return "\n".join(lines + [f"{i.period}　{i.description}" for i in case.schedule.items])
    if kind == "vendors" and case.vendors:
        return "\n".join(f"{v.role}: {v.value}" for v in case.vendors)
    if kind == "contact" and case.contacts:
        return "\n\n".join(contact_text(case, i) for i in range(len(case.contacts)))
    if kind == "interview" and case.interview:
        qa = [f"Q. {q.question}\nA. {q.answer}" for q in case.interview]
        return "\n\n".join(qa + ([f"（担当：{case.interview_credit}）"] if case.interview_credit else []))
    if kind == "reference_info" and case.population_source == "case":
        return f"人口：{population_label(case)}"
    if kind == "urls" and case.links:
        return "\n".join(f"{link.label}: {link.url}" for link in case.links)
    if kind == "awards" and case.awards:
        return "\n".join(case.awards)
    return None
