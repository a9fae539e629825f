"""One file, start to finish: scan, run every rule, honour suppressions.

Shared by ``pelican-fast lint`` and the Pelican build, so a rule the linter
reports is the rule the build repairs. The site-wide rules either run here
(the linter has a SiteIndex) or are deferred as PendingLink records (the
build's reader is cached per file; the plugin checks them once all posts
are known).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from pelican_fast.jekyll import frontmatter
from pelican_fast.jekyll.frontmatter import SplitFile
from pelican_fast.links import urls
from pelican_fast.links.blocks import KRAMDOWN, PYTHON_MARKDOWN
from pelican_fast.links.cascade import check_destination, repairs_destination
from pelican_fast.links.fixes import Fixed, fix
from pelican_fast.links.grouping import group_repeats
from pelican_fast.links.index import SiteIndex
from pelican_fast.links.model import (
    BARE,
    FRONT_MATTER,
    REFERENCE,
    SAFE,
    UNDEFINED,
    UNSAFE,
    Finding,
    LineIndex,
    Link,
    PendingLink,
)
from pelican_fast.links.rules import BY_CODE, Selection, empty, syntax, url_form
from pelican_fast.links.rules import site as internal
from pelican_fast.links.rules.base import Cascade, Reporter
from pelican_fast.links.scanner import Directive, scan


@dataclass(frozen=True)
class LintOptions:
    """What the rules need to know beyond the file itself."""

    selection: Selection = field(default_factory=Selection)
    site: SiteIndex | None = None  # run the site-wide rules here
    defer_site: bool = False  # record PendingLinks for them instead
    origins: frozenset[str] = frozenset()  # the site's own hosts (lower case, no www.)
    https_origins: frozenset[str] = frozenset()  # those known to serve https
    # Front matter the site index has already parsed: its `image`, by front_key of its
    # YAML text (the linter would otherwise parse every post's YAML twice).
    front_images: Mapping[bytes, str | None] = field(default_factory=dict)
    # The renderer whose reading of Markdown counts (links/blocks.py: "kramdown" or
    # "python-markdown"), from the `markdown` setting: see dialect_of().
    dialect: str = KRAMDOWN


def dialect_of(markdown: str) -> str:
    """The scanner dialect for PELICAN_FAST["markdown"] ("kramdown" or "pelican")."""
    return PYTHON_MARKDOWN if markdown == "pelican" else KRAMDOWN


@dataclass
class FileReport:
    findings: list[Finding]
    pending: list[PendingLink]
    links: list[Link]


def lint_text(
    text: str,
    options: LintOptions,
    *,
    body_offset: int = 0,
    first_line: int = 1,
    source: internal.Source | None = None,
    front: SplitFile | None = None,
    front_data: Mapping[str, Any] | None = None,
) -> FileReport:
    """Findings for `text`; its Markdown body starts at `body_offset`.

    `first_line` is the line number of ``text[0]`` (the build passes only the
    body). `front`/`front_data` give the front matter, for its ``image``.
    """
    lines = LineIndex(text, first_line)
    report = Reporter(lines, options.selection.codes, BY_CODE, text=text)
    scanned = scan(text[body_offset:], body_offset, options.dialect)
    links = list(scanned.links)
    if front is not None and front_data is not None:
        links[:0] = front_matter_links(text, front, front_data)
    https: set[str] = set(options.https_origins)
    if any(link.url[:7].lower() == "http://" for link in links):  # only PF503 needs them
        https.update(
            urls.strip_www(urls.host_of(link.url))
            for link in links
            if link.url[:8].lower() == "https://"
        )
    pending: list[PendingLink] = []
    for link in links:
        if link.malformed:  # the only links check_syntax reports
            syntax.check_syntax(link, report, text)
        if link.kind == BARE:
            url_form.check_bare(link, report)
            continue
        empty.check_text(link, report)
        if link.kind == REFERENCE or link.malformed == UNDEFINED:
            continue
        if not repairs_destination(link):
            continue
        cascade = check_destination(link, report, https)
        if cascade.stopped:
            continue
        value = cascade.value
        if options.site is not None:
            _site_rules(cascade, report, options.site, source)
        elif options.defer_site and internal.needs_site(value, options.origins):
            line, column = lines.position(link.dest_start)
            end_line, end_column = lines.position(link.dest_end)
            pending.append(
                PendingLink(
                    replace(link, url=value),
                    line,
                    column,
                    end_line,
                    end_column,
                    link.dest_start,
                    link.dest_end,
                )
            )
    findings = group_repeats(suppress(report.findings, scanned.directives, lines), text)
    findings.sort(key=lambda f: (f.start, f.stage, f.code))
    return FileReport(findings, pending, links)


def _site_rules(
    cascade: Cascade,
    report: Reporter,
    site: SiteIndex,
    source: internal.Source | None,
) -> None:
    link = cascade.link
    verdict = internal.check(
        cascade.value,
        site,
        source or internal.Source("", None),
        image=link.image or link.kind == FRONT_MATTER,
    )
    if verdict is None:
        return
    if verdict.replacement is None:
        report.add(verdict.code, verdict.message, link.dest_start, link.dest_end)
        return
    safety = BY_CODE[verdict.code].fix or UNSAFE
    cascade.stage += 1
    report.add(
        verdict.code,
        verdict.message,
        link.dest_start,
        link.dest_end,
        cascade.render(verdict.replacement),
        cascade.applicability(safety),
        cascade.stage,
    )


def site_findings(
    pending: Iterable[PendingLink],
    site: SiteIndex,
    source: internal.Source,
    selection: Selection,
) -> list[Finding]:
    """The deferred site-wide rules, report only (the page is already rendered)."""
    found: list[Finding] = []
    for item in pending:
        link = item.link
        verdict = internal.check(
            link.url, site, source, image=link.image or link.kind == FRONT_MATTER
        )
        if verdict is None or verdict.code not in selection:
            continue
        found.append(
            Finding(
                code=verdict.code,
                severity=BY_CODE[verdict.code].severity,
                message=verdict.message,
                start=item.start,
                end=item.end,
                line=item.line,
                column=item.column,
                end_line=item.end_line,
                end_column=item.end_column,
            )
        )
    return group_repeats(found, "")  # as lint_text groups them (report only: no fix)


# -- front matter ------------------------------------------------------------------

_IMAGE_LINE = re.compile(
    r"^image[ \t]*:[ \t]*(?P<q>[\"']?)(?P<value>[^\"'#\r\n]*?)(?P=q)[ \t]*(?:#.*)?$"
)


def front_matter_links(text: str, front: SplitFile, data: Mapping[str, Any]) -> list[Link]:
    """The front-matter ``image`` as a link, with the span of its value."""
    value = data.get("image")
    if not isinstance(value, str) or front.yaml_text is None:
        return []
    offset = text.find(front.yaml_text) if front.yaml_text else -1
    if offset < 0:
        return []
    position = offset
    for line in front.yaml_text.splitlines(keepends=True):
        matched = _IMAGE_LINE.match(line.rstrip("\r\n"))
        if matched and matched.group("value").strip() == value.strip():
            start = position + matched.start("value")
            raw = matched.group("value")
            end = start + len(raw.rstrip())
            return [
                Link(
                    kind=FRONT_MATTER,
                    start=start,
                    end=end,
                    dest_start=start,
                    dest_end=end,
                    url=value.strip(),
                    image=True,
                    text="image",
                )
            ]
        position += len(line)
    return []


# -- suppression comments -----------------------------------------------------------


def suppress(
    findings: list[Finding], directives: Iterable[Directive], lines: LineIndex
) -> list[Finding]:
    """Drop findings silenced by ``<!-- pelican-fast: disable… -->`` comments."""
    ranges: list[tuple[int, int, tuple[str, ...]]] = []
    open_ranges: list[tuple[int, tuple[str, ...]]] = []
    for directive in directives:
        first, _ = lines.position(directive.start)
        last, _ = lines.position(directive.end)
        action = directive.action
        if action == "disable-next-line":
            ranges.append((last + 1, last + 1, directive.codes))
        elif action == "disable-line":
            ranges.append((first, last, directive.codes))
        elif action in ("disable", "disable-file"):
            open_ranges.append((1 if action == "disable-file" else first, directive.codes))
        elif action == "enable":
            still = []
            for start, codes in open_ranges:
                if not directive.codes or not codes or set(codes) & set(directive.codes):
                    ranges.append((start, first, codes))
                else:
                    still.append((start, codes))
            open_ranges = still
    ranges.extend((start, 1 << 30, codes) for start, codes in open_ranges)
    if not ranges:
        return list(findings)
    return [
        finding
        for finding in findings
        if not any(
            low <= finding.line <= high
            and (not codes or any(finding.code.startswith(code) for code in codes))
            for low, high, codes in ranges
        )
    ]


# -- fixing ----------------------------------------------------------------------------


def front_key(yaml_text: str) -> bytes:
    """Identifies a front matter's YAML text (see LintOptions.front_images)."""
    return hashlib.blake2b(yaml_text.encode("utf-8", "surrogatepass"), digest_size=16).digest()


def front_image(data: Mapping[str, Any]) -> str | None:
    """All the linter needs of parsed front matter: its ``image`` when it is a string."""
    value = data.get("image")
    return value if isinstance(value, str) else None


def lint_document(
    text: str, options: LintOptions, source: internal.Source | None = None
) -> FileReport:
    """A whole file (front matter included; `text` without its BOM)."""
    parts = frontmatter.split(text)
    data: Mapping[str, Any] | None = None
    if parts.yaml_text is not None:
        known = (
            options.front_images.get(front_key(parts.yaml_text), _UNKNOWN)
            if options.front_images
            else _UNKNOWN
        )
        if known is not _UNKNOWN:
            data = {} if known is None else {"image": known}
        else:
            try:
                data = frontmatter.parse_yaml(parts)
            except frontmatter.FrontMatterError:
                data = None
    return lint_text(
        text,
        options,
        body_offset=parts.body_offset,
        source=source,
        front=parts,
        front_data=data,
    )


_UNKNOWN = object()


def fix_document(
    text: str, options: LintOptions, unsafe: bool, source: internal.Source | None = None
) -> Fixed:
    """Apply fixes to a whole file until none applies."""
    return fix(text, lambda version: lint_document(version, options, source).findings, unsafe)


def applicable(findings: Iterable[Finding], unsafe: bool) -> int:
    return sum(1 for f in findings if f.fix is not None and (f.fix.applicability == SAFE or unsafe))
