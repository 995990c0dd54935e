"""Which casebook the reader reads: the newest installed update that still loads, else the bundled one.

Each candidate is tried in turn: an installed one must still match its manifest, pass the schema and value
checks, and load; one that does not is passed over and the reason kept, so the window (or the console tool)
can say which data it fell back to. The bundled casebook is the last resort."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from dxreader.core.datapackage import (
    CASEBOOK, INSTALL_FOLDER, MANIFEST, MAX_MEMBER_BYTES, PackageRejected, parse_manifest,
)
from dxreader.storage.casebook import Casebook
from dxreader.storage.errors import CasebookUnreadable, StorageError

INSTALLED = "casebooks"
RELEASE_FILE = "release.json"  # beside the bundled casebook: {"released": "YYYY-MM-DD"}
BUNDLED_LABEL = "同梱データ"
MAX_INSTALLED = 100  # folders looked at per data folder
START_CHECK_SECONDS = 10.0
_NO_FUTURE_LIMIT = date(9999, 12, 30)  # the date rule was applied at import; a clock set back later must not matter


@dataclass(frozen=True)
class Candidate:
    casebook: Path
    released: str
    label: str  # where it came from, for the About dialog, `data status` and fallback messages
    bundled: bool = False


@dataclass
class Choice:
    """The opened casebook (every case loaded) and what was passed over on the way, in Japanese."""

    casebook: Casebook
    candidate: Candidate
    passed_over: list[str] = field(default_factory=list)

    def notice(self) -> str:
        if not self.passed_over:
            return ""
        return ("次の事例データを読み込めなかったため、" + f"{self.candidate.label}（公開日 {self.candidate.released}）を"
                "使っています。\n\n" + "\n".join(f"・{p}" for p in self.passed_over))


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        while chunk := f.read(1024 * 1024):
            digest.update(chunk)
    return digest.hexdigest()


def bundled_release(bundled_dir: Path) -> str:
    try:
        value = json.loads((bundled_dir / RELEASE_FILE).read_text(encoding="utf-8"))["released"]
        return value if isinstance(value, str) and INSTALL_FOLDER.fullmatch(f"{value}-{'0' * 16}") else "0000-00-00"
    except (OSError, ValueError, KeyError, TypeError):
        return "0000-00-00"


def _installed_in(root: Path) -> list[Candidate]:
    folder_root = root / INSTALLED
    if folder_root.is_symlink() or not folder_root.is_dir():
        return []
    found = []
    for folder in sorted(folder_root.iterdir())[:MAX_INSTALLED]:
        if not INSTALL_FOLDER.fullmatch(folder.name) or folder.is_symlink():
            continue  # staging folders, leftovers, anything not made by install_package
        try:
            with (folder / MANIFEST).open("rb") as f:
                manifest = parse_manifest(f.read(MAX_MEMBER_BYTES[MANIFEST] + 1), _NO_FUTURE_LIMIT)
            if manifest.install_folder != folder.name or sha256_of(folder / CASEBOOK) != manifest.casebook_sha256:
                continue  # changed since it was verified: not used
        except (OSError, PackageRejected):
            continue
        found.append(Candidate(folder / CASEBOOK, manifest.released, f"更新データ {manifest.released}（{folder}）"))
    return found


def installed(data_roots: list[Path]) -> list[Candidate]:
    """Installed packages whose casebook still matches its manifest, newest first."""
    found = [c for root in data_roots for c in _installed_in(root)]
    return sorted(found, key=lambda c: c.released, reverse=True)


def candidates(bundled_dir: Path, data_roots: list[Path]) -> list[Candidate]:
    """Every casebook to try, best first: newer installed packages, then the bundled one, then older ones."""
    bundled = Candidate(bundled_dir / CASEBOOK, bundled_release(bundled_dir), BUNDLED_LABEL, bundled=True)
    found = installed(data_roots)
    return [*(c for c in found if c.released > bundled.released), bundled,
            *(c for c in found if c.released <= bundled.released)]


def _open_loaded(option: Candidate) -> Casebook:
    if not option.bundled:
        from dxreader.storage.casebook_check import check_casebook_file

        check_casebook_file(option.casebook, START_CHECK_SECONDS, rules=False)  # rules held at import
    book = Casebook(option.casebook)
    try:
        book.cases()
    except BaseException:
        book.close()
        raise
    return book


def open_best(bundled_dir: Path, data_roots: list[Path]) -> Choice:
    """The first candidate that loads completely; CasebookUnreadable, saying why for each, when none does."""
    passed_over: list[str] = []
    for option in candidates(bundled_dir, data_roots):
        try:
            return Choice(_open_loaded(option), option, passed_over)
        except (PackageRejected, StorageError) as exc:
            passed_over.append(f"{option.label}: {exc}")
        except Exception as exc:  # noqa: BLE001 - any failure to load a file from outside means: try the next one
            passed_over.append(f"{option.label}: 読み込めません（{type(exc).__name__}）")
    raise CasebookUnreadable("使える事例データがありません。\n" + "\n".join(passed_over))


def data_roots() -> list[Path]:
    """Where installed updates are looked for: the user's data folder, then the machine-wide one."""
    from dxreader import paths

    return [paths.user_home(), paths.machine_data_dir()]


def open_current() -> Choice:
    """The casebook the reader and the console tool read."""
    from dxreader import paths

    return open_best(paths.bundled_data_dir(), data_roots())


def newest_release(data_root: Path) -> str:
    """The release date of the newest casebook that could be in use beside `data_root` (for refusing older ones)."""
    from dxreader import paths

    roots = [data_root, *(r for r in data_roots() if r != data_root)]
    return max(c.released for c in candidates(paths.bundled_data_dir(), roots))
