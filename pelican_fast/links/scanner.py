"""Find every link of a Markdown body as Python-Markdown reads it, with exact spans.

Pelican renders posts with Python-Markdown, whose dialect differs from
CommonMark where it matters here: ``[x](url with spaces)``,
``[x](mailto: a@b.fr)`` and ``[x]({{ site.baseurl }}/x)`` are links,
``[x](<(https://a>)`` links to ``(https://a``. The scanner follows its inline
patterns (``markdown/inlinepatterns.py``: backticks, escapes, references,
links, images, autolinks, automail, raw HTML) but never renders: it walks the
special characters once, matches brackets and parentheses with a stack, and
answers Python-Markdown's quote-tracking loop by bisecting precomputed
positions instead of rescanning, so the work stays linear (Python-Markdown
itself is quadratic on a line of ``[a](``).

It also recognises what the renderer silently drops (``[t] (url)``,
``(t)[url]``, an unclosed ``(``, ``<a href=\\"x\\">``) so that rules can
report them, and bare URLs, which Python-Markdown leaves as plain text.
"""

from __future__ import annotations

import html
import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field

from pelican_fast.links import blocks
from pelican_fast.links.model import (
    AUTOLINK,
    AUTOMAIL,
    BARE,
    DEFINITION,
    HTML,
    IMAGE,
    IN_HTML,
    IN_PARAGRAPH,
    INLINE,
    INVALID_TAG,
    REFERENCE,
    REVERSED,
    SPACED,
    UNCLOSED,
    UNDEFINED,
    Link,
    LinkKind,
)
from pelican_fast.links.urls import looks_like_url

# Markdown.ESCAPED_CHARS with the `extra` extension (tables add "|").
ESCAPED_CHARS = frozenset("\\`*_{}[]()>#+-.!|")
NEUTRAL = "\x01"  # stands for a code span, an escape or Liquid: opaque, not white space

_OPEN_BRACKET = re.compile(r"\[")
_OPEN_ANGLE = re.compile(r"<")
_BRACKETS = re.compile(r"[\[\]]")
_PARENS = re.compile(r"[()]")
_QUOTES = re.compile(r"['\"]")
_ANGLES = re.compile(r"[<>]")
_BACKTICKS = re.compile(r"`+")
_ESCAPE = re.compile(r"\\(.)")
_UNESCAPE = re.compile(r"\\([\\`*_{}\[\]()>#+\-.!|])")
_LIQUID_TOKEN = re.compile(r"\{\{|\{%|\}\}|%\}|\n")
_WHITESPACE = re.compile(r"\s*")
_SIMPLE_DESTINATION = re.compile(r"(?!<)[^()'\"]*\)")
# The usual link: nothing in its text or destination that the general walk must weigh.
# (It starts with a literal "[": the regex engine then skips ahead to each "[".)
_SIMPLE_LINK = re.compile(r"\[([^\[\]]*)\]\(\s*([^()'\"\[\]]*)\)")
FAST_PATHS = True  # tests turn this off to compare with the general walk
_REFERENCE_ID = re.compile(r"\s?\[([^\]]*)\]")
_NEWLINES = re.compile(r"\s+")
# inlinepatterns.AUTOLINK_RE, AUTOMAIL_RE and the tag part of HTML_RE (possessive: linear).
_AUTOLINK = re.compile(r"<([A-Za-z][A-Za-z0-9+.-]*://[^<>]*)>")
_AUTOMAIL = re.compile(r"<([^<> !]+@[^@<> ]+)>")
_HTML_TAG = re.compile(
    r"<(\/?+[a-zA-Z][^\s\"'<>@]*+(?:\s+[^\s\"'=<>]++(?:\s*+=\s*+(?:\"[^\"]*+\"|'[^']*+'"
    r"|[^\s\"'=<>]++))?+)*+\s*+/?)>"
)
_TAG_NAME = re.compile(r"<([a-zA-Z][a-zA-Z0-9]*)")
_HOST_TAG = re.compile(r"<(?:www\.)?[\w-]+(?:\.[\w-]+)+(?:/[^\s<>]*)?>")
_LENIENT_TAG = re.compile(
    r"<(?:a|img|iframe|source|video|audio|embed|area)\s[^<>]*>", re.IGNORECASE
)
# Browsers read an unquoted value up to white space or ">": that is what a page gets.
_ATTRIBUTE = re.compile(r"""([^\s"'=<>/`]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?""")
_BARE = re.compile(r"(?:https?://|www\.)[^\s<>\"\x01\]\[]+", re.IGNORECASE)
_BARE_BEFORE = frozenset("/@.:=\"'-_")
_BARE_TRAIL = ".,;:!?'\"»”’*_"
_SENTENCE_END = ".,;:!?"
_MARKDOWN_IN_HTML = re.compile(r"!?\[([^\[\]\n]*)\]\(\s*([^()\s<>\"']+)\s*\)")
_DIRECTIVE = re.compile(r"<!--\s*pelican-fast\s*:\s*([a-z-]+)([^>]*?)-->", re.IGNORECASE)

URL_ATTRIBUTES: dict[str, tuple[str, ...]] = {
    "a": ("href",),
    "area": ("href",),
    "img": ("src",),
    "iframe": ("src",),
    "source": ("src",),
    "video": ("src", "poster"),
    "audio": ("src",),
    "embed": ("src",),
}
# Attributes that hold a URL, on any tag (``srcset`` holds several, one per candidate).
URL_ATTRIBUTE_NAMES = frozenset(
    {"href", "src", "srcset", "poster", "data", "action", "cite", "background"}
)
_URL_ATTRIBUTE_HINT = re.compile(
    r"(?:href|src|srcset|poster|data|action|cite|background)\s*=", re.IGNORECASE
)
# <a> attributes a Markdown link can drop without changing where it goes.
_REWRITABLE = frozenset({"href", "target", "rel"})
_ANCHOR_TEXT_LIMIT = 300  # longer anchor text: no [text](url) rewrite offered
_PATHS = ("/", "./", "../")
# kramdown's HTML_BLOCK_ELEMENTS (jekyll/kramdown/inline.BLOCK_ELEMENTS): such a tag written
# inside a paragraph is shown as text by kramdown (Python-Markdown passes it through).
_KRAMDOWN_BLOCK_TAG_NAMES = """
    address article aside applet body blockquote caption col colgroup dd div dl dt
    fieldset figcaption footer form h1 h2 h3 h4 h5 h6 header hgroup hr html head iframe
    legend menu li main map nav ol optgroup p pre section summary table tbody td th
    thead tfoot tr ul"""
KRAMDOWN_BLOCK_TAGS = frozenset(_KRAMDOWN_BLOCK_TAG_NAMES.split())
_LINE_PREFIX = 16
_CONTAINER_PREFIX = re.compile(r"[ \t>]*(?:(?:[-*+]|\d+\.)[ \t]+)?[ \t>]*")
TAG_LIMIT = 8192  # a "tag" longer than this is text, whatever follows


@dataclass
class Directive:
    """``<!-- pelican-fast: disable PF101 -->`` and its position."""

    action: str
    codes: tuple[str, ...]
    start: int
    end: int


@dataclass
class Scan:
    """Everything the scanner found in one body."""

    links: list[Link] = field(default_factory=list)
    directives: list[Directive] = field(default_factory=list)
    work: int = 0  # loop iterations: the linearity tests bound it


def unescape(text: str) -> str:
    """What Python-Markdown makes of backslash escapes inside a destination."""
    return _UNESCAPE.sub(r"\1", text) if "\\" in text else text


def _neutralize(text: str, spans: list[tuple[int, int]]) -> str:
    if not spans:
        return text
    parts: list[str] = []
    position = 0
    for start, end in spans:
        start = max(start, position)
        if end <= start:
            continue
        parts.append(text[position:start])
        parts.append(NEUTRAL * (end - start))
        position = end
    parts.append(text[position:])
    return "".join(parts)


def _neutral_in_destinations(clean: str, text: str, matches: list[re.Match[str]]) -> bool:
    """Whether every neutralized character (Liquid, an escape...) of a block lies inside
    the destination of one of its plain links, none of which holds a code span: the
    general walk reads such a destination from the text as written, as the fast path
    then does (``{{ site.baseurl }}/x``, ``{% post_url … %}``)."""
    inside = 0
    for match in matches:
        start, end = match.span(2)
        inside += clean.count(NEUTRAL, start, end)
        if "`" in text[start:end]:
            return False
    return inside == clean.count(NEUTRAL)


def _liquid_spans(text: str) -> list[tuple[int, int]]:
    """``{{ … }}`` and ``{% … %}`` on one line: Jekyll replaces them before Markdown."""
    if "{" not in text:
        return []
    spans: list[tuple[int, int]] = []
    opened = -1
    kind = ""
    for match in _LIQUID_TOKEN.finditer(text):
        token = match.group()
        if token == "\n":
            opened = -1
        elif token in ("{{", "{%"):
            if opened == -1:
                opened, kind = match.start(), token
        elif opened != -1 and (token == "}}") == (kind == "{{"):
            spans.append((opened, match.end()))
            opened = -1
    return spans


def _code_spans(text: str) -> tuple[list[tuple[int, int]], int]:
    """Code spans as ``BacktickInlineProcessor.find_code_spans`` pairs them."""
    if "`" not in text:
        return [], 0
    runs = [(m.start(), m.end()) for m in _BACKTICKS.finditer(text)]
    if not runs:
        return [], 0
    count = len(runs)
    by_length: dict[int, list[int]] = {}
    for index, (start, end) in enumerate(runs):
        by_length.setdefault(end - start, []).append(index)
    # Longest run after each index, and the first run that has that length.
    best = [0] * (count + 1)
    where = [0] * (count + 1)
    for index in range(count - 1, -1, -1):
        length = runs[index][1] - runs[index][0]
        if length >= best[index + 1]:
            best[index], where[index] = length, index
        else:
            best[index], where[index] = best[index + 1], where[index + 1]
    spans: list[tuple[int, int]] = []
    index = 0
    work = count
    while index < count:
        start, end = runs[index]
        if start > 0 and text[start - 1] == "\\":
            start += 1  # (?<!\\)` : the escaped backtick is text
            if start == end:
                index += 1
                continue
        length = end - start
        same = by_length.get(length, [])
        position = bisect_right(same, index)
        if position < len(same):
            closing = same[position]
            spans.append((start, runs[closing][1]))
            index = closing + 1
            continue
        longest = best[index + 1] if index + 1 < count else 0
        if 0 < longest < length:
            closing = where[index + 1]
            spans.append((start, runs[closing][1]))
            index = closing + 1
            continue
        index += 1
    return spans, work


def _comments(text: str) -> list[tuple[int, int]]:
    """``<!-- … -->`` (HTML_RE's comment: no ``<!--`` inside): hidden, links included.

    Each ``-->`` closes the last ``<!--`` before it, as the leftmost regex match
    would; pairing the two position lists keeps this linear.
    """
    if "<!--" not in text:
        return []
    opens = [m.start() for m in re.finditer("<!--", text)]
    spans: list[tuple[int, int]] = []
    index = 0
    covered = 0
    for closing in re.finditer("(?=-->)", text):
        close = closing.start()
        if close < covered:
            continue
        last = index
        while last < len(opens) and opens[last] + 4 <= close:
            last += 1
        if last > index:
            spans.append((opens[last - 1], close + 3))
            covered = close + 3
            index = last
            while index < len(opens) and opens[index] < covered:
                index += 1
    return spans


def _escape_spans(text: str) -> list[tuple[int, int]]:
    if "\\" not in text:
        return []
    return [m.span() for m in _ESCAPE.finditer(text) if m.group(1) in ESCAPED_CHARS]


class _Positions:
    """Sorted positions of some characters, for O(log n) "next one after" questions."""

    __slots__ = ("items",)

    def __init__(self, items: list[int]) -> None:
        self.items = items

    def after(self, position: int) -> int | None:
        """First item >= position."""
        index = bisect_left(self.items, position)
        return self.items[index] if index < len(self.items) else None

    def count_between(self, low: int, high: int) -> int:
        """Items strictly between low and high."""
        return max(0, bisect_left(self.items, high) - bisect_right(self.items, low))

    def last_before(self, position: int) -> int | None:
        index = bisect_left(self.items, position) - 1
        return self.items[index] if index >= 0 else None


@dataclass
class _Destination:
    url: str
    start: int  # segment-relative span of the raw destination
    end: int
    stop: int  # where the construct ends (after ")")
    angle: bool = False


class _Segment:
    """One block: its text, a neutralized copy for syntax, and lazily built indexes."""

    def __init__(self, scanner: _Scanner, start: int, end: int, raw_html: bool) -> None:
        self.scanner = scanner
        self.base = scanner.base + start
        self.text = text = scanner.text[start:end]
        spans = _liquid_spans(text)
        masked = scanner.masked
        # Regions are sorted and disjoint: start at the first one that ends after `start`.
        index = bisect_right(scanner.masked_ends, start)
        while index < len(masked) and masked[index][0] < end:
            region_start, region_end = masked[index]
            spans.append((max(region_start, start) - start, min(region_end, end) - start))
            index += 1
            scanner.work += 1
        self.consumed: list[tuple[int, int]] = _comments(text)
        spans.extend(self.consumed)
        spans.sort()
        clean = _neutralize(text, spans)
        code: list[tuple[int, int]] = []
        if not raw_html:
            code, work = _code_spans(clean)
            scanner.work += work
            clean = _neutralize(clean, code)
            clean = _neutralize(clean, _escape_spans(clean))
        self.clean = clean
        self.code = code
        self.raw_html = raw_html
        self._brackets: dict[int, int] | None = None
        self._parens: tuple[dict[int, int], dict[int, int], _Positions, _Positions] | None = None
        self._quotes: tuple[_Positions, _Positions, _Positions] | None = None
        self._closers: tuple[list[int], list[int]] | None = None
        self._angles: _Positions | None = None
        self._memo: dict[str, tuple[int, int]] = {}
        self.escaped_angle = "\\>" in self.text

    # -- indexes -------------------------------------------------------------
    def brackets(self) -> dict[int, int]:
        if self._brackets is None:
            matches: dict[int, int] = {}
            clean = self.clean
            if "]" in clean:
                stack: list[int] = []
                for match in _BRACKETS.finditer(clean):
                    self.scanner.work += 1
                    if clean[match.start()] == "[":
                        stack.append(match.start())
                    elif stack:
                        matches[stack.pop()] = match.start()
            self._brackets = matches
        return self._brackets

    def parens(self) -> tuple[dict[int, int], dict[int, int], _Positions, _Positions]:
        """Matching parentheses both ways, all parentheses, and the opening ones."""
        if self._parens is None:
            forward: dict[int, int] = {}
            backward: dict[int, int] = {}
            every: list[int] = []
            opening: list[int] = []
            stack: list[int] = []
            clean = self.clean
            for match in _PARENS.finditer(clean):
                self.scanner.work += 1
                position = match.start()
                every.append(position)
                if clean[position] == "(":
                    stack.append(position)
                    opening.append(position)
                elif stack:
                    start = stack.pop()
                    forward[start] = position
                    backward[position] = start
            self._parens = (forward, backward, _Positions(every), _Positions(opening))
        return self._parens

    def quotes(self) -> tuple[_Positions, _Positions, _Positions]:
        """Positions of ' and of ", and of both."""
        if self._quotes is None:
            single: list[int] = []
            double: list[int] = []
            both: list[int] = []
            clean = self.clean
            for match in _QUOTES.finditer(clean):
                self.scanner.work += 1
                position = match.start()
                both.append(position)
                (single if clean[position] == "'" else double).append(position)
            self._quotes = (_Positions(single), _Positions(double), _Positions(both))
        return self._quotes

    def closers(self) -> tuple[list[int], list[int]]:
        """Each ")" whose previous character other than " " is a quote, and that quote.

        In Python-Markdown's quote-tracking loop only such a ")" can end a title.
        """
        if self._closers is None:
            positions: list[int] = []
            quotes: list[int] = []
            clean = self.clean
            every = self.parens()[2].items
            for position in every:
                if clean[position] != ")":
                    continue
                before = position - 1
                while before >= 0 and clean[before] == " ":
                    before -= 1
                    self.scanner.work += 1
                if before >= 0 and clean[before] in "'\"":
                    positions.append(position)
                    quotes.append(before)
            self._closers = (positions, quotes)
        return self._closers

    def angles(self) -> _Positions:
        if self._angles is None:
            self._angles = _Positions([m.start() for m in _ANGLES.finditer(self.clean)])
            self.scanner.work += len(self._angles.items)
        return self._angles

    def find(self, needle: str, position: int) -> int:
        """``clean.find(needle, position)``, amortized: repeated calls do not rescan."""
        cached = self._memo.get(needle)
        if cached is not None and cached[0] <= position and (cached[1] >= position):
            return cached[1]
        if cached is not None and cached[1] == -1 and cached[0] <= position:
            return -1
        found = self.clean.find(needle, position)
        self._memo[needle] = (position, found)
        return found

    # -- emitting ------------------------------------------------------------
    def add(self, link: Link, start: int, end: int) -> None:
        self.scanner.links.append(link)
        self.consumed.append((start, end))

    def make(
        self, kind: LinkKind, start: int, end: int, dest: _Destination, **extra: object
    ) -> Link:
        base = self.base
        return Link(
            kind=kind,
            start=base + start,
            end=base + end,
            dest_start=base + dest.start,
            dest_end=base + dest.end,
            url=dest.url,
            angle=dest.angle,
            **extra,  # type: ignore[arg-type]
        )

    def simple_links(self) -> bool:
        """Find the links of a block made only of plain ``[text](url)`` and ``![alt](url)``.

        When every ``[`` of the block opens one, with no bracket, parenthesis or quote
        inside, the block has no ``<``, and its escapes and Liquid (if any) are inside
        destinations, the general walk below would find exactly these links: one regex
        pass finds them for less.
        Returns False, having found nothing, for any other block.
        """
        clean = self.clean
        neutral = NEUTRAL in clean
        if "<" in clean:
            return False
        opening = clean.count("[")
        if not opening:
            return not neutral  # neither "[" nor "<": the walk has nothing to look at
        matches = list(_SIMPLE_LINK.finditer(clean))
        if len(matches) != opening:
            return False
        text = self.text  # as long as clean, its offsets are clean's
        if neutral and not _neutral_in_destinations(clean, text, matches):
            return False
        base = self.base
        links = self.scanner.links
        for match in matches:
            start, end = match.span()
            image = start > 0 and clean[start - 1] == "!"
            if image:
                start -= 1
            dest_start = match.start(2)
            raw = text[dest_start : match.end(2)] if neutral else match.group(2)
            links.append(
                Link(
                    kind=IMAGE if image else INLINE,
                    start=base + start,
                    end=base + end,
                    dest_start=base + dest_start,
                    dest_end=base + dest_start + len(raw.rstrip()),
                    url=unescape(raw).strip(),
                    angle=False,
                    text=unescape(match.group(1)),
                    text_start=base + match.start(1),
                    text_end=base + match.end(1),
                    image=image,
                )
            )
            self.consumed.append((start, end))
        self.scanner.work += opening
        return True

    # -- Python-Markdown's LinkInlineProcessor.getLink -------------------------
    def destination(self, opening: int) -> _Destination | None:
        """Parse ``(…)`` at `opening` exactly as ``getLink`` does, without rescanning."""
        clean = self.clean
        text = self.text
        size = len(clean)
        start = _WHITESPACE.match(clean, opening + 1).end()  # type: ignore[union-attr]
        if start < size and clean[start] == "<":
            angle = self.angles().after(start + 1)
            if angle is not None and clean[angle] == ">":
                after = _WHITESPACE.match(clean, angle + 1).end()  # type: ignore[union-attr]
                if after < size and clean[after] in "'\"":
                    single, double, _ = self.quotes()
                    closing = (single if clean[after] == "'" else double).after(after + 1)
                    if closing is not None:
                        after = _WHITESPACE.match(clean, closing + 1).end()  # type: ignore[union-attr]
                if after < size and clean[after] == ")":
                    url = unescape(text[start + 1 : angle]).strip()
                    return _Destination(url, start, angle + 1, after + 1, angle=True)
        simple = _SIMPLE_DESTINATION.match(clean, start)
        if simple is not None:  # no "(", quote or "<" before the closing ")": the usual case
            return self._plain(start, simple.end() - 1, simple.end())
        forward, _, every, opening_parens = self.parens()
        close = forward.get(opening)
        single, double, both = self.quotes()
        quote = both.after(start)
        if quote is None or (close is not None and quote > close):
            if close is None:
                return None
            return self._plain(start, close, close + 1)
        # Inside a title from here: the loop only stops at a ")" right after a quote.
        char = clean[quote]
        other = double if char == "'" else single
        positions, quote_of = self.closers()
        index = bisect_right(positions, quote)
        while index < len(positions):
            self.scanner.work += 1
            closer, before = positions[index], quote_of[index]
            if before > quote:
                if clean[before] == char:
                    return self._plain(start, quote, closer + 1)
                first_other = other.after(quote + 1)
                if first_other is not None and first_other < before:
                    return self._plain(start, first_other, closer + 1)
            index += 1
        # No title closed: Python-Markdown falls back to the bracket it counted last.
        depth = (
            1
            + opening_parens.count_between(opening, quote)
            - (every.count_between(opening, quote) - opening_parens.count_between(opening, quote))
        )
        first = bisect_right(every.items, quote)
        target = first + depth - 1
        if target < len(every.items):
            bracket = every.items[target]
            if clean[bracket] == ")":
                return self._plain(start, bracket, bracket + 1)
            # The count ran out on a "(": getLink then slices data[start:-2] and
            # swallows the rest of the block (a Python-Markdown quirk, kept).
            return self._plain(start, max(start, len(clean) - 2), len(clean))
        return None

    def _plain(self, start: int, stop: int, end: int) -> _Destination:
        raw = self.text[start:stop]
        url = unescape(raw) if "`" not in raw else self._without_code(start, stop)
        return _Destination(url.strip(), start, start + len(raw.rstrip()), end)

    def _without_code(self, start: int, stop: int) -> str:
        """A destination holding code spans: Python-Markdown puts their text, unquoted."""
        parts: list[str] = []
        position = start
        for code_start, code_end in self.code:
            if code_end <= start or code_start >= stop:
                continue
            parts.append(unescape(self.text[position:code_start]))
            parts.append(self.text[code_start:code_end].strip("`").strip())
            position = code_end
        parts.append(unescape(self.text[position:stop]))
        return "".join(parts)

    # -- links, images, references ---------------------------------------------
    def bracket(self, position: int, nested: bool) -> tuple[int, int, bool] | None:
        """A ``[`` at `position`: link, image, reference or a malformed look-alike.

        Returns the construct's span and whether the renderer makes it a link.
        """
        clean = self.clean
        following = clean.find("[", position + 1)
        close = clean.find("]", position + 1, following if following != -1 else len(clean))
        if close == -1:  # another "[" first: let the stack decide
            close = self.brackets().get(position)  # type: ignore[assignment]
        image = position > 0 and clean[position - 1] == "!"
        if close is None:
            return None
        after = close + 1
        size = len(clean)
        text_raw = self.text[position + 1 : close]
        start = position - 1 if image else position
        definitions = self.scanner.definitions
        # [text][id] / [text] [id]: ReferenceInlineProcessor runs first.
        if not nested or image:
            reference = _REFERENCE_ID.match(clean, after) if after < size else None
            if reference is not None:
                label = reference.group(1) or text_raw
                key = _NEWLINES.sub(" ", label).lower()
                if key in definitions:
                    self.reference(start, reference.end(), position, close, key, image)
                    return start, reference.end(), True
                if not image and not reference.group(0)[0].isspace() and reference.group(1):
                    self.undefined(start, reference, position, close)
        if after < size and clean[after] == "(" and (image or not nested):
            dest = self.destination(after)
            if dest is not None:
                kind = IMAGE if image else INLINE
                link = self.make(
                    kind,
                    start,
                    dest.stop,
                    dest,
                    text=unescape(text_raw),
                    text_start=self.base + position + 1,
                    text_end=self.base + close,
                    image=image,
                )
                self.add(link, start, dest.stop)
                if not image:
                    self.scanner.events(self, position + 1, close, nested=True)
                return start, dest.stop, True
        # [text]: ShortReferenceInlineProcessor, also when "(…" did not make a link.
        key = _NEWLINES.sub(" ", text_raw).lower()
        if key in definitions:
            self.reference(start, after, position, close, key, image)
            return start, after, True
        if after < size and clean[after] == "(":
            if not nested:
                self.unclosed(start, position, close, image)
            return None
        if nested or image:
            return None
        if after < size and clean[after] in " \t":
            spaced = self.spaced(position, close)
            if spaced is not None:
                return position, spaced, False
        if position > 0 and clean[position - 1] == ")":
            end = self.reversed(position, close)
            if end is not None:
                return position, end, False
        return None

    def reference(
        self, start: int, end: int, position: int, close: int, key: str, image: bool
    ) -> None:
        definition = self.scanner.definitions[key]
        base = self.base
        link = Link(
            kind=REFERENCE,
            start=base + start,
            end=base + end,
            dest_start=self.scanner.base + definition.dest_start,
            dest_end=self.scanner.base + definition.dest_end,
            url=definition.url,
            text=unescape(self.text[position + 1 : close]),
            text_start=base + position + 1,
            text_end=base + close,
            image=image,
            ref=key,
        )
        self.add(link, start, end)
        if not image:
            self.scanner.events(self, position + 1, close, nested=True)

    def undefined(self, start: int, reference: re.Match[str], position: int, close: int) -> None:
        base = self.base
        id_start, id_end = reference.span(1)
        self.scanner.links.append(
            Link(
                kind=REFERENCE,
                start=base + start,
                end=base + reference.end(),
                dest_start=base + id_start,
                dest_end=base + id_end,
                url="",
                text=unescape(self.text[position + 1 : close]),
                text_start=base + position + 1,
                text_end=base + close,
                ref=reference.group(1).lower(),
                malformed=UNDEFINED,
            )
        )

    def unclosed(self, start: int, position: int, close: int, image: bool) -> None:
        """``[text](https://…`` with no ")" that Python-Markdown accepts."""
        clean = self.clean
        token_start = _WHITESPACE.match(clean, close + 2).end()  # type: ignore[union-attr]
        token_end = token_start
        size = len(clean)
        while token_end < size and not (clean[token_end].isspace() or clean[token_end] in "()[]<>"):
            token_end += 1
            self.scanner.work += 1
        # The sentence's own punctuation stays outside, as GitHub's autolinker leaves it:
        # "[x](https://a.fr/b/." is closed as "[x](https://a.fr/b/).".
        while token_end > token_start and clean[token_end - 1] in _SENTENCE_END:
            token_end -= 1
        token = self.text[token_start:token_end]
        if not token or not looks_like_url(token):
            return
        dest = _Destination(token, token_start, token_end, token_end)
        link = self.make(
            IMAGE if image else INLINE,
            start,
            token_end,
            dest,
            text=unescape(self.text[position + 1 : close]),
            text_start=self.base + position + 1,
            text_end=self.base + close,
            image=image,
            malformed=UNCLOSED,
        )
        self.add(link, start, token_end)

    def spaced(self, position: int, close: int) -> int | None:
        """``[text] (https://…)``: a blank between the brackets and the parentheses."""
        clean = self.clean
        opening = close + 1
        while opening < len(clean) and clean[opening] in " \t":
            opening += 1
            self.scanner.work += 1
        if opening >= len(clean) or clean[opening] != "(":
            return None
        end = self.parens()[0].get(opening)
        if end is None:
            return None
        raw = self.text[opening + 1 : end]
        url = raw.strip()
        if not url or any(c.isspace() for c in url) or not looks_like_url(url):
            return None
        lead = len(raw) - len(raw.lstrip())
        dest = _Destination(url, opening + 1 + lead, opening + 1 + lead + len(url), end + 1)
        link = self.make(
            INLINE,
            position,
            end + 1,
            dest,
            text=unescape(self.text[position + 1 : close]),
            text_start=self.base + position + 1,
            text_end=self.base + close,
            malformed=SPACED,
            gap_start=self.base + close + 1,
            gap_end=self.base + opening,
        )
        self.add(link, position, end + 1)
        return end + 1

    def reversed(self, position: int, close: int) -> int | None:
        """``(text)[https://…]``: Markdown's two halves written the wrong way round."""
        _, backward, _, _ = self.parens()
        opening = backward.get(position - 1)
        if opening is None or (opening > 0 and self.clean[opening - 1] == "]"):
            return None
        url = self.text[position + 1 : close].strip()
        text = self.text[opening + 1 : position - 1]
        if not text.strip() or any(c.isspace() for c in url) or not looks_like_url(url):
            return None
        after = close + 1
        if after < len(self.clean) and self.clean[after] == "(":
            return None
        lead = len(self.text[position + 1 : close]) - len(self.text[position + 1 : close].lstrip())
        dest = _Destination(url, position + 1 + lead, position + 1 + lead + len(url), after)
        link = self.make(
            INLINE,
            opening,
            after,
            dest,
            text=text,
            text_start=self.base + opening + 1,
            text_end=self.base + position - 1,
            malformed=REVERSED,
        )
        self.add(link, opening, after)
        return after

    # -- autolinks, automail, raw HTML ----------------------------------------
    def angle(self, position: int, limit: int) -> int | None:
        """``<…>`` at `position`, ending before `limit` (a link already made is opaque)."""
        clean = self.clean
        text = self.text
        if not self.raw_html:
            matched = _AUTOLINK.match(clean, position, limit)
            if matched:
                inner = unescape(text[position + 1 : matched.end() - 1])
                dest = _Destination(inner, position + 1, matched.end() - 1, matched.end())
                end = matched.end()
                self.add(self.make(AUTOLINK, position, end, dest), position, end)
                return end
            matched = _AUTOMAIL.match(clean, position, limit)
            if matched:
                email = unescape(text[position + 1 : matched.end() - 1])
                if email.startswith("mailto:"):
                    email = email[len("mailto:") :]
                dest = _Destination(
                    "mailto:" + email, position + 1, matched.end() - 1, matched.end()
                )
                end = matched.end()
                self.add(self.make(AUTOMAIL, position, end, dest), position, end)
                return end
        close = self.find(">", position + 1)
        if close != -1 and close < limit and close - position <= TAG_LIMIT:
            matched = _HTML_TAG.match(clean, position, limit)
            if matched:
                self.tag(position, matched.end(), "")
                return matched.end()
            if _LENIENT_TAG.match(clean, position, limit):
                self.tag(position, close + 1, INVALID_TAG)
                return close + 1
        return self.escaped_tag(position, limit)

    def escaped_tag(self, position: int, limit: int) -> int | None:
        """``<a href=”…”\\>``: the tag ends with an escaped ``>``, so it is shown as text.

        The lenient pattern stops at the next ``<`` or ``>``: each character is read
        once whatever the number of ``<``.
        """
        if self.raw_html or not self.escaped_angle:
            return None
        matched = _LENIENT_TAG.match(self.text, position, min(limit, position + TAG_LIMIT))
        if matched is None or self.text[matched.end() - 2] != "\\":
            return None
        self.tag(position, matched.end(), INVALID_TAG)
        return matched.end()

    def tag(self, start: int, end: int, malformed: str) -> None:
        text = self.text
        name_match = _TAG_NAME.match(text, start)
        if name_match is None:
            self.consumed.append((start, end))
            return
        name = name_match.group(1).lower()
        wanted = URL_ATTRIBUTES.get(name, ())
        self.consumed.append((start, end))
        if not malformed and name in KRAMDOWN_BLOCK_TAGS and self.in_paragraph_as_text(start):
            malformed = IN_PARAGRAPH
        if not wanted:
            if "." in text[start:end] and _HOST_TAG.match(text, start, end):
                # <www.pix.fr>: meant as an autolink, read as an unknown (invisible) tag.
                inner = text[start + 1 : end - 1]
                dest = _Destination(inner, start + 1, end - 1, end)
                self.scanner.links.append(
                    self.make(AUTOLINK, start, end, dest, malformed=INVALID_TAG)
                )
                return
            if _URL_ATTRIBUTE_HINT.search(text, start, end) is None:
                return  # <span class="x">: no URL attribute, no attribute parsing
        found: dict[str, tuple[str, int, int, str]] = {}
        for attribute in _ATTRIBUTE.finditer(text, name_match.end(), end - 1):
            self.scanner.work += 1
            key = attribute.group(1).lower()
            if key in found:
                continue
            for group, quote in ((2, '"'), (3, "'"), (4, "")):
                if attribute.group(group) is not None:
                    found[key] = (attribute.group(group), *attribute.span(group), quote)
                    break
            else:
                found[key] = ("", attribute.end(), attribute.end(), "")
        alt = found["alt"][0] if "alt" in found else None
        base = self.base
        anchor: dict[str, object] = {}
        if name == "a" and "href" in found and _REWRITABLE.issuperset(found):
            anchor = self.anchor_text(end)
        for key, (value, value_start, value_end, quote) in found.items():
            if key not in URL_ATTRIBUTE_NAMES or (not value.strip() and key not in wanted):
                continue
            if key == "cite" and not (looks_like_url(value) or value.startswith(_PATHS)):
                continue  # <blockquote cite="Jean Dupont">: a name, invisible, not a link
            spans = (
                srcset_candidates(value, value_start)
                if key == "srcset"
                else [(value_start, value_end)]
            )
            for url_start, url_end in spans:
                self.scanner.links.append(
                    Link(
                        kind=HTML,
                        start=base + start,
                        end=base + end,
                        dest_start=base + url_start,
                        dest_end=base + url_end,
                        url=html.unescape(text[url_start:url_end]),
                        tag=name,
                        attr=key,
                        quote=quote,
                        alt=alt,
                        image=name == "img" or key in ("srcset", "poster"),
                        malformed=malformed,
                        **(anchor if key == "href" else {}),  # type: ignore[arg-type]
                    )
                )

    def in_paragraph_as_text(self, start: int) -> bool:
        """kramdown shows a block-level tag written inside a paragraph as text; at the start
        of a line (after quote and list markers) it opens an HTML block instead."""
        if self.raw_html or self.scanner.dialect != blocks.KRAMDOWN:
            return False
        line_start = self.text.rfind("\n", max(start - _LINE_PREFIX, 0), start) + 1
        if line_start == 0 and start > _LINE_PREFIX:
            return True  # (bounded look-back: a long prefix is prose, not markers)
        return _CONTAINER_PREFIX.fullmatch(self.text, line_start, start) is None

    def anchor_text(self, end: int) -> dict[str, object]:
        """The plain text of ``<a …>text</a>`` after the tag ending at `end`, when a
        Markdown link ``[text](url)`` can say exactly the same (one line, no markup)."""
        closing = self.find("</a>", end)
        if closing == -1 or closing - end > _ANCHOR_TEXT_LIMIT:
            return {}
        inner = self.text[end:closing]
        if not inner.strip() or any(char in inner for char in "<>[]\n\\`"):
            return {}
        return {
            "text": inner,
            "text_start": self.base + end,
            "text_end": self.base + closing,
            "element_end": self.base + closing + 4,
        }

    # -- bare URLs ---------------------------------------------------------------
    def markdown_in_html(self) -> None:
        """``[text](url)`` inside a raw HTML block: Python-Markdown leaves it as text."""
        consumed = sorted(self.consumed)
        index = 0
        for matched in _MARKDOWN_IN_HTML.finditer(self.clean):
            self.scanner.work += 1
            start, end = matched.span()
            while index < len(consumed) and consumed[index][1] <= start:
                index += 1
            if index < len(consumed) and consumed[index][0] < end:
                continue
            dest = _Destination(matched.group(2), *matched.span(2), end)
            self.scanner.links.append(
                self.make(
                    IMAGE if matched.group(0).startswith("!") else INLINE,
                    start,
                    end,
                    dest,
                    text=matched.group(1),
                    text_start=self.base + matched.start(1),
                    text_end=self.base + matched.end(1),
                    malformed=IN_HTML,
                )
            )

    def bare(self) -> None:
        """URLs in plain text, found from their "://" or "www." (str.find, not a regex scan)."""
        clean = self.clean
        if "://" not in clean and "www." not in clean and "WWW." not in clean:
            return  # nothing to find, in the text between constructs or anywhere else
        consumed = sorted(self.consumed)
        gaps = []  # stretches of plain text between constructs
        position = 0
        for start, end in consumed:
            if start > position:
                gaps.append((position, start))
            position = max(position, end)
        gaps.append((position, len(clean)))
        # The plain text between constructs, joined by a newline (no needle holds one).
        between = "\n".join(clean[low:high] for low, high in gaps)
        if "://" not in between and "www." not in between and "WWW." not in between:
            return
        starts = []
        for needle in ("://", "www.", "WWW."):
            position = clean.find(needle)
            while position != -1:
                self.scanner.work += 1
                if needle != "://":
                    starts.append(position)
                elif clean[max(0, position - 5) : position].lower() == "https":
                    starts.append(position - 5)
                elif clean[max(0, position - 4) : position].lower() == "http":
                    starts.append(position - 4)
                position = clean.find(needle, position + 3)
        if not starts:
            return
        index = 0
        covered = -1
        for start in sorted(starts):
            before = clean[start - 1] if start > 0 else " "
            if start < covered or before.isalnum() or before in _BARE_BEFORE:
                continue
            matched = _BARE.match(clean, start)
            if matched is None:
                continue
            end = matched.end()
            covered = end
            while index < len(consumed) and consumed[index][1] <= start:
                index += 1
            if index < len(consumed) and consumed[index][0] < end:
                continue
            trimmed = self.text[start:end].rstrip(_BARE_TRAIL)
            balance = trimmed.count(")") - trimmed.count("(")
            while balance > 0 and trimmed.endswith(")"):
                trimmed = trimmed[:-1].rstrip(_BARE_TRAIL)
                balance -= 1
            if "." not in trimmed:
                continue
            dest = _Destination(trimmed, start, start + len(trimmed), start + len(trimmed))
            self.scanner.links.append(self.make(BARE, start, start + len(trimmed), dest))


def srcset_candidates(value: str, offset: int = 0) -> list[tuple[int, int]]:
    """Spans of the URLs of a ``srcset`` (``a.png 1x, b.png 2x``), shifted by `offset`.

    As the HTML standard splits it: blanks and commas between candidates, a URL up
    to a blank (trailing commas excluded), descriptors up to a comma outside
    parentheses. One pass.
    """
    spans: list[tuple[int, int]] = []
    size = len(value)
    index = 0
    while index < size:
        while index < size and (value[index].isspace() or value[index] == ","):
            index += 1
        if index >= size:
            break
        start = index
        while index < size and not value[index].isspace():
            index += 1
        end = index
        while end > start and value[end - 1] == ",":
            end -= 1
        if end > start:
            spans.append((offset + start, offset + end))
        if end < index:  # "a.png," : no descriptors
            continue
        depth = 0
        while index < size:
            char = value[index]
            index += 1
            if char == "(":
                depth += 1
            elif char == ")":
                depth = max(0, depth - 1)
            elif char == "," and depth == 0:
                break
    return spans


class _Scanner:
    def __init__(self, text: str, base: int, dialect: str = blocks.KRAMDOWN) -> None:
        self.text = text
        self.base = base
        self.dialect = dialect
        self.links: list[Link] = []
        self.definitions: dict[str, blocks.Definition] = {}
        self.masked: list[tuple[int, int]] = []
        self.masked_ends: list[int] = []
        self.work = 0

    def events(self, segment: _Segment, low: int, high: int, nested: bool) -> None:
        """Links first, over the whole range, then ``<…>`` outside them (inlinepatterns order)."""
        clean = segment.clean
        if nested and clean.find("[", low, high) == -1 and clean.find("<", low, high) == -1:
            return
        blocked: list[tuple[int, int]] = []
        if not segment.raw_html and "[" in clean:
            skip = low
            for matched in _OPEN_BRACKET.finditer(clean, low, high):
                self.work += 1
                position = matched.start()
                if position < skip:
                    continue
                found = segment.bracket(position, nested)
                if found is not None:
                    start, skip, is_link = found
                    if is_link:
                        blocked.append((start, skip))
        if "<" not in clean:
            return
        skip = low
        index = 0
        for matched in _OPEN_ANGLE.finditer(clean, low, high):
            self.work += 1
            position = matched.start()
            if position < skip:
                continue
            while index < len(blocked) and blocked[index][1] <= position:
                index += 1
            if index < len(blocked) and blocked[index][0] <= position:
                continue
            limit = blocked[index][0] if index < len(blocked) else high
            end = segment.angle(position, limit)
            if end is not None:
                skip = end

    def run(self) -> Scan:
        body = self.text
        split = blocks.split_blocks(body, self.dialect)
        self.work += split.work
        self.definitions = split.definitions
        self.masked = split.masked
        self.masked_ends = [end for _, end in split.masked]
        for definition in split.definition_list:
            self.links.append(
                Link(
                    kind=DEFINITION,
                    start=self.base + definition.start,
                    end=self.base + definition.end,
                    dest_start=self.base + definition.dest_start,
                    dest_end=self.base + definition.dest_end,
                    url=definition.url,
                    text=definition.label,
                    ref=definition.key,
                    angle=body[definition.dest_start] == "<",
                )
            )
        for start, end, kind in split.segments:
            chunk = body[start:end]
            if not (
                "[" in chunk or "<" in chunk or "://" in chunk or "ww." in chunk or "WW." in chunk
            ):
                continue  # prose with nothing that can start a link
            segment = _Segment(self, start, end, kind == blocks.RAW_HTML)
            if segment.raw_html or not (FAST_PATHS and segment.simple_links()):
                self.events(segment, 0, len(segment.clean), nested=False)
            if not segment.raw_html:
                segment.bare()
            elif "](" in segment.clean:
                segment.markdown_in_html()
        self.links.sort(key=lambda link: (link.start, link.dest_start))
        directives = [
            Directive(
                action=m.group(1).lower(),
                codes=tuple(code.upper() for code in re.split(r"[\s,]+", m.group(2)) if code),
                start=self.base + m.start(),
                end=self.base + m.end(),
            )
            for m in _DIRECTIVE.finditer(body)
        ]
        return Scan(links=self.links, directives=directives, work=self.work)


def scan(body: str, base: int = 0, dialect: str = blocks.KRAMDOWN) -> Scan:
    """Every link of a Markdown `body`; offsets are shifted by `base` (the body's offset).

    `dialect` (blocks.KRAMDOWN or blocks.PYTHON_MARKDOWN) is the renderer to follow where
    the two read the same text differently."""
    return _Scanner(body, base, dialect).run()
