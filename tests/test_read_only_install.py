"""The install folder is read-only for the people who use the reader: checked as an unprivileged user.

CI runs the suite as root, for whom file modes mean nothing; these checks therefore run in a child
process that drops to an unprivileged user (tests/unprivileged.py) before it touches the files.
"""

from __future__ import annotations

import json
import shutil
import sys

import pytest

if sys.platform == "win32":  # file modes and user IDs: Windows guards folders with ACLs, set by the MSI
    pytest.skip("POSIX-only: checks file modes as another POSIX user", allow_module_level=True)

from dxreader.storage.search_index import build_index  # noqa: E402
from tests.conftest import COMMITTED_DB  # noqa: E402
from tests.unprivileged import give_to_unprivileged_user, make_read_only, run_unprivileged, shared_folder  # noqa: E402

SEARCH_IMPORTS = """
import encodings.latin_1, fcntl, importlib, json, pkgutil, sys
from pathlib import Path
import whoosh
for module in pkgutil.walk_packages(whoosh.__path__, "whoosh."):  # Whoosh imports lazily, from under /root
    try:
        importlib.import_module(module.name)
    except ImportError:
        pass
from dxreader import paths
from dxreader.services.search import open_search
from dxreader.storage import search_index
from dxreader.storage.casebook import Casebook
"""

SEARCH_BODY = """
calls = []
with Casebook(Path(sys.argv[1])) as book:
    service = open_search(book, progress=lambda d, t: calls.append(d), bundled=Path(sys.argv[2]),
                          cache=Path(sys.argv[3]))
    total = service.search("西会津町").total
    service.close()
print(json.dumps({"total": total, "built": len(calls)}))
"""


def _tree(path):
    return sorted((p.relative_to(path).as_posix(), p.stat().st_size, p.stat().st_mtime_ns) for p in path.rglob("*"))


def test_the_unprivileged_user_really_cannot_write_there() -> None:
    """So that the checks below mean something when the suite runs as root."""
    with shared_folder() as base:
        (base / "install").mkdir()
        (base / "install" / "file").write_text("x")
        make_read_only(base / "install")
        result = run_unprivileged("import sys", """
for target, mode in ((sys.argv[1] + "/new", "w"), (sys.argv[1] + "/file", "a")):
    try:
        open(target, mode).close()
        print("WROTE", target)
    except PermissionError:
        print("REFUSED")
""", str(base / "install"))
        assert result.stdout.split() == ["REFUSED", "REFUSED"], result.stdout + result.stderr


def test_the_casebook_reads_from_a_read_only_folder_and_writes_nothing() -> None:
    with shared_folder() as base:
        install = base / "install"
        install.mkdir()
        shutil.copy(COMMITTED_DB, install / "casebook.sqlite")
        make_read_only(install)
        before = _tree(install)
        result = run_unprivileged("import json, sqlite3, sys\nfrom pathlib import Path\nfrom dxreader.storage.casebook import Casebook", """
with Casebook(Path(sys.argv[1])) as book:
    out = {"cases": len(book.cases()), "place": book.get("taisei-074055").municipality}
    try:
        book.connection.execute("DELETE FROM cases")
        out["delete"] = "done"
    except sqlite3.OperationalError as exc:
        out["delete"] = str(exc)
print(json.dumps(out, ensure_ascii=False))
""", str(install / "casebook.sqlite"))
        assert result.returncode == 0, result.stderr
        out = json.loads(result.stdout)
        assert out["cases"] == 78 and out["place"] == "西会津町" and "readonly" in out["delete"]
        assert _tree(install) == before  # no -wal, -shm or journal beside it


def _search_as_user(bundled_cases, bundled_version: str) -> tuple[dict, bool, bool]:
    """Search from a read-only install whose index holds `bundled_cases` stamped `bundled_version`, as
    the unprivileged user: (what the child saw, install folder unchanged, an index built in the user's cache)."""
    with shared_folder() as base:
        install, home = base / "install", base / "home"
        shutil.copy(COMMITTED_DB, base / "casebook.sqlite")
        build_index(bundled_cases, bundled_version, install / "index")
        make_read_only(install)
        home.mkdir()
        give_to_unprivileged_user(home)
        before = _tree(install)
        result = run_unprivileged(SEARCH_IMPORTS, SEARCH_BODY, str(base / "casebook.sqlite"), str(install / "index"),
                                  str(home / "cache" / "index"))
        assert result.returncode == 0, result.stderr
        return json.loads(result.stdout), _tree(install) == before, any(home.rglob("*.toc"))


def test_a_current_bundled_index_is_searched_where_it_lies(committed_casebook) -> None:
    seen, unchanged, cached = _search_as_user(committed_casebook.cases(),
                                              committed_casebook.meta["data_version"])
    assert seen == {"total": 1, "built": 0} and unchanged and not cached


def test_a_stale_bundled_index_is_rebuilt_in_the_users_cache_not_beside_it(committed_casebook) -> None:
    seen, unchanged, cached = _search_as_user(committed_casebook.cases()[:3],
                                              "an-older-data-version")
    assert seen == {"total": 1, "built": 78} and unchanged and cached
