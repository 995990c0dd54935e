"""Window layout, last case, zoom and search options kept across restarts (an .ini beside the user data)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QByteArray, QSettings

DEFAULT_FONT_PT = 11.0
MIN_FONT_PT, MAX_FONT_PT = 8.0, 24.0


class ReaderSettings:
    """An .ini file rather than the Windows registry: it lives with the user's data and moves with it."""

    def __init__(self, home: Path) -> None:
        self._qs = QSettings(str(home / "settings.ini"), QSettings.Format.IniFormat)

    def _get(self, key: str, default: Any, kind: type) -> Any:
        value = self._qs.value(key, default)
        try:
            return kind(value)
        except (TypeError, ValueError):
            return default

    def bytes(self, key: str) -> QByteArray | None:
        value = self._qs.value(key)
        return value if isinstance(value, QByteArray) else None

    def flag(self, key: str, default: bool) -> bool:
        """A yes/no setting (an .ini file stores it as the text "true" or "false")."""
        value = self._qs.value(key, default)
        return value if isinstance(value, bool) else str(value).lower() == "true"

    def text(self, key: str, default: str = "") -> str:
        return str(self._get(key, default, str))

    def set(self, key: str, value: Any) -> None:
        self._qs.setValue(key, value)

    @property
    def font_pt(self) -> float:
        return min(MAX_FONT_PT, max(MIN_FONT_PT, self._get("view/font_pt", DEFAULT_FONT_PT, float)))

    @property
    def last_case(self) -> str:
        return str(self._get("view/last_case", "", str))

    @property
    def sort(self) -> str:
        return str(self._get("search/sort", "relevance", str))

    def sync(self) -> None:
        self._qs.sync()
