"""Where things live: the bundled data (dev checkout or frozen app) and the per-user folders."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import platformdirs

APP_NAME = "dxreader"
APP_AUTHOR = "dxreader"
HOME_ENV = "DXREADER_HOME"  # overrides the per-user folder (tests, portable use)
DATA_ENV = "DXREADER_DATA"  # overrides the bundled data folder (a casebook elsewhere)
MACHINE_ENV = "DXREADER_MACHINE_DATA"  # overrides the machine-wide data folder (casebook updates by IT)


def install_root(frozen: bool | None = None, executable: str | None = None) -> Path:
    """The folder of the executable in a frozen app, else the source checkout (data/, resources/ inside)."""
    frozen = getattr(sys, "frozen", False) if frozen is None else frozen
    if frozen:
        return Path(executable or sys.executable).resolve().parent
    return Path(__file__).resolve().parents[2]


def bundled_data_dir(frozen: bool | None = None, executable: str | None = None) -> Path:
    """The folder holding casebook.sqlite (DXREADER_DATA overrides it)."""
    override = os.environ.get(DATA_ENV)
    if override:
        return Path(override)
    return install_root(frozen, executable) / "data"


def casebook_path() -> Path:
    return bundled_data_dir() / "casebook.sqlite"


def bundled_index_dir() -> Path:
    """A prebuilt, stamped search index shipped beside the casebook (used only if current)."""
    return bundled_data_dir() / "index"


def resources_dir(frozen: bool | None = None, executable: str | None = None) -> Path:
    return install_root(frozen, executable) / "resources"


def synonyms_path() -> Path:
    return resources_dir() / "synonyms.txt"


def cache_dir() -> Path:
    """Rebuildable files (the search index when the bundled one is missing or stale)."""
    override = os.environ.get(HOME_ENV)
    if override:
        return Path(override) / "cache"
    return Path(platformdirs.user_cache_dir(APP_NAME, APP_AUTHOR))


def index_cache_dir() -> Path:
    return cache_dir() / "index"


def machine_data_dir() -> Path:
    """Machine-wide data that IT may fill (%PROGRAMDATA%\\dxreader\\dxreader on Windows): casebook updates for everyone."""
    override = os.environ.get(MACHINE_ENV)
    if override:
        return Path(override)
    return Path(platformdirs.site_data_dir(APP_NAME, APP_AUTHOR))


def user_home() -> Path:
    """Per-user data: %LOCALAPPDATA%\\dxreader\\dxreader on Windows (local, never roaming), or DXREADER_HOME."""
    override = os.environ.get(HOME_ENV)
    if override:
        return Path(override)
    return Path(platformdirs.user_data_dir(APP_NAME, APP_AUTHOR, roaming=False))


_NETWORK_FS = {"nfs", "nfs4", "cifs", "smb3", "smbfs", "9p", "fuse.sshfs", "afs", "ceph", "glusterfs"}


def is_network_path(path: Path) -> bool:
    """A UNC path, a mapped network drive, or a network mount: SQLite's locking is unsafe there."""
    text = str(path)
    if text.startswith(("\\\\", "//")):
        return True
    if os.name == "nt":
        import ctypes

        drive = os.path.splitdrive(os.path.abspath(text))[0]
        return bool(drive) and ctypes.windll.kernel32.GetDriveTypeW(drive + "\\") == 4  # DRIVE_REMOTE
    try:
        mounts = Path("/proc/mounts").read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return False
    resolved, best, fstype = Path(os.path.abspath(text)), -1, ""
    for line in mounts:
        fields = line.split()
        if len(fields) >= 3 and (resolved == Path(fields[1]) or Path(fields[1]) in resolved.parents):
            if len(fields[1]) > best:
                best, fstype = len(fields[1]), fields[2]
    return fstype in _NETWORK_FS



def drafts_dirs(home: Path) -> list[Path]:
    """Where text that could not be saved is kept, best first: beside the user data, then a per-user temp
    folder for when that folder cannot be written (read-only, full, locked away). The temp folder is named
    after the user and the data folder, so two users or two DXREADER_HOMEs never see each other's drafts."""
    import getpass
    import hashlib
    import tempfile

    try:
        user = getpass.getuser()
    except (OSError, KeyError, ImportError):
        user = "user"
    tag = hashlib.sha256(str(home.resolve()).encode("utf-8", "surrogatepass")).hexdigest()[:12]
    safe_user = "".join(c for c in user if c.isalnum() or c in "-_.")[:40] or "user"
    return [home / "drafts", Path(tempfile.gettempdir()) / f"dxreader-drafts-{safe_user}" / tag]
