"""What checking one URL can conclude, in a form the cache and the reports share.

A link checker is only useful if a flaky network never looks like rot, so the
kinds are split in three groups: fine (ok, redirected), broken (the link does
not work for a reader today), and unknown (we could not tell: rate limited,
timeout, network error, access denied, server unavailable). Exit codes and
severities are derived from these groups in one place.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from enum import StrEnum
from typing import Any


class Kind(StrEnum):
    """The conclusion for one URL."""

    OK = "ok"
    REDIRECTED = "redirected"  # permanently moved to a page that works: a fix is known
    BROKEN = "broken"  # 404, 410, other 4xx, a persistent 500, a host that does not exist
    DENIED = "denied"  # 401/403: needs a login, or the site refuses robots
    RATE_LIMITED = "rate-limited"  # 429 that persisted: never reported as dead
    TIMEOUT = "timeout"
    UNAVAILABLE = "unavailable"  # 502/503/504 that persisted: a temporary outage
    NETWORK_ERROR = "network-error"  # refused, reset, TLS, DNS failure we cannot trust
    EXCLUDED = "excluded"  # not checked: excluded by settings, not http(s), invalid
    NOT_CHECKED = "not-checked"  # the run's deadline passed before it was settled


FINE = frozenset({Kind.OK, Kind.REDIRECTED})
UNKNOWN = frozenset(
    {
        Kind.DENIED,
        Kind.RATE_LIMITED,
        Kind.TIMEOUT,
        Kind.UNAVAILABLE,
        Kind.NETWORK_ERROR,
        Kind.NOT_CHECKED,
    }
)


class Flag(StrEnum):
    """Something worth a warning about a link that otherwise answers."""

    LOGIN = "login"  # redirected to a login page
    PARKING = "parking"  # redirected to a domain-parking or domain-for-sale page
    HOME = "home"  # a deep link redirected to a home page: the page was probably removed
    MISSING_ANCHOR = "missing-anchor"  # the #fragment is not an id or name of the page


@dataclass(frozen=True)
class Result:
    """The answer for one URL as written in a source (fragment included).

    ``new_url`` is set only when every redirect from the URL up to it was
    permanent (301/308) and the chain ended on a working page: it is the
    replacement a fix may write (the original fragment carried over).
    ``age`` is the number of seconds since the answer was obtained (0 for a
    fresh request); ``cached`` says it came from the cache file.
    """

    url: str
    kind: Kind
    status: int | None = None
    message: str = ""
    final_url: str | None = None
    new_url: str | None = None
    flags: tuple[Flag, ...] = ()
    missing_anchors: tuple[str, ...] = ()
    cached: bool = False
    age: float = 0.0
    attempts: int = 0

    @property
    def broken(self) -> bool:
        return self.kind is Kind.BROKEN

    @property
    def unknown(self) -> bool:
        return self.kind in UNKNOWN

    def with_url(self, url: str, **changes: Any) -> Result:
        return replace(self, url=url, **changes)


@dataclass
class CheckSummary:
    """Counts for a progress bar and a closing line."""

    total: int = 0
    checked: int = 0
    cached: int = 0
    excluded: int = 0
    broken: int = 0
    unknown: int = 0
    redirected: int = 0
    not_checked: int = 0  # left when the deadline passed: unknown, counted apart
    requests: int = 0
    by_kind: dict[str, int] = field(default_factory=dict)

    def add(self, result: Result) -> None:
        self.by_kind[result.kind.value] = self.by_kind.get(result.kind.value, 0) + 1
        if result.kind is Kind.EXCLUDED:
            self.excluded += 1
        elif result.kind is Kind.NOT_CHECKED:
            self.not_checked += 1
            return
        elif result.cached:
            self.cached += 1
        else:
            self.checked += 1
        if result.broken:
            self.broken += 1
        elif result.unknown:
            self.unknown += 1
        elif result.kind is Kind.REDIRECTED:
            self.redirected += 1

    @property
    def failed(self) -> int:
        return self.broken + self.unknown


def exit_code(results: Any) -> int:
    """Lint's exit codes: 1 when a link is broken, 3 when only unknown results remain."""
    kinds = {result.kind for result in results}
    if Kind.BROKEN in kinds:
        return 1
    if kinds & UNKNOWN:
        return 3
    return 0
