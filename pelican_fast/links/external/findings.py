"""From results per URL to findings per occurrence, as the link engine's ``Finding``.

A maintainer edits a line, not a URL: every occurrence of a URL that needs
attention gets its own finding (path:line:col). It is the one ``Finding`` of
``links.model`` (the one ``pelican-fast lint`` and the build report), with its
``path`` and ``url`` set and, for a permanent redirect, an unsafe ``Fix`` over
the URL's span (``start:end``): the shared report formats print them and the
shared fix machinery applies them.

Codes live in the PF9xx family (external links). Severities: ``error`` only
for a link that is broken today; what we could not settle (rate limited,
timeout, network error, denied, unavailable) is a ``warning`` and never makes
the exit code 1.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Mapping

from pelican_fast.links.external.collect import Occurrence
from pelican_fast.links.external.policy import flag_message
from pelican_fast.links.external.results import Flag, Kind, Result
from pelican_fast.links.model import UNSAFE, Finding, Fix
from pelican_fast.links.rules.external import FLAG_CODES, KIND_CODES, MOVED_PERMANENTLY, RULES

_SEVERITY = {rule.code: rule.severity for rule in RULES}


def findings(results: Mapping[str, Result], occurrences: Iterable[Occurrence]) -> list[Finding]:
    """Findings for every occurrence whose URL is not simply fine, in source order."""
    found: list[Finding] = []
    for occurrence in occurrences:
        result = results.get(occurrence.url)
        if result is None:
            continue
        for code, message in _messages(result):
            found.append(_finding(occurrence, code, message, result))
    found.sort(key=lambda f: (f.path, f.line, f.column, f.code))
    return found


def _messages(result: Result) -> list[tuple[str, str]]:
    messages: list[tuple[str, str]] = []
    code = KIND_CODES.get(result.kind.value)
    if code is not None:
        messages.append((code, _kind_message(result)))
    for flag in result.flags:
        if flag is Flag.MISSING_ANCHOR:
            anchors = ", ".join(f"#{a}" for a in result.missing_anchors)
            text = f"{result.url}: anchor {anchors} not found on the page"
            messages.append((FLAG_CODES[flag.value], text))
        else:
            text = f"{result.url} {flag_message(flag, result.final_url)}"
            messages.append((FLAG_CODES[flag.value], text))
    return messages


def _kind_message(result: Result) -> str:
    text = f"{result.url}: {result.message or result.kind.value}"
    if result.kind is Kind.REDIRECTED and result.new_url:
        text = f"{result.url} moved permanently to {result.new_url}"
    if result.cached:
        text += f" (cached {_age(result.age)} ago)"
    return text


def _age(seconds: float) -> str:
    for unit, size in (("d", 86400), ("h", 3600), ("min", 60)):
        if seconds >= size:
            return f"{seconds / size:.0f} {unit}"
    return f"{seconds:.0f} s"


def _finding(occurrence: Occurrence, code: str, message: str, result: Result) -> Finding:
    fix = None
    if code == MOVED_PERMANENTLY and result.new_url and occurrence.start >= 0:
        replacement = result.new_url
        if occurrence.html:
            replacement = html.escape(replacement, quote=True)
        elif occurrence.angle:
            replacement = f"<{replacement}>"
        fix = Fix(UNSAFE, replacement)  # a redirect can change: never applied silently
    end_column = occurrence.end_column or occurrence.column + len(occurrence.url)
    return Finding(
        code=code,
        severity=_SEVERITY[code],
        message=message,
        start=max(occurrence.start, 0),
        end=max(occurrence.end, 0),
        line=occurrence.line,
        column=occurrence.column,
        end_line=occurrence.end_line or occurrence.line,
        end_column=end_column,
        fix=fix,
        path=occurrence.path,
        url=occurrence.url,
    )
