"""The pages Pelican itself writes, from a pelicanconf.py's settings (no Pelican import).

When the linted site is built by Pelican, a link to ``/category/outils.html``,
``/tags.html`` or ``/feeds/all.atom.xml`` works although no source file is there.
The URLs follow Pelican's settings (``CATEGORY_URL``, ``TAG_URL``, ``*_SAVE_AS``,
the feed settings), with Pelican's defaults, and its slugs. Category, tag and author
pages exist only for a category, tag or author that some post has.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from typing import Any

from pelican_fast.jekyll.generated import PostFacts

# pelican/settings.py DEFAULT_CONFIG (4.x), the URL-bearing ones.
DEFAULTS: dict[str, str | None] = {
    "CATEGORY_URL": "category/{slug}.html",
    "TAG_URL": "tag/{slug}.html",
    "AUTHOR_URL": "author/{slug}.html",
    "ARCHIVES_SAVE_AS": "archives.html",
    "AUTHORS_SAVE_AS": "authors.html",
    "CATEGORIES_SAVE_AS": "categories.html",
    "TAGS_SAVE_AS": "tags.html",
    "FEED_ATOM": None,
    "FEED_RSS": None,
    "FEED_ALL_ATOM": "feeds/all.atom.xml",
    "FEED_ALL_RSS": None,
    "CATEGORY_FEED_ATOM": "feeds/{slug}.atom.xml",
    "CATEGORY_FEED_RSS": None,
    "TAG_FEED_ATOM": None,
    "TAG_FEED_RSS": None,
    "AUTHOR_FEED_ATOM": "feeds/{slug}.atom.xml",
    "AUTHOR_FEED_RSS": "feeds/{slug}.rss.xml",
}
_SITE_PAGES = ("ARCHIVES_SAVE_AS", "AUTHORS_SAVE_AS", "CATEGORIES_SAVE_AS", "TAGS_SAVE_AS")
_SITE_FEEDS = ("FEED_ATOM", "FEED_RSS", "FEED_ALL_ATOM", "FEED_ALL_RSS")
_PER_NAME = (
    ("CATEGORY_URL", "categories"),
    ("CATEGORY_FEED_ATOM", "categories"),
    ("CATEGORY_FEED_RSS", "categories"),
    ("TAG_URL", "tags"),
    ("TAG_FEED_ATOM", "tags"),
    ("TAG_FEED_RSS", "tags"),
    ("AUTHOR_URL", "authors"),
    ("AUTHOR_FEED_ATOM", "authors"),
    ("AUTHOR_FEED_RSS", "authors"),
)


def slugify(name: str) -> str:
    """Pelican's default slug: ASCII, lower case, word characters and dashes."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^\w\s-]", "", ascii_name.lower()).strip()
    return re.sub(r"[-\s]+", "-", slug)


def _setting(settings: Mapping[str, Any], key: str) -> str | None:
    value = settings[key] if key in settings else DEFAULTS[key]
    return str(value) if value else None


def urls(settings: Mapping[str, Any], posts: PostFacts) -> list[str]:
    """URLs (root-relative, "/"-prefixed) of the pages and feeds Pelican writes."""
    found: list[str] = []
    for key in _SITE_PAGES + _SITE_FEEDS:
        value = _setting(settings, key)
        if value:
            found.append("/" + value.lstrip("/"))
    for key, kind in _PER_NAME:
        template = _setting(settings, key)
        if not template:
            continue
        names = {"categories": posts.categories, "tags": posts.tags}.get(kind, posts.authors)
        default = settings.get("DEFAULT_CATEGORY", "misc") if kind == "categories" else None
        for name in [*names, *([default] if isinstance(default, str) else [])]:
            try:
                url = template.format(slug=slugify(name), name=name, lang="")
            except (KeyError, IndexError, ValueError):
                continue
            found.append("/" + url.lstrip("/"))
    return found
