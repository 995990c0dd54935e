"""Which printed character a glyph stood for, when a font draws two characters with one glyph (行 and ⾏)."""

from __future__ import annotations

import unicodedata

from PySide6.QtGui import QFont, QRawFont, QTextDocument, QTextLayout


class GlyphTwins:
    """Collects the text that was laid out and the real fonts Qt drew it with (fallback fonts included), then
    answers, for a character a PDF's text layer names, the printed character that shares its glyph."""

    def __init__(self) -> None:
        self._chars: set[str] = set()
        self._fonts: dict[tuple[str, str, int], QRawFont] = {}

    def add_document(self, doc: QTextDocument) -> None:
        """Every block of a laid-out document (table cells included)."""
        block = doc.begin()
        while block.isValid():
            self._chars.update(block.text())
            layout = block.layout()
            if layout is not None:
                self._add_runs(layout)
            block = block.next()

    def add_text(self, text: str, font: QFont) -> None:
        """Text painted directly (the footer), laid out with its font the way QPainter.drawText does."""
        self._chars.update(text)
        layout = QTextLayout(text, font)
        layout.beginLayout()
        layout.createLine()
        layout.endLayout()
        self._add_runs(layout)

    def _add_runs(self, layout: QTextLayout) -> None:
        for run in layout.glyphRuns():
            raw = run.rawFont()
            self._fonts.setdefault((raw.familyName(), raw.styleName(), int(raw.weight())), raw)

    def printed_character(self, named: str) -> str | None:
        """The printed character that `named` stands for, or None when `named` was printed itself or no single
        printed character shares its glyph."""
        if named in self._chars:
            return None
        twins: set[str] = set()
        for raw in self._fonts.values():
            glyph = _glyph(raw, named)
            if glyph:
                twins.update(c for c in self._chars if _glyph(raw, c) == glyph)
        folded = unicodedata.normalize("NFKC", named)
        if folded in twins:
            return folded
        return twins.pop() if len(twins) == 1 else None


def _glyph(raw: QRawFont, char: str) -> int:
    indexes = raw.glyphIndexesForString(char)
    return int(indexes[0]) if len(indexes) == 1 else 0
