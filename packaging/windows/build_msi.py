"""Builds the MSI from the frozen, pruned program in build/frozen (Windows only; cx_Freeze's bdist_msi).

    python packaging/windows/build_msi.py [--product-version X.Y.Z] [--dist-dir DIR]

The options come from pyproject.toml ([tool.cxfreeze.bdist_msi]), as `python -m cx_Freeze bdist_msi
--skip-build` would take them, with three things cx_Freeze does not do:
- The database and its summary information use code page 932. Otherwise the Japanese product, shortcut and
  publisher names are converted with the build machine's locale and end up as `DX??????` for good.
- The file name is ASCII: dxreader-<version>-win64.msi.
- The install folder is remembered in the registry (HKLM\\Software\\DXReader, InstallDir) and read back
  whenever no TARGETDIR is given, so `msiexec /x` removes a custom-folder install and an upgrade stays in it."""

from __future__ import annotations

import argparse
import ctypes
import os
import sys
import tempfile
import tomllib
from pathlib import Path

from cx_Freeze import setup
from cx_Freeze.command import bdist_msi as cx_bdist_msi

CODEPAGE = 932  # Japanese (Shift_JIS): every string in the database and in its summary information
LANGUAGE = 1041  # Japanese
REMEMBERED_DIR = ("Software\\DXReader", "InstallDir")


def _check(rc: int, what: str) -> None:
    if rc:
        raise OSError(f"{what} failed: error {rc}")


def _force_codepage(msi: ctypes.WinDLL, handle: ctypes.c_ulong, codepage: int) -> None:  # type: ignore[name-defined]
    """Imports a _ForceCodepage table and reads the code page back. Windows documents the code page on the
    third line of that file; Wine's msi.dll reads it from the second: the one that takes is kept."""
    with tempfile.TemporaryDirectory() as folder:
        idt, exported = Path(folder, "_ForceCodepage.idt"), Path(folder, "exported.idt")
        for text in (f"\r\n\r\n{codepage}\t_ForceCodepage\r\n", f"\r\n{codepage}\t_ForceCodepage\r\n\r\n"):
            idt.write_bytes(text.encode("ascii"))
            msi.MsiDatabaseImportW(handle, ctypes.c_wchar_p(folder), ctypes.c_wchar_p(idt.name))
            _check(msi.MsiDatabaseExportW(handle, ctypes.c_wchar_p("_ForceCodepage"), ctypes.c_wchar_p(folder),
                                          ctypes.c_wchar_p(exported.name)), "reading the database code page")
            if f"{codepage}\t_ForceCodepage" in exported.read_text(encoding="ascii"):
                return
    raise OSError(f"the MSI database code page could not be set to {codepage}")


class _SqlOnHandle:
    """Just enough of msilib's database object for msilib's Table.create, on a raw msi.dll handle."""

    def __init__(self, msi: ctypes.WinDLL, handle: ctypes.c_ulong) -> None:  # type: ignore[name-defined]
        self.msi, self.handle, self.view = msi, handle, ctypes.c_ulong()

    def OpenView(self, sql: str) -> _SqlOnHandle:  # noqa: N802 - msilib's name
        _check(self.msi.MsiDatabaseOpenViewW(self.handle, ctypes.c_wchar_p(sql), ctypes.byref(self.view)), sql)
        return self

    def Execute(self, record: None) -> None:  # noqa: N802
        _check(self.msi.MsiViewExecute(self.view, 0), "MsiViewExecute")

    def Close(self) -> None:  # noqa: N802
        self.msi.MsiViewClose(self.view)
        self.msi.MsiCloseHandle(self.view)


def _create_database(path: str, codepage: int, schema) -> None:  # type: ignore[no-untyped-def]
    """An MSI database with its tables, whose code page (and its summary's) is fixed before any string goes
    in. Created on msi.dll directly: msilib can neither import a _ForceCodepage table nor write a VT_I2."""
    msi = ctypes.windll.msi  # type: ignore[attr-defined]
    handle = ctypes.c_ulong()
    _check(msi.MsiOpenDatabaseW(ctypes.c_wchar_p(path), ctypes.c_void_p(3), ctypes.byref(handle)),  # CREATE
           f"MsiOpenDatabase({path})")
    try:
        _force_codepage(msi, handle, codepage)
        for table in schema.tables:  # the string pool gets its first strings, in this code page
            table.create(_SqlOnHandle(msi, handle))
        # The summary's PID_CODEPAGE is a VT_I2, which msilib cannot write (it writes every number as VT_I4).
        summary = ctypes.c_ulong()
        _check(msi.MsiGetSummaryInformationW(handle, None, 20, ctypes.byref(summary)), "MsiGetSummaryInformation")
        try:
            _check(msi.MsiSummaryInfoSetPropertyW(summary, 1, 2, codepage, None, None),  # PID_CODEPAGE, VT_I2
                   f"setting the summary code page {codepage}")
            _check(msi.MsiSummaryInfoPersist(summary), "MsiSummaryInfoPersist")
        finally:
            msi.MsiCloseHandle(summary)
        _check(msi.MsiDatabaseCommit(handle), "MsiDatabaseCommit")
    finally:
        msi.MsiCloseHandle(handle)


def init_database_932(name, schema, product_name, product_code, product_version,  # type: ignore[no-untyped-def]
                      manufacturer):
    """msilib.init_database, with the code page (database and summary) and the Japanese language."""
    import _msi  # type: ignore[import-not-found]
    import msilib  # type: ignore[import-not-found]

    if os.path.exists(name):
        os.unlink(name)
    _create_database(name, CODEPAGE, schema)
    db = _msi.OpenDatabase(name, _msi.MSIDBOPEN_TRANSACT)
    msilib.add_data(db, "_Validation", schema._Validation_records)
    info = db.GetSummaryInformation(20)
    info.SetProperty(msilib.PID_TITLE, "Installation Database")
    info.SetProperty(msilib.PID_SUBJECT, product_name)
    info.SetProperty(msilib.PID_AUTHOR, manufacturer)
    info.SetProperty(msilib.PID_TEMPLATE, f"x64;{LANGUAGE}")
    info.SetProperty(msilib.PID_REVNUMBER, msilib.gen_uuid())
    info.SetProperty(msilib.PID_WORDCOUNT, 2)  # long file names, compressed
    info.SetProperty(msilib.PID_PAGECOUNT, 200)
    info.SetProperty(msilib.PID_APPNAME, "cx_Freeze")
    info.Persist()
    msilib.add_data(db, "Property", [("ProductName", product_name), ("ProductCode", product_code.upper()),
                                     ("ProductVersion", product_version), ("Manufacturer", manufacturer),
                                     ("ProductLanguage", str(LANGUAGE))])
    db.Commit()
    return db


class JapaneseMsi(cx_bdist_msi.bdist_msi):  # type: ignore[misc, name-defined]
    def run(self) -> None:
        original = cx_bdist_msi.init_database  # type: ignore[attr-defined]
        cx_bdist_msi.init_database = init_database_932  # type: ignore[attr-defined]
        try:
            super().run()
        finally:
            cx_bdist_msi.init_database = original  # type: ignore[attr-defined]

    def add_config(self) -> None:
        super().add_config()
        import msilib  # type: ignore[import-not-found]

        key, name = REMEMBERED_DIR
        # Written with the program's files (component TARGETDIR, 64-bit), gone with them.
        msilib.add_data(self.db, "Registry", [("R_INSTALLDIR", 2, key, name, "[TARGETDIR]", "TARGETDIR")])
        # Read back before anything else (AppSearch); 2 = raw value, 16 = the 64-bit registry.
        msilib.add_data(self.db, "RegLocator", [("S_INSTALLDIR", 2, key, name, 2 + 16)])
        msilib.add_data(self.db, "AppSearch", [("DXREADER_INSTALLDIR", "S_INSTALLDIR")])
        restore = ("A_RESTORE_TARGET_DIR", 256 + 51, "TARGETDIR", "[DXREADER_INSTALLDIR]")  # 51: set a property
        msilib.add_data(self.db, "CustomAction", [restore])
        # cx_Freeze sets the default folder at 401 when TARGETDIR is empty: the remembered one goes first.
        for table in ("InstallExecuteSequence", "InstallUISequence"):
            view = self.db.OpenView(f"UPDATE `{table}` SET `Sequence` = 403 WHERE `Action` = 'A_SET_TARGET_DIR'")
            view.Execute(None)
            view.Close()
            msilib.add_data(self.db, table, [("A_RESTORE_TARGET_DIR", 'TARGETDIR="" AND DXREADER_INSTALLDIR', 401)])


def main() -> None:
    root = Path(__file__).resolve().parents[2]
    os.chdir(root)
    project = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    parser = argparse.ArgumentParser()
    parser.add_argument("--product-version", default=project["version"])
    parser.add_argument("--dist-dir", default="dist")
    args = parser.parse_args()
    setup(cmdclass={"bdist_msi": JapaneseMsi}, executables=[], script_name="build_msi.py",
          script_args=["bdist_msi", "--skip-build", f"--dist-dir={args.dist_dir}",
                       f"--product-version={args.product_version}",
                       f"--output-name=dxreader-{args.product_version}-win64.msi"])


if __name__ == "__main__":
    if sys.platform != "win32":
        raise SystemExit("build_msi.py builds the Windows installer: run it on Windows (or under Wine)")
    main()
