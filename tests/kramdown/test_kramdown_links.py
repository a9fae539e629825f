"""links() agrees with render() by construction: every href/src the HTML holds is listed, at
the source line and column where its destination is written, and nothing else is listed.

Footnote and table-of-contents anchors (``#fn:…``, ``#fnref:…``, ``#markdown-toc``) are made
by the renderer, not written in the source, and are left out on both sides.
"""

from __future__ import annotations

import html
import json
from collections import Counter

import pytest
from bs4 import BeautifulSoup
from hypothesis import given, settings
from hypothesis import strategies as st

from pelican_fast.jekyll.kramdown import KramdownOptions, KramdownRenderer
from tests.conftest import REPO

RECORDED = json.loads((REPO / "tests/data/kramdown/expected.json").read_text(encoding="utf-8"))
GENERATED = ("footnote", "reversefootnote")


def emitted(rendered: str) -> Counter[str]:
    urls: Counter[str] = Counter()
    for tag in BeautifulSoup(rendered, "html.parser").find_all(True):
        classes = tag.get("class") or []
        if any(c in GENERATED for c in classes) or str(tag.get("id", "")).startswith(
            "markdown-toc"
        ):
            continue
        for attr in ("href", "src"):
            if tag.has_attr(attr):
                urls[str(tag[attr])] += 1
    return urls


@pytest.mark.parametrize("name", sorted(RECORDED))
def test_links_are_what_is_rendered(name: str) -> None:
    case = RECORDED[name]
    renderer = KramdownRenderer(KramdownOptions.from_config(case["options"]))
    links = renderer.links(case["input"])
    assert Counter(link.url for link in links) == emitted(renderer.render(case["input"]))
    lines = case["input"].replace("\r\n", "\n").split("\n")
    for link in links:
        written = lines[link.line - 1][link.column - 1 :]
        assert written.startswith(link.destination), (link, written)
        if link.kind.startswith("html-"):
            assert html.unescape(link.destination) == link.url


def test_a_place_is_exact() -> None:
    text = 'Intro\n\n> - see [the doc](https://doc.example/a "t") and ![x](/img/a.png)\n'
    line = text.split("\n")[2]
    found = {(link.line, link.column, link.kind) for link in KramdownRenderer().links(text)}
    assert found == {(3, line.index("https:") + 1, "link"), (3, line.index("/img") + 1, "image")}
    assert line.index("https:") + 1 == 19


def test_text_that_is_not_a_link_is_not_listed() -> None:
    text = "`[a](http://code.example)` and \\[b](http://escaped.example) and https://bare.example\n"
    assert KramdownRenderer().links(text) == []


PIECES = [
    "- ",
    "* ",
    "1. ",
    "> ",
    "    ",
    "  ",
    "\n",
    "\n\n",
    "```",
    "~~~",
    "{: .a}",
    "{:toc}",
    "{::comment}",
    "{:/}",
    "<div>",
    "</div>",
    '<div markdown="1">',
    "| a |",
    "|---|",
    "[",
    "]",
    "(",
    ")",
    "![",
    "[^1]",
    "[^1]: x",
    "*[A]: b",
    "$$",
    "^",
    ": ",
    "## ",
    "---",
    '"',
    "'",
    "<<",
    "...",
    "`",
    "\\",
    "<!--",
    "-->",
    "<https://x.example>",
    '<a href="h">',
    "x",
    "é",
    "\t",
    "{#id}",
    "* TOC",
    "- [ ] ",
    "[r]: /ref",
    "[r]",
    "](/u v)",
]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=40))
def test_any_input_renders_and_links_agree(pieces: list[str]) -> None:
    """Arbitrary combinations: no exception, and every listed link is where it says."""
    text = "".join(pieces)
    renderer = KramdownRenderer()
    renderer.render(text)
    lines = text.replace("\r\n", "\n").split("\n")
    for link in renderer.links(text):
        assert lines[link.line - 1][link.column - 1 :].startswith(link.destination), link
