"""Where ``pelican-fast lint`` does its per-file work: here, or in worker processes.

Both passes over the files are per file: indexing the site (each file's front
matter) and linting each file against that index. With ``--jobs N`` (N > 1)
each pass runs on a process pool; what every worker needs (the Jekyll site,
then the options and the site index) is sent once per worker by the pool's
initializer, never with each file, and results come back in input order, so
the report is the same whatever the number of workers. Memory stays flat: a
worker holds one file's text at a time and returns its findings without it.
"""

from __future__ import annotations

import hashlib
import marshal
import os
import signal
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

from pelican_fast.app.lint_cache import LintCache, Stored, decode_entry, encode_entry, stored
from pelican_fast.jekyll.config import JekyllSite
from pelican_fast.jekyll.entry import IndexEntry
from pelican_fast.jekyll.walk import walk

if TYPE_CHECKING:  # imported by the functions that index files: not by a warm lint run
    from pelican_fast.jekyll.frontmatter import SplitFile
    from pelican_fast.links.index import SiteIndex

Item = TypeVar("Item")
Result = TypeVar("Result")

# Below this many files a pool costs more than it saves (its start-up, and the
# site index sent to each worker).
POOL_FROM = 200

# In a lint worker process only: what it runs (process state of a pool worker, not a build).
_WORKER: tuple[Callable[..., Any], Any] | None = None  # (function, shared)


def workers(requested: int | None, files: int) -> int:
    """How many processes to use: as asked, else one per CPU when there is work enough."""
    if requested is not None:
        return max(1, requested)
    if files < POOL_FROM:
        return 1
    return max(1, _cpus())


def _cpus() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


@contextmanager
def mapped(
    function: Callable[[Any, Item], Result],
    shared: Any,
    items: Sequence[Item],
    jobs: int,
) -> Iterator[Iterator[Result]]:
    """``function(shared, item)`` for each item, in order; `shared` sent once per worker."""
    if jobs <= 1 or len(items) < 2:
        yield (function(shared, item) for item in items)
        return
    processes = min(jobs, len(items))
    chunk = max(1, min(64, len(items) // (processes * 16)))
    import multiprocessing  # only with a pool (15 ms of start-up)

    pool = multiprocessing.Pool(processes, _start_worker, (function, shared))
    try:
        yield pool.imap(_call, items, chunk)
    except BaseException:
        pool.terminate()
        raise
    else:
        pool.close()
    finally:
        pool.join()


def _start_worker(function: Callable[..., Any], shared: Any) -> None:
    global _WORKER
    _WORKER = (function, shared)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C: the parent stops the pool


def _call(item: Any) -> Any:
    assert _WORKER is not None
    function, shared = _WORKER
    return function(shared, item)


# -- the site index ---------------------------------------------------------------


def site_index(
    root: str,
    site: JekyllSite,
    origins: Iterable[str],
    guess_permalink: bool,
    requested: int | None,
    pelican: Mapping[str, Any] | None = None,
    cache: LintCache | None = None,
) -> tuple[SiteIndex, dict[bytes, str | None]]:
    """The index of `root`, and the front-matter images it read (see Options.front_images).

    Files are read one at a time and only what the index needs is kept. The number
    of workers follows the size of the site (linting one post still indexes them all).
    The pages the site's plugins generate are added (``pelican``: the settings of a
    pelicanconf.py, for the category, tag, author, archive and feed pages Pelican writes).
    With a `cache`, only the files it does not know (or that changed) are read.
    """
    entries = site_entries(list(walk(root, site)), site, guess_permalink, requested, cache)
    index = build_index(site, origins, guess_permalink, entries.entries(), pelican)
    return index, entries.front_images()


def build_index(
    site: JekyllSite,
    origins: Iterable[str],
    guess_permalink: bool,
    entries: Iterable[IndexEntry],
    pelican: Mapping[str, Any] | None = None,
) -> SiteIndex:
    """The index of `entries`, with the pages the site's plugins (and Pelican) generate."""
    from pelican_fast.app import pelican_pages
    from pelican_fast.links.index import SiteIndex

    index = SiteIndex.for_site(site, origins, guess_permalink)
    for entry in entries:
        index.add_entry(entry)
    index.learn_plugins(site.variables)
    if pelican:
        index.add_generated(pelican_pages.urls(pelican, index.facts))
    return index


@dataclass
class SiteEntries:
    """What each file of the site adds to the index, in walk order, kept encoded.

    A lint run whose files all come from the cache needs neither the index nor
    the entries: they are decoded only when some file must be linted.
    """

    order: list[str]  # the files, relative to the root, in walk order
    rows: dict[str, Stored | bytes]  # (encoded entry, (front-matter key, image)), or cached
    cache: LintCache | None = None
    _rows: list[Stored] | None = None  # decoded, in walk order

    def _decoded(self) -> list[Stored]:
        if self._rows is None:
            rows = self.rows
            self._rows = [stored(rows[relative]) for relative in self.order]
        return self._rows

    def entries(self) -> list[IndexEntry]:
        found = (decode_entry(entry) for entry, _ in self._decoded())
        return [entry for entry in found if entry is not None]

    def front_images(self) -> dict[bytes, str | None]:
        return {front[0]: front[1] for _, front in self._decoded() if front is not None}

    def digest(self) -> bytes:
        """What the index is built from (see LintCache.entries_digest): each file's
        path and marshalled entry, as the cache keeps them (no decoding)."""

        def rows() -> bytes:
            hasher = hashlib.blake2b(digest_size=16)
            for relative in self.order:
                row = self.rows[relative]
                blob = row if isinstance(row, bytes) else marshal.dumps(row)
                hasher.update(
                    b"%d:%s%d:"
                    % (len(relative), relative.encode("utf-8", "surrogatepass"), len(blob))
                )
                hasher.update(blob)
            return hasher.digest()

        if self.cache is not None:
            return self.cache.entries_digest(self.order, rows)
        return rows()


def site_entries(
    items: Sequence[tuple[str, str]],
    site: JekyllSite,
    guess_permalink: bool,
    requested: int | None,
    cache: LintCache | None = None,
) -> SiteEntries:
    """What each file of `items` (the site's walk: path, relative path) adds to the index."""
    known: dict[str, Stored | bytes] = {}
    if cache is not None:
        known.update(cache.entries(items))
    todo = [item for item in items if item[1] not in known] if known else list(items)
    stats = [cache.stat_before(*item) for item in todo] if cache is not None else []
    jobs = workers(requested, len(todo))
    with mapped(_describe, (site, guess_permalink), todo, jobs) as described:
        fresh = [(encode_entry(entry), front) for entry, front in described]
    known.update(zip((item[1] for item in todo), fresh, strict=True))
    if cache is not None:
        cache.remember_entries(zip(todo, stats, fresh, strict=True))
        for _, relative in todo:  # the bytes the next run will digest
            kept = cache.new_index.get(relative)
            if kept is not None:
                known[relative] = kept[4]
    return SiteEntries([relative for _, relative in items], known, cache)


def _describe(
    shared: tuple[JekyllSite, bool], item: tuple[str, str]
) -> tuple[IndexEntry | None, tuple[bytes, str | None] | None]:
    from pelican_fast.jekyll.tree import describe
    from pelican_fast.links import engine

    site, guess_permalink = shared
    seen: list[tuple[bytes, str | None]] = []

    def keep(parts: SplitFile, data: dict[str, Any]) -> None:
        assert parts.yaml_text is not None
        seen.append((engine.front_key(parts.yaml_text), engine.front_image(data)))

    entry = describe(item[0], item[1], site, guess_permalink, keep)
    return entry, seen[0] if seen else None
