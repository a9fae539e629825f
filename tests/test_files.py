"""``--fix`` never loses an edit: write_atomic re-checks, follows links, respects read-only files.

Races are played deterministically: the concurrent edit is made by a hook at
the exact moment between reading and renaming, never with sleeps.
"""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path
from typing import Any

import pytest

from pelican_fast.cli import main
from pelican_fast.core import files
from pelican_fast.core.files import Snapshot, WriteStatus, write_atomic
from pelican_fast.links import engine

ORIGINAL = "---\r\ntitle: W\r\n---\r\nUn [lien](<mailto: a@b.fr>) ici.\r\n"
FIXED = ORIGINAL.replace("<mailto: a@b.fr>", "mailto:a@b.fr")
BOM = b"\xef\xbb\xbf"


def leftovers(folder: Path) -> list[str]:
    return [p.name for p in folder.iterdir() if p.name.startswith(".pelican-fast-")]


def make_unwritable(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A folder nobody can create files in; root ignores modes, so the refusal is played."""
    folder.chmod(0o555)
    if os.geteuid() == 0:

        def refuse(*args: object, **kwargs: object) -> tuple[int, str]:
            raise PermissionError(13, "Permission denied")

        monkeypatch.setattr(files.tempfile, "mkstemp", refuse)


# --- write_atomic itself ------------------------------------------------------------
def test_writes_keeping_bom_crlf_and_mode(tmp_path: Path) -> None:
    post = tmp_path / "post.md"
    data = BOM + ORIGINAL.encode()
    post.write_bytes(data)
    post.chmod(0o640)
    result = write_atomic(str(post), FIXED, True, data)
    assert result.status is WriteStatus.WRITTEN and result.written
    assert post.read_bytes() == BOM + FIXED.encode()
    assert stat.S_IMODE(post.stat().st_mode) == 0o640
    assert leftovers(tmp_path) == []


def test_an_edit_made_between_read_and_rename_survives(tmp_path: Path) -> None:
    post = tmp_path / "post.md"
    edit = b"---\ntitle: W\n---\nThe author's new paragraph.\n"
    for as_snapshot in (False, True):
        post.write_bytes(ORIGINAL.encode())
        data, snapshot = files.read_bytes(str(post))
        read = snapshot if as_snapshot else data
        result = write_atomic(
            str(post), FIXED, False, read, before_replace=lambda: post.write_bytes(edit)
        )
        assert result.status is WriteStatus.CHANGED, read
        assert "not written" in result.message
        assert post.read_bytes() == edit
        assert leftovers(tmp_path) == []


def test_same_size_edit_is_seen_by_the_hash(tmp_path: Path) -> None:
    post = tmp_path / "post.md"
    post.write_bytes(b"aaaa")
    data, snapshot = files.read_bytes(str(post))
    # Same size, same mtime: only the content hash can tell.
    post.write_bytes(b"bbbb")
    os.utime(post, ns=(snapshot.mtime_ns, snapshot.mtime_ns))
    assert write_atomic(str(post), "cccc", False, snapshot).status is WriteStatus.CHANGED
    assert write_atomic(str(post), "cccc", False, data).status is WriteStatus.CHANGED
    assert post.read_bytes() == b"bbbb"


def test_touched_file_is_not_overwritten(tmp_path: Path) -> None:
    post = tmp_path / "post.md"
    post.write_bytes(b"aaaa")
    _, snapshot = files.read_bytes(str(post))
    os.utime(post, ns=(snapshot.mtime_ns + 10**9, snapshot.mtime_ns + 10**9))
    assert write_atomic(str(post), "cccc", False, snapshot).status is WriteStatus.CHANGED


def test_removed_file_is_reported_not_recreated(tmp_path: Path) -> None:
    post = tmp_path / "post.md"
    post.write_bytes(b"aaaa")
    result = write_atomic(str(post), "b", False, b"aaaa", before_replace=post.unlink)
    assert result.status is WriteStatus.CHANGED and not post.exists()
    assert write_atomic(str(post), "b", False, b"aaaa").status is WriteStatus.CHANGED
    assert not post.exists() and leftovers(tmp_path) == []


def test_writes_through_a_symlink_to_its_target(tmp_path: Path) -> None:
    real = tmp_path / "real"
    real.mkdir()
    target = real / "post.md"
    target.write_bytes(ORIGINAL.encode())
    posts = tmp_path / "_posts"
    posts.mkdir()
    link = posts / "post.md"
    link.symlink_to(os.path.join("..", "real", "post.md"))
    result = write_atomic(str(link), FIXED, False, ORIGINAL.encode())
    assert result.written and result.target == str(target)
    assert link.is_symlink() and os.readlink(link) == os.path.join("..", "real", "post.md")
    assert target.read_bytes() == FIXED.encode()
    assert leftovers(posts) == [] and leftovers(real) == []


def test_read_only_file_is_left_alone(tmp_path: Path) -> None:
    post = tmp_path / "post.md"
    post.write_bytes(ORIGINAL.encode())
    post.chmod(0o444)
    result = write_atomic(str(post), FIXED, False, ORIGINAL.encode())
    assert result.status is WriteStatus.READ_ONLY and "read-only" in result.message
    assert post.read_bytes() == ORIGINAL.encode()
    assert stat.S_IMODE(post.stat().st_mode) == 0o444


def test_unwritable_folder_is_reported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "locked"
    folder.mkdir()
    post = folder / "post.md"
    post.write_bytes(ORIGINAL.encode())
    make_unwritable(folder, monkeypatch)
    try:
        result = write_atomic(str(post), FIXED, False, ORIGINAL.encode())
    finally:
        folder.chmod(0o755)
    assert result.status is WriteStatus.UNWRITABLE and "not writable" in result.message
    assert post.read_bytes() == ORIGINAL.encode()


def test_snapshot_of_read_bytes(tmp_path: Path) -> None:
    post = tmp_path / "post.md"
    post.write_bytes(b"abc")
    data, snapshot = files.read_bytes(str(post))
    assert data == b"abc"
    assert snapshot == Snapshot.of(b"abc", post.stat().st_mtime_ns)


# --- through `pelican-fast lint --fix` ----------------------------------------------
@pytest.fixture
def posts(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "_posts"
    folder.mkdir()
    monkeypatch.chdir(tmp_path)
    return folder


def lint_fix(capsys: pytest.CaptureFixture[str], *paths: Path) -> tuple[int, list[dict]]:
    code = main(["lint", "--fix", "--format", "json", "--no-progress", *map(str, paths)])
    return code, json.loads(capsys.readouterr().out)["findings"]


def test_lint_fix_keeps_an_edit_made_while_it_ran(
    posts: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    post = posts / "2020-01-01-a.md"
    post.write_bytes(BOM + ORIGINAL.encode())
    edit = BOM + ORIGINAL.replace("ici.", "ici, et la suite écrite pendant le lint.").encode()
    real_fix = engine.fix_document

    def slow_fix(*args: object, **kwargs: object) -> Any:
        post.write_bytes(edit)  # the author saves while lint works on the file
        return real_fix(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(engine, "fix_document", slow_fix)
    code, found = lint_fix(capsys, post)
    assert post.read_bytes() == edit
    changed = next(f for f in found if f["code"] == "PF002")
    assert changed["severity"] == "warning" and "edit is kept" in changed["message"]
    # The link was not fixed: what was read is still reported, with its fix.
    assert any(f["fix"] for f in found if f["code"] != "PF002")
    assert code == 1


def test_lint_fix_writes_through_a_symlinked_post(
    posts: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    shared = posts.parent / "shared"
    shared.mkdir()
    (shared / "a.md").write_bytes(ORIGINAL.encode())
    link = posts / "2020-01-01-a.md"
    link.symlink_to("../shared/a.md")
    code, found = lint_fix(capsys, posts)
    assert code == 0 and found == []
    assert link.is_symlink()
    assert (shared / "a.md").read_bytes() == FIXED.encode()


def test_lint_fix_reports_read_only_and_unwritable_and_goes_on(
    posts: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    read_only = posts / "2020-01-01-ro.md"
    read_only.write_bytes(ORIGINAL.encode())
    read_only.chmod(0o444)
    locked = posts / "locked"
    locked.mkdir()
    inside = locked / "2020-01-02-in.md"
    inside.write_bytes(ORIGINAL.encode())
    writable = posts / "2020-01-03-ok.md"
    writable.write_bytes(ORIGINAL.encode())
    real_write = files.write_atomic

    def write(path: str, *args: object, **kwargs: object) -> files.WriteResult:
        if path == str(inside):  # only this folder refuses
            with monkeypatch.context() as patch:
                make_unwritable(locked, patch)
                try:
                    return real_write(path, *args, **kwargs)  # type: ignore[arg-type]
                finally:
                    locked.chmod(0o755)
        return real_write(path, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(files, "write_atomic", write)
    code, found = lint_fix(capsys, posts)
    by_path = {(Path(f["path"]).name, f["code"]) for f in found}
    assert ("2020-01-01-ro.md", "PF003") in by_path
    assert ("2020-01-02-in.md", "PF003") in by_path
    assert not any(name == "2020-01-03-ok.md" for name, _ in by_path)
    assert read_only.read_bytes() == ORIGINAL.encode() == inside.read_bytes()
    assert writable.read_bytes() == FIXED.encode()
    messages = {Path(f["path"]).name: f["message"] for f in found if f["code"] == "PF003"}
    assert "read-only" in messages["2020-01-01-ro.md"]
    assert "not writable" in messages["2020-01-02-in.md"]
    assert code == 1  # the unfixed errors remain


def test_write_findings_can_be_ignored(posts: Path, capsys: pytest.CaptureFixture[str]) -> None:
    post = posts / "2020-01-01-ro.md"
    post.write_bytes(ORIGINAL.encode())
    post.chmod(0o444)
    main(["lint", "--fix", "--format", "json", "--ignore", "PF003", str(post)])
    found = json.loads(capsys.readouterr().out)["findings"]
    assert found and "PF003" not in {f["code"] for f in found}
    assert post.read_bytes() == ORIGINAL.encode()
