"""Rendering widgets safely: an autoescaping Jinja environment and a URL allow-list.

Pelican's own Jinja environment does not autoescape, and names, missions and
descriptions come from authors and data files: widget templates get their own
environment, with autoescape on, that still lets a theme override them
(THEME_TEMPLATES_OVERRIDES, then the theme's templates/, then ours).
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping, Sequence
from functools import lru_cache
from typing import Any
from urllib.parse import urlsplit

import jinja2

TEMPLATE_PACKAGE_DIR = os.path.join(os.path.dirname(__file__), "templates")
STATIC_PACKAGE_DIR = os.path.join(os.path.dirname(__file__), "static")
ALLOWED_SCHEMES = frozenset({"http", "https", "mailto"})
# C0/C1 controls and the invisible characters browsers strip from URLs.
_CONTROL = re.compile(r"[\x00-\x20\x7f-\x9f\u200b-\u200f\u2028\u2029\ufeff]")
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):")
_BLANKS = re.compile(r"[\x00-\x20\x7f-\x9f\u200b-\u200f\u2028\u2029\ufeff]+")


def _encoded(url: str) -> str:
    """Blanks and invisible characters inside a URL percent-encoded (``a b`` -> ``a%20b``)."""
    return _BLANKS.sub(lambda m: "".join(f"%{b:02X}" for b in m.group().encode()), url)


def safe_url(url: Any) -> str | None:
    """`url` trimmed, if it is http(s), mailto or relative; None otherwise.

    Browsers ignore control characters and white space inside a scheme
    (``java\\tscript:``), so they are removed before the scheme is judged. Blanks
    elsewhere are kept, percent-encoded (``/a b.pdf`` -> ``/a%20b.pdf``): removing
    them would point the link at another address.
    """
    if not isinstance(url, str):
        return None
    stripped = url.strip(" \t\r\n\f\v\x00")
    if not stripped:
        return None
    compact = _CONTROL.sub("", stripped)
    scheme = _SCHEME.match(compact)
    if scheme:
        if scheme.group(1).lower() not in ALLOWED_SCHEMES:
            return None
        if scheme.group(1).lower() in ("http", "https") and not urlsplit(compact).netloc:
            return None
        written = _SCHEME.match(stripped)
        if written is None or written.group(1).lower() != scheme.group(1).lower():
            return compact  # blanks inside the scheme itself: read as browsers read it
        return _encoded(stripped)
    if compact.startswith("\\"):
        return None  # "\\evil.example" is read as a host by browsers
    return _encoded(stripped)


def is_external(url: str) -> bool:
    """An absolute http(s) URL (to open in a new window when configured so)."""
    return url.startswith(("http://", "https://", "//"))


def template_dirs(settings: Mapping[str, Any]) -> list[str]:
    """Where widget templates are looked up, most specific first."""
    dirs = [str(d) for d in settings.get("THEME_TEMPLATES_OVERRIDES") or []]
    theme = settings.get("THEME")
    if theme:
        dirs.append(os.path.join(str(theme), "templates"))
    dirs.append(TEMPLATE_PACKAGE_DIR)
    return [d for d in dirs if os.path.isdir(d)]


@lru_cache(maxsize=8)
def _environment(dirs: tuple[str, ...]) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(list(dirs)),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    )
    env.filters["safe_url"] = safe_url
    env.tests["external"] = is_external
    return env


def environment(settings: Mapping[str, Any]) -> jinja2.Environment:
    """The autoescaping environment for this build's theme."""
    return _environment(tuple(template_dirs(settings)))


def render(settings: Mapping[str, Any], template: str, **values: Any) -> str:
    """Render ``pelican_fast/<template>`` with autoescape."""
    return environment(settings).get_template(f"pelican_fast/{template}").render(**values)


def static_files() -> Sequence[str]:
    """Our static assets, relative to the static folder (copied to the output)."""
    found = []
    for folder, _dirs, files in os.walk(STATIC_PACKAGE_DIR):
        for name in files:
            found.append(os.path.relpath(os.path.join(folder, name), STATIC_PACKAGE_DIR))
    return sorted(found)
