"""Every relative link of README.md and docs/*.md points at a file of the repository.

The documentation is read on GitHub as much as on the MkDocs site: a link to a
page only MkDocs generates, or to a renamed file, is broken there.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote

import pytest
from markdown_it import MarkdownIt

ROOT = Path(__file__).resolve().parent.parent
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md")), ROOT / "docs/rules/README.md"]
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")


def relative_links(text: str) -> list[str]:
    """Destinations of links and images (code spans and blocks excluded), relative ones."""
    found: list[str] = []
    for token in MarkdownIt("commonmark").parse(text):
        for child in token.children or []:
            target = child.attrGet("href") if child.type == "link_open" else None
            if child.type == "image":
                target = child.attrGet("src")
            if (
                isinstance(target, str)
                and target
                and not _SCHEME.match(target)
                and not target.startswith(("#", "//"))
            ):
                found.append(target)
    return found


def test_the_link_finder_sees_links_and_skips_code() -> None:
    text = "[a](docs/x.md) ![i](img/y.png) [w](https://a.fr) [f](#top)\n\n`[c](no.md)`\n"
    assert relative_links(text) == ["docs/x.md", "img/y.png"]


@pytest.mark.parametrize("page", PAGES, ids=lambda p: str(p.relative_to(ROOT)))
def test_relative_links_resolve_to_files_of_the_repository(page: Path) -> None:
    broken = []
    for target in relative_links(page.read_text(encoding="utf-8")):
        path = unquote(target.split("#", 1)[0].split("?", 1)[0])
        resolved = (page.parent / path).resolve()
        if not resolved.exists() or ROOT not in (resolved, *resolved.parents):
            broken.append(target)
    assert broken == [], f"{page.relative_to(ROOT)}: broken relative links {broken}"
