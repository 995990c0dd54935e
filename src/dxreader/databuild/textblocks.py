"""Small helpers the parsers share for turning extracted lines into readable paragraphs."""

from __future__ import annotations

import re
from collections.abc import Iterable

_BLANK = re.compile(r"^[\s\u00a0\u3000]*$")


def is_blank(line: str) -> bool:
    return bool(_BLANK.match(line))


def tidy(lines: Iterable[str]) -> str:
    """Lines → text: trailing space trimmed, runs of blank lines folded to one, ends trimmed."""
    out: list[str] = []
    for line in lines:
        line = line.rstrip().replace("\u00a0", " ")
        if is_blank(line):
            if out and out[-1] != "":
                out.append("")
        else:
            out.append(line)
    while out and out[-1] == "":
        out.pop()
    return "\n".join(out)


def paragraphs(lines: Iterable[str]) -> list[str]:
    """Blank-line separated paragraphs, each with its lines kept."""
    text = tidy(lines)
    return [p for p in text.split("\n\n") if p.strip()] if text else []
