"""The frozen program: its size, its start-up next to a bare PySide6 window (one run), its memory after start.

    python tests/bench/bench_frozen.py [--frozen build/frozen] [--runs 5]

Freezes first (packaging/linux/freeze.sh) unless --frozen names an existing build. Start-up figures are
medians over fresh processes of launch → end of paint, as in bench_startup.py; memory is the peak resident
set of `dxreader --exit-after-start` (the window open on the default view). Prints one JSON line last."""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_startup import BARE, _time, medians  # noqa: E402

REPO = Path(__file__).resolve().parents[2]


def peak_rss_mb(cmd: list[str], env: dict[str, str]) -> float:
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise SystemExit(f"{cmd[0]} exited {proc.returncode}")
    return usage.ru_maxrss / 1024  # kilobytes on Linux


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--frozen", type=Path)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    frozen = args.frozen
    if frozen is None:
        frozen = REPO / "build" / "frozen"
        start = time.perf_counter()
        subprocess.run(["bash", str(REPO / "packaging" / "linux" / "freeze.sh"), str(frozen)], check=True)
        print(f"freeze: {time.perf_counter() - start:.1f} s")
    size = sum(p.stat().st_size for p in frozen.rglob("*") if p.is_file()) / 1024 / 1024
    files = sum(1 for p in frozen.rglob("*") if p.is_file())
    env = {**os.environ, "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen")}
    app = [str(frozen / "dxreader"), "--exit-after-start"]
    with tempfile.TemporaryDirectory() as home:
        env["DXREADER_HOME"] = home
        subprocess.run(app, check=True, env=env, capture_output=True)  # first start: creates the user's data
        bare = [_time([sys.executable, "-c", BARE], env)["first-paint"] for _ in range(args.runs)]
        runs = [_time(app, env) for _ in range(args.runs)]
        rss = peak_rss_mb(app, env)
        bare_rss = peak_rss_mb([sys.executable, "-c", BARE], env)
    b, first, ready = medians(bare, runs)
    print(f"frozen size: {size:.1f} MB in {files} files ({frozen})")
    print(f"bare PySide6 window (python), first paint: {b * 1000:.0f} ms; peak memory {bare_rss:.0f} MB")
    print(f"frozen dxreader, first paint (frame): {first * 1000:.0f} ms = {first / b:.2f}× bare")
    print(f"frozen dxreader, filled default view: {ready * 1000:.0f} ms = {ready / b:.2f}× bare")
    print(f"frozen dxreader, peak memory after start: {rss:.0f} MB")
    print(json.dumps({"size_mb": round(size, 1), "files": files, "bare_ms": round(b * 1000),
                      "first_paint_ms": round(first * 1000), "ready_ms": round(ready * 1000),
                      "ratio": round(first / b, 2), "ready_ratio": round(ready / b, 2),
                      "peak_rss_mb": round(rss), "bare_peak_rss_mb": round(bare_rss)}))


if __name__ == "__main__":
    main()
