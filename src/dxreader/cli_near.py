"""dxreader-cli search --near / --similar-size: cases from local governments like a given one."""

from __future__ import annotations

import argparse
from typing import Any

from dxreader.core.similarity import SAME_SIZE_FACTOR
from dxreader.services.municipalities import Directory, NearHome, PlaceNotFound

NEAR_EXIT_HELP = """--near の団体が見つからないとき、複数の団体に当てはまるとき（候補を都道府県・団体コードつきで表示）、
--similar-size を --near なしで指定したときは、理由を1行で表示して終了コード 1 で終わります。"""


def add_options(p: argparse.ArgumentParser, exit_codes_help: str) -> None:
    """--near and --similar-size, and the exit codes they can end with in the command's --help."""
    p.formatter_class = argparse.RawDescriptionHelpFormatter
    p.epilog = f"{exit_codes_help}\n\n{NEAR_EXIT_HELP}"
    p.add_argument("--near", metavar="団体", help="自分の団体に近い順に並べる（団体名・よみがな・6桁の団体コード。"
                   "例: 塩尻市、しおじり、広島県府中市、202151）")
    p.add_argument("--similar-size", action="store_true",
                   help=f"--near の団体と同規模の団体の事例だけ（人口が{1 / SAME_SIZE_FACTOR:g}倍〜{SAME_SIZE_FACTOR:g}倍。"
                        "都道府県は都道府県どうし、市区町村は市区町村どうし）")


def near_home(args: argparse.Namespace, casebook: Any) -> NearHome:
    """The place --near names (none without --near); PlaceNotFound, in Japanese, for what cannot be used."""
    if args.near is None:
        if args.similar_size:
            raise PlaceNotFound("--similar-size には --near で基準の団体を指定してください（例: --near 塩尻市 --similar-size）")
        return NearHome(None)
    home = Directory(casebook.municipalities()).resolve(args.near)
    if args.similar_size and home.population_2020 is None:
        raise PlaceNotFound(f"{home.label()}は人口が不明（令和2年国勢調査に数値がありません）のため、"
                            "同規模の団体では絞り込めません")
    return NearHome(home)


def heading(near: NearHome, similar_size: bool) -> str:
    """The line above the hits: which place the order and the filter follow."""
    home = near.home
    if home is None:
        return ""
    what = "近い順" + ("・同規模の団体のみ" if similar_size else "")
    figure = (f"人口 {home.population_text}（令和2年国勢調査）" if home.population_2020
              else "人口不明（令和2年国勢調査に数値なし）")
    return f"自分の団体: {home.label()}・{figure}に{what}"
