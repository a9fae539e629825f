"""Cut a Markdown body into the blocks Python-Markdown processes inline, skipping code.

Python-Markdown finds links block by block (a paragraph, a heading, a list
item), never in fenced or indented code, never in raw HTML blocks (where only
HTML tags make links). Liquid runs before Markdown in a Jekyll site, so
``{% raw %}``, ``{% comment %}`` and ``{% highlight %}`` regions are skipped
too. Every step is a single pass over lines or a pairing of precomputed
positions, so the cost stays linear in the size of the text.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field

MARKDOWN = "markdown"
RAW_HTML = "html"
# The renderer whose reading the scanner follows where the two differ (docs/lint.md).
KRAMDOWN = "kramdown"
PYTHON_MARKDOWN = "python-markdown"
DIALECTS = (KRAMDOWN, PYTHON_MARKDOWN)

# Python-Markdown's util.BLOCK_LEVEL_ELEMENTS: a line starting with one opens a raw block.
_BLOCK_TAG_NAMES = (
    "address article aside blockquote details div dl fieldset figcaption figure footer form "
    "h1 h2 h3 h4 h5 h6 header hgroup hr main menu nav ol p pre section table ul canvas "
    "colgroup dd body dt group html iframe li legend math map noscript output object option "
    "progress script style summary tbody td textarea tfoot th thead tr video center"
)
BLOCK_TAGS = frozenset(_BLOCK_TAG_NAMES.split(" "))
VOID_TAGS = frozenset({"hr"})

_LIQUID_OPEN = re.compile(r"\{%-?\s*(raw|comment|highlight)\b[^%\n]*-?%\}")
_LIQUID_CLOSE = re.compile(r"\{%-?\s*end(raw|comment|highlight)\s*-?%\}")
# fenced_code.FencedBlockPreprocessor: the opening line, then the same fence alone.
_FENCE_OPEN = re.compile(
    r"(`{3,}|~{3,})[ ]*(?:\{[^\n]*\}|\.?[\w#.+-]*[ ]*(?:hl_lines=(\"|')[^\n]*?\2[ ]*)?)$"
)
_FENCE_LINE = re.compile(r"(`{3,}|~{3,})[ ]*$")
_BLOCK_TAG = re.compile(r"[ ]{0,3}<([a-zA-Z][a-zA-Z0-9]*)(?=[\s/>])([^>]*)")
_MARKDOWN_ATTR = re.compile(r"\bmarkdown\s*=", re.IGNORECASE)
_LIST_ITEM = re.compile(r"[ ]{0,3}(?:[*+-]|\d+\.)[ ]+")
_DEFINITION_ITEM = re.compile(r"[ ]{0,3}:[ ]{1,3}")  # def_list (extra): "term\n: definition"
_HEADING = re.compile(r"#{1,6}")
# kramdown ends a code block's lazy lines at an IAL, an end-of-block marker or an HTML line.
_LAZY_STOP = re.compile(r" {0,3}(?:\{:(?![:/])|\^\s*$|</?[A-Za-z_:])")
_QUOTED_HTML = re.compile(r"[ ]{0,3}(?:>[ ]?)+(?=[ ]{0,3}<)")
_BLANKISH = frozenset(" \t\r\x0b\x0c")
_LIST_STARTS = frozenset(" *+-0123456789")
_RULE = re.compile(r"[ ]{0,3}([-*_])(?:[ ]?\1){2,}[ ]*$")
# blockprocessors.ReferenceProcessor.RE, anchored at a line start.
DEFINITION = re.compile(
    r"[ ]{0,3}\[([^\[\]\n]*)\]:[ ]*(?:\n[ ]*)?([^\s]+)[ ]*(?:\n[ ]*)?"
    r"(?:([\"'])(.*)\3[ ]*|\((.*)\)[ ]*)?$",
    re.MULTILINE,
)


@dataclass(frozen=True)
class Definition:
    """``[id]: url "title"``: where it is and what it says."""

    key: str  # lower-cased id, as Python-Markdown stores it
    label: str
    url: str
    start: int
    end: int
    dest_start: int
    dest_end: int


@dataclass
class Blocks:
    """The result: blocks to scan, definitions, and regions that are not Markdown."""

    segments: list[tuple[int, int, str]] = field(default_factory=list)
    definitions: dict[str, Definition] = field(default_factory=dict)
    definition_list: list[Definition] = field(default_factory=list)
    masked: list[tuple[int, int]] = field(default_factory=list)  # Liquid raw/comment/highlight
    work: int = 0


def liquid_regions(text: str) -> list[tuple[int, int]]:
    """``{% raw %}…{% endraw %}`` and friends, paired without backtracking."""
    if "{%" not in text:
        return []
    closes: dict[str, list[tuple[int, int]]] = {}
    for match in _LIQUID_CLOSE.finditer(text):
        closes.setdefault(match.group(1), []).append((match.start(), match.end()))
    close_starts = {kind: [start for start, _ in found] for kind, found in closes.items()}
    regions: list[tuple[int, int]] = []
    covered = 0
    for match in _LIQUID_OPEN.finditer(text):
        if match.start() < covered:
            continue
        candidates = closes.get(match.group(1), [])
        starts = close_starts.get(match.group(1), [])
        index = bisect_right(starts, match.end() - 1)
        if index < len(candidates):
            end = candidates[index][1]
            regions.append((match.start(), end))
            covered = end
    return regions


def _line_offsets(text: str) -> list[tuple[int, int]]:
    lines = []
    start = 0
    find = text.find
    while True:
        newline = find("\n", start)
        if newline == -1:
            lines.append((start, len(text)))
            return lines
        lines.append((start, newline))
        start = newline + 1


def _indent(line: str) -> int:
    width = 0
    for char in line:
        if char == " ":
            width += 1
        elif char == "\t":
            width += 4 - width % 4
        else:
            break
    return width


class _Splitter:
    def __init__(self, text: str, dialect: str = KRAMDOWN) -> None:
        self.text = text
        self.kramdown = dialect == KRAMDOWN
        self.result = Blocks()
        self.result.masked = liquid_regions(text)
        self.lines = _line_offsets(text)
        self.current: int | None = None
        self.current_end = 0
        self._fences: dict[str, list[int]] | None = None
        self._mask_starts = [start for start, _ in self.result.masked]
        self.line_starts = [start for start, _ in self.lines]

    # -- helpers ------------------------------------------------------------
    def line(self, index: int) -> str:
        start, end = self.lines[index]
        line = self.text[start:end]
        return line[:-1] if line.endswith("\r") else line

    seen = False  # has any block (text, code, HTML…) been met yet?

    def flush(self) -> None:
        if self.current is not None and self.current < self.current_end:
            self.result.segments.append((self.current, self.current_end, MARKDOWN))
        self.current = None

    def add_text(self, start: int, end: int) -> None:
        if self.current is None:
            self.current = start
        self.current_end = end

    def masked_line(self, start: int, end: int) -> bool:
        index = bisect_right(self._mask_starts, start) - 1
        if index < 0:
            return False
        region_start, region_end = self.result.masked[index]
        return region_start <= start and end <= region_end

    def fence_close(self, index: int, fence: str) -> int | None:
        """Index of the line closing `fence` opened at line `index` (exact same fence)."""
        if self._fences is None:
            self._fences = {}
            for number in range(len(self.lines)):
                line = self.line(number)
                if line[:3] in ("```", "~~~"):
                    matched = _FENCE_LINE.match(line)
                    if matched:
                        self._fences.setdefault(matched.group(1), []).append(number)
        closers = self._fences.get(fence, [])
        position = bisect_right(closers, index)
        return closers[position] if position < len(closers) else None

    def html_end(self, start: int, tag: str) -> int:
        """End offset of the raw HTML block opened at `start` (its matching close tag)."""
        if tag in VOID_TAGS:
            close = self.text.find(">", start)
            return len(self.text) if close == -1 else close + 1
        pattern = re.compile(rf"<(/?){re.escape(tag)}(?=[\s/>])[^>]*>", re.IGNORECASE)
        depth = 0
        for match in pattern.finditer(self.text, start):
            self.result.work += 1
            if match.group(1):
                depth -= 1
            elif not match.group(0).endswith("/>") or _open_quote(match.group(0)):
                depth += 1
            if depth <= 0:
                return match.end()
        return len(self.text)

    def definition_term(self, end: int) -> bool:
        following = self.line_at(end) + 1
        return following < len(self.lines) and bool(_DEFINITION_ITEM.match(self.line(following)))

    def line_at(self, offset: int) -> int:
        return bisect_right(self.line_starts, offset) - 1

    # -- the pass -------------------------------------------------------------
    def run(self) -> Blocks:
        text = self.text
        lines = self.lines
        line_starts = self.line_starts
        previous_blank = True
        in_list = False
        in_quote = False
        index = 0
        resume = -1  # offset inside the current line where scanning resumes
        count = len(lines)
        masked = bool(self.result.masked)
        while index < count:
            self.result.work += 1
            start, end = lines[index]
            if resume > start:
                start = resume
            resume = -1
            line = text[start:end]
            if line.endswith("\r"):
                line = line[:-1]
            if line[:1].isalpha() and not masked:
                # Fast path: a line of prose starting with a letter is never code,
                # a heading, a list item, a definition or HTML.
                if previous_blank:
                    in_list = in_quote = False
                if self.current is None:
                    self.current = start
                self.current_end = end
                self.seen = True
                previous_blank = False
                index += 1
                continue
            if masked and self.masked_line(start, end):
                self.flush()
                index += 1
                continue
            first = line[:1]
            if not line or (first in _BLANKISH and not line.strip()):
                self.flush()
                previous_blank = True
                index += 1
                continue
            seen_before = self.seen
            self.seen = True
            at_line_start = start == lines[index][0]
            indent = _indent(line) if at_line_start and first in " \t" else 0
            if at_line_start and first in "`~" and line[:3] in ("```", "~~~"):
                opened = _FENCE_OPEN.match(line)
                if opened:
                    closer = self.fence_close(index, opened.group(1))
                    if closer is not None:
                        self.flush()
                        previous_blank = True
                        in_list = False
                        index = closer + 1
                        continue
            code_indent = 8 if in_list else 4
            if indent >= code_indent and previous_blank:
                self.flush()
                index += 1
                lazy = self.kramdown  # kramdown: a line right after a code line continues it
                while index < count:
                    following = self.line(index)
                    blank = not following.strip()
                    if (
                        not blank
                        and _indent(following) < code_indent
                        and (not lazy or _LAZY_STOP.match(following))
                    ):
                        break
                    lazy = self.kramdown and not blank
                    index += 1
                previous_blank = True
                continue
            quote = _QUOTED_HTML.match(line) if self.kramdown and ">" in line[:4] else None
            if quote is not None:  # kramdown reads a quote's HTML blocks as raw HTML too
                jump = self.html_block(index, start + quote.end(), line[quote.end() :], line_starts)
                if jump is not None:
                    index, resume = jump
                    previous_blank = False
                    continue
            if "<" in line[:4] and line.lstrip(" ").startswith("<"):
                jump = self.html_block(index, start, line, line_starts)
                if jump is not None:
                    index, resume = jump
                    previous_blank = False
                    in_list = False
                    continue
            if at_line_start and first in " [" and indent < 4 and "]:" in line:
                defined = DEFINITION.match(text, start)
                if defined and self.definition_term(defined.end()):
                    defined = None  # "[x]: y\n: z" is a definition list (def_list runs first)
                if defined and not defined.group(1).startswith("^"):
                    self.flush()
                    self.definition(defined)
                    index = self.line_at(defined.end()) + 1
                    previous_blank = True  # what follows is a block of its own
                    if self.kramdown and indent == 0:
                        in_list = False  # kramdown: a definition at the margin ends the list
                    continue
            if at_line_start and first == "#" and _HEADING.match(line):
                in_list = False
                self.flush()
                self.add_text(start, end)
                self.flush()
                previous_blank = False
                index += 1
                continue
            if at_line_start and first in "-*_ " and _RULE.match(line):
                in_list = False
                self.flush()
                previous_blank = True
                index += 1
                continue
            quoted = at_line_start and ">" in line[:4] and line.lstrip(" ")[:1] == ">"
            if quoted and not in_quote:
                self.flush()  # BlockQuoteProcessor splits a paragraph at a "> " line
            in_quote = quoted or (in_quote and not previous_blank)
            if quoted and self.kramdown and first == ">":
                in_list = False  # kramdown: a quote at the margin ends the list
            listed = at_line_start and first in _LIST_STARTS and bool(_LIST_ITEM.match(line))
            # DefListProcessor needs a term or an earlier block of any kind.
            if not listed and at_line_start and first in " :" and seen_before:
                listed = bool(_DEFINITION_ITEM.match(line))
            if listed:
                self.flush()
                in_list = True
            elif previous_blank and indent < 4:
                in_list = False
            self.add_text(start, end)
            previous_blank = False
            index += 1
        self.flush()
        return self.result

    def html_block(
        self, index: int, start: int, line: str, line_starts: list[int]
    ) -> tuple[int, int] | None:
        """A raw HTML block or a comment at the start of a line: skip or record it."""
        text = self.text
        offset = start + (len(line) - len(line.lstrip(" ")))
        if text.startswith("<!--", offset):
            close = text.find("-->", offset + 4)
            end = len(text) if close == -1 else close + 3
        else:
            matched = _BLOCK_TAG.match(line)
            if not matched:
                return None
            tag = matched.group(1).lower()
            if tag not in BLOCK_TAGS or _MARKDOWN_ATTR.search(matched.group(2)):
                return None
            end = self.html_end(offset, tag)
            self.flush()
            self.result.segments.append((offset, end, RAW_HTML))
        self.flush()
        line_index = bisect_right(line_starts, end) - 1
        if line_index < index:
            line_index = index
        line_end = self.lines[line_index][1]
        if end >= line_end:
            return line_index + 1, -1
        return line_index, end

    def definition(self, matched: re.Match[str]) -> None:
        label = matched.group(1)
        key = label.strip().lower()
        dest_start, dest_end = matched.span(2)
        raw = matched.group(2)
        url = raw.lstrip("<").rstrip(">")
        definition = Definition(
            key=key,
            label=label,
            url=url,
            start=matched.start(),
            end=matched.end(),
            dest_start=dest_start,
            dest_end=dest_end,
        )
        self.result.definition_list.append(definition)
        # Python-Markdown keeps the last definition of an id.
        self.result.definitions[key] = definition


def _open_quote(tag: str) -> bool:
    """``<iframe src="<https://a.fr/>``: the "/>" is inside a value, not the tag's end."""
    quote = ""
    for char in tag:
        if quote:
            quote = "" if char == quote else quote
        elif char in "\"'":
            quote = char
    return bool(quote)


def split_blocks(text: str, dialect: str = KRAMDOWN) -> Blocks:
    """Blocks of `text` (a Markdown body) in source order, with reference definitions."""
    return _Splitter(text, dialect).run()
