"""Hostile front matter: alias bombs refused quickly, bad dates reported where they are.

No timing: the work is counted (nodes built, items visited) or bounded by
construction, so the tests cannot flake on a busy machine.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from pelican_fast.core.source import describe, strip_controls
from pelican_fast.jekyll import frontmatter, post
from pelican_fast.jekyll.config import JekyllConfigError, read_config_file
from pelican_fast.jekyll.frontmatter import FrontMatterError, parse_yaml, split
from tests.conftest import BuildSite


def _laughs(levels: int, width: int = 10, key: str = "title") -> str:
    lines = ['a: &a ["lol"]']
    for level in range(1, levels):
        name = chr(ord("a") + level)
        previous = chr(ord("a") + level - 1)
        lines.append(f"{name}: &{name} [" + ", ".join(f"*{previous}" for _ in range(width)) + "]")
    lines.append(f"{key}: *{chr(ord('a') + levels - 1)}")
    return "---\n" + "\n".join(lines) + "\n---\nbody\n"


class _Counting:
    """Counts the nodes PyYAML constructs: a refused document constructs none."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.count = 0
        loader = frontmatter.SafeLoader
        original = loader.construct_document

        def counted(this: object, node: yaml.Node) -> object:
            self.count += 1
            return original(this, node)  # type: ignore[arg-type]

        monkeypatch.setattr(loader, "construct_document", counted)


def test_billion_laughs_is_refused_before_anything_is_built(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    counting = _Counting(monkeypatch)
    with pytest.raises(FrontMatterError) as raised:
        parse_yaml(split(_laughs(10)))  # 10**9 "lol"s
    assert "YAML aliases expand to more than" in raised.value.message
    assert raised.value.line >= 2 and raised.value.column >= 1
    assert counting.count == 0


def test_a_bomb_of_long_strings_is_refused() -> None:
    text = "---\na: &a '" + "x" * 100_000 + "'\nb: [" + ", ".join(["*a"] * 50) + "]\n---\n"
    with pytest.raises(FrontMatterError, match="aliases expand"):
        parse_yaml(split(text))


def test_ordinary_aliases_and_merge_keys_still_work() -> None:
    text = (
        "---\nbase: &base {layout: post, lang: fr}\n"
        "page:\n  <<: *base\n  title: x\ntags: &t [a, b]\nalso: *t\n---\n"
    )
    data = parse_yaml(split(text))
    assert data["page"] == {"layout": "post", "lang": "fr", "title": "x"}
    assert data["also"] == ["a", "b"]
    assert parse_yaml(split(_laughs(4)))["title"]  # 1,000 values: fine


def test_an_alias_inside_itself_is_refused() -> None:
    with pytest.raises(FrontMatterError, match="refers to a value that contains it") as raised:
        parse_yaml(split("---\ntitle: x\ntags: &a [x, *a]\n---\n"))
    assert raised.value.line == 3


@pytest.mark.parametrize(
    ("value", "column"),
    [("2020-02-30", 7), ("2020-13-01", 7), ("2020-01-01 25:61:61", 7)],
)
def test_a_date_pyyaml_cannot_build_is_a_front_matter_error(value: str, column: int) -> None:
    with pytest.raises(FrontMatterError) as raised:
        parse_yaml(split(f"---\ntitle: x\nlayout: post\ndate: {value}\n---\nbody\n"))
    assert raised.value.message.startswith(f"invalid date '{value}'")
    assert (raised.value.line, raised.value.column) == (4, column)


def test_a_bad_date_in_a_nested_value_is_found() -> None:
    with pytest.raises(FrontMatterError) as raised:
        parse_yaml(split("---\nevents:\n  - when: 2020-01-01\n  - when: 2021-02-29\n---\n"))
    assert (raised.value.line, raised.value.column) == (4, 11)


def test_flatten_and_to_s_survive_shared_and_looping_structures() -> None:
    shared: list[object] = ["a"]
    for _ in range(40):  # 2**40 leaves if expanded
        shared = [shared, shared]
    assert len(post._flatten(shared)) <= post._FLATTEN_LIMIT
    looped: list[object] = ["x"]
    looped.append(looped)
    assert post._flatten(looped) == ["x"]
    assert len(post._ruby_to_s(shared)) < 10_000
    assert post._ruby_to_s(looped).startswith("['x'")
    assert post._flatten(["a", ["b", ("c", ["d"])], "e"]) == ["a", "b", "c", "d", "e"]
    assert post._ruby_to_s({"k": 1}) == "{'k': 1}"


def test_flatten_of_empty_nested_lists_is_bounded() -> None:
    """2**40 empty lists produce no output: the bound is on work, not on output."""
    empty: list[object] = []
    for _ in range(40):
        empty = [empty, empty]
    assert post._flatten([empty]) == []


def test_control_characters_are_stripped_with_their_lines() -> None:
    text = "ligne 1\nligne\x00 2\r\nok\tlà\nfin\x07\x1b[31m\n\ufffe"
    cleaned, lines = strip_controls(text, first_line=5)
    assert cleaned == "ligne 1\nligne 2\r\nok\tlà\nfin[31m\n"
    assert lines == [6, 8, 9]
    assert strip_controls("propre\n") == ("propre\n", [])
    assert describe([6]) == "line 6" and describe([6, 8, 9]) == "lines 6, 8 and 9"
    assert describe(list(range(1, 30))).endswith("(29 lines)")


def test_strip_controls_is_linear_in_matches() -> None:
    """Every match counts newlines only since the previous one: the text is read once."""
    text = ("x\x00\n" * 50_000) + "\x01"
    cleaned, lines = strip_controls(text)
    assert len(lines) == 50_001 and "\x00" not in cleaned and lines[-1] == 50_001


def test_build_reports_bomb_and_bad_date_and_builds_the_rest(build_site: BuildSite) -> None:
    good = "---\ntitle: Bon\ndate: 2020-01-05\n---\nCorps.\n"
    bad_date = "---\ntitle: Date\ndate: 2020-02-30\n---\nCorps.\n"
    site = build_site(
        {
            "_posts/2020-01-05-bon.md": good,
            "_posts/2020-01-06-bombe.md": _laughs(9, key="tags"),
            "_posts/2020-01-07-date.md": bad_date,
        }
    )
    assert list(site.output.rglob("bon.html"))
    messages = "\n".join(site.messages())
    assert "bombe.md" in messages and "YAML aliases expand" in messages
    assert "date.md" in messages and "invalid date '2020-02-30'" in messages


def test_the_check_walks_each_node_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """Work is counted: a 10**9 expansion is judged from its ~100 nodes."""
    calls = 0
    original = frontmatter._children

    def counted(node: yaml.Node) -> list[yaml.Node]:
        nonlocal calls
        calls += 1
        return original(node)

    monkeypatch.setattr(frontmatter, "_children", counted)
    with pytest.raises(FrontMatterError):
        parse_yaml(split(_laughs(10)))
    assert calls <= 2 * (10 * 11 + 12)  # at most twice per node of the graph


def test_config_and_data_files_are_bounded_too(tmp_path: Path) -> None:
    bomb = _laughs(10).split("---\n")[1]
    config = tmp_path / "_config.yml"
    config.write_text(bomb, encoding="utf-8")
    with pytest.raises(JekyllConfigError, match=r"line \d+, column \d+: YAML aliases expand"):
        read_config_file(str(config))
    with pytest.raises(ValueError, match="aliases expand"):
        frontmatter.load_yaml(bomb)
    assert frontmatter.load_yaml("a: &x [1]\nb: *x\n") == {"a": [1], "b": [1]}
