"""dxreader-cli export-xlsx and shortlist …: cases to an Excel workbook, and shortlists shared through a file
server (save a bookmark folder, show one, take its cases into one's bookmarks)."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial
from pathlib import Path
from typing import Any

EXIT_OK = 0


# Each command gets the console tool's module (`cli`): its casebook and user-data openers, UserError and
# writable_output, as the module that runs (also as `python -m dxreader.cli`, where it is __main__).


@contextmanager
def _opened(cli: Any, args: argparse.Namespace) -> Iterator[Any]:
    """(Shortlists service) on the casebook in use and the user's data, both closed afterwards."""
    from dxreader.services.catalog import Catalog
    from dxreader.services.shortlist import Shortlists

    with cli._open(args) as casebook, cli._user_data(args) as data:
        yield Shortlists(data, Catalog(casebook))


def _search_ids(args: argparse.Namespace, casebook: Any) -> list[str]:
    from dxreader.core.filters import SearchFilters
    from dxreader.services.search import open_search

    service = open_search(casebook)
    try:
        return list(service.search(args.query, SearchFilters()).ids)
    finally:
        service.close()


def cmd_export_xlsx(cli: Any, args: argparse.Namespace) -> int:
    from dxreader.services.shortlist import my_comments
    from dxreader.services.workbook import export_xlsx

    chosen = [bool(args.folder), bool(args.ids), args.query is not None]
    if sum(chosen) != 1:
        raise cli.UserError("--folder（しおりのフォルダ名）、--ids（事例ID）、--query（検索語）のどれか1つを指定してください")
    target = cli.writable_output(Path(args.out))
    with _opened(cli, args) as lists:
        if args.folder:
            folder = lists.folder_named(args.folder)
            entries = [(b.case_id, b.annotation) for b in lists.folder_bookmarks(folder.id)]
            title = args.title or f"しおり「{folder.name}」"
        else:
            ids = args.ids or _search_ids(args, lists.catalog.casebook)
            entries = my_comments(lists.user_data, ids)
            title = args.title or (f"検索結果「{args.query}」" if args.query is not None else "DX事例")
        if not entries:
            raise cli.UserError("書き出す事例がありません")
        result = export_xlsx(lists.catalog, entries, target, title)
    print(result.message(target))
    return EXIT_OK


def cmd_save(cli: Any, args: argparse.Namespace) -> int:
    target = cli.writable_output(Path(args.out))
    with _opened(cli, args) as lists:
        folder = lists.folder_named(args.folder)
        shortlist = lists.make(folder.id, args.title or folder.name, args.author or "", args.with_notes)
        lists.save(shortlist, target)
    notes = "メモを含む" if args.with_notes else "メモは含まない"
    print(f"共有リスト「{shortlist.title}」（{len(shortlist.cases)}件、コメントつき、{notes}）を保存しました: {target}")
    return EXIT_OK


def cmd_show(cli: Any, args: argparse.Namespace) -> int:
    with _opened(cli, args) as lists:
        opened = lists.open(Path(args.file))
    shortlist = opened.shortlist
    if args.json:
        sys.stdout.write(json.dumps({
            "title": shortlist.title, "author": shortlist.author, "created_at": shortlist.created_at,
            "notices": opened.notices(),
            "cases": [{"case_id": c.case_id, "title": c.title, "municipality": c.municipality, "comment": c.comment,
                       "note": c.note, "known": opened.known(c.case_id)} for c in shortlist.cases],
        }, ensure_ascii=False, indent=2) + "\n")
        return EXIT_OK
    print(f"共有リスト「{shortlist.title}」 作成者: {shortlist.author or '記載なし'}　作成日時: {shortlist.created_at}"
          f"　{len(shortlist.cases)}件")
    for notice in opened.notices():
        print(f"注意: {notice}")
    for c in shortlist.cases:
        mark = "" if opened.known(c.case_id) else "（お使いの事例データにありません）"
        print(f"{c.case_id}\t{c.municipality}\t{c.title}{mark}")
        for label, text in (("コメント", c.comment), ("メモ", c.note)):
            if text:
                print(f"    {label}: " + text.replace("\n", "\n      "))
    return EXIT_OK


def cmd_take(cli: Any, args: argparse.Namespace) -> int:
    with _opened(cli, args) as lists:
        opened = lists.open(Path(args.file))
        for notice in opened.notices():
            print(f"注意: {notice}", file=sys.stderr)
        if args.folder:
            result = lists.take(opened, args.ids or None, folder_id=lists.folder_named(args.folder).id)
        else:
            result = lists.take(opened, args.ids or None, new_folder=args.new_folder or opened.shortlist.title)
    print(result.message())
    return EXIT_OK


def add_commands(sub: Any, parser_class: type[argparse.ArgumentParser], cli: Any) -> None:
    def command(parent: Any, name: str, text: str, func: Any) -> argparse.ArgumentParser:
        p = parent.add_parser(name, help=text, description=text)
        p.add_argument("--home", help="しおり・メモのデータフォルダ（省略時はこの利用者のフォルダ）")
        p.add_argument("--db", help="事例データ（casebook.sqlite）のパス。省略時は同梱のデータ")
        p.set_defaults(func=partial(func, cli))
        return p

    p = command(sub, "export-xlsx", "事例をExcelのブック（.xlsx）に書き出す（1行1事例: 団体・人口・出典・連絡先・自分のコメント）",
                cmd_export_xlsx)
    p.add_argument("out", help="書き出す .xlsx ファイル")
    p.add_argument("--folder", help="しおりのフォルダ名: そのフォルダのしおりを書き出す")
    p.add_argument("--ids", nargs="+", metavar="ID", help="事例ID（複数可）")
    p.add_argument("--query", help="検索語: その検索結果を書き出す（\"\" ですべての事例）")
    p.add_argument("--title", help="ブックの題名")

    text = "共有リスト（.dxlist）: しおりのフォルダを共有フォルダ経由で同僚に渡す"
    shortlist = sub.add_parser("shortlist", help=text, description=text)
    ssub = shortlist.add_subparsers(dest="shortlist_command", required=True, parser_class=parser_class)
    p = command(ssub, "save", "しおりのフォルダを共有リストとして保存する（コメントつき）", cmd_save)
    p.add_argument("out", help="保存する .dxlist ファイル（共有フォルダに置けます）")
    p.add_argument("--folder", required=True, help="しおりのフォルダ名")
    p.add_argument("--title", help="共有リストの題名（省略時はフォルダ名）")
    p.add_argument("--author", help="作成者（例: 企画課 山田）")
    p.add_argument("--with-notes", action="store_true", help="自分のメモも含める")
    p = command(ssub, "show", "共有リストの事例とコメントを表示する（何も変更しない）", cmd_show)
    p.add_argument("file", help="共有リストのファイル")
    p.add_argument("--json", action="store_true", help="JSONで出力する")
    p = command(ssub, "take", "共有リストの事例を自分のしおりに取り込む（自分のコメント・メモは変更しない）", cmd_take)
    p.add_argument("file", help="共有リストのファイル")
    p.add_argument("--ids", nargs="+", metavar="ID", help="取り込む事例ID（省略時はすべて）")
    p.add_argument("--folder", help="取り込み先の既存のフォルダ名")
    p.add_argument("--new-folder", help="取り込み先の新しいフォルダ名（省略時は共有リストの題名）")
