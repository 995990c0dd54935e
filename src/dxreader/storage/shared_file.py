"""Files the user puts in a shared folder (a file server): written whole, read whole, nothing left beside them.

Writing goes to a temporary file in the target folder and is renamed over the target, so a colleague opening
the list at that moment gets the old file or the new one, never half of one; no lock file is made (SMB lock
files outlive a dropped connection and block the next user). Reading opens the file read-only, reads it
whole and closes it at once: Python opens files on Windows with read and write sharing, so a reader never
keeps a colleague from replacing the file, and nothing is created next to it."""

from __future__ import annotations

import errno
import os
from pathlib import Path

from dxreader.storage.errors import StorageError


class SharedFileError(StorageError):
    """A shared file could not be read or written; str() says why in Japanese. Nothing was changed."""


def fsync_dir(path: Path) -> None:
    """Make a rename durable; Windows cannot open a folder for fsync and does not need it."""
    if os.name != "nt":
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def replace_whole(path: Path, data: bytes) -> None:
    """Write beside, fsync, rename: the file is either the old one or the whole new one, never half.
    OSError is passed on (callers word it for their own files); the temporary file never stays behind."""
    partial = path.with_name(f"{path.name}.{os.getpid()}.partial")
    try:
        with open(partial, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(partial, path)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    fsync_dir(path.parent)


def write_shared(path: Path, data: bytes) -> None:
    try:
        replace_whole(path, data)
    except OSError as exc:
        if exc.errno == errno.ENOSPC:
            reason = "保存先の空き容量が足りません"
        elif isinstance(exc, PermissionError):
            reason = "書き込む権限がないか、ほかの人がこのファイルを開いています。別の名前で保存してください"
        else:
            reason = exc.strerror or str(exc)
        raise SharedFileError(f"保存できませんでした（{reason}）: {path}") from exc


def read_whole(path: Path, limit: int) -> bytes:
    """The whole file, at most `limit` bytes, read through one read-only handle that is closed on return."""
    try:
        with open(path, "rb") as f:
            size = os.fstat(f.fileno()).st_size
            if size > limit:
                raise SharedFileError(f"ファイルが大きすぎます（{size:,}バイト、上限 {limit:,}バイト）: {path}")
            data = f.read(limit + 1)
    except FileNotFoundError:
        raise SharedFileError(f"ファイルが見つかりません: {path}") from None
    except IsADirectoryError:
        raise SharedFileError(f"フォルダです。ファイルを選んでください: {path}") from None
    except OSError as exc:
        raise SharedFileError(f"ファイルを読めません（{exc.strerror or exc}）: {path}") from None
    if len(data) > limit:  # grew while being read
        raise SharedFileError(f"ファイルが大きすぎます（上限 {limit:,}バイト）: {path}")
    return data
