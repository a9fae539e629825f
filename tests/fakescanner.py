"""A stand-in for the link engine's scanner (issue 3), for tests of ``check``'s wiring.

It has the interface ``pelican_fast.links.external.collect`` expects (the one
taking shape on the ``links`` branch): ``scan(body, base)`` returns an object
with ``links``, each with ``url``, ``kind``, ``angle`` and the file offsets
``dest_start``/``dest_end`` of the destination as written. It only knows
``[text](url)``, ``[text](<url>)`` and ``<url>``: enough to place findings.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_LINK = re.compile(
    r"\]\((?:(?P<angled><(?P<inner>[^>\s]+)>)|(?P<inline>[^)\s]+))\)|<(?P<auto>https?://[^>\s]+)>"
)


@dataclass(frozen=True)
class FakeLink:
    kind: str
    url: str
    dest_start: int
    dest_end: int
    angle: bool = False


@dataclass
class FakeScan:
    links: list[FakeLink] = field(default_factory=list)


def scan(body: str, base: int = 0) -> FakeScan:
    found = FakeScan()
    for match in _LINK.finditer(body):
        if match.group("angled"):
            start, end = match.span("angled")
            link = FakeLink("inline", match.group("inner"), base + start, base + end, angle=True)
        elif match.group("inline"):
            start, end = match.span("inline")
            link = FakeLink("inline", match.group("inline"), base + start, base + end)
        else:
            start, end = match.span("auto")
            link = FakeLink("autolink", match.group("auto"), base + start, base + end)
        found.links.append(link)
    return found
