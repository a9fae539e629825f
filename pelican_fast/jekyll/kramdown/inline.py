"""Inline rules where kramdown differs: its escape set, span IALs and ``$$`` inline math."""

from __future__ import annotations

import re
from collections.abc import Callable

from markdown_it.rules_inline import StateInline

InlineRule = Callable[[StateInline, bool], bool]

# kramdown-parser-gfm's ESCAPED_CHARS_GFM; any other "\x" keeps its backslash.
ESCAPABLE = frozenset("\\.*_+`<>()[]{}#!:|\"'$=-~")
_ASCII_PUNCT = frozenset("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")


def kramdown_escape(original: InlineRule) -> InlineRule:
    def rule(state: StateInline, silent: bool) -> bool:
        pos = state.pos
        if state.src[pos] != "\\" or pos + 1 >= state.posMax:
            return original(state, silent)
        char = state.src[pos + 1]
        if char in _ASCII_PUNCT and char not in ESCAPABLE:
            if not silent:
                state.pending += "\\"
            state.pos = pos + 1
            return True
        return original(state, silent)

    return rule


_SPAN_IAL = re.compile(r"\{:(?![:/])([^}\n]*)\}")


def span_ial(state: StateInline, silent: bool) -> bool:
    """``{: …}`` right after a span: a hidden token the core rule attaches to that span."""
    if state.src[state.pos] != "{" or not state.src.startswith("{:", state.pos):
        return False
    if state.pending:  # text just before: not after a span, kramdown shows it as text
        return False
    m = _SPAN_IAL.match(state.src, state.pos, state.posMax)
    if m is None:
        return False
    if not silent:
        token = state.push("kd_span_ial", "", 0)
        token.content = m.group(1)
        token.markup = m.group(0)
    state.pos = m.end()
    return True


_INLINE_MATH = re.compile(r"\$\$(.+?)\$\$", re.S)


def inline_math(state: StateInline, silent: bool) -> bool:
    if not state.src.startswith("$$", state.pos):
        return False
    m = _INLINE_MATH.match(state.src, state.pos, state.posMax)
    if m is None:
        return False
    if not silent:
        token = state.push("math_inline", "", 0)
        token.content = m.group(1)
    state.pos = m.end()
    return True


_SPAN_EXT = re.compile(r"\{::(comment|nomarkdown)\}(.*?)\{:/(?:\1)?\}", re.S)


def span_extensions(state: StateInline, silent: bool) -> bool:
    """``{::comment}…{:/}`` (an HTML comment) and ``{::nomarkdown}…{:/}`` (raw) in a line."""
    if not state.src.startswith("{::", state.pos):
        return False
    m = _SPAN_EXT.match(state.src, state.pos, state.posMax)
    if m is None:
        return False
    if not silent:
        token = state.push("html_inline", "", 0)
        body = m.group(2)
        token.content = f"<!-- {body} -->" if m.group(1) == "comment" else body
    state.pos = m.end()
    return True


# kramdown's HTML_BLOCK_ELEMENTS: written inside a paragraph, such a tag is shown as text.


def _names(text: str) -> frozenset[str]:
    return frozenset(text.split())


BLOCK_ELEMENTS = _names(
    """
    address article aside applet body blockquote caption col colgroup dd div dl dt
    fieldset figcaption footer form h1 h2 h3 h4 h5 h6 header hgroup hr html head iframe
    legend menu li main map nav ol optgroup p pre section summary table tbody td th
    thead tfoot tr ul
    """
)
_TAG_NAME = re.compile(r"</?([A-Za-z][\w:-]*)")


_WHOLE_TAG = re.compile(r"""</?[A-Za-z][\w:-]*(?:"[^"<>]*"|'[^'<>]*'|[^'"<>])*>""")
_MARKDOWN_ATTR = re.compile(r"""\s+markdown=(?:"[^"]*"|'[^']*'|\w+)""")


def kramdown_html_inline(original: InlineRule) -> InlineRule:
    def rule(state: StateInline, silent: bool) -> bool:
        m = _TAG_NAME.match(state.src, state.pos, state.posMax)
        if m is not None and m.group(1).lower() in BLOCK_ELEMENTS:
            whole = _WHOLE_TAG.match(state.src, state.pos, state.posMax)
            if whole is None:
                return False
            if not silent:  # kramdown adds the tag as plain text, quotes untouched
                token = state.push("text_special", "", 0)
                token.content = whole.group(0)
                token.info = "kramdown-block-tag"
            state.pos = whole.end()
            return True
        count = len(state.tokens)
        if not original(state, silent):
            return False
        for token in state.tokens[count:]:
            if token.type == "html_inline" and "markdown=" in token.content:
                token.content = _MARKDOWN_ATTR.sub("", token.content)  # kramdown's own attribute
        return True

    return rule


_MAX_DESTINATION = 2048
_TITLE = re.compile(r"""\s+(["'])(.*)\1\s*$""", re.S)


def spaced_link(state: StateInline, silent: bool) -> bool:
    """kramdown's ``[text](url with spaces)`` (see ``_spaced``)."""
    return state.src[state.pos] == "[" and _spaced(state, silent)


def spaced_image(state: StateInline, silent: bool) -> bool:
    """kramdown's ``![alt](url with spaces)`` (see ``_spaced``)."""
    return state.src.startswith("![", state.pos) and _spaced(state, silent)


def _spaced(state: StateInline, silent: bool) -> bool:
    """kramdown links ``[text](url with spaces)``, which CommonMark leaves as text.

    Runs after markdown-it's own link rule. The next ``)`` is looked up through a cache of
    the last search, so many openers before one ``)`` stay linear.
    """
    src, pos = state.src, state.pos
    is_image = src.startswith("![", pos)
    if is_image:
        pos += 1
    elif src[pos] != "[":
        return False
    label_end = state.md.helpers.parseLinkLabel(state, pos, not is_image)
    if label_end < 0 or label_end + 1 >= state.posMax or src[label_end + 1] != "(":
        return False
    start = label_end + 2
    cache = state.env.get("kd_paren")  # (this inline state, searched from, found at)
    if (
        cache
        and cache[0] is state
        and (cache[1] <= start <= cache[2] or -1 == cache[2] < cache[1] <= start)
    ):
        close = cache[2]
    else:
        close = src.find(")", start, state.posMax)
        state.env["kd_paren"] = (state, start, close)
    if close < 0 or close - start > _MAX_DESTINATION:
        return False  # (bounded, so that each opener costs at most this much)
    inside = src[start:close]
    if "\n" in inside or "(" in inside or not inside.strip():
        return False
    title = _TITLE.search(inside)
    href = (inside[: title.start()] if title else inside).strip()
    if href.startswith("<") and href.endswith(">"):
        href = href[1:-1]
    if not silent and is_image:
        token = state.push("image", "img", 0)
        token.attrs = {"src": href, "alt": ""}
        if title:
            token.attrs["title"] = title.group(2)
        token.content = src[pos + 1 : label_end]
        token.children = []
        state.md.inline.parse(token.content, state.md, state.env, token.children)
    elif not silent:
        old_max = state.posMax
        token = state.push("link_open", "a", 1)
        token.attrs = {"href": href}
        if title:
            token.attrs["title"] = title.group(2)
        state.pos, state.posMax = pos + 1, label_end
        state.linkLevel += 1
        state.md.inline.tokenize(state)
        state.linkLevel -= 1
        state.posMax = old_max
        state.push("link_close", "a", -1)
    state.pos = close + 1
    return True


# markdown-it-py's image rule scans from each "![" to the end of its label (parseLinkLabel
# is not memoised for images), so "![" repeated is quadratic, and every unclosed "[" costs a
# label scan. When a paragraph holds many "[", a label must have a raw matching "]" within
# _MAX_LABEL characters: one pass pairs brackets (escapes skipped), and each link or image
# attempt then costs at most _MAX_LABEL. Ordinary paragraphs are left to markdown-it alone.
_MANY_BRACKETS = 64
_MAX_LABEL = 4096


def _bracket_pairs(src: str) -> dict[int, int]:
    pairs: dict[int, int] = {}
    stack: list[int] = []
    i, n = 0, len(src)
    while i < n:
        char = src[i]
        if char == "\\":
            i += 2
            continue
        if char == "[":
            stack.append(i)
        elif char == "]" and stack:
            pairs[stack.pop()] = i
        i += 1
    return pairs


def _label_is_plausible(state: StateInline, bracket: int) -> bool:
    guard = state.env.get("kd_bracket_guard")
    if guard is None or guard[0] is not state:
        many = state.src.count("[") >= _MANY_BRACKETS
        guard = (state, _bracket_pairs(state.src) if many else None)
        state.env["kd_bracket_guard"] = guard
    pairs = guard[1]
    if pairs is None:
        return True
    close = pairs.get(bracket, -1)
    return 0 <= close - bracket <= _MAX_LABEL


def guarded(original: InlineRule, offset: int) -> InlineRule:
    """``original`` (a link or image rule) tried only where its label may close."""

    def rule(state: StateInline, silent: bool) -> bool:
        if state.src[state.pos] not in "![" or not _label_is_plausible(state, state.pos + offset):
            return False
        return original(state, silent)

    return rule
