"""Run the reader with `python -m dxreader`."""

from dxreader.ui.app import main

raise SystemExit(main())
