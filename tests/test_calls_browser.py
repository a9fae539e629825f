"""calls.js in a real browser: headless Chromium from the system packages, driven by Selenium.

The built site is served from 127.0.0.1 with a strict Content-Security-Policy
(``script-src 'self'``, no inline script or style allowed); the page's clock is
moved before and after the closing instant; a reader dismisses the banner and
reloads. Skipped only when Chromium or its driver is not installed
(``apt-get install chromium chromium-driver``; .ci/run does it).
"""

from __future__ import annotations

import datetime as dt
import functools
import http.server
import json
import os
import shutil
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pelican import Pelican
from pelican.settings import read_settings

CLOSES = "2020-02-28T23:59:00+01:00"
CLOSES_MS = int(dt.datetime.fromisoformat(CLOSES).timestamp() * 1000)
CALL = {
    "id": "fast-3",
    "title": "Appel à projets FAST",
    "opens": "2019-12-10",
    "closes": CLOSES,
    "apply_url": "https://www.demarches-simplifiees.fr/commencer/fast-3",
    "contact": "fast@beta.gouv.fr",
}
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; "
    "object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
)
BROWSER_ARGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-extensions",
)
# Recorded before any page script runs (CDP scripts are not subject to the page's CSP).
WATCH_CSP = """
window.__pfViolations = [];
document.addEventListener("securitypolicyviolation", function (event) {
  window.__pfViolations.push(event.violatedDirective + " " + event.blockedURI);
});
window.addEventListener("error", function (event) {
  (window.__pfErrors = window.__pfErrors || []).push(String(event.message));
});
"""
FAKE_CLOCK = """
(function () {
  var RealDate = Date;
  var offset = %d - RealDate.now();
  function FakeDate() {
    var args = Array.prototype.slice.call(arguments);
    if (!(this instanceof FakeDate)) { return new RealDate(RealDate.now() + offset).toString(); }
    if (args.length === 0) { return new RealDate(RealDate.now() + offset); }
    return new (Function.prototype.bind.apply(RealDate, [null].concat(args)))();
  }
  FakeDate.prototype = RealDate.prototype;
  FakeDate.now = function () { return RealDate.now() + offset; };
  FakeDate.parse = RealDate.parse;
  FakeDate.UTC = RealDate.UTC;
  window.Date = FakeDate;
})();
"""
NO_STORAGE = """
Object.defineProperty(window, "localStorage", {
  configurable: true,
  get: function () { throw new DOMException("storage disabled", "SecurityError"); }
});
"""


def _find(*names: str) -> str | None:
    for name in names:
        found = shutil.which(name)
        if found:
            return found
    for path in ("/usr/bin/chromium", "/usr/lib/chromium/chromium"):
        if names[0] == "chromium" and os.path.exists(path):
            return path
    return None


CHROMIUM = _find("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
CHROMEDRIVER = _find("chromedriver")
pytestmark = pytest.mark.skipif(
    CHROMIUM is None or CHROMEDRIVER is None,
    reason="headless Chromium not found (apt-get install chromium chromium-driver)",
)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("browser-site")
    posts = root / "content" / "_posts"
    posts.mkdir(parents=True)
    (posts / "2020-01-10-appel.md").write_text(
        "---\ntitle: Appel\ncall: fast-3\n---\nPostulez.\n", encoding="utf-8"
    )
    (root / "pelicanconf.py").write_text("# given by the test\n")
    settings = read_settings(
        path=None,
        override={
            "PATH": str(root / "content"),
            "OUTPUT_PATH": str(root / "output"),
            "CACHE_PATH": str(root / "cache"),
            "SITEURL": "",
            "TIMEZONE": "Europe/Paris",
            "PLUGINS": ["pelican_fast"],
            "PELICAN_FAST_BASE_DIR": str(root),
            "PELICAN_FAST": {"calls": {"items": [CALL], "stylesheet": True}, "now": "2020-01-15"},
        },
    )
    Pelican(settings).run()
    return root / "output"


class _CSPHandler(http.server.SimpleHTTPRequestHandler):
    def end_headers(self) -> None:
        self.send_header("Content-Security-Policy", CSP)
        self.send_header("Cache-Control", "no-store")
        super().end_headers()

    def log_message(self, format: str, *args: Any) -> None:  # quiet
        pass


@pytest.fixture(scope="module")
def server(site: Path) -> Iterator[str]:
    handler = functools.partial(_CSPHandler, directory=str(site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


class Browser:
    """A Chromium page with a clock we can set and scripts injected before the page's."""

    def __init__(self, driver: Any) -> None:
        self.driver = driver
        self.injected: list[str] = []

    def inject(self, source: str) -> None:
        result = self.driver.execute_cdp_cmd(
            "Page.addScriptToEvaluateOnNewDocument", {"source": source}
        )
        self.injected.append(result["identifier"])

    def reset(self) -> None:
        for identifier in self.injected:
            self.driver.execute_cdp_cmd(
                "Page.removeScriptToEvaluateOnNewDocument", {"identifier": identifier}
            )
        self.injected = []
        self.inject(WATCH_CSP)

    def open(self, url: str, clock_ms: int | None = None, storage: bool = True) -> None:
        self.reset()
        if clock_ms is not None:
            self.inject(FAKE_CLOCK % clock_ms)
        if not storage:
            self.inject(NO_STORAGE)
        self.driver.get(url)
        self.wait_ready()

    def wait_ready(self) -> None:
        deadline = time.monotonic() + 10
        while self.driver.execute_script("return document.readyState") != "complete":
            assert time.monotonic() < deadline, "page did not load"
            time.sleep(0.05)

    def count(self, selector: str) -> int:
        return int(
            self.driver.execute_script(
                f"return document.querySelectorAll({json.dumps(selector)}).length"
            )
        )

    def problems(self) -> tuple[list[str], list[str]]:
        violations = self.driver.execute_script("return window.__pfViolations || []")
        errors = self.driver.execute_script("return window.__pfErrors || []")
        return violations, errors


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for argument in BROWSER_ARGS:
        options.add_argument(argument)
    driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    try:
        yield Browser(driver)
    finally:
        driver.quit()


def clear_storage(browser: Browser, server: str) -> None:
    browser.open(server + "/index.html")
    browser.driver.execute_script("window.localStorage.clear()")


def test_strict_csp_is_served_and_nothing_is_blocked(browser: Browser, server: str) -> None:
    browser.open(server + "/index.html", CLOSES_MS - 60_000)
    assert browser.count(".pf-call-banner") == 1
    assert browser.count(".pf-call-banner .pf-call-dismiss") == 1  # the script ran
    violations, errors = browser.problems()
    assert violations == []
    assert errors == []


def test_open_before_the_close_in_the_readers_clock(browser: Browser, server: str) -> None:
    clear_storage(browser, server)
    browser.open(server + "/2020/01/10/appel.html", CLOSES_MS - 1)
    assert browser.count(".pf-call-banner") == 1
    assert browser.count(".pf-call-box .pf-call-apply") == 1
    text = browser.driver.execute_script(
        "return document.querySelector('.pf-call-banner').textContent"
    )
    assert "28 février 2020" in text


def test_hidden_after_the_close_in_the_readers_clock(browser: Browser, server: str) -> None:
    clear_storage(browser, server)
    # The closing second itself is still open, as at build time.
    browser.open(server + "/index.html", CLOSES_MS + 500)
    assert browser.count(".pf-call-banner") == 1
    browser.open(server + "/2020/01/10/appel.html", CLOSES_MS + 1000)
    assert browser.count(".pf-call-banner") == 0
    assert browser.count(".pf-call-box") == 1
    assert browser.count(".pf-call-apply") == 0
    assert browser.problems() == ([], [])


def test_a_page_left_open_loses_the_banner_at_the_close(browser: Browser, server: str) -> None:
    clear_storage(browser, server)
    browser.open(server + "/index.html", CLOSES_MS - 500)
    assert browser.count(".pf-call-banner") == 1
    deadline = time.monotonic() + 5
    while browser.count(".pf-call-banner") and time.monotonic() < deadline:
        time.sleep(0.1)
    assert browser.count(".pf-call-banner") == 0


def test_dismiss_is_remembered_per_call_and_version(browser: Browser, server: str) -> None:
    clear_storage(browser, server)
    before = CLOSES_MS - 86_400_000
    browser.open(server + "/index.html", before)
    button = browser.driver.find_element("css selector", ".pf-call-dismiss")
    assert button.tag_name == "button"
    assert button.get_attribute("type") == "button"
    assert button.text == "Masquer le message"
    button.click()
    assert browser.count(".pf-call-banner") == 0
    browser.driver.refresh()
    browser.wait_ready()
    assert browser.count(".pf-call-banner") == 0
    browser.open(server + "/archives.html", before)
    assert browser.count(".pf-call-banner") == 0
    keys = browser.driver.execute_script("return Object.keys(window.localStorage)")
    assert len(keys) == 1 and keys[0].startswith("pelican-fast:call-dismissed:fast-3-")
    # Another version of the call (new dates, new text) is shown again.
    browser.driver.execute_script(
        "var k = Object.keys(localStorage)[0]; localStorage.setItem(k + 'old', '1');"
        "localStorage.removeItem(k);"
    )
    browser.open(server + "/archives.html", before)
    assert browser.count(".pf-call-banner") == 1


def test_dismiss_fails_safe_without_storage(browser: Browser, server: str) -> None:
    before = CLOSES_MS - 86_400_000
    browser.open(server + "/index.html", before, storage=False)
    assert browser.count(".pf-call-banner") == 1
    browser.driver.find_element("css selector", ".pf-call-dismiss").click()
    assert browser.count(".pf-call-banner") == 0
    browser.open(server + "/index.html", before, storage=False)
    assert browser.count(".pf-call-banner") == 1  # not remembered: shown again, no error
    assert browser.problems() == ([], [])


def test_without_javascript_the_banner_still_says_when(browser: Browser, server: str) -> None:
    browser.driver.execute_cdp_cmd("Emulation.setScriptExecutionDisabled", {"value": True})
    try:
        browser.open(server + "/index.html", CLOSES_MS + 86_400_000)
        assert browser.count(".pf-call-banner") == 1
        assert browser.count(".pf-call-dismiss") == 0
        text = browser.driver.find_element("css selector", ".pf-call-banner").text
        assert "vendredi 28 février 2020 à 23:59" in text
    finally:
        browser.driver.execute_cdp_cmd("Emulation.setScriptExecutionDisabled", {"value": False})
