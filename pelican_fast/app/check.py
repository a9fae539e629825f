"""Check a site's external links: the use case behind ``pelican-fast check``.

No argparse and no Pelican: :func:`check_links` takes a :class:`CheckRequest`
(paths, URL lists, options as values) and returns a :class:`CheckResult` (each
occurrence, each URL's result, the findings in the link engine's one ``Finding``
shape). :func:`apply_fixes` writes the fixes with the same machinery as
``pelican-fast lint --fix``.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from pelican_fast.app import check_sources
from pelican_fast.core import files
from pelican_fast.core.settings import ConfigError, validate
from pelican_fast.jekyll import frontmatter
from pelican_fast.links import model
from pelican_fast.links.external import (
    CheckOptions,
    CheckSummary,
    Excludes,
    Result,
    ResultCache,
    check,
    exit_code,
    plan,
)
from pelican_fast.links.external import collect as collect_links
from pelican_fast.links.external.collect import Occurrence
from pelican_fast.links.external.findings import findings
from pelican_fast.links.fixes import Edit
from pelican_fast.links.fixes import apply as apply_edits
from pelican_fast.links.model import Finding
from pelican_fast.links.rules.files import write_finding


class UsageError(Exception):
    """A request that cannot be run (reported on stderr with exit code 2 by the CLI)."""


@dataclass(frozen=True)
class CheckRequest:
    """What to check and how: the options of ``pelican-fast check``, as values."""

    paths: Sequence[str] = ()  # files or folders (default: PATH of the pelicanconf.py)
    urls_from: Sequence[str] = ()  # files listing URLs, one per line ("-": stdin)
    settings_file: str | None = None  # default: ./pelicanconf.py when there is one
    overrides: Mapping[str, Any] = field(default_factory=dict)  # CheckOptions fields (timeout…)
    exclude: Sequence[str] = ()  # URL regexes
    exclude_hosts: Sequence[str] = ()
    exclude_private: bool | None = None
    cache_path: str | None = None
    use_cache: bool = True
    max_age: float | None = None
    fix: bool = False
    unsafe_fixes: bool = False


@dataclass
class CheckSetup:
    """The request resolved against the settings: options, cache, what to read."""

    options: CheckOptions
    cache: ResultCache | None
    occurrences: list[Occurrence]
    reads: dict[str, files.Snapshot]  # each source file as it was when its links were read
    warnings: list[str] = field(default_factory=list)

    @property
    def urls(self) -> list[str]:
        return list(dict.fromkeys(o.url for o in self.occurrences))


@dataclass
class CheckResult:
    """Every URL's result, the findings per occurrence, and the totals."""

    setup: CheckSetup
    results: dict[str, Result]
    findings: list[Finding]
    summary: CheckSummary
    sources: dict[str, str] = field(default_factory=dict)  # texts as they were before fixes
    warnings: list[str] = field(default_factory=list)

    def exit_code(self) -> int:
        return exit_code(self.results[o.url] for o in self.setup.occurrences)


def prepare(request: CheckRequest) -> CheckSetup:
    """Settings, options, cache and the links to check; UsageError when they cannot be had."""
    if request.unsafe_fixes and not request.fix:
        raise UsageError("--unsafe-fixes needs --fix")
    section, base, default_paths = _settings(request.settings_file)
    warnings: list[str] = []
    options = _options(request, section)
    cache = _cache(request, section, base, warnings)
    reads: dict[str, files.Snapshot] = {}
    occurrences = _occurrences(request, default_paths, reads)
    return CheckSetup(options, cache, occurrences, reads, warnings)


def offline_plan(setup: CheckSetup) -> Mapping[str, Result | None]:
    """``--offline``: what would happen to each URL (cached, excluded, would check)."""
    return plan(setup.urls, setup.options, setup.cache)


def check_links(
    request: CheckRequest,
    setup: CheckSetup | None = None,
    on_result: Callable[[Result], object] | None = None,
) -> CheckResult:
    """Request every URL once, turn the results into findings, apply fixes when asked."""
    setup = setup or prepare(request)
    results = check(setup.urls, setup.options, cache=setup.cache, on_result=on_result)
    warnings = list(setup.warnings)
    if setup.cache is not None and setup.cache.write_problem:
        warnings.append(setup.cache.write_problem)
    found = findings(results, setup.occurrences)
    summary = CheckSummary(total=len(setup.urls))
    for result in results.values():
        summary.add(result)
    outcome = CheckResult(setup, results, found, summary, warnings=warnings)
    if request.fix:
        skipped = sum(
            1
            for f in found
            if f.fix is not None
            and f.fix.applicability == model.UNSAFE
            and not request.unsafe_fixes
        )
        if skipped:
            warnings.append(f"{skipped} unsafe fixes not applied (use --unsafe-fixes)")
        outcome.findings += apply_fixes(
            found, unsafe=request.unsafe_fixes, reads=setup.reads, sources=outcome.sources
        )
    return outcome


# -- configuration ---------------------------------------------------------------
def _settings(settings_file: str | None) -> tuple[Mapping[str, Any], str, list[str]]:
    """The check_external section, the folder relative paths start from, default paths."""
    conf = settings_file or ("pelicanconf.py" if os.path.exists("pelicanconf.py") else None)
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


def _options(request: CheckRequest, section: Mapping[str, Any]) -> CheckOptions:
    overrides = {key: value for key, value in request.overrides.items() if value is not None}
    private = (
        section["exclude_private"] if request.exclude_private is None else request.exclude_private
    )
    try:
        overrides["excludes"] = Excludes.build(
            [*section["exclude"], *request.exclude],
            [*section["exclude_hosts"], *request.exclude_hosts],
            private=private,
        )
    except re.error as error:
        raise UsageError(f"invalid exclude pattern {error.pattern!r}: {error}") from error
    return CheckOptions.from_settings(section, **overrides)


def _cache(
    request: CheckRequest, section: Mapping[str, Any], base: str, warnings: list[str]
) -> ResultCache | None:
    if not request.use_cache:
        return None
    path = request.cache_path or os.path.join(base, section["cache"])
    max_age = request.max_age if request.max_age is not None else section["max_age"]
    cache = ResultCache(path, max_age)
    if cache.problem:
        warnings.append(cache.problem)
    return cache


def _occurrences(
    request: CheckRequest, default_paths: list[str], reads: dict[str, files.Snapshot]
) -> list[Occurrence]:
    occurrences: list[Occurrence] = []
    for listing in request.urls_from:
        try:
            occurrences += collect_links.from_url_list(listing)
        except OSError as error:
            raise UsageError(f"cannot read {listing}: {error.strerror}") from error
    paths = list(request.paths) or ([] if request.urls_from else default_paths)
    missing = [path for path in paths if not os.path.exists(path)]
    if missing:
        raise UsageError(f"no such file or folder: {', '.join(missing)}")
    if paths:
        try:
            sources = check_sources.source_files(paths, request.settings_file)
        except ConfigError as error:
            raise UsageError(str(error)) from error
        occurrences += collect_links.from_sources(sources, reads=reads)
    return occurrences


# -- fixes -----------------------------------------------------------------------
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
    for finding in found:
        fix = finding.fix
        if fix is None or (fix.applicability == model.UNSAFE and not unsafe):
            continue
        edits.setdefault(finding.path, []).append(Edit(finding.start, finding.end, fix.replacement))
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
    return replace(write_finding(result), path=result.path)
