"""Placeholders for what one file cannot know: other posts' URLs, widgets.

Markers resolved after all posts are read (see pelican_fast.build). They are
plain URL-safe words so that Markdown keeps them intact in href/src.
"""

from __future__ import annotations

import re

POST_URL_MARKER = "pelican-fast-post-url:"
LINK_MARKER = "pelican-fast-link:"
MARKER_PATTERN = re.compile(r"pelican-fast-(post-url|link):([^\s\"'<>()]+?)(?::end)")
WIDGET_COMMENT = "<!--pelican-fast:{name} {args}-->"
WIDGET_TAGS = ("laureates", "call")


def marker(kind_prefix: str, target: str) -> str:
    """A URL-safe placeholder for a cross-file link, closed so it cannot run on."""
    return f"{kind_prefix}{target}:end"
