"""Core rules run after inline parsing: IALs attached, heading ids, abbreviations, TOC."""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from typing import Any

from markdown_it.rules_core import StateCore
from markdown_it.token import Token

from pelican_fast.jekyll.kramdown.heading_ids import GfmIds, LegacyIds, heading_text
from pelican_fast.jekyll.kramdown.ial import apply_attrs, parse_attrs
from pelican_fast.jekyll.kramdown.options import KramdownOptions

_SELF_CONTAINED = frozenset({"html_block", "fence", "code_block", "hr", "math_block"})


def _opener(tokens: list[Token], close: int) -> int:
    """Index of the opening token matching ``tokens[close]`` (same level, nesting 1)."""
    level = tokens[close].level
    i = close - 1
    while i >= 0 and not (tokens[i].level == level and tokens[i].nesting == 1):
        i -= 1
    return i


def block_ial(state: StateCore) -> None:
    """Attach each block IAL to the block right before it, else right after it."""
    tokens = state.tokens
    if not any(t.type == "kd_ial" for t in tokens):
        return
    alds = state.env.get("kd_alds", {})
    kept: list[Token] = []
    for i, token in enumerate(tokens):
        if token.type != "kd_ial":
            kept.append(token)
            continue
        attrs, refs = parse_attrs(token.content, alds)
        target: Token | None = None
        line = token.map[0] if token.map else -1
        if i > 0:
            prev = tokens[i - 1]
            if prev.nesting == -1:
                j = _opener(tokens, i - 1)
                opener = tokens[j] if j >= 0 else None
                if opener is not None and opener.map and opener.map[1] == line:
                    target = opener
            elif prev.type in _SELF_CONTAINED and prev.map and prev.map[1] == line:
                target = prev
        # kramdown: otherwise the next block takes it, unless the IAL opens its container and
        # a blank line follows (that blank line becomes an element of its own and takes it).
        first_in_container = i == 0 or tokens[i - 1].nesting == 1
        if target is None and i + 1 < len(tokens):
            nxt = tokens[i + 1]
            lost = first_in_container and nxt.map is not None and nxt.map[0] > line + 1
            if nxt.nesting >= 0 and nxt.map and nxt.map[0] > line and nxt.type != "kd_ial":
                target = None if lost else nxt
        if target is not None:
            if "toc" in refs and target.type in ("bullet_list_open", "ordered_list_open"):
                target.meta["kd_toc"] = True
            apply_attrs(target, attrs)
    state.tokens = kept


def span_ial(state: StateCore) -> None:
    """Attach each span IAL to the element just before it."""
    alds = state.env.get("kd_alds", {})
    for token in state.tokens:
        children = token.children
        if token.type != "inline" or not children:
            continue
        if not any(c.type == "kd_span_ial" for c in children):
            continue
        kept: list[Token] = []
        for j, child in enumerate(children):
            if child.type != "kd_span_ial":
                kept.append(child)
                continue
            target: Token | None = None
            if j > 0:
                prev = children[j - 1]
                if prev.nesting == -1:
                    k = _opener(children, j - 1)
                    target = children[k] if k >= 0 else None
                elif prev.type in ("image", "code_inline", "math_inline"):
                    target = prev
            if target is not None:
                apply_attrs(target, parse_attrs(child.content, alds)[0])
            else:  # after no span: kramdown shows it as written
                kept.append(_text(child.markup))
        token.children = kept


_EXPLICIT_ID = re.compile(r"[\t ]\{#([A-Za-z][\w:-]*)\}\s*$")


def heading_ids(options: KramdownOptions) -> Callable[[StateCore], None]:
    def rule(state: StateCore) -> None:
        gfm = GfmIds(options.auto_id_prefix)
        legacy = LegacyIds(options.auto_id_prefix)
        auto = options.auto_ids
        switches: list[tuple[int, dict[str, str]]] = state.env.get("kd_options", [])
        tokens = state.tokens
        for i, token in enumerate(tokens):
            if token.type != "heading_open":
                continue
            inline = tokens[i + 1]
            children = inline.children or []
            if children and children[-1].type == "text":
                m = _EXPLICIT_ID.search(children[-1].content)
                if m is not None:
                    children[-1].content = children[-1].content[: m.start()].rstrip()
                    inline.content = inline.content.rstrip()[: -len(m.group(0).strip())].rstrip()
                    if token.attrGet("id") is None:
                        token.attrSet("id", m.group(1))
            line = token.map[0] if token.map else 0
            for at, opts in switches:
                if at <= line and "auto_ids" in opts:
                    auto = opts["auto_ids"].lower() not in ("false", "0", "")
            if not auto or token.attrGet("id") is not None:
                continue
            text = heading_text(children)
            make = legacy.make if token.meta.get("kd_legacy_id") else gfm.make
            ident = make(text)
            attrs = dict(token.attrs)
            token.attrs = (
                {"id": ident, **attrs} if not attrs.get("class") else {**attrs, "id": ident}
            )
        return None

    return rule


def abbreviations(state: StateCore) -> None:
    """``*[ABBR]: title``: every whole-word occurrence in text becomes ``<abbr>``."""
    abbrs: dict[str, str] = state.env.get("kd_abbrs", {})
    if not abbrs:
        return
    keys = sorted(abbrs, key=len, reverse=True)
    pattern = re.compile(r"(?<!\w)(?:" + "|".join(re.escape(k) for k in keys) + r")(?!\w)")
    for token in state.tokens:
        if token.type != "inline" or not token.children:
            continue
        out: list[Token] = []
        for child in token.children:
            if child.type != "text" or pattern.search(child.content) is None:
                out.append(child)
                continue
            pos = 0
            for m in pattern.finditer(child.content):
                if m.start() > pos:
                    out.append(_text(child.content[pos : m.start()]))
                tag = Token("html_inline", "", 0)
                title = html.escape(abbrs[m.group(0)], quote=True)
                tag.content = f'<abbr title="{title}">{html.escape(m.group(0))}</abbr>'
                out.append(tag)
                pos = m.end()
            if pos < len(child.content):
                out.append(_text(child.content[pos:]))
        token.children = out


def _text(content: str) -> Token:
    token = Token("text", "", 0)
    token.content = content
    return token


def table_of_contents(
    options: KramdownOptions, render_inline: Callable[[list[Token], Any], str]
) -> Callable[[StateCore], None]:
    """A list marked ``{:toc}`` is replaced by kramdown's ``markdown-toc`` list."""

    def rule(state: StateCore) -> None:
        tokens = state.tokens
        # kramdown's converter replaces the first list marked {:toc} only
        marks = [i for i, t in enumerate(tokens) if t.meta.get("kd_toc")][:1]
        if not marks:
            return
        entries = []
        for i, token in enumerate(tokens):
            if token.type == "heading_open" and int(token.tag[1]) in options.toc_levels:
                ident = token.attrGet("id")
                if ident is None:
                    continue
                label = render_inline(tokens[i + 1].children or [], state.env)
                entries.append((int(token.tag[1]), str(ident), label))
        for start in reversed(marks):
            opener = tokens[start]
            end = start + 1
            while not (tokens[end].level == opener.level and tokens[end].nesting == -1):
                end += 1
            block = Token("html_block", "", 0)
            block.content = _toc_html(entries, opener.tag) + "\n" if entries else ""
            block.meta["kd_generated"] = True
            block.map = opener.map
            tokens[start : end + 1] = [block]

    return rule


def _toc_html(entries: list[tuple[int, str, str]], tag: str) -> str:
    out = [f'<{tag} id="markdown-toc">']
    levels: list[int] = []
    for level, ident, label in entries:
        while levels and levels[-1] > level:
            out.append(f"</li></{tag}>")
            levels.pop()
        if levels and levels[-1] < level:
            out.append(f"<{tag}>")
            levels.append(level)
        elif levels:
            out.append("</li>")
        else:
            levels.append(level)
        esc = html.escape(ident, quote=True)
        out.append(f'<li><a href="#{esc}" id="markdown-toc-{esc}">{label}</a>')
    if levels:
        out.append("</li>")
        out.extend(f"</{tag}></li>" for _ in levels[1:])
    out.append(f"</{tag}>")
    return "".join(out)


def mailto_text(state: StateCore) -> None:
    """``<mailto:a@b>`` shows ``a@b``, as kramdown writes it."""
    for token in state.tokens:
        if token.type != "inline" or not token.children:
            continue
        for i, child in enumerate(token.children[:-1]):
            if child.type == "link_open" and child.markup == "autolink":
                text = token.children[i + 1]
                if text.type == "text" and text.content.lower().startswith("mailto:"):
                    text.content = text.content[7:]


_BOX = re.compile(r"\s*\[([ xX])\]\s+")
_UNCHECKED = '<input type="checkbox" class="task-list-item-checkbox" disabled="disabled" />'
_CHECKED = (
    '<input type="checkbox" class="task-list-item-checkbox" disabled="disabled" '
    'checked="checked" />'
)


def task_lists(state: StateCore) -> None:
    """kramdown-parser-gfm's task lists: ``[ ]``/``[x]`` first in an item become checkboxes."""
    tokens = state.tokens
    lists: list[tuple[Token, bool]] = []  # open list token, whether it is a task list yet
    for i, token in enumerate(tokens):
        if token.type in ("bullet_list_open", "ordered_list_open"):
            lists.append((token, False))
        elif token.type in ("bullet_list_close", "ordered_list_close") and lists:
            opener, is_task = lists.pop()
            if is_task:
                apply_attrs(opener, {"class": "task-list"})
        elif token.type == "list_item_open" and lists and i + 2 < len(tokens):
            para, inline = tokens[i + 1], tokens[i + 2]
            if para.type != "paragraph_open" or inline.type != "inline" or not inline.children:
                continue
            first = inline.children[0]
            m = _BOX.match(first.content) if first.type == "text" else None
            is_task = lists[-1][1]
            if m is not None:
                first.content = first.content[m.end() :]
                box = Token("html_inline", "", 0)
                box.content = _UNCHECKED if m.group(1) == " " else _CHECKED
                inline.children.insert(0, box)
                is_task = True
                lists[-1] = (lists[-1][0], True)
            if is_task:
                apply_attrs(token, {"class": "task-list-item"})


def strong_outside(state: StateCore) -> None:
    """``***x***``: kramdown nests ``<strong><em>``, markdown-it ``<em><strong>``."""
    for token in state.tokens:
        if token.type != "inline" or not token.children:
            continue
        if not any(c.type == "strong_open" for c in token.children):
            continue
        children = token.children = [c for c in token.children if c.type != "text" or c.content]
        for i in range(len(children) - 1):
            a, b = children[i], children[i + 1]
            if a.type == "em_open" and b.type == "strong_open" and a.markup[:1] == b.markup[:1]:
                j = i + 2
                while j + 1 < len(children) and children[j].level > b.level:
                    j += 1
                if (
                    j + 1 < len(children)
                    and children[j].type == "strong_close"
                    and children[j + 1].type == "em_close"
                ):
                    children[i], children[i + 1] = b, a
                    children[j], children[j + 1] = children[j + 1], children[j]
                    a.level, b.level = b.level, a.level


def list_item_ial(state: StateCore) -> None:
    """``- {: .c} text``: an IAL first in a list item applies to the ``<li>``."""
    tokens = state.tokens
    alds = state.env.get("kd_alds", {})
    for i, token in enumerate(tokens[:-2]):
        if token.type != "list_item_open" or tokens[i + 1].type != "paragraph_open":
            continue
        inline = tokens[i + 2]
        children = inline.children or []
        if not children or children[0].type != "kd_span_ial":
            continue
        apply_attrs(token, parse_attrs(children[0].content, alds)[0])
        del children[0]
        if children and children[0].type == "text":
            children[0].content = children[0].content.lstrip()
