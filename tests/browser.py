"""Shared by the real-browser tests and tools/screenshot.py: headless Chromium, a local server.

Chromium and its driver come from the system packages (``apt-get install chromium
chromium-driver``; .ci/run does it), driven by Selenium. Pages are served from
127.0.0.1 with a Content-Security-Policy header, so that anything inline the
policy forbids shows up as a violation. The page's clock and storage can be
replaced before its own scripts run (Chrome DevTools Protocol scripts are not
subject to the page's policy, nor are scripts WebDriver injects, such as axe-core).
Nothing here touches the network beyond 127.0.0.1.
"""

from __future__ import annotations

import base64
import datetime as dt
import functools
import http.server
import json
import os
import shutil
import tempfile
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
EXAMPLE_SETTINGS = REPO / "example_site" / "pelicanconf.py"
AXE_SCRIPT = REPO / "node_modules" / "axe-core" / "axe.min.js"
MISSING_CHROMIUM = "headless Chromium not found (apt-get install chromium chromium-driver)"
MISSING_AXE = (
    "axe-core not installed: run `npm ci --no-audit --no-fund` at the repository root "
    "(node_modules/axe-core/axe.min.js is missing)"
)
WCAG_TAGS = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa")
BROWSER_ARGS = (
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-extensions",
    "--hide-scrollbars",
    "--lang=fr-FR",
)
# Recorded before any page script runs.
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
# Every URL-bearing attribute of the page, as written and as the browser resolves it.
COLLECT_URLS = """
var found = [];
document.querySelectorAll("[href], [src]").forEach(function (element) {
  ["href", "src"].forEach(function (name) {
    if (!element.hasAttribute(name)) { return; }
    var raw = element.getAttribute(name);
    var resolved = null;
    try { resolved = new URL(raw, document.baseURI).href; } catch (error) { resolved = null; }
    found.push({tag: element.tagName.toLowerCase(), attribute: name, raw: raw,
                resolved: resolved, text: (element.textContent || "").trim().slice(0, 80)});
  });
});
return found;
"""
RUN_AXE = """
var done = arguments[arguments.length - 1];
axe.run(arguments[0], arguments[1]).then(function (results) {
  done({violations: results.violations, passes: results.passes.length,
        version: axe.version});
}).catch(function (error) { done({error: String(error)}); });
"""


def instant_ms(iso: str) -> int:
    """Milliseconds since the epoch of an ISO 8601 instant with an offset (a page clock)."""
    return int(dt.datetime.fromisoformat(iso).timestamp() * 1000)


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


def chromium_available() -> bool:
    return CHROMIUM is not None and CHROMEDRIVER is not None


def build_example_site(root: Path) -> Path:
    """Build example_site/ as its pelicanconf.py says, into `root`/output; return that folder.

    The package imported is whichever ``pelican_fast`` comes first on sys.path:
    callers outside pytest put the repository root first.
    """
    from pelican import Pelican
    from pelican.settings import read_settings

    output = root / "output"
    settings = read_settings(
        str(EXAMPLE_SETTINGS),
        override={"OUTPUT_PATH": str(output), "CACHE_PATH": str(root / "cache")},
    )
    Pelican(settings).run()
    return output


def _handler(directory: Path, csp: str) -> Any:
    class Handler(http.server.SimpleHTTPRequestHandler):
        def end_headers(self) -> None:
            self.send_header("Content-Security-Policy", csp)
            self.send_header("Cache-Control", "no-store")
            super().end_headers()

        def log_message(self, format: str, *args: Any) -> None:  # quiet
            pass

    return functools.partial(Handler, directory=str(directory))


@contextmanager
def serve(directory: Path, csp: str) -> Iterator[str]:
    """Serve `directory` on 127.0.0.1 (a free port) with `csp`; yield the base URL."""
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _handler(directory, csp))
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
        """Load `url` afresh; the console log starts empty for it."""
        self.reset()
        if clock_ms is not None:
            self.inject(FAKE_CLOCK % clock_ms)
        if not storage:
            self.inject(NO_STORAGE)
        self.console_errors()  # drop what earlier pages logged
        self.driver.get(url)
        self.wait_ready()

    def wait_ready(self) -> None:
        deadline = time.monotonic() + 10
        while self.driver.execute_script("return document.readyState") != "complete":
            assert time.monotonic() < deadline, "page did not load"
            time.sleep(0.05)

    def wait_for_path(self, path: str, timeout: float = 10) -> None:
        """Wait until the page at `path` is loaded (after a redirect the page made itself)."""
        from selenium.common.exceptions import WebDriverException

        deadline = time.monotonic() + timeout
        while True:
            try:  # a script may run while the old document unloads: ask again
                if self.driver.execute_script("return location.pathname") == path:
                    break
            except WebDriverException:
                pass
            assert time.monotonic() < deadline, f"never reached {path}"
            time.sleep(0.05)
        self.wait_ready()

    def count(self, selector: str) -> int:
        return int(
            self.driver.execute_script(
                f"return document.querySelectorAll({json.dumps(selector)}).length"
            )
        )

    def texts(self, selector: str) -> list[str]:
        """The text content of each element matching `selector`, trimmed, in page order."""
        return list(
            self.driver.execute_script(
                "return Array.from(document.querySelectorAll(arguments[0]))"
                ".map(function (e) { return e.textContent.trim(); })",
                selector,
            )
        )

    def problems(self) -> tuple[list[str], list[str]]:
        """CSP violations and uncaught script errors of the current document."""
        violations = self.driver.execute_script("return window.__pfViolations || []")
        errors = self.driver.execute_script("return window.__pfErrors || []")
        return violations, errors

    def console_errors(self) -> list[str]:
        """Console messages at level SEVERE since the last call (failed loads, CSP refusals)."""
        return [
            str(entry.get("message"))
            for entry in self.driver.get_log("browser")
            if entry.get("level") == "SEVERE"
        ]

    def urls(self) -> list[dict[str, Any]]:
        """Every href and src of the page: tag, attribute, raw value, resolved URL, text."""
        return list(self.driver.execute_script(COLLECT_URLS))

    def axe(self, include: Sequence[str], tags: Sequence[str] = WCAG_TAGS) -> dict[str, Any]:
        """Inject axe-core through WebDriver and scan the elements matching `include`."""
        self.driver.execute_script(AXE_SCRIPT.read_text(encoding="utf-8"))
        self.driver.set_script_timeout(60)
        context = {"include": [[selector] for selector in include]}
        options = {"runOnly": {"type": "tag", "values": list(tags)}}
        result: dict[str, Any] = self.driver.execute_async_script(RUN_AXE, context, options)
        return result

    def screenshot(self, path: Path, width: int, height: int, scale: float = 1.0) -> bytes:
        """A PNG of the page's top `width` x `height` CSS pixels (beyond the window if need be)."""
        clip = {"x": 0, "y": 0, "width": width, "height": height, "scale": scale}
        shot = self.driver.execute_cdp_cmd(
            "Page.captureScreenshot",
            {"format": "png", "clip": clip, "captureBeyondViewport": True},
        )
        data = base64.b64decode(shot["data"])
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        return data


@contextmanager
def chromium(width: int = 1280, height: int = 1024) -> Iterator[Browser]:
    """Headless Chromium with a fresh profile, its console log readable; quit afterwards."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    with tempfile.TemporaryDirectory(prefix="pf-chromium-") as profile:
        options = webdriver.ChromeOptions()
        options.binary_location = str(CHROMIUM)
        for argument in (*BROWSER_ARGS, f"--user-data-dir={profile}"):
            options.add_argument(argument)
        options.add_argument(f"--window-size={width},{height}")
        options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
        driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
        try:
            yield Browser(driver)
        finally:
            driver.quit()
