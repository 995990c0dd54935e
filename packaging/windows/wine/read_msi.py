"""Reads a built MSI back on Linux (msitools) and checks what Windows and IT will see.

    python3 read_msi.py dist/dxreader-0.1.0-win64.msi 0.1.0 [--summary-strings]

- an ASCII file name, dxreader-<version>-win64.msi;
- the database code page 932, and no '?' (a character the build machine's code page could not hold) in the
  names: product, publisher, shortcut, folders, registry;
- product name, publisher, version and shortcut name exactly as pyproject.toml says;
- the summary information's code page 932 (and with --summary-strings its Japanese strings: Wine writes
  them in the building process's ANSI code page, so this is checked on an MSI built in a Japanese locale);
- the install folder remembered (registry) and read back before cx_Freeze's default folder is set."""

from __future__ import annotations

import argparse
import subprocess
import tomllib
from pathlib import Path

REPO = Path(__file__).resolve().parents[3]
NAME_TABLES = ("Property", "Shortcut", "Directory", "Feature", "Registry", "RegLocator", "CustomAction", "Upgrade")


def export(msi: Path, table: str) -> list[list[str]]:
    """The table's rows (after msitools' three header lines), text decoded as msiinfo writes it."""
    raw = subprocess.run(["msiinfo", "export", str(msi), table], capture_output=True, check=True).stdout
    lines = raw.split(b"\r\n")
    return [line.split(b"\t") for line in lines[3:] if line]  # type: ignore[misc]


def text_rows(msi: Path, table: str) -> list[list[str]]:
    return [[cell.decode("utf-8") for cell in row] for row in export(msi, table)]  # type: ignore[union-attr]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("msi", type=Path)
    parser.add_argument("version")
    parser.add_argument("--summary-strings", action="store_true")
    args = parser.parse_args()
    config = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    msi_config = config["tool"]["cxfreeze"]["bdist_msi"]
    product, publisher = msi_config["product_name"], config["project"]["authors"][0]["name"]
    shortcut = config["tool"]["cxfreeze"]["executables"][0]["shortcut_name"]
    problems: list[str] = []

    def expect(what: str, got: object, wanted: object) -> None:
        if got != wanted:
            problems.append(f"{what}: {got!r}, expected {wanted!r}")

    expect("file name", args.msi.name, f"dxreader-{args.version}-win64.msi")
    raw = subprocess.run(["msiinfo", "export", str(args.msi), "_ForceCodepage"], capture_output=True, check=True)
    expect("database code page", raw.stdout.split(b"\t")[0].strip(), b"932")

    props = {row[0]: row[1] for row in text_rows(args.msi, "Property")}
    expect("ProductName", props.get("ProductName"), product)
    expect("Manufacturer (publisher)", props.get("Manufacturer"), publisher)
    expect("ProductVersion", props.get("ProductVersion"), args.version)
    expect("ProductLanguage", props.get("ProductLanguage"), "1041")
    names = [row[2].split("|")[-1] for row in text_rows(args.msi, "Shortcut")]
    expect("shortcut names", names, [shortcut])
    for table in NAME_TABLES:
        for row in text_rows(args.msi, table):
            if any("?" in cell or "\ufffd" in cell for cell in row):
                problems.append(f"{table}: characters lost: {row}")

    summary = {int(row[0]): row[1] for row in export(args.msi, "_SummaryInformation")}  # type: ignore[call-overload]
    expect("summary code page", summary.get(1), b"932")
    expect("summary template", summary.get(7), b"x64;1041")
    if args.summary_strings:
        data = msi_config["summary_data"]
        for pid, wanted in ((3, product), (4, data["author"]), (5, data["keywords"]), (6, data["comments"])):
            expect(f"summary property {pid}", summary.get(pid, b"").decode("cp932", "replace"), wanted)

    def sequence(table: str) -> dict[str, int]:
        return {row[0]: int(row[2]) for row in text_rows(args.msi, table)}

    for table in ("InstallExecuteSequence", "InstallUISequence"):
        order = sequence(table)
        search, restore, default = (order.get(a, -1) for a in ("AppSearch", "A_RESTORE_TARGET_DIR", "A_SET_TARGET_DIR"))
        if not 0 < search < restore < default:
            problems.append(f"{table}: the remembered install folder is not read back before the default is set")
    if not any(row[0] == "R_INSTALLDIR" and row[4] == "[TARGETDIR]" for row in text_rows(args.msi, "Registry")):
        problems.append("the install folder is not remembered in the registry")

    if problems:
        raise SystemExit(f"{args.msi.name}:\n  " + "\n  ".join(problems))
    print(f"{args.msi.name}: code page 932; {product} / {publisher} / {shortcut} / {args.version} intact"
          + ("; summary strings intact" if args.summary_strings else ""))


if __name__ == "__main__":
    main()
