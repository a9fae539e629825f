"""Walking a Jekyll source tree: which files the site serves.

Honours Jekyll's ``exclude:``/``include:`` (and its default excludes). Kept apart
from what each file adds to the index (jekyll/tree.py): a lint run with nothing
changed walks the tree and needs nothing else of Jekyll's reading.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

from pelican_fast.jekyll.config import JekyllSite

SKIPPED_DIRS = frozenset({".git", "node_modules", "_site", ".jekyll-cache", ".sass-cache"})


def walk(root: str, site: JekyllSite | None = None) -> Iterator[tuple[str, str]]:
    """Every file under `root` that the site may serve: (path, path relative to `root`).

    With `site`, what its ``exclude:`` leaves out (and Jekyll's default excludes) is
    skipped, folders without being entered. The order does not depend on the file
    system: a folder's files by name, then its folders by name.
    """
    for folder, dirs, names in os.walk(root):
        base = _relative(folder, root)
        dirs[:] = sorted(
            d
            for d in dirs
            if d not in SKIPPED_DIRS
            and not d.startswith(".")
            and not (site is not None and site.excluded(base + d, is_dir=True))
        )
        prefix = os.path.join(folder, "")
        for name in sorted(names):
            if name.startswith("."):
                continue
            relative = base + name
            if site is not None and site.excluded(relative):
                continue
            yield prefix + name, relative


def _relative(folder: str, root: str) -> str:
    """`folder` relative to `root`, "/"-separated, with a trailing "/" ("" for root)."""
    if folder == root:
        return ""
    prefix = os.path.join(root, "")
    if folder.startswith(prefix) and os.sep == "/":
        return folder[len(prefix) :] + "/"
    return os.path.relpath(folder, root).replace(os.sep, "/") + "/"
