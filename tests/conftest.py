"""Shared fixtures: the repository's real data, a fresh build of it, and offscreen Qt (on Linux)."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import pytest

# Offscreen Qt where there may be no display (Linux CI). Not on Windows: there it sees only Qt's own font folder
# (no Yu Gothic or Meiryo, no Japanese at all), and Windows always has a desktop for Qt's own backend.
if sys.platform != "win32":
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

# Wine lacks two DPI calls of Windows 10, so Qt's Windows backend warns there: once per process (per-monitor
# v2 awareness) and once per top-level window (EnableNonClientDpiScaling). packaging/windows/wine/check.sh
# runs the suite under Wine; only these two messages are ignored, and only under Wine.
WINE_DPI_WARNINGS = (r"^QtWindows::DpiAwareness::PerMonitorVersion2 is not supported by current system\.$",
                     r"^EnableNonClientDpiScaling\(\) failed for HWND 0x[0-9a-fA-F]+ \(120\) \(Call not implemented\.\)$")


def _under_wine() -> bool:
    if sys.platform != "win32":
        return False
    import ctypes

    return hasattr(ctypes.WinDLL("ntdll"), "wine_get_version")


UNDER_WINE = _under_wine()


def wine_lacks(what: str) -> pytest.MarkDecorator:
    """Skip only under Wine, for what Wine itself lacks (never for what Windows lacks), saying what."""
    return pytest.mark.skipif(UNDER_WINE, reason=f"Wine lacks {what}")


def pytest_configure(config: pytest.Config) -> None:
    if UNDER_WINE:
        for message in WINE_DPI_WARNINGS:
            config.addinivalue_line("qt_log_ignore", message)


REPO = Path(__file__).resolve().parents[1]
DATA = REPO / "data"
COMMITTED_DB = DATA / "casebook.sqlite"


def casebook_copy(tmp_path: Path, *statements: str, name: str = "casebook.sqlite") -> Path:
    """A copy of the committed casebook with SQL statements applied (to break or change it in a test)."""
    import sqlite3

    copy = tmp_path / name
    shutil.copy(COMMITTED_DB, copy)
    conn = sqlite3.connect(copy)
    for sql in statements:
        conn.execute(sql)
    conn.commit()
    conn.close()
    return copy


def replace_in_file(path: Path, old: str, new: str) -> None:
    """Change a copied data file the way a slip or a source update would."""
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old} not in {path.name}"
    path.write_text(text.replace(old, new), encoding="utf-8")


def wait_for_search(qtbot, window, timeout: int = 10000) -> None:  # type: ignore[no-untyped-def]
    """Until the newest search's result is shown: the window searches off its GUI thread (ui/search_runner.py)."""
    qtbot.waitUntil(lambda: not window.searches.busy, timeout=timeout)


def activate(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    """Make a shown window the active one, as the user's click would: window shortcuts reach the active window
    only. The window system must have put it on screen first: an activation asked for before that is lost
    (under Wine the X server maps a window some time after show())."""
    from PySide6.QtWidgets import QApplication

    qtbot.waitUntil(lambda: window.windowHandle() is not None and window.windowHandle().isExposed(), timeout=5000)

    def active() -> bool:
        # Not window.isActiveWindow(): that turns true as soon as the window system says so, before Qt has handled
        # the activation (and given the window's focus widget the focus, which would undo a setFocus() made now).
        if QApplication.activeWindow() is window:
            return True
        if not window.isActiveWindow():
            window.activateWindow()  # (again: a busy Wine may still drop a request made just after mapping)
        return False

    qtbot.waitUntil(active, timeout=10000)


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """No test ever touches the real per-user folder."""
    monkeypatch.setenv("DXREADER_HOME", str(tmp_path_factory.mktemp("home")))


@pytest.fixture(scope="session")
def committed_casebook():  # type: ignore[no-untyped-def]
    from dxreader.storage.casebook import Casebook

    with Casebook(COMMITTED_DB) as casebook:
        yield casebook


@pytest.fixture(scope="session")
def cases(committed_casebook):  # type: ignore[no-untyped-def]
    return {c.id: c for c in committed_casebook.cases()}


@pytest.fixture(scope="session")
def fresh_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The casebook built now from the committed sources, in a temp folder."""
    from dxreader.databuild.build import build

    out = tmp_path_factory.mktemp("build") / "casebook.sqlite"
    build(DATA, out)
    return out


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A private copy of data/ (sources, curation, reference) that a test may break."""
    target = tmp_path / "data"
    shutil.copytree(DATA, target, ignore=shutil.ignore_patterns("casebook.sqlite"))
    return target


@pytest.fixture(scope="session")
def search_service(committed_casebook, tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    """Search on the real casebook, its index built into a temp cache (no bundled index)."""
    from dxreader.services.search import open_search

    root = tmp_path_factory.mktemp("search")
    service = open_search(committed_casebook, bundled=root / "no-bundled-index", cache=root / "index")
    yield service
    service.close()


@pytest.fixture(scope="session")
def index_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One search index for every GUI test (built on first use, as a user's first start would)."""
    return tmp_path_factory.mktemp("gui-index") / "index"


@pytest.fixture
def open_reader(qtbot, index_cache: Path, tmp_path: Path):  # type: ignore[no-untyped-def]
    """open_reader(home=None) → a Reader on the real casebook; closed at the end of the test."""
    from dxreader.ui.app import build_reader

    opened = []

    def _open(home: Path | None = None):  # type: ignore[no-untyped-def]
        reader = build_reader(COMMITTED_DB, home or tmp_path / "home", index_cache)
        qtbot.addWidget(reader.window)
        reader.window.show()
        reader.window.restore_last_case()
        opened.append(reader)
        return reader

    yield _open
    for reader in opened:
        reader.close()


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    """Every connection fails and every attempt, or a Python open of a remote path, is recorded."""
    from tests.offline_audit import recording_network

    with recording_network(monkeypatch) as events:
        yield events


@pytest.fixture
def open_watch(tmp_path: Path):  # type: ignore[no-untyped-def]
    """Planted files whose every open, by Python or by Qt's C++, the kernel reports (see offline_audit)."""
    from tests.offline_audit import OpenWatch

    watch = OpenWatch(tmp_path / "watched")
    yield watch
    watch.close()
