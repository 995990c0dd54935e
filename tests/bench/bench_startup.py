"""Start-up time of the reader next to a bare PySide6 window, in one run (target: ≤ 1.5× the bare window).

    python tests/bench/bench_startup.py [--runs 5]

Each figure is the median wall time of a fresh process that shows its window, paints once and exits
(`dxreader --exit-after-start` populates the default view before it quits). Prints one JSON line last."""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

BARE = """
import sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow, QLabel
app = QApplication(sys.argv[:1])
w = QMainWindow(); w.setCentralWidget(QLabel("DX事例リーダー")); w.resize(1360, 860); w.show()
QTimer.singleShot(0, app.quit)
app.exec()
"""


def _time(cmd: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, check=True, env=env, capture_output=True)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    env = {**os.environ, "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen")}
    with tempfile.TemporaryDirectory() as home:
        env["DXREADER_HOME"] = home
        subprocess.run([sys.executable, "-m", "dxreader", "--exit-after-start"], check=True, env=env,
                       capture_output=True)  # first start: builds the search index cache if none is bundled
        bare = [_time([sys.executable, "-c", BARE], env) for _ in range(args.runs)]
        reader = [_time([sys.executable, "-m", "dxreader", "--exit-after-start"], env) for _ in range(args.runs)]
    b, r = statistics.median(bare), statistics.median(reader)
    print(f"bare PySide6 window: {b * 1000:.0f} ms (median of {args.runs})")
    print(f"dxreader --exit-after-start: {r * 1000:.0f} ms (median of {args.runs})")
    print(json.dumps({"bare_ms": round(b * 1000), "reader_ms": round(r * 1000), "ratio": round(r / b, 2)}))


if __name__ == "__main__":
    main()
