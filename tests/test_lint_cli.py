"""``pelican-fast lint`` end to end: exit codes, formats, fixes written to disk, settings."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pelican_fast.cli import main
from tests.conftest import SEED_NAME, seed_text, write_files

FINDING_KEYS = {
    "path",
    "line",
    "column",
    "end_line",
    "end_column",
    "code",
    "severity",
    "message",
    "fix",
}
OTHER = "---\ntitle: Appel\ndate: 2019-10-02\ncategories: [dinsic]\n---\nTexte.\n"


@pytest.fixture
def blog(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    write_files(
        tmp_path,
        {
            f"content/_posts/{SEED_NAME}": seed_text(),
            "content/_posts/2019-10-01-appel.md": OTHER,
            "content/img/posts/2018-01-08-le-conseil-d-administration.jpg": b"jpg",
        },
    )
    monkeypatch.chdir(tmp_path)
    return tmp_path


def run_json(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, dict]:
    code = main(["lint", "--format", "json", *args])
    return code, json.loads(capsys.readouterr().out)


def test_seed_post_findings_on_their_lines(blog: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, data = run_json(capsys, "content")
    assert code == 1
    found = {(f["code"], f["line"]) for f in data["findings"]}
    assert {("PF101", 36), ("PF303", 46), ("PF201", 65)} <= found
    for finding in data["findings"]:
        assert set(finding) == FINDING_KEYS
        assert finding["path"] == f"content/_posts/{SEED_NAME}"
        assert finding["severity"] in ("error", "warning", "info")
        assert finding["fix"] is None or set(finding["fix"]) == {"applicability", "replacement"}
    lapins = next(f for f in data["findings"] if f["code"] == "PF101")
    assert (lapins["column"], lapins["end_column"]) == (167, 211)
    assert lapins["fix"] == {
        "applicability": "safe",
        "replacement": "https://beta.gouv.fr/startups/lapins.html",
    }
    summary = data["summary"]
    assert summary["files"] == 2 and summary["errors"] == 3 and summary["fixable"] == 2


def test_fix_writes_repairs_and_is_idempotent(
    blog: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    post = blog / "content" / "_posts" / SEED_NAME
    assert main(["lint", "--fix", "content"]) == 1  # ![]() cannot be repaired
    text = post.read_text(encoding="utf-8")
    assert "[En savoir plus](https://beta.gouv.fr/startups/lapins.html)." in text
    assert "[fast@beta.gouv.fr](mailto:fast@beta.gouv.fr)" in text
    assert "![]()" in text
    changed = [
        (a, b) for a, b in zip(seed_text().splitlines(), text.splitlines(), strict=True) if a != b
    ]
    assert len(changed) == 2
    before = post.read_bytes()
    capsys.readouterr()
    main(["lint", "--fix", "content"])
    assert post.read_bytes() == before


def test_crlf_and_bom_are_kept(blog: Path) -> None:
    post = blog / "content" / "_posts" / "2020-01-01-windows.md"
    source = "---\r\ntitle: W\r\n---\r\nUn [lien](<mailto: a@b.fr>) ici.\r\nFin.\r\n"
    post.write_bytes(b"\xef\xbb\xbf" + source.encode("utf-8"))
    main(["lint", "--fix", str(post)])
    expected = source.replace("<mailto: a@b.fr>", "mailto:a@b.fr")
    assert post.read_bytes() == b"\xef\xbb\xbf" + expected.encode("utf-8")


def test_unsafe_fixes_only_when_asked(blog: Path) -> None:
    post = blog / "content" / "_posts" / "2020-01-02-pix.md"
    post.write_text("---\ntitle: P\n---\n[Pix](www.pix.fr)\n", encoding="utf-8")
    assert main(["lint", "--fix", str(post)]) == 1
    assert "(www.pix.fr)" in post.read_text()
    assert main(["lint", "--fix", "--unsafe-fixes", str(post)]) == 0
    assert "(https://www.pix.fr)" in post.read_text()


def test_diff_writes_nothing(blog: Path, capsys: pytest.CaptureFixture[str]) -> None:
    post = blog / "content" / "_posts" / SEED_NAME
    assert main(["lint", "--diff", "content"]) == 1
    out = capsys.readouterr().out
    assert "-**Lapins**" in out and "+**Lapins**" in out and out.startswith("--- a/")
    assert post.read_text(encoding="utf-8") == seed_text()


def test_exit_codes(blog: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["lint", "--exit-zero", "content"]) == 0
    assert main(["lint", "content/_posts/2019-10-01-appel.md"]) == 0
    assert main(["lint", "--select", "XX1", "content"]) == 2
    assert main(["lint", "missing-folder"]) == 2
    assert main(["lint"]) == 2  # no PATH and no pelicanconf.py
    assert main(["lint", "--ignore", "PF1,PF2,PF3,PF4", "content"]) == 0
    assert "unknown rule code" in capsys.readouterr().err


def test_site_url_checks_links_against_real_post_urls(
    blog: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    post = blog / "content" / "_posts" / "2020-01-03-liens.md"
    post.write_text(
        "---\ntitle: L\n---\n"
        "[bon](https://blog.example/dinsic/2019/10/02/appel.html)\n"
        "[date du fichier](https://blog.example/dinsic/2019/10/01/appel.html)\n",
        encoding="utf-8",
    )
    code, data = run_json(capsys, "--site-url", "https://blog.example", str(post))
    assert [(f["code"], f["line"]) for f in data["findings"]] == [("PF401", 5)]
    assert data["findings"][0]["fix"]["replacement"] == (
        "https://blog.example/dinsic/2019/10/02/appel.html"
    )
    assert code == 1


def test_jekyll_config_next_to_content_is_used(
    blog: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (blog / "_config.yml").write_text("permalink: pretty\nurl: https://blog.example\n")
    post = blog / "content" / "_posts" / "2020-01-03-liens.md"
    post.write_text(
        "---\ntitle: L\n---\n[bon](https://blog.example/dinsic/2019/10/02/appel/)\n",
        encoding="utf-8",
    )
    code, data = run_json(capsys, str(post))
    assert data["findings"] == [] and code == 0


def test_pyproject_configuration(blog: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (blog / "pyproject.toml").write_text('[tool.pelican-fast]\nignore = ["PF3"]\n')
    _, data = run_json(capsys, "content")
    assert "PF303" not in {f["code"] for f in data["findings"]}
    (blog / "pyproject.toml").write_text('[tool.pelican-fast.lint]\nignroe = ["PF3"]\n')
    assert main(["lint", "content"]) == 2
    assert "did you mean 'ignore'" in capsys.readouterr().err


def test_pelicanconf_gives_path_and_settings(
    blog: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (blog / "pelicanconf.py").write_text(
        'PATH = "content"\nSITEURL = "https://blog.example"\n'
        'PELICAN_FAST = {"lint": {"ignore": ["PF303"]}}\n'
    )
    code, data = run_json(capsys)
    assert {f["code"] for f in data["findings"]} == {"PF101", "PF201"}
    assert code == 1


def test_suppression_comment(blog: Path, capsys: pytest.CaptureFixture[str]) -> None:
    post = blog / "content" / "_posts" / SEED_NAME
    post.write_text(
        seed_text().replace("![]()", "<!-- pelican-fast: disable-next-line PF303 -->\n![]()"),
        encoding="utf-8",
    )
    _, data = run_json(capsys, "content")
    assert "PF303" not in {f["code"] for f in data["findings"]}


def test_text_format_like_ruff(blog: Path, capsys: pytest.CaptureFixture[str]) -> None:
    main(["lint", "content"])
    out = capsys.readouterr().out
    assert f"content/_posts/{SEED_NAME}:36:167: PF101 error [*] stray" in out
    assert "= fix (safe): https://beta.gouv.fr/startups/lapins.html" in out
    assert "\033[" not in out  # no colours when not on a terminal
    assert "Found 3 finding(s) in 2 file(s)" in out


def test_github_and_sarif_formats(blog: Path, capsys: pytest.CaptureFixture[str]) -> None:
    main(["lint", "--format", "github", "content"])
    lines = capsys.readouterr().out.splitlines()
    assert any(
        line.startswith(f"::error file=content/_posts/{SEED_NAME},line=36,col=167,")
        for line in lines
    )
    main(["lint", "--format", "sarif", "content"])
    sarif = json.loads(capsys.readouterr().out)
    results = sarif["runs"][0]["results"]
    assert sarif["version"] == "2.1.0"
    assert {r["ruleId"] for r in results} == {"PF101", "PF201", "PF303"}
    ids = {rule["id"] for rule in sarif["runs"][0]["tool"]["driver"]["rules"]}
    assert "PF101" in ids


def test_undecodable_file(blog: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = blog / "content" / "_posts" / "2019-01-01-latin1.md"
    bad.write_bytes("---\ntitle: Été\n---\n".encode("latin-1"))
    code, data = run_json(capsys, str(bad))
    assert code == 1
    assert [(f["code"], f["line"]) for f in data["findings"]] == [("PF001", 2)]


def test_exclude_patterns(blog: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (blog / "pyproject.toml").write_text('[tool.pelican-fast]\nexclude = ["*laureats*"]\n')
    code, data = run_json(capsys, "content")
    assert data["findings"] == [] and code == 0


def test_what_jekyll_excludes_is_not_linted(blog: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Jekyll's default excludes (vendor/bundle: gems full of Markdown) and the config's
    ``exclude:`` are not the blog: not linted when a folder is given; a file named on the
    command line is still linted."""
    broken = "---\ntitle: N\n---\n[vide]()\n"
    write_files(
        blog / "content",
        {
            "_config.yml": "exclude: [notes/, BROUILLON.md]\ninclude: [vendor/cache/]\n",
            "vendor/bundle/ruby/gems/kramdown/README.md": broken,
            "vendor/cache/LISEZMOI.md": broken,
            "notes/idee.md": broken,
            "BROUILLON.md": broken,
            "BROUILLON-2.md": broken,
        },
    )
    _, data = run_json(capsys, "content")
    paths = {f["path"] for f in data["findings"] if f["code"] == "PF301"}
    assert paths == {"content/BROUILLON-2.md", "content/vendor/cache/LISEZMOI.md"}
    _, data = run_json(capsys, "content/notes/idee.md")
    assert [f["code"] for f in data["findings"]] == ["PF301"]


def test_without_jekyll_config_every_standard_permalink_style_counts(
    blog: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """No _config.yml: the permalink style is unknown, so links in any standard style to a
    post are fine, and a repair keeps the style the author wrote."""
    post = blog / "content" / "_posts" / "2020-01-03-liens.md"
    post.write_text(
        "---\ntitle: L\n---\n"
        "[jolie](https://blog.example/2019/10/02/appel/)\n"
        "[date du fichier](https://blog.example/2019/10/01/appel/)\n",
        encoding="utf-8",
    )
    _, data = run_json(capsys, "--site-url", "https://blog.example", str(post))
    assert [(f["code"], f["line"]) for f in data["findings"]] == [("PF401", 5)]
    assert data["findings"][0]["fix"]["replacement"] == "https://blog.example/2019/10/02/appel/"
