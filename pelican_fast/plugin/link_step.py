"""The link engine inside a Pelican build (glue between pelican_fast.links and Pelican).

- ``repair_body``: per file, from the reader (cache-safe): scan the Markdown
  source, keep the findings, apply the safe fixes in memory.
- ``finalize``: once every post is read: cross-file findings (links to the
  site's own domain that point at no post...), logged with file:line.
- ``on_finalized``: one summary line; fail the build when asked to.
"""

from __future__ import annotations

import html
import logging
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from pelican_fast.app import pelican_pages
from pelican_fast.core.diagnostics import BuildFailure
from pelican_fast.jekyll.config import JekyllSite
from pelican_fast.jekyll.extensions import MARKDOWN_EXTENSIONS
from pelican_fast.jekyll.frontmatter import SplitFile
from pelican_fast.jekyll.walk import walk
from pelican_fast.links import engine
from pelican_fast.links.fixes import apply, choose
from pelican_fast.links.index import SiteIndex, origin_host
from pelican_fast.links.model import ERROR, INFO, SAFE, Finding, Fix, PendingLink, Reported
from pelican_fast.links.rules import Selection
from pelican_fast.links.rules import site as internal
from pelican_fast.links.rules.empty import LEFT_OUT_OF_THE_PAGE
from pelican_fast.plugin.state import STATE_KEY, PostState

logger = logging.getLogger(__name__)


_DOCUMENTS = (*MARKDOWN_EXTENSIONS, ".html", ".htm")  # pages and posts: indexed from contents


class LinkErrors(BuildFailure):
    """``links.fail_on_error`` is set and error-level link findings remain."""


@dataclass
class LinkTotals:
    """Link findings of one build (kept in the build session)."""

    posts: int = 0
    errors: int = 0
    warnings: int = 0
    repaired: int = 0
    files: set[str] = field(default_factory=set)
    # Every finding, repaired in the page or not: what `pelican-fast lint` counts.
    found_errors: int = 0
    found_warnings: int = 0


def options(config: Any, site: Any) -> engine.LintOptions:
    """Engine options from PELICAN_FAST (``lint`` section), SITEURL and Jekyll's url."""
    lint = config["lint"]
    origins = list(lint["site_urls"])
    siteurl = str(config.pelican.get("SITEURL") or "")
    if siteurl.startswith(("http://", "https://")):
        origins.append(siteurl)
    if getattr(site, "url", ""):
        origins.append(site.url)
    return engine.LintOptions(
        selection=Selection(lint["select"], lint["ignore"]),
        defer_site=True,
        origins=frozenset(origin_host(o) for o in origins if origin_host(o)),
        https_origins=frozenset(origin_host(o) for o in origins if o.startswith("https://")),
        dialect=engine.dialect_of(config["markdown"]),
    )


def repair_body(
    body: str,
    *,
    relative_path: str,
    line_offset: int,
    config: Any,
    options: engine.LintOptions,
) -> tuple[str, list[Reported | PendingLink]]:
    """Return the body with safe link repairs applied, and the findings.

    The list holds ``Reported`` findings and ``PendingLink`` records (links
    only the whole site can judge); positions refer to the source file.
    """
    links = config["links"]
    if not links["report"] and not links["fix"]:
        return body, []
    opts = options
    # One pass: the cascade already folds every repair of a destination into one
    # edit, so the build does not rescan (overlapping edits wait for `lint --fix`).
    report = engine.lint_text(body, opts, first_line=line_offset)
    repaired: set[int] = set()
    if links["fix"] and report.findings:
        findings = [_display_repair(f) for f in report.findings]
        edits, done = choose(findings, unsafe=links["unsafe_fixes"])
        body = apply(body, edits)
        # A display repair hides the problem from readers, but the source still
        # needs an author: it stays reported, and counts for fail_on_error.
        repaired_spans = {
            (f.start, f.end, f.code) for f in done if f.code not in LEFT_OUT_OF_THE_PAGE
        }
        repaired = {id(f) for f in report.findings if (f.start, f.end, f.code) in repaired_spans}
    items: list[Reported | PendingLink] = [
        Reported(f, repaired=id(f) in repaired) for f in report.findings
    ]
    items.extend(report.pending)
    items.sort(key=lambda i: i.finding.line if isinstance(i, Reported) else i.line)
    return body, items


def front_matter_items(
    text: str, parts: SplitFile, data: Mapping[str, Any], config: Any, options: engine.LintOptions
) -> list[Reported | PendingLink]:
    """The front matter's links (its ``image``), judged as ``pelican-fast lint`` judges
    them; reported only (the page is not built from the front matter's text)."""
    links = config["links"]
    if not links["report"] or parts.yaml_text is None or not isinstance(data.get("image"), str):
        return []
    report = engine.lint_text(
        text[: parts.body_offset],
        options,
        body_offset=parts.body_offset,
        front=parts,
        front_data=data,
    )
    items: list[Reported | PendingLink] = [Reported(f) for f in report.findings]
    items.extend(report.pending)
    return items


def _display_repair(finding: Finding) -> Finding:
    """A finding the page can hide though the source needs an author (see empty.py)."""
    stand_in = LEFT_OUT_OF_THE_PAGE.get(finding.code)
    if stand_in is not None and finding.fix is None:
        return replace(finding, fix=Fix(SAFE, stand_in))
    return finding


def site_index(
    contents: Iterable[Any], config: Any, site: Any, generators: Iterable[Any]
) -> SiteIndex:
    """The SiteIndex of a build: its posts, pages, static files and redirects."""
    opts = options(config, site)
    index = SiteIndex(
        baseurl=getattr(site, "baseurl", ""),
        origins=opts.origins,
        template=getattr(site, "permalink", ""),
    )
    baseurl = index.baseurl
    for content in contents:
        state = getattr(content, STATE_KEY, None)
        url = getattr(content, "jekyll_url", None)
        if url:
            url = str(url)
            url = url[len(baseurl) :] if baseurl and url.startswith(baseurl) else url
        else:
            url = "/" + str(getattr(content, "url", "") or "")
        if isinstance(state, PostState) and getattr(content, "jekyll_url", None):
            index.add_post(state.name, state.relative_path, url)
            index.facts.add(*_taxonomy(content))
        else:
            index.add_page(url)
        for old in getattr(content, "redirect_from", None) or []:
            index.add_page(str(old))
    for generator in generators:
        for static in getattr(generator, "staticfiles", []) or []:
            target = getattr(static, "url", None) or getattr(static, "relative_source_path", "")
            if target:
                index.add_file(str(target))
    # The files of the content folder, as `pelican-fast lint` sees them (Pelican copies only
    # STATIC_PATHS, but a link to /img/x.png is judged the same way by both).
    content_root = str(config.pelican.get("PATH") or "")
    if content_root and os.path.isdir(content_root) and isinstance(site, JekyllSite):
        for _, relative in walk(content_root, site):
            if not relative.lower().endswith(_DOCUMENTS):
                index.add_file(relative)
    # The pages plugins and Pelican write, as `pelican-fast lint` learns them.
    index.learn_plugins(getattr(site, "variables", None) or {})
    index.add_generated(pelican_pages.urls(config.pelican, index.facts))
    return index


def _taxonomy(
    content: Any,
) -> tuple[list[str], list[str], tuple[int, int, int] | None, list[str]]:
    """A post's tags and categories as Jekyll names them, its date and its authors."""

    def names(key: str) -> list[str]:
        items = getattr(content, key, None) or []
        return [html.unescape(str(getattr(item, "name", item))) for item in items]

    date = getattr(content, "date", None)
    day = (date.year, date.month, date.day) if date is not None else None
    return (
        names("tags"),
        [str(c) for c in getattr(content, "categories", None) or []],
        day,
        names("authors"),
    )


def finalize(
    contents: list[Any], config: Any, site: Any, generators: list[Any], totals: LinkTotals
) -> None:
    """Cross-file checks and logging, after every post has been read."""
    links = config["links"]
    posts = [
        (content, state)
        for content in contents
        if isinstance(state := getattr(content, STATE_KEY, None), PostState) and state.findings
    ]
    index = site_index(contents, config, site, generators) if posts else None
    selection = options(config, site).selection
    for content, state in posts:
        reported = [i for i in state.findings if isinstance(i, Reported)]
        pending = [i for i in state.findings if isinstance(i, PendingLink)]
        if pending and index is not None:
            url = getattr(content, "jekyll_url", None)
            if url and index.baseurl and str(url).startswith(index.baseurl):
                url = str(url)[len(index.baseurl) :]
            source = internal.Source(state.relative_path, str(url) if url else None)
            reported += [
                Reported(f) for f in engine.site_findings(pending, index, source, selection)
            ]
        reported.sort(key=lambda r: (r.finding.line, r.finding.column, r.finding.code))
        totals.posts += 1
        for item in reported:
            _count(totals, item, state.relative_path)
            if links["report"]:
                _log(item, state.relative_path)


def _count(totals: LinkTotals, item: Reported, path: str) -> None:
    if item.finding.severity == ERROR:
        totals.found_errors += 1
    elif item.finding.severity != INFO:
        totals.found_warnings += 1
    if item.repaired:
        totals.repaired += 1
        return
    if item.finding.severity == ERROR:
        totals.errors += 1
        totals.files.add(path)
    elif item.finding.severity != INFO:
        totals.warnings += 1


def _log(item: Reported, path: str) -> None:
    finding = item.finding
    text = f"{path}:{finding.line}:{finding.column}: {finding.code} {finding.message}"
    if item.repaired:
        logger.info("%s (repaired in the built page)", text)
        return
    level = logging.INFO if finding.severity == INFO else logging.WARNING
    logger.log(
        level,
        "%s",
        text,
        extra={"limit_msg": f"More {finding.code} link findings: run `pelican-fast lint`"},
    )


def on_finalized(pelican: Any, config: Any, run: LinkTotals) -> None:
    """Summary line; raise when `links.fail_on_error` and errors remain."""
    if not (run.errors or run.warnings or run.repaired):
        return
    message = (
        f"pelican-fast: {run.found_errors} link error(s), {run.found_warnings} warning(s) "
        "(as `pelican-fast lint` counts them); in the built pages "
        f"{run.errors} link error(s) in {len(run.files)} post(s) and {run.warnings} "
        f"warning(s) remain, {run.repaired} repaired there only "
        "(`pelican-fast lint --fix` repairs the sources)"
    )
    logger.log(logging.WARNING if run.errors or run.warnings else logging.INFO, "%s", message)
    if config["links"]["fail_on_error"] and run.errors:
        raise LinkErrors(
            f"{run.errors} link error(s) remain and PELICAN_FAST['links']['fail_on_error'] is set"
        )
