"""Where each link of the rendered HTML comes from in the source, from the renderer's own parse.

The inline rules that make links (link, image, autolink, raw HTML, kramdown's spaced links)
are wrapped: when one succeeds, the token it made is given the offset, in its inline text, of
the destination as written. ``collect_links`` turns those offsets into source lines and
columns through the block tokens' line maps, so the linter sees exactly what is rendered.
Footnote and table-of-contents anchors are generated, not written, and are not listed.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from markdown_it.common.utils import normalizeReference
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token

InlineRule = Callable[[StateInline, bool], bool]


@dataclass(frozen=True)
class RenderedLink:
    """One ``href``/``src`` the renderer emits, at the place its destination is written."""

    line: int  # 1-based
    column: int  # 1-based, where the destination as written starts
    destination: str  # as written in the source
    kind: str  # link, image, autolink, html-href, html-src
    url: str  # as emitted in the HTML (before HTML escaping)


_HTML_ATTR = re.compile(
    r"""\s(href|src)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+))""", re.IGNORECASE
)


_TITLE = re.compile(r"""\s+(["']).*\1\s*$""", re.S)


def _inline_destination(state: StateInline, start: int) -> dict[str, Any]:
    """Where the destination of the link/image whose label opens at ``start`` is written."""
    src = state.src
    label_end = state.md.helpers.parseLinkLabel(state, start, False)
    if label_end < 0:
        return {}
    after = label_end + 1
    if after < len(src) and src[after] == "(":
        pos = after + 1
        while pos < len(src) and src[pos] in " \t\n":
            pos += 1
        if src.startswith("<", pos):
            end = src.find(">", pos)
            return {"kd_at": pos + 1, "kd_raw": src[pos + 1 : end]}
        result = state.md.helpers.parseLinkDestination(src, pos, len(src))
        end = result.pos if result.ok else pos
        rest = src[end : end + 2].lstrip(" \t\n")[:1]
        raw = src[pos:end]
        if not result.ok or rest not in ("", ")", '"', "'", "("):  # kramdown's spaced link
            close = src.find(")", pos)
            raw = src[pos:close]
            title = _TITLE.search(raw)
            raw = (raw[: title.start()] if title else raw).strip()
        return {"kd_at": pos, "kd_raw": raw}
    label = src[start + 1 : label_end]
    if after < len(src) and src[after] == "[":
        second = state.md.helpers.parseLinkLabel(state, after, False)
        if second > after + 1:
            label = src[after + 1 : second]
    return {"kd_ref": normalizeReference(label)}


def recording(original: InlineRule, kind: str) -> InlineRule:
    """``original``, noting on the token it makes where its destination is written (only when
    the parse is for ``links()``: ``env["kd_links"]``)."""

    def rule(state: StateInline, silent: bool) -> bool:
        start, count = state.pos, len(state.tokens)
        if not original(state, silent):
            return False
        if silent or len(state.tokens) <= count or not state.env.get("kd_links"):
            return True
        made = (t for t in state.tokens[count:] if t.type in ("link_open", "image", "html_inline"))
        token = next(made, None)  # (pending text is pushed first)
        if token is None:
            return True
        if kind == "html":
            token.meta["kd_html"] = [
                (m.group(1).lower(), start + m.start(i), m.group(i))
                for m in _HTML_ATTR.finditer(token.content)
                for i in (2, 3, 4)
                if m.group(i) is not None
            ]
        elif kind == "autolink":
            token.meta.update({"kd_at": start + 1, "kd_raw": state.src[start + 1 : state.pos - 1]})
        elif token.type in ("link_open", "image"):
            token.meta.update(_inline_destination(state, start + (1 if kind == "image" else 0)))
        return True

    return rule


def _normalise(text: str) -> list[str]:
    return text.replace("\r\n", "\n").replace("\r", "\n").split("\n")


class _Place:
    """Offsets of an inline text (or HTML block) -> 1-based source line and column."""

    def __init__(self, lines: list[str], token: Token, content: str) -> None:
        self.starts: list[tuple[int, int, int]] = []  # (offset in content, line index, column)
        first = token.map[0] if token.map else 0
        offset = 0
        fixed = token.meta.get("kd_col")
        for k, part in enumerate(content.split("\n")):
            index = min(first + k, len(lines) - 1)
            source = lines[index] if index >= 0 else ""
            if fixed is not None:
                column = fixed
            else:
                bare, want = source.rstrip(), part.rstrip()
                column = (
                    len(bare) - len(want)
                    if bare.endswith(want)
                    else max(source.find(part.strip()), 0)
                )
            self.starts.append((offset, index, column))
            offset += len(part) + 1

    def at(self, offset: int) -> tuple[int, int]:
        line = 0
        for i, (start, _, _) in enumerate(self.starts):
            if start <= offset:
                line = i
        start, index, column = self.starts[line]
        return index + 1, column + (offset - start) + 1


def _reference_place(
    lines: list[str], env: dict[str, Any], key: str
) -> tuple[int, int, str] | None:
    ref = env.get("references", {}).get(key)
    if not ref or not ref.get("map"):
        return None
    index = ref["map"][0]
    line = lines[index]
    pos = line.find("]:") + 2
    while pos < len(line) and line[pos] in " \t":
        pos += 1
    if pos >= len(line) and index + 1 < len(lines):
        index += 1
        line = lines[index]
        pos = len(line) - len(line.lstrip())
    raw = line[pos:].split()[0] if line[pos:].split() else ""
    if raw.startswith("<"):
        pos, raw = pos + 1, raw[1:].split(">")[0]
    return index + 1, pos + 1, raw


def collect_links(tokens: Sequence[Token], text: str, env: dict[str, Any]) -> list[RenderedLink]:
    lines = _normalise(text)
    found: list[RenderedLink] = []
    for token in tokens:
        if token.type == "html_block" and token.map and not token.meta.get("kd_generated"):
            place = _Place(lines, token, token.content.rstrip("\n"))
            for m in _HTML_ATTR.finditer(token.content):
                for i in (2, 3, 4):
                    if m.group(i) is not None:
                        line, column = place.at(m.start(i))
                        kind = "html-" + m.group(1).lower()
                        found.append(
                            RenderedLink(line, column, m.group(i), kind, html.unescape(m.group(i)))
                        )
        if token.type != "inline" or not token.children:
            continue
        place = _Place(lines, token, token.content)
        for child in token.children:
            if "kd_html" in child.meta:
                for attr, offset, raw in child.meta["kd_html"]:
                    line, column = place.at(offset)
                    found.append(
                        RenderedLink(line, column, raw, "html-" + attr, html.unescape(raw))
                    )
                continue
            if child.type not in ("link_open", "image"):
                continue
            url = str(child.attrGet("href" if child.type == "link_open" else "src") or "")
            kind = (
                "image"
                if child.type == "image"
                else "autolink"
                if child.markup == "autolink"
                else "link"
            )
            if "kd_at" in child.meta:
                line, column = place.at(child.meta["kd_at"])
                found.append(RenderedLink(line, column, child.meta["kd_raw"], kind, url))
            elif "kd_ref" in child.meta:
                where = _reference_place(lines, env, child.meta["kd_ref"])
                if where is not None:
                    found.append(RenderedLink(where[0], where[1], where[2], kind, url))
    return found
