"""Plain dataclasses for a case and its parts, as the casebook's own page layout defines them."""

from __future__ import annotations

from dataclasses import dataclass

# The order in which the casebook presents a case ("構成" pages), with the Japanese heading of each.
SECTION_HEADINGS: dict[str, str] = {
    "point": "Point",
    "overview": "事業の概要",
    "effects": "事業効果",
    "cost": "コスト",
    "schedule": "スケジュール",
    "vendors": "サービス提供事業者等",
    "contact": "担当部署",
    "interview": "インタビュー",
    "reference_info": "参考情報",
    "urls": "関連URL",
    "awards": "受賞歴等",
    "materials": "参考資料",
    "note": "備考",
}
TEXT_SECTION_KINDS = ("point", "overview", "effects", "materials", "note")


@dataclass(frozen=True)
class Contact:
    department: str
    phone: str | None = None
    email: str | None = None
    note: str | None = None


@dataclass(frozen=True)
class Cost:
    kind: str  # "initial" or "running"
    label: str  # as printed, e.g. "イニシャルコスト ※税抜"
    amount_text: str  # as printed, e.g. "31,415千円", "－円", "(非公表)"
    amount_yen: int | None  # None where no amount is stated
    breakdown: str | None = None
    remarks: str | None = None


@dataclass(frozen=True)
class ScheduleItem:
    period: str
    description: str


@dataclass(frozen=True)
class Schedule:
    lead_time: str | None  # 検討開始から導入までの期間
    items: tuple[ScheduleItem, ...] = ()


@dataclass(frozen=True)
class Vendor:
    role: str  # サービス提供事業者 / サービス名 / 運用形態 / その他参画主体
    value: str


@dataclass(frozen=True)
class QA:
    question: str
    answer: str


@dataclass(frozen=True)
class Link:
    label: str
    url: str


@dataclass(frozen=True)
class TextSection:
    kind: str  # one of TEXT_SECTION_KINDS
    text: str
    page: int | None = None

    @property
    def heading(self) -> str:
        return SECTION_HEADINGS[self.kind]


@dataclass(frozen=True)
class SourceRef:
    """Where a case is printed or listed: the 出典 the reader shows."""

    document: str  # file name under data/sources
    casebook: str
    role: str  # "primary" (where the case is recorded) or "secondary" (also listed there)
    edition: str | None = None
    section: str | None = None
    number: int | None = None
    page: int | None = None
    listed_title: str | None = None


@dataclass(frozen=True)
class Case:
    id: str
    title: str
    casebook: str
    category: tuple[str, ...]  # path from the casebook root
    municipality: str | None  # e.g. "西会津町"; the prefecture itself for a prefecture's case
    prefecture: str | None
    kind: str | None  # 都道府県 / 市 / 区 / 町 / 村
    municipality_code: str | None
    municipality_kana: str | None
    region: str | None
    population: int | None
    population_as_of: str | None  # ISO date the figure is as of (a case's own date, or the census day)
    population_band: str | None
    population_source: str | None  # core.population.CASE or CENSUS_2020; None when unknown
    population_note: str | None  # why the population is unknown, when it is
    has_body: bool  # False for a case known only from a table of contents
    municipality_note: str | None  # why municipality is empty, when it is
    sources: tuple[SourceRef, ...]
    sections: tuple[TextSection, ...] = ()
    costs: tuple[Cost, ...] = ()
    schedule: Schedule | None = None
    vendors: tuple[Vendor, ...] = ()
    contacts: tuple[Contact, ...] = ()
    interview: tuple[QA, ...] = ()
    interview_credit: str | None = None
    links: tuple[Link, ...] = ()
    awards: tuple[str, ...] = ()

    @property
    def primary_source(self) -> SourceRef:
        return next(s for s in self.sources if s.role == "primary")

    def section(self, kind: str) -> TextSection | None:
        return next((s for s in self.sections if s.kind == kind), None)
