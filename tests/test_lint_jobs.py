"""``pelican-fast lint --jobs N``: worker processes change the speed, never the output."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest

from pelican_fast.app import lint_pool
from pelican_fast.cli import main
from tests.conftest import EXAMPLE_POSTS, write_files

CORPUS = Path(__file__).parent / "links" / "corpus"


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A small site with every kind of file the command meets (more files than workers)."""
    posts = tmp_path / "content" / "_posts"
    posts.mkdir(parents=True)
    for source in [*sorted(EXAMPLE_POSTS.glob("*.md")), *sorted(CORPUS.glob("*.md"))]:
        shutil.copy(source, posts / source.name)
    write_files(
        tmp_path / "content",
        {
            "_posts/2020-01-01-latin1.md": "---\ntitle: Été\n---\n".encode("latin-1"),
            "_posts/2020-01-02-yaml.md": "---\ntitle: [cassé\n---\n[a](<(https://a.fr>)\n",
            "_posts/2020-01-03-bom.md": b"\xef\xbb\xbf---\r\ntitle: B\r\nimage: /img/x.png\r\n"
            b"---\r\n[a](www.a.fr) [b](<mailto: b@c.fr>)\r\n",
            "_drafts/brouillon.md": "---\ntitle: D\n---\n[lien](https://https://a.fr)\n",
            "a-propos.md": "---\ntitle: A\npermalink: /a-propos/\n---\n[x](/2019/12/03/nope/)\n",
            "img/posts/affiche.png": b"png",
        },
    )
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["lint", "--site-url", "https://blog.example", *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def _tree(root: Path) -> dict[str, str]:
    return {
        str(path.relative_to(root)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


@pytest.mark.parametrize("output_format", ["text", "json", "github", "sarif"])
def test_two_workers_report_exactly_what_one_does(
    site: Path, capsys: pytest.CaptureFixture[str], output_format: str
) -> None:
    one = _run(capsys, "--jobs", "1", "--format", output_format, "content")
    two = _run(capsys, "--jobs", "2", "--format", output_format, "content")
    assert one == two
    assert one[0] == 1 and "PF101" in one[1] and "PF001" in one[1]


def test_two_workers_diff_exactly_what_one_does(
    site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = _tree(site)
    one = _run(capsys, "--jobs", "1", "--diff", "--unsafe-fixes", "content")
    two = _run(capsys, "--jobs", "2", "--diff", "--unsafe-fixes", "content")
    assert one == two
    assert one[1].count("--- a/") >= 3
    assert _tree(site) == before


def test_two_workers_fix_the_files_as_one_does(
    site: Path, tmp_path_factory: pytest.TempPathFactory, capsys: pytest.CaptureFixture[str]
) -> None:
    copy = tmp_path_factory.mktemp("copy") / "site"
    shutil.copytree(site, copy)
    original = _tree(site)
    one = _run(capsys, "--jobs", "1", "--fix", "--unsafe-fixes", "--format", "json", "content")
    fixed_by_one = _tree(site)
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(copy)
        two = _run(capsys, "--jobs", "2", "--fix", "--unsafe-fixes", "--format", "json", "content")
    assert one == two
    assert _tree(copy) == fixed_by_one != original


def test_jobs_must_be_positive(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["lint", "--jobs", "0", "content"]) == 2
    assert "--jobs 0" in capsys.readouterr().err


def test_default_workers_follow_the_work() -> None:
    assert lint_pool.workers(None, 3) == 1
    assert lint_pool.workers(None, lint_pool.POOL_FROM) == lint_pool._cpus()
    assert lint_pool.workers(4, 3) == 4


def test_results_come_back_in_input_order() -> None:
    with lint_pool.mapped(_square, 10, list(range(200)), 2) as results:
        assert list(results) == [10 + n * n for n in range(200)]


def _square(shared: int, item: int) -> int:
    return shared + item * item
