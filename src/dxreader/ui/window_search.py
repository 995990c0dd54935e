"""The window's search: what its widgets ask for, run off the GUI thread (ui/search_runner.py), and the result
shown in every pane (the list, the count, the trees' and filters' counts, the open case's highlights)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from dxreader.core.filters import SearchFilters
from dxreader.storage.errors import StorageError

if TYPE_CHECKING:
    from dxreader.services.search import SearchResult
    from dxreader.ui.main_window import MainWindow


def current_filters(w: MainWindow, bookmarked: set[str]) -> SearchFilters:
    kind = w.filters.kind.currentData()
    prefecture = w.filters.prefecture.currentData()
    return w.home.filters(SearchFilters(  # 同規模の団体 is added by the 自分の団体 choice (ui/home_choice.py)
        category=w.category, place=w.place, bands=w.filters.selected_bands(),
        prefectures=frozenset([prefecture]) if prefecture else frozenset(),
        kinds=frozenset([kind]) if kind else frozenset(),
        has_contact=True if w.filters.has_contact.isChecked() else None, has_body=w.filters.has_body(),
        case_ids=frozenset(bookmarked) if w.filters.bookmarked_only.isChecked() else None,
    ))


def run_search(w: MainWindow, then: Callable[[], object] | None, now: bool) -> None:
    """Read what to search on the GUI thread; search in the search thread (or here when `now`); show it."""
    notes = {n.case_id: n.text for n in w.user_data.store.notes()} if w.filters.include_notes.isChecked() else None
    bookmarked = {b.case_id for b in w.user_data.bookmarks()}  # read once per search, not per use
    service, text, sort, near = w.search_service, w.search_box.text(), w.sort_combo.currentData(), w.home.place
    filters = current_filters(w, bookmarked)

    def job() -> SearchResult:  # in the search thread: plain values only, no widget, no user-data file
        return service.search(text, filters, sort=sort, notes=notes, near=near)

    def done(result: SearchResult) -> None:
        show_result(w, result, bookmarked)
        if then is not None:
            then()

    if not now:
        w.searches.start(job, done, lambda exc: search_failed(w, exc))
        return
    try:
        done(w.searches.run_now(job))
    except StorageError as exc:
        search_failed(w, exc)


def search_failed(w: MainWindow, exc: StorageError) -> None:
    """The search index is damaged or missing and cannot be rebuilt: the list stays as it was."""
    w.hit_count.setText("検索できません")
    w.show_message(str(exc))


def show_result(w: MainWindow, result: SearchResult, bookmarked: set[str]) -> None:
    w.last_result = result
    w.results_model.set_result(result, bookmarked)
    w.hit_count.setText(w.results_model.count_text(result))
    matching = set(result.ids)
    w.category_tree.update_counts(result.facets.get("category", {}), _count_ignoring("category", result), matching)
    w.region_tree.update_counts(result.facets.get("place", {}), _count_ignoring("place", result), matching)
    w.filters.update_counts(result.facets)
    w.refresh_open_case()


def _count_ignoring(facet: str, result: SearchResult) -> int:
    counts = result.facets.get(facet, {})
    return sum(n for label, n in counts.items() if " › " not in label)
