"""kramdown's block HTML: a line starting with a block-level tag opens a block that runs to
the matching closing tag (not to a blank line), raw unless the tag has ``markdown="1"``.

Span-level tags (``<a>``, ``<span>``, ``<img>``…) at the start of a line begin a paragraph.
Tags are paired once per document with one stack per name (linear); a block looks its end up.
"""

from __future__ import annotations

import bisect
import re

from markdown_it.rules_block import StateBlock


def _names(text: str) -> frozenset[str]:
    return frozenset(text.split())


SPAN_ELEMENTS = _names(
    """
    a abbr acronym b big bdo br button cite code del dfn em i img input ins kbd label
    mark option q rb rbc rp rt rtc ruby samp select small span strong sub sup tt u var
    """
)
VOID = _names(
    """
    area base br col command embed hr img input keygen link meta param source track wbr
    """
)
# Attribute text never crosses "<" or ">", so each search stops at the next one: linear.
# kramdown's HTML_CONTENT_MODEL_SPAN: with markdown="1", their content is parsed as a span.
_LAZY_SPAN = SPAN_ELEMENTS | {"script"}
SPAN_CONTENT = _names(
    """
    a abbr acronym address b bdo big button caption cite code del dfn dt em h1 h2 h3 h4 h5 h6
    i ins label legend optgroup p q rb rbc rp rt rtc ruby select small span strong sub sup th
    tt
    """
)
_TAG = re.compile(r"""<(/?)([A-Za-z][\w:.-]*)((?:"[^"<>]*"|'[^'<>]*'|[^'"<>])*)>""")
_LAZY_END = re.compile(r"<(?:/([A-Za-z_:][\w:.-]*)\s*>|([A-Za-z_:][\w:.-]*))")
_START = re.compile(r" {0,3}<(?:(/?)([A-Za-z][\w:.-]*)(?=\s|/?>|$)|(!--))")
_MARKDOWN_ATTR = re.compile(r"""\s+markdown=(?:"(?:1|block)"|'(?:1|block)'|1)""")


def _pairs(src: str) -> dict[int, int]:
    """Start of each opening tag -> end of its closing tag (or of itself when void)."""
    stacks: dict[str, list[int]] = {}
    match: dict[int, int] = {}
    for m in _TAG.finditer(src):
        name = m.group(2).lower()
        if m.group(1):
            stack = stacks.get(name)
            if stack:
                match[stack.pop()] = m.end()
        elif name in VOID or m.group(3).rstrip().endswith("/"):
            match[m.start()] = m.end()
        else:
            stacks.setdefault(name, []).append(m.start())
    return match


def ends_lazy_lines(line: str) -> bool:
    """kramdown's LAZY_END_HTML_START/STOP at the start of ``line``."""
    lazy = _LAZY_END.match(line)
    return lazy is not None and (lazy.group(1) or lazy.group(2)).lower() not in _LAZY_SPAN


def _line_of(state: StateBlock, pos: int) -> int:
    return bisect.bisect_right(state.bMarks, pos) - 1


def html_block(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    if state.sCount[start] - state.blkIndent >= 4:
        return False
    begin = state.bMarks[start] + state.tShift[start]
    if silent and state.parentType in ("blockquote", "list"):
        # kramdown's LAZY_END_HTML_START/STOP: any "<name" but a span element's ends the lazy
        # lines of a quote or list item, even when no tag follows. (A paragraph ends there
        # too, but when no HTML block follows kramdown joins the next paragraph back to it.)
        return ends_lazy_lines(state.src[begin : state.eMarks[start]])
    m = _START.match(state.src, begin - min(state.tShift[start], 3), state.eMarks[start])
    if m is None or state.src[begin] != "<":
        return False
    comment = m.group(3) is not None
    name = (m.group(2) or "").lower()
    if not comment and name in SPAN_ELEMENTS:
        return False
    if silent:
        return not comment  # kramdown: a comment line does not end a paragraph
    env = state.env
    if comment:
        close = state.src.find("-->", begin)
        close_end = len(state.src) if close < 0 else close + 3
    elif m.group(1):
        close_end = state.eMarks[start]
    else:
        pairs = env.get("kd_pairs")
        if pairs is None:
            pairs = env["kd_pairs"] = _pairs(state.src)
        found = pairs.get(begin)
        close_end = state.eMarks[start] if found is None else found
    last = min(max(_line_of(state, max(close_end - 1, begin)), start), end - 1)
    tag = _TAG.match(state.src, begin)
    markdown = not comment and tag is not None and _MARKDOWN_ATTR.search(tag.group(0)) is not None
    if markdown and tag is not None and last > start and tag.end() >= state.eMarks[start] - 1:
        opening = _MARKDOWN_ATTR.sub("", tag.group(0))
        token = state.push("html_block", "", 0)
        token.content = opening + "\n"
        token.map = [start, start + 1]
        first_inner = len(state.tokens)
        if name in SPAN_CONTENT:  # kramdown parses such an element's content as one span
            para = state.push("paragraph_open", "p", 1)
            para.hidden = True
            inner = state.push("inline", "", 0)
            inner.content = state.getLines(start + 1, last, state.blkIndent, False).strip()
            inner.map = [start + 1, last]
            inner.children = []
            state.push("paragraph_close", "p", -1).hidden = True
        old_parent, old_max = state.parentType, state.lineMax
        state.parentType, state.lineMax = "kd_html", last
        if name not in SPAN_CONTENT:
            state.md.block.tokenize(state, start + 1, last)
        state.parentType, state.lineMax = old_parent, old_max
        for inner in state.tokens[first_inner:]:
            if inner.type == "heading_open":
                inner.meta["kd_legacy_id"] = True
        token = state.push("html_block", "", 0)
        token.content = state.src[state.bMarks[last] : state.eMarks[last]] + "\n"
        token.map = [last, last + 1]
        state.line = last + 1
        return True
    token = state.push("html_block", "", 0)
    token.map = [start, last + 1]
    token.content = escape_stray_brackets(state.getLines(start, last + 1, state.blkIndent, True))
    state.line = last + 1
    return True


_MARKUP = re.compile(
    r"""<!--.*?-->|<!\[CDATA\[.*?\]\]>|<![A-Za-z][^<>]*+>|<\?[^<>]*+\?>"""
    r"""|</?[A-Za-z][\w:.-]*+(?:\s++[^\s"'<>/=]++(?:\s*+=\s*+(?:"[^"]*+"|'[^']*+'|[^\s"'=<>`]++))?+)*+\s*+/?>""",
    re.S,
)
_UNBOUNDED = ("<!--", "<script", "<style", "<pre", "<textarea", "<math")
_RAW_CONTENT = re.compile(r"<(script|style|pre|textarea|math)\b.*?</\1\s*>", re.S | re.I)


def escape_stray_brackets(text: str) -> str:
    """kramdown re-writes block HTML: a ``<`` or ``>`` that is not part of a tag, comment
    or raw element (``<https://x>`` in a ``<div>``) is text, written ``&lt;``/``&gt;``."""
    if "<" not in text and ">" not in text:
        return text
    out: list[str] = []
    pos = 0
    unclosed: set[str] = set()  # "<script" or "<!--" with no end after: not searched again
    while pos < len(text):
        tag = None
        if text.startswith("<", pos):
            name = next((n for n in _UNBOUNDED if text.lower().startswith(n, pos)), None)
            if name is None or name not in unclosed:
                tag = (_RAW_CONTENT.match(text, pos) if name and name != "<!--" else None) or (
                    _MARKUP.match(text, pos)
                )
                if tag is None and name is not None:
                    unclosed.add(name)
        if tag is not None:
            out.append(tag.group(0))
            pos = tag.end()
            continue
        nxt = text.find("<", pos + 1)
        nxt = len(text) if nxt < 0 else nxt
        out.append(text[pos:nxt].replace("<", "&lt;").replace(">", "&gt;"))
        pos = nxt
    return "".join(out)
