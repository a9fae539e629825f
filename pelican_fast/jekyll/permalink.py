"""Jekyll 4.3 post URLs: permalink styles, templates and placeholders.

This follows Jekyll's own code (``Jekyll::URL``, ``Drops::UrlDrop``,
``Utils.slugify``) rather than its prose documentation, because other sites
link to the exact URLs Jekyll produced, case, accents and quirks included.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
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
    slug = re.sub(r"^-|-$", "", slug)
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


def placeholders(post: PostIdentity) -> dict[str, str]:
    """``Drops::UrlDrop`` for a post."""
    d = post.date
    return {
        "collection": post.collection,
        "path": post.cleaned_path,
        "output_ext": post.output_ext,
        "name": slugify(post.basename),
        "title": slugify(post.slug, mode="pretty", cased=True),
        "slug": slugify(post.slug),
        "categories": "/".join(_unique(c.lower() for c in post.categories)),
        "slugified_categories": "/".join(_unique(slugify(c) for c in post.categories)),
        "year": f"{d.year:04d}",
        "month": f"{d.month:02d}",
        "day": f"{d.day:02d}",
        "hour": f"{d.hour:02d}",
        "minute": f"{d.minute:02d}",
        "second": f"{d.second:02d}",
        "i_day": str(d.day),
        "i_month": str(d.month),
        "short_month": _MONTHS[d.month - 1][:3],
        "long_month": _MONTHS[d.month - 1],
        "short_year": f"{d.year % 100:02d}",
        "w_year": str(d.isocalendar()[0]),
        "week": f"{d.isocalendar()[1]:02d}",
        "w_day": str(d.isoweekday()),
        "short_day": _DAYS[d.weekday()][:3],
        "long_day": _DAYS[d.weekday()],
        "y_day": f"{d.timetuple().tm_yday:03d}",
    }


class UnknownPlaceholder(KeyError):
    """A permalink template names a placeholder Jekyll does not know."""


def render_template(template: str, values: Mapping[str, str]) -> str:
    """``URL#generate_url_from_drop`` then ``URL#sanitize_url``."""

    def substitute(match: re.Match[str]) -> str:
        name = match.group(1)
        pool = [name, name.rstrip("_")] if name.endswith("_") else [name]
        winner = next((key for key in pool if key in values), None)
        if winner is None:
            raise UnknownPlaceholder(name)
        return match.group(0).replace(":" + winner, escape_path(values[winner]), 1)

    url = _PLACEHOLDER.sub(substitute, template)
    url = re.sub(r"/{2,}", "/", url)
    # sanitize_url: "/#{str}".gsub("..", "/"), then drop "./", then squeeze "/"
    url = ("/" + url).replace("..", "/").replace("./", "")
    return re.sub(r"/{2,}", "/", url)


@dataclass(frozen=True)
class Location:
    """Where Pelican writes a post and how it links to it."""

    url: str  # Jekyll's URL, percent-encoded, starting with "/"
    save_as: str  # file path under the output folder

    @property
    def pelican_url(self) -> str:
        """Pelican's convention: relative to SITEURL, no leading slash."""
        return self.url.lstrip("/")


def locate(post: PostIdentity, template: str, own_permalink: str | None = None) -> Location:
    """The URL Jekyll gives `post` and the file it writes (``Document#destination``)."""
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
