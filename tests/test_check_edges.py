"""``pelican-fast check`` on hostile ground: edits during a run, broken caches, slow-drip
servers, a deadline, redirects out of the web. Every server is on 127.0.0.1; nothing
asserts on wall time (the deadline option is the only ceiling)."""

from __future__ import annotations

import json
import os
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from pelican_fast.cli import main
from pelican_fast.links.external import CheckOptions, Kind, ResultCache, check
from pelican_fast.links.external.engine import Checker
from tests.webserver import Reply, Web

FAST = ["--retry-wait", "0.01", "--timeout", "2", "--no-progress"]


@pytest.fixture
def web() -> Iterator[Web]:
    server = Web()
    server.add("/ok", Reply(200))
    server.add("/dead", Reply(404))
    server.add("/moved", Reply(301, {"Location": "/ok"}))
    yield server
    server.close()


@pytest.fixture(autouse=True)
def _in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)


def post_with(tmp_path: Path, body: str) -> Path:
    folder = tmp_path / "content" / "_posts"
    folder.mkdir(parents=True, exist_ok=True)
    post = folder / "2020-01-01-post.md"
    post.write_bytes(b"\xef\xbb\xbf" + f"---\r\ntitle: P\r\n---\r\n{body}\r\n".encode())
    return post


# --- --fix never loses an edit ---------------------------------------------------------
def test_fix_keeps_an_edit_saved_while_links_were_checked(
    web: Web, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    post = post_with(tmp_path, f"Voir [ceci]({web.url('/moved')}).")
    edit = post.read_bytes().replace(b"Voir", b"Lire d'abord")

    def moved_while_the_author_edits(method: str, number: int) -> Reply:
        post.write_bytes(edit)  # saved in an editor while check waits for the server
        return Reply(301, {"Location": "/ok"})

    web.add("/moved", moved_while_the_author_edits)
    args = ["check", "content", "--fix", "--unsafe-fixes", "--format", "json", *FAST]
    assert main(args) == 0
    assert post.read_bytes() == edit
    found = json.loads(capsys.readouterr().out)["findings"]
    changed = [f for f in found if f["code"] == "PF002"]
    assert len(changed) == 1 and changed[0]["severity"] == "warning"
    assert changed[0]["path"].endswith("2020-01-01-post.md")


def test_fix_keeps_bom_crlf_and_goes_through_symlinks(
    web: Web, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    real = post_with(tmp_path, f"Voir [ceci]({web.url('/moved')}).")
    shared = tmp_path / "shared.md"
    real.rename(shared)
    real.symlink_to(shared)
    assert main(["check", "content", "--fix", "--unsafe-fixes", *FAST]) == 0
    assert real.is_symlink()
    expected = f"---\r\ntitle: P\r\n---\r\nVoir [ceci]({web.url('/ok')}).\r\n"
    assert shared.read_bytes() == b"\xef\xbb\xbf" + expected.encode()


def test_fix_reports_a_read_only_post(
    web: Web, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    post = post_with(tmp_path, f"Voir [ceci]({web.url('/moved')}).")
    before = post.read_bytes()
    post.chmod(0o444)
    assert main(["check", "content", "--fix", "--unsafe-fixes", *FAST]) == 0
    assert post.read_bytes() == before
    out = capsys.readouterr().out
    assert "PF003" in out and "read-only" in out and "PF902" in out


# --- slow drip, released slots, the deadline -------------------------------------------
PAD = {"X-Pad": "x" * 200}  # a few hundred bytes: one drip lasts seconds, not forever


def count_open_requests(monkeypatch: pytest.MonkeyPatch) -> dict[str, int]:
    """Requests the checker has open at once (its own slots' view), counted client side."""
    counts = {"open": 0, "peak": 0, "sent": 0}
    real_request = Checker._request

    async def counted(self: Checker, url: str, method: str, want_body: bool) -> Any:
        counts["open"] += 1
        counts["sent"] += 1
        counts["peak"] = max(counts["peak"], counts["open"])
        try:
            return await real_request(self, url, method, want_body)
        finally:
            counts["open"] -= 1

    monkeypatch.setattr(Checker, "_request", counted)
    return counts


def test_a_timed_out_request_releases_its_slot_at_once(
    web: Web, monkeypatch: pytest.MonkeyPatch
) -> None:
    for n in range(4):
        web.add(f"/drip{n}", Reply(200, PAD, drip=0.05))
    urls = [web.url(f"/drip{n}") for n in range(4)]
    counts = count_open_requests(monkeypatch)
    # One slot for the host. Were a timed-out request to keep it ~30 s more, the
    # generous deadline would pass first and leave URLs not checked.
    options = CheckOptions(timeout=0.3, retries=0, per_host=1, deadline=60)
    results = check(urls, options)
    assert [results[u].kind for u in urls] == [Kind.TIMEOUT] * 4
    assert counts["sent"] == 8  # HEAD, then GET to confirm, for each
    assert counts["peak"] == 1 and counts["open"] == 0


def test_deadline_reports_what_is_left_as_not_checked(
    web: Web, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for n in range(3):
        web.add(f"/drip{n}", Reply(200, PAD, drip=0.05))
    listing = tmp_path / "urls.txt"
    urls = [web.url("/ok"), *(web.url(f"/drip{n}") for n in range(3))]
    listing.write_text("".join(u + "\n" for u in urls))
    args = ["check", "--urls-from", str(listing), "--format", "json", "--no-progress"]
    code = main([*args, "--timeout", "5", "--retries", "0", "--deadline", "0.5"])
    assert code == 3  # unknown, not broken
    data = json.loads(capsys.readouterr().out)
    found = data["findings"]
    assert sorted(f["line"] for f in found) == [2, 3, 4]  # the three drips, not /ok
    assert all(f["code"] == "PF915" and f["severity"] == "warning" for f in found)
    assert all("deadline" in f["message"] for f in found)
    assert data["summary"]["not_checked"] == 3 and data["summary"]["checked"] == 1
    cache = json.loads((tmp_path / ".pelican-fast-cache.json").read_text())
    assert list(cache["external"]) == [web.url("/ok")]  # nothing unsettled is cached


def test_deadline_comes_from_the_settings_too() -> None:
    from pelican_fast.core.settings import ConfigError, validate

    section = validate({"check_external": {"deadline": 90}})["check_external"]
    assert CheckOptions.from_settings(section).deadline == 90
    assert CheckOptions.from_settings(validate({})["check_external"]).deadline is None
    for wrong in (0, -1, "abc", float("nan"), True):
        with pytest.raises(ConfigError):
            validate({"check_external": {"deadline": wrong}})


@pytest.mark.parametrize("value", ["0", "-1", "nan", "abc"])
def test_deadline_option_must_be_positive(value: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["check", "--urls-from", "-", "--deadline", value])
    assert exit_info.value.code == 2


# --- redirects out of the web ----------------------------------------------------------
@pytest.mark.parametrize(
    "location",
    ["file:///etc/passwd", "ftp://ftp.example.org/pub/x.pdf", "data:text/html,hi", "javascript:x"],
)
def test_redirect_to_a_non_http_scheme_is_broken(web: Web, location: str) -> None:
    web.add("/away", Reply(302, {"Location": location}))
    web.add("/away-for-good", Reply(301, {"Location": location}))
    results = check([web.url("/away"), web.url("/away-for-good")], CheckOptions(retries=0))
    for url in (web.url("/away"), web.url("/away-for-good")):
        result = results[url]
        assert result.kind is Kind.BROKEN, (location, result)
        assert "non-HTTP" in result.message and result.new_url is None


# --- the cache file ---------------------------------------------------------------------
def test_cache_that_is_a_folder_is_a_warning_and_the_report_is_printed(
    web: Web, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "cache.json").mkdir()
    listing = tmp_path / "urls.txt"
    listing.write_text(web.url("/dead") + "\n")
    args = ["check", "--urls-from", str(listing), "--cache", "cache.json", *FAST]
    assert main(args) == 1
    captured = capsys.readouterr()
    assert "PF901" in captured.out
    assert "warning: cache file cache.json" in captured.err and "not written" in captured.err
    assert (tmp_path / "cache.json").is_dir()


def test_cache_in_a_folder_that_cannot_be_made_is_a_warning(
    web: Web, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "file").write_text("x")
    listing = tmp_path / "urls.txt"
    listing.write_text(web.url("/dead") + "\n")
    args = ["check", "--urls-from", str(listing), "--cache", "file/cache.json", *FAST]
    assert main([*args, "--format", "json"]) == 1
    captured = capsys.readouterr()
    assert json.loads(captured.out)["findings"][0]["code"] == "PF901"
    assert "not written" in captured.err


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes in any folder")
def test_cache_in_an_unwritable_folder_is_a_warning(
    web: Web, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o555)
    listing = tmp_path / "urls.txt"
    listing.write_text(web.url("/dead") + "\n")
    try:
        args = ["check", "--urls-from", str(listing), "--cache", "locked/c.json", *FAST]
        assert main(args) == 1
    finally:
        locked.chmod(0o755)
    captured = capsys.readouterr()
    assert "PF901" in captured.out and "not written" in captured.err


def write_cache(path: Path, url: str, checked: str) -> None:
    """An entry saying ``url`` is fine, obtained at ``checked`` (raw JSON: 1e400, NaN…)."""
    path.write_text(
        '{"format": "pelican-fast-cache", "version": 1, "external": {'
        f'"{url}": {{"checked": {checked}, "kind": "ok", "status": 200}}}}}}\n'
    )


@pytest.mark.parametrize(
    "checked",
    ["1e400", "NaN", "Infinity", "-1", "-1e400", '"abc"', "true", "null", "{}", "FUTURE"],
)
def test_absurd_or_future_cache_dates_never_hide_a_dead_link(
    web: Web, tmp_path: Path, capsys: pytest.CaptureFixture[str], checked: str
) -> None:
    cache = tmp_path / "cache.json"
    future = time.time() + 10 * 365 * 86400
    write_cache(cache, web.url("/dead"), str(future) if checked == "FUTURE" else checked)
    listing = tmp_path / "urls.txt"
    listing.write_text(web.url("/dead") + "\n")
    args = ["check", "--urls-from", str(listing), "--cache", str(cache), *FAST]
    assert main([*args, "--max-age", "1"]) == 1
    assert "PF901" in capsys.readouterr().out
    assert len(web.requests("/dead")) == 2  # HEAD, GET: asked, not taken from the cache
    entry = json.loads(cache.read_text())["external"][web.url("/dead")]
    assert entry["kind"] == "broken" and abs(entry["checked"] - time.time()) < 3600


def test_a_small_clock_skew_counts_as_just_now(web: Web, tmp_path: Path) -> None:
    cache = tmp_path / "cache.json"
    write_cache(cache, web.url("/dead"), str(time.time() + 60))
    results = check(
        [web.url("/dead")], CheckOptions(retries=0), cache=ResultCache(str(cache), max_age=3600)
    )
    assert results[web.url("/dead")].cached and results[web.url("/dead")].age == 0
    assert web.requests("/dead") == []
    stale = ResultCache(str(cache), max_age=3600, now=time.time() - 7200)
    assert stale.get(web.url("/dead")) is None  # from an hour before it, it is in the future


def test_damaged_cache_entries_are_requested_again(web: Web, tmp_path: Path) -> None:
    cache = tmp_path / "cache.json"
    now = time.time()
    entries = {
        web.url("/dead"): {"checked": now, "kind": "ok", "status": "200"},
        web.url("/ok"): {"checked": now, "kind": "ok", "status": 200, "anchors": ["x"]},
    }
    cache.write_text(
        json.dumps({"format": "pelican-fast-cache", "version": 1, "external": entries})
    )
    options = CheckOptions(retries=0, fragments=True)
    urls = [web.url("/dead"), web.url("/ok") + "#x"]
    results = check(urls, options, cache=ResultCache(str(cache), max_age=3600))
    assert results[urls[0]].kind is Kind.BROKEN and not results[urls[0]].cached
    assert not results[urls[1]].cached
