"""What breaks only on Windows, checked on every platform: Japanese text through strftime (Windows' C library
encodes the format in the system code page: a non-Japanese locale raises UnicodeEncodeError), Japanese
console output through a cp1252 pipe, a closed output pipe (EINVAL there, not BrokenPipeError), and a forced
offscreen Qt backend (which hides Windows' fonts)."""

from __future__ import annotations

import ast
import errno
import io
import os
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pytest

from tests.conftest import REPO

PYTHON_SOURCES = sorted([*(REPO / "src").rglob("*.py"), *(REPO / "packaging").rglob("*.py")])


def _strftime_formats(tree: ast.AST) -> list[tuple[int, str]]:
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "strftime":
            for arg in node.args:
                for const in ast.walk(arg):
                    if isinstance(const, ast.Constant) and isinstance(const.value, str):
                        found.append((node.lineno, const.value))
    return found


def test_the_strftime_scan_sees_a_japanese_format() -> None:
    tree = ast.parse('stamp = when.strftime("%Y年%m月")\nname = f"{now.strftime(\'%H:%M\')}"')
    assert _strftime_formats(tree) == [(1, "%Y年%m月"), (2, "%H:%M")]


def test_no_strftime_format_has_non_ascii_text() -> None:
    offenders = [f"{path.relative_to(REPO)}:{line}: {fmt!r}"
                 for path in PYTHON_SOURCES
                 for line, fmt in _strftime_formats(ast.parse(path.read_text(encoding="utf-8")))
                 if not fmt.isascii()]
    assert offenders == []


def test_backup_label_in_japanese_without_strftime(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from dxreader.storage import backups

    class NoStrftime(datetime):
        def strftime(self, fmt: str) -> str:  # what Windows does with a non-Japanese system locale
            fmt.encode("cp1252")
            return super().strftime(fmt)

    backup = backups.Backup(tmp_path / "b.sqlite", NoStrftime(2026, 3, 4, 5, 6))
    assert backup.label == "2026年03月04日 05:06"


def _cli_through_cp1252_pipe(*args: str) -> subprocess.CompletedProcess[bytes]:
    """The console tool with stdout and stderr piped in cp1252, as on a Windows with a non-Japanese locale."""
    env = {**os.environ, "PYTHONIOENCODING": "cp1252", "PYTHONPATH": str(REPO / "src")}
    return subprocess.run([sys.executable, "-m", "dxreader.cli", *args], capture_output=True, env=env, timeout=120)


def test_japanese_help_through_a_cp1252_pipe() -> None:
    result = _cli_through_cp1252_pipe("--help")
    assert result.returncode == 0, result.stderr.decode("utf-8", "replace")
    assert "DX事例リーダーのコンソールツール" in result.stdout.decode("utf-8")


def test_japanese_error_through_a_cp1252_pipe() -> None:
    result = _cli_through_cp1252_pipe("show", "no-such-case")
    assert result.returncode != 0
    err = result.stderr.decode("utf-8")
    assert err.startswith("エラー") and "Traceback" not in err


def test_japanese_search_results_through_a_cp1252_pipe() -> None:
    result = _cli_through_cp1252_pipe("search", "窓口", "--limit", "2")
    assert result.returncode == 0, result.stderr.decode("utf-8", "replace")
    assert "窓口" in result.stdout.decode("utf-8")


def test_console_setup_leaves_utf8_streams_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    from dxreader import cli

    out = io.TextIOWrapper(io.BytesIO(), encoding="cp1252")
    already = io.TextIOWrapper(io.BytesIO(), encoding="utf-8", errors="strict")
    monkeypatch.setattr(sys, "stdout", out)
    monkeypatch.setattr(sys, "stderr", already)
    cli._utf8_console()
    assert (out.encoding, out.errors) == ("utf-8", "replace")
    assert (already.encoding, already.errors) == ("utf-8", "strict")


WINDOWS_SCRIPTS = sorted([*(REPO / "packaging").rglob("*.ps1"), *(REPO / ".github" / "workflows").glob("*.yml")])


def test_windows_scripts_never_force_the_offscreen_backend() -> None:
    # Offscreen Qt on Windows sees only Qt's own font folder: Yu Gothic and Meiryo vanish, the font check fails.
    assert WINDOWS_SCRIPTS
    forcing = [f"{path.relative_to(REPO)}:{n}" for path in WINDOWS_SCRIPTS
               for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
               if "QT_QPA_PLATFORM" in line and "offscreen" in line]
    assert forcing == []


class _RecordingApp:
    platform_at_start: str | None = "not started"

    @staticmethod
    def instance() -> None:
        return None

    def __init__(self, argv: list[str]) -> None:
        type(self).platform_at_start = os.environ.get("QT_QPA_PLATFORM")


@pytest.mark.parametrize(("platform", "expected"), [("win32", None), ("linux", "offscreen")])
def test_self_check_application_is_offscreen_only_on_a_linux_without_display(
        monkeypatch: pytest.MonkeyPatch, platform: str, expected: str | None) -> None:
    import PySide6.QtGui

    from dxreader.ui.printing import ensure_gui_application

    for name in ("QT_QPA_PLATFORM", "DISPLAY", "WAYLAND_DISPLAY"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr(sys, "platform", platform)
    monkeypatch.setattr(PySide6.QtGui, "QGuiApplication", _RecordingApp)
    monkeypatch.setattr("dxreader.ui.translations.install_japanese_qt", lambda app: [])  # not a real app
    ensure_gui_application()
    assert _RecordingApp.platform_at_start == expected


def test_prune_script_reports_through_a_cp1252_pipe(tmp_path: Path) -> None:
    (tmp_path / "lib").mkdir()
    (tmp_path / "lib" / "x.pyd").write_bytes(b"0" * 1024)
    env = {**os.environ, "PYTHONIOENCODING": "cp1252"}
    result = subprocess.run([sys.executable, str(REPO / "packaging" / "prune_frozen.py"), str(tmp_path)],
                            capture_output=True, env=env, timeout=60)
    assert result.returncode == 0, result.stderr.decode("utf-8", "replace")
    assert "MB → " in result.stdout.decode("utf-8")


class _ClosedPipe(io.StringIO):
    """What writing to a pipe whose reader has gone does on Windows: the C runtime's EINVAL."""

    def write(self, text: str) -> int:
        raise OSError(errno.EINVAL, "Invalid argument")


def test_closed_output_pipe_on_windows_is_a_broken_pipe(monkeypatch: pytest.MonkeyPatch) -> None:
    from dxreader import cli
    from dxreader.cli import EXIT_OUTPUT_CLOSED
    from dxreader.closed_pipe import wrap_stdout

    monkeypatch.setattr(sys, "platform", "win32")
    pipe = _ClosedPipe()
    monkeypatch.setattr(sys, "stdout", pipe)
    monkeypatch.setattr(cli, "_utf8_console", lambda: None)
    monkeypatch.setattr(cli.os, "dup2", lambda fd, to: None)  # the console tool's stdout is this fake
    monkeypatch.setattr(pipe, "fileno", lambda: 1, raising=False)
    assert cli.main(["stats"]) == EXIT_OUTPUT_CLOSED
    wrapped = sys.stdout
    wrap_stdout()
    assert sys.stdout is wrapped  # wrapped once, however often main() runs


def test_other_einval_is_not_taken_for_a_closed_pipe(monkeypatch: pytest.MonkeyPatch) -> None:
    from dxreader import cli

    def refused(args: object) -> int:  # e.g. a file name Windows refuses
        raise OSError(errno.EINVAL, "Invalid argument", "a?b.pdf")

    monkeypatch.setattr(sys, "platform", "win32")
    monkeypatch.setattr(sys, "stdout", io.StringIO())
    monkeypatch.setattr(cli, "_utf8_console", lambda: None)
    monkeypatch.setattr(cli, "cmd_stats", refused)
    with pytest.raises(OSError) as raised:
        cli.main(["stats"])
    assert not isinstance(raised.value, BrokenPipeError)
