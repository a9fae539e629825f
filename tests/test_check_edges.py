"""``pelican-fast check`` on hostile ground: edits during a run, broken caches, slow-drip
servers, a deadline, redirects out of the web. Every server is on 127.0.0.1; nothing
asserts on wall time (the deadline option is the only ceiling)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from pelican_fast.cli import main
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
