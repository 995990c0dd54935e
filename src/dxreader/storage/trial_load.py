"""A trial run of the reader on an untrusted casebook, in a child process bounded in time and memory.

The child (`dxreader-cli data trial-load`) loads every case with the reader's own loader, renders each,
builds and opens the search index and runs a search, exactly as the reader would. The parent kills it
after a timeout; the child caps its own address space (POSIX) and SQLite's heap. Whatever goes wrong in
the child comes back as one Japanese reason."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import time
from pathlib import Path
from typing import Any

from dxreader import paths
from dxreader.core.datapackage import PackageRejected

TRIAL_SECONDS = 120.0  # about 1.5 s for today's 78 cases on a developer PC
TRIAL_MEMORY_BYTES = 2 * 1024 * 1024 * 1024  # address space of the child (POSIX); SQLite's heap gets a quarter


def trial_load(casebook: Path, workdir: Path, seconds: float = TRIAL_SECONDS,
               memory_bytes: int = TRIAL_MEMORY_BYTES) -> int:
    """Run the child on `casebook` (index built under `workdir`); the number of cases it loaded."""
    command = [*paths.cli_command(), "data", "trial-load", str(casebook), str(workdir / "trial-index"),
               "--seconds", f"{seconds:g}", "--memory", str(memory_bytes)]
    flags = getattr(subprocess, "CREATE_NO_WINDOW", 0)  # no console window flashes up from the GUI on Windows
    try:
        done = subprocess.run(command, capture_output=True, timeout=seconds + 30, creationflags=flags,
                              stdin=subprocess.DEVNULL)
    except subprocess.TimeoutExpired as exc:
        raise PackageRejected(f"試しの読み込みが{seconds:g}秒以内に終わりませんでした（事例データが重すぎます）") from exc
    except OSError as exc:
        raise PackageRejected(f"試しの読み込みを始められません（{exc.strerror or exc}）") from exc
    report = _last_json_line(done.stdout)
    if done.returncode == 0 and report.get("ok") is True and type(report.get("cases")) is int:
        return int(report["cases"])
    reason = report.get("reason") if isinstance(report.get("reason"), str) else None
    raise PackageRejected(f"事例データを試しに読み込めませんでした（{reason or _exit_reason(done.returncode)}）")


def _last_json_line(output: bytes) -> dict[str, Any]:
    for line in reversed(output.decode("utf-8", "replace").splitlines()):
        try:
            value = json.loads(line)
        except ValueError:
            continue
        return value if isinstance(value, dict) else {}
    return {}


def _exit_reason(code: int) -> str:
    return "メモリ不足などで異常終了しました" + (f"、終了コード {code}" if code else "")


def _cap_memory(memory_bytes: int) -> None:
    try:
        import resource
    except ImportError:  # Windows: the heap limit below and the size limits of the package still hold
        pass
    else:
        resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))
    heap = sqlite3.connect(":memory:")
    heap.execute(f"PRAGMA hard_heap_limit = {int(memory_bytes // 4)}")  # process-wide, this child only
    heap.close()


def run_child(casebook: Path, index_dir: Path, seconds: float, memory_bytes: int) -> dict[str, Any]:
    """The child's work: what the reader does with a casebook at start and at its first search."""
    _cap_memory(memory_bytes)
    from dxreader.services.catalog import Catalog
    from dxreader.services.search import open_search
    from dxreader.storage.casebook import Casebook
    from dxreader.storage.casebook_check import harden

    deadline = time.monotonic() + seconds

    def in_time(*_: object) -> None:
        if time.monotonic() > deadline:
            raise TimeoutError

    with Casebook(casebook) as book:
        harden(book.connection, seconds)
        catalog = Catalog(book)
        cases = catalog.cases()
        for case in cases:
            catalog.detail(case)
            catalog.render_text(case)
            in_time()
        search = open_search(book, progress=in_time, bundled=index_dir / "none", cache=index_dir)
        try:
            search.warm_up()  # builds the index now, as the reader does just after its window is filled
            everything = search.search("")
            search.search("DX 窓口")
            if everything.total != len(cases):
                raise ValueError("search does not find every case")
        finally:
            search.close()
    return {"ok": True, "cases": len(cases)}


def child_main(casebook: Path, index_dir: Path, seconds: float, memory_bytes: int) -> int:
    """Entry of `data trial-load`: one JSON line on stdout. Any failure is the finding, so all are caught."""
    try:
        report = run_child(casebook, index_dir, seconds, memory_bytes)
    except MemoryError:
        report = {"ok": False, "reason": "メモリが足りません"}
    except TimeoutError:
        report = {"ok": False, "reason": f"{seconds:g}秒以内に終わりませんでした"}
    except Exception as exc:  # noqa: BLE001 - the child exists to absorb whatever a hostile file causes
        report = {"ok": False, "reason": f"{type(exc).__name__}: {str(exc)[:120]}"}
    print(json.dumps(report), flush=True)  # ASCII: a Windows pipe would otherwise carry the ANSI code page
    return 0 if report["ok"] else 1
