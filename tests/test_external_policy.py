"""Pure parts of the external checker: statuses, Retry-After, redirect flags, anchors, excludes."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pelican_fast.core.settings import ConfigError, validate
from pelican_fast.links.external import CheckOptions, Excludes, Flag, Kind, Result, ResultCache
from pelican_fast.links.external.anchors import has_anchor, needs_check, page_anchors
from pelican_fast.links.external.policy import (
    backoff,
    cacheable,
    classify_status,
    parse_retry_after,
    redirect_flags,
)


@pytest.mark.parametrize(
    ("status", "kind"),
    [
        (200, Kind.OK),
        (204, Kind.OK),
        (404, Kind.BROKEN),
        (410, Kind.BROKEN),
        (400, Kind.BROKEN),
        (500, Kind.BROKEN),
        (401, Kind.DENIED),
        (403, Kind.DENIED),
        (999, Kind.DENIED),
        (429, Kind.RATE_LIMITED),
        (408, Kind.TIMEOUT),
        (502, Kind.UNAVAILABLE),
        (503, Kind.UNAVAILABLE),
        (504, Kind.UNAVAILABLE),
    ],
)
def test_classify_status(status: int, kind: Kind) -> None:
    assert classify_status(status) is kind


def test_only_definite_answers_are_cacheable() -> None:
    assert cacheable(Kind.OK, 200) and cacheable(Kind.REDIRECTED, 200)
    assert cacheable(Kind.BROKEN, 404) and cacheable(Kind.BROKEN, 410)
    for kind, status in [
        (Kind.BROKEN, 500),
        (Kind.BROKEN, 400),
        (Kind.RATE_LIMITED, 429),
        (Kind.TIMEOUT, None),
        (Kind.NETWORK_ERROR, None),
        (Kind.DENIED, 403),
        (Kind.UNAVAILABLE, 503),
    ]:
        assert not cacheable(kind, status), (kind, status)


def test_retry_after_seconds_and_dates() -> None:
    assert parse_retry_after("120") == 120
    assert parse_retry_after(" 0 ") == 0
    assert parse_retry_after(None) is None
    assert parse_retry_after("soon") is None
    now = 784111777.0  # Sun, 06 Nov 1994 08:49:37 GMT
    assert parse_retry_after("Sun, 06 Nov 1994 08:50:37 GMT", now=now) == pytest.approx(60)
    assert parse_retry_after("Sun, 06 Nov 1994 08:00:00 GMT", now=now) == 0


def test_backoff_grows_and_is_capped() -> None:
    assert 1 <= backoff(0, 1, 60) <= 1.25
    assert 4 <= backoff(2, 1, 60) <= 5
    assert backoff(10, 1, 30) == 30


@pytest.mark.parametrize(
    ("original", "final", "flags"),
    [
        ("https://a.fr/rapport", "https://a.fr/login?next=/rapport", (Flag.LOGIN,)),
        ("https://a.fr/doc", "https://sso.a.fr/auth/realms/x", (Flag.LOGIN,)),
        ("https://a.fr/doc", "https://b.fr/x?service=https://a.fr", (Flag.LOGIN,)),
        ("https://startup.fr/", "https://sedoparking.com/startup.fr", (Flag.PARKING,)),
        ("https://startup.fr/equipe", "https://startup.fr/lander", (Flag.PARKING,)),
        ("https://startup.fr/equipe", "https://beta.gouv.fr/", (Flag.HOME,)),
        ("https://a.fr/?p=12", "https://a.fr/", (Flag.HOME,)),
        ("https://a.fr/fr/actualite/1", "https://a.fr/fr/", (Flag.HOME,)),
        ("http://a.fr/", "https://a.fr/", ()),
        ("https://a.fr/blog", "https://a.fr/blog/", ()),
        ("https://a.fr/moved", "https://a.fr/ok", ()),
        ("https://a.fr/login", "https://a.fr/login/", ()),
        ("https://a.fr/fr", "https://a.fr/fr/", ()),
    ],
)
def test_redirect_flags(original: str, final: str, flags: tuple[Flag, ...]) -> None:
    assert redirect_flags(original, final) == flags


def test_anchors_from_ids_and_names() -> None:
    body = b"<h1 id='a'>x</h1><a name=b></a><p ID=\"C\"></p><x data-id='no'><h2 id=\"caf&eacute;\">"
    anchors = page_anchors(body)
    assert {"a", "b", "C", "café"} <= anchors and "no" not in anchors
    assert has_anchor("caf%C3%A9", anchors)
    assert has_anchor("install", frozenset({"user-content-install"}))
    assert not has_anchor("c", anchors)  # ids are case-sensitive


def test_fragments_that_name_no_element() -> None:
    assert not needs_check("")
    assert not needs_check("top")
    assert not needs_check(":~:text=hello")
    assert not needs_check("/route/in/a/spa")
    assert needs_check("section-2")


@given(st.binary(max_size=2000))
def test_anchor_extraction_never_crashes(body: bytes) -> None:
    page_anchors(body)
    page_anchors(body, "latin-1")
    page_anchors(body, "no-such-codec")


def test_excludes() -> None:
    excludes = Excludes.build([r"^https://twitter\.com/"], ["Example.org", "https://x.fr/"])
    assert excludes.reason("https://twitter.com/a") is not None
    assert excludes.reason("https://www.example.org/a") is not None
    assert excludes.reason("https://x.fr/page") is not None
    assert excludes.reason("https://notexample.org/") is None
    assert excludes.reason("mailto:a@b.fr") == "not an http(s) URL"
    assert excludes.reason("https:///nohost") is not None
    assert excludes.reason("http://127.0.0.1/") is None  # checked by default, as in lychee
    private = Excludes.build(private=True)
    for url in (
        "http://127.0.0.1:8000/",
        "http://localhost/",
        "http://10.1.2.3/",
        "http://192.168.1.1/",
        "http://169.254.1.1/",
        "http://[::1]/",
        "http://[fe80::1]/",
    ):
        assert private.reason(url) is not None, url
    assert private.reason("https://beta.gouv.fr/") is None
    assert private.reason("http://8.8.8.8/") is None
    loopback_only = Excludes.build(loopback=True)
    assert loopback_only.reason("http://127.0.0.1/") is not None
    assert loopback_only.reason("http://10.0.0.1/") is None
    with pytest.raises(re.error):
        Excludes.build(["(unclosed"])


def test_cache_ignores_foreign_or_broken_files(tmp_path: Path) -> None:
    path = tmp_path / "cache.json"
    path.write_text("{not json")
    cache = ResultCache(str(path), 60)
    assert cache.entries == {} and cache.problem
    path.write_text(json.dumps({"format": "something-else"}))
    assert ResultCache(str(path), 60).problem
    path.write_text(json.dumps({"format": "pelican-fast-cache", "version": 999, "external": {}}))
    assert ResultCache(str(path), 60).problem is None


def test_cache_keeps_other_sections_and_writes_atomically(tmp_path: Path) -> None:
    path = tmp_path / "sub" / "cache.json"
    cache = ResultCache(str(path), 60)
    cache.put("https://a.fr/", Result("https://a.fr/", Kind.OK, 200))
    cache.put("https://b.fr/", Result("https://b.fr/", Kind.TIMEOUT))  # not cached
    cache.put("https://c.fr/", Result("https://c.fr/", Kind.BROKEN, 500))  # not cached
    cache.other["laureates"] = {"kept": True}
    cache.save()
    data = json.loads(path.read_text())
    assert list(data["external"]) == ["https://a.fr/"]
    assert data["laureates"] == {"kept": True}
    assert [p.name for p in path.parent.iterdir()] == ["cache.json"]  # no temporary left
    again = ResultCache(str(path), 60)
    hit = again.get("https://a.fr/")
    assert hit is not None and hit.cached and hit.kind is Kind.OK and hit.status == 200


def test_settings_accept_the_new_keys_and_refuse_bad_values() -> None:
    values = validate({"check_external": {"retry_wait": 0.5, "max_redirects": 0}})
    section = values["check_external"]
    assert section["retry_wait"] == 0.5 and section["max_retry_wait"] == 30
    options = CheckOptions.from_settings(section)
    assert options.max_redirects == 0 and options.per_host == 2
    assert options.user_agent.startswith("pelican-fast/")
    assert validate({"check_external": True})["check_external"]["enabled"] is True
    with pytest.raises(ConfigError):
        validate({"check_external": {"retries": -1}})
    with pytest.raises(ConfigError):
        validate({"check_external": {"per_host": 0}})
