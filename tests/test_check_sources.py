"""``pelican-fast check`` with no path reads the site's sources as ``lint`` does (issue 15)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pelican_fast.cli import main

LINK = "[x](https://example.org/{name})\n"


def write(root: Path, files: dict[str, str]) -> None:
    for relative, text in files.items():
        target = root / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text)


def offline(capsys: pytest.CaptureFixture[str], *args: str) -> dict[str, list[str]]:
    capsys.readouterr()
    assert main(["check", "--offline", "--format", "json", *args]) == 0
    rows = json.loads(capsys.readouterr().out)["offline"]
    return {row["url"].rsplit("/", 1)[-1]: row["occurrences"] for row in rows}


@pytest.fixture
def blog(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    write(
        tmp_path,
        {
            "_config.yml": "exclude: [CONTRIBUTING.md, notes/]\n",
            "_posts/2020-01-01-a.md": "---\ntitle: A\n---\n" + LINK.format(name="post"),
            "CONTRIBUTING.md": LINK.format(name="contributing"),
            "notes/idea.md": LINK.format(name="notes"),
            "_site/2020/01/01/a/index.html": '<a href="https://example.org/site">x</a>\n',
            "output/index.html": '<a href="https://example.org/output">x</a>\n',
            "about.md": "---\ntitle: About\n---\n" + LINK.format(name="about"),
        },
    )
    return tmp_path


def test_no_path_reads_the_current_folder_as_jekyll_would(blog: Path, capsys) -> None:
    found = offline(capsys)
    assert set(found) == {"post", "about"}
    assert found["post"] == ["_posts/2020-01-01-a.md:4:5"]  # relative, no "./"


def test_no_path_takes_path_of_pelicanconf_and_skips_output_path(blog: Path, capsys) -> None:
    write(
        blog,
        {
            "pelicanconf.py": "PATH = 'content'\nOUTPUT_PATH = 'public'\n",
            "content/_posts/2020-01-01-b.md": "---\ntitle: B\n---\n" + LINK.format(name="b"),
            "content/public/x.html": '<a href="https://example.org/inner">x</a>\n',
            "public/index.html": '<a href="https://example.org/public">x</a>\n',
        },
    )
    found = offline(capsys)
    assert set(found) == {"b", "inner"}
    assert found["b"] == ["content/_posts/2020-01-01-b.md:4:5"]
    write(blog, {"pelicanconf.py": "PATH = '.'\nOUTPUT_PATH = 'public'\n"})
    found = offline(capsys)
    assert "public" not in found and "post" in found and "b" in found
    assert all(
        "/./" not in place and not place.startswith("./") for p in found.values() for place in p
    )


def test_a_file_named_is_read_even_if_excluded(blog: Path, capsys) -> None:
    assert set(offline(capsys, "CONTRIBUTING.md")) == {"contributing"}


def test_offline_honours_format_github(blog: Path, capsys) -> None:
    capsys.readouterr()
    assert main(["check", "--offline", "--format", "github"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert (
        "::notice file=_posts/2020-01-01-a.md,line=4,col=5::https://example.org/post would be checked"
        in out
    )
    assert all(line.startswith("::notice ") for line in out)
