"""Printing a case sheet: A4 portrait pages with a footer (出典, print date, page x/y), to PDF or a printer."""

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


def _footer_font() -> QFont:
    font = QFont()
    font.setPointSizeF(FOOTER_PT)
    return font


def paint_sheet(device: QPagedPaintDevice, html: str, footer: str, printed: date | None = None) -> int:
    """Lay the sheet out for the device's page and paint every page; returns the number of pages."""
    return _paint(device, html, footer, printed)[0]


def _paint(device: QPagedPaintDevice, html: str, footer: str, printed: date | None,
           twins: GlyphTwins | None = None) -> tuple[int, SafeTextDocument]:
    device.setPageLayout(QPageLayout(QPageSize(QPageSize.PageSizeId.A4), QPageLayout.Orientation.Portrait,
                                     MARGINS_MM, QPageLayout.Unit.Millimeter))
    painter = QPainter(device)
    try:
        dpi = device.logicalDpiY()
        area = device.pageLayout().paintRectPixels(device.resolution())
        width, height = float(area.width()), float(area.height())
        footer_h = FOOTER_PT / 72 * dpi * 4  # two lines of footer and some air
        body_h = height - footer_h
        doc = SafeTextDocument()
        doc.documentLayout().setPaintDevice(device)  # measure text in the printer's units, not the screen's
        doc.setHtml(html)
        doc.setPageSize(QSizeF(width, body_h))  # the layout breaks pages between lines and table rows
        pages = doc.pageCount()
        stamp = f"印刷日 {(printed or date.today()).isoformat()}"
        if twins is not None:
            twins.add_document(doc)
            twins.add_text(f"{footer}{stamp}　0123456789/", _footer_font())
        painter.setFont(_footer_font())
        for page in range(pages):
            if page:
                device.newPage()
            painter.save()
            painter.translate(0, -page * body_h)
            doc.drawContents(painter, QRectF(0, page * body_h, width, body_h))
            painter.restore()
            top = body_h + footer_h * 0.2
            painter.drawLine(0, int(top), int(width), int(top))
            right = f"{stamp}　{page + 1}/{pages}"
            painter.drawText(QRectF(0, top + 2, width * 0.74, footer_h), Qt.TextFlag.TextWordWrap, footer)
            painter.drawText(QRectF(width * 0.75, top + 2, width * 0.25, footer_h),
                             int(Qt.AlignmentFlag.AlignRight), right)
        return pages, doc
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
    writer.setPageLayout(QPageLayout(QPageSize(QPageSize.PageSizeId.A4), QPageLayout.Orientation.Portrait,
                                     MARGINS_MM, QPageLayout.Unit.Millimeter))
    area = writer.pageLayout().paintRectPixels(writer.resolution())
    body_h = float(area.height()) - FOOTER_PT / 72 * writer.logicalDpiY() * 4
    html = ""
    for budget in budgets or BUDGETS:
        html = make_html(budget)
        doc = SafeTextDocument()
        doc.documentLayout().setPaintDevice(writer)
        doc.setHtml(html)
        doc.setPageSize(QSizeF(float(area.width()), body_h))
        if doc.pageCount() == 1:
            break
    return html


def render_pdf(html: str, footer: str, target: Path, title: str) -> int:
    """Write the sheet to a PDF file (beside, then renamed: no half-written PDF is left on failure), with a
    text layer that says what was printed (see core/pdf_text_layer.py for what Qt gets wrong there)."""
    partial = target.with_name(target.name + ".partial")
    writer = QPdfWriter(str(partial))
    writer.setTitle(title)
    writer.setCreator("DX事例リーダー")
    writer.setResolution(300)
    twins = GlyphTwins()
    try:
        pages, _doc = _paint(writer, html, footer, None, twins)
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
