"""What Windows lists as installed (Add/Remove Programs), checked against the MSI's names (Windows side).

    python installed.py one --version X.Y.Z    exactly one DX事例リーダー, this version, our publisher
    python installed.py none                   no DX事例リーダー left

Prints ASCII only (non-ASCII escaped), whatever the console's code page."""

from __future__ import annotations

import argparse
import tomllib
import winreg
from pathlib import Path

UNINSTALL = r"Software\Microsoft\Windows\CurrentVersion\Uninstall"
FIELDS = ("DisplayName", "DisplayVersion", "Publisher", "InstallLocation")


def entries() -> dict[str, dict[str, str]]:
    found: dict[str, dict[str, str]] = {}
    for view in (winreg.KEY_WOW64_64KEY, winreg.KEY_WOW64_32KEY):
        try:
            root = winreg.OpenKey(winreg.HKEY_LOCAL_MACHINE, UNINSTALL, 0, winreg.KEY_READ | view)
        except FileNotFoundError:  # no 32-bit programs at all
            continue
        with root:
            for i in range(winreg.QueryInfoKey(root)[0]):
                name = winreg.EnumKey(root, i)
                with winreg.OpenKey(root, name) as key:
                    values = {}
                    for field in FIELDS:
                        try:
                            values[field] = str(winreg.QueryValueEx(key, field)[0])
                        except OSError:
                            pass
                found[name] = values
    return found


def main() -> None:
    config = tomllib.loads((Path(__file__).resolve().parents[3] / "pyproject.toml").read_text(encoding="utf-8"))
    product = config["tool"]["cxfreeze"]["bdist_msi"]["product_name"]
    publisher = config["project"]["authors"][0]["name"]
    parser = argparse.ArgumentParser()
    parser.add_argument("expect", choices=("one", "none"))
    parser.add_argument("--version")
    args = parser.parse_args()
    everything = entries()
    ours = {code: values for code, values in everything.items() if values.get("DisplayName") == product}
    for code, values in ours.items():
        print(ascii(code), ascii(values))
    if args.expect == "none":
        if ours:
            raise SystemExit("still listed as installed")
        print("not listed as installed")
        return
    if len(ours) != 1:
        listed = [v.get("DisplayName") for v in everything.values()]
        raise SystemExit(f"{len(ours)} entries named {product!a} (expected 1); all installed: {listed!a}")
    (values,) = ours.values()
    if values.get("DisplayVersion") != args.version or values.get("Publisher") != publisher:
        raise SystemExit(f"expected version {args.version} by {publisher!a}, listed: {values!a}")
    print("one entry, version and publisher as expected")


if __name__ == "__main__":
    main()
