"""Layering: only dxreader.ui imports Qt; nothing does work at import time."""

from __future__ import annotations

import subprocess
import sys

NON_UI_MODULES = [
    "dxreader", "dxreader.paths", "dxreader.cli", "dxreader.core.model", "dxreader.core.text",
    "dxreader.core.bands", "dxreader.core.codes", "dxreader.storage.casebook", "dxreader.services.catalog",
    "dxreader.services.integrity", "dxreader.databuild.build", "dxreader.services.userdata",
    "dxreader.storage.recovery", "dxreader.core.exchange", "dxreader.core.spreadsheet", "dxreader.services.search",
    "dxreader.services.comparison", "dxreader.services.comparison_html", "dxreader.cli_compare",
]


def test_domain_code_does_not_load_qt():
    code = (
        "import sys\n"
        + "".join(f"import {m}\n" for m in NON_UI_MODULES)
        + "import dxreader.cli as c\nc.main(['cases', '--json'])\n"
        + "loaded = [m for m in sys.modules if m.startswith('PySide6') or m.startswith('shiboken')]\n"
        + "assert not loaded, loaded\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, encoding="utf-8")
    assert result.returncode == 0, result.stderr
