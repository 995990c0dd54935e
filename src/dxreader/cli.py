"""dxreader-cli: the console tool (list, show and count cases; build and check the casebook data)."""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from dxreader import __version__, paths
from dxreader.cli_common import UserError, writable_output
from dxreader.cli_common import case_or_error as _case_or_error
from dxreader.cli_common import open_casebook as _open
from dxreader.cli_compare import add_command as add_compare_command
from dxreader.cli_data import add_commands as add_data_commands
from dxreader.cli_share import add_commands as add_share_commands
from dxreader.cli_near import add_options as add_near_options
from dxreader.cli_near import heading, near_home
from dxreader.closed_pipe import wrap_stdout
from dxreader.core.datapackage import PackageRejected
from dxreader.core.exchange import ImportRejected
from dxreader.services.municipalities import NearHome, PlaceNotFound
from dxreader.storage.casebook import Casebook
from dxreader.storage.errors import StorageError
from dxreader.storage.userstore import InvalidUserInput

EXIT_OK, EXIT_ERROR, EXIT_USAGE = 0, 1, 2
EXIT_OUTPUT_CLOSED = 141  # as a Unix shell reports a command stopped by SIGPIPE (`dxreader-cli cases | head`)
EXIT_CODES_HELP = f"""終了コード:
  {EXIT_OK}    正常に終わった
  {EXIT_ERROR}    エラー（事例・ファイルが見つからない、保存できない、データが壊れている など。理由を1行で表示）
  {EXIT_USAGE}    コマンドや引数の指定が正しくない
  {EXIT_OUTPUT_CLOSED}  出力先が途中で閉じられた（例: | head で先頭だけ読んだ）。それまでの出力は正しい"""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        print(f"エラー: コマンドの指定が正しくありません（{message}）", file=sys.stderr)
        raise SystemExit(EXIT_USAGE)


def _print_json(value: Any) -> None:
    sys.stdout.write(json.dumps(value, ensure_ascii=False, indent=2) + "\n")


def cmd_cases(args: argparse.Namespace) -> int:
    from dxreader.services.catalog import Catalog, place_label

    with _open(args) as casebook:
        catalog = Catalog(casebook)
        cases = [c for c in catalog.cases() if args.has_body is None or c.has_body == args.has_body]
        if args.json:
            _print_json([catalog.summary(c) for c in cases])
        else:
            for c in cases:
                print(f"{c.id}\t{place_label(c)}\t{c.title}")
    return EXIT_OK


def cmd_show(args: argparse.Namespace) -> int:
    from dxreader.services.catalog import Catalog

    with _open(args) as casebook:
        catalog = Catalog(casebook)
        case = _case_or_error(catalog, args.id)
        if args.json:
            _print_json(catalog.detail(case))
        else:
            sys.stdout.write(catalog.render_text(case))
    return EXIT_OK


def cmd_stats(args: argparse.Namespace) -> int:
    from dxreader.services.catalog import Catalog

    with _open(args) as casebook:
        stats = Catalog(casebook).stats()
    if args.json:
        _print_json(stats)
        return EXIT_OK
    print(f"事例数: {stats['total']}（本文あり {stats['with_body']}、目次のみ {stats['listing_only']}、"
          f"連絡先あり {stats['with_contact']}）")
    for title, key in (("事例集別", "by_casebook"), ("節別", "by_section"), ("人口区分別", "by_band"),
                       ("人口の出典別（case: 事例の記載、census2020: 令和2年国勢調査）", "by_population_source"),
                       ("団体の種類別", "by_kind"), ("都道府県別", "by_prefecture")):
        print(f"\n[{title}]")
        for name, count in stats[key].items():
            print(f"  {count:4d}  {name}")
    return EXIT_OK


def cmd_search(args: argparse.Namespace) -> int:
    from dxreader.core.bands import BAND_LABELS
    from dxreader.core.filters import BODY_LABEL, LISTING_ONLY_LABEL, SearchFilters
    from dxreader.services.search import open_search

    unknown = [b for b in args.band if b not in BAND_LABELS]
    if unknown:
        raise UserError(f"人口区分「{unknown[0]}」はありません。使える区分: {' / '.join(BAND_LABELS)}")
    if args.limit is not None and args.limit < 0:
        raise UserError("--limit には 0 以上の数を指定してください")
    filters = SearchFilters(
        bands=frozenset(args.band), prefectures=frozenset(args.prefecture),
        casebooks=frozenset([args.casebook]) if args.casebook else frozenset(), has_body=args.has_body,
    )
    with _open(args) as casebook:
        home = near_home(args, casebook)
        service = open_search(casebook, progress=_progress if not args.json else None)
        result = service.search(args.query or "", home.filters(filters, args.similar_size), limit=args.limit,
                                sort="near" if home.home else "relevance", near=home.place)
        service.close()
    if args.json:
        _print_json({"total": result.total, "hits": [_hit_json(h, home) for h in result.hits],
                     "reading_total": result.reading_total, "reading": [_hit_json(h, home) for h in result.reading],
                     "near_total": result.near_total, "near": [_hit_json(h, home) for h in result.near],
                     "advice": result.advice})
        return EXIT_OK
    if home.home:
        print(heading(home, args.similar_size))
    print(f"{result.total} 件（本文あり {result.facets['has_body'].get(BODY_LABEL, 0)}、"
          f"目次のみ {result.facets['has_body'].get(LISTING_ONLY_LABEL, 0)}）")
    for line in result.advice:
        print(f"  {line}")
    _print_hits(result.hits, home)
    if result.reading:
        print(f"\n読みが一致 {result.reading_total} 件（かなで入力した語を漢字で書いた事例）")
        _print_hits(result.reading, home)
    if result.near:
        print(f"\n近い結果 {result.near_total} 件（入力した語の一部を含む事例。完全には一致しません）")
        _print_hits(result.near, home)
    return EXIT_OK


def _hit_json(h: Any, home: NearHome) -> dict[str, Any]:
    return {"id": h.case.id, "title": h.case.title, "municipality": h.case.municipality,
            "prefecture": h.case.prefecture, "has_body": h.case.has_body, "population": h.case.population,
            "population_source": h.case.population_source, "population_as_of": h.case.population_as_of,
            "population_band": h.case.population_band, "score": round(h.score, 4), "snippet": h.snippet,
            **({"near": True} if h.near else {}), **({"reading": True} if h.reading else {}),  # an exact hit keeps its keys
            **({"near_home": home.why(h.case)} if home.home else {})}


def _print_hits(hits: list[Any], home: NearHome) -> None:
    for h in hits:
        print(f"{h.case.id}\t{h.case.prefecture or ''}{'' if h.case.kind == '都道府県' else h.case.municipality or ''}"
              f"\t{h.case.title}" + (f"\n    [{home.why(h.case)}]" if home.home else "") + f"\n    {h.snippet}")


def _progress(done: int, total: int) -> None:
    if done == total or done % 100 == 0:
        print(f"検索索引を作成中… {done}/{total}", file=sys.stderr)


def cmd_build_index(args: argparse.Namespace) -> int:
    from dxreader.storage.search_index import build_index

    target = Path(args.into) if args.into else paths.index_cache_dir()
    with _open(args) as casebook:
        build_index(casebook.cases(), casebook.meta["data_version"], target, _progress)
    print(f"検索索引を作成しました: {target}")
    return EXIT_OK


def cmd_build_data(args: argparse.Namespace) -> int:
    try:
        from dxreader.databuild.build import build
        from dxreader.databuild.cleantext import Cleaner
        from dxreader.databuild.errors import BuildError
    except ImportError as exc:  # the installed (frozen) program leaves the builder out
        raise UserError("事例データの作成は開発用の機能です。ソース一式（pip install -e .）で実行してください") from exc

    data_dir = Path(args.data) if args.data else paths.bundled_data_dir()
    out = Path(args.out) if args.out else data_dir / "casebook.sqlite"
    cleaner = Cleaner()
    try:
        cases = build(data_dir, out, cleaner)
    except BuildError as exc:
        raise UserError(f"データを作成できませんでした: {exc}") from exc
    print(f"{out} を作成しました（{len(cases)} 件）")
    print("本文の整形（規則ごとの回数）: " + "、".join(f"{k} {n}" for k, n in sorted(cleaner.report.items())))
    return EXIT_OK


def cmd_check_data(args: argparse.Namespace) -> int:
    from dxreader.core.debris import RULES
    from dxreader.services.integrity import check_casebook, scan_debris

    with _open(args) as casebook:
        problems = check_casebook(casebook.connection)
        count = len(casebook.cases())
        debris, _ = scan_debris(casebook.connection)
    print(f"本文の整形漏れ: 計 {sum(debris.values())} 件（"
          + "、".join(f"{RULES[name][0]} {n}" for name, n in debris.items()) + "）")
    if problems:
        for p in problems:
            print(f"NG: {p}", file=sys.stderr)
        raise UserError(f"事例データに {len(problems)} 件の問題があります: {casebook.path}")
    print(f"OK: 事例データに問題はありません（{count} 件、{casebook.path}）")
    return EXIT_OK


def cmd_print(args: argparse.Namespace) -> int:
    from dxreader.services.case_html import sheet_footer, sheet_html
    from dxreader.services.catalog import Catalog
    from dxreader.ui.printing import ensure_gui_application, render_pdf

    if args.folder or len(args.ids) != 1:
        return _print_handout(args)
    with _open(args) as casebook:
        catalog = Catalog(casebook)
        case = _case_or_error(catalog, args.ids[0])
        note = annotation = None
        if args.with_note:
            with _user_data(args) as data:
                stored, bookmark = data.note(case.id), data.bookmark(case.id)
                note = stored.text if stored else None
                annotation = bookmark.annotation if bookmark else None
        target = writable_output(Path(args.pdf))  # before any rendering: a wrong path is said in one line
        ensure_gui_application()
        try:
            pages = render_pdf(sheet_html(case, catalog, note, annotation), sheet_footer(case, catalog), target, case.title)
        except OSError as exc:
            raise UserError(f"PDFを保存できませんでした: {target}（{exc.strerror or exc}）") from exc
    print(f"事例シートをPDFに保存しました（{pages}ページ）: {target}")
    return EXIT_OK


def _print_handout(args: argparse.Namespace) -> int:
    """Several cases (IDs, or a bookmark folder by name) as one PDF with a cover and contents page."""
    from dxreader.services.catalog import Catalog
    from dxreader.services.handout import MAX_CASES
    from dxreader.ui.printing import ensure_gui_application
    from dxreader.ui.share import handout_to_pdf

    if not args.ids and not args.folder:
        raise UserError("印刷する事例IDか、--folder でしおりのフォルダ名を指定してください")
    target = writable_output(Path(args.pdf))
    with _open(args) as casebook:
        catalog = Catalog(casebook)
        ids = list(args.ids)
        if args.folder:
            with _user_data(args) as data:
                folder = next((f for f in data.store.folders() if f.name == args.folder), None)
                if folder is None:
                    names = "、".join(f.name for f in data.store.folders()) or "なし"
                    raise UserError(f"しおりのフォルダ「{args.folder}」がありません（あるフォルダ: {names}）")
                ids += [b.case_id for b in data.bookmarks() if b.folder_id == folder.id]
        cases = [_case_or_error(catalog, case_id) for case_id in dict.fromkeys(ids)]
        if not cases:
            raise UserError(f"フォルダ「{args.folder}」にしおりがありません")
        if len(cases) > MAX_CASES:
            raise UserError(f"{len(cases)}件は多すぎます（{MAX_CASES}件まで）")
        ensure_gui_application()
        title = args.title or (f"しおり「{args.folder}」" if args.folder else "DX事例")
        try:
            pages = handout_to_pdf(cases, catalog, title, target)
        except OSError as exc:
            raise UserError(f"PDFを保存できませんでした: {target}（{exc.strerror or exc}）") from exc
    print(f"配布資料をPDFに保存しました（{len(cases)}件・{pages}ページ）: {target}")
    return EXIT_OK


def cmd_self_check(args: argparse.Namespace) -> int:
    from dxreader.ui.selfcheck import run

    steps = run(Path(args.data) if args.data else None)
    for step in steps:
        print(f"{'OK' if step.ok else 'NG'}  {step.name}: {step.detail}")
    failed = [s.name for s in steps if not s.ok]
    print(f"結果: {'すべて正常' if not failed else '失敗 ' + '、'.join(failed)}")
    return EXIT_OK if not failed else EXIT_ERROR


def _user_data(args: argparse.Namespace):  # type: ignore[no-untyped-def]
    from dxreader.services.userdata import UserData

    data = UserData.open(Path(args.home) if args.home else paths.user_home())
    for message in data.recovery.messages + data.warnings:
        print(f"注意: {message}", file=sys.stderr)
    return data


def cmd_userdata_export(args: argparse.Namespace) -> int:
    target = Path(args.file)
    with _user_data(args) as data:
        if args.csv:
            count = data.export_csv(target, "cp932" if args.cp932 else "utf-8-sig")
            print(f"しおり {count} 件をCSVに書き出しました: {target}")
        else:
            counts = data.export_json(target)
            print(f"しおり {counts['bookmarks']} 件、メモ {counts['notes']} 件、フォルダ {counts['folders']} 件を"
                  f"書き出しました: {target}")
    return EXIT_OK


def cmd_userdata_import(args: argparse.Namespace) -> int:
    from dxreader.core.exchange import ImportRejected

    known = None
    if paths.casebook_path().is_file() or args.db:
        with _open(args) as casebook:
            known = {c.id for c in casebook.cases()}
    with _user_data(args) as data:
        try:
            result = data.import_file(Path(args.file), known)
        except ImportRejected as exc:
            raise UserError(f"取り込めませんでした（何も変更していません）: {exc}") from exc
        print(result.message())
    return EXIT_OK


def cmd_userdata_check(args: argparse.Namespace) -> int:
    """Without --repair: the file exactly as it is, read-only, nothing changed (exit 1 when damaged). With
    --repair: opened as at start, so damage is repaired or the newest good backup restored, then checked."""
    from dxreader.services.userdata import UserData

    home = Path(args.home) if args.home else paths.user_home()
    if args.repair:
        data = _user_data(args)
    else:
        data = UserData.inspect(home)
    with data:
        report = data.check()
        report["actions"] = data.recovery.messages if args.repair else []
    if args.json:
        _print_json(report)
    else:
        counts = report["counts"]
        print(f"ファイル: {report['file']}（形式 {report['schema_version']}）")
        if report["integrity"] == "ok":
            print("検査結果: 問題はありません")
        else:
            print(f"検査結果: 壊れた箇所があります（{report['integrity']}）")
            print("修復するには: dxreader-cli userdata check --repair（元のファイルは残します）")
        for action in report["actions"]:  # type: ignore[attr-defined]
            print(f"修復: {action}")
        print(f"しおり {counts['bookmarks']} 件、メモ {counts['notes']} 件、フォルダ {counts['folders']} 件")  # type: ignore[index]
        print(f"バックアップ {len(report['backups'])} 個、JSON書き出し {len(report['json_exports'])} 個")  # type: ignore[arg-type]
    return EXIT_OK if report["integrity"] == "ok" else EXIT_ERROR


def _add_has_body(p: argparse.ArgumentParser) -> None:
    p.add_argument("--has-body", action=argparse.BooleanOptionalAction, default=None,
                   help="本文のある事例だけ（--no-has-body は目次にのみ掲載の事例だけ）")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="dxreader-cli", description="DX事例リーダーのコンソールツール", epilog=EXIT_CODES_HELP,
                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--version", action="version", version=f"dxreader {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    def add(name: str, help_text: str, func: Any, db: bool = True) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help_text, description=help_text)
        if db:
            p.add_argument("--db", help="事例データ（casebook.sqlite）のパス。省略時は同梱のデータ")
        p.set_defaults(func=func)
        return p

    p = add("cases", "事例の一覧を表示する", cmd_cases)
    p.add_argument("--json", action="store_true", help="JSON配列で出力する")
    _add_has_body(p)
    p = add("show", "1件の事例をすべての項目とともに表示する", cmd_show)
    p.add_argument("id", help="事例ID（例: taisei-074055）")
    p.add_argument("--json", action="store_true", help="JSONで出力する")
    p = add("stats", "事例集・節・都道府県・人口区分ごとの件数を表示する", cmd_stats)
    p.add_argument("--json", action="store_true", help="JSONで出力する")
    p = add("build-data", "資料（data/sources）から事例データを作り直す", cmd_build_data, db=False)
    p.add_argument("--data", help="data フォルダのパス（sources, curation, reference を含む）")
    p.add_argument("--out", help="出力先（省略時は data/casebook.sqlite）")
    add("check-data", "事例データの整合性を検査する", cmd_check_data)
    p = add("search", "事例を検索する（語は空白区切りですべて含む、OR で「または」、-語 で除外、\"語句\"）", cmd_search)
    p.add_argument("query", nargs="?", default="", help="検索語（省略すると絞り込みだけで一覧）")
    p.add_argument("--band", action="append", default=[], help="人口区分（繰り返し指定可）")
    p.add_argument("--prefecture", action="append", default=[], help="都道府県名（繰り返し指定可）")
    p.add_argument("--casebook", help="事例集名")
    p.add_argument("--limit", type=int, default=None, help="表示する最大件数")
    _add_has_body(p)
    add_near_options(p, EXIT_CODES_HELP)
    p.add_argument("--json", action="store_true", help="JSONで出力する")
    p = add("build-index", "検索索引を作る（省略時は利用者のキャッシュフォルダ）", cmd_build_index)
    p.add_argument("--into", help="索引を作るフォルダ（例: 配布用の data/index）")
    p = add("print", "事例シート（A4）をPDFに保存する（複数の事例・しおりのフォルダは表紙と目次つきの配布資料に）",
            cmd_print)
    p.add_argument("ids", nargs="*", metavar="id", help="事例ID（例: taisei-074055）。複数指定できる")
    p.add_argument("--folder", help="しおりのフォルダ名: そのフォルダの事例を配布資料にする")
    p.add_argument("--title", help="配布資料の表紙の題名")
    p.add_argument("--pdf", required=True, help="保存するPDFファイル")
    p.add_argument("--with-note", action="store_true", help="自分のメモとしおりのコメントも載せる")
    p.add_argument("--home", help="しおり・メモのデータフォルダ（省略時はこの利用者のフォルダ）")
    add_compare_command(add, EXIT_CODES_HELP)

    p = add("self-check", "インストールされたプログラムの自己診断（同梱データ・検索・表示・印刷）", cmd_self_check, db=False)
    p.add_argument("--data", help="同梱データのフォルダ（省略時はインストール先の data）")

    add_data_commands(sub, _Parser)
    add_share_commands(sub, _Parser, sys.modules[__name__])

    userdata = sub.add_parser("userdata", help="しおり・メモの書き出し・取り込み・検査（PCの移行用）",
                              description="しおり・メモの書き出し・取り込み・検査（PCの移行用）")
    usub = userdata.add_subparsers(dest="userdata_command", required=True, parser_class=_Parser)

    def add_user(name: str, help_text: str, func: Any) -> argparse.ArgumentParser:
        p = usub.add_parser(name, help=help_text, description=help_text)
        p.add_argument("--home", help="データフォルダ（省略時はこの利用者のフォルダ。DXREADER_HOME でも指定可）")
        p.add_argument("--db", help=argparse.SUPPRESS)
        p.set_defaults(func=func)
        return p

    p = add_user("export", "しおり・メモ・フォルダをJSONファイルに書き出す（--csv でしおり一覧をExcel用CSVに）",
                 cmd_userdata_export)
    p.add_argument("file", help="書き出し先のファイル")
    p.add_argument("--csv", action="store_true", help="しおり一覧をCSV（UTF-8 BOM付き）で書き出す")
    p.add_argument("--cp932", action="store_true", help="CSVをShift_JIS（CP932）で書き出す")
    p = add_user("import", "書き出したJSONファイルを今のデータに取り込む（検証してから一括で反映）", cmd_userdata_import)
    p.add_argument("file", help="取り込むJSONファイル")
    p = add_user("check", "しおり・メモのファイルを検査し、件数を表示する（何も変更しない。終了コード 0=正常 1=壊れている）",
                 cmd_userdata_check)
    p.add_argument("--json", action="store_true", help="JSONで出力する")
    p.add_argument("--repair", action="store_true",
                   help="壊れていれば修復する（索引の作り直し・読めない文字の置き換え。無理ならバックアップから復元。元のファイルは残す）")
    return parser


def _utf8_console() -> None:
    """Japanese output must not crash where Python would write the system code page (a pipe or a file on a
    Windows whose system locale is not Japanese: cp1252 cannot encode it). UTF-8 can encode any text."""
    for stream in (sys.stdout, sys.stderr):
        encoding = (getattr(stream, "encoding", None) or "").lower().replace("-", "").replace("_", "")
        if encoding != "utf8" and hasattr(stream, "reconfigure"):
            stream.reconfigure(encoding="utf-8", errors="replace")


def _run(args: argparse.Namespace) -> int:
    """The command, its output flushed here: when the reader of the output stops early (`| head`), the
    command ends quietly with EXIT_OUTPUT_CLOSED instead of a traceback."""
    try:
        code = int(args.func(args))
        sys.stdout.flush()
        return code
    except BrokenPipeError:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())  # what is still buffered goes nowhere, also at exit
        return EXIT_OUTPUT_CLOSED


def main(argv: Sequence[str] | None = None) -> int:
    _utf8_console()
    wrap_stdout()  # Windows: a closed output pipe is a BrokenPipeError, as on POSIX (see _run)
    args = build_parser().parse_args(argv)
    try:
        return _run(args)
    except PackageRejected as exc:
        done = "取り込みませんでした（何も変更していません）。" if getattr(args, "data_command", "") == "import" else ""
        print(f"エラー: {done}{exc}", file=sys.stderr)
        return EXIT_ERROR
    except (UserError, StorageError, ImportRejected, InvalidUserInput, PlaceNotFound) as exc:
        print(f"エラー: {exc}", file=sys.stderr)
        return EXIT_ERROR


if __name__ == "__main__":
    raise SystemExit(main())
