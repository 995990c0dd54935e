#!/usr/bin/env bash
# Freezes the reader (dxreader) and the console tool (dxreader-cli) into build/frozen/, one folder holding
# the casebook, its prebuilt search index, the resources and the Qt parts they need.
# Needs: pip install -e ".[freeze]". Then: QT_QPA_PLATFORM=offscreen build/frozen/dxreader-cli self-check
#   bash packaging/linux/freeze.sh [OUT]     (OUT defaults to build/frozen)
set -euo pipefail
cd "$(dirname "$0")/../.."
out="${1:-build/frozen}"
mkdir -p build

python -m dxreader.cli build-index --into data/index   # shipped prebuilt: the first search need not build it
rm -rf "$out"
python -m cx_Freeze build_exe --build-exe="$out" --silent-level=1 >build/freeze.log 2>&1 \
    || { tail -40 build/freeze.log; exit 1; }
test -x "$out/dxreader" && test -x "$out/dxreader-cli"
python packaging/prune_frozen.py "$out" --budget-mb 145   # prints the frozen size; fails over budget
echo "frozen into $out ($(find "$out" -type f | wc -l) files)"
