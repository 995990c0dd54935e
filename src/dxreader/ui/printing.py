"""Printing a case sheet (A4 portrait) or a comparison (A4 landscape): pages with a footer (出典, print date,
page x/y), to PDF or a printer."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path

from PySide6.QtCore import QMarginsF, QRectF, QSizeF, Qt
from PySide6.QtGui import QFont, QPageLayout, QPageSize, QPagedPaintDevice, QPainter, QPdfWriter

from dxreader.core.pdf_text_layer import repair_tounicode
from dxreader.ui.glyph_twins import GlyphTwins
from dxreader.ui.safe_browser import SafeTextDocument

MARGINS_MM = QMarginsF(18, 16, 18, 14)
FOOTER_PT = 7.5


# OpenType substitutions that draw a glyph no character maps to (Noto Sans CJK JP's `locl` swaps the digits
# after a Latin letter, `liga` makes "fi" one glyph): Qt's PDF text layer can only name glyphs that the font's
# character map reaches, so such text vanished from the saved PDF ("a12600@…" read back as "a@…").
UNMAPPED_GLYPH_FEATURES = ("locl", "liga", "clig", "dlig", "calt", "rlig")


def print_font(font: QFont) -> QFont:
    """The font with the substitutions above switched off (the printed shapes stay the standard ones)."""
    for tag in UNMAPPED_GLYPH_FEATURES:
        font.setFeature(QFont.Tag(tag), 0)
    return font


def _footer_font() -> QFont:
    font = print_font(QFont())
    font.setPointSizeF(FOOTER_PT)
    return font


Part = tuple[str, str]  # (HTML, footer) of one sheet
Contents = Callable[[list[int]], str]  # first page of each sheet → the handout's cover and contents HTML


def paint_sheet(device: QPagedPaintDevice, html: str, footer: str, printed: date | None = None,
                landscape: bool = False) -> int:
    """Lay the sheet out for the device's page and paint every page; returns the number of pages."""
    return _paint(device, [(html, footer)], printed, landscape=landscape)


def paint_handout(device: QPagedPaintDevice, parts: Sequence[Part], contents: Contents, cover_footer: str,
                  printed: date | None = None) -> int:
    """Several sheets as one document after a cover and contents page (their page numbers filled in)."""
    return _paint(device, parts, printed, contents=(contents, cover_footer))


def _frame(device: QPagedPaintDevice, landscape: bool = False) -> tuple[float, float, float]:
    """A4 with our margins on the device: (width, body height, footer height) in device pixels."""
    orientation = QPageLayout.Orientation.Landscape if landscape else QPageLayout.Orientation.Portrait
    device.setPageLayout(QPageLayout(QPageSize(QPageSize.PageSizeId.A4), orientation, MARGINS_MM,
                                     QPageLayout.Unit.Millimeter))
    area = device.pageLayout().paintRectPixels(device.resolution())
    footer_h = FOOTER_PT / 72 * device.logicalDpiY() * 4  # two lines of footer and some air
    return float(area.width()), float(area.height()) - footer_h, footer_h


def _document(device: QPagedPaintDevice, html: str, width: float, body_h: float) -> SafeTextDocument:
    doc = SafeTextDocument()
    doc.documentLayout().setPaintDevice(device)  # measure text in the printer's units, not the screen's
    doc.setDefaultFont(print_font(doc.defaultFont()))
    doc.setHtml(html)
    doc.setPageSize(QSizeF(width, body_h))  # the layout breaks pages between lines and table rows
    return doc


def _paint(device: QPagedPaintDevice, parts: Sequence[Part], printed: date | None, twins: GlyphTwins | None = None,
           contents: tuple[Contents, str] | None = None, landscape: bool = False) -> int:
    width, body_h, footer_h = _frame(device, landscape)
    sheets = [(_document(device, html, width, body_h), footer) for html, footer in parts]
    if contents is not None:
        make_front, front_footer = contents
        front_pages = _document(device, make_front([0] * len(sheets)), width, body_h).pageCount()
        starts, page = [], front_pages + 1
        for doc, _footer in sheets:
            starts.append(page)
            page += doc.pageCount()
        sheets.insert(0, (_document(device, make_front(starts), width, body_h), front_footer))
    total = sum(doc.pageCount() for doc, _footer in sheets)
    stamp = f"印刷日 {(printed or date.today()).isoformat()}"
    painter = QPainter(device)
    try:
        painter.setFont(_footer_font())
        number = 0
        for doc, footer in sheets:
            if twins is not None:
                twins.add_document(doc)
                twins.add_text(f"{footer}{stamp}　0123456789/", _footer_font())
            for page in range(doc.pageCount()):
                if number:
                    device.newPage()
                number += 1
                painter.save()
                painter.translate(0, -page * body_h)
                doc.drawContents(painter, QRectF(0, page * body_h, width, body_h))
                painter.restore()
                top = body_h + footer_h * 0.2
                painter.drawLine(0, int(top), int(width), int(top))
                painter.drawText(QRectF(0, top + 2, width * 0.74, footer_h), Qt.TextFlag.TextWordWrap, footer)
                painter.drawText(QRectF(width * 0.75, top + 2, width * 0.25, footer_h),
                                 int(Qt.AlignmentFlag.AlignRight), f"{stamp}　{number}/{total}")
        return total
    finally:
        painter.end()


def fit_one_page(make_html: Callable[[int], str], budgets: Sequence[int] | None = None) -> str:
    """The HTML for the longest text budget whose layout on an A4 page (with the footer) is one page."""
    from PySide6.QtCore import QBuffer

    from dxreader.services.summary_sheet import BUDGETS

    buffer = QBuffer()
    buffer.open(QBuffer.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)  # measures as the real PDF will: same resolution, page and margins
    writer.setResolution(300)
    width, body_h, _footer_h = _frame(writer)
    html = ""
    for budget in budgets or BUDGETS:
        html = make_html(budget)
        if _document(writer, html, width, body_h).pageCount() == 1:
            break
    return html


def render_pdf(html: str, footer: str, target: Path, title: str, landscape: bool = False) -> int:
    """Write the sheet to a PDF file (see render_pdf_parts)."""
    return render_pdf_parts([(html, footer)], target, title, landscape=landscape)


def render_pdf_parts(parts: Sequence[Part], target: Path, title: str,
                     contents: tuple[Contents, str] | None = None, landscape: bool = False) -> int:
    """Write sheets to one PDF file (beside, then renamed: no half-written PDF is left on failure), with a
    text layer that says what was printed (see core/pdf_text_layer.py for what Qt gets wrong there)."""
    partial = target.with_name(target.name + ".partial")
    writer = QPdfWriter(str(partial))
    writer.setTitle(title)
    writer.setCreator("DX事例リーダー")
    writer.setResolution(300)
    twins = GlyphTwins()
    try:
        pages = _paint(writer, parts, None, twins, contents, landscape)
    finally:
        del writer  # the file is finished when the writer goes away
    repaired = repair_tounicode(partial.read_bytes(), twins.printed_character)
    if repaired is not None:
        partial.write_bytes(repaired)
    os.replace(partial, target)
    return pages


def ensure_gui_application() -> object:
    """A QGuiApplication for rendering without a window (the console tool); offscreen where no display."""
    from PySide6.QtGui import QGuiApplication

    app = QGuiApplication.instance()
    if app is None:
        if sys.platform.startswith("linux") and not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
            os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        app = QGuiApplication(sys.argv[:1])
    from dxreader.ui.translations import install_japanese_qt

    install_japanese_qt(app)  # Qt's own messages (e.g. a printer's) in Japanese
    return app
