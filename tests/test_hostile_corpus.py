"""A hostile corpus beside good posts, through a full build (workers on and off) and through
`pelican-fast lint`: everything ends, each hostile post is named or built harmlessly, and every
good post is built (issue 14). Sizes are a tenth of the issue's so the suite stays quick; the
scanners' linearity is tested on doubling sizes elsewhere (tests/kramdown, tests/links)."""

from __future__ import annotations

import json
from pathlib import Path

import html5lib
import pytest

from pelican_fast.cli import main
from tests.conftest import BuildSite

BOMB = "\n".join(
    ["a: &a [x, x, x, x, x, x, x, x, x]"]
    + [
        f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]"
        for i in range(8)
    ]
)


def hostile_posts() -> dict[str, str]:
    head = "---\ntitle: {title}\n---\n"
    return {
        "_posts/2022-01-01-brackets.md": head.format(title="Crochets") + "[" * 30_000 + "\n",
        "_posts/2022-01-02-images.md": head.format(title="Images") + "![" * 15_000 + "\n",
        "_posts/2022-01-03-links-line.md": head.format(title="Ligne")
        + "[a](https://a.fr) " * 12_000
        + "\n",
        "_posts/2022-01-04-nested.md": head.format(title="Imbrication")
        + "".join("  " * i + "- x\n" for i in range(300)),
        "_posts/2022-01-05-raw.md": head.format(title="Raw") + "{% raw %} " * 2_000 + "\n",
        "_posts/2022-01-06-comment.md": head.format(title="Comment") + "{% comment %}" * 2_000,
        "_posts/2022-01-07-bomb.md": f"---\n{BOMB}\ntitle: *i\n---\nCorps\n",
        "_posts/2022-01-08-date.md": "---\ntitle: Date\ndate: 2020-02-30\n---\nCorps\n",
        "_posts/2022-01-09-divs.md": head.format(title="Divs") + "<div>" + "<a " * 5_000 + "\n",
        "_posts/2022-01-10-script.md": head.format(title="Script")
        + '<div><img src="x.png"onerror="alert(1)"><svg/onload="alert(2)"></svg></div>\n'
        + "[x](jav&#x61;script:alert(3))\n",
        "_posts/2022-01-11-refs.md": head.format(title="Refs")
        + "".join(f"[r{i}]: https://a.fr/{i}\n" for i in range(10_000)),
        "_posts/2022-01-12-nul.md": head.format(title="Nul") + "a\x00b\n",
    }


GOOD = {
    f"_posts/2022-02-{day:02d}-bon-{day}.md": f"---\ntitle: Bon {day}\n---\nLe texte {day}.\n"
    for day in range(1, 11)
}


@pytest.mark.parametrize("workers", [0, 2])
def test_the_build_ends_names_the_hostile_posts_and_builds_the_good_ones(
    build_site: BuildSite, workers: int
) -> None:
    site = build_site(
        {**hostile_posts(), **GOOD},
        {"PELICAN_FAST": {"workers": workers, "time_budget": 5.0}},
    )
    for day in range(1, 11):
        assert f"Le texte {day}." in site.read(f"2022/02/{day:02d}/bon-{day}.html")
    messages = "\n".join(site.messages())
    # Refused or reported with its file: the alias bomb, the impossible date, the NUL.
    assert "_posts/2022-01-07-bomb.md" in messages and "JK000" in messages
    assert "_posts/2022-01-08-date.md" in messages
    assert "_posts/2022-01-12-nul.md" in messages and "JK021" in messages
    # No script survives in any page that was written, as a browser parses it (html5lib);
    # a payload the renderer shows as text (escaped) is harmless.
    for page in site.output.rglob("*.html"):
        document = html5lib.parse(page.read_text(encoding="utf-8"), namespaceHTMLElements=False)
        for element in document.iter():
            for name, value in element.attrib.items():
                assert not name.lower().startswith("on"), (page, element.tag, name)
                assert "javascript:" not in "".join(value.lower().split()), (page, name)


def test_lint_ends_without_a_traceback_and_names_what_it_could_not_check(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    for name, text in {**hostile_posts(), **GOOD}.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    code = main(["lint", "--format", "json", "--no-progress", "--jobs", "1", "_posts"])
    captured = capsys.readouterr()
    data = json.loads(captured.out)
    assert code in (0, 1)
    assert "Traceback" not in captured.err
    assert data["summary"]["files"] == len(hostile_posts()) + len(GOOD)
    # The hostile files were linted, not skipped: their broken links are reported by name.
    reported = {f["path"].rsplit("/", 1)[-1] for f in data["findings"]}
    assert "2022-01-10-script.md" in reported


def test_a_summary_quoting_html_cannot_break_out_of_a_themes_meta_description() -> None:
    """notmyidea prints ``content="{{ article.summary|striptags }}"``: striptags decodes
    ``&lt;`` and ``&quot;``, so the summary's text must hold no straight quote."""
    from markupsafe import Markup

    from pelican_fast.core.safe_html import harden_for_striptags

    summary = (
        '<p>&lt;img src="x.png"onerror="alert(1)"&gt;&lt;svg/onload=&quot;alert(2)&quot;&gt;</p>'
    )
    printed = (
        f'<meta name="description" content="{Markup(harden_for_striptags(summary)).striptags()}">'
    )
    document = html5lib.parse(printed, namespaceHTMLElements=False)
    elements = [e for e in document.iter() if e.tag in ("img", "svg")]
    assert elements == []  # the payload stays text inside the attribute
    meta = next(e for e in document.iter() if e.tag == "meta")
    assert set(meta.attrib) == {"name", "content"}
    assert harden_for_striptags('<a href="/x" title="t">y</a>') == '<a href="/x" title="t">y</a>'
