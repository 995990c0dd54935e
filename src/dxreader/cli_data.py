"""dxreader-cli data …: casebook updates as one file (import, pack, status)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from dxreader import paths

EXIT_OK = 0


def cmd_import(args: argparse.Namespace) -> int:
    from dxreader.storage.datapackage import install_package

    root = paths.machine_data_dir() if args.machine else (Path(args.home) if args.home else paths.user_home())
    manifest = install_package(Path(args.file), root)
    print(f"事例データを更新しました: {manifest.case_count}件（公開日 {manifest.released}、データ版 {manifest.data_version}）")
    print(f"保存先: {root}（次にリーダーを起動したときから使われます）")
    return EXIT_OK


def cmd_pack(args: argparse.Namespace) -> int:
    from dxreader.storage.datapackage import pack

    db = Path(args.db) if args.db else paths.casebook_path()
    manifest = pack(db, Path(args.out), args.released)
    print(f"更新ファイルを作りました: {args.out}（{manifest.case_count}件、公開日 {manifest.released}）")
    return EXIT_OK


def cmd_status(args: argparse.Namespace) -> int:
    from dxreader.storage.datapackage import candidates, current, data_roots

    used = current(paths.bundled_data_dir(), data_roots())
    for option in candidates(paths.bundled_data_dir(), data_roots()):
        mark = "*" if option == used else " "
        print(f"{mark} {option.released}  {option.label}  {option.casebook}")
    return EXIT_OK


def add_commands(sub: Any, parser_class: type) -> None:
    data = sub.add_parser("data", help="事例データの更新（更新ファイルの取り込み・作成・状態）",
                          description="事例データの更新（更新ファイルの取り込み・作成・状態）")
    dsub = data.add_subparsers(dest="data_command", required=True, parser_class=parser_class)
    p = dsub.add_parser("import", help="更新ファイル（.dxdata）を検証して取り込む", description="更新ファイルを検証して取り込む")
    p.add_argument("file", help="更新ファイル")
    p.add_argument("--machine", action="store_true", help="このPCの全利用者用に取り込む（管理者権限が必要）")
    p.add_argument("--home", help="取り込み先の利用者データフォルダ（省略時はこの利用者）")
    p.set_defaults(func=cmd_import)
    p = dsub.add_parser("pack", help="事例データから更新ファイルを作る（保守担当者用）", description="更新ファイルを作る")
    p.add_argument("out", help="作る更新ファイル（例: dxreader-data-2026-12.dxdata）")
    p.add_argument("--db", help="包む事例データ（省略時は data/casebook.sqlite）")
    p.add_argument("--released", help="公開日 YYYY-MM-DD（省略時は今日）")
    p.set_defaults(func=cmd_pack)
    p = dsub.add_parser("status", help="使える事例データと、いま使われているもの（*）を表示する",
                        description="使える事例データの一覧")
    p.set_defaults(func=cmd_status)
