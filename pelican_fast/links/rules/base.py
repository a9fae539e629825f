"""What every rule module shares: the Rule record, the reporter, the repair cascade's state.

A rule module (one per family: ``files``, ``syntax``, ``url_form``, ``empty``,
``site``, ``hygiene``, ``external``) declares its rules (code, name, severity,
fix safety, documentation) beside the functions that check them; the registry
(``links/rules/__init__.py``) collects them; ``links/cascade.py`` runs them on
each destination. Nothing here imports a rule module or the registry.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from pelican_fast.links import urls
from pelican_fast.links.model import (
    AUTOLINK,
    AUTOMAIL,
    BARE,
    FRONT_MATTER,
    HTML,
    SAFE,
    UNCLOSED,
    UNSAFE,
    Applicability,
    Finding,
    Fix,
    LineIndex,
    Link,
    Severity,
)
from pelican_fast.links.urls import looks_like_url


@dataclass(frozen=True)
class Rule:
    """One defect with a stable code, and its documentation (docs/rules/<code>.md)."""

    code: str
    name: str
    severity: Severity
    fix: Applicability | None  # None: report only
    summary: str  # what it finds, one sentence
    why: str  # why it matters
    bad: str  # Markdown that triggers it
    good: str | None  # the same after the fix (None: no automatic fix)
    fix_note: str = ""  # when the fix is offered, if not always
    default: bool = True  # selected when no --select is given


MAX_REPAIR = 4096  # destinations longer than this are reported, never rewritten

# (message, repaired destination or None to report only, safety)
StepResult = tuple[str, str | None, Applicability]
StepFunction = Callable[[str, Link], StepResult | None]


@dataclass(frozen=True)
class Step:
    """One step of the repair cascade: the rule it reports, its place in the order.

    ``plain``: the step can change a destination that is already a plain URL or
    path (most steps repair malformed ones and are skipped on those).
    """

    code: str
    check: StepFunction
    order: int
    plain: bool = False


@dataclass
class Reporter:
    """Collects findings for one file, computing line and column once."""

    lines: LineIndex
    codes: frozenset[str]  # the selected rule codes
    catalogue: Mapping[str, Rule]  # every rule by code (the registry's BY_CODE)
    findings: list[Finding] = field(default_factory=list)
    text: str = ""  # the text the offsets refer to (for fixes that keep its pieces)

    def add(
        self,
        code: str,
        message: str,
        start: int,
        end: int,
        replacement: str | None = None,
        applicability: Applicability | None = None,
        stage: int = 0,
        unsafe_replacement: str | None = None,
    ) -> None:
        if code not in self.codes:
            return
        line, column = self.lines.position(start)
        end_line, end_column = self.lines.position(end)
        fix = None
        if replacement is not None:
            fix = Fix(
                applicability or self.catalogue[code].fix or UNSAFE,
                replacement,
                unsafe_replacement,
            )
        self.findings.append(
            Finding(
                code=code,
                severity=self.catalogue[code].severity,
                message=message,
                start=start,
                end=end,
                line=line,
                column=column,
                end_line=end_line,
                end_column=end_column,
                fix=fix,
                stage=stage,
            )
        )


def short(url: str, limit: int = 60) -> str:
    """A destination as quoted in a message: one line, not too long."""
    url = " ".join(url.split()) if SPACE.search(url) else url
    return url if len(url) <= limit else url[: limit - 1] + "…"


SPACE = re.compile(r"\s")
UNQUOTABLE = re.compile(r"[\s\"'<>`=]")
LIQUID = re.compile(r"\{\{.*?\}\}|\{%.*?%\}")
FILE_TOKEN = re.compile(r"\.[A-Za-z0-9]{2,5}$")


def balanced(text: str, opening: str, closing: str) -> bool:
    depth = 0
    for char in text:
        if char == opening:
            depth += 1
        elif char == closing:
            depth -= 1
            if depth < 0:
                return False
    return depth == 0


def destination_like(value: str) -> bool:
    """Something a link may point to: a URL, an address, a path, a fragment."""
    if not value or SPACE.search(value) is not None:
        return False
    return (
        looks_like_url(value)
        or value.startswith(("/", "#", "./", "../", "{{", "{%"))
        or urls.scheme_less_host(value) is not None
        or urls.is_email(value)
    )


def needs_angle(value: str) -> bool:
    if "{" in value:
        value = LIQUID.sub("x", value)
    return (
        not value
        or SPACE.search(value) is not None
        or value.count("(") != value.count(")")
        or value.startswith("<")
    )


@dataclass
class Cascade:
    """State of one destination's repairs."""

    link: Link
    value: str
    stage: int = 0
    unsafe: bool = False
    requote: bool = False  # an unquoted HTML value that the repair must quote
    stopped: bool = False  # an error without a fix: later rules cannot judge the value

    def render(self, value: str) -> str:
        link = self.link
        if link.kind == HTML:
            if link.quote:
                return value.replace(link.quote, "%22" if link.quote == '"' else "%27")
            if self.requote or UNQUOTABLE.search(value):
                return '"' + value.replace('"', "%22") + '"'
            return value
        if link.kind in (AUTOLINK, AUTOMAIL, BARE, FRONT_MATTER):
            return value
        text = f"<{value}>" if needs_angle(value) else value
        if link.malformed == UNCLOSED:
            text += ")"
        return text

    def applicability(self, safety: Applicability) -> Applicability:
        self.unsafe = self.unsafe or safety == UNSAFE
        return UNSAFE if self.unsafe else SAFE
