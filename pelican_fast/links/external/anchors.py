"""Is a ``#fragment`` an anchor of a page? Answered from that page only, cheaply.

A regular expression over the attributes of the one page fetched is enough:
an anchor is an ``id`` or ``name`` value. It may also match an attribute in a
script or a comment, which can only make the check more lenient (a missing
anchor is a warning; a false warning is worse than a missed one).
"""

from __future__ import annotations

import html
import re
from urllib.parse import unquote

_ATTRIBUTE = re.compile(
    rb"""[\s"'](?:id|name)\s*=\s*(?:"([^"<>]*)"|'([^'<>]*)'|([^\s"'<>=`]+))""",
    re.IGNORECASE,
)


def page_anchors(body: bytes, encoding: str | None = None) -> frozenset[str]:
    """Every id and name value of an HTML page."""
    found: set[str] = set()
    charset = encoding or "utf-8"
    for match in _ATTRIBUTE.finditer(body):
        raw = match.group(1) or match.group(2) or match.group(3) or b""
        try:
            value = raw.decode(charset, errors="replace")
        except LookupError:
            value = raw.decode("utf-8", errors="replace")
        found.add(html.unescape(value) if "&" in value else value)
    return frozenset(found)


def needs_check(fragment: str) -> bool:
    """Fragments that name no element: empty, ``top``, text fragments, client-side routes."""
    return (
        bool(fragment) and fragment.lower() != "top" and not fragment.startswith(("/", "!", ":~:"))
    )


def has_anchor(fragment: str, anchors: frozenset[str]) -> bool:
    """Whether a fragment finds its element, as browsers decode it."""
    candidates = {fragment, unquote(fragment)}
    for candidate in list(candidates):
        # GitHub renders README headings with this prefix and strips it in JS.
        candidates.add("user-content-" + candidate)
    return bool(candidates & anchors)
