"""Small pure decisions of the checker: what a status means, when and how long to wait.

Kept apart from the HTTP code so that each rule can be tested without a server.
"""

from __future__ import annotations

import email.utils
import random
import re
import time
from urllib.parse import urlsplit

from pelican_fast.links.external.results import Flag, Kind

PERMANENT_REDIRECTS = frozenset({301, 308})
REDIRECTS = frozenset({301, 302, 303, 307, 308})
# Answers worth asking again: the server or the network may do better later.
RETRY_STATUSES = frozenset({408, 425, 429, 500, 502, 503, 504})
# Definite answers: the only ones written to the cache.
CACHEABLE_FAILURES = frozenset({404, 410})
DENIED_STATUSES = frozenset({401, 403, 407, 999})  # 999: LinkedIn's answer to robots
UNAVAILABLE_STATUSES = frozenset({502, 503, 504})


def classify_status(status: int) -> Kind:
    """The kind of a final (non-redirect) answer, after retries."""
    if 200 <= status < 300:
        return Kind.OK
    if status == 429:
        return Kind.RATE_LIMITED
    if status == 408:
        return Kind.TIMEOUT
    if status in DENIED_STATUSES:
        return Kind.DENIED
    if status in UNAVAILABLE_STATUSES:
        return Kind.UNAVAILABLE
    return Kind.BROKEN


def cacheable(kind: Kind, status: int | None) -> bool:
    """Only definite answers are cached: a success, or a 404/410."""
    if status is None:
        return False
    if kind in (Kind.OK, Kind.REDIRECTED):
        return 200 <= status < 300
    return kind is Kind.BROKEN and status in CACHEABLE_FAILURES


def parse_retry_after(value: str | None, now: float | None = None) -> float | None:
    """Seconds to wait from a Retry-After header (delta-seconds or HTTP-date)."""
    if not value:
        return None
    value = value.strip()
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when is None:
        return None
    current = time.time() if now is None else now
    return max(0.0, when.timestamp() - current)


def backoff(attempt: int, base: float, cap: float) -> float:
    """Exponential backoff with a little jitter, so retries do not arrive in lockstep."""
    delay: float = base * (2**attempt)
    return min(cap, delay * (1 + random.random() * 0.25))


_LOGIN_SEGMENTS = frozenset(
    {
        "login",
        "log-in",
        "signin",
        "sign-in",
        "sign_in",
        "sso",
        "cas",
        "auth",
        "oauth",
        "oauth2",
        "authenticate",
        "connexion",
        "se-connecter",
        "identification",
    }
)
_LOGIN_QUERY = re.compile(r"(?:^|&)(?:returnurl|return_to|redirect_uri|service)=", re.I)
_PARKING_HOSTS = (
    "sedoparking.com",
    "sedo.com",
    "parkingcrew.net",
    "bodis.com",
    "above.com",
    "dan.com",
    "afternic.com",
    "hugedomains.com",
    "buydomains.com",
    "undeveloped.com",
    "domainmarket.com",
    "parklogic.com",
    "smartname.com",
    "uniregistry.com",
    "domainnamesales.com",
)
_PARKING_PATH = re.compile(r"(?:^|/)(?:lander|forsale|for-sale|domain-for-sale|parking)(?:/|$)")
_ROOT = re.compile(r"^/?(?:index\.\w+)?$", re.I)
_LOCALE_ROOT = re.compile(r"^/([a-z]{2}(?:[-_][a-z]{2})?)/?$", re.I)


def redirect_flags(original: str, final: str) -> tuple[Flag, ...]:
    """Warnings about where a redirect chain landed (login, parking, home page)."""
    source, target = urlsplit(original), urlsplit(final)
    host = (target.hostname or "").lower()
    flags: list[Flag] = []
    segments = {s.lower() for s in re.split(r"[/.]", target.path) if s}
    source_segments = {s.lower() for s in re.split(r"[/.]", source.path) if s}
    if (segments - source_segments) & _LOGIN_SEGMENTS or (
        _LOGIN_QUERY.search(target.query) and not _LOGIN_QUERY.search(source.query)
    ):
        flags.append(Flag.LOGIN)
    if any(host == h or host.endswith("." + h) for h in _PARKING_HOSTS) or (
        _PARKING_PATH.search(target.path) and not _PARKING_PATH.search(source.path)
    ):
        flags.append(Flag.PARKING)
    if not flags and not target.query and _is_home(target.path, source.path, source.query):
        flags.append(Flag.HOME)
    return tuple(flags)


def _is_home(target_path: str, source_path: str, source_query: str) -> bool:
    """A deep link landing on a site's root, or on the root of its own language (/fr/)."""
    if _ROOT.match(source_path) and not source_query:
        return False
    if _ROOT.match(target_path):
        return True
    locale = _LOCALE_ROOT.match(target_path)
    if locale is None or _LOCALE_ROOT.match(source_path):
        return False
    return source_path.lower().startswith(f"/{locale.group(1).lower()}/")


def flag_message(flag: Flag, final_url: str | None) -> str:
    """What a redirect flag means for a reader of the post."""
    what = {
        Flag.LOGIN: "a login page",
        Flag.PARKING: "a domain-parking page: the domain may have expired",
        Flag.HOME: "a home page: the page was probably removed",
    }.get(flag, str(flag))
    return f"redirected to {what}" + (f" ({final_url})" if final_url else "")
