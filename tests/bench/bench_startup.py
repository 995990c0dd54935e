"""Start-up time of the reader next to a bare PySide6 window, in one run: the headline is the filled view.

    python tests/bench/bench_startup.py [--runs 5]

Each figure is the median, over fresh processes, of the time from launching the process to the end of a
paint of its window (the process prints the moment; interpreter start and Qt's loading count, shutting down
does not). The reader paints twice: first its frame (menus, search bar, empty panes at their remembered
sizes), then, having read the casebook and the user's data, the filled default view (category, region and
bookmark trees, every case in the list, the last or first case open). The filled view is what a user waits
for, so it is the headline; the frame is shown next to it. Prints one JSON line last. Timings taken while
other jobs run are noisy."""

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
import sys, time
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow, QLabel
class Probe(QObject):
    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            QTimer.singleShot(0, done)
        return False
def done():
    print(f"first-paint-epoch {time.time():.6f}", flush=True)
    app.quit()
app = QApplication(sys.argv[:1])
w = QMainWindow(); w.setCentralWidget(QLabel("DX事例リーダー")); w.resize(1360, 860)
probe = Probe(); w.installEventFilter(probe); w.show()
app.exec()
"""


def _time(cmd: list[str], env: dict[str, str]) -> dict[str, float]:
    """Seconds from launching `cmd` to each paint it reports ("first-paint", "ready-paint")."""
    start = time.time()
    out = subprocess.run(cmd, check=True, env=env, capture_output=True, text=True).stdout
    stamps = {line.split()[0].removesuffix("-epoch"): float(line.split()[1]) - start
              for line in out.splitlines() if line.split()[0].endswith("-epoch")}
    if "first-paint" not in stamps:
        raise SystemExit(f"{cmd[0]} did not report its first paint")
    return stamps


def medians(bare: list[float], runs: list[dict[str, float]]) -> tuple[float, float, float]:
    """Median seconds: the bare window's first paint, the reader's first paint, its filled view."""
    return (statistics.median(bare), statistics.median(r["first-paint"] for r in runs),
            statistics.median(r["ready-paint"] for r in runs))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    env = {**os.environ, "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen")}
    with tempfile.TemporaryDirectory() as home:
        env["DXREADER_HOME"] = home
        # First start, not timed: builds the search index cache if none is bundled, and writes the bytecode
        # cache that an installed (pip or frozen) program always has, even where PYTHONDONTWRITEBYTECODE is set.
        first = {k: v for k, v in env.items() if k != "PYTHONDONTWRITEBYTECODE"}
        subprocess.run([sys.executable, "-m", "dxreader", "--exit-after-start"], check=True, env=first,
                       capture_output=True)
        bare = [_time([sys.executable, "-c", BARE], env)["first-paint"] for _ in range(args.runs)]
        reader = [_time([sys.executable, "-m", "dxreader", "--exit-after-start"], env) for _ in range(args.runs)]
    b, r, ready = medians(bare, reader)
    print(f"dxreader, filled default view:    {ready * 1000:.0f} ms = {ready / b:.2f}× bare (what the user waits for)")
    print(f"dxreader, frame (first paint):    {r * 1000:.0f} ms = {r / b:.2f}× bare")
    print(f"bare PySide6 window, first paint: {b * 1000:.0f} ms (median of {args.runs} fresh processes each)")
    print(json.dumps({"filled_view_ms": round(ready * 1000), "filled_view_ratio": round(ready / b, 2),
                      "frame_ms": round(r * 1000), "frame_ratio": round(r / b, 2), "bare_ms": round(b * 1000),
                      "runs": args.runs}))


if __name__ == "__main__":
    main()
