"""A closed output pipe is a BrokenPipeError on Windows too.

When the reader of `dxreader-cli stats | more` goes away early, POSIX reports the next write as
BrokenPipeError, which the console tool answers by ending quietly. On Windows the C runtime reports the same
thing (the pipe's ERROR_NO_DATA) as a plain OSError with EINVAL, which would end in a traceback. The console
tool's standard output is wrapped so that such a failure of a write to it, and only that, becomes the
BrokenPipeError it is; an EINVAL from anything else (a file name Windows refuses, say) stays what it was."""

from __future__ import annotations

import errno
import sys
from typing import Any, TextIO


class _Output:
    """Standard output with its write failures on a closed pipe reported as BrokenPipeError."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        try:
            return self._stream.write(text)
        except OSError as exc:
            raise _as_broken_pipe(exc) from exc

    def flush(self) -> None:
        try:
            self._stream.flush()
        except OSError as exc:
            raise _as_broken_pipe(exc) from exc

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


def _as_broken_pipe(exc: OSError) -> OSError:
    return BrokenPipeError(errno.EPIPE, "the output pipe was closed") if exc.errno == errno.EINVAL else exc


def wrap_stdout() -> None:
    """On Windows, wrap sys.stdout (once); elsewhere the platform already says BrokenPipeError."""
    if sys.platform == "win32" and sys.stdout is not None and not isinstance(sys.stdout, _Output):
        sys.stdout = _Output(sys.stdout)  # type: ignore[assignment]
