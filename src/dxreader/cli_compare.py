"""dxreader-cli compare: 2 or 3 cases side by side by section, as text or as an A4 landscape PDF."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path

from dxreader.cli_common import UserError, case_or_error, open_casebook, writable_output
from dxreader.services.comparison import MAX_CASES, MIN_CASES

EXIT_OK = 0

USAGE_NOTE = f"""比較する事例IDは{MIN_CASES}件か{MAX_CASES}件（同じIDは1回まで）。
--pdf を付けるとA4横のPDFに（保存先は描画の前に確かめ、書けなければ何も作りません）、付けなければ文字で表示します。
"""


def add_command(add: Callable[[str, str, Callable[[argparse.Namespace], int]], argparse.ArgumentParser],
                exit_codes_help: str) -> None:
    p = add("compare", f"{MIN_CASES}〜{MAX_CASES}件の事例を項目（団体・人口、概要、効果、費用、スケジュール、体制・事業者、"
            "連絡先）ごとに並べて比較する", cmd_compare)
    p.formatter_class = argparse.RawDescriptionHelpFormatter
    p.epilog = USAGE_NOTE + "\n" + exit_codes_help
    p.add_argument("ids", nargs="+", metavar="id", help=f"事例ID（{MIN_CASES}件か{MAX_CASES}件。例: taisei-070009 taisei-074055）")
    p.add_argument("--pdf", help="A4横のPDFに保存する（ファイル名）")
    p.set_defaults(compare_parser=p)


def cmd_compare(args: argparse.Namespace) -> int:
    from dxreader.services.catalog import Catalog
    from dxreader.services.comparison import compare

    if not MIN_CASES <= len(args.ids) <= MAX_CASES:
        args.compare_parser.error(f"比較する事例IDは{MIN_CASES}件か{MAX_CASES}件です（{len(args.ids)}件指定されました）")
    if len(set(args.ids)) != len(args.ids):
        args.compare_parser.error("同じ事例IDが2回指定されています")
    with open_casebook(args) as casebook:
        catalog = Catalog(casebook)
        comparison = compare([case_or_error(catalog, case_id) for case_id in args.ids], catalog)
        if not args.pdf:
            print(comparison.as_text(), end="")
            return EXIT_OK
        target = writable_output(Path(args.pdf))  # before any rendering: a wrong path is said in one line
        from dxreader.ui.compare_window import comparison_to_pdf
        from dxreader.ui.printing import ensure_gui_application

        ensure_gui_application()
        try:
            pages = comparison_to_pdf(comparison, target)
        except OSError as exc:
            raise UserError(f"PDFを保存できませんでした: {target}（{exc.strerror or exc}）") from exc
    print(f"{len(comparison.cases)}件の比較をPDF（A4横）に保存しました（{pages}ページ）: {target}")
    return EXIT_OK
