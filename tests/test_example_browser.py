"""The example site in a real browser: what a reader of the seed post gets.

example_site/ is built as its pelicanconf.py says (laureate detection, a data file, two
calls, a fixed build instant), served from 127.0.0.1 with a strict Content-Security-Policy,
and opened in headless Chromium from the system packages. Skipped only when Chromium or its
driver is not installed (``apt-get install chromium chromium-driver``; .ci/run does it); the
accessibility scan also needs axe-core (``npm ci`` at the repository root).

A screenshot of the seed post is saved to test-artifacts/seed-post.png (git-ignored).
"""

from __future__ import annotations

import html
import pprint
import re
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import pytest

from pelican_fast.links.api import repair_destination
from tests.browser import (
    AXE_SCRIPT,
    MISSING_AXE,
    MISSING_CHROMIUM,
    REPO,
    Browser,
    build_example_site,
    chromium,
    chromium_available,
    instant_ms,
    serve,
)

CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: https:"
SEED = "/general/2019/12/03/le-fast-2e-edition-a-ses-laureats/"
DATA_POST = "/general/2020/04/20/les-laureats-du-fast-3/"
BUILD_INSTANT_MS = instant_ms("2020-05-15T12:00:00+02:00")  # the example's PELICAN_FAST["now"]
FAST4_CLOSES = "2020-06-30T23:59:59+02:00"  # "closes: 2020-06-30": the end of that day
FAST4_CLOSES_MS = instant_ms(FAST4_CLOSES)
LAUREATES = ["Lapins", "Trackdéchets", "Cmachance.fr", "Classe à 12"]
LAUREATE_URLS = [
    "https://beta.gouv.fr/startups/lapins.html",
    "https://trackdechets.beta.gouv.fr",
    "https://www.cmachance.fr",
    "https://classe-a-12.beta.gouv.fr",
]
ARTIFACT = REPO / "test-artifacts" / "seed-post.png"
# Browsers ask for /favicon.ico by themselves; the example theme declares no icon.
REFRESH = re.compile(r'<meta http-equiv="refresh" content="0; url=([^"]+)"')
FAVICON_404 = re.compile(r"/favicon\.ico - Failed to load resource: .* status of 404")
EMAIL = re.compile(r"^[^@\s<>()\[\],;:\"]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$")
HOST = re.compile(r"^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*\.[a-z]{2,}$")

# What the seed post gets wrong and only the link engine (issue 3) repairs: the Lapins
# destination "<(https://…>", "mailto: fast@…" and the empty image "![]()".
ENGINE_KINDS = frozenset({"empty", "parenthesis", "mailto-space"})
LINK_ENGINE = repair_destination("<(https://beta.gouv.fr/startups/lapins.html>") == LAUREATE_URLS[0]
WAITING_FOR_ENGINE = "links.api.repair_destination is still a placeholder (issue 3 not merged)"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if not chromium_available():  # the checks of the URL judge below still run
        pytest.skip(MISSING_CHROMIUM)
    return build_example_site(tmp_path_factory.mktemp("example-site"))


@pytest.fixture(scope="module")
def server(site: Path) -> Iterator[str]:
    with serve(site, CSP) as base:
        yield base


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    if not chromium_available():
        pytest.skip(MISSING_CHROMIUM)
    with chromium(1280, 1600) as page:
        yield page


def open_fresh(browser: Browser, url: str, clock_ms: int = BUILD_INSTANT_MS) -> None:
    """Open `url` at `clock_ms` with no banner dismissed by an earlier test."""
    browser.open(url, clock_ms)
    browser.driver.execute_script("window.localStorage.clear()")
    browser.open(url, clock_ms)


def console_errors(browser: Browser) -> list[str]:
    return [message for message in browser.console_errors() if not FAVICON_404.search(message)]


@dataclass(frozen=True)
class LinkProblem:
    kind: str
    where: str
    why: str


def judge(url: dict[str, Any], base: str, output: Path) -> tuple[str, str] | None:
    """(kind, why) when an href/src leads neither to a file of the site nor to a
    well-formed external URL; None when it does. External URLs are never fetched."""
    raw, resolved = url["raw"], url["resolved"]
    if not raw.strip():
        return "empty", "empty value"
    if raw.lstrip().startswith("("):
        return "parenthesis", "starts with '(': a relative path to nowhere"
    if resolved is None:
        return "invalid", "the browser cannot parse it"
    parts = urlsplit(resolved)
    if parts.scheme == "mailto":
        address = unquote(resolved[len("mailto:") :].split("?", 1)[0])
        if address != address.strip():
            return "mailto-space", f"white space after mailto: ({resolved!r})"
        return None if EMAIL.match(address) else ("mailto-form", "not an e-mail address")
    if parts.scheme in ("http", "https") and resolved.startswith(base + "/"):
        path = output / unquote(parts.path).lstrip("/")
        if parts.path.endswith("/") or path.is_dir():
            path = path / "index.html"
        return None if path.is_file() else ("missing", f"no file {path.relative_to(output)}")
    if parts.scheme in ("http", "https"):
        host = (parts.hostname or "").lower()
        if not HOST.match(host) or re.search(r"\s", resolved):
            return "external-form", "not a well-formed external URL"
        return None
    if parts.scheme == "data" and url["attribute"] == "src" and raw.startswith("data:image/"):
        return None
    return "scheme", f"scheme {parts.scheme!r} is neither the site, http(s) nor mailto"


def link_problems(browser: Browser, base: str, output: Path) -> list[LinkProblem]:
    found = []
    for url in browser.urls():
        verdict = judge(url, base, output)
        if verdict is not None:
            where = f"<{url['tag']} {url['attribute']}={url['raw']!r}> ({url['text']!r})"
            found.append(LinkProblem(verdict[0], where, verdict[1]))
    return found


def split_engine_problems(
    problems: list[LinkProblem],
) -> tuple[list[LinkProblem], list[LinkProblem]]:
    """(problems to fail on now, problems waiting for the link engine)."""
    if LINK_ENGINE:
        return problems, []
    waiting = [problem for problem in problems if problem.kind in ENGINE_KINDS]
    return [problem for problem in problems if problem not in waiting], waiting


# -- the seed post -------------------------------------------------------------------------
def test_seed_post_shows_four_laureate_cards_and_the_call_banner(
    browser: Browser, server: str, tmp_path: Path
) -> None:
    open_fresh(browser, server + SEED)
    assert browser.texts(".pf-laureates .pf-laureate .fr-card__title") == LAUREATES
    assert browser.count(".pf-laureate") == 4
    banners = browser.driver.find_elements("css selector", ".pf-call-banner")
    assert len(banners) == 1
    banner = banners[0]
    assert banner.is_displayed()
    assert banner.get_attribute("data-pf-call") == "fast-4"
    assert banner.get_attribute("data-pf-closes") == FAST4_CLOSES
    assert "mardi 30 juin 2020" in banner.text
    for card in browser.driver.find_elements("css selector", ".pf-laureate"):
        assert card.is_displayed()
    # The artifact: where pytest keeps its files, and a stable place CI can upload.
    png = browser.screenshot(tmp_path / "seed-post.png", 1280, 1600)
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    ARTIFACT.parent.mkdir(exist_ok=True)
    ARTIFACT.write_bytes(png)


def test_every_href_and_src_leads_to_a_file_or_an_external_url(
    browser: Browser, server: str, site: Path
) -> None:
    open_fresh(browser, server + SEED)
    now, waiting = split_engine_problems(link_problems(browser, server, site))
    assert now == []
    source = (site / SEED.strip("/") / "index.html").read_text(encoding="utf-8")
    written = [text for text in ('href="(', "mailto:%20", 'href="mailto: ') if text in source]
    if not LINK_ENGINE and (waiting or written):
        pytest.xfail(f"{WAITING_FOR_ENGINE}: {waiting} {written}")
    assert waiting == []
    assert written == []


def test_each_laureate_card_links_to_its_startup(browser: Browser, server: str) -> None:
    open_fresh(browser, server + SEED)
    links = browser.driver.execute_script(
        "return Array.from(document.querySelectorAll('.pf-laureate')).map(function (card) {"
        "  var a = card.querySelector('.fr-card__title a');"
        "  return a ? a.getAttribute('href') : null; })"
    )
    assert links[1:] == LAUREATE_URLS[1:]
    if not LINK_ENGINE and links[0] is None:
        pytest.xfail(f"{WAITING_FOR_ENGINE}: the Lapins card has no link")
    assert links[0] == LAUREATE_URLS[0]


def test_dismissed_banner_stays_dismissed_after_a_reload(browser: Browser, server: str) -> None:
    open_fresh(browser, server + SEED)
    button = browser.driver.find_element("css selector", ".pf-call-banner .pf-call-dismiss")
    button.click()
    assert browser.count(".pf-call-banner") == 0
    browser.driver.refresh()
    browser.wait_ready()
    assert browser.count(".pf-call-banner") == 0
    assert browser.count(".pf-laureate") == 4  # only the banner went away
    assert browser.problems() == ([], [])


def test_banner_hides_once_the_call_closed_in_the_readers_clock(
    browser: Browser, server: str
) -> None:
    open_fresh(browser, server + SEED, FAST4_CLOSES_MS - 60_000)
    assert browser.count(".pf-call-banner") == 1
    open_fresh(browser, server + SEED, FAST4_CLOSES_MS + 1000)
    assert browser.count(".pf-call-banner") == 0
    assert browser.count(".pf-laureate") == 4
    assert browser.problems() == ([], [])


def test_no_console_error_and_no_csp_violation_under_a_strict_policy(
    browser: Browser, server: str
) -> None:
    with urllib.request.urlopen(server + SEED) as response:  # 127.0.0.1 only
        assert response.headers["Content-Security-Policy"] == CSP
    open_fresh(browser, server + SEED)
    assert browser.count(".pf-call-banner .pf-call-dismiss") == 1  # calls.js ran
    assert browser.problems() == ([], [])
    assert console_errors(browser) == []
    # The policy is enforced: an inline script added by the page is refused and reported,
    # so "no violation" above means something.
    ran = browser.driver.execute_script(
        "var s = document.createElement('script'); s.textContent = 'window.__pfInline = 1;';"
        "document.body.appendChild(s); return window.__pfInline === 1;"
    )
    assert ran is False
    violations, _errors = browser.problems()
    assert violations and violations[0].startswith("script-src")


def test_every_page_of_the_example_loads_cleanly(browser: Browser, server: str, site: Path) -> None:
    """Every HTML page under the policy: no console error (a stylesheet, script or image
    that fails to load is one), no CSP violation, no uncaught script error; redirect pages
    lead to their target.

    Links to other pages are judged on the seed post only: the example keeps a dead one
    from the real blog (``/fast/candidater/``), which is the linter's business.
    """
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 20
    failures = {}
    for page in pages:
        path = "/" + "/".join(page.relative_to(site).parts)
        browser.open(server + path, BUILD_INSTANT_MS)
        refresh = REFRESH.search(page.read_text(encoding="utf-8"))
        if refresh:  # a redirect_from page: it must lead to its target under the policy
            browser.wait_for_path(html.unescape(refresh.group(1)))
        problems, errors = browser.problems(), console_errors(browser)
        if problems != ([], []) or errors:
            failures[path] = (problems, errors)
    assert failures == {}, pprint.pformat(failures, width=100)


# -- accessibility -------------------------------------------------------------------------
@pytest.mark.skipif(not AXE_SCRIPT.is_file(), reason=MISSING_AXE)
@pytest.mark.parametrize("path", [SEED, DATA_POST])
def test_axe_finds_no_serious_violation_on_cards_and_banner(
    browser: Browser, server: str, path: str
) -> None:
    open_fresh(browser, server + path)
    assert browser.count(".pf-laureates") >= 1
    assert browser.count(".pf-call-banner") == 1
    result = browser.axe([".pf-laureates", ".pf-call-banner"])
    assert "error" not in result, result.get("error")
    assert result["version"].startswith("4.")  # injected and run despite the page's CSP
    assert result["passes"] > 0  # the scan found the elements and checked them
    serious = [
        (violation["id"], violation["impact"], [node["target"] for node in violation["nodes"]])
        for violation in result["violations"]
        if violation["impact"] in ("serious", "critical")
    ]
    assert serious == []


# -- the URL judge itself (no browser) -----------------------------------------------------
BASE = "http://127.0.0.1:8000"


def verdict(raw: str, resolved: str | None, output: Path, attribute: str = "href") -> str | None:
    found = judge({"raw": raw, "resolved": resolved, "attribute": attribute}, BASE, output)
    return found[0] if found else None


def test_judge_maps_site_urls_to_files_percent_decoded(tmp_path: Path) -> None:
    (tmp_path / "vie de la communauté" / "2020").mkdir(parents=True)
    (tmp_path / "vie de la communauté" / "2020" / "index.html").write_text("x")
    (tmp_path / "theme.css").write_text("x")
    page = BASE + "/vie%20de%20la%20communaut%C3%A9/2020/"
    assert verdict("/vie%20de%20la%20communaut%C3%A9/2020/", page, tmp_path) is None
    assert verdict("../../theme.css?v=1#x", BASE + "/theme.css?v=1#x", tmp_path) is None
    assert verdict("/vie de la communauté/2020", page[:-1], tmp_path) is None  # a folder
    assert verdict("/nowhere/", BASE + "/nowhere/", tmp_path) == "missing"
    assert verdict("(https://a.fr/x", BASE + "/p/(https://a.fr/x", tmp_path) == "parenthesis"
    assert verdict("", BASE + "/p/", tmp_path, "src") == "empty"


def test_judge_checks_the_form_of_external_urls_without_fetching(tmp_path: Path) -> None:
    assert verdict("https://www.cmachance.fr", "https://www.cmachance.fr/", tmp_path) is None
    assert verdict("mailto:fast@beta.gouv.fr", "mailto:fast@beta.gouv.fr", tmp_path) is None
    assert verdict("mailto: a@b.fr", "mailto:%20a@b.fr", tmp_path) == "mailto-space"
    assert verdict("mailto: a@b.fr", "mailto: a@b.fr", tmp_path) == "mailto-space"
    assert verdict("mailto:**a@b.fr**", "mailto:**a@b.fr**", tmp_path) == "mailto-form"
    assert verdict("https://mes-aides", "https://mes-aides/", tmp_path) == "external-form"
    assert verdict("javascript:alert(1)", "javascript:alert(1)", tmp_path) == "scheme"
    assert verdict("data:image/png;base64,AA", "data:image/png;base64,AA", tmp_path, "src") is None


def test_readme_shows_the_committed_screenshot() -> None:
    """README's image exists, is a PNG of a sensible size (tools/screenshot.py rewrites it)."""
    line = "![The seed post with laureate cards and a call banner](docs/img/seed-post.png)"
    assert line in (REPO / "README.md").read_text(encoding="utf-8")
    data = (REPO / "docs" / "img" / "seed-post.png").read_bytes()
    assert data.startswith(b"\x89PNG\r\n\x1a\n") and data[12:16] == b"IHDR"
    width, height = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    assert 800 <= width <= 1600 and 600 <= height <= 2000
    assert len(data) < 300 * 1024
