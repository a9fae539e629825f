"""Jekyll 4.3 post URLs: permalink styles, templates and placeholders.

This follows Jekyll's own code (``Jekyll::URL``, ``Drops::UrlDrop``,
``Utils.slugify``) rather than its prose documentation, because other sites
link to the exact URLs Jekyll produced, case, accents and quirks included.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Container, Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import quote, unquote

# Jekyll::Utils / Configuration STYLE_TO_PERMALINK
STYLES: dict[str, str] = {
    "none": "/:categories/:title:output_ext",
    "date": "/:categories/:year/:month/:day/:title:output_ext",
    "ordinal": "/:categories/:year/:y_day/:title:output_ext",
    "pretty": "/:categories/:year/:month/:day/:title/",
    "weekdate": "/:categories/:year/W:week/:short_day/:title:output_ext",
}
DEFAULT_STYLE = "date"

_PRETTY_REPLACE = re.compile(r"[^\w.~!$&'()+,;=@]+")  # Utils SLUGIFY_PRETTY_REGEXP
_DEFAULT_REPLACE = re.compile(r"[\W_]+")  # Utils SLUGIFY_DEFAULT_REGEXP ([^[:alnum:]]+)
_ASCII_REPLACE = re.compile(r"[^A-Za-z0-9]+")
_RAW_REPLACE = re.compile(r"\s+")
_EDGE_DASHES = re.compile(r"^-|-$")
_PLACEHOLDER = re.compile(r":([a-z_]+)")
_PLAIN_PATH = re.compile(r"[a-zA-Z0-9./-]+")

# strftime %b/%a depend on the C locale; Jekyll (Ruby) always writes English.
_MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
_DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
# Characters that Addressable::URI.encode leaves alone in a path.
_PATH_SAFE = "/-._~!$&'()*+,;=:@?#[]"


def slugify(text: str, mode: str = "default", cased: bool = False) -> str:
    """Jekyll's ``Utils.slugify`` (modes raw, default, pretty, ascii)."""
    if mode == "none":
        return text if cased else text.lower()
    pattern = {
        "raw": _RAW_REPLACE,
        "pretty": _PRETTY_REPLACE,
        "ascii": _ASCII_REPLACE,
    }.get(mode, _DEFAULT_REPLACE)
    slug = pattern.sub("-", text)
    slug = _EDGE_DASHES.sub("", slug)
    return slug if cased else slug.lower()


def titleize_slug(slug: str) -> str:
    """Jekyll's title for a post without one: ``my-post`` -> ``My Post``."""
    return " ".join(word.capitalize() for word in slug.split("-"))


def escape_path(value: str) -> str:
    """``Jekyll::URL.escape_path``: percent-encode what a URL path cannot hold."""
    if not value or _PLAIN_PATH.fullmatch(value):
        return value
    encoded = quote(value, safe=_PATH_SAFE)
    return encoded.replace("#", "%23", 1)


def unescape_path(url: str) -> str:
    """``Jekyll::URL.unescape_path``: the file-system path of a URL."""
    return unquote(url)


def template_for(style_or_template: str | None) -> str:
    """A permalink style name (``pretty``) or a template (``/:year/:title/``) as a template."""
    if not style_or_template:
        return STYLES[DEFAULT_STYLE]
    name = style_or_template.strip()
    return STYLES.get(name.lstrip(":"), name)


@dataclass(frozen=True)
class PostIdentity:
    """What a post's URL is made of."""

    slug: str  # data["slug"]: front matter, else the file name without its date
    basename: str  # file name without extension
    categories: tuple[str, ...]
    date: dt.datetime  # in the site's time zone
    cleaned_path: str  # path inside the collection, without extension: /2019-12-03-x
    output_ext: str = ".html"
    collection: str = "posts"


def _unique(items: Iterable[str]) -> list[str]:
    seen: dict[str, None] = {}
    for item in items:
        seen.setdefault(item, None)
    return list(seen)


class _Escaped(dict[str, str]):
    """A post's placeholder values, percent-encoded, each computed when first asked for
    (one post may be placed by several templates: eight when the style is guessed)."""

    def __init__(self, values: Placeholders) -> None:
        super().__init__()
        self.source = values

    def __missing__(self, name: str) -> str:
        value = self[name] = escape_path(self.source[name])
        return value


class Placeholders(Mapping[str, str]):
    """``Drops::UrlDrop`` for a post: each value computed only when a template asks for it."""

    def __init__(self, post: PostIdentity) -> None:
        self.post = post
        self._cache: dict[str, str] = {}
        self.escaped = _Escaped(self)  # the values as they go into a URL, computed once

    def __getitem__(self, name: str) -> str:
        if name not in self._cache:
            if name not in _PLACEHOLDERS:
                raise KeyError(name)
            self._cache[name] = _PLACEHOLDERS[name](self.post)
        return self._cache[name]

    def __contains__(self, name: object) -> bool:
        return name in _PLACEHOLDERS  # without computing the value, as Mapping's would

    def __iter__(self) -> Iterator[str]:
        return iter(_PLACEHOLDERS)

    def __len__(self) -> int:
        return len(_PLACEHOLDERS)


def _iso(post: PostIdentity, index: int) -> int:
    return post.date.isocalendar()[index]


_PLACEHOLDERS: dict[str, Callable[[PostIdentity], str]] = {
    "collection": lambda p: p.collection,
    "path": lambda p: p.cleaned_path,
    "output_ext": lambda p: p.output_ext,
    "name": lambda p: slugify(p.basename),
    "title": lambda p: slugify(p.slug, mode="pretty", cased=True),
    "slug": lambda p: slugify(p.slug),
    "categories": lambda p: "/".join(_unique(c.lower() for c in p.categories)),
    "slugified_categories": lambda p: "/".join(_unique(slugify(c) for c in p.categories)),
    "year": lambda p: f"{p.date.year:04d}",
    "month": lambda p: f"{p.date.month:02d}",
    "day": lambda p: f"{p.date.day:02d}",
    "hour": lambda p: f"{p.date.hour:02d}",
    "minute": lambda p: f"{p.date.minute:02d}",
    "second": lambda p: f"{p.date.second:02d}",
    "i_day": lambda p: str(p.date.day),
    "i_month": lambda p: str(p.date.month),
    "short_month": lambda p: _MONTHS[p.date.month - 1][:3],
    "long_month": lambda p: _MONTHS[p.date.month - 1],
    "short_year": lambda p: f"{p.date.year % 100:02d}",
    "w_year": lambda p: str(_iso(p, 0)),
    "week": lambda p: f"{_iso(p, 1):02d}",
    "w_day": lambda p: str(p.date.isoweekday()),
    "short_day": lambda p: _DAYS[p.date.weekday()][:3],
    "long_day": lambda p: _DAYS[p.date.weekday()],
    "y_day": lambda p: f"{p.date.timetuple().tm_yday:03d}",
}


def placeholders(post: PostIdentity) -> Placeholders:
    """``Drops::UrlDrop`` for a post."""
    return Placeholders(post)


class UnknownPlaceholder(KeyError):
    """A permalink template names a placeholder Jekyll does not know."""


def render_template(template: str, values: Mapping[str, str]) -> str:
    """``URL#generate_url_from_drop`` then ``URL#sanitize_url``."""
    if isinstance(values, Placeholders):  # which names it knows is fixed: resolved once
        url = _format(template).format_map(values.escaped)
    else:
        pieces: list[str] = []
        for literal, name in _pieces(template):
            pieces.append(literal)
            if name is not None:
                winner, tail = _winner(name, values)
                pieces.append(escape_path(values[winner]) + tail)
        url = "".join(pieces)
    if "//" in url:
        url = _SLASHES.sub("/", url)
    # sanitize_url: "/#{str}".gsub("..", "/"), then drop "./", then squeeze "/"
    url = ("/" + url).replace("..", "/").replace("./", "")
    return _SLASHES.sub("/", url) if "//" in url else url


def _winner(name: str, values: Container[str]) -> tuple[str, str]:
    """The placeholder `:name` stands for, and what of `name` stays as text: ":title_" is
    ":title" then "_" when only "title" is known (as Jekyll's URL tries them)."""
    if name in values:
        return name, ""
    stripped = name.rstrip("_")
    if stripped != name and stripped in values:
        return stripped, name[len(stripped) :]
    raise UnknownPlaceholder(name)


@lru_cache(maxsize=1024)
def _pieces(template: str) -> tuple[tuple[str, str | None], ...]:
    """A template cut once into (text before, placeholder name) pairs: a site renders the
    same few templates for every post (eight per post when the style is guessed)."""
    out: list[tuple[str, str | None]] = []
    start = 0
    for match in _PLACEHOLDER.finditer(template):
        out.append((template[start : match.start()], match.group(1)))
        start = match.end()
    out.append((template[start:], None))
    return tuple(out)


@lru_cache(maxsize=1024)
def _resolved(template: str) -> tuple[tuple[str, str, str], ...]:
    """``_pieces`` with each name resolved against a post's placeholders: (text before,
    placeholder or "", text after). UnknownPlaceholder (not cached) for an unknown name."""
    return tuple(
        (literal, *(_winner(name, _PLACEHOLDERS) if name is not None else ("", "")))
        for literal, name in _pieces(template)
    )


@lru_cache(maxsize=1024)
def _format(template: str) -> str:
    """``_resolved`` as a format string over a post's escaped values ("{year}/{title}_")."""
    return "".join(
        _braced(literal) + ("{" + winner + "}" if winner else "") + _braced(tail)
        for literal, winner, tail in _resolved(template)
    )


def _braced(text: str) -> str:
    return text.replace("{", "{{").replace("}", "}}")


_SLASHES = re.compile(r"/{2,}")


@dataclass(frozen=True)
class Location:
    """Where Pelican writes a post and how it links to it."""

    url: str  # Jekyll's URL, percent-encoded, starting with "/"
    save_as: str  # file path under the output folder

    @property
    def pelican_url(self) -> str:
        """Pelican's convention: relative to SITEURL, no leading slash."""
        return self.url.lstrip("/")


def locate(
    post: PostIdentity,
    template: str,
    own_permalink: str | None = None,
    values: Placeholders | None = None,
) -> Location:
    """The URL Jekyll gives `post` and the file it writes (``Document#destination``).

    `values`: the post's placeholders, shared when one post is placed by several templates.
    """
    if values is None:
        values = placeholders(post)
    url = render_template(own_permalink if own_permalink else template, values)
    path = unescape_path(url).lstrip("/")
    if url.endswith("/"):
        save_as = path + "index.html"
    elif path.endswith(post.output_ext):
        save_as = path
    else:
        save_as = path + post.output_ext
    return Location(url=url, save_as=save_as or "index.html")


# Every style a post's URL may have been written in, when the site's is unknown.
GUESSED_TEMPLATES = (
    *STYLES.values(),
    "/:year/:month/:day/:title:output_ext",
    "/:year/:month/:day/:title/",
)
