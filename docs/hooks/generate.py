"""MkDocs hook: pages generated from the code, so the documentation cannot drift.

- reference/cli.md: every subcommand and option, from the argparse parser itself.
"""

from __future__ import annotations

import argparse
from typing import Any

from mkdocs.structure.files import File, Files


def _options_table(parser: argparse.ArgumentParser) -> list[str]:
    rows = ["| Option | Meaning | Default |", "| --- | --- | --- |"]
    for action in parser._actions:  # argparse has no public API for this
        if isinstance(action, argparse._SubParsersAction) or action.help == argparse.SUPPRESS:
            continue
        names = ", ".join(f"`{name}`" for name in action.option_strings) or f"`{action.dest}`"
        if action.metavar and action.option_strings:
            names += f" `{action.metavar}`"
        default = action.default
        shown = (
            ""
            if default in (None, False, argparse.SUPPRESS)
            or action.option_strings == ["-h", "--help"]
            else f"`{default}`"
        )
        help_text = (action.help or "").replace("|", "\\|").replace("%(default)s", str(default))
        rows.append(f"| {names} | {help_text} | {shown} |")
    return rows


def cli_reference() -> str:
    from pelican_fast.cli import build_parser

    parser = build_parser()
    lines = [
        "# CLI reference",
        "",
        "Generated from the command's own parser: it is always what `pelican-fast --help` says.",
        "",
        "```",
        parser.format_usage().strip(),
        "```",
        "",
        *_options_table(parser),
    ]
    subparsers = next(
        (a for a in parser._actions if isinstance(a, argparse._SubParsersAction)), None
    )
    for name, sub in subparsers.choices.items() if subparsers else []:
        lines += [
            "",
            f"## `pelican-fast {name}`",
            "",
            sub.description or "",
            "",
            "```",
            sub.format_usage().strip(),
            "```",
            "",
            *_options_table(sub),
        ]
    return "\n".join(lines) + "\n"


def on_files(files: Files, config: Any) -> Files:
    files.append(File.generated(config, "reference/cli.md", content=cli_reference()))
    return files
