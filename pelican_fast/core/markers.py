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
LINK_MARKERS = (POST_URL_MARKER, LINK_MARKER)
MARKER_PATTERN = re.compile(r"pelican-fast-(post-url|link):([^\s\"'<>()]+?)(?::end)")
ANY_LINK_MARKER = "pelican-fast-"  # cheap test before MARKER_PATTERN


def marker(kind_prefix: str, target: str) -> str:
    """A URL-safe placeholder for a cross-file link (`kind_prefix`: one of LINK_MARKERS)."""
    return f"{kind_prefix}{target}:end"


def post_url_marker(target: str) -> str:
    """What ``{% post_url target %}`` becomes until the site is read."""
    return f"{POST_URL_MARKER}{target}:end"


def link_marker(target: str) -> str:
    """What ``{% link target %}`` becomes until the site is read."""
    return f"{LINK_MARKER}{target}:end"


def has_link_markers(text: str | None) -> bool:
    return bool(text) and ANY_LINK_MARKER in text  # type: ignore[operator]


# -- an author's inline script moved to a file (safe_html, inline_scripts) ---------
# Stands where the site's URL of the scripts' folder goes, until the site is known.
SCRIPT_URL_MARKER = "pelican-fast-script:"

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
