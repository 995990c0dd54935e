"""dxreader-cli data …: casebook updates as one file (import, pack, keygen, status; trial-load is internal)."""

from __future__ import annotations

import argparse
import os
from pathlib import Path
from typing import Any

from dxreader import paths
from dxreader.core.datapackage import PackageRejected

EXIT_OK, EXIT_ERROR = 0, 1


def cmd_import(args: argparse.Namespace) -> int:
    from dxreader.storage.datapackage import install_package

    root = paths.machine_data_dir() if args.machine else (Path(args.home) if args.home else paths.user_home())
    manifest = install_package(Path(args.file), root, allow_older=args.allow_older)
    print(f"事例データを更新しました: {manifest.case_count}件（公開日 {manifest.released}、データ版 {manifest.data_version}）")
    print(f"保存先: {root}（次にリーダーを起動したときから使われます）")
    return EXIT_OK


def _read_key_file(path: str) -> bytes:
    try:
        with open(path, "rb") as f:
            return f.read(8192)
    except OSError as exc:
        raise PackageRejected(f"鍵ファイルを読めません（{exc.strerror or exc}）: {path}") from exc


def cmd_pack(args: argparse.Namespace) -> int:
    from dxreader.core.package_signature import KeyFileError, load_private_key
    from dxreader.storage.datapackage import pack

    key = None
    if args.key:
        try:
            key = load_private_key(_read_key_file(args.key))
        except KeyFileError as exc:
            raise PackageRejected(str(exc)) from exc
    elif not args.unsigned:
        raise PackageRejected("署名用の秘密鍵を --key で指定してください（IT担当者の試験用に署名しない場合は --unsigned）")
    db = Path(args.db) if args.db else paths.casebook_path()
    manifest = pack(db, Path(args.out), args.released, key)
    signed = "署名つき" if key else "署名なし"
    print(f"更新ファイルを作りました: {args.out}（{manifest.case_count}件、公開日 {manifest.released}、{signed}）")
    return EXIT_OK


def _write_new(path: Path, data: bytes, mode: int) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)  # never overwrites an existing key
    with os.fdopen(fd, "wb") as f:
        f.write(data)


def cmd_keygen(args: argparse.Namespace) -> int:
    from dxreader.core.package_signature import fingerprint, load_public_key, new_key_pair

    private_pem, public_pem = new_key_pair()
    private, public = Path(f"{args.name}-private.pem"), Path(f"{args.name}-public.pem")
    for path in (private, public):
        if path.exists():
            raise PackageRejected(f"同じ名前のファイルがすでにあります（上書きしません）: {path}")
    try:
        _write_new(private, private_pem, 0o600)
        _write_new(public, public_pem, 0o644)
    except OSError as exc:
        raise PackageRejected(f"鍵ファイルを書けません（{exc.strerror or exc}）") from exc
    print(f"秘密鍵: {private}（署名する人だけが持ち、配布しないでください）")
    print(f"公開鍵: {public}（各PCの {paths.trusted_keys_dir()} に置きます）")
    print(f"公開鍵の指紋: {fingerprint(load_public_key(public_pem))}")
    return EXIT_OK


def cmd_status(args: argparse.Namespace) -> int:
    from dxreader.storage.casebook_choice import candidates, data_roots, open_current
    from dxreader.storage.package_trust import load_policy

    choice = open_current()
    used = choice.candidate
    choice.casebook.close()
    for option in candidates(paths.bundled_data_dir(), data_roots()):
        mark = "*" if option == used else " "
        print(f"{mark} {option.released}  {option.label}  {option.casebook}")
    if choice.passed_over:
        print(choice.notice())
    policy = load_policy()
    print("信頼する署名鍵: " + "、".join(f"{k.label}（{k.fingerprint}）" for k in policy.keys))
    print(f"署名のない更新ファイル: {'許可（' + str(paths.update_policy_path()) + '）' if policy.allow_unsigned else '拒否'}")
    for problem in policy.problems:
        print(f"注意: {problem}")
    return EXIT_OK


def cmd_trial_load(args: argparse.Namespace) -> int:
    from dxreader.storage.trial_load import child_main

    return child_main(Path(args.casebook), Path(args.index), args.seconds, args.memory)


def run_import_safely(args: argparse.Namespace) -> int:
    """Every failure of an import is one Japanese line and a non-zero exit, never a traceback."""
    try:
        return cmd_import(args)
    except PackageRejected:
        raise
    except Exception as exc:  # noqa: BLE001 - the last resort at the edge: the user gets a sentence, not a trace
        raise PackageRejected(f"予期しない理由で取り込めませんでした（{type(exc).__name__}）") from exc


def add_commands(sub: Any, parser_class: type) -> None:
    data = sub.add_parser("data", help="事例データの更新（更新ファイルの取り込み・作成・状態）",
                          description="事例データの更新（更新ファイルの取り込み・作成・状態）")
    dsub = data.add_subparsers(dest="data_command", required=True, parser_class=parser_class)
    p = dsub.add_parser("import", help="更新ファイル（.dxdata）を検証して取り込む", description="更新ファイルを検証して取り込む")
    p.add_argument("file", help="更新ファイル")
    p.add_argument("--machine", action="store_true", help="このPCの全利用者用に取り込む（管理者権限が必要）")
    p.add_argument("--home", help="取り込み先の利用者データフォルダ（省略時はこの利用者）")
    p.add_argument("--allow-older", action="store_true", help="使用中の事例データより古い更新ファイルも取り込む")
    p.set_defaults(func=run_import_safely)
    p = dsub.add_parser("pack", help="事例データから署名つきの更新ファイルを作る（保守担当者用）", description="更新ファイルを作る")
    p.add_argument("out", help="作る更新ファイル（例: dxreader-data-2026-12.dxdata）")
    p.add_argument("--key", help="署名用の秘密鍵（data keygen で作ったもの）")
    p.add_argument("--unsigned", action="store_true", help="署名しない（許可したPCでの試験用）")
    p.add_argument("--db", help="包む事例データ（省略時は data/casebook.sqlite）")
    p.add_argument("--released", help="公開日 YYYY-MM-DD（省略時は今日）")
    p.set_defaults(func=cmd_pack)
    p = dsub.add_parser("keygen", help="更新ファイルの署名用の鍵の組を作る", description="Ed25519 の鍵の組を作る")
    p.add_argument("name", help="鍵ファイルの名前（NAME-private.pem と NAME-public.pem を作る）")
    p.set_defaults(func=cmd_keygen)
    p = dsub.add_parser("status", help="使える事例データと、いま使われているもの（*）を表示する",
                        description="使える事例データの一覧")
    p.set_defaults(func=cmd_status)
    p = dsub.add_parser("trial-load", help=argparse.SUPPRESS)  # the bounded child of storage.trial_load
    p.add_argument("casebook")
    p.add_argument("index")
    p.add_argument("--seconds", type=float, required=True)
    p.add_argument("--memory", type=int, required=True)
    p.set_defaults(func=cmd_trial_load)

