"""The linter agrees with the kramdown renderer: same links, at the same line and column.

For every text of a varied corpus, every ``href``/``src`` the renderer emits (its own
``links()``, placed through its parse) is found by the scanner at the line and column where
the destination is written, and the scanner reports nothing as a link that the renderer
does not emit. Deliberate differences (docs/lint.md, "What counts as a link"):

- bare URLs (kind BARE) and constructs the renderer shows as text (``Link.malformed``) are
  reported *because* they are not links: they are not counted as links here;
- a reference definition nobody uses is checked, though nothing renders it;
- the scanner's other URL attributes (``srcset``, ``poster``...) are not ``href``/``src``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from pelican_fast.jekyll import frontmatter
from pelican_fast.jekyll.kramdown import KramdownOptions, KramdownRenderer
from pelican_fast.links.model import BARE, DEFINITION, FRONT_MATTER, HTML, LineIndex
from pelican_fast.links.scanner import KRAMDOWN_BLOCK_TAGS, scan
from tests.conftest import EXAMPLE_POSTS, REPO
from tests.kramdown.test_kramdown_links import emitted
from tests.links.test_rules import POSITIVE
from tests.links.test_scanner import FRAGMENTS

Place = tuple[int, int]
RECORDED = json.loads((REPO / "tests/data/kramdown/expected.json").read_text(encoding="utf-8"))
POSTS = sorted(
    [
        *(REPO / "tests/links/corpus").glob("*.md"),
        *(REPO / "tests/data/kramdown/corpus").glob("*.md"),
        *EXAMPLE_POSTS.glob("*.md"),
    ]
)
# Where the renderer itself differs from kramdown (Jekyll's recorded output agrees with the
# scanner): documented in docs/markdown.md.
KNOWN = {
    "fuzz2/fuzz-029": "a link inside a link's text: kramdown links the outer one, the renderer the inner",
    "fuzz2/fuzz-083": "a link inside a link's text: kramdown links the outer one, the renderer the inner",
    "fuzz2/fuzz-175": "a list replaced by {:toc} is not rendered: its links are still checked",
}


def rendered(text: str, renderer: KramdownRenderer) -> dict[Place, str]:
    return {(link.line, link.column): link.url for link in renderer.links(text)}


def scanned(text: str) -> tuple[set[Place], set[Place]]:
    """Places of the destinations the scanner takes as links, and of the allowed extras."""
    lines = LineIndex(text)
    links: set[Place] = set()
    allowed: set[Place] = set()
    for link in scan(text).links:
        if link.kind in (BARE, FRONT_MATTER) or link.malformed:
            continue
        if link.kind == HTML and link.attr.lower() not in ("href", "src"):
            continue
        # The renderer places what follows the "<" of [t](<url>) and of [id]: <url>.
        angle = link.kind != HTML and text.startswith("<", link.dest_start)
        place = lines.position(link.dest_start + angle)
        (allowed if link.kind == DEFINITION else links).add(place)
    return links, allowed


def disagreements(text: str, renderer: KramdownRenderer) -> tuple[list[Place], list[Place]]:
    """(emitted but not found, found but not emitted)."""
    text = text.replace("\r\n", "\n")
    emitted = rendered(text, renderer)
    links, allowed = scanned(text)
    missing = sorted(set(emitted) - links - allowed)
    extra = sorted(links - set(emitted))
    return missing, extra


def corpus() -> Iterator[tuple[str, str, KramdownRenderer]]:
    default = KramdownRenderer()
    for path in POSTS:
        body = frontmatter.split(path.read_text(encoding="utf-8")).body
        yield str(path.relative_to(REPO)), body, default
    for name, case in sorted(RECORDED.items()):
        options = KramdownOptions.from_config(case["options"])
        yield name, case["input"], KramdownRenderer(options)


CORPUS = list(corpus())


def test_the_corpus_is_varied() -> None:
    emitted = sum(len(rendered(text, renderer)) for _, text, renderer in CORPUS)
    assert len(CORPUS) > 500 and emitted > 1000
    assert any(name.startswith("example_site") for name, _, _ in CORPUS)


@pytest.mark.parametrize(("name", "text", "renderer"), CORPUS, ids=[c[0] for c in CORPUS])
def test_the_scanner_finds_what_kramdown_renders(
    name: str, text: str, renderer: KramdownRenderer
) -> None:
    missing, extra = disagreements(text, renderer)
    if name in KNOWN:
        assert missing or extra, f"{name} agrees now: remove it from KNOWN"
        return
    assert (missing, extra) == ([], [])


def test_agreement_rate_over_the_corpus() -> None:
    """Every emitted destination of the corpus is found, the known cases aside."""
    emitted = found = 0
    for name, text, renderer in CORPUS:
        places = rendered(text.replace("\r\n", "\n"), renderer)
        missing, _ = disagreements(text, renderer)
        emitted += len(places)
        found += len(places) - len(missing)
        assert name in KNOWN or not missing
    assert found / emitted > 0.998


WORDS = ["Le", "mot", "l'État", "voir", "(x)", "**gras**", "_i_", "`c`", "https://bare.fr/x"]
SEPARATORS = [" ", "\n", "\n\n", "\n- ", "\n> ", "\n\n    ", "\n1. ", "\n  ", "\n\n## "]
blocks = st.lists(
    st.tuples(
        st.sampled_from(FRAGMENTS + [case[0] for case in POSITIVE] + WORDS),
        st.sampled_from(SEPARATORS),
    ),
    min_size=1,
    max_size=20,
).map(lambda parts: "".join(piece + gap for piece, gap in parts))


# Where this renderer differs from kramdown 2.4 (Jekyll 4.3.1) and the scanner follows
# kramdown (docs/markdown.md, "Known differences"): an empty list item ("- " alone: kramdown
# goes on with the item, or reads "text\n- " as a heading), text after the closing tag of an
# HTML block on the same line ("</div> [a](/a)": kramdown starts a paragraph there), and a
# list item that starts with a block tag ("- <iframe src>": kramdown renders the element).
_BLOCK_NAMES = "|".join(sorted(KRAMDOWN_BLOCK_TAGS))
RENDERER_DIFFERS = re.compile(
    r"^[ ]{0,3}(?:[*+-]|\d+\.)[ \t]*$"
    r"|</[A-Za-z]+>[ \t]*[^\s<]"
    rf"|^[ ]{{0,3}}(?:[*+-]|\d+\.)[ \t]+<(?:{_BLOCK_NAMES})\b",
    re.M | re.I,
)


@settings(
    max_examples=300,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(blocks)
def test_the_scanner_agrees_with_kramdown_on_generated_posts(text: str) -> None:
    assume(RENDERER_DIFFERS.search(text) is None)
    assert disagreements(text, KramdownRenderer()) == ([], [])


def test_the_corpus_paths_exist() -> None:
    assert all(Path(path).exists() for path in POSTS)


# Where the scanner's URLs differ from what Jekyll 4.3.1 wrote (docs/lint.md).
JEKYLL_KNOWN = {
    "cases/html-entities-in-link": "an entity in a destination: kramdown decodes it, the url keeps it",
    "cases/links-variety": "'[c] [d](…)': kramdown leaves [c] as text (so does the renderer's KNOWN)",
    "fuzz2/fuzz-175": "a list replaced by {:toc} is not rendered: its links are still checked",
}


def _urls(counter: dict[str, int]) -> dict[str, int]:
    return {url: n for url, n in counter.items() if not url.startswith("#") and n}


@pytest.mark.parametrize("name", sorted(RECORDED))
def test_the_scanner_finds_what_jekyll_wrote(name: str) -> None:
    """The recorded HTML of Jekyll itself, not this renderer: the same URLs, as many times."""
    wrote = _urls(emitted(RECORDED[name]["html"]))
    found: dict[str, int] = {}
    for link in scan(RECORDED[name]["input"]).links:
        if link.kind in (BARE, FRONT_MATTER, DEFINITION) or link.malformed:
            continue
        if link.kind == HTML and link.attr.lower() not in ("href", "src"):
            continue
        found[link.url] = found.get(link.url, 0) + 1
    if name in JEKYLL_KNOWN:
        assert _urls(found) != wrote, f"{name} agrees now: remove it from JEKYLL_KNOWN"
    else:
        assert _urls(found) == wrote
