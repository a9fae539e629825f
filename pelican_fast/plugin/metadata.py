"""Turn a JekyllPost into the typed metadata Pelican expects.

Pelican's metadata processors expect strings; Jekyll front matter holds dates,
lists and numbers. We build the final objects (Category, Tag, Author,
SafeDatetime) ourselves instead of feeding Pelican values it would mangle.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from typing import Any

from pelican.contents import Article
from pelican.urlwrappers import Author, Category, Tag
from pelican.utils import SafeDatetime

from pelican_fast.core import safe_html
from pelican_fast.jekyll.post import JekyllPost

# Keys Jekyll front matter may hold that would clobber Pelican's own attributes
# or change Pelican's behaviour in ways Jekyll never meant. Kept as jekyll_<key>.
_PELICAN_SENSITIVE = {
    "status",
    "lang",
    "translation",
    "template",
    "save_as",
    "url",
    "timezone",
    "date_format",
    "locale_date",
    "modified",
    "summary",
    "content",
    "reader",
    "metadata",
    "settings",
    "source_path",
    "relative_source_path",
    "translations",
    "in_default_lang",
    "author",
    "authors",
    "category",
    "tags",
}
# Keys we map ourselves.
_HANDLED = {
    "title",
    "date",
    "slug",
    "categories",
    "category",
    "tag",
    "tags",
    "author",
    "authors",
    "excerpt",
    "published",
    "permalink",
    "redirect_from",
}


def safe_datetime(value: dt.datetime) -> SafeDatetime:
    return SafeDatetime(
        value.year,
        value.month,
        value.day,
        value.hour,
        value.minute,
        value.second,
        value.microsecond,
        value.tzinfo,
    )


def _is_reserved(key: str) -> bool:
    return key in _PELICAN_SENSITIVE or hasattr(Article, key) or key.startswith("_")


def pelican_metadata(
    post: JekyllPost,
    settings: Mapping[str, Any],
    *,
    category_from: str,
    baseurl: str,
    escape: Callable[[str], str] = str,
) -> dict[str, Any]:
    """Metadata for Pelican's Content object, every value already typed.

    `escape` is applied to the texts themes print raw (title, taxonomy names);
    when one is given, every other front-matter value is HTML-escaped too.
    """
    meta: dict[str, Any] = {"title": escape(post.title), "slug": post.slug}
    if post.date is not None:
        meta["date"] = safe_datetime(post.date)
    if post.categories:
        name = post.categories[0] if category_from == "first" else post.categories[-1]
    else:
        name = settings.get("DEFAULT_CATEGORY", "misc")
    if name.strip():
        meta["category"] = Category(escape(name), settings)
    meta["categories"] = [escape(name) for name in post.categories]
    if post.tags:
        meta["tags"] = [Tag(escape(tag), settings) for tag in post.tags]
    if post.authors:
        meta["authors"] = [Author(escape(author), settings) for author in post.authors]
        meta["author"] = meta["authors"][0]
    if not post.published or post.kind == "draft":
        meta["status"] = "draft"
    elif post.kind == "ignored":
        meta["status"] = "skip"
    if post.location is not None and meta.get("status") != "draft":
        meta["url"] = post.location.pelican_url
        meta["save_as"] = post.location.save_as
        meta["jekyll_url"] = baseurl + post.location.url
    # Unique per file: see plugin.TRANSLATION_ID.
    meta["pelican_fast_translation_id"] = "jekyll:" + post.relative_path
    if post.redirect_from:
        meta["redirect_from"] = list(post.redirect_from)
    for key, value in post.data.items():
        if key in _HANDLED:
            continue
        target = f"jekyll_{key}" if _is_reserved(key) else key
        meta[target] = value if escape is str else safe_html.escape_value(value)
    return meta
