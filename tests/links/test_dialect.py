"""The linter follows the renderer the `markdown` setting chooses: kramdown or Python-Markdown.

The same text is a link for one and text for the other (docs/lint.md, "What counts as a link"):
the scanner's dialect comes from PELICAN_FAST["markdown"], in the build and in the lint command.
"""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from pelican_fast.cli import main
from pelican_fast.links import engine
from pelican_fast.links.blocks import KRAMDOWN, PYTHON_MARKDOWN
from pelican_fast.links.model import DEFINITION, IN_PARAGRAPH
from pelican_fast.links.scanner import scan
from tests.conftest import BuildSite, write_files

IFRAME = 'Voir la vidéo : <iframe src="https://v.example/embed"></iframe>\n'
POST = "---\ntitle: Vidéo\ndate: 2019-10-02\n---\n" + IFRAME


def _links(text: str, dialect: str) -> list[tuple[str, str]]:
    links = scan(text, 0, dialect).links
    return [(link.url, link.malformed) for link in links if link.kind != DEFINITION]


def test_a_block_tag_inside_a_paragraph_is_text_for_kramdown_only() -> None:
    assert _links(IFRAME, KRAMDOWN) == [("https://v.example/embed", IN_PARAGRAPH)]
    assert _links(IFRAME, PYTHON_MARKDOWN) == [("https://v.example/embed", "")]
    # At the start of a line (or of a list item, of a quote) it opens an HTML block.
    for text in ('<iframe src="/v"></iframe>\n', '- <iframe src="/v"></iframe>\n'):
        assert _links(text, KRAMDOWN) == [("/v", "")]


@pytest.mark.parametrize(
    ("text", "kramdown", "python_markdown"),
    [
        ("    code\nlazy [a](/a)\n\nout [b](/b)\n", ["/b"], ["/a", "/b"]),
        ("> <div>\n> [a](/a)\n> </div>\n", [], ["/a"]),
        ("- a\n\n[1]: /r\n\n    code [c](/c)\n", [], ["/c"]),
    ],
)
def test_block_rules_follow_the_dialect(
    text: str, kramdown: list[str], python_markdown: list[str]
) -> None:
    def rendered(dialect: str) -> list[str]:
        return [url for url, malformed in _links(text, dialect) if not malformed]

    assert rendered(KRAMDOWN) == kramdown
    assert rendered(PYTHON_MARKDOWN) == python_markdown


def test_lint_options_choose_the_dialect() -> None:
    assert engine.LintOptions().dialect == KRAMDOWN
    assert engine.dialect_of("kramdown") == KRAMDOWN
    assert engine.dialect_of("pelican") == PYTHON_MARKDOWN
    kramdown = engine.lint_document(IFRAME, engine.LintOptions()).findings
    assert [f.code for f in kramdown] == ["PF108"]
    assert "inside a paragraph" in kramdown[0].message
    python = engine.LintOptions(dialect=PYTHON_MARKDOWN)
    assert engine.lint_document(IFRAME, python).findings == []


@pytest.mark.parametrize(("markdown", "found"), [(None, True), ("pelican", False)])
def test_the_lint_command_reads_the_markdown_setting(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    markdown: str | None,
    found: bool,
) -> None:
    files: dict[str, str | bytes] = {"content/_posts/2019-10-02-video.md": POST}
    if markdown:
        files["pyproject.toml"] = f'[tool.pelican-fast]\nmarkdown = "{markdown}"\n'
    write_files(tmp_path, files)
    monkeypatch.chdir(tmp_path)
    main(["lint", "content"])
    assert ("PF108" in capsys.readouterr().out) is found


@pytest.mark.parametrize(("markdown", "found"), [("kramdown", True), ("pelican", False)])
def test_the_build_reads_the_markdown_setting(
    build_site: BuildSite, markdown: str, found: bool
) -> None:
    site = build_site(
        {"_posts/2019-10-02-video.md": POST}, {"PELICAN_FAST": {"markdown": markdown}}
    )
    assert any("PF108" in m for m in site.messages(logging.INFO)) is found


@pytest.mark.parametrize(
    "unit", ["> <div>\n", '> <div x="\n', 'a <iframe src="/v"> ', "> > > > <p>\n", "[1]: /r\n- a\n"]
)
def test_the_kramdown_rules_stay_linear(unit: str) -> None:
    small = scan(unit * 10_000).work
    large = scan(unit * 40_000).work
    assert large <= 4.2 * small
