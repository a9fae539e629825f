"""``pelican-fast lint``: find broken links in Markdown posts, and repair them.

Reads no Pelican unless a pelicanconf.py is there to read. Exit codes: 0 when
no error-level finding remains, 1 when some do (or ``--diff`` has changes),
2 on a usage or configuration error.
"""

from __future__ import annotations

import argparse
import gc
import os
import sys
from collections.abc import Iterator

from pelican_fast.app import lint_cache, report
from pelican_fast.app.lint import LintRequest, Outcome, lint
from pelican_fast.core.settings import ConfigError

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2
PROGRESS_AFTER = 50  # files: show a progress bar on a terminal beyond this


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "lint",
        help="find and repair broken links in Markdown posts",
        description=(
            "Find links that do not work in Markdown posts (as Pelican's Python-Markdown "
            "reads them) and repair what can be repaired. Rules: docs/rules/."
        ),
    )
    parser.add_argument(
        "paths",
        nargs="*",
        metavar="PATH",
        help="files or folders (default: PATH of ./pelicanconf.py)",
    )
    parser.add_argument("--format", choices=report.FORMATS, default="text", help="output format")
    parser.add_argument("--fix", action="store_true", help="apply safe fixes to the files")
    parser.add_argument(
        "--unsafe-fixes", action="store_true", help="also apply (or show as fixable) unsafe fixes"
    )
    parser.add_argument(
        "--diff", action="store_true", help="print the fixes as a unified diff, write nothing"
    )
    parser.add_argument(
        "--select", action="append", default=[], metavar="CODES", help="rule codes or prefixes"
    )
    parser.add_argument(
        "--ignore", action="append", default=[], metavar="CODES", help="rule codes to skip"
    )
    parser.add_argument(
        "--site-url",
        action="append",
        default=[],
        metavar="URL",
        help="origin of the site itself (repeatable); links to it are checked against its posts",
    )
    parser.add_argument("--root", metavar="DIR", help="folder where /absolute/paths resolve")
    parser.add_argument("--exit-zero", action="store_true", help="exit 0 even when errors remain")
    parser.add_argument(
        "--settings", metavar="FILE", help="a pelicanconf.py (default: ./pelicanconf.py)"
    )
    parser.add_argument("--no-progress", action="store_true", help="never show a progress bar")
    parser.add_argument(
        "--jobs",
        "-j",
        type=int,
        metavar="N",
        help="worker processes (default: 1 for a few files, else one per CPU)",
    )
    parser.add_argument(
        "--no-cache",
        action="store_true",
        help="neither read nor write the lint cache (.pelican-fast-cache/)",
    )
    parser.set_defaults(run=run)


# Collections of the youngest generation every 100,000 allocations instead of 700, as
# mypy does: a lint run makes few cycles (353 unreachable objects after 2,000 posts),
# while the collector's passes over tens of thousands of cached findings and index
# entries cost an eighth of a run with nothing to lint.
GC_THRESHOLD = (100_000, 50, 100)


def run(args: argparse.Namespace) -> int:
    """The command, with the collector tuned for a short run (restored after it, for
    callers that run the command inside a longer process, like tests)."""
    threshold = gc.get_threshold()
    gc.set_threshold(*GC_THRESHOLD)
    lint_cache.FREEZE_LOADED = True
    try:
        return _run(args)
    finally:
        lint_cache.FREEZE_LOADED = False
        gc.unfreeze()
        gc.set_threshold(*threshold)


def _run(args: argparse.Namespace) -> int:
    color = _color(sys.stdout)
    lint_only = not (args.fix or args.diff)
    variant = args.format + ("+color" if color else "") + ("+unsafe" if args.unsafe_fixes else "")
    request = LintRequest(
        paths=args.paths,
        settings_file=args.settings,
        select=args.select,
        ignore=args.ignore,
        site_urls=args.site_url,
        root=args.root,
        fix=bool(args.fix),
        diff=bool(args.diff),
        unsafe_fixes=bool(args.unsafe_fixes),
        jobs=args.jobs,
        cache=not args.no_cache,
        report=variant if lint_only else None,
    )
    try:
        result = lint(
            request,
            progress=None if args.no_progress else _progress,
            on_diff=_print_diff,
        )
    except ConfigError as error:
        print(f"pelican-fast lint: {error}", file=sys.stderr)
        return EXIT_USAGE
    stream = sys.stderr if args.diff and args.format == "text" else sys.stdout
    if result.printed is not None:  # every input as in the run that printed it
        stream.write(result.printed)
    else:
        text = report.printed(
            args.format, result.files, result.summary, color=color, unsafe=result.unsafe
        )
        stream.write(text)
        result.keep(text)
    if args.exit_zero:
        return EXIT_OK
    if result.summary.errors or (args.diff and result.changed):
        return EXIT_FINDINGS
    return EXIT_OK


def _color(stream: object) -> bool:
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


def _progress(outcomes: Iterator[Outcome], total: int) -> Iterator[Outcome]:
    if total <= PROGRESS_AFTER or not sys.stderr.isatty():
        yield from outcomes
        return
    from rich.console import Console
    from rich.progress import Progress

    with Progress(console=Console(stderr=True), transient=True) as progress:
        task = progress.add_task("Linting", total=total)
        for outcome in outcomes:
            yield outcome
            progress.advance(task)


def _print_diff(diff: str) -> None:
    """Diffs go to stdout as soon as each file is done (the report follows them)."""
    sys.stdout.write(diff)
