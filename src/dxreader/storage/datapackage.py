"""Casebook data packages on disk: verify one completely before use, install it, and build (and sign) one.

Installed packages live in `<data folder>/casebooks/<released>-<SHA-256 prefix>/` (the user's folder, or a
machine-wide one that IT fills). The folder name comes only from validated values, and nothing outside
`casebooks/` is ever renamed or deleted. storage.casebook_choice picks which installed casebook is read."""

from __future__ import annotations

import hashlib
import os
import shutil
import stat
import struct
import tempfile
import zipfile
import zlib
from collections.abc import Callable
from datetime import date
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from dxreader.core.datapackage import (
    ALLOWED_MEMBERS, CASEBOOK, INSTALL_FOLDER, MANIFEST, MAX_COMPRESSION_RATIO, MAX_MEMBER_BYTES, MAX_PACKAGE_BYTES,
    REQUIRED_MEMBERS, SIGNATURE, Manifest, OlderThanInUse, PackageRejected, check_release_date, parse_manifest,
)
from dxreader.core.package_signature import sign_manifest, signer_of
from dxreader.storage.casebook_check import check_casebook_file
from dxreader.storage.casebook_choice import INSTALLED, newest_release, sha256_of
from dxreader.storage.package_trust import UpdatePolicy, load_policy
from dxreader.storage.trial_load import trial_load

_CHUNK = 1024 * 1024
_END_OF_DIRECTORY = b"PK\x05\x06"
_ZIP_ERRORS = (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, ValueError, NotImplementedError, RuntimeError,
               zlib.error, struct.error, OverflowError)
Trial = Callable[[Path, Path], int]


def _count_entries(package: Path) -> None:
    """Refuse a ZIP whose directory lists more entries than a package may have, before zipfile reads them all."""
    with package.open("rb") as f:
        f.seek(0, os.SEEK_END)
        f.seek(max(0, f.tell() - 65_557))  # the end record and the longest comment
        tail = f.read()
    at = tail.rfind(_END_OF_DIRECTORY)
    if at < 0 or len(tail) < at + 22:
        raise PackageRejected("更新ファイルが壊れているか、ZIP形式ではありません")
    entries = struct.unpack("<H", tail[at + 10:at + 12])[0]
    if entries > len(ALLOWED_MEMBERS):
        raise PackageRejected(f"更新ファイルに含まれるファイルが多すぎます（{entries}個）")


def _check_members(archive: zipfile.ZipFile) -> dict[str, zipfile.ZipInfo]:
    infos: dict[str, zipfile.ZipInfo] = {}
    for info in archive.infolist()[:len(ALLOWED_MEMBERS) + 1]:
        shown = info.filename[:80].replace("\x00", "?")
        if info.filename not in ALLOWED_MEMBERS:
            raise PackageRejected(f"更新ファイルに許可されていないファイル「{shown}」が含まれています")
        if info.filename in infos:
            raise PackageRejected(f"更新ファイルに同じ名前のファイル「{shown}」が重複しています")
        if stat.S_ISLNK(info.external_attr >> 16) or info.is_dir():
            raise PackageRejected(f"更新ファイルの「{shown}」がリンクかフォルダになっています")
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED) or info.flag_bits & 0x1:
            raise PackageRejected(f"更新ファイルの「{shown}」の圧縮方式には対応していません")
        if info.file_size > MAX_MEMBER_BYTES[info.filename]:
            raise PackageRejected(f"更新ファイルの「{shown}」が大きすぎます（{info.file_size:,}バイト）")
        if info.file_size > MAX_COMPRESSION_RATIO * max(info.compress_size, 1) + 1024:
            raise PackageRejected(f"更新ファイルの「{shown}」の圧縮率が異常です（展開すると大きくなりすぎます）")
        infos[info.filename] = info
    missing = [m for m in REQUIRED_MEMBERS if m not in infos]
    if missing:
        raise PackageRejected(f"更新ファイルに「{missing[0]}」がありません")
    return infos


def _read_small(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytes:
    with archive.open(info) as member:
        data = member.read(MAX_MEMBER_BYTES[info.filename] + 1)
    if len(data) > MAX_MEMBER_BYTES[info.filename]:
        raise PackageRejected(f"更新ファイルの「{info.filename}」が大きすぎます")
    return data


def _copy_bounded(archive: zipfile.ZipFile, info: zipfile.ZipInfo, target: Path) -> str:
    """Decompress one member into `target` (never by its own name), at most its size limit; its SHA-256."""
    digest, written, limit = hashlib.sha256(), 0, MAX_MEMBER_BYTES[info.filename]
    with archive.open(info) as src, target.open("wb") as dst:
        while chunk := src.read(_CHUNK):
            written += len(chunk)
            if written > limit:
                raise PackageRejected(f"更新ファイルの「{info.filename}」が大きすぎます")
            digest.update(chunk)
            dst.write(chunk)
    return digest.hexdigest()


def _check_signature(manifest: bytes, signature: bytes | None, policy: UpdatePolicy) -> None:
    if signature is not None:
        signer_of(manifest, signature, policy.keys)
    elif not policy.allow_unsigned:
        raise PackageRejected("更新ファイルに署名がありません。署名のない更新ファイルは取り込めません"
                              "（情報システム担当者の設定で許可されている場合を除く）")


def _check_casebook(casebook: Path, manifest: Manifest, workdir: Path, trial: Trial) -> None:
    meta = check_casebook_file(casebook)
    if meta["data_version"] != manifest.data_version or meta["schema_version"] != str(manifest.schema_version):
        raise PackageRejected("目録のデータ版・形式の版と事例データの中身が一致しません")
    loaded = trial(casebook, workdir)
    if loaded != manifest.case_count:
        raise PackageRejected(f"事例の件数（{loaded}）が目録（{manifest.case_count}）と一致しません")


def _verify_into(package: Path, staging: Path, policy: UpdatePolicy, in_use: str, allow_older: bool,
                 today: date, trial: Trial) -> Manifest:
    try:
        _count_entries(package)
        with zipfile.ZipFile(package) as archive:
            infos = _check_members(archive)
            raw = _read_small(archive, infos[MANIFEST])
            signature = _read_small(archive, infos[SIGNATURE]) if SIGNATURE in infos else None
            _check_signature(raw, signature, policy)
            manifest = parse_manifest(raw, today)
            if manifest.released < in_use and not allow_older:
                raise OlderThanInUse(manifest.released, in_use)
            if manifest.casebook_size != infos[CASEBOOK].file_size:
                raise PackageRejected("事例データの大きさが目録と一致しません")
            digest = _copy_bounded(archive, infos[CASEBOOK], staging / CASEBOOK)
    except _ZIP_ERRORS as exc:
        raise PackageRejected("更新ファイルが壊れているか、ZIP形式ではありません") from exc
    if digest != manifest.casebook_sha256:
        raise PackageRejected("事例データのSHA-256が目録と一致しません（改変されたか、壊れています）")
    workdir = staging / ".trial"
    _check_casebook(staging / CASEBOOK, manifest, workdir, trial)
    shutil.rmtree(workdir, ignore_errors=True)
    (staging / MANIFEST).write_bytes(raw)
    if signature is not None:
        (staging / SIGNATURE).write_bytes(signature)
    return manifest


def casebooks_root(data_root: Path) -> Path:
    """`<data_root>/casebooks`, created if needed; refused if it is a link (it could point anywhere)."""
    root = data_root / INSTALLED
    try:
        root.mkdir(parents=True, exist_ok=True)
        if root.is_symlink() or not root.is_dir():
            raise PackageRejected(f"取り込み先「{root}」がフォルダではありません（リンクなど）")
        return root.resolve(strict=True)
    except OSError as exc:
        raise PackageRejected(f"取り込み先に書き込めません（{exc.strerror or exc}）: {root}") from exc


def install_package(package: Path, data_root: Path, *, in_use: str | None = None, allow_older: bool = False,
                    policy: UpdatePolicy | None = None, today: date | None = None,
                    trial: Trial = trial_load) -> Manifest:
    """Verify `package` completely, then install it under `data_root/casebooks/`. A bad one changes nothing.

    `in_use` is the release date of the casebook in use (default: the newest of the bundled one and those
    installed in `data_root` and the machine-wide folder); an older package needs `allow_older`."""
    try:
        size = package.stat().st_size
    except (OSError, ValueError) as exc:
        raise PackageRejected(f"更新ファイルを開けません: {str(package)[:200]}") from exc
    if size > MAX_PACKAGE_BYTES:
        raise PackageRejected(f"更新ファイルが大きすぎます（{size:,}バイト）")
    policy = policy or load_policy()
    in_use = in_use if in_use is not None else newest_release(data_root)
    created = [p for p in (data_root, data_root / INSTALLED) if not p.exists()]
    root = casebooks_root(data_root)
    try:
        staging = Path(tempfile.mkdtemp(prefix=".incoming-", dir=root))  # private, beside where it will go
    except OSError as exc:
        raise PackageRejected(f"取り込み先に書き込めません（{exc.strerror or exc}）: {root}") from exc
    try:
        try:
            manifest = _verify_into(package, staging, policy, in_use, allow_older, today or date.today(), trial)
        except OSError as exc:
            raise PackageRejected(f"更新ファイルを読めないか、展開先に書き込めません（{exc.strerror or exc}）") from exc
        _put_in_place(staging, root, manifest.install_folder)
        created = []
        return manifest
    finally:
        shutil.rmtree(staging, ignore_errors=True)
        for folder in reversed(created):  # a refusal leaves no trace, not even an empty folder
            try:
                folder.rmdir()
            except OSError:
                pass


def _put_in_place(staging: Path, root: Path, name: str) -> None:
    """The same package again replaces its old copy; if that copy is in use (Windows), nothing changes."""
    if not INSTALL_FOLDER.fullmatch(name):
        raise PackageRejected("取り込み先のフォルダ名が正しくありません")
    target, old = root / name, root / f".old-{name}"
    if target.resolve().parent != root or old.resolve().parent != root:  # containment, after resolving
        raise PackageRejected("取り込み先が事例データのフォルダの外になります")
    try:
        if target.exists() or target.is_symlink():
            shutil.rmtree(old, ignore_errors=True)
            os.replace(target, old)
        os.replace(staging, target)
    except OSError as exc:
        if (old.exists() or old.is_symlink()) and not target.exists():
            os.replace(old, target)
        raise PackageRejected(f"同じ事例データが使用中のため置き換えられません（{exc.strerror or exc}）。"
                              "DX事例リーダーを終了してから取り込んでください") from exc
    if old.is_symlink():
        old.unlink()
    else:
        shutil.rmtree(old, ignore_errors=True)


def pack(casebook: Path, out: Path, released: str | None = None, key: Ed25519PrivateKey | None = None) -> Manifest:
    """Build a package from a casebook that passes every check (the maintainers' `data pack`), signed with `key`."""
    meta = check_casebook_file(casebook)
    from dxreader.storage.casebook import Casebook

    today = date.today()
    with Casebook(casebook) as book:
        manifest = Manifest(
            data_version=meta["data_version"], schema_version=int(meta["schema_version"]),
            released=check_release_date(released or today.isoformat(), today), case_count=len(book.cases()),
            sources=tuple(d["citation"] for d in book.documents()),
            casebook_sha256=sha256_of(casebook), casebook_size=casebook.stat().st_size,
        )
    raw = manifest.to_json()
    parse_manifest(raw, today)  # the same rules the importer applies
    partial = out.with_name(out.name + ".partial")
    with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(MANIFEST, raw)
        if key is not None:
            archive.writestr(SIGNATURE, sign_manifest(raw, key))
        archive.write(casebook, CASEBOOK)
    os.replace(partial, out)
    return manifest
