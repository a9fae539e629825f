"""What the reader keeps about each post: typed, picklable, and versioned.

Pelican's content cache pickles what ``read()`` returns, ``PostState`` included, and
gives it back on the next build without calling the reader: everything here must
be plain data, and :data:`CACHE_VERSION` must change whenever its shape or the
meaning of a cached value changes (``plugin.cache_version`` then drops old caches).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from pelican_fast.core.diagnostics import Diagnostic
from pelican_fast.core.safe_html import ExtractedScript
from pelican_fast.jekyll.post import JekyllPost
from pelican_fast.links.model import PendingLink, Reported
from pelican_fast.widgets.laureates import Laureate

# The key under which a post's state travels in Pelican's metadata (and so its cache).
STATE_KEY = "pelican_fast"
# Inline scripts moved out of a page that Pelican's own readers read (no PostState there).
SCRIPTS_KEY = "pelican_fast_scripts"
# Bump when PostState, Prepared or what the pipeline caches changes.
# 3: links in every HTML URL attribute, grouped repeats, front-matter image; 4: scripts.
CACHE_VERSION = 5


@dataclass
class PostState:
    """What the plugin needs to know about a post once it is read (picklable)."""

    relative_path: str  # relative to Pelican's PATH, "/"-separated
    name: str  # the file name without its extension (post_url looks posts up by it)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    unsupported_liquid: dict[str, int] = field(default_factory=dict)  # name -> uses
    unsupported_lines: dict[str, int] = field(default_factory=dict)  # name -> first line
    findings: list[Reported | PendingLink] = field(default_factory=list)
    has_markers: bool = False  # post_url/link markers to resolve once the site is read
    laureates: list[Laureate] = field(default_factory=list)
    scripts: list[ExtractedScript] = field(default_factory=list)  # inline scripts moved out


class Action(StrEnum):
    """What the reader does with a file, once the pipeline has looked at it."""

    JEKYLL_POST = "post"  # a Jekyll document: content, summary, post and state are set
    SKIPPED = "skip"  # not published (the state says why)
    HTML_READER = "html"  # an HTML file without front matter: Pelican's HTMLReader
    PELICAN_READER = "pelican"  # Markdown that is not a Jekyll document: Pelican's reader


@dataclass
class Prepared:
    """What the pipeline found out about one file (picklable: read-ahead workers send it)."""

    action: Action
    content: str = ""
    summary: str | None = None
    post: JekyllPost | None = None
    state: PostState | None = None
