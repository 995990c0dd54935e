"""What a parser reads out of one source entry, before names are resolved and IDs assigned."""

from __future__ import annotations

from dataclasses import dataclass, field

from dxreader.core.model import QA, Contact, Cost, Link, Schedule, SourceRef, TextSection, Vendor


@dataclass
class RawCase:
    series: str  # edition-independent key of the casebook the case belongs to (part of its ID)
    casebook: str
    category: tuple[str, ...]  # from the casebook root
    title: str
    place: str | None  # as printed, e.g. "福島県西会津町"; None when the source names no municipality
    source: SourceRef
    has_body: bool
    band_mark: str | None = None  # the casebook's legend mark, where it prints one ("" = no mark)
    population: int | None = None
    population_as_of: str | None = None
    population_text: str | None = None
    sections: list[TextSection] = field(default_factory=list)
    costs: list[Cost] = field(default_factory=list)
    schedule: Schedule | None = None
    vendors: list[Vendor] = field(default_factory=list)
    contacts: list[Contact] = field(default_factory=list)
    interview: list[QA] = field(default_factory=list)
    interview_credit: str | None = None
    links: list[Link] = field(default_factory=list)
    awards: list[str] = field(default_factory=list)
    also_listed: list[SourceRef] = field(default_factory=list)
