"""The PDF's text is the text: every printed sheet read back with pdftotext, not normalised, says exactly what
was printed (Qt names look-alike radicals for kanji in its ToUnicode maps: core/pdf_text_layer.py)."""

from __future__ import annotations

import zlib
from collections import Counter
from pathlib import Path

import pytest

from dxreader.core.pdf_text_layer import parse_cmap, repair_tounicode, write_cmap
from dxreader.services.case_html import sheet_footer, sheet_html
from dxreader.services.catalog import Catalog
from dxreader.ui.printing import ensure_gui_application, render_pdf
from tests.pdf_readback import needs_poppler, pdf_pages, pdf_text

pytestmark = needs_poppler

# Blocks whose characters share glyphs with ordinary kanji in Japanese fonts; none is in the casebook's text.
RADICAL_BLOCKS = ((0x2E80, 0x2EFF), (0x2F00, 0x2FDF))


def read_back(path: Path) -> str:
    return pdf_text(path, layout=False)


def flat(text: str) -> str:
    return "".join(text.split())


def radicals(text: str) -> set[str]:
    return {c for c in text if any(lo <= ord(c) <= hi for lo, hi in RADICAL_BLOCKS)}


def test_qt_cmap_forms_are_read_and_written_back() -> None:
    cmap = (b"3 beginbfrange\n<0000> <0000> <0000>\n<0001> <0003> [<2F08> <884C> <0041> ]\n"
            b"<0010> <001B> <3042>\nendbfrange\n1 beginbfchar\n<0020> <D842DF9F>\nendbfchar\n")
    mapping = parse_cmap(cmap)
    assert mapping[1] == "\u2f08" and mapping[2] == "行" and mapping[3] == "A"
    assert [mapping[c] for c in (0x10, 0x11, 0x1B)] == ["あ", "ぃ", "\u304d"]
    assert mapping[0x20] == "\U00020b9f"  # a surrogate pair (𠮟)
    assert parse_cmap(write_cmap(mapping)) == mapping


def test_sheet_with_lookalike_kanji_reads_back_exactly(qapp, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    words = "人口の行政区分と西日本の民間事業者・大学の力で出来た手引き"
    target = tmp_path / "words.pdf"
    render_pdf(f"<p>{words}</p>", "出典: 総務省", target, "試し")
    text = read_back(target)
    assert words in flat(text), text
    assert not radicals(text)


@pytest.fixture(params=["qt-default", "reader-font"])
def print_app_font(request, qapp):  # type: ignore[no-untyped-def]
    """Print both with Qt's default font and with the font the reader sets at start (Noto Sans CJK JP here,
    Yu Gothic / Meiryo on Windows): each font shapes text its own way."""
    from PySide6.QtWidgets import QApplication

    from dxreader.ui.app import japanese_font

    before = QApplication.font()
    font = japanese_font() if request.param == "reader-font" else None
    if font is not None:
        qapp.setFont(font)
    yield request.param
    qapp.setFont(before)


def test_every_case_sheet_reads_back_every_printed_character(committed_casebook, tmp_path: Path,
                                                            print_app_font: str) -> None:
    """Title, municipality and 出典 exactly, and not one printed character missing or changed: no glyph without
    a character behind it (OpenType substitutions) and no look-alike named instead (radicals)."""
    from dxreader.ui.safe_browser import SafeTextDocument

    catalog = Catalog(committed_casebook)
    problems = []
    for case in catalog.cases():
        target = tmp_path / f"{case.id}.pdf"
        html = sheet_html(case, catalog)
        render_pdf(html, sheet_footer(case, catalog), target, case.title)
        text = read_back(target)
        expected = [case.title, sheet_footer(case, catalog)] + ([case.municipality] if case.municipality else [])
        missing = [e for e in expected if flat(e) not in flat(text)]
        doc = SafeTextDocument()
        doc.setHtml(html)
        printed = Counter(flat(doc.toPlainText()))
        lost = printed - Counter(flat(text))
        # …and none read twice: a line Qt draws again outside a page's clip is invisible, yet was in the text
        pages = pdf_pages(target)
        footers = Counter({ch: n * pages for ch, n in Counter(flat(sheet_footer(case, catalog) + "印刷日")).items()})
        twice = Counter(ch for ch in flat(text) if ord(ch) >= 0x3000) - printed - footers
        if missing or radicals(text) or lost or twice:
            problems.append((case.id, missing, sorted(radicals(text)), "".join(sorted(lost.elements()))[:40],
                             "".join(sorted(twice.elements()))[:40]))
    assert not problems


def tiny_pdf(tounicode: bytes, compressed: bool, length_object: bool,
             content: bytes = b"BT /F1 24 Tf 72 720 Td <00010002> Tj ET") -> bytes:
    """A one-page PDF written by hand (not by the code under test): the glyph codes 1 and 2, a CID font that is
    not embedded, and the ToUnicode stream held plain or Flate-compressed, with a direct or indirect /Length;
    the page's content as given."""
    data = zlib.compress(tounicode) if compressed else tounicode
    flt = " /Filter /FlateDecode" if compressed else ""
    length = "9 0 R" if length_object else str(len(data))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 5 0 R >> >>"
        b" /Contents 4 0 R >>",
        f"<< /Length {len(content)} >>\nstream\n".encode() + content + b"\nendstream",
        b"<< /Type /Font /Subtype /Type0 /BaseFont /Test /Encoding /Identity-H /DescendantFonts [6 0 R]"
        b" /ToUnicode 8 0 R >>",
        b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /Test /CIDSystemInfo << /Registry (Adobe)"
        b" /Ordering (Identity) /Supplement 0 >> /FontDescriptor 7 0 R /DW 1000 >>",
        b"<< /Type /FontDescriptor /FontName /Test /Flags 4 /FontBBox [0 0 1000 1000] /ItalicAngle 0"
        b" /Ascent 880 /Descent -120 /CapHeight 700 /StemV 80 >>",
        f"<< /Length {length}{flt} >>\nstream\n".encode() + data + b"\nendstream",
        str(len(data)).encode(),
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


@pytest.mark.parametrize("compressed, length_object", [(False, False), (True, False), (True, True)])
def test_repair_works_on_every_form_of_the_stream(tmp_path: Path, compressed: bool, length_object: bool) -> None:
    cmap = write_cmap({1: "\u2f08", 2: "\u2f8f"})  # ⼈⾏, as Qt names them
    before = tmp_path / "before.pdf"
    before.write_bytes(tiny_pdf(cmap, compressed, length_object))
    assert flat(read_back(before)) == "\u2f08\u2f8f"  # the hand-made file is a PDF poppler reads
    repaired = repair_tounicode(before.read_bytes(), {"\u2f08": "人", "\u2f8f": "行"}.get)
    assert repaired is not None
    after = tmp_path / "after.pdf"
    after.write_bytes(repaired)
    assert flat(read_back(after)) == "人行"
    assert repair_tounicode(repaired, {"\u2f08": "人", "\u2f8f": "行"}.get) is None  # nothing left to repair


@pytest.mark.parametrize("data", [b"", b"%PDF-1.4\n", b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n",
                                  b"\x00" * 200])
def test_files_it_does_not_understand_are_left_alone(data: bytes) -> None:
    assert repair_tounicode(data, lambda c: "x") is None


def test_every_case_fits_a_one_page_summary_that_reads_back(qapp, committed_casebook, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """「1ページ要約」: one A4 page for every case, even with a long comment and note; its text is the text."""
    from dxreader.services.summary_sheet import summary_html
    from dxreader.ui.printing import fit_one_page

    ensure_gui_application()
    catalog = Catalog(committed_casebook)
    comment = "課内で共有する。来年度の予算要求の参考にする。" * 20
    note = "2026-11-20 企画情報課に電話。資料を送ってもらえる。\n" * 40
    problems = []
    for case in catalog.cases():
        target = tmp_path / f"{case.id}-summary.pdf"
        html = fit_one_page(lambda budget, case=case: summary_html(case, catalog, note, comment, budget))
        render_pdf(html, sheet_footer(case, catalog), target, case.title)
        text = read_back(target)
        expected = [case.title, "出典:" + catalog.citation(case.primary_source), "1ページ要約"]
        expected += [case.municipality] if case.municipality else []
        expected += [case.contacts[0].department] if case.contacts else []
        missing = [e for e in expected if flat(e) not in flat(text)]
        if pdf_pages(target) != 1 or missing or radicals(text) or "課内で共有" not in text:
            problems.append((case.id, pdf_pages(target), missing, sorted(radicals(text))))
    assert not problems


# A page clipped to the band y 400…700 (drawn as Qt draws: a flipped, scaled page matrix and a rectangle path),
# with one text object inside the band, one wholly above it and one straddling its top edge.
CLIPPED_PAGE = b"""0.5 0 0 -0.5 0 792 cm
q 0 184 m 1224 184 l 1224 784 l 0 784 l h W* n
q BT /F1 48 Tf 1 0 0 -1 0 0 Tm 100 -400 Td <0001> Tj ET Q
q BT /F1 48 Tf 1 0 0 -1 0 0 Tm 100 -100 Td <0002> Tj 48 0 Td <0002> Tj ET Q
q BT /F1 48 Tf 1 0 0 -1 0 0 Tm 100 -200 Td <0002> Tj ET Q
Q
BT /F1 24 Tf 72 30 Td <0001> Tj ET"""


def test_text_drawn_wholly_outside_its_clip_is_dropped_and_nothing_else(tmp_path: Path) -> None:
    from dxreader.core.pdf_clipped_text import drop_clipped_text

    cmap = write_cmap({1: "人", 2: "行"})
    before = tmp_path / "before.pdf"
    before.write_bytes(tiny_pdf(cmap, True, False, CLIPPED_PAGE))
    assert flat(read_back(before)) == "人行行行人"  # poppler reads text whether or not it can be seen
    cleaned = drop_clipped_text(before.read_bytes())
    assert cleaned is not None
    after = tmp_path / "after.pdf"
    after.write_bytes(cleaned)
    # kept: the glyph inside the band, the one reaching into it, and the one after the clip was restored
    assert flat(read_back(after)) == "人行人"
    assert drop_clipped_text(cleaned) is None  # nothing hidden is left


@pytest.mark.parametrize("content", [b"BT /F1 24 Tf 72 720 Td (ET) Tj ET", b"BT /F1 24 Tf 12 TL T* <0001> Tj ET",
                                     b"q 0 0 m 10 0 l W n BT /F1 12 Tf 1 2 Td <0001> Tj ET Q <<"])
def test_content_it_does_not_follow_is_left_alone(content: bytes) -> None:
    from dxreader.core.pdf_clipped_text import drop_clipped_text

    assert drop_clipped_text(tiny_pdf(write_cmap({1: "人"}), True, False, content)) is None
