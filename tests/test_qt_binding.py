"""Guards against a Qt binding that corrupts Python's reference counts (PySide6 6.12.0 did: every
QModelIndex.data() that returned nothing dropped a reference to None, and the process aborted later)."""

from __future__ import annotations

import gc
import sys

from PySide6.QtCore import QModelIndex, QSettings


def _none_refs_lost(call, times: int = 500) -> int:  # type: ignore[no-untyped-def]
    gc.collect()
    before = sys.getrefcount(None)
    for _ in range(times):
        call()
    gc.collect()
    return before - sys.getrefcount(None)


def test_empty_model_data_keeps_none_alive() -> None:
    assert _none_refs_lost(lambda: QModelIndex().data()) < 50


def test_missing_setting_keeps_none_alive(tmp_path) -> None:  # type: ignore[no-untyped-def]
    settings = QSettings(str(tmp_path / "x.ini"), QSettings.Format.IniFormat)
    assert _none_refs_lost(lambda: settings.value("missing")) < 50
