"""Removes from a frozen build the Qt parts the reader never loads, and checks what is left.

    python packaging/prune_frozen.py build/frozen [--budget-mb 145]

cx_Freeze's PySide6 hook copies every plugin of the modules in use; many of those need QtNetwork, QML or a
Wayland compositor. None is used by a Widgets program that never touches the network, so they go, and with
them the libraries only they needed; so do QML itself, Qt's tools (Designer, Help, UiTools, Test, Sql,
Lottie), the software OpenGL renderer and every translation but Qt's Japanese ones. Every remaining
library's imports are then checked (Linux: readelf; Windows: lief, installed with cx_Freeze) so that nothing
left behind needs a removed one. Prints the size before and after; fails over the budget."""

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
# Windows: what PySide6's wheel ships beside the modules in use (Qt's tools and QML; on Linux these are
# not copied), and the software OpenGL renderer (a Widgets program draws with GDI/raster).
DROP_WINDOWS_LIBS = re.compile(r"^(Qt6(Designer\w*|Help|UiTools|Test|Sql|Lottie\w*|Labs\w*|DBus|OpenGL|Concurrent|Xml)"
                               r"|pyside6qml\.abi3|opengl32sw|qdirect2d)\.dll$", re.IGNORECASE)
# QML modules, one of them a QtNetwork plugin (lib/PySide6/qml on Windows, lib/PySide6/Qt/qml on Linux).
DROP_DIRS = ("qml",)
DROP_PLUGIN_DIRS_WINDOWS = ("qmllint", "vectorimageformats")

# What the pruned one-folder program may weigh (the MSI compresses it to about half).
BUDGET_MB = {"win32": 80.0}


def prune(root: Path) -> list[Path]:
    removed: list[Path] = []
    for plugins in root.rglob("plugins"):
        if not plugins.is_dir():
            continue
        for name in (*DROP_PLUGIN_DIRS, *DROP_PLUGIN_DIRS_WINDOWS):
            if (plugins / name).is_dir():
                shutil.rmtree(plugins / name)
                removed.append(plugins / name)
        for f in plugins.rglob("*"):
            if f.is_file() and DROP_PLUGIN_FILES.search(f.name):
                f.unlink()
                removed.append(f)
    qml = [d for d in root.rglob("*") if d.is_dir() and d.name in DROP_DIRS and d.parent.name in ("PySide6", "Qt")]
    for folder in qml:
        shutil.rmtree(folder)
        removed.append(folder)
    for f in list(root.rglob("*.qm")):
        if not f.name.endswith("_ja.qm"):  # Qt's own dialog texts: only the Japanese ones are loaded
            f.unlink()
            removed.append(f)
    for f in list(root.rglob("*")):
        if f.is_file() and (DROP_LIBS.search(f.name) or DROP_WINDOWS_LIBS.match(f.name)):
            f.unlink()
            removed.append(f)
    return removed


# Part of every Windows the reader supports (10 1703+), but missing from Wine 8's System32, where the build is
# checked: cryptography's Rust core imports ProcessPrng from it.
WINDOWS_SYSTEM_DLLS = frozenset({"bcryptprimitives.dll"})


def missing_windows_imports(root: Path) -> list[str]:
    """Windows: DLLs, extension modules and programs importing a DLL that is neither in the build nor in
    Windows' system folder (api-ms-win-* and ext-ms-* are API sets Windows resolves itself)."""
    import os

    import lief  # type: ignore[import-not-found]

    present = {f.name.lower() for f in root.rglob("*") if f.is_file()}
    system = Path(os.environ.get("SystemRoot", r"C:\Windows")) / "System32"
    problems = []
    for f in root.rglob("*"):
        if f.suffix.lower() not in (".dll", ".pyd", ".exe"):
            continue
        binary = lief.parse(str(f))
        for library in (binary.imports if binary else []):
            name = library.name.lower()
            if (name in present or name in WINDOWS_SYSTEM_DLLS or name.startswith(("api-ms-win-", "ext-ms-"))
                    or (system / name).is_file()):
                continue
            problems.append(f"{f.relative_to(root)} needs {library.name}")
    return problems


def missing_dependencies(root: Path) -> list[str]:
    """Libraries still in the build that need a library no longer in it (Linux: Qt's; Windows: any)."""
    if sys.platform == "win32":
        return missing_windows_imports(root)
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
    if sys.stdout.encoding.lower().replace("-", "") != "utf8":  # a Windows pipe in cp1252 cannot print "→"
        sys.stdout.reconfigure(encoding="utf-8", errors="replace")  # type: ignore[union-attr]
    parser = argparse.ArgumentParser()
    parser.add_argument("root", type=Path)
    parser.add_argument("--budget-mb", type=float, default=BUDGET_MB.get(sys.platform, 145.0))  # cryptography: ~14 MB
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
