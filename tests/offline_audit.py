"""Witnesses for "nothing reaches the network or a file share": shared by the offline and plain-text tests.

- Python's audit hooks see every socket operation and every file opened by Python code; socket connections
  are made to fail on top, so an attempt is both blocked and recorded (`no_network` in conftest.py).
- Qt opens the files a rich text names (`<img src="file:…">`) in C++, out of sight of the audit hook. On
  Linux the kernel sees it: `OpenWatch` plants files in a folder watched with inotify and reports every open
  of them, so a test can prove Qt never even tried to read a file that a planted reference points to. Windows
  has no such kernel witness a test can use (and Wine none at all): there the files are planted all the same
  and the tests check what is drawn, but `opened()` sees nothing; the Linux run is the one that proves it."""

from __future__ import annotations

import ctypes
import os
import socket
import struct
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

NETWORK_EVENTS = ("socket.", "urllib.Request", "http.client.", "ftplib.", "smtplib.", "webbrowser.open")
REMOTE_PATH_MARKS = ("//", "\\\\", "://")

_events: list[tuple[str, str]] = []
_recording = False


def _audit(event: str, args: tuple[Any, ...]) -> None:
    if not _recording:
        return
    if event.startswith(NETWORK_EVENTS):
        _events.append((event, repr(args)[:200]))
    elif event in ("open", "os.listdir", "os.scandir") and args:
        path = str(args[0])
        if path.startswith(REMOTE_PATH_MARKS) or "host" in path and "://" in path:
            _events.append((event, path))


sys.addaudithook(_audit)  # cannot be removed; it records only while `recording_network` is active


@contextmanager
def recording_network(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[tuple[str, str]]]:
    """Every connection fails (and is recorded); yields the list of what was attempted."""
    global _recording

    def refuse(*args: Any, **kwargs: Any) -> Any:
        _events.append(("blocked", repr(args)[:200]))
        raise OSError("network disabled by the offline test")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    _events.clear()
    _recording = True
    try:
        yield _events
    finally:
        _recording = False


_IN_ACCESS, _IN_OPEN = 0x001, 0x020
_EVENT = struct.Struct("iIII")  # struct inotify_event: wd, mask, cookie, len (then the name)


class OpenWatch:
    """Files that must never be opened, in a folder the kernel watches (Linux inotify). `reference(name)`
    is a `file:` URL to put in a planted text; `opened()` lists the planted files anything opened since."""

    SEES_OPENS = sys.platform.startswith("linux")

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        folder.mkdir(parents=True, exist_ok=True)
        for name in ("planted.png", "planted.css", "planted.html"):
            (folder / name).write_bytes(_PNG if name.endswith(".png") else b"x")  # real files: Qt would read them
        self._fd = -1
        self._seen: list[str] = []
        if not self.SEES_OPENS:
            return
        libc = ctypes.CDLL(None, use_errno=True)
        self._fd = libc.inotify_init1(os.O_NONBLOCK | os.O_CLOEXEC)
        if self._fd < 0 or libc.inotify_add_watch(self._fd, str(folder).encode(), _IN_OPEN | _IN_ACCESS) < 0:
            raise OSError(ctypes.get_errno(), "inotify could not watch the probe folder")

    def reference(self, name: str = "planted.png") -> str:
        return (self.folder / name).as_uri()

    def opened(self) -> list[str]:
        while self._fd >= 0:
            try:
                data = os.read(self._fd, 65536)
            except BlockingIOError:
                return list(self._seen)
            offset = 0
            while offset < len(data):
                _wd, _mask, _cookie, length = _EVENT.unpack_from(data, offset)
                start = offset + _EVENT.size
                self._seen.append(data[start:start + length].rstrip(b"\0").decode())
                offset = start + length
        return list(self._seen)

    def close(self) -> None:
        if self._fd >= 0:
            os.close(self._fd)


# A 1×1 PNG, so that an <img> Qt did load would really be an image.
_PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000"
                     "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082")
