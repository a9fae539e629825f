"""The renderer stays linear on hostile input: doubling the input must not quadruple the work.

Work is counted, not timed: the number of Python and C function calls made while rendering
(``sys.setprofile``), which is deterministic. A quadratic rule (a rescan from every opener)
shows as a ratio near 4 between n and 2n; linear work gives about 2. Long C-level scans are
kept bounded by construction (see inline.py, html_blocks.py, tables.py) and are not seen here.
"""

from __future__ import annotations

import sys
from collections.abc import Callable

import pytest

from pelican_fast.jekyll.kramdown import KramdownRenderer

RENDERER = KramdownRenderer()

HOSTILE: dict[str, Callable[[int], str]] = {
    "brackets": lambda n: "[" * n,
    "images": lambda n: "![" * n,
    "closed-images": lambda n: "![" * n + "]" * n,
    "nested-list-markers": lambda n: "- " * n + "x\n",
    "nested-list-lines": lambda n: "".join("  " * min(i, 40) + "- x\n" for i in range(n)),
    "nested-blockquotes": lambda n: ">" * n + " x\n",
    "line-of-links": lambda n: "[a](http://x.example/y) " * n,
    "links-with-spaces": lambda n: "[a](b c " * n + ")",
    "unclosed-divs": lambda n: "<div>\n\n" * n,
    "unclosed-attribute-quotes": lambda n: '<a "' * n,
    "unclosed-math": lambda n: "$$a\n\n" * n,
    "quotes": lambda n: "'\"" * n,
    "table-backticks": lambda n: "| a " * n + "\n|---|\n| " + "`" * n + "\n",
    "emphasis": lambda n: "*a **b " * n,
    "ials": lambda n: "{: .a}\n" * n,
    "unclosed-comments": lambda n: "{::comment}\n" * n,
    "unclosed-raw-in-html-block": lambda n: (
        "<div>\n" + "<script <!-- <https://x> " * n + "\n</div>\n"
    ),
    "unclosed-fences": lambda n: "```\ntext\n" * n,
    "unclosed-tilde-fences-in-list": lambda n: "- ~~~\n" * n,
    "footnote-refs": lambda n: "[^1]" * n + "\n\n[^1]: x\n",
    "abbreviations": lambda n: "HTML " * n + "\n\n*[HTML]: x\n",
}


def calls(text: str) -> int:
    count = 0

    def profile(frame: object, event: str, arg: object) -> None:
        nonlocal count
        if event in ("call", "c_call"):
            count += 1

    sys.setprofile(profile)
    try:
        RENDERER.render(text)
    finally:
        sys.setprofile(None)
    return count


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_doubling_input_does_not_quadruple_work(name: str) -> None:
    make = HOSTILE[name]
    small, large = calls(make(1500)), calls(make(3000))
    assert large <= 2.6 * small, (name, small, large)


def test_the_count_sees_quadratic_work() -> None:
    """The measure can fail: a rescan from every position shows as about 4."""

    def quadratic(n: int) -> None:
        for i in range(n):
            for _ in range(i):
                len("")

    def counted(n: int) -> int:
        count = 0

        def profile(frame: object, event: str, arg: object) -> None:
            nonlocal count
            count += event == "c_call"

        sys.setprofile(profile)
        try:
            quadratic(n)
        finally:
            sys.setprofile(None)
        return count

    assert counted(200) > 3.5 * counted(100)
