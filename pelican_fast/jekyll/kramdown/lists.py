"""kramdown's list shapes after parsing: one list across marker changes, and its per-item
choice of ``<p>`` (kramdown/parser/kramdown/list.rb) instead of CommonMark's tight/loose list.

An item's first paragraph is shown bare when it is not followed by a blank line inside the
item (or the item is the last and holds only that paragraph and trailing blank lines), and,
for the last item of a list of several, when some earlier item is bare or does not start
with a paragraph. Other paragraphs always keep ``<p>``.
"""

from __future__ import annotations

from markdown_it.rules_core import StateCore
from markdown_it.token import Token

from pelican_fast.jekyll.kramdown.html_blocks import ends_lazy_lines

_OPEN = ("bullet_list_open", "ordered_list_open")


def _is_blank(line: str) -> bool:
    """Blank, also inside a blockquote (``>`` markers are not content)."""
    return not line.strip(" \t>")


_CLOSE = ("bullet_list_close", "ordered_list_close")


def merge_marker_changes(state: StateCore) -> None:
    """``- a`` then ``* b``: CommonMark starts a new list, kramdown does not. Also joins two
    lists of the same kind that touch once ``lazy_blocks`` moved what was between them."""
    out: list[Token] = []
    openers: list[Token] = []
    last_closed: Token | None = None  # opener of the list closed by out[-1]
    for token in state.tokens:
        if token.type in _OPEN:
            close_type = token.type.replace("_open", "_close")
            previous = last_closed if out and out[-1].type == close_type else None
            if (
                previous is not None
                and previous.level == token.level
                and previous.map
                and token.map
                and previous.map[1] == token.map[0]
            ):
                out.pop()
                previous.map = [previous.map[0], token.map[1]]
                openers.append(previous)
                continue
            openers.append(token)
        elif token.type in _CLOSE and openers:
            last_closed = openers.pop()
        out.append(token)
    state.tokens = out


def _items(tokens: list[Token], start: int) -> tuple[list[tuple[int, int]], int]:
    """(open, close) indexes of the items of the list opening at ``start``, and its close."""
    level = tokens[start].level
    items: list[tuple[int, int]] = []
    i = start + 1
    while not (tokens[i].type in _CLOSE and tokens[i].level == level):
        if tokens[i].type == "list_item_open" and tokens[i].level == level + 1:
            j = i + 1
            while not (tokens[j].type == "list_item_close" and tokens[j].level == level + 1):
                j += 1
            items.append((i, j))
            i = j
        i += 1
    return items, i


def paragraphs(state: StateCore) -> None:
    tokens = state.tokens
    lines = state.src.split("\n")

    def blank(line: int) -> bool:
        return 0 <= line < len(lines) and _is_blank(lines[line])

    for start, token in enumerate(tokens):
        if token.type not in _OPEN:
            continue
        items, _ = _items(tokens, start)
        bare_before = False
        for number, (open_at, close_at) in enumerate(items):
            level = tokens[open_at].level + 1
            blocks = [
                t for t in tokens[open_at + 1 : close_at] if t.level == level and t.nesting >= 0
            ]
            for k in range(open_at + 1, close_at):  # later paragraphs always keep <p>
                if (
                    tokens[k].type in ("paragraph_open", "paragraph_close")
                    and tokens[k].level == level
                ):
                    tokens[k].hidden = False
            first = blocks[0] if blocks else None
            if first is None or first.type != "paragraph_open" or not first.map:
                bare_before = True
                continue
            last = number == len(items) - 1
            blank_after = blank(first.map[1])
            bare = (not blank_after or (last and len(blocks) == 1)) and (
                not last or len(items) == 1 or bare_before
            )
            close = next(
                k
                for k in range(open_at + 1, close_at + 1)
                if tokens[k].type == "paragraph_close" and tokens[k].level == level
            )
            first.hidden = tokens[close].hidden = bare
            bare_before = bare_before or bare


_STAY_OUT = frozenset({"html_block", "kd_ial"})


def _quote_end(tokens: list[Token], start: int) -> int:
    level = tokens[start].level
    i = start + 1
    while not (tokens[i].nesting == -1 and tokens[i].level == level):
        i += 1
    return i


def lazy_blocks(state: StateCore) -> None:
    """Blocks written right after a list item or a quote, with no blank line, belong to that
    item or quote in kramdown (lazy lines: a heading, a quote, a fence, a list…), up to the
    next blank line; CommonMark ends the list or quote there. Block HTML and IALs stay out."""
    tokens = state.tokens
    lines = state.src.split("\n")
    i = 0
    while i < len(tokens):
        token = tokens[i]
        if token.type not in (*_OPEN, "blockquote_open", "dl_open") or not token.map:
            i += 1
            continue
        quote = token.type == "blockquote_open"
        close = _quote_end(tokens, i)  # (the token closing this one, at its level)
        end = token.map[1]
        first_line = token.map[0]
        moved_end = close + 1
        while (
            moved_end < len(tokens)
            and tokens[moved_end].level == token.level
            and tokens[moved_end].nesting >= 0
            and tokens[moved_end].type not in _STAY_OUT
            and (tokens[moved_end].map or [-1])[0] == end
            and end < len(lines)
            and not ends_lazy_lines(lines[end].lstrip(" >"))
            and not _is_blank(lines[end - 1])
        ):
            block_end = moved_end
            if tokens[moved_end].nesting == 1:
                while not (
                    tokens[block_end].level == token.level and tokens[block_end].nesting == -1
                ):
                    block_end += 1
            end = (tokens[moved_end].map or [end, end])[1]
            moved_end = block_end + 1
        if moved_end > close + 1:
            moved = tokens[close + 1 : moved_end]
            for t in moved:
                t.level += 1 if quote else 2
            tokens[close:moved_end] = [*moved, tokens[close]]
            if not quote:  # into the last item (or <dd>), whose close is just before
                tokens[close - 1 : close + len(moved)] = [*moved, tokens[close - 1]]
            token.map = [first_line, end]
        i += 1


def merge_definition_lists(state: StateCore) -> None:
    """Definition lists separated by blank lines only are one ``<dl>`` in kramdown."""
    out: list[Token] = []
    for token in state.tokens:
        if (
            token.type == "dl_open"
            and out
            and out[-1].type == "dl_close"
            and out[-1].level == token.level
        ):
            out.pop()
            continue
        out.append(token)
    state.tokens = out
