"""The Jekyll site configuration the reader needs, from _config.yml and PELICAN_FAST.

``PELICAN_FAST`` keys win over ``_config.yml``, which wins over Pelican's own
settings (TIMEZONE), which win over Jekyll's defaults.
"""

from __future__ import annotations

import fnmatch
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from typing import Any

import yaml

from pelican_fast.jekyll.frontmatter import load_yaml
from pelican_fast.jekyll.permalink import template_for


class JekyllConfigError(ValueError):
    """_config.yml cannot be read."""


_GLOB = re.compile(r"[*?\[]")

# Jekyll 4 adds these to every site's ``exclude:`` (Configuration#add_default_excludes).
DEFAULT_EXCLUDES: tuple[str, ...] = (
    ".sass-cache",
    ".jekyll-cache",
    "gemfiles",
    "Gemfile",
    "Gemfile.lock",
    "node_modules",
    "vendor/bundle/",
    "vendor/cache/",
    "vendor/gems/",
    "vendor/ruby/",
)


@dataclass(frozen=True)
class JekyllSite:
    """Jekyll settings that change how posts are read and where they go."""

    permalink: str = template_for(None)
    timezone: str = "UTC"
    baseurl: str = ""
    url: str = ""
    excerpt_separator: str = "\n\n"
    future: bool = False
    defaults: tuple[Mapping[str, Any], ...] = ()
    variables: Mapping[str, Any] = field(default_factory=dict)
    collections_dir: str = ""
    exclude: tuple[str, ...] = DEFAULT_EXCLUDES
    include: tuple[str, ...] = ()

    def excluded(self, relative_path: str, is_dir: bool = False) -> bool:
        """Whether Jekyll leaves this file or folder out of the site (``exclude:``).

        Jekyll's EntryFilter: a pattern matches by fnmatch (``*`` crosses "/"), as a
        prefix of the path, or as the folder itself with a trailing "/"; what
        ``include:`` matches (the path or its last part) is kept. Like Jekyll, a caller
        walking the tree does not enter an excluded folder. The linter skips what Jekyll
        skips: a ``vendor/bundle`` of gems is full of Markdown that is not the blog's.
        """
        relative_path = relative_path.strip("/")
        if not relative_path:
            return False
        include, exclude = self._patterns
        if include is not None:
            name = relative_path.rsplit("/", 1)[-1]
            if _matches(include, relative_path, is_dir) or _matches(include, name, is_dir):
                return False
        return _matches(exclude, relative_path, is_dir)

    @cached_property
    def _patterns(self) -> tuple[_Patterns | None, _Patterns]:
        """``include:`` (None when empty) and ``exclude:``, compiled once per site: the
        walk asks for every file of the site."""
        return (_compile(self.include) if self.include else None), _compile(self.exclude)

    def document_path(self, relative_to_source: str) -> str:
        """The path Jekyll names a document by: relative to ``collections_dir``."""
        prefix = self.collections_dir + "/" if self.collections_dir else ""
        if prefix and relative_to_source.startswith(prefix):
            return relative_to_source[len(prefix) :]
        return relative_to_source

    def defaults_for(self, relative_path: str, kind: str = "posts") -> dict[str, Any]:
        """Front matter defaults (``defaults:`` in _config.yml) that apply to a file.

        As in Jekyll, a more specific scope (longer path) wins over a less
        specific one, and front matter wins over all of them.
        """
        matched: list[tuple[int, Mapping[str, Any]]] = []
        for entry in self.defaults:
            scope = entry.get("scope") or {}
            values = entry.get("values") or {}
            if not isinstance(scope, Mapping) or not isinstance(values, Mapping):
                continue
            scope_type = scope.get("type")
            if scope_type and scope_type not in (kind, kind.rstrip("s")):
                continue
            scope_path = str(scope.get("path") or "").strip("/")
            if scope_path and not _path_in_scope(relative_path, scope_path):
                continue
            matched.append((len(scope_path) * 2 + (1 if scope_type else 0), values))
        merged: dict[str, Any] = {}
        for _, values in sorted(matched, key=lambda pair: pair[0]):
            merged.update(values)
        return merged


def _path_in_scope(relative_path: str, scope_path: str) -> bool:
    if any(char in scope_path for char in "*?["):
        return fnmatch.fnmatch(relative_path, scope_path) or fnmatch.fnmatch(
            relative_path, scope_path + "/*"
        )
    return relative_path == scope_path or relative_path.startswith(scope_path + "/")


def read_config_file(path: str) -> dict[str, Any]:
    """Load a Jekyll _config.yml; raise JekyllConfigError with the reason."""
    try:
        with open(path, encoding="utf-8-sig") as handle:
            data = load_yaml(handle.read())
    except OSError as error:
        raise JekyllConfigError(f"cannot read Jekyll config {path}: {error.strerror}") from None
    except (yaml.YAMLError, ValueError) as error:
        raise JekyllConfigError(f"invalid YAML in Jekyll config {path}: {error}") from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise JekyllConfigError(f"Jekyll config {path} must be a mapping")
    return data


def build_site(
    jekyll: Mapping[str, Any],
    overrides: Mapping[str, Any],
    pelican_timezone: str | None,
    source: str = "",
) -> JekyllSite:
    """Combine _config.yml values, PELICAN_FAST overrides and Pelican settings.

    `source` is the folder of _config.yml (Jekyll's ``site.source``: includes, _data).
    """

    def pick(key: str, default: Any) -> Any:
        if overrides.get(key) is not None:
            return overrides[key]
        if jekyll.get(key) is not None:
            return jekyll[key]
        return default

    baseurl = str(pick("baseurl", "") or "").rstrip("/")
    if baseurl and not baseurl.startswith("/"):
        baseurl = "/" + baseurl
    separator = jekyll.get("excerpt_separator", "\n\n")
    defaults = jekyll.get("defaults") or []
    return JekyllSite(
        permalink=template_for(str(overrides.get("permalink") or _posts_permalink(jekyll))),
        timezone=str(pick("timezone", None) or pelican_timezone or "UTC"),
        baseurl=baseurl,
        url=str(pick("url", "") or "").rstrip("/"),
        excerpt_separator="" if separator is None else str(separator),
        future=bool(pick("future", False)),
        defaults=tuple(d for d in defaults if isinstance(d, Mapping)),
        variables={"source": source, **{str(k): v for k, v in jekyll.items()}},
        collections_dir=str(jekyll.get("collections_dir") or "").strip("/"),
        exclude=DEFAULT_EXCLUDES + _strings(jekyll.get("exclude")),
        include=_strings(jekyll.get("include")),
    )


def _posts_permalink(jekyll: Mapping[str, Any]) -> str:
    """Jekyll's order for posts: ``collections: posts: permalink:``, then ``permalink:``."""
    collections = jekyll.get("collections")
    posts = collections.get("posts") if isinstance(collections, Mapping) else None
    if isinstance(posts, Mapping) and posts.get("permalink"):
        return str(posts["permalink"])
    return str(jekyll.get("permalink") or "date")


# One regex for all the patterns (prefixes and globs), and the folder patterns ("x/").
_Patterns = tuple[re.Pattern[str], frozenset[str]]


@lru_cache(maxsize=32)
def _compile(patterns: tuple[str, ...]) -> _Patterns:
    kept = [pattern.lstrip("/") for pattern in patterns if pattern.lstrip("/")]
    alternatives = [re.escape(pattern) for pattern in kept]
    alternatives += [fnmatch.translate(pattern) for pattern in kept if _GLOB.search(pattern)]
    matcher = re.compile("|".join(f"(?:{a})" for a in alternatives) or r"(?!)")
    return matcher, frozenset(pattern for pattern in kept if pattern.endswith("/"))


def _matches(patterns: _Patterns, relative_path: str, is_dir: bool) -> bool:
    matcher, folders = patterns
    return matcher.match(relative_path) is not None or (is_dir and relative_path + "/" in folders)


def _strings(value: Any) -> tuple[str, ...]:
    """A YAML list of paths (a lone string counts as one)."""
    if isinstance(value, str):
        return (value,)
    if isinstance(value, list | tuple):
        return tuple(str(item) for item in value if item is not None and str(item).strip())
    return ()


def site_from_settings(config: Any) -> JekyllSite:
    """The JekyllSite for a FastConfig (see pelican_fast.core.settings)."""
    from pelican_fast.core.settings import find_settings_file

    jekyll: dict[str, Any] = {}
    source = ""
    name = config["jekyll_config"]
    if name:
        path = find_settings_file(name, config)
        if path is None:
            raise JekyllConfigError(
                f"PELICAN_FAST['jekyll_config']: {name!r} not found next to pelicanconf.py "
                f"({config.base_dir}) nor next to the content folder"
            )
        jekyll = read_config_file(path)
        source = os.path.dirname(os.path.abspath(path))
    overrides = {key: config[key] for key in ("permalink", "timezone", "baseurl", "url", "future")}
    return build_site(jekyll, overrides, config.pelican.get("TIMEZONE"), source)


def jekyll_relative_path(source_path: str, content_root: str) -> str:
    """The path Jekyll would see for a file: relative to the site source, '/'-separated."""
    prefix = content_root.rstrip(os.sep) + os.sep
    if source_path.startswith(prefix):  # the usual case, without relpath's normalisation
        return source_path[len(prefix) :].replace(os.sep, "/")
    try:
        relative = os.path.relpath(source_path, content_root)
    except ValueError:
        relative = os.path.basename(source_path)
    return relative.replace(os.sep, "/")
