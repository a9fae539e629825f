"""`pelican-fast init` on hostile ground: an output that is a file, a nonsense `paginate`,
symlinks planted where the settings go. Each ends with a clear message, never a traceback,
and never writes outside the blog."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from pelican_fast.app import migrate
from pelican_fast.cli import main
from tests.conftest import write_files

POST = {"_posts/2019-01-01-a.md": "---\ntitle: A\n---\nA\n"}


def test_output_naming_a_file_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write_files(tmp_path / "blog", {"_config.yml": "title: x\n", **POST})
    target = tmp_path / "notes.txt"
    target.write_text("mine\n")
    assert main(["init", "--from-jekyll", str(tmp_path / "blog"), "--output", str(target)]) == 2
    captured = capsys.readouterr()
    assert "is a file, not a folder" in captured.out
    assert "Traceback" not in captured.out + captured.err
    assert target.read_text() == "mine\n"


def test_output_under_a_file_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write_files(tmp_path / "blog", POST)
    (tmp_path / "notes.txt").write_text("mine\n")
    output = tmp_path / "notes.txt" / "site"
    assert main(["init", "--from-jekyll", str(tmp_path / "blog"), "--output", str(output)]) == 2
    assert "cannot create" in capsys.readouterr().out


@pytest.mark.parametrize("value", ["abc", "0", "-3", "1e400", "true", "[1, 2]", "'²'"])
def test_nonsense_paginate_warns_and_keeps_pelicans_default(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], value: str
) -> None:
    write_files(tmp_path, {"_config.yml": f"title: x\npaginate: {value}\n", **POST})
    assert main(["init", "--from-jekyll", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "warning:" in out and "paginate" in out
    conf = (tmp_path / "pelicanconf.py").read_text()
    assert "DEFAULT_PAGINATION = False" in conf
    compile(conf, "pelicanconf.py", "exec")


@pytest.mark.parametrize(("value", "expected"), [(5, 5), ("7", 7), (None, 10)])
def test_valid_paginate_is_kept(value: object, expected: int) -> None:
    config = {} if value is None else {"paginate": value}
    assert migrate.pagination(config) == (expected, [])


def blog_with_planted_link(tmp_path: Path, dangling: bool) -> tuple[Path, Path, Path]:
    blog = tmp_path / "blog"
    write_files(blog, {"_config.yml": "title: x\n", **POST})
    outside = tmp_path / "outside"
    outside.mkdir()
    if not dangling:
        (outside / "x").write_text("not yours\n")
    link = blog / "publishconf.py"
    link.symlink_to(os.path.join("..", "outside", "x"))
    return blog, outside, link


@pytest.mark.parametrize("dangling", [True, False])
def test_symlink_at_the_output_is_never_followed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], dangling: bool
) -> None:
    blog, outside, link = blog_with_planted_link(tmp_path, dangling)
    assert main(["init", "--from-jekyll", str(blog)]) == 2
    assert "is a symlink; use --force" in capsys.readouterr().out
    assert link.is_symlink()
    assert sorted(p.name for p in outside.iterdir()) == ([] if dangling else ["x"])
    if not dangling:
        assert (outside / "x").read_text() == "not yours\n"


@pytest.mark.parametrize("dangling", [True, False])
def test_force_replaces_the_symlink_instead_of_writing_through_it(
    tmp_path: Path, dangling: bool
) -> None:
    blog, outside, link = blog_with_planted_link(tmp_path, dangling)
    assert main(["init", "--from-jekyll", str(blog), "--force"]) == 0
    assert not link.is_symlink() and "SITEURL" in link.read_text()
    assert sorted(p.name for p in outside.iterdir()) == ([] if dangling else ["x"])
    if not dangling:
        assert (outside / "x").read_text() == "not yours\n"
    assert [p.name for p in blog.iterdir() if p.name.startswith(".pelican-fast-")] == []
