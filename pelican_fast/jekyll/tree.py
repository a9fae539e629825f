"""What each file of a Jekyll source tree adds to the index (the walk: jekyll/walk.py).

Reads only front matter. Used by the linter (``pelican_fast.app``), never by the
link engine itself, which works on texts and an index.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from typing import Any

from pelican_fast.jekyll import frontmatter
from pelican_fast.jekyll.config import JekyllSite
from pelican_fast.jekyll.entry import IndexEntry
from pelican_fast.jekyll.extensions import MARKDOWN_EXTENSIONS
from pelican_fast.jekyll.frontmatter import SplitFile
from pelican_fast.jekyll.permalink import GUESSED_TEMPLATES
from pelican_fast.jekyll.post import classify, locations, read_post
from pelican_fast.jekyll.walk import SKIPPED_DIRS, walk

FrontMatterSeen = Callable[[SplitFile, dict[str, Any]], None]


def describe(
    path: str,
    relative: str,
    site: JekyllSite,
    guess_permalink: bool = False,
    seen: FrontMatterSeen | None = None,
) -> IndexEntry | None:
    """What the file at `path` adds to the index (None: nothing). `seen` is given every
    front matter parsed on the way, for callers that would otherwise parse it again."""
    kind = classify(relative)
    markdown = relative.lower().endswith(MARKDOWN_EXTENSIONS)
    if kind in ("post", "ignored", "draft"):
        if kind == "post" and (markdown or relative.endswith(".html")):
            return _post_entry(path, relative, site, guess_permalink, seen)
        return None
    hidden = any(part.startswith("_") for part in relative.split("/"))
    if hidden:
        return None
    if markdown or relative.lower().endswith((".html", ".htm")):
        data = _front_matter(path, seen)
        if data is not None:
            return _page_entry(relative, data)
    return IndexEntry("file", relative.replace(os.sep, "/").lstrip("/"))


def _post_entry(
    path: str,
    relative: str,
    site: JekyllSite,
    guess_permalink: bool,
    seen: FrontMatterSeen | None,
) -> IndexEntry | None:
    data = _front_matter(path, seen) or {}
    post = read_post(relative, data, site)
    if not post.published or post.location is None:
        return None
    variants: tuple[str, ...] | None = None
    if guess_permalink and "permalink" not in data:
        urls = [post.location.url]
        for variant in locations(post, GUESSED_TEMPLATES):  # the post is read once
            if variant is not None and variant.url not in urls:
                urls.append(variant.url)
        variants = tuple(urls)
    return IndexEntry(
        "post",
        relative,
        url=post.location.url,
        name=post.name,
        redirects=tuple(post.redirect_from),
        variants=variants,
        tags=tuple(post.tags),
        categories=tuple(post.categories),
        date=(post.date.year, post.date.month, post.date.day) if post.date else None,
        authors=tuple(post.authors),
    )


def _page_entry(relative: str, data: Mapping[str, Any]) -> IndexEntry:
    permalink = data.get("permalink")
    if isinstance(permalink, str) and permalink.strip():
        url = "/" + permalink.strip().lstrip("/")
    else:
        stem = relative.rsplit(".", 1)[0]
        url = "/" + (stem[: -len("index")] if stem.endswith("index") else stem + ".html")
    redirects = data.get("redirect_from")
    olds = [redirects] if isinstance(redirects, str) else redirects or []
    return IndexEntry("page", relative, url=url, redirects=tuple(str(old) for old in olds))


def _front_matter(path: str, seen: FrontMatterSeen | None = None) -> dict[str, Any] | None:
    """The YAML front matter of a file, {} when broken, None when it has none."""
    try:
        with open(path, "rb") as handle:
            head = handle.read()
        text, _ = frontmatter.decode(head)
    except (OSError, UnicodeDecodeError):
        return None
    parts = frontmatter.split(text)
    if parts.yaml_text is None:
        return None
    try:
        data = frontmatter.parse_yaml(parts)
    except frontmatter.FrontMatterError:
        data = {}
    if seen is not None:
        seen(parts, data)
    return data


__all__ = ["MARKDOWN_EXTENSIONS", "SKIPPED_DIRS", "describe", "walk"]
