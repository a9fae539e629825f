"""The renderer against real kramdown: each case's HTML as Jekyll 4.3.1 wrote it.

tests/data/kramdown/expected.json is recorded by tools/kramdown_record.py (Jekyll's own
converter: kramdown 2.4.0 + kramdown-parser-gfm 1.1.0). What is normalised before comparing is
listed in tests/kramdown/normalise.py (whitespace between blocks, attribute order, Rouge's
token spans inside <pre>); tags, nesting, attribute values, text and ids must be identical.
"""

from __future__ import annotations

import json

import pytest

from pelican_fast.jekyll.kramdown import KramdownOptions, KramdownRenderer
from tests.conftest import REPO
from tests.kramdown.normalise import normalise

RECORDED = json.loads((REPO / "tests/data/kramdown/expected.json").read_text(encoding="utf-8"))

# Cases where the renderer is known to differ from kramdown (documented in docs/markdown.md).
KNOWN = {
    "cases/links-variety": "kramdown reads '[c] [d](…)' as text and a reference '[d]' with a space",
    "cases/opt-input-kramdown": "input: kramdown (not GFM) is not emulated",
}


def _render(case: dict) -> str:
    return KramdownRenderer(KramdownOptions.from_config(case["options"])).render(case["input"])


@pytest.mark.parametrize("name", sorted(n for n in RECORDED if n.startswith("cases/")))
def test_case(name: str) -> None:
    if name in KNOWN:
        pytest.xfail(KNOWN[name])
    case = RECORDED[name]
    assert normalise(_render(case)) == normalise(case["html"])


def _differing(prefixes: tuple[str, ...]) -> tuple[list[str], list[str]]:
    names = sorted(n for n in RECORDED if n.startswith(prefixes))
    failing = [
        n for n in names if normalise(_render(RECORDED[n])) != normalise(RECORDED[n]["html"])
    ]
    return names, failing


def test_corpus_pass_rate() -> None:
    """Realistic posts (and the seed posts): at least this share render as kramdown does."""
    names, failing = _differing(("corpus/", "seed/"))
    print(f"corpus: {len(names) - len(failing)}/{len(names)} identical; differing: {failing}")
    assert len(names) >= 70
    assert 1 - len(failing) / len(names) >= 0.97, failing


@pytest.mark.parametrize(("prefix", "count", "rate"), [("fuzz/", 150, 0.98), ("fuzz2/", 200, 0.88)])
def test_random_combinations_pass_rate(prefix: str, count: int, rate: float) -> None:
    """Seeded random combinations of the pieces posts are made of (tools/kramdown_record.py):
    ``fuzz/`` flat, ``fuzz2/`` nested and glued without blank lines (stranger than posts)."""
    names, failing = _differing((prefix,))
    print(f"{prefix} {len(names) - len(failing)}/{len(names)} identical; differing: {failing}")
    assert len(names) == count
    assert 1 - len(failing) / len(names) >= rate, failing
