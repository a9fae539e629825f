"""Pelican's content cache, made safe across upgrades of pelican-fast.

Pelican pickles what readers return (``PostState`` included) and unpickles it on
the next build without asking the plugin. A cache written by another version of
pelican-fast may name classes that moved or hold values that mean something else
now: unpickling it could fail with a traceback or, worse, succeed with stale
data. So the plugin stamps the cache folder with :data:`state.CACHE_VERSION` and
the package version, and drops Pelican's content caches when the stamp differs,
before any generator loads them.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Mapping
from typing import Any

from pelican_fast.core.version import __version__
from pelican_fast.plugin.state import CACHE_VERSION

logger = logging.getLogger(__name__)

STAMP_FILE = "pelican_fast.cache-version"


def stamp() -> str:
    return f"{CACHE_VERSION} {__version__}\n"


def _content_caches(cache_path: str) -> list[str]:
    """Pelican's per-generator content caches (``ArticlesGenerator``, ``…-Readers``)."""
    try:
        names = os.listdir(cache_path)
    except OSError:
        return []
    return [
        os.path.join(cache_path, name)
        for name in names
        if name.endswith(("Generator", "Generator-Readers"))
    ]


def ensure(settings: Mapping[str, Any]) -> bool:
    """Drop content caches written by another version; True when some were dropped."""
    if not settings.get("CACHE_CONTENT") and not settings.get("LOAD_CONTENT_CACHE"):
        return False
    cache_path = str(settings.get("CACHE_PATH") or "")
    if not cache_path:
        return False
    stamp_path = os.path.join(cache_path, STAMP_FILE)
    try:
        with open(stamp_path, encoding="utf-8") as handle:
            found = handle.read()
    except OSError:
        found = ""
    if found == stamp():
        return False
    dropped = False
    for path in _content_caches(cache_path):
        try:
            os.remove(path)
            dropped = True
        except OSError as error:
            logger.warning("pelican-fast: cannot remove the old cache %s (%s)", path, error)
    try:
        os.makedirs(cache_path, exist_ok=True)
        with open(stamp_path, "w", encoding="utf-8") as handle:
            handle.write(stamp())
    except OSError as error:
        logger.warning("pelican-fast: cannot write %s (%s)", stamp_path, error)
    if dropped:
        logger.info("pelican-fast: content cache written by another version; rebuilt")
    return dropped
