"""The console tool as a well-made command-line tool: a closed output pipe ends it quietly, a wrong output
path is said in one Japanese line before anything is rendered, and --help lists the exit codes."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from dxreader.cli import EXIT_ERROR, EXIT_OUTPUT_CLOSED, EXIT_USAGE, build_parser

CLI = [sys.executable, "-m", "dxreader.cli"]


def _env() -> dict[str, str]:
    return {**os.environ, "PYTHONIOENCODING": "utf-8"}


@pytest.mark.parametrize("command", [["stats"], ["cases"], ["show", "taisei-074055", "--json"]])
def test_output_pipe_closed_early_is_no_error(command: list[str]) -> None:
    """`dxreader-cli stats | head -1`: the reader goes away before the tool has written everything."""
    with subprocess.Popen([*CLI, *command], stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=_env()) as proc:
        assert proc.stdout is not None and proc.stderr is not None
        proc.stdout.close()  # as `head` does once it has its lines (here: before the first one)
        err = proc.stderr.read().decode("utf-8", "replace")
        code = proc.wait(timeout=120)
    assert "Traceback" not in err and "BrokenPipe" not in err and err == "", err
    assert code == EXIT_OUTPUT_CLOSED


def test_output_pipe_read_to_the_end_still_exits_zero() -> None:
    out = subprocess.run([*CLI, "stats"], capture_output=True, env=_env(), timeout=120)
    assert out.returncode == 0 and out.stdout and not out.stderr


@pytest.mark.parametrize("where", ["missing/folder/sheet.pdf", "existing-dir"])
def test_pdf_into_a_missing_folder_is_one_line_and_writes_nothing(tmp_path: Path, where: str) -> None:
    (tmp_path / "existing-dir").mkdir()
    before = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*"))
    out = subprocess.run([*CLI, "print", "taisei-074055", "--pdf", str(tmp_path / where)], capture_output=True,
                         env=_env(), timeout=120)
    err = out.stderr.decode("utf-8")
    assert out.returncode == EXIT_ERROR
    assert err.count("\n") == 1 and err.startswith("エラー: 保存先"), err
    assert "QPainter" not in err and "Traceback" not in err
    assert sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*")) == before


def test_help_lists_the_exit_codes() -> None:
    text = build_parser().format_help()
    assert "終了コード" in text
    for code in (0, EXIT_ERROR, EXIT_USAGE, EXIT_OUTPUT_CLOSED):
        assert f"\n  {code} " in text, code
