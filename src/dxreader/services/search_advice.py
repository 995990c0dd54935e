"""What a search that found nothing says: what was searched, and what would find something."""

from __future__ import annotations

from collections.abc import Callable

from dxreader.core.filters import SearchFilters
from dxreader.core.query import MAX_QUERY_CHARS, Query

ADVICE_QUERY_CHARS = 40  # a query quoted back in advice is cut here
ADVICE_MAX_WORDS = 6  # "remove this word" is worked out for queries of up to this many words
Count = Callable[[Query, SearchFilters], int]  # how many cases a query finds with these filters


def advice_lines(text: str, query: Query, filters: SearchFilters, count: Count, total: int, near_total: int,
                 reading: tuple[int, tuple[str, ...]] = (0, ())) -> list[str]:
    """Lines that say what was searched and what would find something: a word to remove, the filters to drop,
    the reading matches (how many, which written forms) and near matches below; and that an over-long query
    was cut."""
    lines = []
    if query.truncated:
        lines.append(f"検索語が長すぎるため、先頭の {MAX_QUERY_CHARS:,} 文字だけで検索しました。")
    if total or query.is_empty:
        return lines
    typed = " ".join(text.split())
    typed = typed if len(typed) <= ADVICE_QUERY_CHARS else typed[:ADVICE_QUERY_CHARS] + "…"
    filtered = filters != SearchFilters()
    lines.append(f"「{typed}」に当てはまる事例は{'、いまの絞り込みの条件では' if filtered else ''}見つかりませんでした。")
    if filtered and (n := count(query, SearchFilters())):
        lines.append(f"絞り込みを解除すると {n} 件見つかります。")
    if 1 < len(query.positive) <= ADVICE_MAX_WORDS:
        dropped = sorted(((count(query.without(c), filters), c) for c in query.positive), key=lambda x: -x[0])
        lines += [f"「{' OR '.join(c.alternatives)[:ADVICE_QUERY_CHARS]}」を外すと {n} 件見つかります。"
                  for n, c in dropped[:3] if n]
    if reading[0]:
        forms = "・".join(f"「{f}」" for f in reading[1][:3]) + ("など" if len(reading[1]) > 3 else "")
        lines.append(f"読みが同じ語（{forms}）を含む事例を {reading[0]} 件、下に表示しています。")
    if near_total:
        lines.append(f"入力した語の一部を含む事例（近い結果）を {near_total} 件、下に表示しています。")
    if len(lines) == 1 + query.truncated:  # nothing found another way either
        lines.append("語を短くする、別の言い方（ひらがな・略語など）にする、語を減らすなどをお試しください。")
    return lines
