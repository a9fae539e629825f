"""The HTTP side of external link checks: async, bounded, polite, and honest about doubt.

Each distinct URL (without its fragment) is requested once. Politeness is
enforced per host name (ports do not make a different host, as in lychee):
at most ``per_host`` requests in flight to a host, and when a host answers
429 (or gives a Retry-After) every request to it waits. A request takes its
host's slot first and a global slot second, so tasks queued behind a busy
host never hold global slots that other hosts could use.

HEAD is tried first (no body to transfer); any answer to HEAD other than a
success or a rate limit is confirmed with GET, because many servers answer
HEAD wrongly (405, 403, 404, 501...). A host that refused HEAD once (405/501)
is asked with GET from then on.
"""

from __future__ import annotations

import asyncio
import errno
import functools
import ipaddress
import math
import socket
import ssl
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from typing import Any

import httpx

from pelican_fast.links.external import anchors as anchor_rules
from pelican_fast.links.external import policy
from pelican_fast.links.external.cache import ResultCache
from pelican_fast.links.external.options import ACCEPT, CheckOptions
from pelican_fast.links.external.results import Flag, Kind, Result

OnResult = Callable[[Result], None]

# A body this small is read even when not needed, so that the connection can
# be reused (closing a response early throws the connection away).
_DRAIN_LIMIT = 64 * 1024


@dataclass
class _Host:
    """Per-host politeness state."""

    slots: asyncio.Semaphore
    not_before: float = 0.0  # monotonic time before which no request is sent
    blocked_until: float = 0.0  # asked to wait longer than we are willing to
    head_refused: bool = False


@dataclass
class _Answer:
    """One HTTP response, reduced to what the checker needs."""

    url: str
    status: int
    location: str | None = None
    retry_after: str | None = None
    body: bytes | None = None
    encoding: str | None = None


@dataclass
class _Failure:
    """No HTTP answer: a timeout or a transport error."""

    url: str
    kind: Kind
    message: str
    dns_missing: bool = False


@dataclass
class _Outcome:
    """The conclusion for one fragment-less URL, before it is mapped to each occurrence."""

    kind: Kind
    status: int | None = None
    message: str = ""
    final_url: str | None = None
    new_url: str | None = None
    flags: tuple[Flag, ...] = ()
    anchors: dict[str, bool] = field(default_factory=dict)
    attempts: int = 0
    dns_missing: bool = False


def split_fragment(url: str) -> tuple[str, str]:
    """``(url without fragment, fragment)``; a URL is requested once for all its fragments."""
    base, _, fragment = url.partition("#")
    return base, fragment


_LOOPBACK_NAMES = frozenset({"localhost", "127.0.0.1", "::1"})


@functools.lru_cache(maxsize=65536)
def host_key(url: str) -> str:
    """The host name politeness limits apply to (no port, lower case).

    The usual names of this machine count as one host, so that a local site
    reached both as ``localhost`` and ``127.0.0.1`` still gets ``per_host``.
    """
    try:
        host = httpx.URL(url).host or url
    except (httpx.InvalidURL, ValueError):
        return url
    if host in _LOOPBACK_NAMES or host.endswith(".localhost"):
        return "localhost"
    return host


def _is_name(host: str) -> bool:
    """A DNS name (whose resolution proves DNS works), not an IP literal or localhost."""
    if host == "localhost" or host.endswith(".localhost"):
        return False
    try:
        ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return True
    return False


def _describe_transport(error: BaseException) -> tuple[str, bool]:
    """A readable message for a transport error, and whether the host name does not exist."""
    seen = error
    chain: list[BaseException] = []
    while seen is not None and len(chain) < 10:
        chain.append(seen)
        seen = seen.__cause__ or seen.__context__  # type: ignore[assignment]
    for item in chain:
        if isinstance(item, socket.gaierror):
            if item.errno in (socket.EAI_NONAME, getattr(socket, "EAI_NODATA", -5)):
                return "host not found (DNS)", True
            return f"DNS failure ({item.strerror or item})", False
        if isinstance(item, ssl.SSLCertVerificationError):
            return f"TLS certificate rejected ({item.verify_message or item})", False
        if isinstance(item, ssl.SSLError):
            return f"TLS error ({item.reason or item})", False
        if isinstance(item, ConnectionRefusedError) or (
            isinstance(item, OSError) and item.errno == errno.ECONNREFUSED
        ):
            return "connection refused", False
        if isinstance(item, ConnectionResetError):
            return "connection reset", False
    if isinstance(error, httpx.RemoteProtocolError):
        return f"protocol error ({error})", False
    return f"network error ({error or type(error).__name__})", False


class Checker:
    """Checks URLs with one shared client; one instance per run."""

    def __init__(
        self,
        options: CheckOptions,
        client: httpx.AsyncClient,
        cache: ResultCache | None = None,
        on_result: OnResult | None = None,
    ) -> None:
        self.options = options
        self.client = client
        self.cache = cache
        self.on_result = on_result
        self.requests = 0
        self._global = asyncio.Semaphore(options.concurrency)
        self._hosts: dict[str, _Host] = {}
        self._resolved: set[str] = set()  # host names that answered: DNS works
        self._loop_time = asyncio.get_running_loop().time
        self._started = self._loop_time()

    # --- one run --------------------------------------------------------
    async def run(self, urls: Iterable[str]) -> dict[str, Result]:
        """A result for every URL given (in the order given, duplicates once)."""
        results: dict[str, Result] = {}
        groups: dict[str, list[tuple[str, str]]] = {}
        for url in dict.fromkeys(urls):
            reason = self.options.excludes.reason(url)
            if reason is not None:
                results[url] = self._emit(Result(url, Kind.EXCLUDED, message=reason))
                continue
            base, fragment = split_fragment(url)
            groups.setdefault(base, []).append((url, fragment))
        pending: dict[str, tuple[str, ...]] = {}
        for base, members in groups.items():
            fragments = self._fragments(members)
            cached = self.cache.get(base, fragments) if self.cache else None
            if cached is not None:
                for url, fragment in members:
                    results[url] = self._emit(self._for_occurrence(url, fragment, cached))
                continue
            pending[base] = fragments
        outcomes = await self._within_deadline(
            {
                base: asyncio.ensure_future(self._check_base(base, fragments, groups[base]))
                for base, fragments in pending.items()
            },
            groups,
        )
        dns_works = bool(self._resolved)
        for base, outcome in zip(pending, outcomes, strict=True):
            if outcome.dns_missing and dns_works:
                outcome = self._dns_verdict(outcome)
            elif outcome.dns_missing:
                outcome = replace(
                    outcome,
                    message=f"{outcome.message}, like every host name of this run: no network?",
                )
            for url, fragment in groups[base]:
                results[url] = self._occurrence(url, fragment, outcome)
        return {url: results[url] for url in dict.fromkeys(urls)}

    async def _within_deadline(
        self,
        tasks: dict[str, asyncio.Future[_Outcome]],
        groups: dict[str, list[tuple[str, str]]],
    ) -> list[_Outcome]:
        """Each URL's outcome; past ``options.deadline`` the unfinished ones are stopped
        (their slots released at once) and reported as not checked."""
        deadline = self.options.deadline
        limit = deadline if deadline is not None and math.isfinite(deadline) else None
        try:
            if tasks:
                left = None if limit is None else max(0.0, limit - self._elapsed())
                await asyncio.wait(tasks.values(), timeout=left)
        finally:  # also when the run itself is cancelled (Ctrl-C)
            late = [task for task in tasks.values() if not task.done()]
            for task in late:
                task.cancel()
            await asyncio.gather(*late, return_exceptions=True)
        outcomes: list[_Outcome] = []
        for base, task in tasks.items():
            if not task.cancelled():
                outcomes.append(task.result())
                continue
            outcome = _Outcome(
                Kind.NOT_CHECKED, message=f"not checked: the {deadline:g} s deadline passed"
            )
            for url, fragment in groups[base]:
                self._emit(self._occurrence(url, fragment, outcome))
            outcomes.append(outcome)
        return outcomes

    def _elapsed(self) -> float:
        return self._loop_time() - self._started

    def _fragments(self, members: list[tuple[str, str]]) -> tuple[str, ...]:
        if not self.options.fragments:
            return ()
        wanted = {f for _, f in members if anchor_rules.needs_check(f)}
        return tuple(sorted(wanted))

    def _emit(self, result: Result) -> Result:
        if self.on_result is not None:
            self.on_result(result)
        return result

    # --- mapping an outcome to each URL as written ------------------------
    def _for_occurrence(self, url: str, fragment: str, base: Result) -> Result:
        missing = base.missing_anchors
        flags = base.flags
        if missing:
            missing = tuple(m for m in missing if m == fragment)
            if not missing:
                flags = tuple(f for f in flags if f is not Flag.MISSING_ANCHOR)
        new_url = base.new_url
        if new_url and fragment and "#" not in new_url:
            new_url = f"{new_url}#{fragment}"
        return replace(base, url=url, new_url=new_url, missing_anchors=missing, flags=flags)

    def _occurrence(self, url: str, fragment: str, outcome: _Outcome) -> Result:
        return self._for_occurrence(url, fragment, self._result(url, outcome))

    def _result(self, base: str, outcome: _Outcome) -> Result:
        missing = tuple(sorted(f for f, found in outcome.anchors.items() if not found))
        flags = outcome.flags + ((Flag.MISSING_ANCHOR,) if missing else ())
        return Result(
            url=base,
            kind=outcome.kind,
            status=outcome.status,
            message=outcome.message,
            final_url=outcome.final_url,
            new_url=outcome.new_url,
            flags=flags,
            missing_anchors=missing,
            attempts=outcome.attempts,
        )

    # --- one URL ------------------------------------------------------------
    async def _check_base(
        self, base: str, fragments: tuple[str, ...], members: list[tuple[str, str]]
    ) -> _Outcome:
        try:
            outcome = await self._request_base(base, fragments)
        except (httpx.HTTPError, httpx.InvalidURL, ValueError, UnicodeError) as error:
            # One odd URL or answer must not stop the run: report it as unknown.
            outcome = _Outcome(Kind.NETWORK_ERROR, message=f"could not check: {error}")
        if self.cache is not None and not outcome.dns_missing:
            self.cache.put(base, self._result(base, outcome), outcome.anchors)
        for url, fragment in members:
            # For the progress display: a DNS failure is settled after the run.
            self._emit(self._occurrence(url, fragment, outcome))
        return outcome

    async def _request_base(self, base: str, fragments: tuple[str, ...]) -> _Outcome:
        """HEAD first when no body is needed; GET to confirm anything but a success."""
        host = self._host(base)
        outcome: _Outcome | None = None
        attempts = 0
        if not fragments and not host.head_refused:
            outcome = await self._chain(base, "HEAD", ())
            attempts = outcome.attempts
            conclusive = outcome.kind in (Kind.OK, Kind.REDIRECTED, Kind.RATE_LIMITED)
            if not conclusive and not outcome.dns_missing:
                if outcome.status in (405, 501):
                    host.head_refused = True
                outcome = None
        if outcome is None:
            outcome = await self._chain(base, "GET", fragments)
            outcome.attempts += attempts
        return outcome

    def _dns_verdict(self, outcome: _Outcome) -> _Outcome:
        """A name that does not resolve is dead only when other names resolved in this run."""
        return replace(
            outcome,
            kind=Kind.BROKEN,
            message="host not found (DNS): the domain no longer exists",
        )

    async def _chain(self, url: str, method: str, fragments: tuple[str, ...]) -> _Outcome:
        """Follow redirects (bounded); remember the run of permanent ones from the start."""
        current = url
        new_url: str | None = None
        permanent_run = True
        seen = {url: 1}
        attempts = 0
        for _ in range(self.options.max_redirects + 1):
            answer, used = await self._exchange(current, method, bool(fragments))
            attempts += used
            final = current if current != url else None
            if isinstance(answer, _Failure):
                return _Outcome(
                    kind=answer.kind,
                    message=answer.message,
                    final_url=final,
                    attempts=attempts,
                    dns_missing=answer.dns_missing,
                )
            if answer.status in policy.REDIRECTS and answer.location:
                try:
                    target = str(httpx.URL(current).join(answer.location))
                except (httpx.InvalidURL, ValueError):
                    return _Outcome(
                        Kind.BROKEN,
                        answer.status,
                        f"redirect to an invalid URL {answer.location!r}",
                        final_url=final,
                        attempts=attempts,
                    )
                if permanent_run and answer.status in policy.PERMANENT_REDIRECTS:
                    new_url = target
                else:
                    permanent_run = False
                scheme = target.split(":", 1)[0].lower() if ":" in target else ""
                if scheme not in ("http", "https"):
                    # A reader following the link leaves the web (file:, ftp:, data:…):
                    # browsers refuse most of these, none is the page the post promised.
                    return _Outcome(
                        Kind.BROKEN,
                        answer.status,
                        f"redirect to a non-HTTP URL ({scheme or 'no'} scheme): {target[:200]}",
                        final_url=target,
                        attempts=attempts,
                    )
                # A second visit is allowed: sites that set a cookie redirect
                # back to the page itself, which then answers.
                if seen.get(target, 0) >= 2:
                    return _Outcome(
                        Kind.BROKEN,
                        answer.status,
                        "redirect loop",
                        final_url=target,
                        attempts=attempts,
                    )
                seen[target] = seen.get(target, 0) + 1
                current = target
                continue
            return self._conclude(url, current, answer, new_url, fragments, attempts)
        return _Outcome(
            Kind.BROKEN,
            None,
            f"more than {self.options.max_redirects} redirects",
            final_url=current,
            attempts=attempts,
        )

    def _conclude(
        self,
        url: str,
        current: str,
        answer: _Answer,
        new_url: str | None,
        fragments: tuple[str, ...],
        attempts: int,
    ) -> _Outcome:
        status = answer.status
        kind = policy.classify_status(status)
        redirected = current != url
        outcome = _Outcome(
            kind=kind,
            status=status,
            final_url=current if redirected else None,
            attempts=attempts,
        )
        if kind is not Kind.OK:
            outcome.message = _status_message(status, current if redirected else None)
            if status == 429 and answer.retry_after:
                outcome.message += f"; Retry-After: {answer.retry_after} s"
            return outcome
        if redirected:
            outcome.flags = policy.redirect_flags(url, current)
        if new_url and not outcome.flags:
            outcome.kind = Kind.REDIRECTED
            outcome.new_url = new_url
            outcome.message = f"moved permanently to {new_url}"
        elif outcome.flags:
            outcome.message = policy.flag_message(outcome.flags[0], current)
        if fragments and answer.body is not None:
            found = anchor_rules.page_anchors(answer.body, answer.encoding)
            outcome.anchors = {f: anchor_rules.has_anchor(f, found) for f in fragments}
        elif fragments:
            # Not HTML (a PDF's #page=2...): nothing to check, nothing to report.
            outcome.anchors = dict.fromkeys(fragments, True)
        return outcome

    # --- one HTTP exchange, with retries ------------------------------------
    async def _exchange(
        self, url: str, method: str, want_body: bool
    ) -> tuple[_Answer | _Failure, int]:
        """Send one request, retrying what may succeed later; returns the answer and tries."""
        host = self._host(url)
        options = self.options
        last: _Answer | _Failure | None = None
        tries = 0
        for attempt in range(options.retries + 1):
            wait = policy.backoff(attempt, options.retry_wait, options.max_retry_wait)
            tries += 1
            try:
                answer = await self._send(url, method, want_body, host)
                if answer.status == 0:  # the host asked us to stay away: no request sent
                    return _Answer(url, 429, retry_after=answer.retry_after), tries - 1
            except (TimeoutError, httpx.TimeoutException):
                last = _Failure(url, Kind.TIMEOUT, f"no answer within {options.timeout:g} s")
                if method == "HEAD":
                    return last, tries
            except httpx.TransportError as error:
                message, missing = _describe_transport(error)
                last = _Failure(url, Kind.NETWORK_ERROR, message, dns_missing=missing)
                if missing or method == "HEAD":
                    return last, tries
            else:
                last = answer
                status = answer.status
                if status not in policy.RETRY_STATUSES or (method == "HEAD" and status != 429):
                    return answer, tries
                delay = policy.parse_retry_after(answer.retry_after)
                if delay is not None and delay > options.max_retry_wait:
                    # Asked to come back later than we are willing to wait: stop
                    # asking this host at all, rather than retry too early.
                    host.blocked_until = max(host.blocked_until, self._loop_time() + delay)
                    return answer, tries
                if delay is not None:
                    wait = delay
                if status == 429 or delay is not None:
                    host.not_before = max(host.not_before, self._loop_time() + wait)
            if attempt < options.retries:
                await asyncio.sleep(wait)
        assert last is not None
        return last, tries

    async def _send(self, url: str, method: str, want_body: bool, host: _Host) -> _Answer:
        """One request under the host's slot, then a global slot, within the timeout.

        A request that times out is cancelled (its connection closed) before its
        slots are released: nothing of it is left in flight, and the next request
        to that host goes at once instead of waiting for the abandoned one.
        """
        await host.slots.acquire()
        try:
            if method == "HEAD" and host.head_refused:
                method = "GET"  # learnt while this request was queued
            blocked = host.blocked_until - self._loop_time()
            if blocked > 0:
                return _Answer(url, 0, retry_after=f"{blocked:.0f}")
            pause = host.not_before - self._loop_time()
            if pause > 0:
                await asyncio.sleep(pause)
            await self._global.acquire()
            try:
                self.requests += 1
                # wait_for cancels the request on timeout and waits until it is gone.
                request = self._request(url, method, want_body)
                answer = await asyncio.wait_for(request, self.options.timeout)
            finally:
                self._global.release()
        finally:
            host.slots.release()
        if _is_name(host_key(url)):
            self._resolved.add(host_key(url))
        return answer

    async def _request(self, url: str, method: str, want_body: bool) -> _Answer:
        request = self.client.build_request(method, url)
        response = await self.client.send(request, stream=True)
        try:
            answer = _Answer(
                url=url,
                status=response.status_code,
                location=response.headers.get("location"),
                retry_after=response.headers.get("retry-after"),
                encoding=response.charset_encoding,
            )
            html = "html" in response.headers.get("content-type", "html").lower()
            if method == "GET" and want_body and html and 200 <= response.status_code < 300:
                answer.body = await _read(response, self.options.max_body)
            elif method == "HEAD" or _small(response):
                # Reading to the end (nothing, for HEAD) lets h11 reuse the connection.
                await response.aread()
        finally:
            await response.aclose()
        return answer

    def _host(self, url: str) -> _Host:
        key = host_key(url)
        host = self._hosts.get(key)
        if host is None:
            host = self._hosts[key] = _Host(asyncio.Semaphore(self.options.per_host))
        return host


def _small(response: httpx.Response) -> bool:
    length = response.headers.get("content-length")
    return length is not None and length.isdigit() and int(length) <= _DRAIN_LIMIT


async def _read(response: httpx.Response, limit: int) -> bytes:
    chunks: list[bytes] = []
    size = 0
    async for chunk in response.aiter_bytes():
        chunks.append(chunk)
        size += len(chunk)
        if size >= limit:
            break
    return b"".join(chunks)


_REASONS = {
    400: "bad request",
    401: "needs a login",
    403: "forbidden: the site may refuse robots, or need a login",
    404: "not found",
    405: "method not allowed",
    408: "request timeout",
    410: "gone",
    429: "rate limited",
    451: "unavailable for legal reasons",
    500: "server error",
    502: "bad gateway",
    503: "service unavailable",
    504: "gateway timeout",
    999: "refused to robots",
}


def _status_message(status: int, final_url: str | None) -> str:
    reason = _REASONS.get(status, "error")
    where = f" after a redirect to {final_url}" if final_url else ""
    return f"HTTP {status} ({reason}){where}"


class PerHostTransport(httpx.AsyncBaseTransport):
    """One small connection pool per origin instead of one large pool.

    httpcore scans every pooled connection (and polls its socket) each time a
    request is assigned or released: with a few hundred hosts kept alive that
    costs more than the requests. Pools of ``per_host`` connections make it
    negligible. One TLS context is shared (loading CA certificates is slow).
    """

    def __init__(self, per_host: int, verify: ssl.SSLContext | bool = True) -> None:
        self._verify = httpx.create_ssl_context(verify=verify) if verify is True else verify
        self._limits = httpx.Limits(max_connections=None, max_keepalive_connections=per_host)
        self._pools: dict[tuple[bytes, bytes, int | None], httpx.AsyncHTTPTransport] = {}

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        url = request.url
        key = (url.raw_scheme, url.raw_host, url.port)
        pool = self._pools.get(key)
        if pool is None:
            pool = self._pools[key] = httpx.AsyncHTTPTransport(
                verify=self._verify, limits=self._limits
            )
        return await pool.handle_async_request(request)

    async def aclose(self) -> None:
        for pool in self._pools.values():
            await pool.aclose()


class _Client(httpx.AsyncClient):
    """httpx prepares the next request of every redirect, even when not following it,
    and raises on a Location it cannot request (``data:…``, ``javascript:…``, ``mailto:…``):
    the answer would be lost. The checker reads ``Location`` itself, so that request,
    never sent, may simply be the current one."""

    def _build_redirect_request(
        self, request: httpx.Request, response: httpx.Response
    ) -> httpx.Request:
        try:
            return super()._build_redirect_request(request, response)
        except (httpx.InvalidURL, httpx.RemoteProtocolError):
            return request


def client_for(options: CheckOptions, **kwargs: Any) -> httpx.AsyncClient:
    """The one client of a run: no automatic redirects, a small pool per host.

    Requests in flight are bounded by the checker's own slots, not by the
    pools. Proxies from the environment still apply (httpx mounts them).
    """
    kwargs.setdefault("transport", PerHostTransport(options.per_host))
    return _Client(
        follow_redirects=False,
        # The checker times each whole request itself (see Checker._send).
        timeout=httpx.Timeout(options.timeout, pool=None),
        headers={"User-Agent": options.user_agent, "Accept": ACCEPT},
        **kwargs,
    )


async def check_urls(
    urls: Iterable[str],
    options: CheckOptions | None = None,
    *,
    cache: ResultCache | None = None,
    on_result: OnResult | None = None,
    client: httpx.AsyncClient | None = None,
) -> dict[str, Result]:
    """Check every URL; the cache (if any) is saved even when interrupted."""
    options = options or CheckOptions()
    own = client is None
    active = client if client is not None else client_for(options)
    try:
        checker = Checker(options, active, cache, on_result)
        results = await checker.run(urls)
    finally:
        if own:
            await active.aclose()
        if cache is not None:
            cache.save()
    return results


def check(
    urls: Iterable[str], options: CheckOptions | None = None, **kwargs: Any
) -> dict[str, Result]:
    """Synchronous entry point (the CLI and the Pelican build call this)."""
    return asyncio.run(check_urls(urls, options, **kwargs))
