"""Where the query matches in the open case: the case opens at the first match of its text, F3 / Shift+F3 and
two buttons move from match to match (wrapping at the ends), 「3/12」 says where, and the current match has its
own colour.

The matches are the highlights the case HTML already carries (services/case_html.py marks them with
services/snippets.hit_ranges, the one matcher), read back from the laid-out document: nothing here decides
again what matches."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor, QTextCharFormat, QTextCursor, QTextDocument
from PySide6.QtWidgets import QHBoxLayout, QTextEdit, QToolButton, QWidget

from dxreader.services.case_html import MARK_COLOR
from dxreader.ui.plain_text import PlainLabel

CURRENT_COLOR = "#ff9f43"  # the match the view is at: orange against the others' yellow, as browsers do
CONTEXT_ABOVE = 3  # the current match is brought to a third of the way down the view, with its context above


def mark_ranges(document: QTextDocument) -> list[tuple[int, int]]:
    """(start, end) of every highlighted match in document order; a match split by formatting (part bold) is one."""
    mark = QColor(MARK_COLOR)
    ranges: list[tuple[int, int]] = []
    block = document.begin()
    while block.isValid():
        it = block.begin()
        while not it.atEnd():
            fragment = it.fragment()
            brush = fragment.charFormat().background()
            if brush.style() != Qt.BrushStyle.NoBrush and brush.color() == mark:
                start, end = fragment.position(), fragment.position() + fragment.length()
                if ranges and ranges[-1][1] == start:
                    ranges[-1] = (ranges[-1][0], end)
                else:
                    ranges.append((start, end))
            it += 1
        block = block.next()
    return ranges


def body_start(document: QTextDocument) -> int:
    """Where the case's own text begins: its first section heading (<h2>); above it are title, place, category
    and source. The document's end if the case has no section."""
    block = document.begin()
    while block.isValid():
        if block.blockFormat().headingLevel() == 2:
            return block.position()
        block = block.next()
    return document.characterCount()


class MatchBar(QWidget):
    """▲ ▼ and 「3/12」 for the case view `view`; it follows the view's document as the case pane sets it."""

    counted = Signal(int)  # how many matches the case shows now (0: nothing to move to)
    message = Signal(str)  # e.g. wrapped round to the first match

    def __init__(self, view: QTextEdit, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.view = view
        self.matches: list[tuple[int, int]] = []
        self.current = -1
        self.searching = False
        self._texts: list[str] = []
        self.previous_button = QToolButton(text="▲", toolTip="前の一致箇所へ（Shift+F3）", autoRaise=True)
        self.next_button = QToolButton(text="▼", toolTip="次の一致箇所へ（F3）", autoRaise=True)
        self.previous_button.setAccessibleName("前の一致箇所へ")
        self.next_button.setAccessibleName("次の一致箇所へ")
        self.previous_button.clicked.connect(self.go_previous)
        self.next_button.clicked.connect(self.go_next)
        self.counter = PlainLabel()
        self.counter.setToolTip("一致箇所: いま表示している箇所／この事例の中の数")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        for w in (self.previous_button, self.next_button, self.counter):
            layout.addWidget(w)
        self._show_state()

    def find(self, searching: bool, keep_place: bool = False) -> None:
        """Read the matches of the document just set (`searching`: there is a query to show matches of).
        `keep_place` with the same matches as before (the case shown again after a zoom, a filter, a new sort):
        stay where the reader is. Else go to the first match in the case's text, or, when the text has none, to
        the first one in its title, place or category (the top of the case, which stays in view)."""
        found = mark_ranges(self.view.document())
        texts = [self._cursor(*r).selectedText() for r in found]
        same = keep_place and texts == self._texts and 0 <= self.current < len(found)
        self.matches, self._texts, self.searching = found, texts, searching
        if same:
            self._select(self.current, scroll=False)
        else:
            start = body_start(self.view.document())
            in_body = next((i for i, (s, _) in enumerate(found) if s >= start), None)
            self._select(in_body if in_body is not None else 0 if found else -1, scroll=in_body is not None)
        self._show_state()

    def _cursor(self, start: int, end: int | None = None) -> QTextCursor:
        """At `start`, or selecting start..end."""
        cursor = QTextCursor(self.view.document())
        cursor.setPosition(start)
        if end is not None:
            cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
        return cursor

    def go_next(self) -> None:
        self._step(1)

    def go_previous(self) -> None:
        self._step(-1)

    def _step(self, step: int) -> None:
        if not self.matches:
            return
        target = self.current + step
        if target >= len(self.matches):
            target = 0
            self.message.emit("最後の一致箇所の次は先頭です: 先頭の一致箇所に戻りました")
        elif target < 0:
            target = len(self.matches) - 1
            self.message.emit("先頭の一致箇所の前は最後です: 最後の一致箇所に移りました")
        self._select(target, scroll=True)
        self._show_state()

    def _select(self, index: int, scroll: bool) -> None:
        self.current = index
        if index < 0:
            self.view.setExtraSelections([])
            return
        start, end = self.matches[index]
        current = QTextEdit.ExtraSelection()
        current.cursor = self._cursor(start, end)  # type: ignore[attr-defined]
        fmt = QTextCharFormat()
        fmt.setBackground(QBrush(QColor(CURRENT_COLOR)))
        current.format = fmt  # type: ignore[attr-defined]
        self.view.setExtraSelections([current])
        if scroll:
            self._bring_into_view(start, end)

    def _bring_into_view(self, start: int, end: int) -> None:
        """Scroll only if the match is not in view already (a short case keeps its title in sight); then put it
        a third of the way down, with its context above it."""
        top, bottom = self.view.cursorRect(self._cursor(start)), self.view.cursorRect(self._cursor(end))
        viewport = self.view.viewport().rect()
        if viewport.contains(top) and viewport.contains(bottom):
            return
        bar = self.view.verticalScrollBar()
        bar.setValue(bar.value() + top.top() - viewport.height() // CONTEXT_ABOVE)

    def _show_state(self) -> None:
        """No query: buttons off, no counter. A query: 「3/12」, or 「一致なし」 when this case has none."""
        total = len(self.matches)
        for button in (self.previous_button, self.next_button):
            button.setEnabled(total > 0)
        self.counter.setVisible(self.searching)
        self.counter.setText(f"{self.current + 1}/{total}" if total else "一致なし")
        self.counter.setAccessibleName(f"一致箇所 {total} 個中 {self.current + 1} 番目" if total else "一致箇所なし")
        self.counted.emit(total)
