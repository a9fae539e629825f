"""The HTTP engine against local servers: statuses, retries, redirects, limits, cache.

Timeouts and waits are tiny so the suite stays fast; nothing asserts on wall
time: requests are counted on the server side instead.
"""

from __future__ import annotations

import asyncio
import json
import socket
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from pelican_fast.links.external import (
    CheckOptions,
    Excludes,
    Flag,
    Kind,
    Result,
    ResultCache,
    check,
    exit_code,
    plan,
)
from pelican_fast.links.external.engine import Checker, check_urls
from tests.webserver import Gauge, Reply, Web

FAST = CheckOptions(timeout=2.0, retries=2, retry_wait=0.01, max_retry_wait=2.0)


@pytest.fixture
def web() -> Iterator[Web]:
    server = Web()
    yield server
    server.close()


def run(urls: list[str], options: CheckOptions = FAST, **kwargs: Any) -> dict[str, Result]:
    return check(urls, options, **kwargs)


def test_ok_with_one_head_request_and_honest_headers(web: Web) -> None:
    web.add("/ok", Reply(200))
    result = run([web.url("/ok")])[web.url("/ok")]
    assert result.kind is Kind.OK and result.status == 200
    hits = web.requests("/ok")
    assert [hit.method for hit in hits] == ["HEAD"]
    agent = hits[0].headers["User-Agent"]
    assert agent.startswith("pelican-fast/") and "link checker" in agent
    assert "text/html" in hits[0].headers["Accept"]


@pytest.mark.parametrize("status", [404, 410])
def test_not_found_and_gone_are_broken_confirmed_by_get(web: Web, status: int) -> None:
    web.add("/dead", Reply(status))
    result = run([web.url("/dead")])[web.url("/dead")]
    assert result.kind is Kind.BROKEN and result.status == status
    assert [hit.method for hit in web.requests("/dead")] == ["HEAD", "GET"]


def test_head_refused_falls_back_to_get_and_host_remembers(web: Web) -> None:
    def head_405(method: str, number: int) -> Reply:
        return Reply(405) if method == "HEAD" else Reply(200)

    web.add("/a", head_405)
    web.add("/b", head_405)
    results = run([web.url("/a")], CheckOptions(timeout=2.0, concurrency=1))
    assert results[web.url("/a")].kind is Kind.OK
    assert [hit.method for hit in web.requests("/a")] == ["HEAD", "GET"]


def test_host_that_refused_head_is_asked_with_get(web: Web) -> None:
    def head_405(method: str, number: int) -> Reply:
        return Reply(405) if method == "HEAD" else Reply(200)

    web.add("/a", head_405)
    web.add("/b", head_405)
    options = CheckOptions(timeout=2.0, per_host=1)
    results = run([web.url("/a"), web.url("/b")], options)
    assert {r.kind for r in results.values()} == {Kind.OK}
    methods = [hit.method for hit in web.requests()]
    assert methods == ["HEAD", "GET", "GET"]


def test_head_lying_404_is_overruled_by_get(web: Web) -> None:
    web.add("/x", lambda method, number: Reply(404) if method == "HEAD" else Reply(200))
    assert run([web.url("/x")])[web.url("/x")].kind is Kind.OK


def test_forbidden_is_unknown_not_dead(web: Web) -> None:
    web.add("/robots-unwelcome", Reply(403))
    results = run([web.url("/robots-unwelcome")])
    assert results[web.url("/robots-unwelcome")].kind is Kind.DENIED
    assert exit_code(results.values()) == 3


def test_unavailable_with_retry_after_then_success(web: Web) -> None:
    web.add("/maintenance", Reply(503, {"Retry-After": "0"}), Reply(503), Reply(200))
    result = run([web.url("/maintenance")])[web.url("/maintenance")]
    assert result.kind is Kind.OK


def test_server_error_then_success_is_retried(web: Web) -> None:
    web.add("/flaky", Reply(500), Reply(500), Reply(200))
    result = run([web.url("/flaky")])[web.url("/flaky")]
    assert result.kind is Kind.OK
    assert [hit.method for hit in web.requests("/flaky")] == ["HEAD", "GET", "GET"]


def test_persistent_500_is_broken_but_503_is_unknown(web: Web) -> None:
    web.add("/500", Reply(500))
    web.add("/503", Reply(503))
    results = run([web.url("/500"), web.url("/503")])
    assert results[web.url("/500")].kind is Kind.BROKEN
    assert results[web.url("/503")].kind is Kind.UNAVAILABLE
    # HEAD once, then GET with two retries.
    assert len(web.requests("/500")) == 1 + 1 + FAST.retries


def test_429_with_retry_after_is_honoured_then_succeeds(web: Web) -> None:
    web.add("/busy", Reply(429, {"Retry-After": "1"}), Reply(200))
    result = run([web.url("/busy")])[web.url("/busy")]
    assert result.kind is Kind.OK
    assert len(web.requests("/busy")) == 2


def test_persistent_429_is_rate_limited_never_broken(web: Web) -> None:
    web.add("/limited", Reply(429, {"Retry-After": "0"}))
    results = run([web.url("/limited")])
    result = results[web.url("/limited")]
    assert result.kind is Kind.RATE_LIMITED and not result.broken and result.unknown
    assert exit_code(results.values()) == 3
    # HEAD 429 is retried as HEAD (a GET would not be more welcome).
    assert len(web.requests("/limited")) == 1 + FAST.retries


def test_retry_after_beyond_the_cap_stops_asking_the_host(web: Web) -> None:
    web.add("/slow-down", Reply(429, {"Retry-After": "3600"}))
    web.add("/other", Reply(200))
    options = CheckOptions(
        timeout=2.0, per_host=1, concurrency=1, retry_wait=0.01, max_retry_wait=1
    )
    results = run([web.url("/slow-down"), web.url("/other")], options)
    assert results[web.url("/slow-down")].kind is Kind.RATE_LIMITED
    assert results[web.url("/other")].kind is Kind.RATE_LIMITED
    assert len(web.requests()) == 1


def test_permanent_redirect_chain_gives_the_new_url(web: Web) -> None:
    web.add("/old", Reply(301, {"Location": "/older"}))
    web.add("/older", Reply(308, {"Location": web.url("/new")}))
    web.add("/new", Reply(200))
    result = run([web.url("/old") + "#part"])[web.url("/old") + "#part"]
    assert result.kind is Kind.REDIRECTED
    assert result.new_url == web.url("/new") + "#part"
    assert result.final_url == web.url("/new")


def test_only_the_leading_permanent_hops_count(web: Web) -> None:
    web.add("/moved", Reply(301, {"Location": "/tmp"}))
    web.add("/tmp", Reply(302, {"Location": "/page"}))
    web.add("/page", Reply(200))
    web.add("/temporary", Reply(302, {"Location": "/page"}))
    results = run([web.url("/moved"), web.url("/temporary")])
    assert results[web.url("/moved")].new_url == web.url("/tmp")
    temporary = results[web.url("/temporary")]
    assert temporary.kind is Kind.OK and temporary.new_url is None
    assert temporary.final_url == web.url("/page")


def test_redirect_to_a_dead_page_is_broken_without_a_fix(web: Web) -> None:
    web.add("/moved", Reply(301, {"Location": "/nowhere"}))
    web.add("/nowhere", Reply(404))
    result = run([web.url("/moved")])[web.url("/moved")]
    assert result.kind is Kind.BROKEN and result.status == 404 and result.new_url is None
    assert result.final_url == web.url("/nowhere")


def test_redirect_loop_and_too_many_redirects(web: Web) -> None:
    web.add("/ping", Reply(301, {"Location": "/pong"}))
    web.add("/pong", Reply(301, {"Location": "/ping"}))
    for n in range(5):
        web.add(f"/hop{n}", Reply(302, {"Location": f"/hop{n + 1}"}))
    web.add("/hop5", Reply(200))
    options = CheckOptions(timeout=2.0, max_redirects=3)
    results = run([web.url("/ping"), web.url("/hop0")], options)
    assert results[web.url("/ping")].kind is Kind.BROKEN
    assert "loop" in results[web.url("/ping")].message
    assert results[web.url("/hop0")].kind is Kind.BROKEN
    assert "redirects" in results[web.url("/hop0")].message


def test_redirect_to_login_or_home_is_flagged_without_a_fix(web: Web) -> None:
    web.add("/private/report", Reply(301, {"Location": "/login?next=/private/report"}))
    web.add("/login", Reply(200))
    web.add("/closed-startup/page", Reply(301, {"Location": "/"}))
    web.add("/", Reply(200))
    results = run([web.url("/private/report"), web.url("/closed-startup/page")])
    login = results[web.url("/private/report")]
    assert login.kind is Kind.OK and Flag.LOGIN in login.flags and login.new_url is None
    home = results[web.url("/closed-startup/page")]
    assert Flag.HOME in home.flags and home.new_url is None


def test_cookie_redirect_back_to_the_page_is_not_a_loop(web: Web) -> None:
    def cookie_wall(method: str, number: int) -> Reply:
        if number == 0:
            return Reply(302, {"Location": "/check-cookie"})
        return Reply(200)

    web.add("/article", cookie_wall)
    web.add("/check-cookie", Reply(302, {"Location": "/article"}))
    result = run([web.url("/article")])[web.url("/article")]
    assert result.kind is Kind.OK


def test_slow_endpoint_times_out_and_is_unknown(web: Web) -> None:
    web.add("/slow", Reply(200, delay=1.0))
    options = CheckOptions(timeout=0.2, retries=1, retry_wait=0.01)
    results = run([web.url("/slow")], options)
    assert results[web.url("/slow")].kind is Kind.TIMEOUT
    assert exit_code(results.values()) == 3
    # HEAD timed out: confirmed with GET, retried once.
    assert [hit.method for hit in web.requests("/slow")] == ["HEAD", "GET", "GET"]


def test_timeouts_never_put_more_than_per_host_in_flight(
    web: Web, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A request that timed out is cancelled (its connection closed) before its slot is
    released: the checker never has more than per_host requests of a host open."""
    web.add("/slow", Reply(200, delay=0.6))
    for n in range(6):
        web.add(f"/p{n}", Reply(200, delay=0.05))
    open_now, peak = [0], [0]
    real_request = Checker._request

    async def counted(self: Checker, url: str, method: str, want_body: bool) -> Any:
        open_now[0] += 1
        peak[0] = max(peak[0], open_now[0])
        try:
            return await real_request(self, url, method, want_body)
        finally:
            open_now[0] -= 1

    monkeypatch.setattr(Checker, "_request", counted)
    urls = [web.url("/slow"), *(web.url(f"/p{n}") for n in range(6))]
    options = CheckOptions(timeout=0.15, retries=2, retry_wait=0.01, per_host=2)
    results = run(urls, options)
    assert results[web.url("/slow")].kind is Kind.TIMEOUT
    assert all(results[u].kind is Kind.OK for u in urls[1:])
    assert peak[0] == 2 and open_now[0] == 0


def test_connection_refused_is_a_network_error() -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    url = f"http://127.0.0.1:{port}/"
    result = run([url], CheckOptions(timeout=1.0, retries=1, retry_wait=0.01))[url]
    assert result.kind is Kind.NETWORK_ERROR and "refused" in result.message


PAGE = b"""<!doctype html><html><body>
<h2 id="intro">Intro</h2><a name='old-anchor'></a>
<p id=bare>x</p><h3 id="caf&eacute;">y</h3>
<div data-id="not-an-anchor"></div></body></html>"""


def test_fragments_are_checked_against_one_get_of_the_page(web: Web) -> None:
    web.add("/page", Reply(200, body=PAGE))
    urls = [
        web.url("/page#intro"),
        web.url("/page#old-anchor"),
        web.url("/page#bare"),
        web.url("/page#caf%C3%A9"),
        web.url("/page#missing"),
        web.url("/page#not-an-anchor"),
        web.url("/page#top"),
    ]
    results = run(urls, CheckOptions(timeout=2.0, fragments=True))
    missing = {url for url, r in results.items() if Flag.MISSING_ANCHOR in r.flags}
    assert missing == {web.url("/page#missing"), web.url("/page#not-an-anchor")}
    assert all(r.kind is Kind.OK for r in results.values())
    assert [hit.method for hit in web.requests("/page")] == ["GET"]
    assert results[web.url("/page#missing")].missing_anchors == ("missing",)


def test_fragments_of_non_html_pages_are_not_reported(web: Web, tmp_path: Path) -> None:
    web.add("/doc.pdf", Reply(200, {"Content-Type": "application/pdf"}, b"%PDF-1.4"))
    options = CheckOptions(timeout=2.0, fragments=True)
    cache = str(tmp_path / "cache.json")
    result = run([web.url("/doc.pdf#page=2")], options, cache=ResultCache(cache, 60))
    assert not result[web.url("/doc.pdf#page=2")].flags
    again = run([web.url("/doc.pdf#page=2")], options, cache=ResultCache(cache, 60))
    assert again[web.url("/doc.pdf#page=2")].cached


def test_fragments_are_ignored_unless_asked(web: Web) -> None:
    web.add("/page", Reply(200, body=PAGE))
    results = run([web.url("/page#missing"), web.url("/page")])
    assert all(r.kind is Kind.OK and not r.flags for r in results.values())
    assert len(web.requests("/page")) == 1


def test_excluded_urls_make_no_request(web: Web) -> None:
    web.add("/x", Reply(200))
    excludes = Excludes.build(patterns=[r"/skip-me"], hosts=["example.org"])
    options = CheckOptions(timeout=2.0, excludes=excludes)
    urls = [web.url("/skip-me"), "https://www.example.org/a", "mailto:a@b.fr", web.url("/x")]
    results = run(urls, options)
    assert [results[u].kind for u in urls] == [Kind.EXCLUDED] * 3 + [Kind.OK]
    private = CheckOptions(timeout=2.0, excludes=Excludes.build(private=True))
    assert run([web.url("/x")], private)[web.url("/x")].kind is Kind.EXCLUDED
    assert len(web.requests()) == 1


def test_each_url_is_requested_once(web: Web) -> None:
    web.add("/x", Reply(200))
    results = run([web.url("/x"), web.url("/x"), web.url("/x#a"), web.url("/x#b")])
    assert len(results) == 3
    assert len(web.requests("/x")) == 1


def test_cache_second_run_makes_no_request_for_fresh_entries(web: Web, tmp_path: Path) -> None:
    web.add("/ok", Reply(200))
    web.add("/dead", Reply(404))
    web.add("/gone", Reply(410))
    web.add("/moved", Reply(301, {"Location": "/ok"}))
    web.add("/error", Reply(500))
    web.add("/limited", Reply(429))
    urls = [web.url(p) for p in ("/ok", "/dead", "/gone", "/moved", "/error", "/limited")]
    path = tmp_path / "cache.json"
    first = run(urls, FAST, cache=ResultCache(str(path), max_age=3600))
    data = json.loads(path.read_text())
    assert set(data["external"]) == {web.url(p) for p in ("/ok", "/dead", "/gone", "/moved")}
    before = len(web.requests())
    second = run(urls, FAST, cache=ResultCache(str(path), max_age=3600))
    requested = {hit.path for hit in web.requests()[before:]}
    assert requested == {"/error", "/limited"}  # never cached: asked again
    for url in urls[:4]:
        assert second[url].cached and second[url].kind is first[url].kind
        assert second[url].age >= 0
    assert second[web.url("/moved")].new_url == web.url("/ok")


def test_cache_entries_older_than_max_age_are_requested_again(web: Web, tmp_path: Path) -> None:
    web.add("/ok", Reply(200))
    path = tmp_path / "cache.json"
    run([web.url("/ok")], FAST, cache=ResultCache(str(path), max_age=3600))
    later = ResultCache(str(path), max_age=3600, now=time.time() + 7200)
    assert later.get(web.url("/ok")) is None
    assert plan([web.url("/ok")], FAST, later) == {web.url("/ok"): None}
    run([web.url("/ok")], FAST, cache=later)
    assert len(web.requests("/ok")) == 2


def test_cache_remembers_anchors_asked(web: Web, tmp_path: Path) -> None:
    web.add("/page", Reply(200, body=PAGE))
    path = str(tmp_path / "cache.json")
    options = CheckOptions(timeout=2.0, fragments=True)
    run([web.url("/page#intro"), web.url("/page#missing")], options, cache=ResultCache(path, 60))
    again = run([web.url("/page#missing")], options, cache=ResultCache(path, 60))
    assert again[web.url("/page#missing")].cached
    assert Flag.MISSING_ANCHOR in again[web.url("/page#missing")].flags
    run([web.url("/page#bare")], options, cache=ResultCache(path, 60))  # not asked yet
    assert len(web.requests("/page")) == 2


def test_per_host_limit_is_never_exceeded() -> None:
    servers = [Web("127.0.0.1"), Web("127.0.0.2")]
    try:
        for server in servers:
            for n in range(12):
                server.add(f"/p{n}", Reply(200, delay=0.05))
        urls = [server.url(f"/p{n}") for server in servers for n in range(12)]
        options = CheckOptions(timeout=5.0, per_host=2, concurrency=16)
        results = run(urls, options)
        assert all(r.kind is Kind.OK for r in results.values())
        for server in servers:
            assert server.max_in_flight == 2  # the limit, and used in full
    finally:
        for server in servers:
            server.close()


def test_ports_of_one_host_share_its_limit() -> None:
    gauge = Gauge()
    servers = [Web("127.0.0.1", gauge), Web("127.0.0.1", gauge)]
    try:
        for server in servers:
            for n in range(6):
                server.add(f"/p{n}", Reply(200, delay=0.05))
        urls = [server.url(f"/p{n}") for server in servers for n in range(6)]
        run(urls, CheckOptions(timeout=5.0, per_host=1, concurrency=8))
        assert gauge.peak == 1
    finally:
        for server in servers:
            server.close()


def test_localhost_and_its_address_are_one_host(web: Web) -> None:
    for n in range(8):
        web.add(f"/p{n}", Reply(200, delay=0.05))
    urls = [web.url(f"/p{n}") for n in range(4)]
    urls += [f"http://localhost:{web.port}/p{n}" for n in range(4, 8)]
    results = run(urls, CheckOptions(timeout=5.0, per_host=1, concurrency=8))
    assert {r.kind for r in results.values()} == {Kind.OK}
    assert web.max_in_flight == 1


def test_global_limit_is_never_exceeded() -> None:
    gauge = Gauge()
    servers = [Web(f"127.0.0.{n}", gauge) for n in range(1, 5)]
    try:
        for server in servers:
            for n in range(6):
                server.add(f"/p{n}", Reply(200, delay=0.05))
        urls = [server.url(f"/p{n}") for server in servers for n in range(6)]
        run(urls, CheckOptions(timeout=5.0, per_host=3, concurrency=4))
        assert all(server.max_in_flight <= 3 for server in servers)
        assert gauge.peak == 4
    finally:
        for server in servers:
            server.close()


def _gaierror_transport(alive: set[str]) -> httpx.MockTransport:
    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.host in alive:
            return httpx.Response(200)
        try:
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        except socket.gaierror as error:
            raise httpx.ConnectError(str(error), request=request) from error

    return httpx.MockTransport(handler)


def test_unknown_host_is_broken_only_when_other_names_resolve() -> None:
    async def go(alive: set[str], urls: list[str]) -> dict[str, Result]:
        async with httpx.AsyncClient(transport=_gaierror_transport(alive)) as client:
            return await check_urls(urls, FAST, client=client)

    urls = ["https://closed-startup.fr/", "https://beta.gouv.fr/"]
    results = asyncio.run(go({"beta.gouv.fr"}, urls))
    assert results[urls[0]].kind is Kind.BROKEN and "DNS" in results[urls[0]].message
    offline = asyncio.run(go(set(), urls))
    assert {r.kind for r in offline.values()} == {Kind.NETWORK_ERROR}
    assert exit_code(offline.values()) == 3


def test_exit_codes() -> None:
    ok = Result("u", Kind.OK)
    assert exit_code([ok, Result("v", Kind.REDIRECTED)]) == 0
    assert exit_code([ok, Result("v", Kind.TIMEOUT)]) == 3
    assert exit_code([Result("w", Kind.BROKEN), Result("v", Kind.RATE_LIMITED)]) == 1
    assert exit_code([]) == 0


def test_progress_callback_sees_every_url(web: Web) -> None:
    web.add("/ok", Reply(200))
    seen: list[str] = []
    urls = [web.url("/ok"), web.url("/ok#a"), "ftp://x"]
    run(urls, FAST, on_result=lambda r: seen.append(r.url))
    assert sorted(seen) == sorted(urls)
