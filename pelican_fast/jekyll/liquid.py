"""The Liquid subset that Jekyll blogs really use, rendered per file before Markdown.

Jekyll renders Liquid over the whole post (code blocks included) before
kramdown. We do the same for the constructs blogs use; anything else is left
visible in the page and reported with its line, rather than silently eaten.

Tags that depend on another file (``post_url``, ``link``) cannot be resolved
inside a single file without defeating Pelican's per-file cache: they become
markers that the plugin resolves once every post has been read.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from pelican_fast.core import markers
from pelican_fast.core.diagnostics import WARNING, Diagnostic

# Markers resolved after all posts are read (see pelican_fast.plugin.build). They are
# plain URL-safe words so that Markdown keeps them intact in href/src.

_TOKEN = re.compile(
    r"\{%-?\s*raw\s*-?%\}(?P<raw>.*?)\{%-?\s*endraw\s*-?%\}"
    r"|\{%-?\s*comment\s*-?%\}.*?\{%-?\s*endcomment\s*-?%\}"
    r"|\{%-?\s*highlight\s+(?P<hl_args>[^%\n]*?)-?%\}\r?\n?(?P<hl_body>.*?)\{%-?\s*endhighlight\s*-?%\}"
    r"|\{%-?\s*(?P<tag>[a-zA-Z_]\w*)(?P<tag_args>[^%\n]*?)-?%\}"
    r"|\{\{-?(?P<output>[^{}\n]*?)-?\}\}",
    re.DOTALL,
)
_FILTER_SPLIT = re.compile(r"\|(?=(?:[^\"']|\"[^\"]*\"|'[^']*')*$)")
_STRING = re.compile(r"""^(?:"([^"]*)"|'([^']*)')$""")


@dataclass
class LiquidContext:
    """Variables a post can use, and what was found while rendering it."""

    site: Mapping[str, Any]
    page: Mapping[str, Any]
    baseurl: str = ""
    url: str = ""
    line_offset: int = 1  # line of the text's first character in the source file
    diagnostics: list[Diagnostic] = field(default_factory=list)
    unsupported: dict[str, int] = field(default_factory=dict)

    def warn(self, text: str, offset: int, message: str, code: str = "JK010") -> None:
        line = self.line_offset + text.count("\n", 0, offset)
        column = offset - (text.rfind("\n", 0, offset) + 1) + 1
        self.diagnostics.append(Diagnostic(WARNING, message, line, column, code))


def _lookup(name: str, context: LiquidContext) -> tuple[bool, Any]:
    parts = name.split(".")
    root = parts[0]
    if root == "site":
        value: Any = dict(context.site)
        value.setdefault("baseurl", context.baseurl)
        value.setdefault("url", context.url)
    elif root == "page" or root == "post":
        value = context.page
    else:
        return False, None
    for part in parts[1:]:
        if isinstance(value, Mapping) and part in value:
            value = value[part]
        else:
            return False, None
    return True, value


def _to_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list | tuple):
        return "".join(_to_text(v) for v in value)
    return str(value)


def _argument(raw: str, context: LiquidContext) -> str:
    raw = raw.strip()
    literal = _STRING.match(raw)
    if literal:
        return literal.group(1) if literal.group(1) is not None else literal.group(2)
    found, value = _lookup(raw, context)
    return _to_text(value) if found else raw


def _relative_url(value: str, context: LiquidContext) -> str:
    if re.match(r"^[a-z][a-z0-9+.-]*:", value, re.I):
        return value
    path = value if value.startswith("/") else "/" + value
    return (context.baseurl + path) if context.baseurl else path


Filter = Callable[[str, str, LiquidContext], str]
FILTERS: dict[str, Filter] = {
    "relative_url": lambda v, _a, c: _relative_url(v, c),
    "absolute_url": lambda v, _a, c: c.url + _relative_url(v, c),
    "prepend": lambda v, a, c: _argument(a, c) + v,
    "append": lambda v, a, c: v + _argument(a, c),
    "default": lambda v, a, c: v or _argument(a, c),
    "downcase": lambda v, _a, _c: v.lower(),
    "upcase": lambda v, _a, _c: v.upper(),
    "capitalize": lambda v, _a, _c: v[:1].upper() + v[1:].lower(),
    "strip": lambda v, _a, _c: v.strip(),
    "escape": lambda v, _a, _c: html.escape(v),
    "xml_escape": lambda v, _a, _c: html.escape(v),
    "uri_escape": lambda v, _a, _c: v.replace(" ", "%20"),
    "url_encode": lambda v, _a, _c: v.replace(" ", "+"),
}


def _render_output(expression: str, context: LiquidContext) -> str | None:
    """``{{ a | f: x }}``; None when something in it is not supported."""
    pieces = _FILTER_SPLIT.split(expression)
    head = pieces[0].strip()
    literal = _STRING.match(head)
    if literal:
        value = literal.group(1) if literal.group(1) is not None else literal.group(2)
    else:
        found, raw = _lookup(head, context)
        if not found and not re.fullmatch(r"(site|page|post)(\.[\w-]+)+", head):
            return None
        value = _to_text(raw)
    for piece in pieces[1:]:
        name, _, argument = piece.partition(":")
        function = FILTERS.get(name.strip())
        if function is None:
            return None
        value = function(value, argument, context)
    return value


def _highlight(args: str, body: str) -> str:
    language = args.split()[0] if args.split() else ""
    fence = "~~~~" if "```" in body else "```"
    body = body.rstrip("\r\n")
    return f"\n{fence}{language}\n{body}\n{fence}\n"


def render(text: str, context: LiquidContext) -> str:
    """Render the supported Liquid in `text`; report the rest and leave it visible."""
    if "{" not in text:
        return text
    out: list[str] = []
    position = 0
    for match in _TOKEN.finditer(text):
        out.append(text[position : match.start()])
        position = match.end()
        out.append(_render_token(text, match, context))
    out.append(text[position:])
    return "".join(out)


def _render_token(text: str, match: re.Match[str], context: LiquidContext) -> str:
    whole = match.group(0)
    if match.group("raw") is not None:
        return match.group("raw")
    if whole.lstrip("{%- ").startswith("comment"):
        return ""
    if match.group("hl_body") is not None:
        return _highlight(match.group("hl_args"), render(match.group("hl_body"), context))
    tag = match.group("tag")
    if tag is not None:
        args = match.group("tag_args").strip()
        if tag == "post_url" and args:
            return markers.post_url_marker(args.split()[0].strip("'\""))
        if tag == "link" and args:
            return markers.link_marker(_argument(args.split()[0], context).lstrip("/"))
        if tag in markers.WIDGET_TAGS:
            return markers.widget_comment(tag, args)
        context.unsupported[tag] = context.unsupported.get(tag, 0) + 1
        context.warn(
            text,
            match.start(),
            f"Liquid tag {{% {tag} %}} is not supported; it is left as text in the page",
            "JK010",
        )
        return whole
    expression = match.group("output") or ""
    rendered = _render_output(expression, context)
    if rendered is None:
        name = expression.strip().split("|")[0].strip() or "{{ }}"
        context.unsupported["{{ " + name + " }}"] = context.unsupported.get(name, 0) + 1
        context.warn(
            text,
            match.start(),
            f"Liquid output {{{{{expression}}}}} is not supported; it is left as text in the page",
            "JK011",
        )
        return whole
    return rendered
