"""Reading a SQLite write-ahead log before SQLite does, to tell a torn end (a save that never finished, which
SQLite rightly drops) from damage in the middle (SQLite would drop every later, confirmed save in silence)."""

from __future__ import annotations

import struct
from array import array
from pathlib import Path
from sys import byteorder

_MAGIC = {0x377F0682: "little", 0x377F0683: "big"}  # the byte order of the checksum words
_HEADER, _FRAME_HEADER = 32, 24
_MASK = 0xFFFFFFFF


def _checksum(data: bytes, seed: tuple[int, int], order: str) -> tuple[int, int]:
    """SQLite's WAL checksum: pairs of 32-bit words, each sum feeding the other."""
    words = array("I", data)
    if order != byteorder:
        words.byteswap()
    s0, s1 = seed
    for i in range(0, len(words), 2):
        s0 = (s0 + words[i] + s1) & _MASK
        s1 = (s1 + words[i + 1] + s0) & _MASK
    return s0, s1


def _stored(header: bytes, at: int) -> tuple[int, int]:
    return struct.unpack(">II", header[at:at + 8])  # type: ignore[return-value]


def damage(wal_path: Path, valid_frames: int = 0) -> str | None:
    """None when the log is sound or merely ends in a torn, unfinished save; else what is damaged (a
    frame SQLite would stop at although confirmed saves follow it, or a broken header over saved frames).
    valid_frames: how many frames SQLite itself accepted (PRAGMA wal_checkpoint's second figure); only
    what follows them is checked here, so a long log costs nothing unless SQLite stopped early."""
    try:
        data = wal_path.read_bytes()
    except FileNotFoundError:
        return None
    if len(data) < _HEADER + _FRAME_HEADER:
        return None  # empty, or a log that was being started
    magic, _, page_size = struct.unpack(">III", data[:12])
    order = _MAGIC.get(magic)
    if order is None or page_size < 512 or page_size > 65536 or page_size & (page_size - 1):
        return "ログの先頭が壊れています"
    seed = _checksum(data[:24], (0, 0), order)
    if seed != _stored(data, 24):
        return "ログの先頭が壊れています"
    salt = data[16:24]
    frame_size = _FRAME_HEADER + page_size
    frames = (len(data) - _HEADER) // frame_size
    if 0 < valid_frames <= frames:  # SQLite checked these in C: go on from the last one's checksum
        seed = _stored(data[_HEADER + (valid_frames - 1) * frame_size:], 16)
    else:
        valid_frames = 0
    broken = None
    for i in range(valid_frames, frames):
        at = _HEADER + i * frame_size
        header = data[at:at + _FRAME_HEADER]
        if header[8:16] != salt:
            return None  # the rest is left over from an earlier, checkpointed log
        computed = _checksum(header[:8] + data[at + _FRAME_HEADER:at + frame_size], seed, order)
        if computed != _stored(header, 16):
            broken = i
            seed = _stored(header, 16)  # what the writer computed: later frames chain on from it
            break
        seed = computed
    if broken is None:
        return None
    for j in range(broken + 1, frames):
        at = _HEADER + j * frame_size
        header = data[at:at + _FRAME_HEADER]
        if header[8:16] != salt or _checksum(header[:8] + data[at + _FRAME_HEADER:at + frame_size], seed,
                                             order) != _stored(header, 16):
            return None  # nothing sound follows: a torn end, not damage
        if struct.unpack(">I", header[4:8])[0]:  # a commit frame: a confirmed save lies beyond the break
            return f"ログの{broken + 1}番目の記録が壊れています（その後の保存が読めません）"
        seed = _stored(header, 16)
    return None
