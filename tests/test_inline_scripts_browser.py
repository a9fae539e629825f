"""safe_html in a real browser: moved scripts run under a strict CSP, payloads never run.

Headless Chromium from the system packages, driven by Selenium, pages served
from 127.0.0.1 (see tests/browser.py). Skipped only when Chromium or its driver
is not installed (``apt-get install chromium chromium-driver``; .ci/run does it).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from pelican_fast.core.safe_html import clean_html, resolve_script_urls, write_scripts
from tests.browser import MISSING_CHROMIUM, Browser, chromium, chromium_available, serve
from tests.test_xss import PAYLOADS

STRICT = "default-src 'self'; script-src 'self'; style-src 'self'; object-src 'none'"
# Lets anything run that got through: the page itself is the test.
PERMISSIVE = "default-src * 'unsafe-inline' 'unsafe-eval' data: blob:"
RECORD_ALERTS = """
window.__pfAlerts = [];
window.alert = window.confirm = window.prompt = function (x) { window.__pfAlerts.push(String(x)); };
"""
CHART = """
var target = document.getElementById("chart");
target.textContent = "drawn " + (1 < 2 && "ok");
target.setAttribute("data-drawn", "yes");
"""
pytestmark = pytest.mark.skipif(not chromium_available(), reason=MISSING_CHROMIUM)


def _page(body: str) -> str:
    return (
        '<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>t</title></head>'
        f"<body>{body}</body></html>"
    )


@pytest.fixture(scope="module")
def output(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("inline-scripts")
    post = clean_html(f'<p>Graphique :</p><div id="chart"></div><script>{CHART}</script>')
    assert len(post.scripts) == 1
    write_scripts(str(root), post.scripts)
    (root / "chart.html").write_text(_page(resolve_script_urls(post.html, "")), "utf-8")
    hostile = "".join(
        clean_html(payload).html + clean_html(payload, inline_scripts="remove").html
        for payload in PAYLOADS
    )
    (root / "hostile.html").write_text(
        _page(resolve_script_urls(hostile, "") + '<p id="end">fin</p>'), "utf-8"
    )
    return root


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with chromium() as page:
        yield page


def test_moved_inline_script_runs_under_a_strict_csp(browser: Browser, output: Path) -> None:
    with serve(output, STRICT) as base:
        browser.open(base + "/chart.html")
        browser.wait_ready()
        drawn = browser.driver.execute_script(
            "return document.getElementById('chart').getAttribute('data-drawn')"
        )
        assert drawn == "yes"
        assert browser.texts("#chart") == ["drawn ok"]
        assert browser.problems() == ([], [])


def test_no_payload_runs_even_when_the_policy_would_let_it(browser: Browser, output: Path) -> None:
    with serve(output, PERMISSIVE) as base:
        browser.open(base + "/hostile.html")  # resets injected scripts, watches the policy
        browser.inject(RECORD_ALERTS)  # runs before the page's own scripts
        browser.driver.get(base + "/hostile.html")
        browser.wait_ready()
        assert browser.count("#end") == 1
        assert browser.driver.execute_script("return window.__pfAlerts") == []
