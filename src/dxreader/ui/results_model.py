"""The search results as a list model (case IDs and their snippets) and the delegate that draws a result."""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QAbstractTextDocumentLayout, QPalette, QTextDocument, QTextOption
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from dxreader.core.model import Case
from dxreader.services.case_html import MARK_STYLE
from dxreader.services.catalog import card_meta
from dxreader.services.search import Hit, SearchResult
from dxreader.ui.plain_text import tooltip
from dxreader.ui.safe_browser import SafeTextDocument

CaseIdRole = Qt.ItemDataRole.UserRole + 1
MetaRole = Qt.ItemDataRole.UserRole + 2
SnippetRole = Qt.ItemDataRole.UserRole + 3
BookmarkedRole = Qt.ItemDataRole.UserRole + 4
SeparatorRole = Qt.ItemDataRole.UserRole + 5  # True on a row of text, not a case: 「近い結果」, advice
ReasonRole = Qt.ItemDataRole.UserRole + 6  # why the case counts as near the user's own place (or "")

_HIT = re.compile(r"\*\*(.+?)\*\*")
Index = QModelIndex | QPersistentModelIndex


def meta_line(hit: Hit) -> str:
    return card_meta(hit.case)


def snippet_html(snippet: str) -> str:
    """The snippet's **hit** markers as a highlight, everything else escaped."""
    parts = _HIT.split(snippet)
    return "".join(f'<span style="{MARK_STYLE}">{html.escape(p)}</span>' if i % 2 else html.escape(p)
                   for i, p in enumerate(parts))


class ResultsModel(QAbstractListModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._hits: list[Hit | str] = []  # a str is a heading row (advice, 読みが一致, 近い結果)
        self._bookmarked: set[str] = set()
        self.reason: Callable[[Case], str] = lambda case: ""  # ui.home_choice sets it

    def set_hits(self, hits: list[Hit], bookmarked: set[str], near: list[Hit] | None = None,
                 near_total: int = 0, advice: list[str] | None = None, reading: list[Hit] | None = None) -> None:
        """A row of advice (when nothing matched), the exact hits, then a heading row and the reading matches,
        and a heading row and the near matches."""
        self.beginResetModel()
        self._hits = ["\n".join(advice)] if advice else []
        self._hits += hits
        if reading:
            self._hits.append(f"読みが一致（{len(reading)} 件）: かなで入力した語を漢字で書いた事例")
            self._hits.extend(reading)
        if near:
            self._hits.append(f"近い結果（{near_total} 件）: 入力した語の一部を含む事例")
            self._hits.extend(near)
        self._bookmarked = set(bookmarked)
        self.endResetModel()

    def set_result(self, result: SearchResult, bookmarked: set[str]) -> None:
        self.set_hits(result.hits, bookmarked, result.near, result.near_total, result.advice, result.reading)

    @staticmethod
    def count_text(result: SearchResult) -> str:
        """「12 件」, with the reading and near matches shown below counted apart."""
        return (f"{result.total} 件" + (f"（読みが一致 {result.reading_total} 件）" if result.reading else "")
                + (f"（近い結果 {result.near_total} 件）" if result.near else ""))

    def set_bookmarked(self, bookmarked: set[str]) -> None:
        self._bookmarked = set(bookmarked)
        if self._hits:
            self.dataChanged.emit(self.index(0), self.index(len(self._hits) - 1), [BookmarkedRole])

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self._hits)

    def case_id(self, row: int) -> str | None:
        """The row's case ID; None for the 「近い結果」 heading."""
        hit = self._hits[row]
        return None if isinstance(hit, str) else hit.case.id

    def row_of(self, case_id: str) -> int:
        return next((i for i, h in enumerate(self._hits) if not isinstance(h, str) and h.case.id == case_id), -1)

    def case_ids(self) -> list[str]:
        return [h.case.id for h in self._hits if not isinstance(h, str)]

    def flags(self, index: Index) -> Qt.ItemFlag:
        if index.isValid() and isinstance(self._hits[index.row()], str):
            return Qt.ItemFlag.ItemNeverHasChildren  # a heading: neither selectable nor reached by the keys
        return super().flags(index)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._hits):
            return None
        hit = self._hits[index.row()]
        if isinstance(hit, str):
            return hit if role == Qt.ItemDataRole.DisplayRole else True if role == SeparatorRole else None
        if role == Qt.ItemDataRole.DisplayRole:
            return hit.case.title
        if role == Qt.ItemDataRole.ToolTipRole:
            return tooltip(f"{hit.case.title}\n{meta_line(hit)}")
        if role == CaseIdRole:
            return hit.case.id
        if role == MetaRole:
            return meta_line(hit)
        if role == SnippetRole:
            return hit.snippet
        if role == BookmarkedRole:
            return hit.case.id in self._bookmarked
        if role == ReasonRole:
            return self.reason(hit.case)
        return None


class ResultDelegate(QStyledItemDelegate):
    """Three lines a result: ☆ and title in bold, place | band | casebook, then the snippet with hits marked."""

    PADDING = 6

    def _document(self, index: Index, option: QStyleOptionViewItem, width: int) -> QTextDocument:
        star = "★ " if index.data(BookmarkedRole) else ""
        if index.data(SeparatorRole):
            lines = str(index.data(Qt.ItemDataRole.DisplayRole)).split("\n")
            body = "".join(f'<div style="color:#5a4200; background-color:#fff4cc;"><b>{html.escape(line)}</b></div>'
                           for line in lines)
        else:
            body = (f"<div><b>{html.escape(star + str(index.data(Qt.ItemDataRole.DisplayRole)))}</b></div>"
                    f'<div style="color:#3b4a63;">{html.escape(str(index.data(MetaRole)))}</div>'
                    + (f'<div style="color:#1d6b3a;">近さ: {html.escape(reason)}</div>'
                       if (reason := index.data(ReasonRole)) else "") +
                    f'<div style="color:#222;">{snippet_html(str(index.data(SnippetRole) or ""))}</div>')
        doc = SafeTextDocument()
        doc.setDefaultFont(option.font)
        doc.setDocumentMargin(0)
        wrap = doc.defaultTextOption()
        wrap.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)  # a long URL or ID wraps too
        doc.setDefaultTextOption(wrap)
        doc.setHtml(body)
        doc.setTextWidth(max(50, width - 2 * self.PADDING))
        return doc

    def paint(self, painter: Any, option: QStyleOptionViewItem, index: Index) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = ""
        style = opt.widget.style() if opt.widget else None
        if style:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
        doc = self._document(index, option, option.rect.width())
        painter.save()
        painter.translate(option.rect.left() + self.PADDING, option.rect.top() + self.PADDING)
        ctx = QAbstractTextDocumentLayout.PaintContext()
        if option.state & QStyle.StateFlag.State_Selected:
            ctx.palette.setColor(QPalette.ColorRole.Text, option.palette.color(QPalette.ColorRole.HighlightedText))
        ctx.clip = QRect(0, 0, option.rect.width(), option.rect.height())
        doc.documentLayout().draw(painter, ctx)
        painter.restore()
        painter.setPen(option.palette.color(QPalette.ColorRole.Mid))
        painter.drawLine(option.rect.bottomLeft(), option.rect.bottomRight())

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:  # noqa: N802
        width = option.rect.width() if option.rect.width() > 0 else 400
        widget: QWidget | None = option.widget  # type: ignore[assignment]
        viewport = getattr(widget, "viewport", None)
        if viewport is not None:
            width = viewport().width()  # the width paint() will get: the same line breaks, no gaps
        doc = self._document(index, option, width)
        return QSize(width, int(doc.size().height()) + 2 * self.PADDING + 1)
