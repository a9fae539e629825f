"""kramdown's smart quotes and typographic symbols, on the text of inline tokens.

kramdown scans text for the first place where a quote (with the character before it) or a
symbol (``---``, ``--``, ``...``, ``<<``, ``>>``) starts, and tries its quote rules there in
order (parser/kramdown/smart_quotes.rb, typographic_symbol.rb). The rules are copied with
Ruby's ASCII-only ``\\w``/``\\s``; one left-to-right pass, so linear.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from markdown_it.rules_core import StateCore
from markdown_it.token import Token

_PUNCT = r"""[!"#$%'()*+,\-./:;<=>?@\[\\\]^_`{|}~]"""
_CLOSE = r"[^ \\\t\r\n\[{(\-]"
# (regex, substitutions): an int repeats that group as text, a name is a quote.
_RULES: list[tuple[re.Pattern[str], tuple[int | str, ...]]] = [
    (re.compile(r"""("|')(?=[_*]{1,2}\S)""", re.A), ("lquote1",)),
    (re.compile(rf"""("|')(?={_PUNCT}(?!\.\.)\B)""", re.A), ("rquote1",)),
    (re.compile(r"""(\s?)"'(?=\w)""", re.A), (1, "ldquo", "lsquo")),
    (re.compile(r"""(\s?)'"(?=\w)""", re.A), (1, "lsquo", "ldquo")),
    (re.compile(r"""(\s?)'(?=\d\ds)""", re.A), (1, "rsquo")),
    (re.compile(r"""(\s)('|")(?=\w)""", re.A), (1, "lquote2")),
    (re.compile(rf"""({_CLOSE})('|")""", re.A), (1, "rquote2")),
    (re.compile(r"""("|')(?=\s|s\b|$)""", re.A | re.M), ("rquote1",)),
    (re.compile(r"""(.?)'""", re.A | re.S), (1, "lsquo")),
    (re.compile(r"""(.?)\"""", re.A | re.S), (1, "ldquo")),
]
_SYMBOLS = {
    "---": "mdash",
    "--": "ndash",
    "...": "hellip",
    "<< ": "laquo_space",
    " >>": "raquo_space",
    "<<": "laquo",
    ">>": "raquo",
}
_QUOTE_START = re.compile(r"""[^\\]?["']""")
_NEXT = re.compile(r"""(?=[^\\]?["'])|---|--|\.\.\.|<< | >>|<<|>>""")


class Typographer:
    """Applies smart quotes and symbols to one string, as kramdown's span parser does."""

    def __init__(self, quotes: tuple[str, str, str, str], symbols: dict[str, str]) -> None:
        lsquo, rsquo, ldquo, rdquo = quotes
        self._quote = {"lsquo": lsquo, "rsquo": rsquo, "ldquo": ldquo, "rdquo": rdquo}
        self._symbols = {text: symbols.get(name, text) for text, name in _SYMBOLS.items()}

    def _quote_char(self, name: str, quote: str) -> str:
        if name in self._quote:
            return self._quote[name]
        side = "l" if name.startswith("l") else "r"
        return self._quote[side + ("dquo" if quote == '"' else "squo")]

    def apply(self, text: str, before: str = "", after: str = "") -> str:
        """``text`` converted; ``before``/``after``: what kramdown would see around it."""
        if not text or ('"' not in text and "'" not in text and not _NEXT.search(text)):
            return text
        src = before + text + after
        stop = len(before) + len(text)
        out: list[str] = []
        pos, search = len(before), 0
        while (found := _NEXT.search(src, search)) is not None:
            at = found.start()
            if at >= stop:
                break
            quote = _QUOTE_START.match(src, at)
            if quote is not None and quote.end() - 1 >= len(before):
                for regex, substs in _RULES:  # noqa: B007 (the rule found is used below)
                    m = regex.match(src, at)
                    if m is not None:
                        break
                assert m is not None  # the last two rules match wherever a quote starts
                if at < pos and not isinstance(substs[0], int):
                    search = at + 1  # that rule would turn the context character itself
                    continue
                pieces: list[str] = []
                for subst in substs:
                    if isinstance(subst, int):
                        pieces.append(m.group(subst))
                    else:
                        group = int(subst[-1]) if subst[-1].isdigit() else 0
                        pieces.append(self._quote_char(subst.rstrip("12"), m.group(group)))
                if at < pos:  # the context character was emitted with the previous token
                    pieces[0] = pieces[0][pos - at :]
                else:
                    out.append(src[pos:at])
                out.append("".join(pieces))
                pos = search = m.end()
            elif quote is None and at >= pos:
                out.append(src[pos:at])
                out.append(self._symbols[found.group(0)])
                pos = search = at + len(found.group(0))
            else:
                search = at + 1
        out.append(src[pos:stop])
        return "".join(out)


def _after(token: Token | None) -> str:
    """The source kramdown's lookaheads would see after a text token."""
    if token is None:
        return ""
    if token.type in ("softbreak", "hardbreak"):
        return "\n"
    if token.type in ("em_open", "strong_open", "s_open"):
        return token.markup + "x"
    if token.type in ("em_close", "strong_close", "s_close"):
        return token.markup
    if token.type == "link_close":
        return ""  # kramdown parses a link's text on its own: its end is the end of text
    return {"link_open": "[", "image": "!", "code_inline": "`", "html_inline": "<"}.get(
        token.type, "x"
    )


def _walk(children: list[Token], typo: Typographer) -> None:
    before = ""
    for i, child in enumerate(children):
        if child.type == "text":
            content = child.content
            following = children[i + 1] if i + 1 < len(children) else None
            child.content = typo.apply(content, before, _after(following))
            before = content[-1:] if content else before
        elif child.type in ("softbreak", "hardbreak"):
            before = "\n"
        else:
            before = ""


def typography_rule(typo: Typographer) -> Callable[[StateCore], None]:
    """A core rule (run before ``text_join``, so escaped characters stay as they are)."""

    def rule(state: StateCore) -> None:
        for token in state.tokens:
            if token.type == "inline" and token.children:
                _walk(token.children, typo)

    return rule
