"""Reading a printed PDF back as a user's tools would (poppler's pdftotext/pdfinfo), for the print tests."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

# Poppler's command-line tools are installed by .ci/run on Linux; the Windows run (under Wine) has none: no
# registry we use ships a 64-bit Windows poppler (npm's pdf-poppler has a 32-bit 0.51, which wine64 cannot run).
needs_poppler = pytest.mark.skipif(sys.platform == "win32" and not shutil.which("pdftotext"),
                                   reason="reads the PDF back with poppler (pdftotext, pdfinfo): not on this Windows")


def pdf_text(path: Path, layout: bool = True) -> str:
    """pdftotext output exactly as the PDF's text layer gives it (not normalised: test_pdf_text_layer.py)."""
    assert shutil.which("pdftotext"), "poppler-utils is needed (apt-get install poppler-utils)"
    args = ["pdftotext", *(["-layout"] if layout else []), str(path), "-"]
    return subprocess.run(args, capture_output=True, check=True).stdout.decode("utf-8")


def pdf_pages(path: Path) -> int:
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    return int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))
