# Sourced by check.sh: where everything lives, the Wine environment, and `step` (timed, logged, short output).
# shellcheck shell=bash
HARNESS="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HARNESS/../../.." && pwd)"
# Downloads only (a fresh machine fetches them again); everything else is made anew in WORK on every run.
CACHE="${DXREADER_WINE_CACHE:-$HOME/.cache/dxreader-wine}"
WORK="${DXREADER_WINE_WORK:-/tmp/dxreader-wine}"
LOGS="$WORK/logs"

# A non-Japanese Windows (ANSI code page 1252): where Japanese text breaks if anything depends on the locale.
export LANG=C.UTF-8
unset LC_ALL DXREADER_HOME DXREADER_DATA DXREADER_MACHINE_DATA
export WINEPREFIX="$WORK/prefix" WINEARCH=win64 WINEDEBUG=-all WINEDLLOVERRIDES="mscoree,mshtml="
# Windows pip: the CA bundle as a Windows path, none of this machine's Linux-only pip settings.
export PIP_CERT='Z:\etc\ssl\certs\ca-certificates.crt' PIP_CACHE_DIR="Z:${CACHE//\//\\}\\pip"
export PIP_DISABLE_PIP_VERSION_CHECK=1
unset PIP_FIND_LINKS PIP_CONSTRAINT PIP_INDEX_URL PIP_EXTRA_INDEX_URL PYTHONPATH VIRTUAL_ENV
# Qt's normal Windows backend on a virtual display (Wine hands WINEQT_* to the program as QT_*).
export WINEQT_QPA_PLATFORM=windows
export DISPLAY="${DXREADER_WINE_DISPLAY:-:77}"

PY='C:\py311\python.exe'
C_DRIVE="$WINEPREFIX/drive_c"
WIN_USER_DIR="$C_DRIVE/users/$(id -un)"
PROGRAM_FILES="$C_DRIVE/Program Files"

mkdir -p "$CACHE" "$LOGS"

# Windows Python dies at start when its standard output is a plain file: always pipe it.
wpy() { wine "$PY" "$@" 2>&1 | cat; }

# step NAME COMMAND...: runs COMMAND with its output in $LOGS/NAME.log and prints one line with the time.
# On failure: the log's tail, and the whole harness stops with a non-zero exit.
step() {
  local name="$1"; shift
  local log="$LOGS/$name.log" start=$SECONDS rc
  # A subshell with its own `set -e` (not inside `if`, where bash would ignore it): any failing command fails
  # the step, also inside a shell function.
  set +e
  (set -e; "$@") >"$log" 2>&1
  rc=$?
  set -e
  if [ "$rc" = 0 ]; then
    printf '  %-34s %4d s\n' "$name" $((SECONDS - start))
  else
    printf '  %-34s %4d s  FAILED (exit %d); last lines of %s:\n' "$name" $((SECONDS - start)) "$rc" "$log"
    tail -n 40 "$log" | sed 's/^/    | /'
    exit 1
  fi
}
