"""Back/forward history of the cases a user opened, like a browser's."""

from __future__ import annotations

MAX_ENTRIES = 200


class History:
    def __init__(self) -> None:
        self._entries: list[str] = []
        self._pos = -1

    @property
    def current(self) -> str | None:
        return self._entries[self._pos] if self._pos >= 0 else None

    def visit(self, entry: str) -> None:
        """A new visit drops the forward entries; visiting the current entry again changes nothing."""
        if entry == self.current:
            return
        del self._entries[self._pos + 1:]
        self._entries.append(entry)
        if len(self._entries) > MAX_ENTRIES:
            del self._entries[0]
        self._pos = len(self._entries) - 1

    def can_back(self) -> bool:
        return self._pos > 0

    def can_forward(self) -> bool:
        return self._pos < len(self._entries) - 1

    def back(self) -> str | None:
        if self.can_back():
            self._pos -= 1
        return self.current

    def forward(self) -> str | None:
        if self.can_forward():
            self._pos += 1
        return self.current
