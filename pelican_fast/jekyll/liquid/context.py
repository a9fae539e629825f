"""What one rendering needs (variables, the site's options) and what it found."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from pelican_fast.core.diagnostics import WARNING, Diagnostic

UserFilter = Callable[..., Any]  # callable(value, *arguments) -> value
UserTag = Callable[[str, Mapping[str, Any]], Any]  # callable(markup, variables) -> HTML


@dataclass
class LiquidContext:
    """Variables a post can use, the site's own tags and filters, and what rendering found.

    ``unsupported`` counts the uses of each unknown tag (``{% name %}``) or filter
    (``| name``) and ``unsupported_lines`` keeps the line of the first one, so that a
    build reports each name once (see :func:`pelican_fast.jekyll.liquid.summarize`).
    """

    site: Mapping[str, Any]
    page: Mapping[str, Any]
    baseurl: str = ""
    url: str = ""
    line_offset: int = 1  # line of the text's first character in the source file
    diagnostics: list[Diagnostic] = field(default_factory=list)
    unsupported: dict[str, int] = field(default_factory=dict)
    unsupported_lines: dict[str, int] = field(default_factory=dict)
    # Where the file is (absolute): include_relative and page.path need it.
    path: str = ""
    # The reader's Markdown function, for `markdownify`; None leaves the text.
    markdown: Callable[[str], str] | None = None
    # PELICAN_FAST["liquid"]["filters"] / ["tags"]: the blog's own plugins.
    filters: Mapping[str, UserFilter] = field(default_factory=dict)
    tags: Mapping[str, UserTag] = field(default_factory=dict)
    # Liquid errors found (only the first gets a diagnostic); `structural` ones (an
    # unclosed block, tag or output) make the text be kept as written.
    errors: int = 0
    structural: int = 0
    # Internal state of one render.
    text: str = field(default="", repr=False)
    include_stack: list[tuple[str, int]] = field(default_factory=list, repr=False)
    seen: set[tuple[int, int, str]] = field(default_factory=set, repr=False)

    def warn(self, text: str, offset: int, message: str, code: str = "JK010") -> None:
        line = self.line_offset + text.count("\n", 0, offset)
        column = offset - (text.rfind("\n", 0, offset) + 1) + 1
        self.diagnostics.append(Diagnostic(WARNING, message, line, column, code))

    def line_of(self, source: str, index: int) -> tuple[int, int, str]:
        """(line, column, where-prefix) of `index` in `source`, a post or an include."""
        if source is self.text or not self.include_stack:
            line = self.line_offset + source.count("\n", 0, max(index, 0))
            column = max(index, 0) - (source.rfind("\n", 0, max(index, 0)) + 1) + 1
            return line, column, ""
        _name, line = self.include_stack[0]
        inner = source.count("\n", 0, max(index, 0)) + 1
        return line, 0, f"in {self.include_stack[-1][0]} line {inner}: "

    def error(self, message: str, source: str, index: int, structural: bool = False) -> None:
        """A Liquid error: the first of a render gets a diagnostic, the others a count."""
        self.errors += 1
        self.structural += structural
        if self.errors > 1:
            return
        line, column, where = self.line_of(source, index)
        self.diagnostics.append(
            Diagnostic(WARNING, f"Liquid: {where}{message}", line, column, "JK010")
        )

    def note_unsupported(self, key: str, source: str, index: int) -> None:
        """An unknown tag or filter: counted once per place in the text."""
        place = (id(source), index, key)
        if place in self.seen:
            return
        self.seen.add(place)
        self.unsupported[key] = self.unsupported.get(key, 0) + 1
        if key not in self.unsupported_lines:
            self.unsupported_lines[key] = self.line_of(source, index)[0]
