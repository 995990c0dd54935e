"""Which update signatures the reader trusts: the built-in release key, plus what IT puts in the machine-wide folder.

`<machine data>/trusted-keys/*.pem` are extra Ed25519 public keys; `<machine data>/update-policy.json` may say
{"allow_unsigned": true} so IT can import their own unsigned test data. Both sit where only administrators
write. A key or policy file that cannot be read is left out (and listed by `data status`), never trusted."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from dxreader import paths
from dxreader.core.package_signature import MAX_KEY_FILE_BYTES, KeyFileError, TrustedKey, load_public_key, release_key

MAX_KEY_FILES = 50


@dataclass(frozen=True)
class UpdatePolicy:
    keys: list[TrustedKey]
    allow_unsigned: bool = False
    problems: list[str] = field(default_factory=list)  # key or policy files that were left out, and why


def _read_small(path: Path, limit: int) -> bytes:
    with path.open("rb") as f:
        data = f.read(limit + 1)
    if len(data) > limit:
        raise KeyFileError("ファイルが大きすぎます")
    return data


def _allow_unsigned(policy_file: Path, problems: list[str]) -> bool:
    if not policy_file.exists():
        return False
    try:
        value = json.loads(_read_small(policy_file, 4096).decode("utf-8"))
    except (OSError, KeyFileError, ValueError, RecursionError) as exc:
        problems.append(f"{policy_file}: 読めないため無視しました（{exc}）")
        return False
    if not (isinstance(value, dict) and set(value) <= {"allow_unsigned"} and type(value.get("allow_unsigned")) is bool):
        problems.append(f'{policy_file}: 形式が違うため無視しました（{{"allow_unsigned": true}} の形で書いてください）')
        return False
    return bool(value.get("allow_unsigned"))


def load_policy(keys_dir: Path | None = None, policy_file: Path | None = None) -> UpdatePolicy:
    keys_dir = keys_dir or paths.trusted_keys_dir()
    policy_file = policy_file or paths.update_policy_path()
    problems: list[str] = []
    keys = [release_key()]
    files: list[Path] = []
    try:
        files = sorted(keys_dir.glob("*.pem"))[:MAX_KEY_FILES] if keys_dir.is_dir() else []
    except OSError as exc:
        problems.append(f"{keys_dir}: 読めません（{exc.strerror or exc}）")
    for file in files:
        try:
            keys.append(TrustedKey(load_public_key(_read_small(file, MAX_KEY_FILE_BYTES)), file.name))
        except (OSError, KeyFileError) as exc:
            problems.append(f"{file}: 公開鍵として使えないため無視しました（{exc}）")
    return UpdatePolicy(keys, _allow_unsigned(policy_file, problems), problems)
