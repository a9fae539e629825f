"""The printed report kept for a run whose every input is unchanged (app/lint_memo.py).

Each test runs the real command twice or more and compares what it prints with a
``--no-cache`` run of the same tree: the memo may only ever print what a cold run
prints. Files are aged (their modification time set a minute back) where the memo
must be used: a file modified moments before a run cannot be trusted by its
(mtime, size), and then no memo is kept.
"""

from __future__ import annotations

import contextlib
import os
import time
from pathlib import Path

import pytest

from pelican_fast.app import lint_cache, lint_memo
from pelican_fast.cli import main
from tests.test_lint_cache import base_site

SITE_URL = "https://blog.example"


def age(root: Path, seconds: int = 60) -> None:
    """Every file of `root` last modified `seconds` ago (as a checked-out tree is)."""
    past = time.time_ns() - seconds * 1_000_000_000
    for folder, _, names in os.walk(root):
        for name in names:
            os.utime(os.path.join(folder, name), ns=(past, past))


def lint_output(
    root: Path, capsys: pytest.CaptureFixture[str], *options: str, cache: bool = True
) -> tuple[int, str]:
    with contextlib.chdir(root):
        code = main(
            [
                "lint",
                "--site-url",
                SITE_URL,
                "--jobs",
                "1",
                "--no-progress",
                *options,
                *([] if cache else ["--no-cache"]),
                ".",
            ]
        )
    return code, capsys.readouterr().out


@pytest.fixture
def site(tmp_path: Path) -> Path:
    base_site(tmp_path)
    age(tmp_path)
    return tmp_path


@pytest.fixture
def opened(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The per-file caches opened (a run answered by the memo opens none)."""
    seen: list[str] = []
    original = lint_cache.LintCache.open.__func__  # type: ignore[attr-defined]

    def counting(cls: type, folder: str, *args: object) -> lint_cache.LintCache:
        seen.append(folder)
        return original(cls, folder, *args)  # type: ignore[no-any-return]

    monkeypatch.setattr(lint_cache.LintCache, "open", classmethod(counting))
    return seen


def test_a_run_with_nothing_changed_prints_the_kept_report(
    site: Path, capsys: pytest.CaptureFixture[str], opened: list[str]
) -> None:
    cold = lint_output(site, capsys, cache=False)
    assert cold[0] == 1 and "PF" in cold[1]
    assert lint_output(site, capsys) == cold
    assert len(opened) == 1
    assert (site / ".pelican-fast-cache" / lint_memo.FILENAME).exists()
    assert lint_output(site, capsys) == cold  # the exit code too
    assert len(opened) == 1  # answered without the per-file cache


@pytest.mark.parametrize(
    "options",
    [("--format", "json"), ("--format", "github"), ("--format", "sarif"), ("--unsafe-fixes",)],
)
def test_each_way_of_printing_has_its_own_report(
    site: Path, capsys: pytest.CaptureFixture[str], options: tuple[str, ...]
) -> None:
    lint_output(site, capsys)
    lint_output(site, capsys)  # text kept
    cold = lint_output(site, capsys, *options, cache=False)
    assert lint_output(site, capsys, *options) == cold
    assert lint_output(site, capsys, *options) == cold
    assert lint_output(site, capsys) == lint_output(site, capsys, cache=False)


@pytest.mark.parametrize("change", ["edit", "add", "delete", "rename", "select", "cwd", "config"])
def test_any_changed_input_is_seen(
    site: Path, capsys: pytest.CaptureFixture[str], change: str
) -> None:
    lint_output(site, capsys)
    kept = lint_output(site, capsys)
    posts = site / "_posts"
    options: tuple[str, ...] = ()
    if change == "edit":
        path = posts / "2020-01-05-eps.md"
        path.write_text(path.read_text().replace("mailto: a", "mailto:a"))
    elif change == "add":
        (posts / "2020-01-09-new.md").write_text("---\ntitle: n\n---\n[x](www.new.fr)\n")
    elif change == "delete":
        (posts / "2020-01-02-beta.md").unlink()
    elif change == "rename":
        os.rename(posts / "2020-01-02-beta.md", posts / "2020-01-08-beta.md")
    elif change == "select":
        options = ("--select", "PF2")
    elif change == "config":
        config = site / "_config.yml"
        config.write_text(config.read_text().replace(":title/", ":title.html"))
    age(site)
    if change == "cwd":
        (site / "sub").mkdir()
        with contextlib.chdir(site / "sub"):
            code = main(["lint", "--site-url", SITE_URL, "--jobs", "1", ".."])
            after = code, capsys.readouterr().out
            code = main(["lint", "--site-url", SITE_URL, "--jobs", "1", "--no-cache", ".."])
            assert after == (code, capsys.readouterr().out)
        assert f"{site}/_posts/" in after[1] and after[1] != kept[1]
        return
    after = lint_output(site, capsys, *options)
    assert after == lint_output(site, capsys, *options, cache=False)
    assert after != kept
    assert lint_output(site, capsys, *options) == after  # kept in its turn


def test_no_report_is_kept_while_a_file_is_fresh(
    site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A file modified within the last seconds could change again within the same clock
    tick, same size: nothing printed from it is kept."""
    memo = site / ".pelican-fast-cache" / lint_memo.FILENAME
    lint_output(site, capsys)
    assert memo.exists()
    path = site / "_posts" / "2020-01-05-eps.md"
    path.write_text(path.read_text().replace("mailto: a", "mailto: b"))
    first = lint_output(site, capsys)
    assert not memo.exists()
    before = path.stat()
    path.write_text(path.read_text().replace("mailto: b", "mailto: c"))  # same size
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))  # same mtime
    second = lint_output(site, capsys)
    assert second == lint_output(site, capsys, cache=False)
    assert "mailto: c@" in second[1] and "mailto: b@" in first[1]


def test_a_corrupt_kept_report_is_ignored(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    cold = lint_output(site, capsys, cache=False)
    lint_output(site, capsys)
    memo = site / ".pelican-fast-cache" / lint_memo.FILENAME
    data = bytearray(memo.read_bytes())
    data[-5] ^= 0xFF
    memo.write_bytes(bytes(data))
    assert lint_output(site, capsys) == cold
    memo.write_bytes(data[: len(data) // 2])
    assert lint_output(site, capsys) == cold


def test_fix_and_diff_never_print_a_kept_report(
    site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    lint_output(site, capsys)
    lint_output(site, capsys)
    code, diff = lint_output(site, capsys, "--diff")
    assert code == 1 and diff.startswith("--- a/")
    code, _ = lint_output(site, capsys, "--fix")
    assert lint_output(site, capsys) == lint_output(site, capsys, cache=False)


def test_a_report_showing_a_file_over_its_budget_is_not_kept(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A file over its time budget is tried again at each run (the machine may have
    been busy): the report that says so is not kept either."""
    from pelican_fast.links import engine

    posts = tmp_path / "_posts"
    posts.mkdir()
    (posts / "2020-01-01-bon.md").write_text("[x](www.exemple.fr)\n", encoding="utf-8")
    (posts / "2020-01-02-piege.md").write_text("HANG\n", encoding="utf-8")
    (tmp_path / "pelicanconf.py").write_text("PELICAN_FAST = {'time_budget': 0.2}\n")
    age(tmp_path)
    original = engine.lint_document
    tried: list[str] = []

    def slow(text: str, *args: object, **kwargs: object) -> engine.FileReport:
        if "HANG" in text:
            tried.append(text)
            while True:
                pass
        return original(text, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(engine, "lint_document", slow)
    first = lint_output(tmp_path, capsys)
    assert "PF004" in first[1] and len(tried) == 1
    assert not (tmp_path / ".pelican-fast-cache" / lint_memo.FILENAME).exists()
    assert lint_output(tmp_path, capsys) == first
    assert len(tried) == 2
