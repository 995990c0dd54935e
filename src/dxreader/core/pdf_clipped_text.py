"""Dropping text that a PDF page draws entirely outside its clip: invisible on paper, yet read by search and copy.

Why: Qt paints a page of a long document by clipping the whole document to that page. Its line culling
(QTextLayout::draw) keeps, of the lines above the clip, the last one — so where a paragraph or a table cell
runs over a page break, the line just before the break is drawn again at the top of the next page, outside
the clip. Nobody sees it, but `pdftotext`, search and copy found those lines twice.

This reads each page's content stream, follows the graphics state (q/Q, cm, rectangular clips made with
re or m/l and W/W*), and removes each text object (BT…ET) none of whose glyphs reaches into the clip in force.
Nothing visible changes: what is removed could not be seen. Only the classic PDF that Qt writes is handled
(see pdf_text_layer); anything else is left as it is (`drop_clipped_text` returns None).
"""

from __future__ import annotations

import re
import zlib

from dxreader.core.pdf_text_layer import _NotClassic, _objects, _rebuild, _stream

_CONTENTS_REF = re.compile(rb"/Contents\s+(\d+)\s+0\s+R")
_TOKEN = re.compile(rb"\s*(?:(<[0-9A-Fa-f\s]*>)|(\((?:\\.|[^\\)])*\))|(\[|\])|(/[^\s/\[\]<>()]+)"
                    rb"|([+-]?(?:\d+\.?\d*|\.\d+))|([A-Za-z'\"*]+))", re.S)
# How far a glyph reaches from its origin, in font-size units (ascent above the baseline, descent below).
ASCENT, DESCENT = 1.0, 0.3

Matrix = tuple[float, float, float, float, float, float]
IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
Band = tuple[float, float]  # the clip's vertical extent on the page (bottom, top), in page units


def _times(m: Matrix, n: Matrix) -> Matrix:
    """m × n in PDF's row-vector convention (m applied first)."""
    a, b, c, d, e, f = m
    a2, b2, c2, d2, e2, f2 = n
    return (a * a2 + b * c2, a * b2 + b * d2, c * a2 + d * c2, c * b2 + d * d2,
            e * a2 + f * c2 + e2, e * b2 + f * d2 + f2)


def _y(m: Matrix, x: float, y: float) -> float:
    return x * m[1] + y * m[3] + m[5]


def _intersect(band: Band | None, other: Band) -> Band:
    if band is None:
        return other
    return max(band[0], other[0]), min(band[1], other[1])


def _hidden_text_spans(content: bytes) -> list[tuple[int, int]] | None:
    """Byte spans (BT … ET) of the text objects drawn wholly outside their clip; None if the content uses
    anything this reader does not follow (then nothing is removed). Clips are taken as their bounding band,
    never smaller than they are, so only text that is certainly out of sight is reported."""
    numbers: list[float] = []  # the operands of the operator to come
    ctm, clip = IDENTITY, None
    stack: list[tuple[Matrix, Band | None]] = []
    path_ys: list[float] = []
    pending_clip = False
    text_start = -1
    text_visible = False
    tm = tlm = IDENTITY
    size = 0.0
    spans: list[tuple[int, int]] = []
    pos = 0
    while pos < len(content):
        match = _TOKEN.match(content, pos)
        if match is None:
            if content[pos:].strip():
                return None
            break
        pos = match.end()
        if match.group(2) is not None:
            return None  # literal strings may hold anything (even "ET"): Qt writes glyphs as hex strings
        if match.group(5) is not None:
            numbers.append(float(match.group(5)))  # only the numbers among an operator's operands matter here
        if match.group(6) is None:
            continue
        op = match.group(6)
        try:
            if op == b"q":
                stack.append((ctm, clip))
            elif op == b"Q":
                ctm, clip = stack.pop()
            elif op == b"cm":
                ctm = _times(tuple(numbers[-6:]), ctm)  # type: ignore[arg-type]
            elif op in (b"m", b"l", b"c", b"v", b"y"):  # a curve stays inside its control points' hull
                path_ys += [_y(ctm, x, y) for x, y in zip(numbers[::2], numbers[1::2])]
            elif op == b"re":
                x, y, _w, h = numbers[-4:]
                path_ys += [_y(ctm, x, y), _y(ctm, x, y + h)]
            elif op in (b"W", b"W*"):
                pending_clip = True
            elif op in (b"n", b"f", b"f*", b"S", b"s", b"B", b"B*", b"b", b"b*"):  # the path ends (h only closes it)
                if pending_clip and path_ys:
                    clip = _intersect(clip, (min(path_ys), max(path_ys)))
                pending_clip = False
                path_ys = []
            elif op == b"BT":
                text_start, text_visible = match.start(6), False
                tm = tlm = IDENTITY
            elif op == b"Tf":
                size = abs(numbers[-1])
            elif op == b"Tm":
                tm = tlm = tuple(numbers[-6:])  # type: ignore[assignment]
            elif op in (b"Td", b"TD"):
                tlm = _times((1.0, 0.0, 0.0, 1.0, numbers[-2], numbers[-1]), tlm)
                tm = tlm
            elif op in (b"Tj", b"TJ"):
                whole = _times(tm, ctm)
                reach = (_y(whole, 0, -DESCENT * size), _y(whole, 0, ASCENT * size))
                low, high = min(reach), max(reach)
                if clip is None or (high > clip[0] and low < clip[1]):
                    text_visible = True
            elif op in (b"T*", b"'", b'"', b"Ts"):
                return None  # leading and rise: Qt does not write them, and they are not followed here
            elif op == b"ET":
                if text_start >= 0 and not text_visible:
                    spans.append((text_start, match.end()))
                text_start = -1
            elif op in (b"BI", b"ID"):
                return None  # inline images carry binary data the tokenizer would misread
        except (IndexError, ValueError, TypeError):
            return None
        numbers = []
    return spans


def drop_clipped_text(pdf: bytes) -> bytes | None:
    """The PDF without the text objects that are drawn entirely outside their clip, or None when there were
    none (or the file is not one this module understands). Everything else stays byte for byte."""
    try:
        xref_at, count, used, trailer = _objects(pdf)
        offsets = dict(used)
        replaced: dict[int, bytes] = {}
        for number in sorted({int(n) for n in _CONTENTS_REF.findall(pdf)}):
            if number not in offsets:
                raise _NotClassic
            _info, data = _stream(pdf, offsets[number], offsets)
            spans = _hidden_text_spans(data)
            if not spans:
                continue
            kept, last = bytearray(), 0
            for start, end in spans:
                kept += data[last:start]
                last = end
            kept += data[last:]
            body = zlib.compress(bytes(kept))
            replaced[number] = (f"{number} 0 obj\n<< /Length {len(body)} /Filter /FlateDecode >>\nstream\n"
                                .encode("ascii") + body + b"\nendstream\nendobj\n")
    except (_NotClassic, ValueError, IndexError, zlib.error):
        return None
    if not replaced:
        return None
    return _rebuild(pdf, xref_at, count, used, trailer, replaced)
