"""Searches off the GUI thread, so typing never waits for one: a private one-thread pool runs them in order,
the newest request wins (an older one not yet started is skipped, an older result is dropped), and after a
moment a running search is announced (「検索中…」).

Thread safety: the search service (its Whoosh searcher, its caches) is used by one thread at a time, because
every call to it goes through this runner, and the runner's calls all take one lock. A job reads nothing from
Qt or from the user's data file: the caller reads the widgets, the notes and the bookmarks on the GUI thread
and hands the job plain values (the cases themselves are read once at start and never change)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QThreadPool, QTimer, Signal

from dxreader.storage.errors import StorageError

NOTICE_MS = 150  # a search quicker than this is never announced (the count would only flicker)

Done = Callable[[Any], None]
Failed = Callable[[StorageError], None]


class SearchRunner(QObject):
    searching = Signal()  # the newest search has been running for NOTICE_MS
    _delivered = Signal(int, object)  # from the pool's thread; queued to this object's (the GUI) thread

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)  # one at a time, in order: a later job never overtakes an earlier one
        self._lock = threading.Lock()
        self._latest = 0  # ticket of the newest job whose result is wanted
        self._next_ticket = 0
        self._callbacks: dict[int, tuple[Done, Failed]] = {}
        self._closed = False
        self._notice = QTimer(self, singleShot=True, interval=NOTICE_MS)
        self._notice.timeout.connect(lambda: self.busy and self.searching.emit())
        self._delivered.connect(self._deliver)

    @property
    def busy(self) -> bool:
        """True while the newest search's result has not been shown yet."""
        return self._latest in self._callbacks

    @property
    def closed(self) -> bool:
        return self._closed

    def start(self, job: Callable[[], Any], done: Done, failed: Failed) -> None:
        """Run `job` off the GUI thread and call `done(result)`, or `failed(error)` if it raised a StorageError,
        on the GUI thread, unless another `start` or `run_now` came first (then nothing is called)."""
        if self._closed:
            return
        self._callbacks.pop(self._latest, None)  # superseded: skipped if not started yet, dropped if running
        self._latest = self._submit(job, done, failed)
        self._notice.start()

    def in_background(self, job: Callable[[], Any], failed: Failed) -> None:
        """Run `job` off the GUI thread, not superseded by searches (opening the index ahead of the first one)."""
        if not self._closed:
            self._submit(job, lambda _: None, failed)

    def run_now(self, job: Callable[[], Any]) -> Any:
        """Run `job` on this thread (it waits for a job running in the pool); any running search is superseded."""
        self._callbacks.pop(self._latest, None)
        self._next_ticket += 1
        self._latest = self._next_ticket
        with self._lock:
            return job()

    def shutdown(self) -> None:
        """Before the search service is closed: drop what has not started, wait for what has. Idempotent."""
        if self._closed:
            return
        self._closed = True
        self._callbacks.clear()
        self._notice.stop()
        self._pool.clear()
        self._pool.waitForDone()

    def _submit(self, job: Callable[[], Any], done: Done, failed: Failed) -> int:
        self._next_ticket += 1
        ticket = self._next_ticket
        self._callbacks[ticket] = (done, failed)
        self._pool.start(lambda: self._work(ticket, job))
        return ticket

    def _work(self, ticket: int, job: Callable[[], Any]) -> None:
        """In the pool's thread."""
        if ticket not in self._callbacks:  # superseded before it started: not worth running
            return
        try:
            with self._lock:
                outcome: tuple[bool, Any] = (True, job())
        except BaseException as exc:  # noqa: BLE001 - handed to the GUI thread, raised there if not ours
            outcome = (False, exc)
        self._delivered.emit(ticket, outcome)

    def _deliver(self, ticket: int, outcome: tuple[bool, Any]) -> None:
        """On the GUI thread."""
        callbacks = self._callbacks.pop(ticket, None)
        if callbacks is None or self._closed:
            return  # superseded or closed: the result is stale
        if ticket == self._latest:
            self._notice.stop()
        ok, value = outcome
        if ok:
            callbacks[0](value)
        elif isinstance(value, StorageError):
            callbacks[1](value)
        else:
            raise value  # our own bug: as loud as it would have been on the GUI thread
