"""The URL Jekyll gives a page or a document of a collection other than posts.

``{% link _docs/history.md %}`` or ``{% link about.md %}`` may name a file
Pelican does not read (PAGE_PATHS empty, a ``_docs`` collection): its URL is
computed here, from its front matter and ``_config.yml``, as Jekyll 4.3 does
(Page#template, Document#url_template, Utils.add_permalink_suffix).
"""

from __future__ import annotations

import os
import posixpath
import re
from collections.abc import Mapping
from typing import Any

from pelican_fast.jekyll import frontmatter
from pelican_fast.jekyll.permalink import escape_path, slugify

MARKUP = (".md", ".markdown", ".mkd", ".mdown", ".html", ".htm")
_STYLES = {"date", "pretty", "ordinal", "weekdate", "none"}
_PLACEHOLDER = re.compile(r":(\w+)")


def _front_matter(path: str) -> Mapping[str, Any]:
    try:
        with open(path, "rb") as handle:
            text, had_bom = frontmatter.decode(handle.read())
        data = frontmatter.parse_yaml(frontmatter.split(text, had_bom))
    except (OSError, UnicodeDecodeError, frontmatter.FrontMatterError):
        return {}
    return data if isinstance(data, Mapping) else {}


def _suffix(template: str, style: str) -> str:
    """Jekyll's Utils.add_permalink_suffix."""
    if style == "pretty":
        return template + "/"
    if style in ("date", "ordinal", "none", "weekdate"):
        return template + ":output_ext"
    if style.endswith("/"):
        return template + "/"
    if style.endswith(":output_ext"):
        return template + ":output_ext"
    return template


def _fill(template: str, values: Mapping[str, str]) -> str:
    url = _PLACEHOLDER.sub(lambda m: values.get(m.group(1), m.group(0)), template)
    url = re.sub(r"/{2,}", "/", "/" + url)
    return url


def _collection(target: str, collections: Any) -> tuple[str, Mapping[str, Any]] | None:
    """(name, settings) when `target` is in ``_name/`` and that is a collection."""
    if not target.startswith("_") or "/" not in target:
        return None
    name = target[1:].split("/", 1)[0]
    if name in ("posts", "drafts"):
        return None
    settings: Any = {}
    if isinstance(collections, Mapping):
        settings = collections.get(name) or {}
    return name, settings if isinstance(settings, Mapping) else {}


def document_url(content_root: str, target: str, config: Mapping[str, Any]) -> str | None:
    """The URL (without baseurl) of the page or collection document at `target`.

    `target` is relative to the site source; `config` is _config.yml's mapping.
    None when the file is not a page or document (a static file, a post).
    """
    target = target.lstrip("/")
    if target.startswith(("_posts/", "_drafts/")) or "/_posts/" in target:
        return None  # posts are Pelican's articles: their URL comes from the reader
    path = os.path.join(content_root, target)
    if not target.lower().endswith(MARKUP) or not os.path.isfile(path):
        return None
    data = _front_matter(path)
    directory, file_name = posixpath.split(target)
    basename, extension = posixpath.splitext(file_name)
    output_ext = ".html" if extension.lower() in MARKUP else extension
    style = str(config.get("permalink") or "date")
    found = _collection(target, config.get("collections"))
    if found is not None:
        name, settings = found
        inner = target.split("/", 1)[1]
        slug_source = str(data.get("slug") or basename)
        values = {
            "collection": name,
            "path": posixpath.splitext(inner)[0],
            "name": slugify(basename),
            "title": slugify(slug_source, "pretty", cased=True),
            "slug": slugify(slug_source),
            "output_ext": output_ext,
        }
        template = str(
            data.get("permalink")
            or settings.get("permalink")
            or _suffix("/:collection/:path", style)
        )
        if template in _STYLES:
            template = _suffix("/:collection/:path", template)
        return escape_path(_fill(template, values))
    if data.get("permalink"):
        template = str(data["permalink"])
    elif extension.lower() not in (".html", ".htm", *MARKUP):
        template = "/:path/:basename:output_ext"
    elif basename == "index":
        template = "/:path/"
    else:
        template = _suffix("/:path/:basename", style)
    values = {"path": directory, "basename": basename, "output_ext": output_ext}
    url = _fill(template, values)
    if url.endswith("/index.html") and not data.get("permalink"):
        url = url[: -len("index.html")]
    return escape_path(url)
