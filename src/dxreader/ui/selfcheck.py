"""`dxreader-cli self-check`: proves that an installed (frozen) program has everything it needs.

It opens the bundled casebook and the bundled search index from where the program is installed, runs
searches, renders a case, prints a sheet to a temporary PDF and checks the Qt parts the window needs (Qt's
Japanese texts for its standard dialogs among them). Each
step is reported on its own line; the run passes only if every step passed. It writes nothing but the
temporary PDF, and it never rebuilds the index: an index left out of the bundle is a failure here."""

from __future__ import annotations

import importlib.util
import sys
import tempfile
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from dxreader import paths

# Queries that must find cases in any edition of the casebook, and spellings that must find the same ones.
PROBES = ("マイナンバーカード", "窓口", "DX推進")
SAME_AS = {"ﾏｲﾅﾝﾊﾞｰｶｰﾄﾞ": "マイナンバーカード", "まいなんばーかーど": "マイナンバーカード", "ＤＸ推進": "DX推進"}


@dataclass(frozen=True)
class Step:
    name: str
    ok: bool
    detail: str


class _Failed(Exception):
    """A step's plain-Japanese reason for failing."""


def run(data_dir: Path | None = None) -> list[Step]:
    """Every step, in order; a step that cannot run because an earlier one failed is reported as failed."""
    from dxreader.services.catalog import Catalog
    from dxreader.storage.casebook import Casebook

    data_dir = data_dir or paths.bundled_data_dir()
    steps: list[Step] = []

    def step(name: str, body: Callable[[], str]) -> bool:
        try:
            steps.append(Step(name, True, body()))
        except _Failed as exc:
            steps.append(Step(name, False, str(exc)))
        except Exception as exc:  # noqa: BLE001 - a self-check reports every failure, whatever it is
            detail = "".join(traceback.format_exception_only(exc)).strip()
            steps.append(Step(name, False, f"予期しないエラー: {detail}"))
        return steps[-1].ok

    state: dict[str, object] = {}

    def casebook() -> str:
        db = data_dir / "casebook.sqlite"
        if not db.is_file():
            raise _Failed(f"事例データがありません: {db}")
        book = Casebook(db)
        state["casebook"], state["catalog"] = book, Catalog(book)
        count = len(book.cases())
        if count == 0:
            raise _Failed("事例データに事例がありません")
        return f"{count}件（データ版 {book.meta['data_version']}、{db}）"

    def index() -> str:
        from dxreader.core.query import Synonyms
        from dxreader.services.search import SearchService
        from dxreader.storage.search_index import open_if_current

        book = state["casebook"]
        bundled = data_dir / "index"
        ix = open_if_current(bundled, book.meta["data_version"], len(book.cases()))  # type: ignore[attr-defined]
        if ix is None:
            raise _Failed(f"同梱の検索索引がないか、壊れているか、事例データ（版・件数）と合いません: {bundled}")
        synonyms = Synonyms.parse(paths.synonyms_path().read_text(encoding="utf-8"))
        state["search"] = SearchService(book.cases(), lambda: ix, synonyms)  # type: ignore[attr-defined]
        return f"{ix.doc_count()}件、同義語 {paths.synonyms_path().name}"

    def searches() -> str:
        service = state["search"]
        totals = {}
        for text in PROBES:
            totals[text] = service.search(text).total  # type: ignore[attr-defined]
            if totals[text] == 0:
                raise _Failed(f"「{text}」で1件も見つかりません")
        for variant, canonical in SAME_AS.items():
            got = service.search(variant).total  # type: ignore[attr-defined]
            if got != totals[canonical]:
                raise _Failed(f"「{variant}」の件数（{got}）が「{canonical}」（{totals[canonical]}）と違います")
        return "、".join(f"{t} {n}件" for t, n in totals.items()) + "（全角・半角・ひらがなも同じ結果）"

    def gui() -> str:
        from dxreader.ui.printing import ensure_gui_application

        ensure_gui_application()
        from PySide6.QtGui import QGuiApplication

        return f"Qt {QGuiApplication.platformName()}"

    def qt_japanese() -> str:
        from PySide6.QtCore import QCoreApplication

        from dxreader.ui.translations import install_japanese_qt

        loaded = install_japanese_qt(QCoreApplication.instance())  # type: ignore[arg-type]
        cancel = QCoreApplication.translate("QPlatformTheme", "Cancel")
        if not loaded or cancel != "キャンセル":
            raise _Failed("Qt の日本語訳（qtbase_ja.qm）が読み込めません（標準のダイアログのボタンが英語になります）")
        return f"{Path(loaded[0].filePath()).name}（Cancel →「{cancel}」）"

    def japanese_font() -> str:
        from PySide6.QtGui import QFontDatabase

        from dxreader.ui.app import UI_FONTS

        families = set(QFontDatabase.families())
        found = [f for f in UI_FONTS if f in families]
        if not found:
            raise _Failed("日本語フォントが見つかりません（画面と印刷の文字が表示できません）")
        return found[0]

    def render_case() -> str:
        from dxreader.services.case_html import case_html
        from dxreader.ui.safe_browser import SafeTextDocument

        catalog = state["catalog"]
        case = next(c for c in catalog.cases() if c.contacts)  # type: ignore[attr-defined]
        doc = SafeTextDocument()
        doc.setHtml(case_html(case, catalog, ("窓口",), [], 11.0))  # type: ignore[arg-type]
        text = doc.toPlainText()
        if case.title not in text or "出典" not in text:
            raise _Failed(f"事例 {case.id} の表示に題名か出典がありません")
        state["case"] = case
        return f"{case.id}（{len(text)}字）"

    def print_pdf() -> str:
        from dxreader.services.case_html import sheet_footer, sheet_html
        from dxreader.ui.printing import render_pdf

        catalog, case = state["catalog"], state["case"]
        with tempfile.TemporaryDirectory(prefix="dxreader-selfcheck-") as tmp:
            target = Path(tmp) / "sheet.pdf"
            pages = render_pdf(sheet_html(case, catalog, None, None), sheet_footer(case, catalog),  # type: ignore[arg-type]
                               target, case.title)  # type: ignore[attr-defined]
            head, size = target.read_bytes()[:5], target.stat().st_size
        if head != b"%PDF-" or pages < 1:
            raise _Failed("PDFが正しく作られませんでした")
        return f"{pages}ページ、{size:,}バイト"

    def print_support() -> str:
        from PySide6.QtPrintSupport import QPrinter

        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        return f"印刷部品あり（既定の用紙 {printer.pageLayout().pageSize().name()}）"

    def no_network_module() -> str:
        if getattr(sys, "frozen", False) and importlib.util.find_spec("PySide6.QtNetwork") is not None:
            raise _Failed("ネットワーク部品（QtNetwork）が同梱されています")
        return "QtNetwork なし" if getattr(sys, "frozen", False) else "（開発環境のため省略）"

    if step("事例データ", casebook):
        if step("検索索引", index):
            step("検索", searches)
        if step("画面部品", gui):
            step("Qt の日本語訳", qt_japanese)
            step("日本語フォント", japanese_font)
            if step("事例の表示", render_case):
                step("印刷（PDF）", print_pdf)
            step("印刷ダイアログ", print_support)
    step("ネットワーク部品", no_network_module)
    for name in ("search", "casebook"):
        closer = getattr(state.get(name), "close", None)
        if closer:
            closer()
    expected = ["事例データ", "検索索引", "検索", "画面部品", "Qt の日本語訳", "日本語フォント", "事例の表示", "印刷（PDF）",
                "印刷ダイアログ", "ネットワーク部品"]
    done = {s.name for s in steps}
    steps += [Step(name, False, "前の検査が失敗したため実行できません") for name in expected if name not in done]
    return sorted(steps, key=lambda s: expected.index(s.name))
