"""Liquid as Jekyll 4.3 runs it, per file, before Markdown (python-liquid underneath).

Jekyll renders Liquid over the whole post (code blocks included) before
kramdown; so does :func:`render`. Every Liquid 4 tag and filter works, with
Jekyll's own (``include``, ``highlight``, ``where``, ``relative_url``…) and the
blog's (``PELICAN_FAST["liquid"]``). Unknown tags are left visible and counted
in ``LiquidContext.unsupported``; the first Liquid error of a file gets a
diagnostic with its line and the post is kept.

Tags that depend on another file (``post_url``, ``link``) cannot be resolved
inside a single file without defeating Pelican's per-file cache: they become
markers that the plugin resolves once every post has been read. ``site.posts``,
``site.categories`` and ``site.tags`` are absent for the same reason.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from liquid.exceptions import LiquidError

from pelican_fast.core.markers import (
    LINK_MARKER,
    MARKER_PATTERN,
    POST_URL_MARKER,
    WIDGET_COMMENT,
    WIDGET_TAGS,
    marker,
)
from pelican_fast.jekyll.liquid.context import LiquidContext, UserFilter, UserTag
from pelican_fast.jekyll.liquid.engine import CURRENT
from pelican_fast.jekyll.liquid.environment import environment
from pelican_fast.jekyll.liquid.variables import page_variables, site_variables

__all__ = [
    "LINK_MARKER",
    "MARKER_PATTERN",
    "POST_URL_MARKER",
    "WIDGET_COMMENT",
    "WIDGET_TAGS",
    "LiquidContext",
    "UserFilter",
    "UserTag",
    "marker",
    "render",
    "report_lines",
    "summarize",
]


def _options(site: Mapping[str, Any]) -> tuple[str, bool, bool]:
    """Jekyll's ``liquid:`` settings (error_mode, strict_filters, strict_variables)."""
    options = site.get("liquid")
    if not isinstance(options, Mapping):
        return "warn", False, False
    return (
        str(options.get("error_mode") or "warn"),
        bool(options.get("strict_filters")),
        bool(options.get("strict_variables")),
    )


def render(text: str, context: LiquidContext) -> str:
    """`text` rendered as Jekyll would; problems go to `context`, never raised."""
    if "{{" not in text and "{%" not in text:
        return text
    env = environment(*_options(context.site))
    previous_text = context.text
    context.text = text
    token = CURRENT.set(context)
    try:
        before = context.structural
        template = env.from_string(text)
        if context.structural > before:  # an unclosed block, tag or output: Jekyll stops
            result = text
        else:
            result = template.render(site=site_variables(context), page=page_variables(context))
    except LiquidError as error:  # strict error_mode: Jekyll stops; we keep the post as written
        at = error.token
        context.error(
            f"{error.message}; the text is kept as written",
            at.source if at is not None else text,
            at.start_index if at is not None else 0,
        )
        result = text
    except RecursionError:
        context.error("templates nested too deeply; the text is kept as written", text, 0)
        result = text
    finally:
        CURRENT.reset(token)
        context.text = previous_text
    _count_more_errors(context)
    return result


def _count_more_errors(context: LiquidContext) -> None:
    """Only the first error gets a diagnostic; it says how many followed."""
    if context.errors <= 1:
        return
    for index, diagnostic in enumerate(context.diagnostics):
        if diagnostic.code == "JK010" and diagnostic.message.startswith("Liquid: "):
            base = diagnostic.message.split(" [+", 1)[0]
            message = f"{base} [+{context.errors - 1} more Liquid errors in this file]"
            context.diagnostics[index] = dataclasses.replace(diagnostic, message=message)
            return


def summarize(
    files: Iterable[tuple[str, Mapping[str, int], Mapping[str, int]]],
) -> Iterator[tuple[str, int, int, str]]:
    """Unknown tags and filters over many files, once per name.

    `files` yields (path, unsupported, unsupported_lines) per file; the result is
    (name, uses, files, first "path:line"), most used first.
    """
    uses: dict[str, int] = {}
    count: dict[str, int] = {}
    first: dict[str, str] = {}
    for path, unsupported, lines in files:
        for name, number in unsupported.items():
            uses[name] = uses.get(name, 0) + number
            count[name] = count.get(name, 0) + 1
            first.setdefault(name, f"{path}:{lines.get(name, 0)}")
    for name in sorted(uses, key=lambda n: (-uses[n], n)):
        yield name, uses[name], count[name], first[name]


def unsupported_message(name: str, uses: int, files: int, first: str) -> str:
    """One line about an unknown tag or filter, for the build log and init."""
    kind = "tag" if name.startswith("{%") else "filter"
    effect = "left as written" if kind == "tag" else "ignored, as Jekyll does without the plugin"
    return (
        f"{first}: JK011 Liquid {kind} {name} is unknown ({uses} uses in {files} files; "
        f"{effect}); register it in PELICAN_FAST['liquid']['{kind}s']"
    )


def report_lines(
    files: Iterable[tuple[str, Mapping[str, int], Mapping[str, int]]], limit: int = 20
) -> list[str]:
    """The build's log lines about unknown tags and filters: one per name, most used first."""
    rows = list(summarize(files))
    lines = [unsupported_message(*row) for row in rows[:limit]]
    if len(rows) > limit:
        lines.append(f"JK011 {len(rows) - limit} more unknown Liquid tags and filters")
    return lines
