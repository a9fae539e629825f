"""What one file of a Jekyll site adds to the site index (a plain record).

Computed per file by the tree walk (``pelican_fast.jekyll.tree``) or the build,
consumed by ``pelican_fast.links.index.SiteIndex``: a process pool can share it.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class IndexEntry:
    """What one file adds to the index: computed per file, so a process pool can share it."""

    kind: str  # "post", "page" or "file"
    relative_path: str
    url: str = ""
    name: str = ""  # posts
    redirects: tuple[str, ...] = ()
    variants: tuple[str, ...] | None = None  # guessed permalink: the post's URL in every style
    # Posts: what plugins generate pages from (tag and date archives, feeds by tag).
    tags: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()
    date: tuple[int, int, int] | None = None
    authors: tuple[str, ...] = ()
