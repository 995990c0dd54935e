"""check-data: the integrity rules every casebook.sqlite must meet, each problem said in Japanese."""

from __future__ import annotations

import re
import sqlite3

from dxreader.core.bands import BAND_LABELS, TOP_BAND, band_for_population
from dxreader.core.codes import check_digit_ok
from dxreader.core.debris import RULES, count_debris
from dxreader.core.population import CASE, CENSUS_2020, CENSUS_2020_DATE

PHONE = re.compile(r"^0\d{1,4}-\d{1,4}-\d{3,4}$")
EMAIL = re.compile(r"^[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$")
_CHILD_TABLES = ("case_sections", "case_sources", "case_costs", "case_schedule", "case_vendors",
                 "case_contacts", "case_interview", "case_links", "case_awards")


# Tables whose text the reader shows (corrections keep the source's slips on purpose; the code table is reference).
_TEXT_TABLES = ("cases", "categories", "documents", *_CHILD_TABLES)
_LINK_ADDRESSES = {("case_links", "url"), ("documents", "url")}
_EXAMPLES = 3


def scan_debris(conn: sqlite3.Connection) -> tuple[dict[str, int], dict[str, list[str]]]:
    """Every debris class counted over every stored text: (class → count, class → a few places)."""
    totals = {name: 0 for name in RULES}
    where: dict[str, list[str]] = {name: [] for name in RULES}
    for table in _TEXT_TABLES:
        columns = [r[1] for r in conn.execute(f"PRAGMA table_info({table})") if r[2].upper() == "TEXT"]  # noqa: S608
        key = "case_id" if table.startswith("case_") else ("file" if table == "documents" else "id")
        for column in columns:
            for owner, text in conn.execute(f"SELECT {key}, {column} FROM {table}"):  # noqa: S608
                if not isinstance(text, str):
                    continue
                for name, n in count_debris(text, (table, column) in _LINK_ADDRESSES).items():
                    totals[name] += n
                    if len(where[name]) < _EXAMPLES:
                        where[name].append(f"{table}.{column}（{owner}）")
    return totals, where


def check_casebook(conn: sqlite3.Connection) -> list[str]:
    """Every rule that fails, as a list of messages (empty when the casebook is sound)."""
    problems: list[str] = []
    q = lambda sql, *args: conn.execute(sql, args).fetchall()  # noqa: E731

    if (result := q("PRAGMA integrity_check")[0][0]) != "ok":
        problems.append(f"SQLiteの整合性検査に失敗しました: {result}")
    for row in q("PRAGMA foreign_key_check"):
        problems.append(f"参照先のない行があります: 表 {row[0]} の行 {row[1]}（参照先 {row[2]}）")
    for (case_id, n) in q("SELECT id, count(*) FROM cases GROUP BY id HAVING count(*) > 1"):
        problems.append(f"事例IDが重複しています: {case_id}（{n}件）")
    for table in _CHILD_TABLES:
        for (case_id,) in q(f"SELECT DISTINCT case_id FROM {table} WHERE case_id NOT IN (SELECT id FROM cases)"):  # noqa: S608
            problems.append(f"表 {table} に存在しない事例 {case_id} の行があります")
    for (case_id,) in q("SELECT id FROM cases WHERE category_id IS NULL OR category_id NOT IN (SELECT id FROM categories)"):
        problems.append(f"事例 {case_id} に分類がありません")
    for (case_id,) in q("SELECT id FROM cases WHERE municipality IS NULL AND coalesce(municipality_note, '') = ''"):
        problems.append(f"事例 {case_id} に団体名がなく、その理由も記録されていません")
    rows = q("""SELECT c.id, c.municipality, c.prefecture, c.kind, c.municipality_code, m.code, m.prefecture,
                       m.city, m.kind FROM cases c LEFT JOIN municipalities m ON m.code = c.municipality_code
                WHERE c.municipality IS NOT NULL""")
    for case_id, name, pref, kind, code, m_code, m_pref, m_city, m_kind in rows:
        if m_code is None:
            problems.append(f"事例 {case_id} の団体「{name}」が団体コード表に見つかりません（コード {code}）")
        elif not check_digit_ok(m_code):
            problems.append(f"事例 {case_id} の団体コード {m_code} の検査数字が正しくありません")
        elif (pref, name, kind) != (m_pref, m_city or m_pref, m_kind):
            problems.append(f"事例 {case_id} の団体名・種類がコード {m_code} と一致しません: {pref}{name}（{kind}）")
    for case_id, phone in q("SELECT case_id, phone FROM case_contacts WHERE phone IS NOT NULL"):
        if not PHONE.match(phone):
            problems.append(f"事例 {case_id} の電話番号の形式が正しくありません: {phone}")
    for case_id, email in q("SELECT case_id, email FROM case_contacts WHERE email IS NOT NULL"):
        if not EMAIL.match(email):
            problems.append(f"事例 {case_id} のメールアドレスの形式が正しくありません: {email}")
    for case_id, dept in q("SELECT case_id, department FROM case_contacts"):
        if not (dept or "").strip():
            problems.append(f"事例 {case_id} の連絡先に担当部署がありません")
    for case_id, band, kind, population in q("SELECT id, population_band, kind, population FROM cases"):
        if band is not None and band not in BAND_LABELS:
            problems.append(f"事例 {case_id} の人口区分「{band}」は凡例にありません")
        if kind == "都道府県" and band != TOP_BAND:
            problems.append(f"都道府県の事例 {case_id} の人口区分が「{TOP_BAND}」ではありません")
        if population is not None and population <= 0:
            problems.append(f"事例 {case_id} の人口が正の数ではありません: {population}")
    for (case_id,) in q("""SELECT id FROM cases WHERE id NOT IN
                           (SELECT case_id FROM case_sources WHERE role = 'primary')"""):
        problems.append(f"事例 {case_id} に出典がありません")
    for (document,) in q("SELECT DISTINCT document FROM case_sources WHERE document NOT IN (SELECT file FROM documents)"):
        problems.append(f"出典の資料 {document} が資料一覧にありません")
    problems += _population_problems(q)
    totals, where = scan_debris(conn)
    for name, n in totals.items():
        if n:
            problems.append(f"本文に{RULES[name][0]}が {n} 件残っています（例: {'、'.join(where[name])}）")
    return problems


def _population_problems(q) -> list[str]:  # type: ignore[no-untyped-def]
    """Each figure says where it comes from; a census figure is the census's own; unknown says why."""
    problems = []
    rows = q("""SELECT c.id, c.population, c.population_as_of, c.population_source, c.population_note,
                       c.municipality_code, m.population_2020, c.kind, c.population_band
                FROM cases c LEFT JOIN municipalities m ON m.code = c.municipality_code""")
    for case_id, population, as_of, source, note, code, census, kind, band in rows:
        if population is not None and kind != "都道府県" and band != band_for_population(population):
            problems.append(f"事例 {case_id} の人口区分「{band}」が人口 {population} と合いません")
        if population is None:
            if source is not None or as_of is not None:
                problems.append(f"事例 {case_id} は人口がないのに出典・時点があります")
            if code is not None and not (note or "").strip():
                problems.append(f"事例 {case_id} の人口が不明ですが、その理由が記録されていません")
        elif source == CENSUS_2020:
            if population != census or as_of != CENSUS_2020_DATE:
                problems.append(f"事例 {case_id} の人口 {population} が令和2年国勢調査の値 {census} と一致しません")
        elif source != CASE or not re.match(r"^\d{4}-\d{2}-\d{2}$", as_of or ""):
            problems.append(f"事例 {case_id} の人口の出典「{source}」か時点「{as_of}」が正しくありません")
    return problems
