"""check-data: the integrity rules every casebook.sqlite must meet, each problem said in Japanese."""

from __future__ import annotations

import re
import sqlite3

from dxreader.core.bands import BAND_LABELS, TOP_BAND
from dxreader.core.codes import check_digit_ok

PHONE = re.compile(r"^0\d{1,4}-\d{1,4}-\d{3,4}$")
EMAIL = re.compile(r"^[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$")
_CHILD_TABLES = ("case_sections", "case_sources", "case_costs", "case_schedule", "case_vendors",
                 "case_contacts", "case_interview", "case_links", "case_awards")


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
    return problems
