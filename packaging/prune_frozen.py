"""Removes from a frozen build the Qt parts the reader never loads, and checks what is left.

    python packaging/prune_frozen.py build/frozen [--budget-mb 140]

cx_Freeze's PySide6 hook copies every plugin of the modules in use; many of those need QtNetwork, QML or a
Wayland compositor. None is used by a Widgets program that never touches the network, so they go, and with
them the libraries only they needed. On Linux every remaining library's dependencies are then checked
(readelf) so that nothing left behind needs a removed one. Prints the frozen size; fails over the budget."""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
from pathlib import Path

# Plugin folders (whole) and plugin files (by name) the reader has no use for.
DROP_PLUGIN_DIRS = ("egldeviceintegrations", "wayland-graphics-integration-server", "qmltooling", "designer",
                    "sqldrivers", "networkinformation", "tls", "generic", "multimedia", "position")
DROP_PLUGIN_FILES = re.compile(r"(qvnc|qeglfs|qminimalegl|qlinuxfb|qvkkhrdisplay|qtvirtualkeyboard|qtuiotouch|qpdf)",
                               re.IGNORECASE)
# Qt libraries that only the dropped plugins (or QML) need; QtNetwork above all.
DROP_LIBS = re.compile(r"Qt6(Network|Qml\w*|Quick\w*|WaylandCompositor\w*|WaylandEgl\w*|EglFS\w*|EglFsKms\w*|"
                       r"VirtualKeyboard\w*|OpenGLWidgets|Pdf\w*)[.\d]*\.(so|dll)", re.IGNORECASE)


def prune(root: Path) -> list[Path]:
    removed: list[Path] = []
    for plugins in root.rglob("plugins"):
        if not plugins.is_dir():
            continue
        for name in DROP_PLUGIN_DIRS:
            if (plugins / name).is_dir():
                shutil.rmtree(plugins / name)
                removed.append(plugins / name)
        for f in plugins.rglob("*"):
            if f.is_file() and DROP_PLUGIN_FILES.search(f.name):
                f.unlink()
                removed.append(f)
    for f in list(root.rglob("*.qm")):
        if not f.name.endswith("_ja.qm"):  # Qt's own dialog texts: only the Japanese ones are loaded
            f.unlink()
            removed.append(f)
    for f in list(root.rglob("*")):
        if f.is_file() and DROP_LIBS.search(f.name):
            f.unlink()
            removed.append(f)
    return removed


def missing_dependencies(root: Path) -> list[str]:
    """Linux: libraries still in the build that need a Qt library no longer in it."""
    if not sys.platform.startswith("linux") or not shutil.which("readelf"):
        return []
    present = {f.name for f in root.rglob("*") if f.is_file()}
    problems = []
    for f in root.rglob("*.so*"):
        out = subprocess.run(["readelf", "-d", str(f)], capture_output=True, text=True).stdout
        for needed in re.findall(r"\(NEEDED\)\s+Shared library: \[(libQt6[^\]]+)\]", out):
            if needed not in present:
                problems.append(f"{f.relative_to(root)} needs {needed}")
    return problems


def size_mb(root: Path) -> float:
    return sum(f.stat().st_size for f in root.rglob("*") if f.is_file()) / 1024 / 1024


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("root", type=Path)
    parser.add_argument("--budget-mb", type=float, default=140.0)
    args = parser.parse_args()
    before = size_mb(args.root)
    removed = prune(args.root)
    problems = missing_dependencies(args.root)
    after = size_mb(args.root)
    print(f"pruned {len(removed)} Qt parts: {before:.1f} MB → {after:.1f} MB (budget {args.budget_mb:.0f} MB)")
    if problems:
        raise SystemExit("still needed after pruning:\n  " + "\n  ".join(problems))
    if after > args.budget_mb:
        raise SystemExit(f"frozen size {after:.1f} MB is over the budget of {args.budget_mb:.0f} MB")


if __name__ == "__main__":
    main()
