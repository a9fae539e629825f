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
    drops: list[tuple[int, int]]  # start tags to leave out: they would nest too deep


def _names(words: str) -> frozenset[str]:
    return frozenset(words.split())


# Tree building is not linear in the worst case: each tag may walk the stack of
# open elements (scope checks), and text reopens every formatting element still
# listed ("<b id=1>x<p>…<b id=2>x<p>…": 30 kB became 32 MB and 6 s in nh3, as in
# browsers). Start tags beyond these counts are dropped before nh3 sees them, so
# its work stays proportional to the input. The counts are upper bounds of the
# browser's (an element is counted open until its own end tag), so real pages,
# far below them, never lose a tag.
MAX_DEPTH = 512  # Chromium's parser stops nesting at 512 too
MAX_FORMATTING = 16
_VOID = _names(
    "area base basefont bgsound br col embed frame hr image img input keygen link meta "
    "param source track wbr"
)
_FORMATTING = _names("a b big code em font i nobr s small strike strong tt u")
# A start tag of one of these closes an open one of the same name (<li><li>, <p><p>).
_IMPLIED = _names(
    "p li dd dt option optgroup rb rp rt rtc td th tr tbody thead tfoot caption colgroup"
)
_FOREIGN = frozenset({"svg", "math"})
_INTEGRATION = frozenset({"foreignobject", "desc", "title", "mi", "mo", "mn", "ms", "mtext"})
# Start tags that leave <svg>/<math> for HTML (the standard's "breakout" list).
_BREAKOUT = _names(
    "b big blockquote body br center code dd div dl dt em embed h1 h2 h3 h4 h5 h6 head hr i "
    "img li listing menu meta nobr ol p pre ruby s small span strong strike sub sup table tt "
    "u ul var"
)


class _Structure:
    """Open-element counts along the text, and the start tags to drop."""

    def __init__(self) -> None:
        self.open: dict[str, int] = {}
        self.depth = 0
        self.formatting = 0
        self.foreign = 0  # <svg>/<math> open, as far as a linear pass can tell
        self.html_points = 0  # integration points open inside them
        self.foreign_names: set[str] = set()
        self.drops: list[tuple[int, int]] = []

    def start(self, name: str, tag: re.Match[str]) -> None:
        if name in _VOID:
            return
        in_foreign = self.foreign > 0 and self.html_points == 0
        if in_foreign and (name in _BREAKOUT or name == "font"):
            self._leave_foreign()
            in_foreign = False
        if in_foreign and _self_closing(tag):
            return
        if name in _IMPLIED and self.open.get(name, 0) > 0:
            self._close(name)
        if self.depth >= MAX_DEPTH or (name in _FORMATTING and self.formatting >= MAX_FORMATTING):
            self.drops.append((tag.start(), tag.end()))
            return
        self.open[name] = self.open.get(name, 0) + 1
        self.depth += 1
        self.formatting += name in _FORMATTING
        if name in _FOREIGN:
            self.foreign += 1
        elif self.foreign and name in _INTEGRATION:
            self.html_points += 1
        if self.foreign:
            self.foreign_names.add(name)

    def end(self, name: str) -> None:
        if self.foreign and self.html_points == 0 and name not in self.foreign_names:
            self._leave_foreign()  # </p>, </div>…: the browser pops out of <svg>
        if self.open.get(name, 0) > 0:
            self._close(name)
            if name in _FOREIGN:
                self.foreign -= 1
            elif self.foreign and name in _INTEGRATION and self.html_points:
                self.html_points -= 1

    def _close(self, name: str) -> None:
        self.open[name] -= 1
        self.depth -= 1
        self.formatting -= name in _FORMATTING

    def _leave_foreign(self) -> None:
        self.foreign = self.html_points = 0
        self.foreign_names.clear()


def _self_closing(tag: re.Match[str]) -> bool:
    """``<path … />``: a "/" right before ">" that is not the end of an unquoted value."""
    text = tag.group(0)
    if not text.endswith("/>"):
        return False
    last = None
    for match in _ATTRIBUTE.finditer(text, 1 + len(tag.group(2)), len(text) - 1):
        last = match
    return last is None or not (last.group(4) and last.end() == len(text) - 1)


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
    tags: set[str] = set()
    structure = _Structure()
    scripts = list(_elements(text, tags, structure))
    return Scan(scripts, tags, structure.drops)


def _elements(text: str, tags: set[str], structure: _Structure) -> Iterator[ScriptElement]:
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
        if not tag.group(3):  # cut by the end of the text: browsers drop it
            continue
        name = tag.group(2).lower()
        if tag.group(1):
            structure.end(name)
            continue
        tags.add(name)
        if name != "script":
            structure.start(name, tag)
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
