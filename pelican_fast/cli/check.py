"""``pelican-fast check``: which external links of the posts are dead today.

Links are found by the link engine's scanner (the same links ``lint`` sees),
each distinct URL is requested once, and findings are reported per
occurrence (path:line:col) through the shared report formats, with lint's
exit codes plus one: 3 when nothing is broken but some links could not be
settled (rate limited, timeouts, network errors), so that a flaky network
never looks like rot. CheckOptions default to ``PELICAN_FAST["check_external"]``
of ./pelicanconf.py (or ``--settings``); the command line wins.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Mapping, Sequence
from typing import Any, TextIO

from pelican_fast.app import report
from pelican_fast.app.check import (
    CheckRequest,
    UsageError,
    check_links,
    offline_plan,
    prepare,
)
from pelican_fast.jekyll import frontmatter
from pelican_fast.links.external import CheckSummary, Kind, Result
from pelican_fast.links.external.collect import Occurrence
from pelican_fast.links.model import Finding

EXIT_USAGE = 2
FORMATS = ("text", "json", "github", "sarif")


def add_parser(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "check",
        help="check external links over HTTP (dead, moved, rate limited)",
        description=(
            "Check every external http(s) link of the posts over HTTP, politely "
            "(per-host limits, retries honouring Retry-After, a cache). "
            "Exit codes: 0 nothing broken, 1 broken links, 2 usage or configuration "
            "error, 3 only unknown results (rate limited, timeouts, network errors)."
        ),
    )
    parser.add_argument("paths", nargs="*", metavar="PATH", help="files or folders to check")
    parser.add_argument(
        "--urls-from",
        action="append",
        default=[],
        metavar="FILE",
        help="also check the URLs listed in FILE, one per line ('-' for stdin)",
    )
    parser.add_argument("--settings", metavar="FILE", help="pelicanconf.py to read options from")
    parser.add_argument("--format", choices=FORMATS, default="text", help="output format")
    parser.add_argument(
        "--offline", action="store_true", help="list what would be checked; send no request"
    )
    parser.add_argument("--fix", action="store_true", help="apply fixes to the sources")
    parser.add_argument(
        "--unsafe-fixes",
        action="store_true",
        help="with --fix, also apply unsafe fixes (permanent redirects: new URLs)",
    )
    parser.add_argument("--exit-zero", action="store_true", help="exit 0 even if links are broken")
    parser.add_argument("--no-progress", action="store_true", help="never show a progress bar")
    cache = parser.add_argument_group("cache")
    cache.add_argument("--cache", metavar="FILE", help="cache file (.pelican-fast-cache.json)")
    cache.add_argument("--no-cache", action="store_true", help="neither read nor write the cache")
    cache.add_argument(
        "--max-age", type=_seconds, metavar="SECONDS", help="how long an answer stays fresh (1 day)"
    )
    polite = parser.add_argument_group("politeness")
    polite.add_argument("--timeout", type=_seconds, metavar="SECONDS", help="per request (10)")
    polite.add_argument(
        "--concurrency", type=_count, metavar="N", help="requests in flight overall (16)"
    )
    polite.add_argument(
        "--per-host", type=_count, metavar="N", help="requests in flight per host name (2)"
    )
    polite.add_argument(
        "--retries", type=_count0, metavar="N", help="retries on timeouts, errors, 429, 5xx (2)"
    )
    polite.add_argument(
        "--retry-wait", type=_seconds, metavar="SECONDS", help="first backoff, then doubled (1)"
    )
    polite.add_argument(
        "--max-retry-wait",
        type=_seconds,
        metavar="SECONDS",
        help="longest wait; a longer Retry-After means rate limited (30)",
    )
    polite.add_argument(
        "--max-redirects", type=_count0, metavar="N", help="redirects followed per URL (10)"
    )
    polite.add_argument("--user-agent", metavar="TEXT", help="User-Agent header")
    polite.add_argument(
        "--deadline",
        type=_seconds,
        metavar="SECONDS",
        help="for the whole run; links not settled by then are reported as not checked (none)",
    )
    scope = parser.add_argument_group("what to check")
    scope.add_argument(
        "--exclude", action="append", default=[], metavar="REGEX", help="skip matching URLs"
    )
    scope.add_argument(
        "--exclude-host", action="append", default=[], metavar="HOST", help="skip a host"
    )
    scope.add_argument(
        "--exclude-private",
        action="store_true",
        default=None,
        help="skip private, link-local and loopback addresses (checked by default)",
    )
    scope.add_argument(
        "--fragments",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="check #anchors against the page's ids and names",
    )
    parser.set_defaults(run=run)


def _seconds(text: str) -> float:
    value = float(text)
    if not value > 0:  # NaN too
        raise argparse.ArgumentTypeError(f"must be positive: {text}")
    return value


def _count(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1: {text}")
    return value


def _count0(text: str) -> int:
    value = int(text)
    if value < 0:
        raise argparse.ArgumentTypeError(f"must not be negative: {text}")
    return value


# --- the command -------------------------------------------------------------
def request_from(args: argparse.Namespace) -> CheckRequest:
    return CheckRequest(
        paths=args.paths,
        urls_from=args.urls_from,
        settings_file=args.settings,
        overrides={
            "timeout": args.timeout,
            "concurrency": args.concurrency,
            "per_host": args.per_host,
            "retries": args.retries,
            "retry_wait": args.retry_wait,
            "max_retry_wait": args.max_retry_wait,
            "max_redirects": args.max_redirects,
            "user_agent": args.user_agent,
            "fragments": args.fragments,
            "deadline": args.deadline,
        },
        exclude=args.exclude,
        exclude_hosts=args.exclude_host,
        exclude_private=True if args.exclude_private else None,
        cache_path=args.cache,
        use_cache=not args.no_cache,
        max_age=args.max_age,
        fix=bool(args.fix),
        unsafe_fixes=bool(args.unsafe_fixes),
    )


def run(args: argparse.Namespace) -> int:
    request = request_from(args)
    try:
        setup = prepare(request)
    except UsageError as error:
        print(f"pelican-fast check: {error}", file=sys.stderr)
        return EXIT_USAGE
    for warning in setup.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    if args.offline:
        _print_plan(offline_plan(setup), setup.occurrences, args.format, sys.stdout)
        return 0
    from pelican_fast.cli.check_progress import CheckProgress

    setup.warnings.clear()  # printed above
    with CheckProgress(len(setup.urls), enabled=not args.no_progress) as progress:
        try:
            outcome = check_links(request, setup, on_result=progress)
        except UsageError as error:
            print(f"pelican-fast check: {error}", file=sys.stderr)
            return EXIT_USAGE
    for warning in outcome.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    render(outcome.findings, outcome.summary, args.format, sys.stdout, outcome.sources)
    if args.format == "text":
        print(_summary_line(outcome.summary, len(setup.occurrences)), file=sys.stderr)
    return 0 if args.exit_zero else outcome.exit_code()


def _summary_line(summary: CheckSummary, occurrences: int) -> str:
    parts = [f"{summary.broken} broken", f"{summary.unknown} unknown"]
    if summary.redirected:
        parts.append(f"{summary.redirected} moved permanently")
    if summary.not_checked:
        parts.append(f"{summary.not_checked} not checked (deadline)")
    return (
        f"{summary.total} URLs in {occurrences} links: {summary.checked} checked, "
        f"{summary.cached} cached, {summary.excluded} excluded; " + ", ".join(parts)
    )


# --- output and fixes: lint's report formats and fix machinery ----------------
def _source_text(path: str) -> str:
    """The text a finding points into, for the source line shown under it."""
    try:
        with open(path, "rb") as handle:
            return frontmatter.decode(handle.read())[0]
    except (OSError, UnicodeDecodeError):
        return ""


def render(
    found: Sequence[Finding],
    summary: CheckSummary,
    fmt: str,
    stream: TextIO,
    sources: Mapping[str, str] | None = None,
) -> None:
    """Print findings with lint's report module: the same text, JSON, GitHub and SARIF."""
    by_path: dict[str, list[Finding]] = {}
    for finding in found:
        by_path.setdefault(finding.path, []).append(finding)
    texts = sources or {}
    results = [
        report.FileFindings(path, texts.get(path) or _source_text(path), items)
        for path, items in by_path.items()
    ]
    lint_summary = report.Summary.of(results, files=len(by_path))
    if fmt == "json":
        data = json.loads(report.to_json(results, lint_summary))
        data["summary"].update(_summary_json(summary))
        json.dump(data, stream, indent=2, ensure_ascii=False)
        stream.write("\n")
        return
    color = fmt == "text" and stream.isatty() and not os.environ.get("NO_COLOR")
    text = report.render(fmt, results, lint_summary, color=color, unsafe=True)
    stream.write(text if text.endswith("\n") or not text else text + "\n")


def _summary_json(summary: CheckSummary) -> dict[str, Any]:
    return {
        "urls": summary.total,
        "checked": summary.checked,
        "cached": summary.cached,
        "excluded": summary.excluded,
        "broken": summary.broken,
        "unknown": summary.unknown,
        "moved_permanently": summary.redirected,
        "not_checked": summary.not_checked,
        "by_kind": summary.by_kind,
    }


def _plan_annotations(
    planned: Mapping[str, Result | None], where: Mapping[str, list[Occurrence]], stream: TextIO
) -> None:
    """``--offline --format github``: one notice per occurrence, at its place."""
    for url, result in planned.items():
        if result is None:
            state = "would be checked"
        elif result.kind is Kind.EXCLUDED:
            state = f"excluded ({result.message})"
        else:
            state = f"cached: {result.kind.value} {result.status or ''}".strip()
        for o in where.get(url, []):
            place = report.github_properties(o.path, o.line, o.column)
            stream.write(f"::notice {place}::{report.github_data(f'{url} {state}')}\n")


def _print_plan(
    planned: Mapping[str, Result | None],
    occurrences: Sequence[Occurrence],
    fmt: str,
    stream: TextIO,
) -> None:
    """``--offline``: each URL, what would happen to it, and where it occurs."""
    where: dict[str, list[Occurrence]] = {}
    for occurrence in occurrences:
        where.setdefault(occurrence.url, []).append(occurrence)
    rows: list[dict[str, Any]] = []
    for url, result in planned.items():
        if result is None:
            state, detail = "would-check", ""
        elif result.kind is Kind.EXCLUDED:
            state, detail = "excluded", result.message
        else:
            state, detail = "cached", f"{result.kind.value} {result.status or ''}".strip()
        places = [f"{o.path}:{o.line}:{o.column}" for o in where.get(url, [])]
        rows.append({"url": url, "state": state, "detail": detail, "occurrences": places})
    if fmt == "json":
        json.dump({"offline": rows}, stream, indent=2, ensure_ascii=False)
        stream.write("\n")
        return
    if fmt == "github":
        _plan_annotations(planned, where, stream)
        return
    counts: dict[str, int] = {}
    for row in rows:
        counts[row["state"]] = counts.get(row["state"], 0) + 1
        detail = f" ({row['detail']})" if row["detail"] else ""
        first = row["occurrences"][0] if row["occurrences"] else ""
        more = len(row["occurrences"]) - 1
        also = f" +{more} more" if more > 0 else ""
        stream.write(f"{row['state']:<12} {row['url']}{detail}  {first}{also}\n")
    summary = ", ".join(f"{n} {state}" for state, n in sorted(counts.items()))
    print(f"{len(rows)} URLs: {summary or 'none'}; no request sent", file=sys.stderr)
