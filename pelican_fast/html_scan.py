"""Find ``<script>`` elements where browsers find them, in one linear pass.

nh3 (ammonia) drops every ``<script>``, so `safe_html` takes script elements
out before sanitising and puts back only the ones it rebuilt itself. This
scanner follows the HTML tokenizer closely enough for that: comments, bogus
comments, quoted attribute values, RAWTEXT/RCDATA elements (``<textarea>``,
``<title>``, ``<style>``, ``<xmp>``, ``<iframe>``, ``<noembed>``,
``<noframes>``, ``<noscript>``) and the script-data escape states
(``<!--<script>…</script>-->``) that decide where a script ends.

It never needs to be exact to be safe: what it does not take out goes through
nh3 (which deletes scripts), and what it takes out comes back only as HTML
built here. Every search moves forward, and the tag pattern uses possessive
quantifiers, so the work is linear in the input.
"""

from __future__ import annotations

import html
import re
import string
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

SPACE = "\t\n\f\r "  # ASCII white space, as the HTML standard counts it
_LETTERS = frozenset(string.ascii_letters)
# A start or end tag up to its ">" (or the end of the text): names, quoted and
# unquoted values as the tokenizer reads them. Possessive: no backtracking.
_TAG = re.compile(
    r"<(/?)([a-zA-Z][^\t\n\f\r />]*+)"
    r"(?:[\t\n\f\r /]++"
    r"|[^\t\n\f\r />][^\t\n\f\r /=>]*+"
    r"(?:[\t\n\f\r ]*+=[\t\n\f\r ]*+(?:\"[^\"]*+\"?|'[^']*+'?|[^\t\n\f\r >]*+))?+"
    r")*+(>?)"
)
_ATTRIBUTE = re.compile(
    r"([^\t\n\f\r />][^\t\n\f\r /=>]*+)"
    r"(?:[\t\n\f\r ]*+=[\t\n\f\r ]*+(?:\"([^\"]*+)\"?|'([^']*+)'?|([^\t\n\f\r >]*+)))?+"
)
_OPEN = re.compile(r"<[!?/a-zA-Z]")
_COMMENT_END = re.compile(r"--!?>")
_RAW = frozenset({"textarea", "title", "style", "xmp", "iframe", "noembed", "noframes", "noscript"})
# Script data: where the escape states change and where the element may end.
_SCRIPT_DATA = re.compile(r"<!--|</script[\t\n\f\r />]", re.IGNORECASE)
_SCRIPT_ESCAPED = re.compile(r"-->|<(/?)script[\t\n\f\r />]", re.IGNORECASE)
_SCRIPT_DOUBLE = re.compile(r"-->|</script[\t\n\f\r />]", re.IGNORECASE)


@dataclass(frozen=True)
class ScriptElement:
    """One ``<script>`` element: its span in the text, attributes and code."""

    start: int
    end: int
    attributes: dict[str, str]  # first occurrence of each name, entities decoded
    code: str


@dataclass(frozen=True)
class Scan:
    scripts: list[ScriptElement]
    tags: set[str]  # lower-case names of the start tags seen


@lru_cache(maxsize=32)
def _raw_end(name: str) -> re.Pattern[str]:
    return re.compile(f"</{re.escape(name)}[\t\n\f\r />]", re.IGNORECASE)


def attributes(tag: str) -> dict[str, str]:
    """Attributes of a start tag's text (after its name), first occurrence wins."""
    found: dict[str, str] = {}
    for match in _ATTRIBUTE.finditer(tag):
        name = match.group(1).lower()
        if name not in found:
            value = match.group(2) or match.group(3) or match.group(4) or ""
            found[name] = html.unescape(value) if "&" in value else value
    return found


def _script_end(text: str, position: int) -> int:
    """Where the script data starting at `position` ends (the start of ``</script``)."""
    state = 0  # 0 data, 1 escaped, 2 double escaped
    while True:
        pattern = (_SCRIPT_DATA, _SCRIPT_ESCAPED, _SCRIPT_DOUBLE)[state]
        match = pattern.search(text, position)
        if match is None:
            return len(text)
        token = match.group(0)
        position = match.end()
        if token == "<!--":
            # "<!-->" and "<!--->" open and close at once.
            close = position
            while close < len(text) and text[close] == "-":
                close += 1
            if close < len(text) and text[close] == ">":
                position = close + 1
            else:
                state = 1
        elif token == "-->":
            state = 0
        elif token[1] != "/":  # "<script" in escaped data
            state = 2
        elif state == 2:
            state = 1
        else:
            return match.start()


def scan(text: str) -> Scan:
    """Script elements and start-tag names of `text`, as a browser would see them."""
    scripts: list[ScriptElement] = []
    tags: set[str] = set()
    for element in _elements(text, tags):
        scripts.append(element)
    return Scan(scripts, tags)


def _elements(text: str, tags: set[str]) -> Iterator[ScriptElement]:
    position = 0
    size = len(text)
    while True:
        opening = _OPEN.search(text, position)
        if opening is None:
            return
        start = opening.start()
        kind = text[start + 1]
        if text.startswith("<!--", start):
            after = start + 4
            if text.startswith(">", after) or text.startswith("->", after):
                position = text.index(">", after) + 1
                continue
            comment_end = _COMMENT_END.search(text, after)
            position = comment_end.end() if comment_end else size
            continue
        if kind in "!?" or (kind == "/" and text[start + 2 : start + 3] not in _LETTERS):
            if text.startswith("</>", start):
                position = start + 3
                continue
            close = text.find(">", start + 2)
            position = close + 1 if close >= 0 else size
            continue
        tag = _TAG.match(text, start)
        assert tag is not None  # "<" + letter always matches
        position = tag.end()
        if tag.group(1) or not tag.group(3):  # an end tag, or a tag cut by the end of text
            continue
        name = tag.group(2).lower()
        tags.add(name)
        if name == "script":
            code_end = _script_end(text, position)
            closing = _TAG.match(text, code_end) if code_end < size else None
            end = closing.end() if closing else size
            yield ScriptElement(
                start,
                end,
                attributes(text[start + 1 + len(name) : tag.end() - 1]),
                text[position:code_end],
            )
            position = end
        elif name in _RAW:
            closing_start = _raw_end(name).search(text, position)
            position = closing_start.start() if closing_start else size
        elif name == "plaintext":
            return
