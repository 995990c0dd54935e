"""Correcting the text layer (the ToUnicode maps) of a PDF that Qt wrote, without touching what is drawn.

Why: a PDF shows glyphs; copy, search and `pdftotext` read the font's ToUnicode map, glyph → character. Qt
builds that map by walking the font's character map from U+0000 upwards and keeping, for each glyph, the
FIRST character that uses it (QFontSubset::getReverseMap). Japanese fonts draw a kanji and its look-alike
radical with one glyph (行 U+884C and the Kangxi radical ⾏ U+2F8F; 西 and the radical-supplement ⻄ U+2EC4),
and the radicals come first, so about 200 kanji of a case sheet came out as radicals. Only a caller that knows
the text it printed and the fonts it used can tell which of the two was meant; this module applies its answer.

Handles the classic PDF that Qt writes (one cross-reference table, streams plain or Flate-compressed);
anything else is left as it is (`repair_tounicode` returns None).
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Callable

_STARTXREF = re.compile(rb"startxref\s+(\d+)\s+%%EOF\s*$")
_XREF_HEAD = re.compile(rb"xref\s+0\s+(\d+)\s+")
_XREF_ROW = re.compile(rb"(\d{10}) (\d{5}) ([nf])")
_TOUNICODE_REF = re.compile(rb"/ToUnicode\s+(\d+)\s+0\s+R")
_STREAM_OBJ = re.compile(rb"(\d+)\s+0\s+obj\s*<<(.*?)>>\s*stream(?:\r\n|\n)", re.S)
_LENGTH = re.compile(rb"/Length\s+(\d+)(\s+0\s+R)?")
_INT_OBJ = re.compile(rb"\d+\s+0\s+obj\s*(\d+)\s*endobj")
_BLOCK = re.compile(rb"beginbf(char|range)(.*?)endbf\1", re.S)
_HEX = re.compile(rb"<([0-9A-Fa-f]*)>|\[|\]")

Fix = Callable[[str], "str | None"]  # the character a code should stand for, or None to keep it


class _NotClassic(Exception):
    """The file is not laid out as Qt writes PDFs; it is returned unchanged."""


def _utf16(hex_text: bytes) -> str:
    return bytes.fromhex(hex_text.decode("ascii")).decode("utf-16-be", errors="surrogatepass")


def _hex_utf16(text: str) -> str:
    return text.encode("utf-16-be", errors="surrogatepass").hex().upper()


def parse_cmap(data: bytes) -> dict[int, str]:
    """Code → text of a ToUnicode CMap (bfchar entries and both forms of bfrange)."""
    mapping: dict[int, str] = {}
    for kind, body in _BLOCK.findall(data):
        tokens = [m.group(0) for m in _HEX.finditer(body)]
        i = 0
        while i < len(tokens):
            if kind == b"char":
                mapping[int(tokens[i][1:-1], 16)] = _utf16(tokens[i + 1][1:-1])
                i += 2
                continue
            first, last = int(tokens[i][1:-1], 16), int(tokens[i + 1][1:-1], 16)
            if tokens[i + 2] == b"[":
                end = tokens.index(b"]", i + 3)
                for code, token in zip(range(first, last + 1), tokens[i + 3:end]):
                    mapping[code] = _utf16(token[1:-1])
                i = end + 1
            else:  # one start value, incremented along the range
                start = _utf16(tokens[i + 2][1:-1])
                for offset, code in enumerate(range(first, last + 1)):
                    mapping[code] = start[:-1] + chr(ord(start[-1]) + offset)
                i += 3
    return mapping


def write_cmap(mapping: dict[int, str]) -> bytes:
    """A ToUnicode CMap with one bfchar entry per code (at most 100 per block, as the PDF spec asks)."""
    lines = ["/CIDInit /ProcSet findresource begin", "12 dict begin", "begincmap",
             "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def",
             "/CMapName /Adobe-Identity-UCS def", "/CMapType 2 def",
             "1 begincodespacerange", "<0000> <FFFF>", "endcodespacerange"]
    codes = sorted(mapping)
    for start in range(0, len(codes), 100):
        chunk = codes[start:start + 100]
        lines.append(f"{len(chunk)} beginbfchar")
        lines.extend(f"<{code:04X}> <{_hex_utf16(mapping[code])}>" for code in chunk)
        lines.append("endbfchar")
    lines += ["endcmap", "CMapName currentdict /CMap defineresource pop", "end", "end", ""]
    return "\n".join(lines).encode("ascii")


def _objects(pdf: bytes) -> tuple[int, int, list[tuple[int, int]], bytes]:
    """The xref's offset, its size, its rows (object number, offset) in use, and the trailer's bytes."""
    tail = _STARTXREF.search(pdf[-64:])
    if not tail:
        raise _NotClassic
    xref_at = int(tail.group(1))
    head = _XREF_HEAD.match(pdf, xref_at)
    if not head:
        raise _NotClassic
    count = int(head.group(1))
    rows = _XREF_ROW.findall(pdf, head.end(), head.end() + 20 * count + 64)[:count]
    if len(rows) != count:
        raise _NotClassic
    trailer_at = pdf.find(b"trailer", head.end())
    trailer = pdf[trailer_at:pdf.rfind(b"startxref")]
    if trailer_at < 0 or b"/Prev" in trailer or b"/Encrypt" in trailer:
        raise _NotClassic  # incremental updates or encryption: not what Qt writes
    used = [(number, int(offset)) for number, (offset, _gen, kind) in enumerate(rows) if kind == b"n"]
    return xref_at, count, used, trailer


def _stream(pdf: bytes, at: int, offsets: dict[int, int]) -> tuple[bytes, bytes]:
    """The object's dictionary and its decoded stream data."""
    match = _STREAM_OBJ.match(pdf, at)
    if not match:
        raise _NotClassic
    info = match.group(2)
    length = _LENGTH.search(info)
    if not length:
        raise _NotClassic
    size = int(length.group(1))
    if length.group(2):  # "/Length 12 0 R": the length is an object of its own
        target = _INT_OBJ.match(pdf, offsets[size]) if size in offsets else None
        if not target:
            raise _NotClassic
        size = int(target.group(1))
    data = pdf[match.end():match.end() + size]
    if b"/Filter" in info:
        if not re.search(rb"/Filter\s*/FlateDecode\s*(?:/|$)", info) or b"/DecodeParms" in info:
            raise _NotClassic
        data = zlib.decompress(data)
    return info, data


def repair_tounicode(pdf: bytes, fix: Fix) -> bytes | None:
    """The PDF with every ToUnicode entry that `fix` corrects rewritten, or None when nothing needed it (or the
    file is not one this module understands). Glyphs, positions and every other object stay byte for byte."""
    try:
        xref_at, count, used, trailer = _objects(pdf)
        offsets = dict(used)
        replaced: dict[int, bytes] = {}
        for number in sorted({int(n) for n in _TOUNICODE_REF.findall(pdf)}):
            if number not in offsets:
                raise _NotClassic
            _info, data = _stream(pdf, offsets[number], offsets)
            mapping = parse_cmap(data)
            changed = {code: fixed for code, text in mapping.items()
                       if len(text) == 1 and (fixed := fix(text)) is not None and fixed != text}
            if changed:
                body = write_cmap(mapping | changed)
                replaced[number] = (f"{number} 0 obj\n<< /Length {len(body)} >>\nstream\n".encode("ascii") + body
                                    + b"\nendstream\nendobj\n")
    except (_NotClassic, ValueError, IndexError, UnicodeDecodeError, zlib.error):
        return None
    if not replaced:
        return None
    return _rebuild(pdf, xref_at, count, used, trailer, replaced)


def _rebuild(pdf: bytes, xref_at: int, size: int, used: list[tuple[int, int]], trailer: bytes,
             replaced: dict[int, bytes]) -> bytes:
    """The file again with some objects replaced and a new cross-reference table."""
    order = sorted(used, key=lambda row: row[1])
    out = bytearray(pdf[:order[0][1]])
    new_offsets: dict[int, int] = {}
    for index, (number, offset) in enumerate(order):
        end = order[index + 1][1] if index + 1 < len(order) else xref_at
        new_offsets[number] = len(out)
        out += replaced.get(number, pdf[offset:end])
    new_xref = len(out)
    out += f"xref\n0 {size}\n".encode("ascii")
    for number in range(size):
        out += (f"{new_offsets[number]:010d} 00000 n \n" if number in new_offsets else "0000000000 65535 f \n"
                ).encode("ascii")
    out += trailer + f"startxref\n{new_xref}\n%%EOF\n".encode("ascii")
    return bytes(out)
