"""PF4: links inside the site (its own pages, files and posts), judged against the index.

A destination is resolved the way the published site resolves it: Liquid
(``{{ site.baseurl }}``, ``{% post_url %}``, ``{% link %}``, ``relative_url``)
and Pelican's ``{static}``/``{filename}`` are read first; the site's own origin
and ``baseurl`` are stripped; a relative path is joined to the post's URL.
The result is looked up in the SiteIndex. Errors are reported only where the
index can know the answer (a post-shaped URL, a post's slug, a file under a
folder the site has), so a page a theme generates is never called missing.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import urljoin, urlsplit

from pelican_fast.links.model import ERROR, INFO, SAFE, UNSAFE
from pelican_fast.links.rules.base import Rule
from pelican_fast.links.urls import host_of, strip_www

if TYPE_CHECKING:  # the registry of rules is read without building (or importing) an index
    from pelican_fast.links.index import SiteIndex, SitePost

RULES: tuple[Rule, ...] = (
    Rule(
        "PF401",
        "unknown-site-page",
        ERROR,
        UNSAFE,
        "A link to the site itself (its own domain or an absolute path) where no post is.",
        "Jekyll builds a post's URL from its front-matter date and categories, not from the "
        "file name: a link copied from the file name, or written by hand, often misses.",
        "[la FAQ](https://blog.beta.gouv.fr/2019/04/19/faq/)",
        "[la FAQ](https://blog.beta.gouv.fr/dinsic/fast/2019/04/19/faq/)",
        "Unsafe: offered when exactly one post has the link's slug.",
    ),
    Rule(
        "PF402",
        "own-domain-absolute",
        INFO,
        SAFE,
        "An absolute link to the site's own domain that could be relative.",
        "Absolute links break when the blog moves (a new domain, a preview deployment).",
        "[la FAQ](https://blog.beta.gouv.fr/dinsic/fast/2019/04/19/faq/)",
        "[la FAQ](/dinsic/fast/2019/04/19/faq/)",
        default=False,
    ),
    Rule(
        "PF403",
        "missing-file",
        ERROR,
        UNSAFE,
        "A path to a file of the site (`/img/…`, `../img/…`, `{static}…`) that does not exist.",
        "The image or document is missing from the site: a typo, a renamed file, a case or "
        "accent difference that a case-insensitive laptop hid.",
        "![Affiche](/img/posts/Affiche-1.JPG)",
        "![Affiche](/img/posts/affiche.jpg)",
        "Unsafe: offered when exactly one file matches once case (of the extension too), "
        "accents, blanks, doubled dots and dashes (`a..png`, `a--b.jpg`) and `-1` suffixes "
        "are ignored.",
    ),
    Rule(
        "PF404",
        "unknown-post-url",
        ERROR,
        UNSAFE,
        "A `{% post_url %}` naming no post.",
        "Jekyll stops the build; Pelican leaves the tag in the page.",
        "[la FAQ]({% post_url 2019-04-18-faq %})",
        "[la FAQ]({% post_url 2019-04-19-faq %})",
        "Unsafe: offered when exactly one post has the same slug.",
    ),
)

_POST_URL = re.compile(r"\{%-?\s*post_url\s+['\"]?([^\s'\"%]+)['\"]?\s*-?%\}")
_LINK_TAG = re.compile(r"\{%-?\s*link\s+['\"]?([^\s'\"%]+)['\"]?\s*-?%\}")
_FILTERED = re.compile(r"^\{\{-?\s*['\"]([^'\"]+)['\"]\s*\|\s*(relative_url|absolute_url)\s*-?\}\}")
_SITE_VAR = re.compile(r"\{\{-?\s*site\.(baseurl|url)\s*-?\}\}")
_PELICAN = re.compile(r"^(?:\{(filename|static|attach)\}|\|(filename|static|attach)\|)")
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")
_AWKWARD = re.compile(r"[^\x20-\x7e]|[\[\]]")  # non-ASCII, control characters, brackets


@dataclass(frozen=True)
class Verdict:
    """What the site says about a destination."""

    code: str
    message: str
    replacement: str | None = None  # the repaired destination (unsafe fixes only)


@dataclass(frozen=True)
class Source:
    """The file a link is in: where relative links start from."""

    relative_path: str  # to the site root, "/"-separated
    url: str | None  # the post's URL (without baseurl), None for other files


def needs_site(value: str, origins: frozenset[str]) -> bool:
    """Only the site index can judge this destination (cheap test, used by the build)."""
    if value[:8].lower().startswith(("https://", "http://")):
        return bool(origins) and strip_www(host_of(value)) in origins
    if not value or value.startswith(("#", "?", "mailto:", "tel:", "//")):
        return False
    if "{%" in value or "{{" in value or _PELICAN.match(value):
        return True
    if _SCHEME.match(value):
        if not value.lower().startswith(("http://", "https://")):
            return False
        return strip_www(host_of(value)) in origins
    return True


def check(value: str, site: SiteIndex, source: Source, image: bool = False) -> Verdict | None:
    """A verdict on `value` (already repaired by the per-file cascade), or None if fine."""
    if not value or value.startswith(("#", "?", "//")):
        return None
    if "{" not in value and value[0] != "|":  # no Liquid, no {static} or |static|: most links
        return _path(value, value, site, source, image)
    named = _POST_URL.search(value)
    if named:
        return _post_url(value, named, site)
    tag = _LINK_TAG.search(value)
    if tag:
        target = tag.group(1).lstrip("/")
        if site.exists("/" + target) or site.post_named(target):
            return None
        return Verdict("PF403", f'{{% link {target} %}}: no file "{target}" in the site')
    pelican = _PELICAN.match(value)
    if pelican:
        return _pelican(value, pelican, site, source)
    resolved = _resolve_liquid(value, site)
    if resolved is None:
        return None
    return _path(resolved, value, site, source, image)


def _post_url(value: str, named: re.Match[str], site: SiteIndex) -> Verdict | None:
    target = named.group(1)
    if site.post_named(target):
        return None
    from pelican_fast.links.index import name_stem

    candidates = site.posts_with_stem(name_stem(target.rsplit("/", 1)[-1]))
    message = f'{{% post_url {target} %}}: no post named "{target}"'
    if len(candidates) == 1:
        start, end = named.span(1)
        return Verdict("PF404", message, value[:start] + candidates[0].name + value[end:])
    return Verdict("PF404", message)


def _pelican(value: str, matched: re.Match[str], site: SiteIndex, source: Source) -> Verdict | None:
    target = value[matched.end() :].split("#", 1)[0].split("?", 1)[0]
    if target.startswith("/"):
        path = target.lstrip("/")
    else:
        folder = posixpath.dirname(source.relative_path)
        path = posixpath.normpath(posixpath.join(folder, target))
    if site.exists("/" + path) or path in site.posts_by_path:
        return None
    return Verdict("PF403", f'"{value}": no file "{path}" in the content folder')


def _resolve_liquid(value: str, site: SiteIndex) -> str | None:
    """The destination after Jekyll's Liquid, or None when it cannot be known."""
    filtered = _FILTERED.match(value)
    if filtered:
        path = filtered.group(1)
        path = path if path.startswith("/") else "/" + path
        return site.baseurl + path + value[filtered.end() :]
    if "{{" in value or "{%" in value:

        def substitute(matched: re.Match[str]) -> str:
            return site.baseurl if matched.group(1) == "baseurl" else "{{url}}"

        value = _SITE_VAR.sub(substitute, value)
        if "{{url}}" in value:
            value = value.replace("{{url}}", "", 1) if value.startswith("{{url}}") else value
        if "{{" in value or "{%" in value:
            return None
    return value


def _path(
    resolved: str, written: str, site: SiteIndex, source: Source, image: bool
) -> Verdict | None:
    origin = ""
    if _SCHEME.match(resolved):
        lowered = resolved.lower()
        if not lowered.startswith(("http://", "https://")):
            return None
        if _elsewhere(resolved, lowered, site.origins):
            return None
        parts = urlsplit(resolved)
        if not site.is_own(parts.hostname or ""):
            return None
        origin = resolved[: len(parts.scheme) + 3 + len(parts.netloc)]
        path = resolved[len(origin) :] or "/"
    elif resolved.startswith("/"):
        path = resolved
    else:
        if source.url is None:
            return None
        path = urljoin(source.url, resolved)
    bare = path.split("#", 1)[0].split("?", 1)[0]
    suffix = path[len(bare) :]
    inside = site.strip_baseurl(bare)
    if site.exists(inside):
        if origin:
            return Verdict(
                "PF402",
                f"absolute link to this site's own page {inside}",
                site.baseurl + inside + suffix if written == resolved else None,
            )
        return None
    if not origin and not resolved.startswith("/") and source.url is not None:
        verdict = _relative_guess(resolved, site, source, suffix)
        if verdict is not None:
            return verdict
    last = inside.rstrip("/").rsplit("/", 1)[-1]
    extension = posixpath.splitext(last)[1].lower()
    prefix = origin + site.baseurl
    relative = not origin and not resolved.startswith("/")
    if extension and extension not in (".html", ".htm"):
        return _missing_file(
            inside, prefix, suffix, site, written == resolved, bool(origin) or relative
        )
    posts = site.posts_with_slug(inside)
    where = origin + site.baseurl + inside if origin else bare
    if posts:
        message = f"no page at {where}"
        if len(posts) == 1:
            message += f"; the post {posts[0].name} is at {site.baseurl + posts[0].url}"
            url = site.url_like(posts[0], inside)
            repaired = prefix + url + suffix if written == resolved and url else None
            return Verdict("PF401", message, repaired)
        return Verdict("PF401", message)
    family = site.family(inside)
    if family is not None:
        return Verdict("PF401", f"no page at {where}: {family}")
    if site.looks_like_post(inside) or relative:
        return Verdict("PF401", f"no page at {where}")
    return None


def _elsewhere(url: str, lowered: str, origins: frozenset[str]) -> bool:
    """Surely not on the site: none of its hosts appears in the URL (cheaper than urlsplit).

    Only for URLs urlsplit takes as written: ASCII, no brackets, tabs or newlines.
    """
    if _AWKWARD.search(url):
        return False
    return all(origin not in lowered for origin in origins)


def _missing_file(
    inside: str, prefix: str, suffix: str, site: SiteIndex, plain: bool, known: bool
) -> Verdict | None:
    if not site.has_folder(inside) and not known:
        return None  # a folder the linted site does not have: cannot be judged
    near = site.near_files(inside)
    message = f"no file {inside} in the site"
    if len(near) == 1 and plain:
        message += f"; did you mean /{near[0]}?"
        return Verdict("PF403", message, prefix + "/" + near[0] + suffix)
    return Verdict("PF403", message)


def _relative_guess(resolved: str, site: SiteIndex, source: Source, suffix: str) -> Verdict | None:
    """A relative link from a post: meant from the site root, or to another post's file."""
    bare = resolved.split("#", 1)[0].split("?", 1)[0]
    stripped = re.sub(r"^(?:\./|\.\./)+", "", bare)
    if stripped and site.exists("/" + stripped):
        return Verdict(
            "PF403",
            f'"{resolved}" is relative to the post\'s URL, where nothing is; /{stripped} exists',
            site.baseurl + "/" + stripped + suffix,
        )
    folder = posixpath.dirname(source.relative_path)
    target = posixpath.normpath(posixpath.join(folder, bare))
    post: SitePost | None = site.posts_by_path.get(target)
    if post is None and bare.lower().endswith((".md", ".markdown")):
        named = site.post_named(bare)
        post = named[0] if len(named) == 1 else None
    if post is not None:
        return Verdict(
            "PF401",
            f'"{resolved}" links to the source file of a post; its page is {post.url}',
            site.baseurl + post.url + suffix,
        )
    return None
