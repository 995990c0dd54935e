# Sourced by check.sh after setup: the suite, the build (as build.ps1) and what IT does with the MSI.
# shellcheck shell=bash

VERSION="$(python3 -c 'import tomllib; print(tomllib.load(open("pyproject.toml", "rb"))["project"]["version"])')"
# The upgrade: the same program in an MSI one patch version higher (MSI compares the first three fields).
NEXT_VERSION="$(python3 -c 'import sys; v = [int(x) for x in sys.argv[1].split(".")[:3]]; v[2] += 1
print(".".join(map(str, v)))' "$VERSION")"
MSI="$REPO/dist/dxreader-$VERSION-win64.msi"
MSI_NEXT="$WORK/upgrade/dxreader-$NEXT_VERSION-win64.msi"
APP="$PROGRAM_FILES/DXReader"
APP_WIN='C:\Program Files\DXReader'
CUSTOM="$C_DRIVE/業務ソフト/DX Reader"
CUSTOM_WIN='C:\業務ソフト\DX Reader'
USER_DATA="$WIN_USER_DIR/AppData/Local/dxreader"

# --- suite -----------------------------------------------------------------------------------------------
phase_suite() {
  echo "suite under Wine (Qt's Windows backend on Xvfb)"
  # -p no:cacheprovider: nothing written into the work tree; the Linux run keeps its own cache.
  step wine-pytest wpy -m pytest -q -p no:cacheprovider
  tail -n 1 "$LOGS/wine-pytest.log" | sed 's/^/    /'
}

# --- build: what packaging/windows/build.ps1 does ------------------------------------------------------
msi_in_japanese_locale() {
  wineserver -w
  LANG=ja_JP.UTF-8 LC_ALL=ja_JP.UTF-8 wpy packaging/windows/build_msi.py "$@"
  wineserver -w
}

freeze() {
  rm -rf build/frozen
  wpy -m cx_Freeze build_exe --silent-level=1
}

phase_build() {
  echo "build (as packaging/windows/build.ps1)"
  step index wpy -m dxreader.cli build-index --into data/index
  step freeze freeze
  step prune wpy packaging/prune_frozen.py build/frozen
  sed 's/^/    /' "$LOGS/prune.log" | grep -E "MB" || true
  step frozen-self-check wpy_exe 'build\frozen\dxreader-cli.exe' self-check
  grep -F "Qt の日本語訳" "$LOGS/frozen-self-check.log" | sed 's/^/    /'  # the frozen build's dialogs speak Japanese
  rm -f dist/*.msi
  # Built as on a Windows whose system locale is not Japanese (Wine's ANSI code page 1252 here), like
  # GitHub's runners: the Japanese names must come out intact all the same.
  step msi wpy packaging/windows/build_msi.py
  step msi-read-back python3 "$HARNESS/read_msi.py" "$MSI" "$VERSION"
  # The upgrade is built in a Japanese locale: Wine (unlike Windows) writes the summary's strings in the ANSI
  # code page of the building process, so only there can they be checked.
  step msi-upgrade msi_in_japanese_locale --product-version "$NEXT_VERSION" --dist-dir "$(winepath -w "$WORK/upgrade")"
  step msi-upgrade-read-back python3 "$HARNESS/read_msi.py" "$MSI_NEXT" "$NEXT_VERSION" --summary-strings
  printf '    %s: %s MB\n' "$(basename "$MSI")" "$(awk -v b="$(stat -c %s "$MSI")" 'BEGIN { printf "%.1f", b / 1048576 }')"
}

# --- install: what IT does -----------------------------------------------------------------------------
wpy_exe() { wine "$@" 2>&1 | cat; }

msiexec_run() {  # msiexec_run LOGNAME ARGS...: msiexec's verbose log beside the step's log
  local name="$1"; shift
  wine msiexec "$@" /qn /l*v "$(winepath -w "$LOGS/$name.msiexec.log")" 2>&1 | cat
}

tree_listing() { (cd "$1" && find . -printf '%p\t%s\t%T@\n' | LC_ALL=C sort); }
tree_hashes() { (cd "$1" && find . -type f -print0 | LC_ALL=C sort -z | xargs -0 sha256sum); }

installed() { wpy "$(winepath -w "$HARNESS/installed.py")" "$@"; }

install_default() {
  msiexec_run install /i "$(winepath -w "$MSI")"
  test -f "$APP/dxreader.exe" && test -f "$APP/dxreader-cli.exe"
  installed one --version "$VERSION"
  tree_listing "$APP" >"$WORK/app-before.txt"
}

make_user_data() {
  rm -rf "$USER_DATA"
  # `userdata check` reports and never creates; opening as at start (--repair) makes the file
  wpy_exe "$APP_WIN\\dxreader-cli.exe" userdata check --repair
  wpy_exe "$APP_WIN\\dxreader-cli.exe" userdata export 'C:\users\Public\mine.json'
  test -s "$USER_DATA/dxreader/userdata.sqlite"
  tree_hashes "$USER_DATA" | tee "$WORK/userdata-before.txt"
}

nothing_written() {
  tree_listing "$APP" >"$WORK/app-after.txt"
  diff "$WORK/app-before.txt" "$WORK/app-after.txt"
  echo "install folder unchanged: $(wc -l <"$WORK/app-after.txt") entries"
}

same_user_data() {
  tree_hashes "$USER_DATA" >"$WORK/userdata-now.txt"
  diff "$WORK/userdata-before.txt" "$WORK/userdata-now.txt"
  echo "user data byte-identical"
}

upgrade() {
  msiexec_run upgrade /i "$(winepath -w "$MSI_NEXT")"
  installed one --version "$NEXT_VERSION"
  same_user_data
  wpy_exe "$APP_WIN\\dxreader-cli.exe" --version
}

uninstall() {  # uninstall MSI FOLDER
  msiexec_run uninstall /x "$(winepath -w "$1")"
  installed none
  if [ -e "$2" ]; then echo "left after uninstall:"; find "$2" | head; return 1; fi
  echo "removed: $2"
}

install_custom() {
  msiexec_run install-custom /i "$(winepath -w "$MSI")" TARGETDIR="$CUSTOM_WIN"
  test -f "$CUSTOM/dxreader-cli.exe"
  test ! -e "$APP"
  installed one --version "$VERSION"
  wpy_exe "$CUSTOM_WIN\\dxreader-cli.exe" self-check
}

upgrade_custom() {  # no TARGETDIR: the new version goes where the old one was
  msiexec_run upgrade-custom /i "$(winepath -w "$MSI_NEXT")"
  test -f "$CUSTOM/dxreader-cli.exe"
  test ! -e "$APP"
  installed one --version "$NEXT_VERSION"
}

phase_install() {
  echo "install, upgrade, uninstall (as IT: msiexec /qn, per machine)"
  step install install_default
  step installed-self-check wpy_exe "$APP_WIN\\dxreader-cli.exe" self-check
  step installed-start wpy_exe "$APP_WIN\\dxreader.exe" --exit-after-start
  step user-data make_user_data
  step nothing-written-to-install-folder nothing_written
  step upgrade upgrade
  step uninstall uninstall "$MSI_NEXT" "$APP"
  step user-data-left same_user_data
  step install-custom-folder install_custom
  step upgrade-custom-folder upgrade_custom
  step uninstall-custom-folder uninstall "$MSI_NEXT" "$CUSTOM"
}
