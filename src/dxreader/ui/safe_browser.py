"""Text views and documents that load nothing: no network, no file, no file share (on Windows a
`file://host/…` or `\\\\host\\share` reference would open an SMB connection and can leak the user's login hash).
Link clicks come out as signals and are handled in code."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QByteArray, QObject, QUrl, Signal
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QTextBrowser, QWidget

ALLOWED_SCHEMES = ("case", "link")  # our own in-page links; everything else is refused


class SafeTextBrowser(QTextBrowser):
    case_link_clicked = Signal(str)  # case ID
    url_link_clicked = Signal(int)  # index into the case's 関連URL
    refused_resources: list[str]

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.refused_resources = []
        self.setOpenLinks(False)  # Qt must never follow a link by itself ...
        self.setOpenExternalLinks(False)  # ... nor hand one to the system browser
        self.anchorClicked.connect(self._on_anchor)

    def loadResource(self, type_: int, name: QUrl) -> Any:  # noqa: N802 (Qt override)
        """Refuse every image, style sheet or document a text could name: http, file://host, \\\\host\\share.
        Nothing we render needs an external resource, so there is no allow-list entry to get wrong."""
        self.refused_resources.append(name.toString())
        return QByteArray()  # "nothing here" (returning None from this override corrupts PySide's refcounts)

    def _on_anchor(self, url: QUrl) -> None:
        scheme, target = url.scheme(), url.path()
        if scheme == "case" and target:
            self.case_link_clicked.emit(target)
        elif scheme == "link" and target.isdigit():
            self.url_link_clicked.emit(int(target))


class SafeTextDocument(QTextDocument):
    """The document behind a printed sheet or a result card: it refuses every resource as the view does."""

    refused_resources: list[str]

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.refused_resources = []

    def loadResource(self, type_: int, name: QUrl) -> Any:  # noqa: N802 (Qt override)
        self.refused_resources.append(name.toString())
        return QByteArray()
