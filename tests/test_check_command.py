"""``pelican-fast check``: findings per occurrence, exit codes, cache, offline, fixes, build.

Links are found by the link engine's scanner and fixes are written by lint's
fix machinery: the same links and the same edits as ``pelican-fast lint``.
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from rich.console import Console

from pelican_fast.cli import main
from pelican_fast.cli.check_progress import CheckProgress
from pelican_fast.links.external import Kind, Result
from tests.conftest import BuildSite
from tests.webserver import Reply, Web

FAST = ["--retry-wait", "0.01", "--timeout", "2", "--no-progress"]


@pytest.fixture
def web() -> Iterator[Web]:
    server = Web()
    server.add("/ok", Reply(200))
    server.add("/dead", Reply(404))
    server.add("/gone", Reply(410))
    server.add("/moved", Reply(301, {"Location": "/ok"}))
    server.add("/limited", Reply(429, {"Retry-After": "0"}))
    server.add("/slow", Reply(200, delay=1.0))
    yield server
    server.close()


@pytest.fixture(autouse=True)
def _in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)


def url_list(tmp_path: Path, web: Web, *paths: str) -> str:
    listing = tmp_path / "urls.txt"
    listing.write_text("".join(web.url(p) + "\n" for p in paths))
    return str(listing)


def test_exit_codes_follow_the_worst_result(web: Web, tmp_path: Path, capsys) -> None:
    assert main(["check", "--urls-from", url_list(tmp_path, web, "/ok", "/moved"), *FAST]) == 0
    assert main(["check", "--urls-from", url_list(tmp_path, web, "/ok", "/limited"), *FAST]) == 3
    listing = url_list(tmp_path, web, "/ok", "/limited", "/dead")
    assert main(["check", "--urls-from", listing, *FAST]) == 1
    assert main(["check", "--urls-from", listing, "--exit-zero", *FAST]) == 0
    slow = url_list(tmp_path, web, "/slow")
    args = ["check", "--urls-from", slow, "--timeout", "0.2", "--retries", "0", "--no-progress"]
    assert main(args) == 3


def test_json_findings_have_lint_fields(web: Web, tmp_path: Path, capsys) -> None:
    listing = url_list(tmp_path, web, "/ok", "/dead", "/moved", "/limited")
    assert main(["check", "--urls-from", listing, "--format", "json", *FAST]) == 1
    data = json.loads(capsys.readouterr().out)
    by_code = {f["code"]: f for f in data["findings"]}
    assert set(by_code) == {"PF901", "PF902", "PF910"}
    dead = by_code["PF901"]
    assert (dead["path"], dead["line"], dead["column"], dead["severity"]) == (
        listing,
        2,
        1,
        "error",
    )
    assert dead["end_column"] == 1 + len(web.url("/dead"))
    assert by_code["PF902"]["fix"] == {"applicability": "unsafe", "replacement": web.url("/ok")}
    assert by_code["PF910"]["severity"] == "warning"  # rate limited is never an error
    assert data["summary"]["broken"] == 1 and data["summary"]["urls"] == 4


def test_second_run_is_served_from_the_cache(web: Web, tmp_path: Path, capsys) -> None:
    listing = url_list(tmp_path, web, "/ok", "/dead", "/gone", "/moved", "/limited")
    assert main(["check", "--urls-from", listing, *FAST]) == 1
    assert (tmp_path / ".pelican-fast-cache.json").exists()
    before = len(web.requests())
    assert main(["check", "--urls-from", listing, *FAST]) == 1
    assert {hit.path for hit in web.requests()[before:]} == {"/limited"}
    out = capsys.readouterr().out
    assert "cached" in out and "/dead" in out
    before = len(web.requests())
    assert main(["check", "--urls-from", listing, "--no-cache", *FAST]) == 1
    assert {hit.path for hit in web.requests()[before:]} >= {"/ok", "/dead", "/gone"}


def test_cache_path_and_max_age_options(web: Web, tmp_path: Path) -> None:
    listing = url_list(tmp_path, web, "/ok")
    cache = tmp_path / "sub" / "links.json"
    main(["check", "--urls-from", listing, "--cache", str(cache), *FAST])
    assert cache.exists() and not (tmp_path / ".pelican-fast-cache.json").exists()
    main(["check", "--urls-from", listing, "--cache", str(cache), "--max-age", "1e-9", *FAST])
    assert len(web.requests("/ok")) == 2


def test_offline_lists_what_would_be_checked_without_a_request(
    web: Web, tmp_path: Path, capsys
) -> None:
    listing = url_list(tmp_path, web, "/ok")
    main(["check", "--urls-from", listing, *FAST])
    with open(listing, "a") as handle:
        handle.write(web.url("/dead") + "\nmailto:someone@example.org\n")
    capsys.readouterr()
    before = len(web.requests())
    assert main(["check", "--urls-from", listing, "--offline", "--format", "json"]) == 0
    assert len(web.requests()) == before
    rows = {row["url"]: row for row in json.loads(capsys.readouterr().out)["offline"]}
    assert rows[web.url("/ok")]["state"] == "cached"
    assert rows[web.url("/dead")]["state"] == "would-check"
    assert rows[web.url("/dead")]["occurrences"] == [f"{listing}:2:1"]
    assert rows["mailto:someone@example.org"]["state"] == "excluded"


def test_excludes_from_the_command_line(web: Web, tmp_path: Path, capsys) -> None:
    listing = url_list(tmp_path, web, "/dead", "/gone")
    assert (
        main(["check", "--urls-from", listing, "--exclude", "/dead$", "--exclude", "gone", *FAST])
        == 0
    )
    assert main(["check", "--urls-from", listing, "--exclude-host", "127.0.0.1", *FAST]) == 0
    assert main(["check", "--urls-from", listing, "--exclude-private", *FAST]) == 0
    assert web.requests() == []


def test_usage_errors_exit_2(tmp_path: Path, capsys) -> None:
    listing = tmp_path / "urls.txt"
    listing.write_text("https://beta.gouv.fr/\n")
    assert main(["check", "--urls-from", str(listing), "--exclude", "(", "--offline"]) == 2
    assert main(["check", str(tmp_path / "missing")]) == 2
    assert main(["check", "--urls-from", str(tmp_path / "missing.txt")]) == 2
    assert main(["check", "--urls-from", str(listing), "--unsafe-fixes"]) == 2
    assert main(["check", "--settings", str(tmp_path / "nope.py")]) == 2
    with pytest.raises(SystemExit) as exit_info:
        main(["check", "--per-host", "0"])
    assert exit_info.value.code == 2
    assert "pelican-fast check:" in capsys.readouterr().err


def test_settings_come_from_pelicanconf(web: Web, tmp_path: Path) -> None:
    listing = url_list(tmp_path, web, "/dead")
    (tmp_path / "pelicanconf.py").write_text(
        "PELICAN_FAST = {'check_external': {'exclude': ['/dead'], 'cache': 'c.json'}}\n"
    )
    assert main(["check", "--urls-from", listing, *FAST]) == 0
    (tmp_path / "pelicanconf.py").write_text("PELICAN_FAST = {'check_external': {'perhost': 1}}\n")
    assert main(["check", "--urls-from", listing, *FAST]) == 2


POST = """---
title: Un billet
---
Le [budget](URL_DEAD) et [le site](URL_OK).

Voir aussi <URL_MOVED> et [encore le budget](URL_DEAD), [là](<URL_MOVED>).
"""


def write_post(tmp_path: Path, web: Web) -> Path:
    content = tmp_path / "content" / "_posts"
    content.mkdir(parents=True)
    post = content / "2019-05-01-budget.md"
    text = (
        POST.replace("URL_DEAD", web.url("/dead"))
        .replace("URL_OK", web.url("/ok"))
        .replace("URL_MOVED", web.url("/moved"))
    )
    post.write_text(text)
    return post


def test_every_occurrence_is_reported_on_its_line(web: Web, tmp_path: Path, capsys) -> None:
    post = write_post(tmp_path, web)
    assert main(["check", str(tmp_path / "content"), "--format", "json", *FAST]) == 1
    found = json.loads(capsys.readouterr().out)["findings"]
    places = sorted((f["line"], f["column"], f["code"]) for f in found)
    text = post.read_text().splitlines()
    moved = text[5].index(web.url("/moved"))
    assert places == [
        (4, text[3].index(web.url("/dead")) + 1, "PF901"),
        (6, moved + 1, "PF902"),
        (6, text[5].index(web.url("/dead")) + 1, "PF901"),
        (6, text[5].index(web.url("/moved"), moved + 1), "PF902"),  # at the "<"
    ]
    assert len(web.requests("/dead")) == 2  # HEAD then GET, once for both occurrences


def test_fix_unsafe_writes_the_new_url_through_the_fix_machinery(web: Web, tmp_path: Path) -> None:
    post = write_post(tmp_path, web)
    content = str(tmp_path / "content")
    assert main(["check", content, "--fix", *FAST]) == 1
    assert web.url("/moved") in post.read_text()  # unsafe: not applied without the flag
    assert main(["check", content, "--fix", "--unsafe-fixes", *FAST]) == 1
    text = post.read_text()
    assert web.url("/moved") not in text
    assert f"aussi <{web.url('/ok')}> et" in text and f"[là](<{web.url('/ok')}>)" in text
    assert text.count(web.url("/dead")) == 2  # dead links are reported, never rewritten


def test_progress_counts_on_a_terminal_only() -> None:
    stream = io.StringIO()
    console = Console(file=stream, force_terminal=True, width=120)
    with CheckProgress(3, enabled=True, console=console) as progress:
        progress(Result("a", Kind.OK))
        progress(Result("b", Kind.BROKEN, cached=True))
        progress(Result("c", Kind.TIMEOUT))
    assert progress.summary.checked == 2 and progress.summary.cached == 1
    assert progress.summary.failed == 2
    quiet = io.StringIO()
    with CheckProgress(1, enabled=True, console=Console(file=quiet)) as progress:
        progress(Result("a", Kind.OK))
    assert quiet.getvalue() == ""


def test_build_logs_external_findings_when_enabled(web: Web, build_site: BuildSite) -> None:
    posts = {
        "_posts/2019-05-01-budget.md": POST.replace("URL_DEAD", web.url("/dead"))
        .replace("URL_OK", web.url("/ok"))
        .replace("URL_MOVED", web.url("/moved"))
    }
    site = build_site(posts)  # off by default
    assert web.requests() == []
    fast = {"timeout": 2, "retry_wait": 0.01}
    site = build_site(posts, {"PELICAN_FAST": {"check_external": {"enabled": True, **fast}}})
    errors = [m for m in site.messages() if "PF901" in m]
    assert len(errors) == 2 and all("2019-05-01-budget.md:" in m for m in errors)
    assert any("PF902" in m for m in site.messages())
    assert (site.root / ".pelican-fast-cache.json").exists()


def test_check_without_pelicanconf_does_not_import_pelican(tmp_path: Path) -> None:
    """Importing Pelican is slow: the engine and the command do without it."""
    listing = tmp_path / "urls.txt"
    listing.write_text("https://beta.gouv.fr/\n")
    code = (
        "import sys; from pelican_fast.cli import main; "
        f"rc = main(['check', '--urls-from', {str(listing)!r}, '--offline']); "
        "import pelican_fast.links.external, pelican_fast.plugin.external_step; "
        "assert 'pelican' not in sys.modules, 'pelican imported'; sys.exit(rc)"
    )
    repo = str(Path(__file__).resolve().parent.parent)
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": repo},
    )
    assert result.returncode == 0, result.stderr
