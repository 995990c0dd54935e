"""Parser for the 塩尻市 press release (003): one case with two contact points."""

from __future__ import annotations

import re

from dxreader.core.model import Contact, Link, SourceRef, TextSection
from dxreader.databuild.errors import BuildError
from dxreader.databuild.raw import RawCase
from dxreader.databuild.textblocks import tidy

DOCUMENT = "003_15e89451cb03a978.txt"
SERIES = "press"
CASEBOOK = "プレスリリース"
_TITLE = re.compile(r"^【(?P<place>[^】]+)】(?P<title>.+)$")
_CONTACT_TOPIC = re.compile(r"^【(?P<topic>.+?お問合せ先)】$")
_DEPARTMENT = re.compile(r"^■(?P<dept>.+?)(?:\((?P<person>担当:.+)\))?$")
_BOILERPLATE = "このプレスリリースには"


def parse_press(text: str) -> list[RawCase]:
    lines = [l.strip() for l in text.split("\n")]
    m = _TITLE.match(lines[0])
    if not m:
        raise BuildError(f"{DOCUMENT} の1行目が【団体名】表題の形ではありません")
    body: list[str] = []
    links: list[Link] = []
    contacts: list[Contact] = []
    topic = department = phone = None
    for i, line in enumerate(lines[2:], start=2):
        if line.startswith(_BOILERPLATE):
            break
        if t := _CONTACT_TOPIC.match(line):
            topic = t["topic"]
        elif topic is None:
            if line.startswith("https://"):
                label = body.pop() if body and not body[-1].startswith("■") else ""
                links.append(Link(label=label, url=line))
            else:
                body.append(line)
        elif d := _DEPARTMENT.match(line):
            department, person = d["dept"], d["person"]
            note = topic + (f"（{person}）" if person else "")
        elif line.startswith("電話:"):
            phone = line.removeprefix("電話:").strip()
        elif line.startswith("メールアドレス:") and department:
            contacts.append(Contact(department, phone, line.removeprefix("メールアドレス:").strip(), note))
            department = phone = None
    sections = [TextSection("point", lines[1]), TextSection("overview", tidy("\n\n".join(body).split("\n")))]
    return [RawCase(
        series=SERIES, casebook=CASEBOOK, category=(CASEBOOK,), title=m["title"].strip(), place=m["place"],
        has_body=True, sections=sections, links=links, contacts=contacts,
        source=SourceRef(document=DOCUMENT, casebook=CASEBOOK, role="primary", listed_title=m["title"].strip()),
    )]
