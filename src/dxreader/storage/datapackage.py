"""Casebook data packages on disk: verify one before use, install it, build one, and pick the casebook to read.

Installed packages live in `<data folder>/casebooks/<data version>/` (the user's folder, or a machine-wide
one that IT fills); the newest valid one wins over the bundled casebook, which stays as the fallback."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import stat
import tempfile
import zipfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from dxreader.core.datapackage import (
    ALLOWED_MEMBERS, CASEBOOK, MANIFEST, MAX_COMPRESSION_RATIO, MAX_MEMBER_BYTES, MAX_PACKAGE_BYTES, Manifest,
    PackageRejected, parse_manifest,
)
from dxreader.storage.casebook import SCHEMA_VERSION

INSTALLED = "casebooks"
RELEASE_FILE = "release.json"  # beside the bundled casebook: {"released": "YYYY-MM-DD"}
_CHUNK = 1024 * 1024


@dataclass(frozen=True)
class Candidate:
    casebook: Path
    released: str
    label: str  # where it came from, for the About dialog and self-check


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        while chunk := f.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _check_members(archive: zipfile.ZipFile) -> dict[str, zipfile.ZipInfo]:
    infos: dict[str, zipfile.ZipInfo] = {}
    for info in archive.infolist():
        if info.filename not in ALLOWED_MEMBERS:
            raise PackageRejected(f"更新ファイルに許可されていないファイル「{info.filename[:80]}」が含まれています")
        if info.filename in infos:
            raise PackageRejected(f"更新ファイルに同じ名前のファイル「{info.filename}」が重複しています")
        if stat.S_ISLNK(info.external_attr >> 16) or info.is_dir():
            raise PackageRejected(f"更新ファイルの「{info.filename}」がリンクかフォルダになっています")
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED) or info.flag_bits & 0x1:
            raise PackageRejected(f"更新ファイルの「{info.filename}」の圧縮方式には対応していません")
        if info.file_size > MAX_MEMBER_BYTES[info.filename]:
            raise PackageRejected(f"更新ファイルの「{info.filename}」が大きすぎます（{info.file_size:,}バイト）")
        if info.file_size > MAX_COMPRESSION_RATIO * max(info.compress_size, 1):
            raise PackageRejected(f"更新ファイルの「{info.filename}」の圧縮率が異常です（展開すると大きくなりすぎます）")
        infos[info.filename] = info
    missing = [m for m in ALLOWED_MEMBERS if m not in infos]
    if missing:
        raise PackageRejected(f"更新ファイルに「{missing[0]}」がありません")
    return infos


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


def _check_database(path: Path, manifest: Manifest) -> None:
    """Opened read-only with the hardening pragmas, then SQLite's integrity check and the casebook's rules."""
    from dxreader.services.integrity import check_casebook

    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    except sqlite3.DatabaseError as exc:
        raise PackageRejected("更新ファイルの事例データを開けません") from exc
    try:
        for pragma in ("trusted_schema = OFF", "cell_size_check = ON", "mmap_size = 0", "query_only = ON"):
            conn.execute(f"PRAGMA {pragma}")
        meta = dict(conn.execute("SELECT key, value FROM meta").fetchall())
        version = int(meta.get("schema_version", "0"))
        if version > SCHEMA_VERSION:
            raise PackageRejected(f"この事例データは新しい形式（版 {version}）です。プログラムを更新してください"
                                  f"（このプログラムは版 {SCHEMA_VERSION}）")
        if version != SCHEMA_VERSION or version != manifest.schema_version:
            raise PackageRejected(f"事例データの形式（版 {version}）にこのプログラムは対応していません")
        if meta.get("data_version") != manifest.data_version:
            raise PackageRejected("目録のデータ版と事例データの中身が一致しません")
        problems = check_casebook(conn)
        if problems:
            raise PackageRejected(f"事例データの検査に失敗しました: {problems[0]}（ほか {len(problems) - 1} 件）")
        count = conn.execute("SELECT count(*) FROM cases").fetchone()[0]
        if count == 0 or count != manifest.case_count:
            raise PackageRejected(f"事例の件数（{count}）が目録（{manifest.case_count}）と一致しません")
    except sqlite3.DatabaseError as exc:
        raise PackageRejected(f"更新ファイルの事例データが壊れています（{exc}）") from exc
    finally:
        conn.close()


def install_package(package: Path, data_root: Path) -> Manifest:
    """Verify `package` completely, then install it under `data_root/casebooks/`. A bad one changes nothing."""
    try:
        size = package.stat().st_size
    except OSError as exc:
        raise PackageRejected(f"更新ファイルを開けません: {package}") from exc
    if size > MAX_PACKAGE_BYTES:
        raise PackageRejected(f"更新ファイルが大きすぎます（{size:,}バイト）")
    root = data_root / INSTALLED
    try:
        root.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=".incoming-", dir=root))  # private, beside where it will go
    except OSError as exc:
        raise PackageRejected(f"取り込み先に書き込めません（{exc.strerror or exc}）: {root}") from exc
    try:
        manifest = _verify_into(package, staging)
        _put_in_place(staging, root / manifest.data_version)
        return manifest
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _verify_into(package: Path, staging: Path) -> Manifest:
    try:
        with zipfile.ZipFile(package) as archive:
            infos = _check_members(archive)
            manifest = parse_manifest(archive.read(infos[MANIFEST]))
            if manifest.members[CASEBOOK]["size"] != infos[CASEBOOK].file_size:
                raise PackageRejected("事例データの大きさが目録と一致しません")
            digest = _copy_bounded(archive, infos[CASEBOOK], staging / CASEBOOK)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, ValueError) as exc:
        raise PackageRejected("更新ファイルが壊れているか、ZIP形式ではありません") from exc
    except OSError as exc:
        raise PackageRejected(f"更新ファイルを読めないか、展開先に書き込めません（{exc.strerror or exc}）") from exc
    if digest != manifest.members[CASEBOOK]["sha256"]:
        raise PackageRejected("事例データのSHA-256が目録と一致しません（改変されたか、壊れています）")
    _check_database(staging / CASEBOOK, manifest)
    (staging / MANIFEST).write_bytes(manifest.to_json())
    return manifest


def _put_in_place(staging: Path, target: Path) -> None:
    """The same data version again replaces the old copy; if that copy is in use (Windows), nothing changes."""
    old = target.with_name(f".old-{target.name}")
    try:
        if target.exists():
            shutil.rmtree(old, ignore_errors=True)
            os.replace(target, old)
        os.replace(staging, target)
    except OSError as exc:
        if old.exists() and not target.exists():
            os.replace(old, target)
        raise PackageRejected(f"同じ版の事例データが使用中のため置き換えられません（{exc.strerror or exc}）。"
                              "DX事例リーダーを終了してから取り込んでください") from exc
    shutil.rmtree(old, ignore_errors=True)


def pack(casebook: Path, out: Path, released: str | None = None) -> Manifest:
    """Build a package from a casebook that passes every check (the maintainers' `data pack`)."""
    from dxreader.services.integrity import check_casebook
    from dxreader.storage.casebook import Casebook

    with Casebook(casebook) as book:
        problems = check_casebook(book.connection)
        if problems:
            raise PackageRejected(f"事例データに問題があるため包めません: {problems[0]}")
        manifest = Manifest(
            data_version=book.meta["data_version"], schema_version=int(book.meta["schema_version"]),
            released=released or date.today().isoformat(), case_count=len(book.cases()),
            sources=tuple(d["citation"] for d in book.documents()),
            members={CASEBOOK: {"sha256": _sha256(casebook), "size": casebook.stat().st_size}},
        )
    parse_manifest(manifest.to_json())  # the same rules the importer applies
    partial = out.with_name(out.name + ".partial")
    with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(MANIFEST, manifest.to_json())
        archive.write(casebook, CASEBOOK)
    os.replace(partial, out)
    return manifest


def bundled_release(bundled_dir: Path) -> str:
    try:
        return str(json.loads((bundled_dir / RELEASE_FILE).read_text(encoding="utf-8"))["released"])
    except (OSError, ValueError, KeyError, TypeError):
        return "0000-00-00"


def installed(data_roots: list[Path]) -> list[Candidate]:
    """Installed packages whose casebook still matches its manifest, newest first."""
    found = []
    for root in data_roots:
        for folder in sorted((root / INSTALLED).glob("*")) if (root / INSTALLED).is_dir() else []:
            if folder.name.startswith("."):
                continue
            try:
                manifest = parse_manifest((folder / MANIFEST).read_bytes())
                if _sha256(folder / CASEBOOK) != manifest.members[CASEBOOK]["sha256"]:
                    continue  # changed since it was verified: not used
            except (OSError, PackageRejected):
                continue
            found.append(Candidate(folder / CASEBOOK, manifest.released, f"更新データ {manifest.released}（{folder}）"))
    return sorted(found, key=lambda c: c.released, reverse=True)


def candidates(bundled_dir: Path, data_roots: list[Path]) -> list[Candidate]:
    """Every casebook to try, best first: newer installed packages, then the bundled one, then older ones."""
    bundled = Candidate(bundled_dir / CASEBOOK, bundled_release(bundled_dir), "同梱データ")
    found = installed(data_roots)
    return [*(c for c in found if c.released > bundled.released), bundled,
            *(c for c in found if c.released <= bundled.released)]


def current(bundled_dir: Path, data_roots: list[Path]) -> Candidate:
    """The casebook to read: the first candidate that opens (the bundled one is the fallback)."""
    from dxreader.storage.casebook import Casebook
    from dxreader.storage.errors import StorageError

    options = candidates(bundled_dir, data_roots)
    for option in options:
        try:
            Casebook(option.casebook).close()
            return option
        except StorageError:
            continue
    return next(c for c in options if c.label == "同梱データ")  # opening it will say what is wrong


def data_roots() -> list[Path]:
    """Where installed updates are looked for: the user's data folder, then the machine-wide one."""
    from dxreader import paths

    return [paths.user_home(), paths.machine_data_dir()]


def current_casebook_path() -> Path:
    """The casebook the reader and the console tool read: the newest valid update, else the bundled one."""
    from dxreader import paths

    return current(paths.bundled_data_dir(), data_roots()).casebook
