"""``pelican-fast init --from-jekyll DIR``: write Pelican settings for a Jekyll blog, and report.

Never overwrites a file without ``--force``; says what it wrote; ends with
what needs the author's attention and the next command to run.
"""

from __future__ import annotations

import argparse
import os
from collections import Counter
from pathlib import Path
from typing import Any

from rich.console import Console

from pelican_fast.app import migrate
from pelican_fast.app.lint import LintRequest, lint
from pelican_fast.core import files as core_files
from pelican_fast.core.settings import ConfigError
from pelican_fast.links.model import Applicability

EXIT_OK, EXIT_USAGE = 0, 2


def add_parser(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "init",
        help="write pelicanconf.py for a Jekyll blog and report what needs attention",
        description=(
            "Read a Jekyll repository (its _config.yml, _posts folders and the files the "
            "posts link to) and write a ready pelicanconf.py and publishconf.py with "
            "pelican-fast enabled and Jekyll's URLs preserved."
        ),
    )
    parser.add_argument(
        "--from-jekyll",
        metavar="DIR",
        type=Path,
        required=True,
        help="the Jekyll repository (the folder holding _config.yml)",
    )
    parser.add_argument(
        "--output",
        metavar="DIR",
        type=Path,
        help="where to write pelicanconf.py and publishconf.py (default: the Jekyll folder)",
    )
    parser.add_argument(
        "--force", action="store_true", help="overwrite pelicanconf.py and publishconf.py"
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    console = Console(highlight=False, soft_wrap=True)
    root: Path = args.from_jekyll.resolve()
    if not root.is_dir():
        console.print(f"[red]error:[/] {args.from_jekyll} is not a folder")
        return EXIT_USAGE
    output: Path = (args.output or root).resolve()
    if output.exists() and not output.is_dir():
        console.print(f"[red]error:[/] --output {args.output} is a file, not a folder")
        return EXIT_USAGE
    try:
        output.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        console.print(f"[red]error:[/] cannot create {output}: {error.strerror or error}")
        return EXIT_USAGE
    result = migrate.survey(root)
    files = {
        output / "pelicanconf.py": migrate.pelicanconf(result, output),
        output / "publishconf.py": migrate.publishconf(result),
    }
    # lexists: a symlink there, even dangling, is never followed (it could point outside).
    existing = [path for path in files if os.path.lexists(path)]
    if existing and not args.force:
        for path in existing:
            what = "is a symlink" if path.is_symlink() else "exists"
            console.print(f"[red]error:[/] {path} {what}; use --force to overwrite it")
        return EXIT_USAGE
    for path, text in files.items():
        try:  # with --force, a symlink is replaced by the file, not written through
            core_files.replace_file(str(path), text.encode("utf-8"))
        except OSError as error:
            console.print(f"[red]error:[/] cannot write {path}: {error.strerror or error}")
            return EXIT_USAGE
        console.print(f"wrote {path}")
    report(console, result, output)
    return EXIT_OK


def report(console: Console, result: migrate.Survey, output: Path) -> None:
    """What was found, what will not be rendered as in Jekyll, and what to run next."""
    console.print()
    config_note = str(result.config_path) if result.config_path else "none found (defaults used)"
    console.print(f"[bold]Jekyll config:[/] {config_note}")
    console.print(
        f"[bold]Posts:[/] {len(result.posts)} in "
        f"{', '.join(result.post_dirs) or 'no _posts folder'}"
        f"; drafts: {len(result.drafts)}"
        + (
            f"; not named YYYY-MM-DD-title (Jekyll ignores them): {len(result.ignored)}"
            if result.ignored
            else ""
        )
        + (f"; with CRLF line endings: {result.crlf}" if result.crlf else "")
    )
    console.print(f"[bold]Static folders:[/] {', '.join(result.static_dirs) or 'none found'}")
    for warning in result.warnings:
        console.print(f"[yellow]warning:[/] {warning}")
    if result.date_differs:
        console.print(
            f"[bold]Front-matter date differs from the file name[/] ({len(result.date_differs)}; "
            "the URL follows the front matter, as in Jekyll), e.g. " + result.date_differs[0]
        )
    _section(
        console,
        "Liquid tags and filters of Jekyll plugins (tags left as written, filters ignored; "
        "write them in Python in PELICAN_FAST['liquid'])",
        result.liquid,
    )
    _plugins(console, result.plugins)
    _section(console, "Liquid errors (the post is kept)", result.liquid_errors)
    _section(console, "kramdown features not supported", result.kramdown)
    if result.errors:
        console.print(f"[bold red]Errors[/] ({len(result.errors)}): these posts will be skipped")
        for error in result.errors[:10]:
            console.print(f"  {error}")
    summary = lint_summary(result)
    if summary is not None:
        console.print(f"[bold]Links:[/] {summary}")
    config = _short(output / "pelicanconf.py")
    console.print()
    console.print(f"Next: [bold]pelican -s {config}[/]  (then open output/index.html)")
    console.print(f"      [bold]pelican-fast lint {_short(result.root)}[/]  to see broken links")


def _short(path: Path) -> str:
    """A path relative to the current folder when it is below it, else absolute."""
    relative = os.path.relpath(path)
    return str(path) if relative.startswith("..") else relative


def _plugins(console: Console, plugins: Any) -> None:
    names = [f"{{% {n} %}}" for n in sorted(plugins.tags)] + [
        f"| {n}" for n in sorted(plugins.filters)
    ]
    if names:
        console.print(f"[bold]_plugins/*.rb define[/] {', '.join(names)}: stubs in pelicanconf.py")


def _section(console: Console, title: str, found: dict[str, migrate.Example]) -> None:
    if not found:
        return
    console.print(f"[bold]{title}:[/]")
    for name, example in sorted(found.items(), key=lambda item: -item[1].count):
        console.print(f"  {name}: {example.count} (e.g. {example.where})")


def lint_summary(result: migrate.Survey) -> str | None:
    """Link findings of the posts by rule code, from the linter itself (``app.lint``)."""
    folders = [str(result.root / folder) for folder in result.post_dirs]
    if not folders:
        return None
    try:
        linted = lint(LintRequest(paths=folders, root=str(result.root), cache=False))
    except ConfigError:
        return None
    by_severity: dict[str, Counter[str]] = {"error": Counter(), "warning": Counter()}
    fixable = 0
    for _path, finding in linted.findings:
        if finding.severity in by_severity:
            by_severity[finding.severity][finding.code] += 1
        fixable += bool(finding.fix and finding.fix.applicability == Applicability.SAFE)
    parts = []
    for severity, codes in by_severity.items():
        total = sum(codes.values())
        detail = ", ".join(f"{code} {count}" for code, count in sorted(codes.items()))
        parts.append(f"{total} {severity}s" + (f" ({detail})" if detail else ""))
    return "; ".join(parts) + f"; {fixable} safely repairable with `pelican-fast lint --fix`"
