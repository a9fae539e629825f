"""Just enough Markdown structure for laureate detection: blocks with line numbers, inline links.

Detection must see the text as the author wrote it (to report lines and
replace exactly the lines of a list), and must read links the way people
break them (``[Nom](<(https://…>)``, ``[Nom] (url)``, ``[](url)``). A full
Markdown parser gives neither, so this module is a small, forgiving reader
of the few constructs that matter. No Pelican import.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping
from dataclasses import dataclass, field


@dataclass
class Block:
    """A paragraph, list item, heading, table, code or HTML block of a Markdown body."""

    kind: str  # paragraph | item | heading | table | code | html | rule | quote
    lines: list[str]
    start: int  # 0-based index of the first line in the body
    end: int  # index after the last non-blank line
    indent: int = 0  # list items: column of the marker
    ordered: bool = False
    level: int = 0  # headings: 1-6
    children: list[Block] = field(default_factory=list)  # nested list items

    @property
    def text(self) -> str:
        return "\n".join(self.lines)


_FENCE = re.compile(r"^\s{0,3}(`{3,}|~{3,})")
# The closing "#"s are removed by _heading_text: "\s*#*\s*$" after a lazy text would try
# every split of a run of blanks (cubic on "# a<10 000 spaces>b").
_HEADING = re.compile(r"^\s{0,3}(#{1,6})(?:[ \t]+(.*))?$")
_RULE = re.compile(r"^\s{0,3}([-*_])(?:\s*\1){2,}\s*$")
_ITEM = re.compile(r"^(\s*)([-*+•]|\d{1,3}[.)])\s+(.*)$")
_TABLE = re.compile(r"^\s*\|.*\|\s*$")
_HTML = re.compile(r"^\s{0,3}<(?:[a-zA-Z][a-zA-Z0-9-]*[\s/>]|[a-zA-Z][a-zA-Z0-9-]*$|/|!--)")
_QUOTE = re.compile(r"^\s{0,3}>")
_LIQUID_CODE = re.compile(r"^\s*\{%-?\s*(highlight|raw|comment)\b")
_LIQUID_CODE_END = re.compile(r"\{%-?\s*end(highlight|raw|comment)\s*-?%\}")


def _heading_text(text: str) -> str:
    """ATX heading text without its optional closing sequence ("## Titre ##")."""
    text = text.strip()
    bare = text.rstrip("#")
    if bare != text and (not bare or bare[-1] in " \t"):
        text = bare.rstrip()
    return text


def blocks(body: str) -> list[Block]:
    """Split a Markdown body into blocks; nested list items become children of their item."""
    lines = body.split("\n")
    found: list[Block] = []
    current: Block | None = None
    items: list[Block] = []  # open list items, outermost first
    blank_before = True
    index = 0

    def close() -> None:
        nonlocal current
        current = None

    while index < len(lines):
        line = lines[index].rstrip("\r")
        stripped = line.strip()
        if not stripped:
            blank_before = True
            if current is not None and current.kind != "item":
                close()
            index += 1
            continue
        fence = _FENCE.match(line)
        liquid = _LIQUID_CODE.match(line)
        if fence or liquid:
            close()
            items.clear()
            start = index
            if fence:
                marker = fence.group(1)
                index += 1
                while index < len(lines) and not lines[index].strip().startswith(marker):
                    index += 1
            else:
                while index < len(lines) and not _LIQUID_CODE_END.search(lines[index]):
                    index += 1
            index = min(index + 1, len(lines))
            found.append(Block("code", lines[start:index], start, index))
            blank_before = False
            continue
        item = _ITEM.match(line)
        heading = _HEADING.match(line)
        indent = len(line) - len(line.lstrip())
        if heading and not (current is not None and current.kind == "item" and indent >= 2):
            close()
            items.clear()
            found.append(
                Block(
                    "heading",
                    [_heading_text(heading.group(2) or "")],
                    index,
                    index + 1,
                    level=len(heading.group(1)),
                )
            )
        elif _RULE.match(line) and not item:
            close()
            items.clear()
            found.append(Block("rule", [line], index, index + 1))
        elif item:
            block = Block(
                "item",
                [item.group(3)],
                index,
                index + 1,
                indent=len(item.group(1)),
                ordered=item.group(2)[0].isdigit(),
            )
            while items and items[-1].indent >= block.indent:
                items.pop()
            if items and block.indent >= items[-1].indent + 2:
                items[-1].children.append(block)
            else:
                items.clear()
                found.append(block)
            items.append(block)
            current = block
        elif current is not None and current.kind == "item" and (not blank_before or indent >= 2):
            target = items[-1] if items else current
            target.lines.append(line.strip())
            target.end = index + 1
            for parent in items:
                parent.end = max(parent.end, index + 1)
        elif current is not None and current.kind in ("paragraph", "table", "html", "quote"):
            current.lines.append(line)
            current.end = index + 1
        else:
            items.clear()
            kind = "paragraph"
            if _TABLE.match(line):
                kind = "table"
            elif _HTML.match(line):
                kind = "html"
            elif _QUOTE.match(line):
                kind = "quote"
            current = Block(kind, [line], index, index + 1)
            found.append(current)
        if current is not None and current.kind == "item" and items:
            for parent in items:
                parent.end = max(parent.end, index + 1)
        blank_before = False
        index += 1
    return found


# -- inline -----------------------------------------------------------------------------
@dataclass(frozen=True)
class ProseLink:
    """A link as written: its text, its raw destination, where it is in the text."""

    text: str
    raw_url: str
    start: int
    end: int
    image: bool = False
    kind: str = "inline"  # inline | reference | autolink | bare | html


_REFERENCE_DEFINITION = re.compile(r"^\s{0,3}\[([^\]]+)\]:\s*(\S+)", re.M)
_AUTOLINK = re.compile(r"<((?:https?://|mailto:|www\.)[^<>\s]+)>")
_HTML_LINK = re.compile(
    r"<a\s[^>]*?href\s*=\s*([\"'])(.*?)\1[^>]*>(.*?)</a\s*>", re.IGNORECASE | re.DOTALL
)
_BARE = re.compile(r"(?<![\w(<\[\"'=/])(?:https?://|www\.)[^\s<>()\[\]]*[^\s<>()\[\].,;:!?»\"']")


def reference_definitions(body: str) -> dict[str, str]:
    return {m.group(1).strip().lower(): m.group(2) for m in _REFERENCE_DEFINITION.finditer(body)}


_BRACKET_EVENT = re.compile(r"\\.|[\[\]]|\n(?=\n)", re.DOTALL)


def _closing_brackets(text: str) -> dict[int, int]:
    """Index of the ``]`` closing each ``[`` of `text` (one pass; none across a blank line).

    Searching from each ``[`` in turn would be quadratic on ``[[[[…``; the pass visits
    only brackets, escapes and blank lines.
    """
    pairs: dict[int, int] = {}
    open_at: list[int] = []
    for event in _BRACKET_EVENT.finditer(text):
        char = event.group()
        if char == "[":
            open_at.append(event.start())
        elif char == "]":
            if open_at:
                pairs[open_at.pop()] = event.start()
        elif char == "\n":
            open_at.clear()
    return pairs


def _destination(text: str, start: int) -> tuple[str, int]:
    """Raw destination after the ``(`` at `start`, and the index after its ``)``.

    Forgiving: ``<…>`` may hold anything, parentheses nest, and a missing
    ``)`` ends the destination at the end of the line.
    """
    index = start + 1
    if index < len(text) and text[index] == "<":
        close = text.find(">", index)
        line_end = text.find("\n", index)
        if close != -1 and (line_end == -1 or close < line_end):
            after = text.find(")", close)
            if after != -1 and (line_end == -1 or after < line_end):
                return text[index:after], after + 1
    depth = 1
    while index < len(text):
        char = text[index]
        if char == "\\":
            index += 2
            continue
        if char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
            if depth == 0:
                return text[start + 1 : index], index + 1
        elif char == "\n":
            break
        index += 1
    return text[start + 1 : index], index


_TITLE = re.compile(r"""\s+(?:"[^"]*"|'[^']*')\s*$""")


def links(text: str, references: Mapping[str, str] | None = None) -> list[ProseLink]:
    """Every link and image of `text`, in order, including malformed ones."""
    found: list[ProseLink] = []
    taken: list[tuple[int, int]] = []
    closing = _closing_brackets(text) if "[" in text else {}
    index = 0
    while True:
        index = text.find("[", index)
        if index == -1:
            break
        image = index > 0 and text[index - 1] == "!"
        close = closing.get(index, -1)
        if close == -1:
            index += 1
            continue
        label = text[index + 1 : close]
        after = close + 1
        space = after
        if space < len(text) and text[space] in " \t" and text[space + 1 : space + 2] == "(":
            space += 1  # "[Nom] (url)": a space that breaks the link for Markdown
        start = index - 1 if image else index
        if space < len(text) and text[space] == "(":
            raw, end = _destination(text, space)
            raw = _TITLE.sub("", raw)
            found.append(ProseLink(label, raw, start, end, image))
            taken.append((start, end))
            index = end
            continue
        if references is not None:
            ref_end = after
            key = label
            if after < len(text) and text[after] == "[":
                ref_close = text.find("]", after)
                if ref_close != -1:
                    key = text[after + 1 : ref_close] or label
                    ref_end = ref_close + 1
            url = references.get(key.strip().lower())
            if url is not None and not text.startswith(":", after):
                found.append(ProseLink(label, url, start, ref_end, image, "reference"))
                taken.append((start, ref_end))
                index = ref_end
                continue
        # "[[Nom](url)]": look inside.
        index += 1
    for pattern, kind in ((_HTML_LINK, "html"), (_AUTOLINK, "autolink"), (_BARE, "bare")):
        for match in pattern.finditer(text):
            if any(s <= match.start() < e for s, e in taken):
                continue
            if kind == "html":
                found.append(
                    ProseLink(match.group(3), match.group(2), match.start(), match.end(), kind=kind)
                )
            else:
                url = match.group(1) if kind == "autolink" else match.group(0)
                found.append(ProseLink(url, url, match.start(), match.end(), kind=kind))
            taken.append((match.start(), match.end()))
    found.sort(key=lambda link: link.start)
    # Links nested in a link's text ("[**[Nom](url)**](url)") are the outer one's business.
    return [
        link
        for link in found
        if not any(o is not link and o.start < link.start and link.end <= o.end for o in found)
    ]


_TAG = re.compile(r"</?[a-zA-Z][^>]*>")
_STRONG = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1", re.DOTALL)
_EMPHASIS = re.compile(r"(?<![\w*])([*_])(?=\S)(.+?)(?<=\S)\1(?![\w*])", re.DOTALL)
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|])")
_ATTRIBUTES = re.compile(r"\{:[^}]*\}")


def plain(text: str, references: Mapping[str, str] | None = None) -> str:
    """Markdown inline text as plain text: links become their text, images and marks go."""
    if "[" in text or "<" in text:
        pieces = []
        position = 0
        for link in links(text, references):
            if link.kind in ("bare", "autolink"):
                continue
            pieces.append(text[position : link.start])
            if not link.image:
                pieces.append(plain(link.text, references))
            position = link.end
        pieces.append(text[position:])
        text = "".join(pieces)
    # Each pattern needs its marker character: most sentences skip most of them.
    if "{:" in text:
        text = _ATTRIBUTES.sub("", text)
    if "<" in text:
        text = _TAG.sub("", text)
    if "**" in text or "__" in text:
        for _ in range(2):
            text = _STRONG.sub(r"\2", text)
    if "*" in text or "_" in text:
        text = _EMPHASIS.sub(r"\2", text)
        text = text.replace("**", "").replace("__", "")
    if "\\" in text:
        text = _ESCAPE.sub(r"\1", text)
    text = html.unescape(text)
    return " ".join(text.replace("\u00a0", " ").split())
