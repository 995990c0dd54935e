"""Typing never waits for a search: the real window searches off its GUI thread, shows only the newest query's
result (an older one is dropped), says 「検索中…」 while a search takes a while, and closes cleanly during one.

The slow search is the real service behind a gate the test opens (injected through the composition root,
ui/app.py: build_reader → fill_window), so "slow" is certain and no test depends on timing."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt, QTimer

from dxreader.services.search import SearchResult, open_search
from dxreader.ui.app import Reader, build_reader
from tests.conftest import COMMITTED_DB, wait_for_search


class GatedSearch:
    """The real search service; a search for a text in `held` waits until the test opens the gate."""

    def __init__(self, real: Any) -> None:
        self.real = real
        self.held: set[str] = set()
        self.gate = threading.Event()
        self.entered = threading.Event()  # a held search has started (and is waiting at the gate)
        self.finished: list[str] = []  # texts whose search returned, in order
        self.text_of: dict[int, str] = {}  # id(result) → the text it is the result of

    def search(self, text: str = "", *args: Any, **kwargs: Any) -> SearchResult:
        if text in self.held:
            self.entered.set()
            assert self.gate.wait(20), "the test never opened the gate"
        result: SearchResult = self.real.search(text, *args, **kwargs)
        self.text_of[id(result)] = text
        self.finished.append(text)
        return result

    def __getattr__(self, name: str) -> Any:
        return getattr(self.real, name)


@pytest.fixture
def gated(qtbot, tmp_path: Path, index_cache: Path) -> Iterator[tuple[Reader, GatedSearch, list[str]]]:  # type: ignore[no-untyped-def]
    """The real window on a gated search, and the list of texts whose results the window has shown."""
    services: list[GatedSearch] = []

    def make(casebook: Any, cache: Path | None) -> Any:
        services.append(GatedSearch(open_search(casebook, cache=cache)))
        return services[0]

    reader = build_reader(COMMITTED_DB, tmp_path / "home", index_cache, open_search=make)
    qtbot.addWidget(reader.window)
    reader.window.show()
    service = services[0]
    shown: list[str] = []
    window = reader.window
    window.results_model.modelReset.connect(lambda: shown.append(service.text_of[id(window.last_result)]))
    yield reader, service, shown
    service.gate.set()
    reader.close()


def _start_held_search(qtbot, window, service: GatedSearch, text: str) -> None:  # type: ignore[no-untyped-def]
    """Type `text`, press Enter, and return once its search is running (held at the gate)."""
    service.held = {text}
    window.search_box.insert(text)
    qtbot.keyClick(window.search_box, Qt.Key.Key_Return)
    assert service.entered.wait(10)


def test_only_the_last_of_queries_typed_quickly_is_shown(qtbot, open_reader) -> None:  # type: ignore[no-untyped-def]
    window = open_reader().window
    shown: list[Any] = []
    window.results_model.modelReset.connect(lambda: shown.append(window.last_result.query))
    for text in ("RPA", "LINE", "BPR"):  # each one searched at once (Enter), before any result is back
        window.search_box.clear()
        qtbot.keyClicks(window.search_box, text)
        qtbot.keyClick(window.search_box, Qt.Key.Key_Return)
    wait_for_search(qtbot, window)
    assert shown == [window.search_service.parse("BPR")]  # RPA and LINE were superseded: never shown at all
    expected = window.search_service.search("BPR")  # the same query asked of the service directly
    assert window.results_model.case_ids()[:expected.total] == [h.case.id for h in expected.hits]
    assert window.hit_count.text().startswith(f"{expected.total} 件")


def test_the_window_stays_responsive_during_a_slow_search_and_the_stale_result_never_shows(  # type: ignore[no-untyped-def]
        qtbot, gated) -> None:
    reader, service, shown = gated
    window = reader.window
    _start_held_search(qtbot, window, service, "窓口")
    qtbot.waitUntil(lambda: window.hit_count.text() == "検索中…", timeout=3000)
    ticks: list[int] = []
    timer = QTimer(window, interval=20)
    timer.timeout.connect(lambda: ticks.append(1))
    timer.start()
    qtbot.waitUntil(lambda: len(ticks) >= 3, timeout=3000)  # the event loop runs while the search waits
    timer.stop()
    window.search_box.selectAll()
    window.search_box.insert("オンライン")  # the search box takes what is typed meanwhile
    assert window.search_box.text() == "オンライン"
    qtbot.keyClick(window.search_box, Qt.Key.Key_Return)
    assert "窓口" not in service.finished  # all of the above happened while that search was still running
    service.gate.set()
    wait_for_search(qtbot, window)
    assert service.finished[-2:] == ["窓口", "オンライン"]  # the slow one did finish ...
    assert "窓口" not in shown and shown[-1] == "オンライン"  # ... and its result was dropped
    assert window.hit_count.text() == f"{service.real.search('オンライン').total} 件"


def test_closing_the_window_while_a_search_runs_is_clean(qtbot, gated) -> None:  # type: ignore[no-untyped-def]
    reader, service, shown = gated
    window = reader.window
    _start_held_search(qtbot, window, service, "窓口")
    threading.Timer(0.3, service.gate.set).start()  # the search ends a moment after the close begins
    reader.close()  # waits for the running search, then closes the service it uses (no crash, no Qt warning)
    assert service.finished[-1] == "窓口"
    qtbot.wait(50)  # any result still queued for the closed window would arrive now
    assert "窓口" not in shown
    window.search_box.setText("オンライン")
    window.run_search()  # after closing nothing is searched (the service is closed)
    qtbot.wait(50)
    assert service.finished[-1] == "窓口"


def test_a_broken_index_in_the_search_thread_is_a_message_not_a_crash(qtbot, gated) -> None:  # type: ignore[no-untyped-def]
    from dxreader.storage.errors import StorageError

    reader, service, _ = gated
    window = reader.window

    def broken(*args: Any, **kwargs: Any) -> SearchResult:
        raise StorageError("検索索引を読めません（テスト）")

    service.search = broken  # type: ignore[method-assign]
    window.search_box.insert("窓口")
    window.run_search()
    wait_for_search(qtbot, window)
    assert window.hit_count.text() == "検索できません"
    assert window.statusBar().currentMessage() == "検索索引を読めません（テスト）"
    assert window.results_model.rowCount() == 78  # the list is left as it was
