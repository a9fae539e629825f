"""Block rules where kramdown's GFM parser differs from CommonMark.

- any list marker ends a paragraph (``N.`` with any number, an empty item too); ``N)`` is
  not a list marker; the start number is ignored (renderer);
- ``{: …}`` (IAL), ``{:name: …}`` (ALD), ``{::comment}``, ``{::nomarkdown}``, ``{::options}``;
- ``$$`` math blocks, ``*[ABBR]: text`` definitions.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from markdown_it.rules_block import StateBlock
from markdown_it.token import Token

from pelican_fast.jekyll.kramdown.ial import parse_attrs

BlockRule = Callable[[StateBlock, int, int, bool], bool]

_ORDERED_PAREN = re.compile(r" {0,3}\d{1,9}\)")


def kramdown_list(original: BlockRule) -> BlockRule:
    """markdown-it's list rule, allowed to interrupt a paragraph with any marker."""

    def rule(state: StateBlock, start: int, end: int, silent: bool) -> bool:
        line = state.src[state.bMarks[start] : state.eMarks[start]]
        if _ORDERED_PAREN.match(line):
            return False
        if silent and state.parentType == "paragraph":
            state.parentType = "kd_paragraph"
            try:
                return original(state, start, end, silent)
            finally:
                state.parentType = "paragraph"
        return original(state, start, end, silent)

    return rule


_ALD = re.compile(r" {0,3}\{:([\w-]+):(.*)\}\s*$")
_IAL = re.compile(r" {0,3}\{:(?![:/])(.*)\}\s*$")
_EXT = re.compile(r" {0,3}\{::(comment|nomarkdown|options)\b(.*?)(/)?\}\s*$")
_EXT_INLINE_END = re.compile(r"\{:/(?:comment|nomarkdown|options)?\}")
_OPTION = re.compile(r"""([\w-]+)=(?:"([^"]*)"|'([^']*)')""")


def _line(state: StateBlock, line: int) -> str:
    return state.src[state.bMarks[line] : state.eMarks[line]]


def _ext_end(state: StateBlock, start: int, end: int, name: str) -> int:
    """Line of the closing ``{:/name}`` or ``{:/}`` (the last line when there is none)."""
    closing = re.compile(r" {0,3}\{:/(?:" + name + r")?\}\s*$")
    line = start + 1
    while line < end and not closing.match(_line(state, line)):
        line += 1
    return line


def extensions(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    """IAL/ALD lines and kramdown's block extensions."""
    if state.sCount[start] - state.blkIndent >= 4:
        return False
    text = _line(state, start)
    if "{:" not in text[:5]:
        return False
    env = state.env
    ext = _EXT.match(text)
    if ext is not None:
        if silent:
            return False
        name = ext.group(1)
        if name == "options" or ext.group(3):
            if name == "options":
                opts = {
                    m.group(1): m.group(2) if m.group(2) is not None else m.group(3)
                    for m in _OPTION.finditer(ext.group(2))
                }
                env.setdefault("kd_options", []).append((start, opts))
            state.line = start + 1
            return True
        last = _ext_end(state, start, end, name)
        body = state.getLines(start + 1, last, state.blkIndent, False)
        token = state.push("html_block", "", 0)
        token.map = [start, min(last + 1, end)]
        token.content = f"<!-- {body.strip()} -->\n" if name == "comment" else body
        state.line = min(last + 1, end)
        return True
    ald = _ALD.match(text)
    if ald is not None:
        if silent:
            return True
        alds = env.setdefault("kd_alds", {})
        alds[ald.group(1)] = parse_attrs(ald.group(2), alds)[0]
        state.line = start + 1
        return True
    ial = _IAL.match(text)
    if ial is None:
        return False
    if silent:
        return True
    token = state.push("kd_ial", "", 0)
    token.map = [start, start + 1]
    token.content = ial.group(1)
    token.hidden = True
    state.line = start + 1
    return True


_MATH_OPEN = re.compile(r" {0,3}\$\$")


def math_block(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    """``$$ … $$`` standing alone: kramdown's display math, written ``\\[…\\]`` for MathJax."""
    if state.sCount[start] - state.blkIndent >= 4:
        return False
    text = _line(state, start)
    if not _MATH_OPEN.match(text):
        return False
    body = text.strip()[2:]
    line = start
    if body.rstrip().endswith("$$") and len(body.rstrip()) >= 2:
        content, last = body.rstrip()[:-2], start
    else:
        if start >= state.env.get("kd_math_unclosed", end):
            return False  # known: no closing line after here (keeps many openers linear)
        lines = [body]
        line = start + 1
        while line < end and not _line(state, line).rstrip().endswith("$$"):
            lines.append(_line(state, line))
            line += 1
        if line >= end:
            state.env["kd_math_unclosed"] = start
            return False
        closing = _line(state, line).rstrip()[:-2]
        lines.append(closing)
        content, last = "\n".join(lines), line
    if last + 1 < end and not state.isEmpty(last + 1):
        return False  # kramdown: math block only when followed by a blank line or the end
    if silent:
        return True
    token = state.push("math_block", "", 0)
    token.content = content.strip()
    token.map = [start, last + 1]
    state.line = last + 1
    return True


_ABBR = re.compile(r" {0,3}\*\[([^\]\n]+)\]:(.*)$")


def abbreviations(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    """``*[HTML]: Hyper Text Markup Language``: kept in env, applied to the whole text."""
    if state.sCount[start] - state.blkIndent >= 4:
        return False
    m = _ABBR.match(_line(state, start))
    if m is None:
        return False
    if silent:
        return True
    state.env.setdefault("kd_abbrs", {})[m.group(1)] = m.group(2).strip()
    state.line = start + 1
    return True


def one_line_setext(original: BlockRule) -> BlockRule:
    """kramdown: a setext heading is one line of text and its underline."""

    def rule(state: StateBlock, start: int, end: int, silent: bool) -> bool:
        following = start + 1
        if following >= end or state.sCount[following] - state.blkIndent >= 4:
            return False
        underline = _line(state, following).strip()
        if not underline or (underline.strip("=") and underline.strip("-")):
            return False
        return original(state, start, end, silent)

    return rule


_FENCE_INFO = re.compile(r" {0,3}(`{3,}|~{3,})\s*(\S*)\s*$")


def one_word_fence(original: BlockRule) -> BlockRule:
    """kramdown-parser-gfm: a fence's info string is one word (``js {x}`` opens nothing)."""

    def rule(state: StateBlock, start: int, end: int, silent: bool) -> bool:
        line = _line(state, start)
        stripped = line.lstrip(" ")
        if stripped[:3] not in ("```", "~~~"):
            return False
        opening = _FENCE_INFO.match(line)
        if opening is None or not _closed(state, start, end, opening.group(1)):
            return False
        return original(state, start, end, silent)

    return rule


def _closed(state: StateBlock, start: int, end: int, marker: str) -> bool:
    """Whether a closing fence follows (kramdown: an unclosed fence is a paragraph).

    A failed search is remembered per fence character: a later opener at least as long
    cannot be closed either, so many unclosed openers do not rescan the rest each time.
    """
    char, length = marker[0], len(marker)
    failed = state.env.setdefault("kd_unclosed_fences", {})
    known = failed.get(char)
    if known is not None and start >= known[0] and length >= known[1]:
        return False
    closing = re.compile(r" {0,3}" + re.escape(char) + "{" + str(length) + r",}\s*$")
    for line in range(start + 1, end):
        if closing.match(_line(state, line)):
            return True
    failed[char] = (start, length)
    return False


_EOB = re.compile(r"\^\s*$")


def end_of_block(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    """kramdown's end-of-block marker: a line holding only ``^`` ends a list; shows nothing."""
    if state.sCount[start] > state.blkIndent or not _EOB.match(_line(state, start).lstrip(" ")):
        return False
    if not silent:
        state.line = start + 1
    return True


_DEFINITION = re.compile(r" {0,3}:[ \t]+\S")
# lines that would end a paragraph, hence cannot be definition terms
_ENDS_TERMS = re.compile(r" {0,3}(?:#|>|[-*+][ \t]|\d+\.[ \t]|```|~~~|\{:|</?[A-Za-z]|\$\$)")


def _is_definition(state: StateBlock, line: int) -> bool:
    return state.sCount[line] - state.blkIndent < 4 and bool(_DEFINITION.match(_line(state, line)))


def multi_term_deflist(original: BlockRule) -> BlockRule:
    """kramdown: every line of the paragraph before ``: definition`` is a term (``<dt>``);
    mdit-py-plugins' rule takes one term line, so the lines above it are added as terms."""

    def rule(state: StateBlock, start: int, end: int, silent: bool) -> bool:
        if silent or state.sCount[start] - state.blkIndent >= 4:
            return original(state, start, end, silent)
        line = start
        while line < end and not state.isEmpty(line) and line - start < 64:
            if line > start and _is_definition(state, line):
                break
            if _ENDS_TERMS.match(_line(state, line)):
                return False  # not a paragraph of terms: a block starts here
            line += 1
        else:
            if not (line < end and state.isEmpty(line) and line + 1 < end):
                return False
            if not _is_definition(state, line + 1):  # kramdown: one blank allowed
                return False
        loose = state.isEmpty(line)  # a blank line before ": ": the definition is a <p>
        last_term = line - 1
        if last_term <= start:
            return original(state, start, end, silent)
        count = len(state.tokens)
        if not original(state, last_term, end, silent):
            return False
        if loose:
            dd = next(
                i for i in range(count, len(state.tokens)) if state.tokens[i].type == "dd_open"
            )
            for token in state.tokens[dd + 1 : dd + 4]:
                if token.type in ("paragraph_open", "paragraph_close"):
                    token.hidden = False
        terms = []
        for term_line in range(start, last_term):
            dt_open = Token("dt_open", "dt", 1)
            dt_open.map = [term_line, term_line + 1]
            inline = Token("inline", "", 0)
            inline.content = _line(state, term_line).strip()
            inline.map = [term_line, term_line + 1]
            inline.children = []
            terms += [dt_open, inline, Token("dt_close", "dt", -1)]
        dl_open = state.tokens[count]
        for token in terms:
            token.level = dl_open.level + 1 + (token.type == "inline")
        dl_open.map = [start, dl_open.map[1] if dl_open.map else line]
        state.tokens[count + 1 : count + 1] = terms
        return True

    return rule


_LAZY_STOP = re.compile(r" {0,3}(?:\{:(?![:/])|\^\s*$|</?[A-Za-z_:])")


def code_block(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    """kramdown's indented code: lines indented by 4, and the non-blank lines right after
    them whatever their indentation (up to an IAL, an end-of-block marker or an HTML line);
    a blank line continues the block only when indented lines follow."""
    if state.sCount[start] - state.blkIndent < 4:
        return False
    line, last = start, start
    while line < end:
        if state.isEmpty(line):
            following = line
            while following < end and state.isEmpty(following):
                following += 1
            if following < end and state.sCount[following] - state.blkIndent >= 4:
                line = following
                continue
            break
        if state.sCount[line] - state.blkIndent < 4 and (
            state.sCount[line] < state.blkIndent or _LAZY_STOP.match(_line(state, line))
        ):
            break
        last = line
        line += 1
    if silent:
        return True
    parts: list[str] = []
    for number in range(start, last + 1):
        if state.isEmpty(number) or state.sCount[number] - state.blkIndent >= 4:
            parts.append(state.getLines(number, number + 1, 4 + state.blkIndent, False))
        else:  # kramdown: gsub(/\n( {0,3}\S)/, ' \1'), a lazy line joins the one before
            raw = _line(state, number)
            cut = min(len(raw) - len(raw.lstrip(" ")), state.blkIndent)
            parts[-1] += " " + raw[cut:]
    token = state.push("code_block", "code", 0)
    token.content = "\n".join(parts) + "\n"
    token.map = [start, last + 1]
    state.line = last + 1
    return True
