"""How long the window's GUI thread is busy per search, next to how long the search itself takes, in one run.

    python tests/bench/bench_typing.py [--rounds 5]

The real window on the bundled casebook (index opened first, as after start-up). For each query the figures
are: the GUI thread's share when asking (reading the widgets, the notes and bookmarks, handing the job over),
the search in the search thread, the GUI thread's share when showing the result (list, counts, highlights),
and the time from asking to the list being filled (its layout and paint come after). Typing waits only for the two GUI-thread shares; the search
thread's share is what it no longer waits for. Medians and maxima in ms; one JSON line last. Timings taken while
other jobs run are noisy."""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QEventLoop  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from dxreader import paths  # noqa: E402
from dxreader.ui import window_search  # noqa: E402
from dxreader.ui.app import build_reader  # noqa: E402

QUERIES = ("窓口", "マイナンバーカード", "書かない窓口", "庁内DX推進体制", "AI OR RPA OR チャットボット", "まどぐち", "DX -窓口")


def _timed(record: list[float], call: Any) -> Any:
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        start = time.perf_counter()
        try:
            return call(*args, **kwargs)
        finally:
            record.append((time.perf_counter() - start) * 1000)
    return wrapper


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    app = QApplication.instance() or QApplication(sys.argv[:1])
    with tempfile.TemporaryDirectory() as home:
        reader = build_reader(paths.casebook_path(), Path(home), Path(home) / "index")
        window = reader.window
        window.show()
        reader.search.warm_up()
        searched: list[float] = []
        shown: list[float] = []
        asked: list[float] = []
        to_list: list[float] = []
        reader.search.search = _timed(searched, reader.search.search)  # type: ignore[method-assign]
        window_search.show_result = _timed(shown, window_search.show_result)  # type: ignore[assignment]
        for _ in range(args.rounds):
            for text in QUERIES:
                window.search_box.setText(text)
                loop = QEventLoop()
                window.results_model.modelReset.connect(loop.quit)
                start = time.perf_counter()
                window.run_search()
                asked.append((time.perf_counter() - start) * 1000)
                if window.searches.busy:
                    loop.exec()  # idle in Qt's event loop, as the real window is between key presses
                to_list.append((time.perf_counter() - start) * 1000)
                window.results_model.modelReset.disconnect(loop.quit)
        reader.close()
    figures: dict[str, float] = {}
    for name, values in (("gui_ask", asked), ("search_thread", searched), ("gui_show", shown), ("ask_to_list", to_list)):
        figures[f"{name}_ms_median"] = round(statistics.median(values), 1)
        figures[f"{name}_ms_max"] = round(max(values), 1)
        print(f"{name:14} median {figures[f'{name}_ms_median']:7.1f} ms   max {figures[f'{name}_ms_max']:7.1f} ms")
    print(json.dumps({"queries": len(QUERIES), "rounds": args.rounds, **figures}, ensure_ascii=False))


if __name__ == "__main__":
    main()
