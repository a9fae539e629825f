"""External link checks inside a Pelican build (off by default).

With ``PELICAN_FAST["check_external"] = True`` (or a dict with ``enabled``),
the sources of every article and page are scanned once the site is written,
their external links checked with the same engine, options and cache as
``pelican-fast check``, and each finding is logged through Pelican's logger
with file:line:col (errors for broken links, warnings for the rest, which
``pelican --fatal`` can turn into a failure). Nothing is changed in the
output: a redirect is a fix for the source, not for the built page.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import logging
import os
from collections.abc import Iterable
from typing import Any

from pelican_fast.links.external import CheckOptions, CheckSummary, Result, ResultCache, check
from pelican_fast.links.external import collect as collect_links
from pelican_fast.links.external.findings import findings
from pelican_fast.links.model import Severity

logger = logging.getLogger(__name__)


def on_finalized(pelican: Any, config: Any, contents: Iterable[Any]) -> None:
    """Check, log, and write the cache; never raises for a network problem."""
    section = config["check_external"]
    if not section["enabled"]:
        return
    paths = sorted({c.source_path for c in contents if getattr(c, "source_path", None)})
    occurrences = collect_links.from_sources(paths)
    urls = list(dict.fromkeys(o.url for o in occurrences))
    cache = ResultCache(config.resolve(section["cache"]), section["max_age"])
    if cache.problem:
        logger.warning("check_external: %s", cache.problem)
    results = _run(urls, CheckOptions.from_settings(section), cache)
    content_root = str(pelican.settings.get("PATH") or config.base_dir)
    for finding in findings(results, occurrences):
        where = _relative(finding.path, content_root)
        level = logging.ERROR if finding.severity == Severity.ERROR else logging.WARNING
        logger.log(
            level,
            "%s:%d:%d: %s %s",
            where,
            finding.line,
            finding.column,
            finding.code,
            finding.message,
        )
    summary = CheckSummary(total=len(urls))
    for result in results.values():
        summary.add(result)
    logger.info(
        "check_external: %d URLs (%d checked, %d cached, %d excluded): %d broken, %d unknown",
        summary.total,
        summary.checked,
        summary.cached,
        summary.excluded,
        summary.broken,
        summary.unknown,
    )


def _run(urls: list[str], options: CheckOptions, cache: ResultCache) -> dict[str, Result]:
    """Run the checker, also when the caller already runs an event loop."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return check(urls, options, cache=cache)
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(check, urls, options, cache=cache).result()


def _relative(path: str, root: str) -> str:
    try:
        return os.path.relpath(path, root)
    except ValueError:
        return path
