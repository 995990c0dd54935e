"""Run a check as an unprivileged user: root ignores file modes, and CI runs the suite as root.

The child starts as the current user, imports what it needs (the interpreter may live under /root, which
an unprivileged user cannot enter), then drops to `dxtest` (created by .ci/run) or, failing that, to
nobody (65534), and runs the check. Run as an ordinary user, it simply runs the check as that user.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

USER = "dxtest"
NOBODY = 65534


def unprivileged_ids() -> tuple[int, int]:
    """(uid, gid) the checks run as when the suite runs as root."""
    import pwd  # POSIX only: this module is imported (not used) on Windows too

    try:
        entry = pwd.getpwnam(USER)
    except KeyError:
        return NOBODY, NOBODY
    return entry.pw_uid, entry.pw_gid


_DROP = """
import os as _os
if _os.geteuid() == 0:
    _os.setgroups([])
    _os.setgid({gid})
    _os.setuid({uid})
assert _os.geteuid() != 0 and _os.getuid() != 0
"""


def run_unprivileged(imports: str, body: str, *args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    """Run `imports`, drop root, run `body` (sys.argv[1:] = args) in a fresh Python; its output is returned."""
    uid, gid = unprivileged_ids()
    code = f"{imports}\n{_DROP.format(uid=uid, gid=gid)}\n{body}"
    return subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, encoding="utf-8",
                          timeout=timeout, cwd="/")


@contextmanager
def shared_folder() -> Iterator[Path]:
    """A folder outside pytest's private tmp (0700 as root) that the unprivileged user can enter."""
    base = Path(tempfile.mkdtemp(prefix="dxtest-"))
    os.chmod(base, 0o755)
    try:
        yield base
    finally:
        for path in [base, *base.rglob("*")]:
            if not path.is_symlink():
                os.chmod(path, 0o755 if path.is_dir() else 0o644)
        shutil.rmtree(base)


def give_to_unprivileged_user(path: Path) -> None:
    """Make `path` (a folder) the unprivileged user's own, as a user's profile folder is."""
    if os.geteuid() == 0:
        uid, gid = unprivileged_ids()
        for p in [path, *path.rglob("*")]:
            os.chown(p, uid, gid)


def make_read_only(path: Path) -> None:
    """Files 0444 and folders 0555: like an install folder under Program Files for a standard user."""
    for p in [path, *path.rglob("*")]:
        os.chmod(p, 0o555 if p.is_dir() else 0o444)
