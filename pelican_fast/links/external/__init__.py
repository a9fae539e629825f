"""External link checks over HTTP (no Pelican import: usable on any list of URLs).

Input: URLs as written in the sources. Output: a :class:`Result` per URL (ok,
redirected permanently with the new URL, broken with its status, rate
limited, timeout, network error, denied, unavailable, excluded; each possibly
from the cache). ``check`` runs synchronously; ``check_urls`` is the
coroutine; ``plan`` answers ``--offline`` without a request.
"""

from __future__ import annotations

from collections.abc import Iterable

from pelican_fast.links.external import anchors
from pelican_fast.links.external.cache import ResultCache
from pelican_fast.links.external.engine import check, check_urls, host_key, split_fragment
from pelican_fast.links.external.excludes import Excludes
from pelican_fast.links.external.options import USER_AGENT, CheckOptions
from pelican_fast.links.external.results import (
    FINE,
    UNKNOWN,
    CheckSummary,
    Flag,
    Kind,
    Result,
    exit_code,
)

__all__ = [
    "FINE",
    "UNKNOWN",
    "USER_AGENT",
    "CheckOptions",
    "CheckSummary",
    "Excludes",
    "Flag",
    "Kind",
    "Result",
    "ResultCache",
    "check",
    "check_urls",
    "exit_code",
    "host_key",
    "plan",
    "split_fragment",
]


def plan(
    urls: Iterable[str], options: CheckOptions, cache: ResultCache | None = None
) -> dict[str, Result | None]:
    """What a run would do: an excluded or cached result, or None for "would request"."""
    planned: dict[str, Result | None] = {}
    for url in dict.fromkeys(urls):
        reason = options.excludes.reason(url)
        if reason is not None:
            planned[url] = Result(url, Kind.EXCLUDED, message=reason)
            continue
        base, fragment = split_fragment(url)
        wanted = (fragment,) if options.fragments and anchors.needs_check(fragment) else ()
        cached = cache.get(base, wanted) if cache is not None else None
        planned[url] = cached.with_url(url) if cached is not None else None
    return planned
