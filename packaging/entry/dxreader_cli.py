"""Entry point of the frozen console tool (dxreader-cli)."""

from dxreader.cli import main

raise SystemExit(main())
