"""What Jekyll makes of one file: title, date, categories, tags, URL... (no Pelican here).

Pure and per file, so the reader, the linter's site index and ``init`` can
share it. Each rule cites the Jekyll behaviour it reproduces.
"""

from __future__ import annotations

import datetime as dt
import re
import reprlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo

from pelican_fast.core.diagnostics import WARNING, Diagnostic
from pelican_fast.jekyll import dates
from pelican_fast.jekyll.config import JekyllSite
from pelican_fast.jekyll.permalink import (
    Location,
    PostIdentity,
    UnknownPlaceholder,
    locate,
    placeholders,
    titleize_slug,
)

# Document::DATE_FILENAME_MATCHER
DATE_FILENAME = re.compile(r"^(?:.+/)*(\d{2,4}-\d{1,2}-\d{1,2})-(.*)(\.[^./]+)$")
DATELESS_FILENAME = re.compile(r"^(?:.+/)*(.*)(\.[^./]+)$")
POSTS_DIR = "_posts"
DRAFTS_DIR = "_drafts"


@dataclass
class JekyllPost:
    """One Jekyll document as Jekyll 4.3 understands it."""

    relative_path: str
    kind: str  # "post", "draft", "ignored" (in _posts but badly named), "other"
    data: dict[str, Any]
    title: str = ""
    date: dt.datetime | None = None
    slug: str = ""
    categories: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    authors: list[str] = field(default_factory=list)
    published: bool = True
    location: Location | None = None
    redirect_from: list[str] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)

    @property
    def name(self) -> str:
        """File name without extension: what ``{% post_url %}`` names."""
        base = self.relative_path.rsplit("/", 1)[-1]
        return base.rsplit(".", 1)[0] if "." in base else base


def classify(relative_path: str) -> str:
    """Jekyll's reader: posts live in a ``_posts`` folder and are named ``YYYY-MM-DD-slug``."""
    parts = relative_path.split("/")
    if POSTS_DIR in parts[:-1]:
        return "post" if DATE_FILENAME.match(relative_path) else "ignored"
    if DRAFTS_DIR in parts[:-1]:
        return "draft"
    return "other"


def categories_from_path(relative_path: str) -> list[str]:
    """``Document#categories_from_path``: folders above ``_posts`` are categories."""
    parts = relative_path.split("/")
    special = POSTS_DIR if POSTS_DIR in parts else DRAFTS_DIR
    if special not in parts:
        return []
    return [p for p in parts[: parts.index(special)] if p and p != special]


def _ruby_to_s(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list | tuple | dict | set):
        return _SHORT.repr(value)  # bounded: a shared or looping structure cannot explode
    return str(value)


# Containers as text, cut short (Ruby's to_s would print them whole).
_SHORT = reprlib.Repr()
_SHORT.maxlevel = 4
_SHORT.maxtuple = _SHORT.maxlist = _SHORT.maxdict = _SHORT.maxset = 50
_SHORT.maxstring = _SHORT.maxother = 1000
_FLATTEN_LIMIT = 10_000  # more categories or tags than this is not a blog post


def _flatten(value: Any) -> list[Any]:
    """Nested lists as one list; iterative, a list inside itself is skipped, work bounded."""
    if not isinstance(value, list | tuple):
        return [value]
    if len(value) <= _FLATTEN_LIMIT and not any(isinstance(item, list | tuple) for item in value):
        return list(value)  # already flat (the common case): the walk below would copy it
    out: list[Any] = []
    on_path: set[int] = set()
    stack: list[tuple[Any, int]] = [(value, 0)]
    on_path.add(id(value))
    steps = 0
    while stack and len(out) < _FLATTEN_LIMIT and steps < 4 * _FLATTEN_LIMIT:
        steps += 1
        current, index = stack.pop()
        if index >= len(current):
            on_path.discard(id(current))
            continue
        stack.append((current, index + 1))
        item = current[index]
        if isinstance(item, list | tuple):
            if id(item) not in on_path:
                on_path.add(id(item))
                stack.append((item, 0))
        else:
            out.append(item)
    return out


def _unique(items: list[str]) -> list[str]:
    return list(dict.fromkeys(items))


def jekyll_categories(path_categories: list[str], data: Mapping[str, Any]) -> list[str]:
    """``merge_categories!`` then ``populate_categories``, as Jekyll 4.3 does them."""
    categories: list[Any] = list(path_categories)
    raw = data.get("categories")
    if raw is not None:
        items = raw.split() if isinstance(raw, str) else _flatten(raw)
        categories = categories + [c for c in items if c not in categories]
    # pluralized_array_from_hash(data, "category", "categories"): singular wins, unsplit.
    extra: list[Any] = []
    if data.get("category") is not None:
        extra = _flatten(data["category"])
    elif isinstance(raw, str):
        extra = raw.split()
    elif isinstance(raw, list | tuple):
        extra = [c for c in _flatten(raw) if c is not None]
    return _unique([_ruby_to_s(c) for c in categories + extra])


def split_tags(raw: Any, mode: str) -> list[str]:
    """Tags from a string or list.

    Jekyll splits a tag string on white space, which turns the common
    ``'territoires, préincubation'`` into the tag ``territoires,``. By default
    (``comma-or-space``) a string that contains a comma is split on commas
    (Pelican's rule, and what the author meant), otherwise on white space
    (Jekyll's rule). ``space`` and ``comma`` force one rule.
    """
    if raw is None:
        return []
    if isinstance(raw, str):
        if mode == "comma" or (mode == "comma-or-space" and "," in raw):
            items = raw.split(",")
        else:
            items = raw.split()
    else:
        items = [_ruby_to_s(t) for t in _flatten(raw) if t is not None]
    return _unique([t.strip() for t in items if t and t.strip()])


def _author_name(value: Any) -> str:
    """jekyll-seo-tag allows ``author: {name: …, url: …}``."""
    if isinstance(value, Mapping):
        return _ruby_to_s(value.get("name") or value.get("title") or "")
    return _ruby_to_s(value)


def split_authors(raw: Any) -> list[str]:
    """``author``/``authors`` as a list (a string is split on ';' or ',' as Pelican does)."""
    if raw is None:
        return []
    if isinstance(raw, str):
        items = raw.split(";") if ";" in raw else raw.split(",")
    else:
        items = [_author_name(a) for a in _flatten(raw) if a is not None]
    return _unique([a.strip() for a in items if a.strip()])


def parse_date(value: Any, tz: ZoneInfo) -> dt.datetime:
    """A front-matter date as Jekyll reads it, in the site's time zone.

    - a YAML date is local midnight;
    - a YAML timestamp without offset is UTC (Psych/SafeYAML parse it so);
    - a timestamp with ``Z`` or an offset is that instant;
    - a quoted string is parsed like Ruby's ``Time.parse``: local time unless
      it carries an offset.
    """
    if isinstance(value, dt.datetime):
        aware = value if value.tzinfo else value.replace(tzinfo=dt.UTC)
        return aware.astimezone(tz)
    if isinstance(value, dt.date):
        return dt.datetime(value.year, value.month, value.day, tzinfo=tz)
    if isinstance(value, str) and value.strip():
        return dates.parse_time(value, tz).astimezone(tz)  # Ruby's Time.parse
    raise ValueError(f"{value!r} is not a date")


def filename_date(text: str, tz: ZoneInfo) -> dt.datetime:
    year, month, day = (int(part) for part in text.split("-"))
    return dt.datetime(year, month, day, tzinfo=tz)


def _line(key_lines: Mapping[str, int], key: str) -> int:
    return key_lines.get(key, 0)


def read_post(
    relative_path: str,
    front_matter: Mapping[str, Any],
    site: JekyllSite,
    *,
    tag_split: str = "comma-or-space",
    key_lines: Mapping[str, int] | None = None,
) -> JekyllPost:
    """Everything Jekyll derives from a file's path and front matter."""
    lines = key_lines or {}
    kind = classify(relative_path)
    collection_kind = "drafts" if kind == "draft" else "posts"
    data: dict[str, Any] = dict(site.defaults_for(relative_path, collection_kind))
    data.update(front_matter)
    post = JekyllPost(relative_path=relative_path, kind=kind, data=data)
    tz = ZoneInfo(site.timezone)

    # populate_title: slug and date from the file name.
    matched = DATE_FILENAME.match(relative_path)
    if matched:
        date_text, file_slug = matched.group(1), matched.group(2)
    else:
        date_text = None
        dateless = DATELESS_FILENAME.match(relative_path)
        file_slug = dateless.group(1) if dateless else relative_path
    file_slug = file_slug.rstrip(".")
    slug_value = data.get("slug")
    post.slug = _ruby_to_s(slug_value) if slug_value not in (None, "") else file_slug

    title = data.get("title")
    if title is None or (isinstance(title, str) and not title.strip()):
        post.title = titleize_slug(file_slug)
        if kind in ("post", "draft"):
            post.diagnostics.append(
                Diagnostic(
                    WARNING,
                    f"no title in front matter; using {post.title!r} from the file name",
                    _line(lines, "title") or 1,
                    1,
                    "JK002",
                )
            )
    else:
        post.title = _ruby_to_s(title).strip()

    # Dates: the front matter wins over the file name (Document#modify_date).
    if data.get("date") not in (None, ""):
        try:
            post.date = parse_date(data["date"], tz)
        except (ValueError, OverflowError) as error:
            post.diagnostics.append(
                Diagnostic(
                    WARNING,
                    f"invalid date {data['date']!r} ({error}); using the file name's date",
                    _line(lines, "date") or 1,
                    1,
                    "JK003",
                )
            )
    if post.date is None and date_text:
        try:
            post.date = filename_date(date_text, tz)
        except ValueError:
            post.diagnostics.append(
                Diagnostic(WARNING, f"invalid date {date_text!r} in the file name", 1, 1, "JK003")
            )

    post.categories = jekyll_categories(categories_from_path(relative_path), data)
    tag_source = data.get("tag") if data.get("tag") is not None else data.get("tags")
    post.tags = split_tags(tag_source, tag_split)
    post.authors = split_authors(
        data.get("authors") if data.get("authors") is not None else data.get("author")
    )
    post.published = data.get("published") is not False

    redirects = data.get("redirect_from")
    if isinstance(redirects, str):
        post.redirect_from = [redirects]
    elif isinstance(redirects, list | tuple):
        post.redirect_from = [str(r) for r in redirects if r]

    own_permalink = data.get("permalink")
    if kind == "ignored":
        post.diagnostics.append(
            Diagnostic(
                WARNING,
                "in _posts but not named YYYY-MM-DD-title.ext: Jekyll does not publish it",
                1,
                1,
                "JK004",
            )
        )
    identity = _identity(post, own_permalink)
    if identity is not None:
        try:
            post.location = locate(
                identity, site.permalink, str(own_permalink) if own_permalink else None
            )
        except UnknownPlaceholder as error:
            post.diagnostics.append(
                Diagnostic(
                    WARNING,
                    f"permalink placeholder :{error.args[0]} is unknown to Jekyll; "
                    "Pelican's URL is used",
                    _line(lines, "permalink") or 1,
                    1,
                    "JK005",
                )
            )
    return post


def _identity(post: JekyllPost, own_permalink: Any) -> PostIdentity | None:
    """What `post`'s URL is made of; None when Jekyll gives it no URL of its own."""
    kind, relative_path = post.kind, post.relative_path
    if post.date is None or not (kind == "post" or (kind == "other" and own_permalink)):
        return None
    base = relative_path.rsplit("/", 1)[-1]
    basename = base.rsplit(".", 1)[0] if "." in base else base
    special = f"{POSTS_DIR}/"
    cleaned = "/" + (
        relative_path.split(special, 1)[-1] if special in relative_path else relative_path
    )
    cleaned = cleaned.rsplit(".", 1)[0] if "." in cleaned.rsplit("/", 1)[-1] else cleaned
    return PostIdentity(
        slug=post.slug,
        basename=basename,
        categories=tuple(post.categories),
        date=post.date,
        cleaned_path=cleaned,
    )


def locations(post: JekyllPost, templates: Iterable[str]) -> list[Location | None]:
    """Where `post` would be with each permalink template (None: a template it cannot use).

    What ``read_post`` would say with each template as the site's ``permalink``, with
    the post read once and its placeholders computed once (the linter guesses eight
    styles per post when no _config.yml says which).
    """
    own = post.data.get("permalink")
    identity = _identity(post, own)
    if identity is None:
        return [None for _ in templates]
    values = placeholders(identity)
    out: list[Location | None] = []
    for template in templates:
        try:
            out.append(locate(identity, template, str(own) if own else None, values))
        except UnknownPlaceholder:
            out.append(None)
    return out
