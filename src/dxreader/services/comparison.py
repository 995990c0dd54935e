"""Side-by-side comparison of 2 or 3 cases: which parts of a case fill which row (the one mapping from the
casebook's headings to the comparison), the comparison as plain rows and columns that the window, the printed
table, the console tool and a workbook export all read, and the user's pick of cases to compare."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from dxreader.core.model import SECTION_HEADINGS, Case
from dxreader.core.text import plain
from dxreader.services.catalog import (
    BODY_MISSING, FULL_TEXT_HEADING, Catalog, part_text, place_label, population_line,
)

MIN_CASES, MAX_CASES = 2, 3
LIMIT_MESSAGE = (f"比較できるのは{MAX_CASES}件までです。比較からどれかを外してから追加してください"
                 "（「比較」ボタンの一覧、または比較の画面の「外す」）。")
NOT_STATED = "記載なし（この事例の資料にこの項目はありません）"
LISTING_ONLY = "記載なし（目次にのみ掲載の事例で、本文は収録資料にありません）"


@dataclass(frozen=True)
class RowSpec:
    key: str
    heading: str
    parts: tuple[str, ...]  # core.model.SECTION_HEADINGS keys shown in this row, in this order
    in_full: bool = True  # False: the row only names the parts a case has (they are on the case sheet)


# The one place that says which of the casebook's headings fill which row of a comparison. 「団体・人口」 and
# 「出典」 come from the case's own fields; 「ほかの記載」 names what the comparison leaves to the case sheet.
PLACE = RowSpec("place", "団体・人口", ())
ROWS: tuple[RowSpec, ...] = (
    PLACE,
    RowSpec("overview", "概要", ("point", "overview")),  # Point: the casebook's own one-line summary
    RowSpec("effects", "効果", ("effects",)),
    RowSpec("cost", "費用", ("cost",)),
    RowSpec("schedule", "スケジュール", ("schedule",)),
    RowSpec("vendors", "体制・事業者", ("vendors",)),  # サービス提供事業者等 (サービス名・運用形態・その他参画主体)
    RowSpec("contact", "連絡先", ("contact",)),
    RowSpec("others", "ほかの記載", ("interview", "urls", "awards", "materials", "note"), in_full=False),
    RowSpec("source", "出典", ()),
)


@dataclass(frozen=True)
class Cell:
    text: str  # plain text: the parts as `dxreader-cli show` prints them, or why there is nothing
    parts: tuple[str, ...] = ()  # the SECTION_HEADINGS keys the case has in this row
    stated: bool = True  # False: the case's sources say nothing for this row (the text says so)


@dataclass(frozen=True)
class Row:
    key: str
    heading: str
    cells: tuple[Cell, ...]  # one per case, in column order
    in_full: bool = True  # the cells' parts are shown in full (see RowSpec)


@dataclass(frozen=True)
class Comparison:
    cases: tuple[Case, ...]
    rows: tuple[Row, ...]

    def row(self, key: str) -> Row:
        return next(r for r in self.rows if r.key == key)

    def grid(self) -> list[list[str]]:
        """The comparison as a table of plain text: a header row (項目, each case's title), then one row per
        section (its heading, each case's cell): what a spreadsheet export writes."""
        header = ["項目", *(f"{c.title}（{place_label(c)}）" for c in self.cases)]
        return [header, *([row.heading, *(cell.text for cell in row.cells)] for row in self.rows)]

    def as_text(self) -> str:
        """For the console: each case numbered, then each row with every case's cell under its number."""
        out = [f"事例の比較（{len(self.cases)}件）"]
        out += [f"[{i}] {c.title}（{place_label(c)}、{c.id}）" for i, c in enumerate(self.cases, start=1)]
        for row in self.rows:
            out += ["", f"■ {row.heading}"]
            for i, cell in enumerate(row.cells, start=1):
                out.append(f"[{i}] " + cell.text.replace("\n", "\n    "))
        return "\n".join(out) + "\n"


def _place_cell(case: Case) -> Cell:
    kind = f"（{case.kind}）" if case.kind and case.kind != "都道府県" else ""
    lines = [f"団体: {place_label(case)}{kind}", population_line(case),  # the figure with its source and band
             "事例集: " + " › ".join(case.category)]
    return Cell("\n".join(lines), stated=case.municipality is not None)


def _listing_only_overview(case: Case, catalog: Catalog) -> Cell:
    location = [f"{label}: {value}" for label, value in catalog.full_text_location(case)]
    return Cell("\n".join([BODY_MISSING, f"{FULL_TEXT_HEADING}:", *location]), stated=False)


def _cell(case: Case, spec: RowSpec, catalog: Catalog) -> Cell:
    if spec is PLACE:
        return _place_cell(case)
    if spec.key == "source":
        return Cell("\n".join(catalog.citation(s) for s in case.sources))
    texts = [(kind, text) for kind in spec.parts if (text := part_text(case, kind)) is not None]
    if not spec.in_full and texts:  # named, not shown: the comparison keeps to the rows it compares
        names = "、".join(SECTION_HEADINGS[kind] for kind, _ in texts)
        return Cell(f"{names}（事例シートに全文）", tuple(kind for kind, _ in texts))
    if not texts:
        if case.has_body:
            return Cell(NOT_STATED, stated=False)
        return _listing_only_overview(case, catalog) if spec.key == "overview" else Cell(LISTING_ONLY, stated=False)
    if len(texts) == 1:
        return Cell(plain(texts[0][1]), (texts[0][0],))
    return Cell("\n\n".join(f"【{SECTION_HEADINGS[kind]}】\n{plain(text)}" for kind, text in texts),
                tuple(kind for kind, _ in texts))


def compare(cases: Sequence[Case], catalog: Catalog) -> Comparison:
    """The comparison of 1 to MAX_CASES different cases, in the order given (one case shows a single column)."""
    if not 1 <= len(cases) <= MAX_CASES:
        raise ValueError(f"比較できるのは1〜{MAX_CASES}件です（{len(cases)}件）")
    if len({c.id for c in cases}) != len(cases):
        raise ValueError("同じ事例が2回指定されています")
    rows = tuple(Row(spec.key, spec.heading, tuple(_cell(case, spec, catalog) for case in cases), spec.in_full)
                 for spec in ROWS)
    return Comparison(tuple(cases), rows)


class SelectionRefused(Exception):
    """A case that cannot be added to the comparison; the message says why, in Japanese."""


class ComparisonFull(SelectionRefused):
    """MAX_CASES are picked already."""


class ComparisonPick:
    """The cases the user has picked to compare (IDs, in the order added), at most MAX_CASES."""

    def __init__(self) -> None:
        self._ids: list[str] = []

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(self._ids)

    def __len__(self) -> int:
        return len(self._ids)

    def __contains__(self, case_id: object) -> bool:
        return case_id in self._ids

    def add(self, case_id: str) -> str:
        """Add a case; returns the confirmation, or raises SelectionRefused (nothing changes)."""
        if case_id in self._ids:
            raise SelectionRefused(f"この事例はすでに比較に入っています（{len(self._ids)}/{MAX_CASES}件）")
        if len(self._ids) >= MAX_CASES:
            raise ComparisonFull(LIMIT_MESSAGE)
        self._ids.append(case_id)
        more = "「比較を表示」で並べて見られます" if len(self._ids) >= MIN_CASES else "もう1件以上追加すると並べて比較できます"
        return f"比較に追加しました（{len(self._ids)}/{MAX_CASES}件）。{more}"

    def remove(self, case_id: str) -> bool:
        if case_id not in self._ids:
            return False
        self._ids.remove(case_id)
        return True

    def clear(self) -> None:
        self._ids.clear()
