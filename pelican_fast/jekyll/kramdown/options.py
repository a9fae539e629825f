"""The ``kramdown:`` map of a Jekyll ``_config.yml``, with Jekyll 4.3's defaults."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

# Jekyll 4.3 (lib/jekyll/configuration.rb) merges these under the site's own `kramdown:` map.
_QUOTE_CHARS = {
    "lsquo": "\u2018",
    "rsquo": "\u2019",
    "ldquo": "\u201c",
    "rdquo": "\u201d",
    "sbquo": "\u201a",
    "bdquo": "\u201e",
    "lsaquo": "\u2039",
    "rsaquo": "\u203a",
    "laquo": "\u00ab",
    "raquo": "\u00bb",
    "apos": "'",
    "quot": '"',
}
_DEFAULT_QUOTES = ("lsquo", "rsquo", "ldquo", "rdquo")
_DEFAULT_SYMS = {
    "hellip": "\u2026",
    "mdash": "\u2014",
    "ndash": "\u2013",
    "laquo": "\u00ab",
    "raquo": "\u00bb",
    "laquo_space": "\u00ab\u00a0",  # kramdown: « and a no-break space
    "raquo_space": "\u00a0\u00bb",
}


def _flag(value: Any, default: bool) -> bool:
    if value is None:
        return default
    if isinstance(value, str):
        return value.strip().lower() not in ("false", "no", "0", "")
    return bool(value)


@dataclass(frozen=True)
class KramdownOptions:
    """What the renderer honours of kramdown's options (others are listed in docs/markdown.md).

    ``smart_quotes`` holds the four characters (left single, right single, left double, right
    double) already resolved from kramdown's entity names; ``typographic_symbols`` maps
    kramdown's symbol names to their output.
    """

    input: str = "GFM"
    auto_ids: bool = True
    auto_id_prefix: str = ""
    hard_wrap: bool = False
    smart_quotes: tuple[str, str, str, str] = ("\u2018", "\u2019", "\u201c", "\u201d")
    typographic_symbols: tuple[tuple[str, str], ...] = tuple(_DEFAULT_SYMS.items())
    syntax_highlighter: str | None = "rouge"
    footnote_nr: int = 1
    footnote_prefix: str = ""
    toc_levels: tuple[int, ...] = (1, 2, 3, 4, 5, 6)
    math_engine: str | None = "mathjax"

    @property
    def gfm(self) -> bool:
        """kramdown-parser-gfm rules (Jekyll's default) rather than plain kramdown's."""
        return self.input.lower() in ("gfm", "gfm_quirks")

    @property
    def symbols(self) -> dict[str, str]:
        return dict(self.typographic_symbols)

    @classmethod
    def from_config(cls, kramdown: Mapping[str, Any] | None) -> KramdownOptions:
        """Read a ``kramdown:`` map; unknown or malformed values keep Jekyll's default."""
        conf = dict(kramdown or {})
        base = cls()
        quotes = conf.get("smart_quotes")
        names = (
            [q.strip() for q in quotes.split(",")]
            if isinstance(quotes, str)
            else list(quotes)
            if isinstance(quotes, list | tuple)
            else list(_DEFAULT_QUOTES)
        )
        chars = tuple(
            _QUOTE_CHARS.get(str(n), _QUOTE_CHARS.get(d, ""))
            for n, d in zip(names, _DEFAULT_QUOTES, strict=False)
        )
        if len(chars) != 4:
            chars = base.smart_quotes
        syms = dict(_DEFAULT_SYMS)
        given = conf.get("typographic_symbols")
        if isinstance(given, Mapping):
            syms.update({str(k): str(v) for k, v in given.items() if str(k) in syms})
        levels = conf.get("toc_levels")
        if isinstance(levels, str) and ".." in levels:
            low, _, high = levels.partition("..")
            levels = list(range(int(low), int(high) + 1))
        toc = tuple(int(x) for x in levels) if isinstance(levels, list | tuple) else base.toc_levels
        # Jekyll: `syntax_highlighter ||= "rouge"`, so a null keeps Rouge.
        highlighter = conf.get("syntax_highlighter") or base.syntax_highlighter
        try:
            footnote_nr = int(conf.get("footnote_nr", 1))
        except (TypeError, ValueError):
            footnote_nr = 1
        return cls(
            input=str(conf.get("input") or "GFM"),
            auto_ids=_flag(conf.get("auto_ids"), True),
            auto_id_prefix=str(conf.get("auto_id_prefix") or ""),
            hard_wrap=_flag(conf.get("hard_wrap"), False),
            smart_quotes=chars,
            typographic_symbols=tuple(syms.items()),
            syntax_highlighter=None if highlighter is None else str(highlighter),
            footnote_nr=footnote_nr,
            footnote_prefix=str(conf.get("footnote_prefix") or ""),
            toc_levels=toc,
            math_engine=conf.get("math_engine", "mathjax"),
        )
