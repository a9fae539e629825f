"""The site index: every URL the site serves, without Pelican or the file system.

Posts are placed where Jekyll 4.3 places them (``pelican_fast.jekyll.post``:
the front-matter date and categories win over the file name), pages at their
``permalink`` or their path, static files at their path, ``redirect_from``
URLs too (filled by ``pelican_fast.app.site_index`` from a folder, or by the
build from Pelican's contents). Links to the site are checked against this index, and near misses
(case, accents, blanks, ``-1`` suffixes) are suggested from it.
"""

from __future__ import annotations

import os
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import unquote

from pelican_fast.jekyll import generated
from pelican_fast.jekyll.config import JekyllSite
from pelican_fast.jekyll.entry import IndexEntry
from pelican_fast.jekyll.extensions import MARKDOWN_EXTENSIONS
from pelican_fast.jekyll.permalink import GUESSED_TEMPLATES
from pelican_fast.links.urls import origin_host

_PLACEHOLDER = re.compile(r":([a-z_]+)")
_SLASHES = re.compile(r"/{2,}")
_NAME_DATE = re.compile(r"^\d{2,4}-\d{1,2}-\d{1,2}-")  # what {% post_url %} names start with
_SHAPES = {
    "year": r"\d{4}",
    "month": r"\d{2}",
    "day": r"\d{2}",
    "i_month": r"\d{1,2}",
    "i_day": r"\d{1,2}",
    "short_year": r"\d{2}",
    "y_day": r"\d{3}",
    "hour": r"\d{2}",
    "minute": r"\d{2}",
    "second": r"\d{2}",
    "output_ext": r"\.html",
}


def _plain(path: str) -> bool:
    """An ASCII path without %-escapes, query, fragment or doubled slashes: already
    decoded and normalized (what page_key is given for most post URLs)."""
    return path.isascii() and not ("%" in path or "?" in path or "#" in path or "//" in path)


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def page_key(path: str) -> str:
    """The canonical form of a site path: decoded, no index.html, no .html, no trailing /."""
    if not _plain(path):
        path = nfc(unquote(path.split("#", 1)[0].split("?", 1)[0]))
        path = _SLASHES.sub("/", path)
    path = "/" + path.strip("/")
    for suffix in ("/index.html", "/index.htm"):
        if path.endswith(suffix):
            path = path[: -len(suffix)] or "/"
    if path == "/index.html":
        path = "/"
    if path.endswith(".html") and path != "/":
        path = path[: -len(".html")]
    return path.rstrip("/") or "/"


def name_stem(name: str) -> str:
    """A post's name without its date: ``2019-04-19-faq`` -> ``faq``."""
    return _NAME_DATE.sub("", name)


def file_key(path: str) -> str:
    return "/" + nfc(unquote(path.split("#", 1)[0].split("?", 1)[0])).lstrip("/")


def fuzzy_key(path: str) -> str:
    """Ignore case (of the extension too), accents, blanks, doubled dots and dashes and
    ``-1`` copies: how people mistype file names (``a..png`` for ``a.png``)."""
    decomposed = unicodedata.normalize("NFKD", unquote(path))
    plain = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    plain = re.sub(r"[\s_%]+|-+", "-", plain)
    plain = re.sub(r"\.{2,}", ".", plain)
    plain = re.sub(r"-\d{1,2}-?(?=\.[a-z0-9]+$)", "", plain)
    return plain.replace(".jpeg", ".jpg")


def post_shape(template: str) -> re.Pattern[str] | None:
    """A pattern matching the URLs a permalink template makes, when it is date based."""
    if ":year" not in template:
        return None
    marked = template.rstrip("/")
    for name in ("/:slugified_categories", "/:categories"):
        marked = marked.replace(name, "\x00")
    pattern = ""
    for piece in re.split(r"(\x00|:[a-z_]+)", marked):
        if piece == "\x00":
            pattern += r"(?:/[^/]+)*"
        elif piece.startswith(":"):
            pattern += _SHAPES.get(piece[1:], r"[^/]+")
        else:
            pattern += re.escape(piece)
    return re.compile(pattern + r"/?(?:index\.html)?")


def _shape_of(url: str) -> tuple[str, ...]:
    """How a URL is written: its folders (numbers by their width) and how it ends."""
    path = unquote(url.split("#", 1)[0].split("?", 1)[0])
    ending = "/" if path.endswith("/") else ".html" if path.endswith(".html") else ""
    parts = [part for part in path.split("/") if part]
    folders = tuple(f"#{len(p)}" if p.isdigit() else p.lower() for p in parts[:-1])
    return (*folders, ending)


@dataclass(frozen=True)
class SitePost:
    """What a link to a post needs: its name, source path, URL and slug."""

    name: str
    relative_path: str
    url: str  # root-relative, without baseurl


@dataclass
class SiteIndex:
    """Pages, posts and files of one site."""

    baseurl: str = ""
    origins: frozenset[str] = frozenset()  # hosts of the site itself, lower case, no www.
    template: str = ""
    pages: dict[str, str] = field(default_factory=dict)  # page_key -> URL
    files: dict[str, str] = field(default_factory=dict)  # file_key -> relative path
    folders: set[str] = field(default_factory=set)  # first path segments that exist
    posts_by_name: dict[str, list[SitePost]] = field(default_factory=dict)
    posts_by_slug: dict[str, list[SitePost]] = field(default_factory=dict)
    posts_by_path: dict[str, SitePost] = field(default_factory=dict)
    # No Jekyll config was found: the permalink style is a guess, so every standard
    # style's URL of a post counts as that post (links written for the real site work).
    guess_permalink: bool = False
    variants: dict[str, list[str]] = field(default_factory=dict)  # post name -> its URLs
    _fuzzy: dict[str, list[str]] | None = None
    # Post name without its date -> the posts: a broken {% post_url %} finds its
    # candidates here, not by a scan of every post (which made a site quadratic).
    _posts_by_stem: dict[str, list[SitePost]] = field(default_factory=dict)
    _shapes: list[re.Pattern[str]] = field(default_factory=list)
    # What plugins generate pages from (filled by add_entry, or by the build).
    facts: generated.PostFacts = field(default_factory=generated.PostFacts)
    # URL shapes of generated families (tag archives...): (pattern, what a page of it lists).
    families: list[tuple[re.Pattern[str], str]] = field(default_factory=list)

    def __post_init__(self) -> None:
        templates = list(GUESSED_TEMPLATES) if self.guess_permalink else []
        if self.template:
            templates.insert(0, self.template)
        self._shapes = [shape for shape in map(post_shape, templates) if shape is not None]
        self.pages.setdefault("/", "/")

    # -- building ------------------------------------------------------------
    def add_post(self, name: str, relative_path: str, url: str) -> None:
        post = SitePost(name=name, relative_path=relative_path, url=url)
        key = page_key(url)
        self.pages[key] = url
        self._folder(url)
        self.posts_by_name.setdefault(name, []).append(post)
        self._posts_by_stem.setdefault(name_stem(name), []).append(post)
        slug = key.rsplit("/", 1)[-1]
        self.posts_by_slug.setdefault(slug, []).append(post)
        self.posts_by_path[relative_path] = post

    def add_page(self, url: str) -> None:
        self.pages[page_key(url)] = url
        self._folder(url)

    def add_file(self, relative_path: str) -> None:
        relative_path = relative_path.replace(os.sep, "/").lstrip("/")
        self.files[file_key(relative_path)] = relative_path
        self._folder(relative_path)
        self._fuzzy = None

    def add_generated(self, urls: Iterable[str], families: Iterable[tuple[str, str]] = ()) -> None:
        """Pages a plugin writes (``/feed.xml``...), and the URL templates of families
        whose every page is known (``/tags/:name/``: one page per tag some post has)."""
        for url in urls:
            self.add_page(url)
        for template, what in families:
            self.families.append((_family_shape(template), what))

    def learn_plugins(self, variables: Mapping[str, Any]) -> None:
        """The pages the Jekyll plugins of a ``_config.yml`` generate, from the posts seen."""
        self.add_generated(
            generated.generated_urls(variables, self.facts), generated.families(variables)
        )

    def family(self, path: str) -> str | None:
        """What a generated family would list at `path`, when `path` has its shape."""
        decoded = unquote(path)
        for shape, what in self.families:
            if shape.fullmatch(decoded):
                return what
        return None

    def _folder(self, path: str) -> None:
        parts = path.strip("/").split("/")
        if len(parts) > 1:
            self.folders.add(nfc(parts[0]))

    # -- questions -------------------------------------------------------------
    def is_own(self, host: str) -> bool:
        host = host.lower()
        return (host[4:] if host.startswith("www.") else host) in self.origins

    def strip_baseurl(self, path: str) -> str:
        if self.baseurl and (path == self.baseurl or path.startswith(self.baseurl + "/")):
            return path[len(self.baseurl) :] or "/"
        return path

    def exists(self, path: str) -> bool:
        return file_key(path) in self.files or page_key(path) in self.pages

    def has_folder(self, path: str) -> bool:
        first = nfc(unquote(path.strip("/").split("/", 1)[0]))
        return first in self.folders

    def near_files(self, path: str) -> list[str]:
        """Files whose name differs from `path` only by case, accents, blanks or a -1."""
        if self._fuzzy is None:
            self._fuzzy = {}
            for relative in self.files.values():
                self._fuzzy.setdefault(fuzzy_key("/" + relative), []).append(relative)
        return self._fuzzy.get(fuzzy_key("/" + path.lstrip("/").split("?")[0].split("#")[0]), [])

    def posts_with_slug(self, path: str) -> list[SitePost]:
        slug = page_key(path).rsplit("/", 1)[-1]
        return self.posts_by_slug.get(slug, [])

    def posts_with_stem(self, stem: str) -> list[SitePost]:
        """Posts whose name, without its date, is `stem` (``faq`` finds ``2019-04-19-faq``)."""
        return self._posts_by_stem.get(stem, [])

    def post_named(self, target: str) -> list[SitePost]:
        target = target.strip().lstrip("/")
        name = target.rsplit("/", 1)[-1]
        for suffix in MARKDOWN_EXTENSIONS:
            name = name.removesuffix(suffix)
        return self.posts_by_name.get(name, [])

    def looks_like_post(self, path: str) -> bool:
        decoded = unquote(path)
        return any(shape.fullmatch(decoded) for shape in self._shapes)

    def url_like(self, post: SitePost, written: str) -> str | None:
        """The post's URL as the link should read: its real URL, or, when the permalink
        style is a guess, the one variant shaped like what the author wrote."""
        if not self.guess_permalink:
            return post.url
        shape = _shape_of(written)
        matching = {
            url for url in self.variants.get(post.name, [post.url]) if _shape_of(url) == shape
        }
        return matching.pop() if len(matching) == 1 else None

    @classmethod
    def for_site(
        cls, site: JekyllSite, origins: Iterable[str] = (), guess_permalink: bool = False
    ) -> SiteIndex:
        """An empty index for `site`, to fill with `add_entry`."""
        return cls(
            baseurl=site.baseurl,
            origins=frozenset(origin_host(o) for o in origins if origin_host(o)),
            template=site.permalink,
            guess_permalink=guess_permalink,
        )

    def add_entry(self, entry: IndexEntry) -> None:
        if entry.kind == "file":
            self.add_file(entry.relative_path)
            return
        if entry.kind == "post":
            self.add_post(entry.name, entry.relative_path, entry.url)
            self.facts.add(entry.tags, entry.categories, entry.date, entry.authors)
        else:
            self.add_page(entry.url)
        for old in entry.redirects:
            self.add_page(old)
        if entry.variants is not None:
            for url in entry.variants[1:]:
                self.pages[page_key(url)] = url
            self.variants[entry.name] = list(entry.variants)


def _family_shape(template: str) -> re.Pattern[str]:
    """``/tags/:name/`` -> a pattern of its pages (trailing "/", index.html, .html optional)."""
    path = "/" + template.strip("/")
    if path.endswith(".html"):
        path = path[: -len(".html")]
    pattern = "".join(
        "[^/]+" if piece.startswith(":") else re.escape(piece)
        for piece in re.split(r"(:[a-z_]+)", path)
    )
    return re.compile(pattern + r"(?:/|/index\.html|\.html)?")
