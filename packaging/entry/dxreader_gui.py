"""Entry point of the frozen reader window (DX事例リーダー.exe / dxreader)."""

from dxreader.ui.app import main

raise SystemExit(main())
