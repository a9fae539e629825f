"""A stand-in for the link engine's scanner (issue 3), for tests of ``check``'s wiring.

It has the interface ``pelican_fast.links.external.collect`` expects: links
with ``destination``, 1-based ``line``/``column`` and character offsets
``start``/``end`` of the destination. It only knows ``[text](url)`` and
``<url>``: enough to place findings, nothing like the real scanner.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

_LINK = re.compile(r"\]\((?P<inline>[^)\s]+)\)|<(?P<auto>https?://[^>\s]+)>")


@dataclass(frozen=True)
class FakeLink:
    destination: str
    line: int
    column: int
    end_line: int
    end_column: int
    start: int
    end: int


def scan(text: str) -> Iterator[FakeLink]:
    for match in _LINK.finditer(text):
        group = "inline" if match.group("inline") else "auto"
        start, end = match.span(group)
        line = text.count("\n", 0, start) + 1
        column = start - (text.rfind("\n", 0, start) + 1) + 1
        yield FakeLink(match.group(group), line, column, line, column + end - start, start, end)
