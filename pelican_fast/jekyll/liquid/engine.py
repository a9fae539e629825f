"""python-liquid set up as Jekyll 4.3 runs Liquid: its tags, its error handling.

One environment per error mode is shared by every post; what changes from post
to post (variables, the blog's own tags and filters, where diagnostics go) is
the :class:`LiquidContext` of the render under way, held in a context variable.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator, Mapping
from contextvars import ContextVar
from typing import Any, TextIO

from liquid import BoundTemplate, Environment, Mode, RenderContext
from liquid.ast import Node
from liquid.builtin.expressions import (
    BooleanExpression,
    FilteredExpression,
    Identifier,
    tokenize,
)
from liquid.builtin.output import Output, OutputNode
from liquid.builtin.tags.assign_tag import AssignNode, AssignTag
from liquid.exceptions import (
    BlockNestingError,
    ContextDepthError,
    LiquidError,
    LocalNamespaceLimitError,
    LoopIterationLimitError,
    OutputStreamLimitError,
    UnknownFilterError,
)
from liquid.stream import TokenStream
from liquid.tag import Tag
from liquid.token import TOKEN_EXPRESSION, TOKEN_ILLEGAL, TOKEN_OUTPUT, TOKEN_TAG, Token
from liquid.undefined import is_undefined

from pelican_fast.jekyll.liquid.context import LiquidContext
from pelican_fast.jekyll.liquid.expressions import compile_expression
from pelican_fast.jekyll.liquid.lax import lax_condition, lax_expression
from pelican_fast.jekyll.liquid.lexer import tokenize as lex

CURRENT: ContextVar[LiquidContext] = ContextVar("pelican_fast_liquid")

# Not in Jekyll 4.3: `doc` (Liquid 5.6); `render` needs Jekyll's include loader (left
# unknown). Liquid 5's `echo`, `liquid` and `{% # %}` are kept: Debian's Jekyll 4.3.1 runs
# Liquid 5.4, upstream's Liquid 4.0 (where a post could not use them anyway).
NOT_IN_LIQUID_4 = ("render", "doc")


def current() -> LiquidContext:
    return CURRENT.get()


def plain(value: Any) -> Any:
    """None for Liquid's undefined, the value otherwise."""
    return None if is_undefined(value) else value


def ruby_to_s(value: Any) -> str:
    """How Liquid 4 prints a value: Ruby's ``to_s`` (arrays joined, times with offset)."""
    value = plain(value)
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return value
    if isinstance(value, list | tuple):
        return "".join(ruby_to_s(item) for item in value)
    if isinstance(value, dt.datetime):
        if value.tzinfo is None:
            return value.strftime("%Y-%m-%d %H:%M:%S")
        return value.strftime("%Y-%m-%d %H:%M:%S %z")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Mapping):
        return ruby_inspect(value)
    return str(value)


def ruby_inspect(value: Any) -> str:
    """Ruby's ``inspect``: ``{"a"=>1}``, ``["x", nil]``."""
    value = plain(value)
    if value is None:
        return "nil"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        escaped = value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
        return f'"{escaped}"'
    if isinstance(value, Mapping):
        return (
            "{" + ", ".join(f"{ruby_inspect(k)}=>{ruby_inspect(v)}" for k, v in value.items()) + "}"
        )
    if isinstance(value, list | tuple):
        return "[" + ", ".join(ruby_inspect(item) for item in value) + "]"
    return ruby_to_s(value)


class JekyllOutputNode(OutputNode):
    """``{{ x }}`` printed as Liquid 4 prints it."""

    def render_to_output(self, context: RenderContext, buffer: TextIO) -> int:
        return buffer.write(ruby_to_s(self.expression.evaluate(context)))


class JekyllOutput(Output):
    """``{{ … }}`` with parsed expressions reused: blogs repeat ``{{ site.baseurl }}``.

    Parsing dominates the cost of a post; a parsed expression is immutable. (A runtime
    error in a reused expression may point at the line of its first occurrence.)
    """

    node_class = JekyllOutputNode

    def parse(self, stream: TokenStream) -> OutputNode:
        token = stream.eat(TOKEN_OUTPUT)
        expression_token = stream.expect(TOKEN_EXPRESSION)
        key = expression_token.value
        expression = _EXPRESSIONS.get(key)
        if expression is None or expression[0] is not self.env:
            parsed = parse_or_lax(self.env, key, expression_token)
            if len(_EXPRESSIONS) > 4096:
                _EXPRESSIONS.clear()
            _EXPRESSIONS[key] = (self.env, parsed)
            return self.node_class(token, parsed)
        return self.node_class(token, expression[1])


_EXPRESSIONS: dict[str, tuple[Environment, FilteredExpression]] = {}


class TextNode(Node):
    """Fixed text: a marker, a widget comment, a tag left as written."""

    __slots__ = ("text",)

    def __init__(self, token: Token, text: str) -> None:
        super().__init__(token)
        self.text = text
        self.blank = False

    def render_to_output(self, context: RenderContext, buffer: TextIO) -> int:
        return buffer.write(self.text)


class UnknownTagNode(Node):
    """A tag Liquid does not know: the blog's own (PELICAN_FAST["liquid"]["tags"]) or unknown.

    Decided at render time, so that a parsed include stays valid for every post.
    """

    __slots__ = ("markup", "name")

    def __init__(self, token: Token, name: str, markup: str) -> None:
        super().__init__(token)
        self.name = name
        self.markup = markup
        self.blank = False

    def render_to_output(self, context: RenderContext, buffer: TextIO) -> int:
        state = current()
        function = state.tags.get(self.name)
        if function is None:
            state.note_unsupported(
                f"{{% {self.name} %}}", self.token.source, self.token.start_index
            )
            markup = f" {self.markup}" if self.markup else ""
            return buffer.write(f"{{% {self.name}{markup} %}}")
        try:
            html = function(self.markup, variables(context))
        except Exception as error:  # the blog's code: report it, keep the post
            raise LiquidError(
                f"tag {{% {self.name} %}} raised {type(error).__name__}: {error}", token=self.token
            ) from error
        return buffer.write(ruby_to_s(html))


def variables(context: RenderContext) -> dict[str, Any]:
    """What a user tag sees: ``page``, ``site`` and, inside an include, ``include``."""
    found: dict[str, Any] = {}
    for name in ("page", "site", "include"):
        value = context.resolve(name, default=None)
        if value is not None and not is_undefined(value):
            found[name] = value
    return found


class UnknownTag(Tag):
    """Replaces python-liquid's "illegal" tag: unknown tags become UnknownTagNode."""

    name = TOKEN_ILLEGAL
    block = False

    def parse(self, stream: TokenStream) -> Node:
        token = stream.expect(TOKEN_TAG)
        markup = ""
        if stream.peek.kind == TOKEN_EXPRESSION:
            next(stream)
            markup = stream.current.value
        return UnknownTagNode(token, token.value, markup)


def markup_of(stream: TokenStream) -> tuple[Token, str]:
    """The tag token and the raw text after its name (the stream left on the last one)."""
    token = stream.expect(TOKEN_TAG)
    if stream.peek.kind == TOKEN_EXPRESSION:
        next(stream)
        return token, stream.current.value
    return token, ""


def parse_or_lax(env: Environment, text: str, token: Token) -> FilteredExpression:
    """Strict parse; in Jekyll's warn/lax modes, Ruby's lax parse when that fails."""
    try:
        return compile_expression(env, text, token)
    except LiquidError:
        if env.mode == Mode.STRICT:
            raise
        return lax_expression(env, text, token)


class LaxAssignTag(AssignTag):
    """``{% assign x = a | f: 1 2 %}``: parsed laxly when strict parsing fails (warn/lax)."""

    def parse(self, stream: TokenStream) -> AssignNode:
        token = stream.current
        markup = stream.peek.value if stream.peek.kind == TOKEN_EXPRESSION else ""
        start = stream.pos
        try:
            return super().parse(stream)
        except LiquidError:
            matched = _ASSIGN.match(markup)
            if self.env.mode == Mode.STRICT or matched is None:
                raise
        stream.pos = start + 1  # on the expression: the last token of the tag
        name = Identifier(matched.group(1), token=token)
        return AssignNode(
            token, name=name, expression=lax_expression(self.env, matched.group(2), token)
        )


def _lax_conditions(env: Environment, tokens: Iterator[Token]) -> Iterator[Token]:
    """``if``/``elsif``/``unless`` conditions python-liquid refuses, read as Ruby's lax parser."""
    conditional = False
    for token in tokens:
        if token.kind == TOKEN_EXPRESSION and conditional:
            try:
                BooleanExpression.parse(env, TokenStream(tokenize(token.value, token)))
            except LiquidError:
                repaired = lax_condition(token.value)
                if repaired is not None:
                    token = token._replace(value=repaired)
        conditional = token.kind == TOKEN_TAG and token.value in ("if", "elsif", "unless")
        yield token


_ASSIGN = re.compile(r"\s*([\w-]+)\s*=\s*(.*)", re.DOTALL)


class JekyllRenderContext(RenderContext):
    """Filters: the blog's own first, then Jekyll's; unknown ones counted, not fatal."""

    def filter(self, name: str, token: Token | None) -> Callable[..., object]:
        state = current()
        function = state.filters.get(name)
        if function is not None:
            return _user_filter(name, function, token)
        if name in self.env.filters:
            return super().filter(name, token)
        if token is not None:
            state.note_unsupported(f"| {name}", token.source, token.start_index)
        if self.env.strict_filters:
            raise UnknownFilterError(f"unknown filter '{name}'", token=token)
        return _pass_through


def _pass_through(value: object, *_args: object, **_kwargs: object) -> object:
    return value


def _user_filter(
    name: str, function: Callable[..., Any], token: Token | None
) -> Callable[..., object]:
    def call(value: object, *args: object, **kwargs: object) -> object:
        try:
            return function(plain(value), *(plain(a) for a in args), **kwargs)
        except Exception as error:  # the blog's code: report it, keep the post
            raise LiquidError(
                f"filter {name} raised {type(error).__name__}: {error}", token=token
            ) from error

    return call


class JekyllTemplate(BoundTemplate):
    context_class = JekyllRenderContext


class JekyllEnvironment(Environment):
    """Liquid 4 as Jekyll 4.3 configures it; errors go to the render's diagnostics."""

    template_class = JekyllTemplate
    # Hostile posts: recursion, huge loops and strings doubled by `capture`/`append`
    # end in an error (one diagnostic, the post kept) instead of eating the machine.
    loop_iteration_limit = 1_000_000
    context_depth_limit = 30
    output_stream_limit = 64 * 1024 * 1024
    local_namespace_limit = 64 * 1024 * 1024

    def tokenizer(self) -> Callable[[str], Iterator[Token]]:
        def run(source: str) -> Iterator[Token]:
            tokens = lex(source, lambda message, index: _report(message, source, index))
            return tokens if self.mode == Mode.STRICT else _lax_conditions(self, tokens)

        return run

    def error(
        self,
        exc: type[LiquidError] | LiquidError,
        msg: str | None = None,
        token: Token | None = None,
    ) -> None:
        if not isinstance(exc, LiquidError):
            exc = exc(msg, token=token)
        elif not exc.token:
            exc.token = token
        state = CURRENT.get(None)
        if state is None or self.mode == Mode.STRICT or isinstance(exc, _RESOURCE_ERRORS):
            raise exc  # a resource limit stops the render: render() keeps the text as written
        at = exc.token
        # The end of the text reached inside a block, or blocks nested too deep: the
        # text's structure is broken (Jekyll stops); otherwise one node is dropped.
        structural = isinstance(exc, BlockNestingError) or (
            str(exc.message).startswith("expected tag end") and (at is None or at.start_index < 0)
        )
        state.error(
            str(exc.message),
            at.source if at is not None and at.start_index >= 0 else state.text,
            at.start_index if at is not None and at.start_index >= 0 else len(state.text),
            structural,
        )


_RESOURCE_ERRORS = (
    ContextDepthError,
    LocalNamespaceLimitError,
    LoopIterationLimitError,
    OutputStreamLimitError,
)


def _report(message: str, source: str, index: int) -> None:
    state = CURRENT.get(None)
    if state is not None:
        state.error(message, source, index, structural=True)
