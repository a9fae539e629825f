"""Front matter is constructed as PyYAML constructs it, whichever way it is built."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from pelican_fast.jekyll import frontmatter
from pelican_fast.jekyll.frontmatter import FrontMatterError, SafeLoader, SplitFile

ROOT = Path(__file__).resolve().parent.parent


def _pyyaml(text: str) -> Any:
    """The reference: PyYAML's own construction of the document."""
    loader = SafeLoader(text)
    try:
        node = loader.get_single_node()
        return None if node is None else loader.construct_document(node)
    finally:
        loader.dispose()


def _ours(text: str) -> Any:
    return frontmatter._load(SplitFile(text, "", 2, 1, 0, False))


def _same(text: str) -> None:
    try:
        expected = _pyyaml(text)
    except (yaml.YAMLError, ValueError, OverflowError):
        with pytest.raises((yaml.YAMLError, FrontMatterError)):
            _ours(text)
        return
    got = _ours(text)
    assert got == expected
    assert repr(got) == repr(expected)  # types too: 1 vs True vs 1.0, date vs datetime


SAMPLES = [
    "title: x\ndate: 2019-12-03\ntags: [a, b]\n",
    "date: 2019-12-03 10:00:00 +01:00\nyes: no\non: off\n~: null\n",
    "n: 0x1F\no: 017\ns: 1:20:30\nf: 1.5e3\ninf: .inf\nnan: .NaN\nb: 0b101\n",
    "a: &x [1, 2]\nb: *x\n",  # an alias: PyYAML's path
    "base: &b {x: 1}\nmerged:\n  <<: *b\n  y: 2\n",  # a merge key
    "= : value\n",
    "? [a, b]\n: unhashable key\n",
    "? {a: b}\n: mapping key\n",
    "bad: 2020-02-30\n",
    "bin: !!binary aGVsbG8=\nset: !!set {a, b}\n",
    "omap: !!omap [a: 1, b: 2]\n",
    "custom: !ruby/object:Foo {a: 1}\n",
    "deep: " + "[" * 60 + "]" * 60 + "\n",
    "dup: 1\ndup: 2\nother: 3\n",
    "1: one\ntrue: yes\n2019-01-01: day\n1.5: half\n",
    "excerpt: >-\n  folded\n  text\nliteral: |\n  a\n  b\n",
    "- a list\n- at the root\n",
    "just a scalar\n",
    "categories:\n  - [nested, [deeper]]\n  - {k: v}\nauthor: {name: A, url: /a}\n",
    "big: 99999999999999999999999999999999\nneg: -0\nplus: +12\n",
]


@pytest.mark.parametrize("text", SAMPLES)
def test_samples(text: str) -> None:
    _same(text)


def _front_matters() -> list[str]:
    texts = []
    for folder in ("example_site/content", "tests/links/corpus"):
        for path in sorted((ROOT / folder).rglob("*.md")):
            parts = frontmatter.split(path.read_text(encoding="utf-8-sig", errors="replace"))
            if parts.yaml_text:
                texts.append(parts.yaml_text)
    return texts


def test_the_repository_s_posts() -> None:
    texts = _front_matters()
    assert texts
    for text in texts:
        _same(text)


_SCALARS = st.sampled_from(
    [
        "x",
        "yes",
        "No",
        "~",
        "null",
        "0",
        "012",
        "0x1f",
        "1_000",
        "1:30",
        "1.5",
        ".inf",
        "-.5",
        "2019-12-03",
        "2019-12-03 10:00",
        "2019-12-03T10:00:00Z",
        "2020-02-30",
        "'quoted'",
        '"dq \\u00e9"',
        "[]",
        "{}",
        "<<",
        "=",
        "é",
        "a: b",
        "- c",
    ]
)


@st.composite
def _documents(draw: st.DrawFn) -> str:
    lines = []
    for _ in range(draw(st.integers(1, 6))):
        key = draw(_SCALARS)
        shape = draw(st.integers(0, 2))
        if shape == 0:
            lines.append(f"{key}: {draw(_SCALARS)}")
        elif shape == 1:
            items = ", ".join(draw(st.lists(_SCALARS, max_size=4)))
            lines.append(f"{key}: [{items}]")
        else:
            lines.append(f"{key}:\n  {draw(_SCALARS)}: {draw(_SCALARS)}")
    return "\n".join(lines) + "\n"


@given(_documents())
def test_generated_documents(text: str) -> None:
    _same(text)


def test_a_timestamp_is_a_date_or_a_datetime_as_pyyaml_says() -> None:
    data = _ours("a: 2019-12-03\nb: 2019-12-03 10:00:00\n")
    assert type(data["a"]) is dt.date and type(data["b"]) is dt.datetime


def test_plain_documents_skip_pyyaml_s_generic_construction(monkeypatch) -> None:
    def refused(self: object, node: object) -> None:
        raise AssertionError("constructed by PyYAML")

    monkeypatch.setattr(SafeLoader, "construct_document", refused)
    assert _ours("a: [1, {b: c}]\nd: 2019-12-03\n") == {
        "a": [1, {"b": "c"}],
        "d": dt.date(2019, 12, 3),
    }
    with pytest.raises(AssertionError):
        _ours("base: &b {x: 1}\nm:\n  <<: *b\n")
