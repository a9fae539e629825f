"""``pelican-fast check``: which external links of the posts are dead today.

Links are found by the link engine's scanner (the same links ``lint`` sees),
each distinct URL is requested once, and findings are reported per
occurrence (path:line:col) through the shared report formats, with lint's
exit codes plus one: 3 when nothing is broken but some links could not be
settled (rate limited, timeouts, network errors), so that a flaky network
never looks like rot. Options default to ``PELICAN_FAST["check_external"]``
of ./pelicanconf.py (or ``--settings``); the command line wins.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from collections.abc import Mapping, Sequence
from typing import Any, TextIO

from pelican_fast.app import report
from pelican_fast.cli.lint import write_finding
from pelican_fast.core import files
from pelican_fast.jekyll import frontmatter
from pelican_fast.links import model
from pelican_fast.links.external import (
    Excludes,
    Kind,
    Options,
    Result,
    ResultCache,
    Summary,
    check,
    exit_code,
    plan,
)
from pelican_fast.links.external import collect as collect_links
from pelican_fast.links.external.collect import Occurrence
from pelican_fast.links.external.findings import Finding, findings
from pelican_fast.links.fixes import Edit
from pelican_fast.links.fixes import apply as apply_edits

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


# --- configuration -----------------------------------------------------------
class UsageError(Exception):
    """Reported on stderr with exit code 2."""


def _settings(args: argparse.Namespace) -> tuple[Mapping[str, Any], str, list[str]]:
    """The check_external section, the folder relative paths start from, default paths."""
    from pelican_fast.core.settings import ConfigError, validate

    conf = args.settings or ("pelicanconf.py" if os.path.exists("pelicanconf.py") else None)
    if conf is None:
        return validate({})["check_external"], os.getcwd(), ["."]
    if not os.path.exists(conf):
        raise UsageError(f"settings file not found: {conf}")
    from pelican_fast.core.pelicanconf import read_pelicanconf

    try:
        pelican_settings = read_pelicanconf(conf)
        section = validate(pelican_settings.get("PELICAN_FAST"))["check_external"]
    except ConfigError as error:
        raise UsageError(str(error)) from error
    base = os.path.dirname(os.path.abspath(conf))
    return section, base, [str(pelican_settings.get("PATH") or base)]


def _options(args: argparse.Namespace, section: Mapping[str, Any]) -> Options:
    overrides = {
        key: value
        for key, value in {
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
        }.items()
        if value is not None
    }
    private = section["exclude_private"] if args.exclude_private is None else True
    try:
        overrides["excludes"] = Excludes.build(
            [*section["exclude"], *args.exclude],
            [*section["exclude_hosts"], *args.exclude_host],
            private=private,
        )
    except re.error as error:
        raise UsageError(f"invalid exclude pattern {error.pattern!r}: {error}") from error
    return Options.from_settings(section, **overrides)


def _cache(args: argparse.Namespace, section: Mapping[str, Any], base: str) -> ResultCache | None:
    if args.no_cache:
        return None
    path = args.cache or os.path.join(base, section["cache"])
    max_age = args.max_age if args.max_age is not None else section["max_age"]
    cache = ResultCache(path, max_age)
    if cache.problem:
        print(f"warning: {cache.problem}", file=sys.stderr)
    return cache


def _occurrences(
    args: argparse.Namespace, default_paths: list[str], reads: dict[str, files.Snapshot]
) -> list[Occurrence]:
    occurrences: list[Occurrence] = []
    for listing in args.urls_from:
        try:
            occurrences += collect_links.from_url_list(listing)
        except OSError as error:
            raise UsageError(f"cannot read {listing}: {error.strerror}") from error
    paths = args.paths or ([] if args.urls_from else default_paths)
    missing = [path for path in paths if not os.path.exists(path)]
    if missing:
        raise UsageError(f"no such file or folder: {', '.join(missing)}")
    if paths:
        occurrences += collect_links.from_sources(paths, reads=reads)
    return occurrences


# --- the command -------------------------------------------------------------
def run(args: argparse.Namespace) -> int:
    try:
        if args.unsafe_fixes and not args.fix:
            raise UsageError("--unsafe-fixes needs --fix")
        section, base, default_paths = _settings(args)
        options = _options(args, section)
        cache = _cache(args, section, base)
        reads: dict[str, files.Snapshot] = {}
        occurrences = _occurrences(args, default_paths, reads)
    except UsageError as error:
        print(f"pelican-fast check: {error}", file=sys.stderr)
        return EXIT_USAGE
    urls = list(dict.fromkeys(o.url for o in occurrences))
    if args.offline:
        _print_plan(plan(urls, options, cache), occurrences, args.format, sys.stdout)
        return 0
    from pelican_fast.cli.check_progress import CheckProgress

    with CheckProgress(len(urls), enabled=not args.no_progress) as progress:
        results = check(urls, options, cache=cache, on_result=progress)
    if cache is not None and cache.write_problem:
        print(f"warning: {cache.write_problem}", file=sys.stderr)
    found = findings(results, occurrences)
    summary = Summary(total=len(urls))
    for result in results.values():
        summary.add(result)
    try:
        sources: dict[str, str] = {}  # the texts as they were before the fixes
        if args.fix:
            found += apply_fixes(found, unsafe=args.unsafe_fixes, reads=reads, sources=sources)
        render(found, summary, args.format, sys.stdout, sources)
    except UsageError as error:
        print(f"pelican-fast check: {error}", file=sys.stderr)
        return EXIT_USAGE
    if args.format == "text":
        print(_summary_line(summary, len(occurrences)), file=sys.stderr)
    return 0 if args.exit_zero else exit_code(results[o.url] for o in occurrences)


def _summary_line(summary: Summary, occurrences: int) -> str:
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
def _lint_finding(finding: Finding) -> model.Finding:
    """The same finding in the link engine's shape (offsets are those of the fix)."""
    fix = finding.fix
    return model.Finding(
        code=finding.code,
        severity=finding.severity,
        message=finding.message,
        start=fix.start if fix else 0,
        end=fix.end if fix else 0,
        line=finding.line,
        column=finding.column,
        end_line=finding.end_line,
        end_column=finding.end_column,
        fix=model.Fix(fix.applicability, fix.replacement) if fix else None,
    )


def _source_text(path: str) -> str:
    """The text a finding points into, for the source line shown under it."""
    try:
        with open(path, "rb") as handle:
            return frontmatter.decode(handle.read())[0]
    except (OSError, UnicodeDecodeError):
        return ""


def render(
    found: Sequence[Finding],
    summary: Summary,
    fmt: str,
    stream: TextIO,
    sources: Mapping[str, str] | None = None,
) -> None:
    """Print findings with lint's report module: the same text, JSON, GitHub and SARIF."""
    by_path: dict[str, list[model.Finding]] = {}
    for finding in found:
        by_path.setdefault(finding.path, []).append(_lint_finding(finding))
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


def _summary_json(summary: Summary) -> dict[str, Any]:
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


def apply_fixes(
    found: Sequence[Finding],
    *,
    unsafe: bool,
    reads: Mapping[str, files.Snapshot] | None = None,
    sources: dict[str, str] | None = None,
) -> list[Finding]:
    """Write the fixes with lint's machinery: the same edits, atomic, BOM and line endings kept.

    A file is written only if it is still what was read when its links were
    collected (``reads``); ``sources`` receives each text as it was before.
    Returns a PF002/PF003 finding for each file not written.
    """
    edits: dict[str, list[Edit]] = {}
    skipped = 0
    for finding in found:
        fix = finding.fix
        if fix is None:
            continue
        if fix.applicability == model.UNSAFE and not unsafe:
            skipped += 1
            continue
        edits.setdefault(finding.path, []).append(Edit(fix.start, fix.end, fix.replacement))
    if skipped:
        print(f"{skipped} unsafe fixes not applied (use --unsafe-fixes)", file=sys.stderr)
    problems: list[Finding] = []
    for path, path_edits in edits.items():
        try:
            data, snapshot = files.read_bytes(path)
            text, had_bom = frontmatter.decode(data)
        except (OSError, UnicodeDecodeError) as error:
            message = getattr(error, "strerror", None) or str(error)
            failed = files.WriteResult(files.WriteStatus.UNWRITABLE, path, path, message)
            problems.append(_file_finding(failed))
            continue
        if sources is not None:
            sources[path] = text
        ordered = sorted(set(path_edits), key=lambda edit: (edit.start, edit.end))
        read = (reads or {}).get(path, snapshot)
        written = files.write_atomic(path, apply_edits(text, ordered), had_bom, read)
        if not written.written:
            problems.append(_file_finding(written))
    return problems


def _file_finding(result: files.WriteResult) -> Finding:
    lint_finding = write_finding(result)
    return Finding(
        path=result.path,
        line=1,
        column=1,
        end_line=1,
        end_column=1,
        code=lint_finding.code,
        severity=lint_finding.severity,
        message=lint_finding.message,
    )


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
