"""The frozen program: its size, its start-up next to a bare PySide6 window frozen the same way, its memory.

    python tests/bench/bench_frozen.py [--frozen build/frozen] [--runs 5]

Freezes first (packaging/linux/freeze.sh) unless --frozen names an existing build. The bare window (the
BARE script of bench_startup.py) is frozen with the same cx_Freeze settings (pyproject's excludes and zip
options) and pruned by the same packaging/prune_frozen.py, so both start from a frozen folder of the same
kind. Start-up figures are medians over fresh processes of launch → end of paint, as in bench_startup.py;
the headline is the filled default view. Memory is the peak resident set after start. Prints one JSON line
last. Timings taken while other jobs run are noisy."""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
import tomllib
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


def freeze_bare(target: Path) -> Path:
    """The bare window frozen as the reader is: same excludes and zip settings, same pruning."""
    settings = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["cxfreeze"]["build_exe"]
    excludes = [m for m in settings["excludes"] if not m.startswith("dxreader")]
    work = target.parent / "bare-src"
    work.mkdir(parents=True, exist_ok=True)
    (work / "bare.py").write_text(BARE, encoding="utf-8")
    subprocess.run([sys.executable, "-m", "cx_Freeze", "--script", "bare.py", "build_exe", f"--build-exe={target}",
                    "--silent-level=1", f"--excludes={','.join(excludes)}",
                    f"--zip-include-packages={','.join(settings['zip_include_packages'])}",
                    f"--zip-exclude-packages={','.join(settings['zip_exclude_packages'])}"],
                   cwd=work, check=True, capture_output=True)  # no pyproject here: only these settings
    subprocess.run([sys.executable, str(REPO / "packaging" / "prune_frozen.py"), str(target), "--budget-mb", "1000"],
                   check=True, capture_output=True)
    return target / "bare"


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
    bare_dir = REPO / "build" / "frozen-bare"
    bare_exe = freeze_bare(bare_dir)
    bare_size = sum(p.stat().st_size for p in bare_dir.rglob("*") if p.is_file()) / 1024 / 1024
    env = {**os.environ, "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen")}
    app = [str(frozen / "dxreader"), "--exit-after-start"]
    with tempfile.TemporaryDirectory() as home:
        env["DXREADER_HOME"] = home
        subprocess.run(app, check=True, env=env, capture_output=True)  # first start: creates the user's data
        subprocess.run([str(bare_exe)], check=True, env=env, capture_output=True)  # and warms the bare one alike
        bare = [_time([str(bare_exe)], env)["first-paint"] for _ in range(args.runs)]
        runs = [_time(app, env) for _ in range(args.runs)]
        rss = peak_rss_mb(app, env)
        bare_rss = peak_rss_mb([str(bare_exe)], env)
    b, first, ready = medians(bare, runs)
    print(f"frozen size: {size:.1f} MB in {files} files ({frozen}); frozen bare window: {bare_size:.1f} MB")
    print(f"frozen dxreader, filled default view: {ready * 1000:.0f} ms = {ready / b:.2f}× frozen bare window")
    print(f"frozen dxreader, frame (first paint): {first * 1000:.0f} ms = {first / b:.2f}× frozen bare window")
    print(f"frozen bare PySide6 window, first paint: {b * 1000:.0f} ms; peak memory {bare_rss:.0f} MB")
    print(f"frozen dxreader, peak memory after start: {rss:.0f} MB")
    print(json.dumps({"filled_view_ms": round(ready * 1000), "filled_view_ratio": round(ready / b, 2),
                      "frame_ms": round(first * 1000), "frame_ratio": round(first / b, 2),
                      "frozen_bare_ms": round(b * 1000), "size_mb": round(size, 1), "files": files,
                      "frozen_bare_size_mb": round(bare_size, 1), "peak_rss_mb": round(rss),
                      "frozen_bare_peak_rss_mb": round(bare_rss), "runs": args.runs}))

if __name__ == "__main__":
    main()
