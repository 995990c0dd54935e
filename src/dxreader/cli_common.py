"""What every dxreader-cli command shares: the casebook it reads, a case by ID, the output check, and the one
kind of error that becomes one Japanese line and exit code 1."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any

from dxreader.storage.casebook import Casebook


class UserError(Exception):
    """A problem to report in one Japanese line, with a non-zero exit."""


def open_casebook(args: argparse.Namespace) -> Casebook:
    from dxreader.storage.casebook_choice import open_current

    if args.db:
        return Casebook(Path(args.db))
    choice = open_current()
    if choice.passed_over:
        print(f"注意: {choice.notice()}", file=sys.stderr)
    return choice.casebook


def case_or_error(catalog: Any, case_id: str) -> Any:
    case = catalog.get(case_id)
    if case is None:
        raise UserError(f"事例ID「{case_id}」は見つかりません（dxreader-cli cases で一覧を表示できます）")
    return case


def writable_output(target: Path) -> Path:
    """The output file's folder must exist and take a new file; else a Japanese line and nothing written."""
    folder = target.parent if str(target.parent) else Path(".")
    if target.is_dir():
        raise UserError(f"保存先がフォルダです。ファイル名を指定してください: {target}")
    if not folder.is_dir():
        raise UserError(f"保存先のフォルダがありません: {folder}")
    if not os.access(folder, os.W_OK):
        raise UserError(f"保存先のフォルダに書き込めません: {folder}")
    return target
