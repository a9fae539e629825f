"""Site-wide work of a Pelican build, once every post has been read.

Runs from ``all_generators_finalized`` (before anything is written, so feeds
and pages see the same content) and ``finalized``. Nothing here is cached by
Pelican, so a change in one post (a ``post_url`` target, a permalink) is
picked up by every post that links to it on the next build.
"""

from __future__ import annotations

import html
import logging
import os
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from pelican_fast.core import safe_html
from pelican_fast.core.diagnostics import Diagnostic
from pelican_fast.core.markers import MARKER_PATTERN, has_url_markers
from pelican_fast.jekyll import documents
from pelican_fast.plugin.state import SCRIPTS_KEY, STATE_KEY, PostState

logger = logging.getLogger(__name__)


@dataclass
class PostIndex:
    """Every Jekyll document of the build, by name and by source path."""

    by_name: dict[str, list[Any]] = field(default_factory=dict)
    by_path: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def from_contents(cls, contents: Iterable[Any]) -> PostIndex:
        index = cls()
        for content in contents:
            state = getattr(content, STATE_KEY, None)
            if not isinstance(state, PostState):
                continue
            index.by_name.setdefault(state.name, []).append(content)
            index.by_path[state.relative_path] = content
        return index

    def post_named(self, target: str) -> Any | None:
        """``{% post_url [dir/]YYYY-MM-DD-slug %}``: by file name, the folder breaking ties."""
        target = target.strip().lstrip("/")
        name = target.rsplit("/", 1)[-1]
        for suffix in (".md", ".markdown", ".mkd", ".mdown"):
            name = name.removesuffix(suffix)
        candidates = self.by_name.get(name, [])
        if len(candidates) > 1 and "/" in target:
            folder = target.rsplit("/", 1)[0]
            narrowed = [c for c in candidates if folder in getattr(c, STATE_KEY).relative_path]
            candidates = narrowed or candidates
        return candidates[0] if candidates else None


def link_url(content: Any, baseurl: str) -> str:
    """The root-relative URL Jekyll's ``post_url``/``link`` give (baseurl included)."""
    jekyll_url = getattr(content, "jekyll_url", None)
    if jekyll_url:
        return str(jekyll_url)
    return f"{baseurl}/{content.url}"


def all_contents(generators: Iterable[Any]) -> list[Any]:
    """Articles, drafts, hidden articles, translations and pages of every generator."""
    found: list[Any] = []
    for generator in generators:
        for attribute in (
            "articles",
            "translations",
            "drafts",
            "drafts_translations",
            "hidden_articles",
            "hidden_translations",
            "pages",
            "hidden_pages",
            "draft_pages",
        ):
            found.extend(getattr(generator, attribute, []) or [])
    return found


def static_paths(generators: Iterable[Any]) -> set[str]:
    paths: set[str] = set()
    for generator in generators:
        for static in getattr(generator, "staticfiles", []) or []:
            relative = getattr(static, "relative_source_path", None)
            if relative:
                paths.add(str(relative))
    return paths


@dataclass
class MarkerResolver:
    """Turns ``post_url``/``link`` markers into URLs, remembering what it could not find."""

    index: PostIndex
    baseurl: str
    statics: set[str]
    content_root: str
    missing: list[str] = field(default_factory=list)
    # _config.yml's mapping (JekyllSite.variables): pages' and collections' permalinks
    site_config: Mapping[str, Any] = field(default_factory=dict)

    def __call__(self, match: re.Match[str]) -> str:
        kind, target = match.group(1), match.group(2)
        if kind == "post-url":
            found = self.index.post_named(target)
            if found is not None:
                return link_url(found, self.baseurl)
            self.missing.append(f"{{% post_url {target} %}}: no post named {target!r}")
            return f"{{% post_url {target} %}}"
        found = self.index.by_path.get(target)
        if found is not None:
            return link_url(found, self.baseurl)
        document = documents.document_url(self.content_root, target, self.site_config)
        if document is not None:  # a page or a collection document Pelican did not read
            return self.baseurl + document
        if target in self.statics or os.path.exists(os.path.join(self.content_root, target)):
            return f"{self.baseurl}/{target}"
        self.missing.append(f"{{% link {target} %}}: no file {target!r} in the site")
        return f"{{% link {target} %}}"


def resolve_markers(
    contents: Iterable[Any],
    index: PostIndex,
    baseurl: str,
    statics: set[str],
    content_root: str,
    site_config: Mapping[str, Any] | None = None,
    siteurl: str = "",
) -> int:
    """Replace ``post_url``/``link`` (and moved-out scripts') markers with real URLs;
    return how many failed."""
    failures = 0
    for content in contents:
        state = getattr(content, STATE_KEY, None)
        if not isinstance(state, PostState):
            if getattr(content, SCRIPTS_KEY, None):  # a page of Pelican's own readers
                content._content = safe_html.resolve_script_urls(content._content or "", siteurl)
            continue
        if not state.has_markers:
            continue
        resolver = MarkerResolver(index, baseurl, statics, content_root, [], site_config or {})
        text = MARKER_PATTERN.sub(resolver, content._content or "")
        content._content = safe_html.resolve_script_urls(text, siteurl)
        summary = content.metadata.get("summary")
        if isinstance(summary, str) and has_url_markers(summary):
            summary = MARKER_PATTERN.sub(resolver, summary)
            content.metadata["summary"] = safe_html.resolve_script_urls(summary, siteurl)
            content._summary = content.metadata["summary"]
        for message in resolver.missing:
            failures += 1
            logger.warning(
                "%s: %s",
                state.relative_path,
                message,
                extra={"limit_msg": "More Liquid links to missing targets"},
            )
    return failures


def log_diagnostics(path: str, diagnostics: Iterable[Diagnostic]) -> None:
    for diagnostic in diagnostics:
        logger.log(diagnostic.level, "%s", diagnostic.format(path))


REDIRECT_TEMPLATE = """<!DOCTYPE html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
<title>{heading}</title>
<link rel="canonical" href="{target}">
<meta http-equiv="refresh" content="0; url={target}">
<meta name="robots" content="noindex">
<meta name="generator" content="pelican-fast redirect">
</head>
<body>
<h1>{heading}</h1>
<p><a href="{target}">{label}</a></p>
</body>
</html>
"""


# The page's heading in the site's language (DEFAULT_LANG); English otherwise.
REDIRECT_HEADINGS = {
    "fr": "Redirection…",
    "en": "Redirecting…",
    "de": "Weiterleitung…",
    "es": "Redirección…",
    "it": "Reindirizzamento…",
    "nl": "Doorsturen…",
    "pt": "Redirecionando…",
}
OWN_REDIRECT = '<meta name="generator" content="pelican-fast redirect">'


def _ours(path: str) -> bool:
    """A redirect page an earlier build wrote (it may be rewritten), not someone's page."""
    try:
        with open(path, encoding="utf-8", errors="replace") as handle:
            return OWN_REDIRECT in handle.read(2048)
    except OSError:
        return False


def redirect_file(old_url: str) -> str | None:
    """Where jekyll-redirect-from writes the page for an old URL (output-relative)."""
    from urllib.parse import unquote, urlsplit

    path = unquote(urlsplit(old_url).path).lstrip("/")
    if not path or ".." in path.split("/"):
        return None
    if path.endswith("/"):
        return path + "index.html"
    return path if path.endswith(".html") else path + ".html"


def write_redirects(contents: Iterable[Any], output_path: str, site_url: str, lang: str) -> int:
    """Write a meta-refresh page for each ``redirect_from`` URL; return how many."""
    written = 0
    for content in contents:
        olds = getattr(content, "redirect_from", None)
        if not olds or getattr(content, "status", "") != "published":
            continue
        target = site_url + link_url(content, "")
        for old in olds:
            relative = redirect_file(str(old))
            if relative is None:
                logger.warning(
                    "%s: redirect_from %r is not a path on this site",
                    content.relative_source_path,
                    old,
                )
                continue
            destination = os.path.join(output_path, relative)
            if os.path.exists(destination) and not _ours(destination):
                logger.warning(
                    "%s: redirect_from %r would overwrite %s; not written",
                    content.relative_source_path,
                    old,
                    relative,
                )
                continue
            os.makedirs(os.path.dirname(destination), exist_ok=True)
            escaped = html.escape(target, quote=True)
            with open(destination, "w", encoding="utf-8") as handle:
                handle.write(
                    REDIRECT_TEMPLATE.format(
                        lang=html.escape(lang),
                        heading=REDIRECT_HEADINGS.get(lang.split("-")[0].lower(), "Redirecting…"),
                        target=escaped,
                        label=html.escape(str(getattr(content, "title", target))),
                    )
                )
            written += 1
    return written


def site_origin(settings: Mapping[str, Any], jekyll_url: str, baseurl: str) -> str:
    """Origin of redirect targets: Jekyll's url when SITEURL is absolute, else none.

    With an empty or relative SITEURL (Pelican's development setting) the
    targets stay root-relative so the redirects work on a local server too.
    """
    siteurl = str(settings.get("SITEURL") or "")
    if not siteurl.startswith(("http://", "https://")):
        return ""
    if jekyll_url:
        return jekyll_url
    if baseurl and siteurl.endswith(baseurl):
        return siteurl[: -len(baseurl)]
    return siteurl
