"""A plain-text editor that saves by itself shortly after typing stops, and at once when asked (flush)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QPlainTextEdit, QWidget

from dxreader.storage.errors import StorageError
from dxreader.storage.userstore import InvalidUserInput

AUTOSAVE_MS = 600

# save(text) stores the text and returns the text now stored (another window's edit may have been merged in).
Saver = Callable[[str], str]


class AutosaveEdit(QPlainTextEdit):
    saved = Signal(str)  # a short status, e.g. "保存しました"
    failed = Signal(str)  # a Japanese message; the typed text stays in the editor and is saved on retry

    def __init__(self, placeholder: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setPlaceholderText(placeholder)
        self.setTabChangesFocus(True)  # Tab moves on through the window instead of trapping the keyboard here
        self._saver: Saver | None = None
        self._dirty = False
        self.last_error = ""  # why the last save failed (Japanese), while the text is still unsaved
        self._timer = QTimer(self, singleShot=True, interval=AUTOSAVE_MS)
        self._timer.timeout.connect(self.flush)
        self.textChanged.connect(self._on_changed)

    @property
    def dirty(self) -> bool:
        return self._dirty

    def load(self, text: str, saver: Saver | None) -> None:
        """Show a stored text; saving goes to `saver` (None: read-only, nothing to save to)."""
        self.flush()
        self._saver = saver
        self.blockSignals(True)
        self.setPlainText(text)
        self.blockSignals(False)
        self._dirty = False
        self.setReadOnly(saver is None)

    def _on_changed(self) -> None:
        self._dirty = True
        self._timer.start()

    def flush(self) -> bool:
        """Save now if there is anything unsaved. True when nothing is left unsaved."""
        self._timer.stop()
        if not self._dirty or self._saver is None:
            return True
        text = self.toPlainText()
        self._dirty = False  # before saving: the saver's signals may come back here (no second save)
        try:
            stored = self._saver(text)
        except (StorageError, InvalidUserInput) as exc:
            self._dirty = True  # kept in the editor; saved on the next edit or flush
            self.last_error = str(exc)
            self.failed.emit(str(exc))
            return False
        self.last_error = ""
        if stored != text:  # another window saved meanwhile: show both texts, as stored
            self.blockSignals(True)
            self.setPlainText(stored)
            self.blockSignals(False)
            self.saved.emit("別のウィンドウでの変更と合わせて保存しました")
        else:
            self.saved.emit("保存しました")
        return True

    def forget_changes(self) -> None:
        """The unsaved text was kept elsewhere or discarded on purpose: stop trying to save it."""
        self._timer.stop()
        self._dirty = False
        self.last_error = ""

    def focusOutEvent(self, event: object) -> None:  # noqa: N802
        self.flush()
        super().focusOutEvent(event)  # type: ignore[arg-type]
