"""Jekyll's own tags: include, include_relative, highlight, post_url, link; widget tags.

``post_url`` and ``link`` name another file: they become markers resolved once
every post is read (see pelican_fast.plugin.build), so Pelican's per-file cache never
freezes another post's URL.
"""

from __future__ import annotations

import os
import re
from io import StringIO
from typing import Any, TextIO

from liquid import Environment, RenderContext
from liquid.ast import BlockNode, Node
from liquid.builtin.expressions import FilteredExpression
from liquid.exceptions import LiquidSyntaxError
from liquid.parser import get_parser
from liquid.stream import TokenStream
from liquid.tag import Tag
from liquid.token import TOKEN_EOF, TOKEN_TAG, Token

from pelican_fast.core import markers
from pelican_fast.jekyll.liquid.engine import (
    TextNode,
    compile_expression,
    current,
    markup_of,
    ruby_to_s,
)

# Jekyll's Tags::IncludeTag::VALID_SYNTAX and the file-name rule.
_PARAMETER = re.compile(
    r"""([\w-]+)\s*=\s*(?:"([^"\\]*(?:\\.[^"\\]*)*)"|'([^'\\]*(?:\\.[^'\\]*)*)'|([\w.\[\]'"-]+))"""
)
_VALID_NAME = re.compile(r"^[\w/.\-]+$")
_HIGHLIGHT = re.compile(r"^([a-zA-Z0-9.+#_-]+)((\s+\w+(=(\w+|\"[^\"]*\"))?)*)$")


def _render_markup(markup: str, context: RenderContext) -> str:
    """Markup with ``{{ variables }}`` in it (Jekyll renders them first)."""
    if "{{" not in markup:
        return markup
    template = context.env.from_string(markup)
    buffer = StringIO()
    template.render_with_context(context, buffer, partial=True)
    return buffer.getvalue()


class _Parameter:
    __slots__ = ("expression", "literal", "name")

    def __init__(self, name: str, literal: str | None, expression: FilteredExpression | None):
        self.name = name
        self.literal = literal
        self.expression = expression

    def value(self, context: RenderContext) -> Any:
        if self.expression is not None:
            return self.expression.evaluate(context)
        return self.literal


def _parameters(env: Environment, text: str, token: Token) -> list[_Parameter]:
    found: list[_Parameter] = []
    for match in _PARAMETER.finditer(text):
        name, double, single, variable = match.groups()
        if variable is not None:
            found.append(_Parameter(name, None, compile_expression(env, variable, token)))
        else:
            quoted = double if double is not None else single
            found.append(_Parameter(name, re.sub(r"\\(.)", r"\1", quoted), None))
    return found


class IncludeNode(Node):
    """``{% include file.html key=value %}`` and ``include_relative``."""

    __slots__ = ("file", "markup", "parameters", "relative")

    def __init__(self, token: Token, markup: str, relative: bool, env: Environment) -> None:
        super().__init__(token)
        self.blank = False
        self.markup = markup
        self.relative = relative
        self.file: str | None = None
        self.parameters: list[_Parameter] = []
        if "{{" not in markup:
            self.file, _, rest = markup.strip().partition(" ")
            self.parameters = _parameters(env, rest, token)

    def _target(self, context: RenderContext) -> tuple[str, list[_Parameter]]:
        if self.file is not None:
            return self.file, self.parameters
        # {% include {{ page.x }}.html a=b %}: the name runs to the first blank after the
        # last "}}" (Jekyll's VARIABLE_SYNTAX; parameters hold no "{{").
        end = self.markup.rfind("}}") + 2
        blank = re.compile(r"\s").search(self.markup, end)
        cut = blank.start() if blank else len(self.markup)
        name_part, rest = self.markup[:cut], self.markup[cut:]
        name = _render_markup(name_part, context).strip()
        return name, _parameters(context.env, rest, self.token)

    def render_to_output(self, context: RenderContext, buffer: TextIO) -> int:
        state = current()
        name, parameters = self._target(context)
        tag = "include_relative" if self.relative else "include"
        problem = ""
        path = None
        if not name or not _VALID_NAME.match(name) or ".." in name.split("/"):
            problem = "invalid file name (Jekyll allows letters, digits, '_', '-', '.', '/')"
        else:
            path = _locate(name, self.relative, state.site, state.path)
            if path is None:
                problem = f"file not found in {_where(self.relative, state)}"
        if path is None:
            state.error(
                f"{{% {tag} {name} %}}: {problem}; the tag is left as written",
                self.token.source,
                self.token.start_index,
            )
            return buffer.write(f"{{% {tag} {self.markup.strip()} %}}")
        params = {p.name: p.value(context) for p in parameters}
        line = state.line_of(self.token.source, self.token.start_index)[0]
        state.include_stack.append((os.path.relpath(path, _source(state.site) or "."), line))
        try:
            template = _load(context.env, path)  # its syntax errors name the include
            with context.extend({"include": params}):
                template.render_with_context(context, buffer, partial=True)
        finally:
            state.include_stack.pop()
        return True


def _source(site: Any) -> str:
    return str(site.get("source") or "") if hasattr(site, "get") else ""


def _where(relative: bool, state: Any) -> str:
    if relative:
        return os.path.dirname(state.path) or "(unknown folder: the reader gave no path)"
    source = _source(state.site)
    return os.path.join(source, str(state.site.get("includes_dir") or "_includes"))


def _locate(name: str, relative: bool, site: Any, path: str) -> str | None:
    """The included file, never outside its folder (Jekyll refuses symlinks out of it)."""
    if relative:
        if not path:
            return None
        folder = os.path.dirname(path)
    else:
        source = _source(site)
        if not source:
            return None
        folder = os.path.join(source, str(site.get("includes_dir") or "_includes"))
    candidate = os.path.realpath(os.path.join(folder, name))
    root = os.path.realpath(folder)
    if not candidate.startswith(root + os.sep) or not os.path.isfile(candidate):
        return None
    return candidate


_CACHE: dict[str, tuple[tuple[int, int], Any]] = {}


def _load(env: Environment, path: str) -> Any:
    """A parsed include, reused while the file is unchanged."""
    stat = os.stat(path)
    key = (stat.st_mtime_ns, stat.st_size)
    cached = _CACHE.get(path)
    if cached is not None and cached[0] == key and cached[1].env is env:
        return cached[1]
    with open(path, encoding="utf-8-sig", errors="replace") as handle:
        text = handle.read()
    template = env.from_string(text, name=os.path.basename(path), path=path)
    _CACHE[path] = (key, template)
    return template


class IncludeTag(Tag):
    name = "include"
    block = False
    relative = False

    def parse(self, stream: TokenStream) -> Node:
        token, markup = markup_of(stream)
        if not markup.strip():
            raise LiquidSyntaxError(f"{{% {self.name} %}} needs a file name", token=token)
        return IncludeNode(token, markup, self.relative, self.env)


class IncludeRelativeTag(IncludeTag):
    name = "include_relative"
    relative = True


class IncludeCachedTag(IncludeTag):
    """jekyll-include-cache's ``include_cached``: the same output as ``include``."""

    name = "include_cached"


class HighlightNode(Node):
    """A fenced block for the Markdown step (what Jekyll's Rouge output becomes there)."""

    __slots__ = ("block", "language")

    def __init__(self, token: Token, language: str, block: BlockNode) -> None:
        super().__init__(token)
        self.blank = False
        self.language = language
        self.block = block

    def render_to_output(self, context: RenderContext, buffer: TextIO) -> int:
        inner = context.get_buffer(buffer)
        self.block.render(context, inner)
        body = re.sub(r"\A[\r\n]+|[\r\n]+\Z", "", inner.getvalue())
        fence = "~~~~" if "```" in body else "```"
        return buffer.write(f"\n{fence}{self.language}\n{body}\n{fence}\n")


class HighlightTag(Tag):
    name = "highlight"
    end = "endhighlight"

    def parse(self, stream: TokenStream) -> Node:
        token, markup = markup_of(stream)
        match = _HIGHLIGHT.match(markup.strip())
        if not match:
            raise LiquidSyntaxError(
                f"{{% highlight {markup} %}}: expected a language and options such as linenos",
                token=token,
            )
        next(stream)
        block = get_parser(self.env).parse_block(stream, (self.end, TOKEN_EOF))
        stream.expect(TOKEN_TAG, value=self.end)
        return HighlightNode(token, match.group(1), block)


class MarkerNode(Node):
    """``post_url``/``link``: a marker the build replaces with the target's URL."""

    __slots__ = ("kind", "markup")

    def __init__(self, token: Token, kind: str, markup: str) -> None:
        super().__init__(token)
        self.blank = False
        self.kind = kind
        self.markup = markup

    def render_to_output(self, context: RenderContext, buffer: TextIO) -> int:
        target = _render_markup(self.markup, context).strip()
        if self.kind == markers.POST_URL_MARKER:
            target = target.split()[0].strip("'\"") if target else ""
        else:
            target = target.strip("'\"").lstrip("/")
        if not target:
            raise LiquidSyntaxError("post_url/link needs a target", token=self.token)
        return buffer.write(markers.marker(self.kind, target))


class PostUrlTag(Tag):
    name = "post_url"
    block = False
    kind = markers.POST_URL_MARKER

    def parse(self, stream: TokenStream) -> Node:
        token, markup = markup_of(stream)
        return MarkerNode(token, self.kind, markup)


class LinkTag(PostUrlTag):
    name = "link"
    kind = markers.LINK_MARKER


def _widget(tag_name: str) -> type[Tag]:
    class Widget(Tag):
        name = tag_name
        block = False

        def parse(self, stream: TokenStream) -> Node:
            token, markup = markup_of(stream)
            return TextNode(token, markers.widget_comment(tag_name, markup.strip()))

    return Widget


def register(env: Environment) -> None:
    for tag in (
        IncludeTag,
        IncludeRelativeTag,
        IncludeCachedTag,
        HighlightTag,
        PostUrlTag,
        LinkTag,
    ):
        env.add_tag(tag)
    for name in markers.WIDGET_TAGS:
        env.add_tag(_widget(name))


__all__ = ["register", "ruby_to_s"]
