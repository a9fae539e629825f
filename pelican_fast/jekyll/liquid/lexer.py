"""A linear Liquid tokenizer producing python-liquid's tokens.

python-liquid's own lexer is one regex with lazy ``.*?`` bodies: on a post with
thousands of unclosed ``{% raw %}`` or ``{{`` it rescans to the end of the text
from each of them (quadratic). This one only moves forward: once a closing
delimiter is known to be missing after some point, later openers are text.
Every problem is reported through ``error(message, index)``; the caller keeps
the first. Tokens follow Liquid 4 (Jekyll 4.3): a tag ends at the first ``%}``,
an output at the first ``}}``, ``raw`` and ``comment`` bodies are not parsed.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from liquid.token import TOKEN_CONTENT, TOKEN_EXPRESSION, TOKEN_OUTPUT, TOKEN_TAG, Token

ErrorSink = Callable[[str, int], None]

_OPEN = re.compile(r"\{[{%]")
_NAME = re.compile(r"\s*(\w+|#)")
# Liquid's Raw tag ends at "{% endraw %}" or "{% endraw -%}" only ("{%- endraw" is text),
# and "{%- raw" does not strip the text before it (recorded from Jekyll 4.3).
_ENDRAW = re.compile(r"\{%\s*endraw\s*(-?)%\}")


class _Content:
    """Text between tokens, stripped as ``-%}`` / ``{%-`` ask."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.start = 0
        self.lstrip = False

    def take(self, end: str | int, rstrip: bool) -> Token | None:
        stop = len(self.source) if isinstance(end, str) else end
        value = self.source[self.start : stop]
        start = self.start
        if self.lstrip:
            stripped = value.lstrip()
            start += len(value) - len(stripped)
            value = stripped
        if rstrip:
            value = value.rstrip()
        self.lstrip = False
        return Token(TOKEN_CONTENT, value, start, self.source) if value else None


def tokenize(source: str, error: ErrorSink) -> Iterator[Token]:
    """Liquid tokens of `source`, in one forward pass."""
    content = _Content(source)
    no_tag_end = no_output_end = False
    comment_depth = 0
    comment_at = 0
    position = 0
    while True:
        opener = _OPEN.search(source, position)
        if opener is None:
            break
        start = opener.start()
        closing = "}}" if opener.group() == "{{" else "%}"
        if comment_depth and closing == "}}":
            position = start + 2
            continue
        end = -1
        if not (no_output_end if closing == "}}" else no_tag_end):
            end = source.find(closing, start + 2)
        if end < 0:
            if closing == "}}":
                if not no_output_end:
                    error("'{{' is never closed by '}}'", start)
                no_output_end = True
            else:
                if not no_tag_end:
                    error("'{%' is never closed by '%}'", start)
                no_tag_end = True
            position = start + 2
            continue
        inner = source[start + 2 : end]
        strip_left = inner.startswith("-")
        strip_right = inner.endswith("-") and len(inner) > 1
        body_start = start + 2 + (1 if strip_left else 0)
        body = source[body_start : end - (1 if strip_right else 0)]
        position = end + 2
        if closing == "}}":
            token = content.take(start, strip_left)
            if token:
                yield token
            yield Token(TOKEN_OUTPUT, source[start:position], start, source)
            yield Token(TOKEN_EXPRESSION, body.strip(), body_start, source)
            content.start, content.lstrip = position, strip_right
            continue
        name_match = _NAME.match(body)
        name = name_match.group(1) if name_match else ""
        if comment_depth:
            if name == "comment":
                comment_depth += 1
            elif name == "endcomment":
                comment_depth -= 1
                if not comment_depth:
                    content.start, content.lstrip = position, strip_right
            continue
        if not name_match:
            error(f"tag {source[start:position]!r} has no name", start)
            continue
        token = content.take(start, strip_left and name != "raw")
        if token:
            yield token
        if name == "comment":
            comment_depth, comment_at = 1, start
            continue
        if name == "raw":
            close = _ENDRAW.search(source, position)
            if close is None:
                error("'raw' is never closed by 'endraw'; the rest is kept as written", start)
                content.start, content.lstrip = position, strip_right
                break
            body_text = source[position : close.start()]
            if strip_right:
                body_text = body_text.lstrip()
            if body_text:
                yield Token(TOKEN_CONTENT, body_text, position, source)
            position = close.end()
            content.start, content.lstrip = position, bool(close.group(1))
            continue
        yield Token(TOKEN_TAG, name, start, source)
        expression = body[name_match.end() :].strip()
        if expression:
            at = (
                body_start
                + name_match.end()
                + (len(body) - name_match.end() - len(body[name_match.end() :].lstrip()))
            )
            yield Token(TOKEN_EXPRESSION, expression, at, source)
        content.start, content.lstrip = position, strip_right
    if comment_depth:
        error("'comment' is never closed by 'endcomment'; the rest is left out", comment_at)
        return
    token = content.take("end", False)
    if token:
        yield token
