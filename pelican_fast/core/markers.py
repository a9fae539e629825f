"""Every marker string pelican-fast leaves in a post, made and recognised in one place.

A post is read file by file (and cached by Pelican per file), so what needs the
whole site (``post_url``/``link`` targets, laureate cards, call boxes, banners)
is left as a marker at read time and resolved once the whole site is known.
Markers that stand inside an attribute (``href="…"``) are URL-safe words closed
by ``:end`` so they cannot run on; the others are HTML comments, which Markdown
keeps as they are (sometimes wrapped in ``<p>``: the patterns accept that).
"""

from __future__ import annotations

import html
import re

# -- cross-file links: {% post_url %} and {% link %} ----------------------------
POST_URL_MARKER = "pelican-fast-post-url:"
LINK_MARKER = "pelican-fast-link:"
MARKER_PATTERN = re.compile(r"pelican-fast-(post-url|link):([^\s\"'<>()]+?)(?::end)")


def marker(kind_prefix: str, target: str) -> str:
    """A URL-safe placeholder for a cross-file link (POST_URL_MARKER or LINK_MARKER)."""
    return f"{kind_prefix}{target}:end"


# -- an author's inline script moved to a file (safe_html, inline_scripts) ---------
# Stands where the site's URL of the scripts' folder goes, until the site is known.
SCRIPT_URL_MARKER = "pelican-fast-script:"

# Every marker that stands inside a URL, as a scheme the sanitiser must let through.
URL_MARKER_SCHEMES = tuple(m[:-1] for m in (POST_URL_MARKER, LINK_MARKER, SCRIPT_URL_MARKER))
ANY_URL_MARKER = "pelican-fast-"  # the prefix they share: a cheap test before resolving


def has_url_markers(text: str | None) -> bool:
    """Does `text` hold a cross-file link or moved-out script marker to resolve?"""
    return text is not None and ANY_URL_MARKER in text


# -- widgets: {% laureates %}, {% call %} and detected laureate lists ----------
WIDGET_TAGS = ("laureates", "call")
WIDGET_COMMENT = "<!--pelican-fast:{name} {args}-->"


def widget_comment(name: str, args: str) -> str:
    """The comment a ``{% laureates … %}`` or ``{% call … %}`` tag leaves in the page."""
    return WIDGET_COMMENT.format(name=name, args=html.escape(args, quote=False))


LAUREATES_DETECTED = "<!--pelican-fast:laureates detected={group}-->"
LAUREATES_TEXT = "pelican-fast:laureates"
LAUREATES_COMMENT = "<!--pelican-fast:laureates"
LAUREATES_PATTERN = re.compile(
    r"<p>\s*<!--pelican-fast:laureates(?P<a>[^>]*?)-->\s*</p>"
    r"|<!--pelican-fast:laureates(?P<b>[^>]*?)-->"
)
CALL_COMMENT = "<!--pelican-fast:call"
CALL_PATTERN = re.compile(
    r"<p>\s*<!--pelican-fast:call\s+([^>]*?)\s*-->\s*</p>|<!--pelican-fast:call\s+([^>]*?)\s*-->"
)

# -- the theme's banner slot ------------------------------------------------------
BANNER_MARKER = "<!-- pelican-fast:banner -->"
BANNER_NAME = "pelican-fast:banner"
BANNER_PATTERN = re.compile(r"<!--\s*pelican-fast:banner\s*-->")
