"""Pages that Jekyll plugins generate, from ``_config.yml`` and the posts (pure Jekyll).

A link to ``/feed.xml`` or ``/tags/every-kid-in-a-park/`` works on the published
site although no file of the source is there: jekyll-feed and jekyll-archives
write them. The site index learns these URLs from here, so the linter never
calls them missing; a tag archive exists only when some post has that tag, so a
link to a tag without posts stays an error.

Covered: jekyll-feed (``feed.path``, ``feed.categories``, ``feed.tags``),
jekyll-archives (``enabled`` kinds and ``permalinks``), jekyll-sitemap,
jekyll-paginate (``paginate``, ``paginate_path``), jekyll-paginate-v2
(``pagination``), jekyll-seo-tag (no page). jekyll-redirect-from needs nothing
here: every ``redirect_from`` entry is already a page of the index.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from pelican_fast.jekyll.permalink import slugify

FEED = "jekyll-feed"
ARCHIVES = "jekyll-archives"
SITEMAP = "jekyll-sitemap"
PAGINATE = "jekyll-paginate"
PAGINATE_V2 = "jekyll-paginate-v2"

# jekyll-archives' defaults (lib/jekyll-archives.rb DEFAULTS).
ARCHIVE_PERMALINKS = {
    "year": "/:year/",
    "month": "/:year/:month/",
    "day": "/:year/:month/:day/",
    "tag": "/tag/:name/",
    "category": "/category/:name/",
}
_ARCHIVE_KINDS = {"year", "month", "day", "tags", "categories"}


def plugins(variables: Mapping[str, Any]) -> frozenset[str]:
    """The plugins a ``_config.yml`` loads (``plugins:``, or ``gems:`` before Jekyll 3.5)."""
    names: set[str] = set()
    for key in ("plugins", "gems"):
        value = variables.get(key)
        if isinstance(value, str):
            value = [value]
        if isinstance(value, list):
            names.update(str(item).strip() for item in value if isinstance(item, str))
    return frozenset(names)


@dataclass
class PostFacts:
    """What the generated pages depend on, gathered post by post."""

    count: int = 0
    tags: set[str] = field(default_factory=set)
    categories: set[str] = field(default_factory=set)
    dates: set[tuple[int, int, int]] = field(default_factory=set)
    authors: set[str] = field(default_factory=set)

    def add(
        self,
        tags: Iterable[str] = (),
        categories: Iterable[str] = (),
        date: tuple[int, int, int] | None = None,
        authors: Iterable[str] = (),
    ) -> None:
        self.count += 1
        self.tags.update(tags)
        self.categories.update(categories)
        self.authors.update(authors)
        if date is not None:
            self.dates.add(date)


def generated_urls(variables: Mapping[str, Any], posts: PostFacts) -> list[str]:
    """Every URL (without baseurl) that the site's plugins generate."""
    loaded = plugins(variables)
    urls: list[str] = []
    if FEED in loaded:
        urls += _feed(variables, posts)
    if SITEMAP in loaded:
        urls += ["/sitemap.xml", "/robots.txt"]
    if ARCHIVES in loaded:
        urls += _archives(variables, posts)
    if PAGINATE in loaded:
        urls += _paginate(variables, posts.count)
    if PAGINATE_V2 in loaded:
        urls += _paginate_v2(variables, posts.count)
    return urls


def _mapping(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def _feed(variables: Mapping[str, Any], posts: PostFacts) -> list[str]:
    config = _mapping(variables.get("feed"))
    path = str(config.get("path") or "feed.xml")
    urls = ["/" + path.lstrip("/")]
    categories = config.get("categories")
    if isinstance(categories, list):
        urls += [f"/feed/{category}.xml" for category in categories if isinstance(category, str)]
    tags = config.get("tags")
    if tags:
        tag_config = _mapping(tags)
        prefix = "/" + str(tag_config.get("path") or "feed/by_tag/").strip("/") + "/"
        excluded = tag_config.get("except") or []
        only = tag_config.get("only")
        for tag in posts.tags:
            if tag in excluded or (isinstance(only, list) and tag not in only):
                continue
            urls.append(f"{prefix}{tag}.xml")
    return urls


def _archives(variables: Mapping[str, Any], posts: PostFacts) -> list[str]:
    config = _mapping(variables.get(ARCHIVES))
    enabled = config.get("enabled") or []
    if enabled == "all" or enabled == ["all"]:
        kinds = set(_ARCHIVE_KINDS)
    elif isinstance(enabled, list):
        kinds = {str(kind) for kind in enabled} & _ARCHIVE_KINDS
    else:
        kinds = set()
    permalinks = dict(ARCHIVE_PERMALINKS)
    permalinks.update(
        {str(k): str(v) for k, v in _mapping(config.get("permalinks")).items() if v is not None}
    )
    mode = config.get("slug_mode")
    mode = str(mode) if isinstance(mode, str) else "default"
    urls: list[str] = []
    for kind, plural, names in (
        ("tag", "tags", posts.tags),
        ("category", "categories", posts.categories),
    ):
        if plural not in kinds:
            continue
        for name in names:
            slug = slugify(name, mode)
            urls.append(permalinks[kind].replace(":name", slug).replace(":type", kind))
    for year, month, day in posts.dates:
        values = {":year": f"{year:04d}", ":month": f"{month:02d}", ":day": f"{day:02d}"}
        for kind in ("year", "month", "day"):
            if kind in kinds:
                url = permalinks[kind]
                for key in (":month", ":year", ":day"):
                    url = url.replace(key, values[key])
                urls.append(url)
    return urls


def families(variables: Mapping[str, Any]) -> list[tuple[str, str]]:
    """URL templates whose every page is known from the posts: (template, what it lists).

    A path with the shape of a tag archive but no tag of that name is a missing page.
    """
    if ARCHIVES not in plugins(variables):
        return []
    config = _mapping(variables.get(ARCHIVES))
    enabled = config.get("enabled") or []
    everything = enabled == "all" or enabled == ["all"]
    permalinks = dict(ARCHIVE_PERMALINKS)
    permalinks.update(
        {str(k): str(v) for k, v in _mapping(config.get("permalinks")).items() if v is not None}
    )
    found = []
    for kind, plural in (("tag", "tags"), ("category", "categories")):
        template = permalinks[kind].replace(":type", kind)
        if (everything or (isinstance(enabled, list) and plural in enabled)) and (
            ":name" in template and template.count(":") == 1
        ):
            found.append(
                (template, f"jekyll-archives writes a {kind} page only for a {kind} some post has")
            )
    return found


def _pages(template: str, pages: int) -> list[str]:
    template = "/" + template.lstrip("/")
    return [template.replace(":num", str(number)) for number in range(2, pages + 1)]


def _paginate(variables: Mapping[str, Any], count: int) -> list[str]:
    per_page = _positive(variables.get("paginate"))
    if per_page is None:
        return []
    template = str(variables.get("paginate_path") or "/page:num")
    return _pages(template, math.ceil(count / per_page))


def _paginate_v2(variables: Mapping[str, Any], count: int) -> list[str]:
    config = _mapping(variables.get("pagination"))
    if not config.get("enabled"):
        return []
    per_page = _positive(config.get("per_page")) or 10
    template = str(config.get("permalink") or "/page/:num/")
    return _pages(template, math.ceil(count / per_page))


def _positive(value: Any) -> int | None:
    try:
        number = int(value)
    except (TypeError, ValueError):
        return None
    return number if number > 0 else None
