"""Liquid's lax parsing, as in Jekyll's default ``error_mode: warn``: outputs, assign, if.

Ruby Liquid tries its strict parser, and on failure parses the markup again with
regexes that skip what they do not understand (``{{ x | }}``, ``{{ a | f: 1 2 }}``,
``{{ page.title upcase }}``). python-liquid is strict; when it refuses an
expression in warn/lax mode, this parser gives what Ruby's ``Variable#lax_parse``
gives (checked against Jekyll 4.3 in tests/test_liquid.py).
"""

from __future__ import annotations

import re

from liquid import Environment
from liquid.builtin.expressions import (
    Filter,
    FilteredExpression,
    KeywordArgument,
    PositionalArgument,
)
from liquid.builtin.expressions.primitive import Nil
from liquid.exceptions import LiquidError
from liquid.expression import Expression
from liquid.token import Token

from pelican_fast.jekyll.liquid.expressions import compile_expression

# Ruby Liquid's QuotedString / QuotedFragment / FilterArgsRegex.
_QUOTED = r"\"[^\"]*\"|'[^']*'"
_FRAGMENT = rf"(?:{_QUOTED})|(?:[^\s,|'\"]|{_QUOTED})+"
_NAME = re.compile(rf"\s*({_FRAGMENT})(.*)", re.DOTALL)
_ARGUMENT = re.compile(rf"(?::|,)\s*(?:(\w+)\s*:\s*)?({_FRAGMENT})")
_WORD = re.compile(r"\w+")
_SEGMENT = re.compile(rf"(?:{_QUOTED}|[^|'\"]+|['\"])*")


def _value(env: Environment, text: str, token: Token) -> Expression:
    try:
        return compile_expression(env, text, token).left
    except LiquidError:
        return Nil(token=token)


def lax_expression(env: Environment, markup: str, token: Token) -> FilteredExpression:
    """Ruby's ``Variable#lax_parse`` of `markup`, as a python-liquid expression."""
    matched = _NAME.match(markup)
    if matched is None:
        return FilteredExpression(token, Nil(token=token), [])
    left = _value(env, matched.group(1), token)
    rest = matched.group(2)
    filters: list[Filter] = []
    pipe = rest.find("|")
    if pipe >= 0:
        position = pipe + 1
        while position <= len(rest):
            segment_match = _SEGMENT.match(rest, position)
            end = segment_match.end() if segment_match else position
            segment = rest[position:end]
            position = end + 1
            name = _WORD.search(segment)
            if name is None:
                continue
            arguments: list[KeywordArgument | PositionalArgument] = []
            for argument in _ARGUMENT.finditer(segment, name.end()):
                value = _value(env, argument.group(2), token)
                if argument.group(1):
                    arguments.append(KeywordArgument(token, argument.group(1), value))
                else:
                    arguments.append(PositionalArgument(value))
            filters.append(Filter(token, name.group(0), arguments))
    return FilteredExpression(token, left, filters)


_CONDITION_WORD = re.compile(rf"{_QUOTED}|\S+")
_CONDITION = re.compile(rf"({_FRAGMENT})\s*([=!<>a-z_]+)?\s*({_FRAGMENT})?")


_PRIMITIVE = re.compile(
    rf"(?:{_QUOTED}|-?\d+(?:\.\d+)?|\((?:[^\s.)]|\.(?!\.))+\.\.[^\s)]+\)|[\w-]+(?:\.[\w-]+|\[[^\]]*\])*\??|[=!<>a-z_]+)"
)


def _primitive(fragment: str) -> str:
    """A fragment Ruby reads as one value; anything else (``a=='b'``) is a lookup of nil."""
    return fragment if _PRIMITIVE.fullmatch(fragment) else "nil"


def lax_condition(markup: str) -> str | None:
    """Ruby's ``If#lax_parse``, as condition text python-liquid accepts (None: none)."""
    groups: list[list[str]] = [[]]
    operators: list[str] = []
    for word in _CONDITION_WORD.findall(markup):
        if word in ("and", "or"):
            operators.append(word)
            groups.append([])
        else:
            groups[-1].append(word)
    parts = []
    for group in groups:
        matched = _CONDITION.match(" ".join(group))
        if matched is None:
            return None
        left, operator, right = (_primitive(g) if g else g for g in matched.groups())
        parts.append(f"{left} {operator} {right}" if operator and right else left)
    text = parts[0]
    for operator, part in zip(operators, parts[1:], strict=True):
        text += f" {operator} {part}"
    return text
