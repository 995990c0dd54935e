"""The printed case sheet, rendered to real PDFs and read back with pdftotext."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from dxreader.services.userdata import UserData
from dxreader.ui import menus
from tests.pdf_readback import needs_poppler, pdf_text
from tests.pdf_readback import pdf_pages as pages


@needs_poppler
def test_window_prints_title_phone_and_source(open_reader, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    window = open_reader().window
    window.open_case("taisei-074055")
    target = tmp_path / "sheet.pdf"
    assert menus.save_pdf(window, target) >= 1
    text = pdf_text(target)
    flat = "".join(text.split())
    case = window.catalog.get("taisei-074055")
    assert "".join(case.title.split()) in flat
    assert "0241-45-4536" in text
    assert "出典:" in text and "24ページ" in flat
    assert "印刷日" in text and f"1/{pages(target)}" in text


@needs_poppler
def test_long_case_flows_over_pages_with_footer_on_each(open_reader, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    window = open_reader().window
    window.open_case("taisei-070009")
    target = tmp_path / "long.pdf"
    n = menus.save_pdf(window, target)
    assert n == pages(target) >= 2
    text = pdf_text(target)
    for page in range(1, n + 1):
        assert f"{page}/{n}" in text
    assert text.count("出典: 総務省") >= n  # the footer on every page


@needs_poppler
def test_cli_print_with_note(tmp_path: Path) -> None:
    home = tmp_path / "home"
    with UserData.open(home) as data:
        data.store.add_bookmark("taisei-074055", "題", "町")
        data.store.set_annotation("taisei-074055", "課内で共有する")
        data.store.save_note("taisei-074055", "<script>alert(1)</script> 担当者と電話済み")
    target = tmp_path / "cli.pdf"
    result = subprocess.run([sys.executable, "-m", "dxreader.cli", "print", "taisei-074055", "--pdf", str(target),
                             "--with-note", "--home", str(home)], capture_output=True, text=True, encoding="utf-8",
                            timeout=120)
    assert result.returncode == 0, result.stderr
    text = pdf_text(target)
    assert "担当者と電話済み" in text and "<script>alert(1)</script>" in text  # shown as typed, not run
    assert "課内で共有する" in text and "0241-45-4536" in text
    without = tmp_path / "plain.pdf"
    subprocess.run([sys.executable, "-m", "dxreader.cli", "print", "taisei-074055", "--pdf", str(without),
                    "--home", str(home)], check=True, capture_output=True, timeout=120)
    assert "担当者と電話済み" not in pdf_text(without)


@pytest.mark.parametrize("args, message", [(["nope-1"], "見つかりません")])
def test_cli_print_unknown_case(tmp_path: Path, args: list[str], message: str) -> None:
    result = subprocess.run([sys.executable, "-m", "dxreader.cli", "print", *args, "--pdf", str(tmp_path / "x.pdf")],
                            capture_output=True, text=True, encoding="utf-8", timeout=120)
    assert result.returncode == 1 and message in result.stderr
    assert not (tmp_path / "x.pdf").exists()
