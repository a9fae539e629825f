"""Lint a site: the use case behind ``pelican-fast lint``, without argparse or Pelican.

:func:`lint` takes paths and options (a :class:`LintRequest`) and returns the
findings (a :class:`LintResult`); the command line (``cli/lint.py``), ``pelican-fast
init`` and anyone scripting pelican-fast call it. Files are read one at a time (or
by a process pool, ``app/lint_pool.py``), linted with the link engine against the
site index, fixed and written back atomically when asked.
"""

from __future__ import annotations

import fnmatch
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, fields, replace
from functools import partial
from typing import TYPE_CHECKING, NamedTuple, cast

from pelican_fast.app import lint_cache, lint_config, lint_memo, lint_pool, report
from pelican_fast.app.lint_cache import LintCache
from pelican_fast.core.budget import DEFAULT_SECONDS_PER_100KB
from pelican_fast.core.settings import ConfigError
from pelican_fast.jekyll.config import JekyllSite
from pelican_fast.jekyll.extensions import MARKDOWN_EXTENSIONS
from pelican_fast.jekyll.walk import SKIPPED_DIRS, walk
from pelican_fast.links.model import Finding
from pelican_fast.links.rules import Selection, unknown_codes
from pelican_fast.links.urls import origin_host

if TYPE_CHECKING:
    from pelican_fast.links import engine
    from pelican_fast.links.index import SiteIndex

# The link engine, the rules' checks and the file writer are imported by the functions
# that lint a file: a run with nothing changed prints from the cache without them.


@dataclass(frozen=True)
class LintRequest:
    """What to lint and how: the options of ``pelican-fast lint``, as values."""

    paths: Sequence[str] = ()  # files or folders; empty: PATH of the pelicanconf.py
    settings_file: str | None = None  # a pelicanconf.py (default: ./pelicanconf.py if any)
    select: Sequence[str] = ()  # rule codes or prefixes (default: the settings')
    ignore: Sequence[str] = ()
    site_urls: Sequence[str] = ()  # origins of the site itself
    root: str | None = None  # where /absolute/paths resolve
    fix: bool = False  # write the fixes
    diff: bool = False  # compute the fixes as diffs, write nothing
    unsafe_fixes: bool = False
    jobs: int | None = None  # worker processes (None: one per CPU for many files)
    cache: bool = True  # reuse (and, when only linting, update) the lint cache
    # How the report will be printed (a key, e.g. "json" or "text"): a run with this
    # and every input unchanged may return the report printed last time (see lint_memo).
    report: str | None = None


@dataclass
class LintResult:
    """Every file with findings (in input order), the totals, the diffs asked for."""

    files: list[report.FileFindings]
    summary: report.Summary
    diffs: list[str] = field(default_factory=list)
    changed: bool = False  # some file would change (--diff) or changed (--fix)
    unsafe: bool = False
    # With LintRequest.report: the report printed by an earlier run whose inputs were
    # all the same (`files` is then empty), else None and the caller may `keep` its own.
    printed: str | None = None
    keep: Callable[[str], None] = field(default=lambda text: None, repr=False, compare=False)

    @property
    def findings(self) -> list[tuple[str, Finding]]:
        return [(result.path, finding) for result in self.files for finding in result.findings]


Progress = Callable[[Iterator["Outcome"], int], Iterable["Outcome"]]


def codes(values: Iterable[str]) -> list[str]:
    """``["PF1,PF2", "PF3"]`` -> ``["PF1", "PF2", "PF3"]``."""
    return [code.strip() for value in values for code in value.split(",") if code.strip()]


def lint(
    request: LintRequest,
    progress: Progress | None = None,
    on_diff: Callable[[str], object] | None = None,
) -> LintResult:
    """Lint (and fix, or diff) the files of `request`; ConfigError for a usage problem."""
    if request.diff and request.fix:
        raise ConfigError("--fix and --diff cannot be used together")
    if request.jobs is not None and request.jobs < 1:
        raise ConfigError(f"--jobs {request.jobs}: at least 1")
    config = lint_config.load(request.settings_file)
    settings = config.lint
    select = codes(request.select) or list(settings["select"])
    ignore = codes(request.ignore) + list(settings["ignore"])
    unknown = unknown_codes(select + ignore)
    if unknown:
        raise ConfigError(f"unknown rule code(s): {', '.join(unknown)} (see docs/rules/)")
    paths = list(request.paths) or ([config.content_path] if config.content_path else [])
    if not paths:
        raise ConfigError("no PATH given and no ./pelicanconf.py to take its PATH from")
    for path in paths:
        if not os.path.exists(path):
            raise ConfigError(f"{path}: no such file or folder")
    root = _root(request.root or _resolve(settings["root"], config.base_dir), paths)
    site = config.jekyll_site(root)
    origins = list(request.site_urls) + list(settings["site_urls"])
    if config.siteurl.startswith(("http://", "https://")):
        origins.append(config.siteurl)
    if site.url:
        origins.append(site.url)
    for origin in request.site_urls:
        if not origin_host(origin) or "." not in origin_host(origin):
            raise ConfigError(f"--site-url {origin!r} is not a URL")
    walked = list(walk(root, site))  # the site's files: the index's, and the lint's
    targets = list(_collect(paths, root, list(settings["exclude"]), site, walked))
    only_lint = not (request.fix or request.diff)
    store = None
    memo: tuple[str, bytes, int] | None = None  # (folder, key, newest mtime)
    if request.cache:
        folder = _resolve(settings["cache_dir"], config.base_dir) or cache_folder(root)
        stats = _stats(walked)
        if only_lint and request.report:
            state = lint_memo.tree_state(
                [(relative, stats.get(relative)) for _, relative in walked]
                + [(t.path, lint_cache.stat_of(t.path)) for t in targets if t.relative not in stats]
            )
            inputs = (site, root, origins, select, ignore, [(t.shown, t.relative) for t in targets])
            memo = (folder, _report_key(request, config, folder, state, *inputs), state[1])
            printed = lint_memo.load(folder, memo[1], memo[2])
            if printed is not None:
                summary = report.Summary(*printed.summary)
                return LintResult([], summary, unsafe=request.unsafe_fixes, printed=printed.text)
        store = LintCache.open(folder, site, root, origins, not config.permalink_known)
        store.stats = stats
    guess = not config.permalink_known
    entries = lint_pool.site_entries(walked, site, guess, request.jobs, store)
    selection = Selection(select, ignore)
    https = frozenset(origin_host(o) for o in origins if o.startswith("https://"))
    made: list[Job] = []

    def job() -> Job:
        """What linting a file needs, with the site index: made once, and only when
        some file must be linted (a run with nothing changed builds no index)."""
        if not made:
            from pelican_fast.links import engine

            index = lint_pool.build_index(site, origins, guess, entries.entries(), config.pelican)
            options = engine.LintOptions(
                selection=selection,
                https_origins=https,
                dialect=engine.dialect_of(config.values["markdown"]),
                site=index,
                origins=index.origins,
                front_images=entries.front_images(),
            )
            made.append(
                Job(
                    options,
                    root,
                    request.fix,
                    request.diff,
                    request.unsafe_fixes,
                    config.values["time_budget"],
                    record=store is not None and only_lint,
                    started=store.started if store is not None else 0,
                )
            )
        return made[0]

    known: list[Outcome | None] = []
    todo = targets
    if store is not None:
        store.begin_lint(
            _options_key(store, selection, origins, https, root, config.values["markdown"]),
            entries.digest(),
            lambda: job().options.site,
        )
        fixing = not only_lint
        known = [
            None if hit is None else Outcome(hit)
            for hit in (
                store.lookup(t.path, t.relative, t.shown, fixing, request.unsafe_fixes)
                for t in targets
            )
        ]
        todo = [t for t, hit in zip(targets, known, strict=True) if hit is None]
    result = LintResult([], report.Summary(), unsafe=request.unsafe_fixes)
    fixed_count = 0
    jobs = lint_pool.workers(request.jobs, len(todo))
    with lint_pool.mapped(lint_file, job() if todo else None, todo, jobs) as linted:
        outcomes = _merged(known, linted) if store else linted
        shown = progress(outcomes, len(targets)) if progress is not None else outcomes
        recorded = 0
        for outcome in shown:
            if store is not None and outcome.record is not None:
                store.remember(outcome.record, outcome.result)
                recorded += 1
            fixed_count += outcome.fixed
            result.changed = result.changed or outcome.changed
            if outcome.diff:
                result.diffs.append(outcome.diff)
                if on_diff is not None:
                    on_diff(outcome.diff)
            if len(outcome.result):
                result.files.append(outcome.result)
    result.summary = report.Summary.of(result.files, len(targets), fixed_count)
    if store is not None and only_lint:
        store.save()
        # A file over its time budget, or unreadable, is not cached (it is tried again at
        # each run): nor is a report that shows it.
        if memo is not None and recorded == len(todo):
            result.keep = partial(_keep, memo, store.started, result.summary)
    return result


def _report_key(
    request: LintRequest,
    config: lint_config.LintConfig,
    folder: str,
    state: lint_memo.State,
    *inputs: object,
) -> bytes:
    """Every input of the report this run prints (see lint_memo): the files' state, the
    settings and options, the files linted as shown from the current folder."""
    settings = (repr(config.lint), repr(config.values), repr(config.pelican))
    flags = (request.report, request.unsafe_fixes, not config.permalink_known)
    return lint_memo.key(state, os.getcwd(), folder, settings, flags, repr(inputs))


def _keep(memo: tuple[str, bytes, int], started: int, summary: report.Summary, text: str) -> None:
    folder, key, newest = memo
    summary_fields = tuple(getattr(summary, f.name) for f in fields(summary))
    lint_memo.save(folder, key, started, newest, lint_memo.Printed(text, summary_fields))


def _stats(walked: Sequence[tuple[str, str]]) -> dict[str, tuple[int, int]]:
    """(mtime_ns, size) of each file of the walk (taken before any is read); a file
    that cannot be stat'ed is left out."""
    found = ((relative, lint_cache.stat_of(path)) for path, relative in walked)
    return {relative: stat for relative, stat in found if stat is not None}


def cache_location(request: LintRequest) -> str:
    """Where ``lint(request)`` keeps its cache (what ``pelican-fast clean`` removes)."""
    config = lint_config.load(request.settings_file)
    configured = _resolve(config.lint["cache_dir"], config.base_dir)
    if configured:
        return configured
    paths = list(request.paths) or ([config.content_path] if config.content_path else [])
    if not paths:
        raise ConfigError("no PATH given and no ./pelicanconf.py to take its PATH from")
    return cache_folder(
        _root(request.root or _resolve(config.lint["root"], config.base_dir), paths)
    )


def cache_folder(root: str) -> str:
    """The default lint cache: beside the content, in the folder where links resolve."""
    return os.path.join(root, lint_cache.DIRNAME)


def _options_key(
    store: LintCache,
    selection: Selection,
    origins: list[str],
    https: frozenset[str],
    root: str,
    markdown: str,
) -> bytes:
    """Everything beyond the file and the site index that reaches a finding."""
    own = sorted({origin_host(o) for o in origins if origin_host(o)})
    codes = sorted(selection.codes)
    return lint_cache.options_key(store.site_key, codes, own, sorted(https), root, markdown)


def _merged(known: list[Outcome | None], linted: Iterator[Outcome]) -> Iterator[Outcome]:
    """The outcomes in input order: from the cache, or linted now."""
    for outcome in known:
        yield outcome if outcome is not None else next(linted)


class Target(NamedTuple):
    path: str  # absolute
    shown: str  # relative to the current folder when under it
    relative: str  # relative to the root, "/"-separated


@dataclass
class _File:
    path: str  # absolute
    shown: str  # relative to the current folder when under it
    data: bytes
    text: str | None  # None when it cannot be decoded
    had_bom: bool
    error: str = ""
    error_line: int = 1
    stat: tuple[int, int] | None = None  # (mtime_ns, size) when it was read


@dataclass(frozen=True)
class Job:
    """What linting any one file needs: sent once to each worker process."""

    options: engine.LintOptions
    root: str
    fix: bool
    diff: bool
    unsafe: bool
    time_budget: float | None = DEFAULT_SECONDS_PER_100KB  # seconds per 100 KB (None: none)
    record: bool = False  # record what the cache needs (only when linting)
    started: int = 0  # when the run started (time.time_ns()), with `record`


@dataclass
class Outcome:
    """One file linted: its findings (without its text), and what fixing it did."""

    result: report.FileFindings
    fixed: int = 0
    changed: bool = False
    diff: str = ""  # the unified diff to print, with --diff
    record: lint_cache.Record | None = None  # for the cache, with Job.record


def lint_file(job: Job, target: Target) -> Outcome:
    """Read, lint, fix and report one file; its text is dropped on return.

    The work on one file has a time budget: a file over it is reported (PF004) and
    left as it is, and the run goes on with the others.
    """
    from pelican_fast.core.budget import OverBudget, budget_for, time_budget
    from pelican_fast.links.rules import files as file_rules

    item = _read(target.path, target.shown)
    options = job.options
    if item.text is None:
        return Outcome(_unreadable(item, options.selection))
    try:
        with time_budget(budget_for(len(item.data), job.time_budget)):
            return _lint_text(job, item)
    except OverBudget as over:
        finding = file_rules.over_budget(over.budget)
        found = [finding] if finding.code in options.selection else []
        return Outcome(report.FileFindings(item.shown, "", found))


def _lint_text(job: Job, item: _File) -> Outcome:
    from pelican_fast.core import files
    from pelican_fast.links import engine
    from pelican_fast.links.rules import files as file_rules
    from pelican_fast.links.rules import site as internal

    options = job.options
    assert item.text is not None
    relative = _relative(item.path, job.root)
    # The file's own post (its URL, for its relative links) is asked of the index
    # itself: it follows from the file's bytes and the settings, which the cache
    # checks anyway; recording it would add one question per file to replay.
    post = options.site.posts_by_path.get(relative) if options.site is not None else None
    recorder = None
    if job.record and options.site is not None:
        recorder = lint_cache.Recorder(options.site)
        options = replace(options, site=cast("SiteIndex", recorder))
    source = internal.Source(relative, post.url if post else None)
    if not (job.fix or job.diff):
        found = engine.lint_document(item.text, options, source).findings
        outcome = Outcome(report.FileFindings(item.shown, item.text, found).slim())
        if recorder is not None and item.stat is not None:
            mtime_ns, size = item.stat
            hashed = lint_cache.digest(item.data)
            trusted = mtime_ns < job.started - lint_cache.RACY_NS
            answers = recorder.answers()
            outcome.record = lint_cache.Record(relative, mtime_ns, size, trusted, hashed, answers)
        return outcome
    fixed = engine.fix_document(item.text, options, job.unsafe, source)
    outcome = Outcome(
        report.FileFindings(item.shown, fixed.text, fixed.remaining).slim(),
        fixed=len({(f.start, f.end, f.code) for f in fixed.repaired}),
        changed=fixed.text != item.text,
    )
    if outcome.changed:
        if job.diff:
            outcome.diff = _diff(item, fixed.text)
        else:
            written = files.write_atomic(item.path, fixed.text, item.had_bom, item.data)
            if not written.written:  # the file as it was read is what remains
                found = engine.lint_document(item.text, options, source).findings
                if file_rules.write_code(written) in options.selection:
                    found = [file_rules.write_finding(written), *found]
                return Outcome(report.FileFindings(item.shown, item.text, found).slim())
    return outcome


def _relative(path: str, root: str) -> str:
    """``os.path.relpath(path, root)`` with "/", without its system calls when under root."""
    prefix = root if root.endswith("/") else root + "/"
    if os.sep == "/" and path.startswith(prefix) and ".." not in path:
        return path[len(prefix) :]
    return os.path.relpath(path, root).replace(os.sep, "/")


def _resolve(path: str | None, base: str) -> str | None:
    if not path:
        return None
    return path if os.path.isabs(path) else os.path.join(base, path)


def _root(explicit: str | None, paths: Sequence[str]) -> str:
    """Where /absolute/paths resolve: given, else the folder that holds _posts."""
    if explicit:
        if not os.path.isdir(explicit):
            raise ConfigError(f"--root {explicit}: not a folder")
        return os.path.abspath(explicit)
    first = os.path.abspath(paths[0])
    parts = first.split(os.sep)
    for special in ("_posts", "_drafts"):
        if special in parts:
            return os.sep.join(parts[: parts.index(special)]) or os.sep
    return first if os.path.isdir(first) else os.path.dirname(first)


def _collect(
    paths: Sequence[str],
    root: str,
    exclude: list[str],
    site: JekyllSite,
    walked: Sequence[tuple[str, str]] = (),
) -> Iterator[Target]:
    """The Markdown files to lint; in folders, not what Jekyll's ``exclude:`` leaves out
    (a file named on the command line is always linted). A folder the walk of the
    site (`walked`) went through takes its files from it: the tree is walked once."""
    seen: set[str] = set()
    here = os.path.join(os.getcwd(), "")
    for path in paths:
        candidates: list[tuple[str, str | None]]
        if os.path.isdir(path):
            under = _walked_folder(os.path.abspath(path), root, site) if walked else None
            if under is not None:
                candidates = [
                    (absolute, relative)
                    for absolute, relative in walked
                    if relative.startswith(under) and relative.lower().endswith(MARKDOWN_EXTENSIONS)
                ]
            else:
                candidates = [(p, None) for p in _walk_markdown(path, root, site)]
        else:
            candidates = [(os.path.abspath(path), None)]
        for absolute, known in candidates:
            if absolute in seen or (exclude and _excluded(absolute, root, exclude)):
                continue
            seen.add(absolute)
            fast = os.sep == "/" and absolute.startswith(here)
            shown = absolute[len(here) :] if fast else _shown(absolute)
            yield Target(absolute, shown, known or _relative(absolute, root))


def _walked_folder(folder: str, root: str, site: JekyllSite) -> str | None:
    """`folder` relative to `root` ("" for the root, else ending in "/") when the walk of
    the site enters it (the same files, in the same order, as walking it), else None."""
    relative = _relative(folder, root)
    if relative == ".":
        return ""
    if relative.startswith("../") or relative == ".." or os.path.isabs(relative):
        return None
    parts = relative.split("/")
    for depth, part in enumerate(parts, 1):
        if part in SKIPPED_DIRS or part.startswith(".") or not part:
            return None
        if site.excluded("/".join(parts[:depth]), True):
            return None
    return relative + "/"


def _walk_markdown(path: str, root: str, site: JekyllSite) -> list[str]:
    """The Markdown files under a folder the site's walk does not enter."""
    candidates = []
    for folder, dirs, names in os.walk(os.path.abspath(path)):
        # `folder` is absolute and normalized: its children are `folder/name`.
        prefix = os.path.join(folder, "")
        dirs[:] = sorted(
            d
            for d in dirs
            if d not in SKIPPED_DIRS
            and not d.startswith(".")
            and not site.excluded(_under_root(prefix + d, root), True)
        )
        candidates += [
            prefix + n
            for n in sorted(names)
            if n.lower().endswith(MARKDOWN_EXTENSIONS)
            and not n.startswith(".")
            and not site.excluded(_under_root(prefix + n, root))
        ]
    return candidates


def _under_root(path: str, root: str) -> str:
    """`path` relative to `root` with "/", or "" when it is outside `root`."""
    relative = _relative(path if os.path.isabs(path) else os.path.abspath(path), root)
    return "" if relative.startswith("..") else relative


def _excluded(path: str, root: str, patterns: list[str]) -> bool:
    relative = os.path.relpath(path, root).replace(os.sep, "/")
    name = os.path.basename(path)
    return any(fnmatch.fnmatch(relative, p) or fnmatch.fnmatch(name, p) for p in patterns)


def _shown(path: str) -> str:
    relative = os.path.relpath(path)
    return path if relative.startswith("..") else relative.replace(os.sep, "/")


def _read(path: str, shown: str) -> _File:
    from pelican_fast.jekyll import frontmatter

    try:
        with open(path, "rb") as handle:
            st = os.fstat(handle.fileno())
            data = handle.read()
    except OSError as error:
        return _File(path, shown, b"", None, False, error=error.strerror or str(error))
    try:
        text, had_bom = frontmatter.decode(data)
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        return _File(
            path,
            shown,
            data,
            None,
            False,
            error=f"not valid UTF-8 (byte {error.start})",
            error_line=line,
        )
    return _File(path, shown, data, text, had_bom, stat=(st.st_mtime_ns, st.st_size))


def _unreadable(item: _File, selection: Selection) -> report.FileFindings:
    from pelican_fast.links.rules import files as file_rules

    if file_rules.UNREADABLE not in selection:
        return report.FileFindings(item.shown, "", [])
    return report.FileFindings(item.shown, "", [file_rules.unreadable(item.error, item.error_line)])


def _diff(item: _File, fixed: str) -> str:
    import difflib

    assert item.text is not None
    diff = difflib.unified_diff(
        item.text.splitlines(keepends=True),
        fixed.splitlines(keepends=True),
        fromfile=f"a/{item.shown}",
        tofile=f"b/{item.shown}",
    )
    return "".join(
        line if line.endswith("\n") else line + "\n\\ No newline at end of file\n" for line in diff
    )
