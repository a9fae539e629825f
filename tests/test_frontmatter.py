"""Front matter: every way real posts open and close it, and readable YAML errors."""

from __future__ import annotations

import datetime as dt

import pytest

from pelican_fast.jekyll import frontmatter


def parse(text: str) -> dict:
    return frontmatter.parse_yaml(frontmatter.split(text))


def test_split_keeps_line_numbers() -> None:
    parts = frontmatter.split("---\ntitle: A\ndate: 2019-01-01\n---\nBody line\n")
    assert parts.yaml_text == "title: A\ndate: 2019-01-01\n"
    assert parts.body == "Body line\n"
    assert parts.body_first_line == 5


def test_dots_close_front_matter() -> None:
    assert parse("---\ntitle: A\n...\nBody\n") == {"title": "A"}


def test_crlf_and_bom() -> None:
    data = "\ufeff---\r\ntitle: Été\r\n---\r\nCorps\r\n".encode()
    text, had_bom = frontmatter.decode(data)
    parts = frontmatter.split(text, had_bom)
    assert parts.had_bom
    assert frontmatter.parse_yaml(parts) == {"title": "Été"}
    assert parts.body == "Corps\r\n"


def test_no_front_matter() -> None:
    parts = frontmatter.split("# Just Markdown\n---\nnot yaml\n")
    assert parts.yaml_text is None
    assert parts.body.startswith("# Just Markdown")


def test_empty_front_matter() -> None:
    assert parse("---\n---\nBody\n") == {}


def test_horizontal_rule_in_body_is_not_a_closer() -> None:
    parts = frontmatter.split("---\na: 1\n---\ntext\n\n---\n\nmore\n")
    assert parts.body == "text\n\n---\n\nmore\n"


@pytest.mark.parametrize(
    ("yaml_title", "expected"),
    [
        ("title: Plain title", "Plain title"),
        ("title: 'L''été'", "L'été"),
        ('title: "Tab\\tand \\u00e9"', "Tab\tand é"),
        ("title: >-\n  Folded\n  title", "Folded title"),
        ("title: |\n  Literal\n  title", "Literal\ntitle\n"),
        ("title: Multi\n  line plain", "Multi line plain"),
    ],
)
def test_title_forms(yaml_title: str, expected: str) -> None:
    assert parse(f"---\n{yaml_title}\n---\n")["title"] == expected


def test_yaml_values_are_typed() -> None:
    data = parse("---\ndate: 2019-12-03\npublished: false\ntags: [a, b]\n---\n")
    assert data == {"date": dt.date(2019, 12, 3), "published": False, "tags": ["a", "b"]}


def test_invalid_yaml_reports_line_and_column_in_the_file() -> None:
    text = "---\ntitle: ok\ntags: [a, b\ndate: 2019-01-01\n---\nbody\n"
    with pytest.raises(frontmatter.FrontMatterError) as caught:
        parse(text)
    assert caught.value.line in (4, 5)
    assert caught.value.column >= 1
    assert "YAML" in caught.value.message


def test_colon_in_unquoted_title_is_an_error_with_its_line() -> None:
    with pytest.raises(frontmatter.FrontMatterError) as caught:
        parse("---\nlayout: post\ntitle: FAST : les lauréats: enfin\n---\n")
    assert caught.value.line == 3


def test_front_matter_that_is_not_a_mapping() -> None:
    with pytest.raises(frontmatter.FrontMatterError, match="mapping"):
        parse("---\n- a\n- b\n---\n")


def test_key_lines() -> None:
    parts = frontmatter.split("---\ntitle: A\ntags:\n  - x\ndate: 2019-01-01\n---\n")
    assert frontmatter.key_lines(parts) == {"title": 2, "tags": 3, "date": 5}
