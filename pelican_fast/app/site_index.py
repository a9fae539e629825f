"""The site index of a Jekyll folder, built without Pelican (for lint and check)."""

from __future__ import annotations

from collections.abc import Iterable

from pelican_fast.jekyll.config import JekyllSite
from pelican_fast.jekyll.tree import describe
from pelican_fast.jekyll.walk import walk
from pelican_fast.links.index import SiteIndex


def index_folder(
    root: str,
    site: JekyllSite,
    origins: Iterable[str] = (),
    guess_permalink: bool = False,
) -> SiteIndex:
    """Index `root` (a Jekyll source folder), one file at a time."""
    index = SiteIndex.for_site(site, origins, guess_permalink)
    for path, relative in walk(root, site):
        entry = describe(path, relative, site, guess_permalink)
        if entry is not None:
            index.add_entry(entry)
    index.learn_plugins(site.variables)
    return index
