"""Strict parsing of one Liquid expression, shared by the engine and the lax parser."""

from __future__ import annotations

from liquid import Environment
from liquid.builtin.expressions import FilteredExpression, tokenize
from liquid.stream import TokenStream
from liquid.token import Token


def compile_expression(env: Environment, text: str, token: Token) -> FilteredExpression:
    """A Liquid expression (``page.x | f``) parsed once, evaluated per render."""
    expression = FilteredExpression.parse(env, TokenStream(tokenize(text, token)))
    assert isinstance(expression, FilteredExpression)
    return expression
