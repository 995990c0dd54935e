"""Draws the program icon (a casebook with a magnifier, in the colours of the case view) into
resources/dxreader.png and resources/dxreader.ico. Run again only if the design changes.

    QT_QPA_PLATFORM=offscreen python packaging/make_icon.py
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QGuiApplication, QImage, QPainter, QPen

RESOURCES = Path(__file__).resolve().parents[1] / "resources"


def draw(size: int) -> QImage:
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    p = QPainter(image)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    s = size / 64
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(QColor("#1f4e8c"))
    p.drawRoundedRect(QRectF(6 * s, 4 * s, 40 * s, 54 * s), 4 * s, 4 * s)  # the book
    p.setBrush(QColor("#ffffff"))
    for i in range(4):
        p.drawRect(QRectF(13 * s, (14 + i * 8) * s, 26 * s, 3 * s))  # lines of text
    p.setPen(QPen(QColor("#f0b400"), 6 * s))
    p.setBrush(QColor(255, 255, 255, 200))
    p.drawEllipse(QRectF(30 * s, 28 * s, 22 * s, 22 * s))  # the magnifier
    handle = QPen(QColor("#f0b400"), 7 * s)
    handle.setCapStyle(Qt.PenCapStyle.RoundCap)
    p.setPen(handle)
    p.drawLine(int(49 * s), int(47 * s), int(58 * s), int(57 * s))
    p.end()
    return image


def main() -> None:
    app = QGuiApplication([])  # noqa: F841 - painting needs it
    draw(256).save(str(RESOURCES / "dxreader.png"))
    if not draw(256).save(str(RESOURCES / "dxreader.ico"), "ICO"):
        raise SystemExit("ICO を書けませんでした（Qt の ico 画像プラグインが必要）")


if __name__ == "__main__":
    main()
