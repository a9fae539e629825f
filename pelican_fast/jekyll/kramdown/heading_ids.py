"""Heading ids as Jekyll's kramdown gives them (``auto_ids``).

Two generators: kramdown-parser-gfm's (on the heading's text after typography, Unicode word
characters kept) for ordinary headings, and kramdown's own older ASCII ``generate_id`` (with
``section`` as fallback) for headings inside ``<div markdown="1">``, which the GFM parser does
not visit. Each keeps its own duplicate counter, as in kramdown.
"""

from __future__ import annotations

import re
import unicodedata

from markdown_it.token import Token

_ASCII_LEAD = re.compile(r"^[^a-zA-Z]+", re.M)
_ASCII_DROP = re.compile(r"[^a-zA-Z0-9 \-]")


def _is_word(char: str) -> bool:
    """Ruby's ``\\p{Word}``: letters, marks, decimal digits, connector punctuation."""
    category = unicodedata.category(char)
    return category[0] in "LM" or category in ("Nd", "Pc")


def heading_text(children: list[Token] | None) -> str:
    """The text kramdown-parser-gfm feeds its id generator: text, code, entities as
    characters; images, footnote markers and raw HTML tags add nothing."""
    parts: list[str] = []
    for child in children or []:
        if child.type in ("text", "code_inline", "text_special", "math_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append("\n")
    return "".join(parts)


class GfmIds:
    """kramdown-parser-gfm's ``generate_gfm_header_id``, with its per-document counter."""

    def __init__(self, prefix: str = "") -> None:
        self.prefix = prefix
        self._counts: dict[str, int] = {}

    def make(self, text: str) -> str:
        lowered = text.lower()
        result = "".join(c for c in lowered if c in "- \t" or _is_word(c))
        result = result.replace(" ", "-").replace("\t", "-")
        count = self._counts.get(result, -1) + 1
        self._counts[result] = count
        return self.prefix + (f"{result}-{count}" if count else result)


class LegacyIds:
    """kramdown's converter ``generate_id``: ASCII only, ``section`` when nothing is left."""

    def __init__(self, prefix: str = "") -> None:
        self.prefix = prefix
        self._used: dict[str, int] = {}

    def make(self, text: str) -> str:
        gen = _ASCII_LEAD.sub("", text)
        gen = _ASCII_DROP.sub("", gen).replace(" ", "-").lower() or "section"
        if gen in self._used:
            self._used[gen] += 1
            gen = f"{gen}-{self._used[gen]}"
        else:
            self._used[gen] = 0
        return self.prefix + gen
