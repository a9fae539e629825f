"""The link documentation cannot drift from the code."""

from __future__ import annotations

import argparse

import yaml

from pelican_fast.cli import lint
from pelican_fast.links import rules
from tests.conftest import REPO

DOCS = REPO / "docs"


def test_rule_pages_are_generated_from_the_catalogue() -> None:
    folder = DOCS / "rules"
    expected = rules.pages()
    for name, text in expected.items():
        path = folder / name
        assert path.exists(), f"missing {path}: run python -m pelican_fast.links.rules docs/rules"
        assert path.read_text(encoding="utf-8") == text, (
            f"{path} is stale: run python -m pelican_fast.links.rules docs/rules"
        )
    assert {p.name for p in folder.glob("*.md")} == set(expected)


def test_every_rule_page_has_what_why_example_and_fix() -> None:
    for rule in rules.RULES:
        page = (DOCS / "rules" / f"{rule.code}.md").read_text(encoding="utf-8")
        for heading in ("## What it finds", "## Why", "## Example", "## Fix"):
            assert heading in page, (rule.code, heading)
        assert rule.bad in page
        if rule.good is not None:
            assert rule.good in page


def test_lint_page_documents_every_option_and_the_json_fields() -> None:
    text = (DOCS / "lint.md").read_text(encoding="utf-8")
    parser = argparse.ArgumentParser()
    lint.add_parser(parser.add_subparsers())
    subparser = parser._subparsers._group_actions[0].choices["lint"]  # type: ignore[union-attr]
    for action in subparser._actions:
        for option in action.option_strings:
            if option.startswith("--") and option != "--help":
                assert f"`{option}" in text, option
    for field in (
        "path",
        "line",
        "column",
        "end_line",
        "end_column",
        "code",
        "severity",
        "message",
        "fix",
        "applicability",
        "replacement",
    ):
        assert f'"{field}"' in text, field
    assert "disable-next-line" in text and "pre-commit" in text


def test_pre_commit_hooks_run_the_lint_command() -> None:
    hooks = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    entries = {hook["id"]: hook["entry"] for hook in hooks}
    assert entries["pelican-fast-lint"] == "pelican-fast lint"
    assert entries["pelican-fast-fix"] == "pelican-fast lint --fix"
    assert all(hook["types_or"] == ["markdown"] for hook in hooks)
