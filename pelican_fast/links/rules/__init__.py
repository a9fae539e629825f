"""The rule catalogue: every rule by code, collected from the family modules.

Codes never change meaning (like ruff's): PF0 files, PF1 malformed syntax, PF2
URL form, PF3 empty links, PF4 links inside the site, PF5 hosts and hygiene,
PF9 external checks. A severity says what happens to a reader: ``error``, the
link does not work; ``warning``, it works badly or will rot; ``info``, style. A
fix is ``safe`` when it keeps the author's meaning (applied by ``--fix`` and by
the build), ``unsafe`` when it is a likely guess (``--unsafe-fixes`` only), and
absent when the right destination cannot be derived from the text.

A rule lives in one place: its family module declares it (code, name, severity,
fix safety, documentation) beside the function that checks it. To add one, see
docs/architecture.md. The documentation pages in docs/rules/ are generated from
here (``python -m pelican_fast.links.rules docs/rules``) and a test keeps them in step.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from pelican_fast.links.model import SAFE, UNSAFE
from pelican_fast.links.rules import empty, external, files, hygiene, site, syntax, url_form
from pelican_fast.links.rules.base import Rule, Step
from pelican_fast.links.rules.external import EXTERNAL_PREFIX

FAMILIES = (files, syntax, url_form, empty, site, hygiene, external)

RULES: tuple[Rule, ...] = tuple(
    sorted((rule for family in FAMILIES for rule in family.RULES), key=lambda r: r.code)
)
BY_CODE: dict[str, Rule] = {rule.code: rule for rule in RULES}

# The repair cascade's steps, in the order they run (each declared by its family).
STEPS: tuple[Step, ...] = tuple(
    sorted(
        (step for family in FAMILIES for step in getattr(family, "STEPS", ())),
        key=lambda s: s.order,
    )
)
PLAIN_STEPS: tuple[Step, ...] = tuple(step for step in STEPS if step.plain)

__all__ = [
    "BY_CODE",
    "EXTERNAL_PREFIX",
    "PLAIN_STEPS",
    "RULES",
    "STEPS",
    "Rule",
    "Selection",
    "Step",
    "severity",
    "unknown_codes",
]


def severity(code: str) -> str:
    return BY_CODE[code].severity


class Selection:
    """Which codes run, from ``select`` and ``ignore`` lists of codes or prefixes."""

    def __init__(self, select: Iterable[str] = (), ignore: Iterable[str] = ()) -> None:
        chosen = [s.strip().upper() for s in select if s.strip()]
        ignored = [s.strip().upper() for s in ignore if s.strip()]
        codes: set[str] = set()
        for rule in RULES:
            picked = any(_matches(rule.code, i) for i in chosen) if chosen else rule.default
            if picked and not any(_matches(rule.code, item) for item in ignored):
                codes.add(rule.code)
        self.codes = frozenset(codes)

    def __contains__(self, code: object) -> bool:
        return code in self.codes


def _matches(code: str, item: str) -> bool:
    return item == "ALL" or code.startswith(item)


def unknown_codes(items: Iterable[str]) -> list[str]:
    """Items that select no rule at all (a typo in --select or a suppression)."""
    return [
        item
        for item in items
        if item.strip() and not any(_matches(rule.code, item.strip().upper()) for rule in RULES)
    ]


# -- documentation -----------------------------------------------------------


def _fence(text: str) -> str:
    fence = "````" if "```" in text else "```"
    return f"{fence}markdown\n{text}\n{fence}"


def rule_page(rule: Rule) -> str:
    """docs/rules/<CODE>.md for one rule."""
    if rule.fix == SAFE:
        safety = "**safe**: applied by `pelican-fast lint --fix` and, in memory, by the build."
    elif rule.fix == UNSAFE:
        safety = "**unsafe**: applied only with `pelican-fast lint --fix --unsafe-fixes`."
    else:
        safety = "none: the right destination cannot be derived from the text; reported only."
    lines = [
        f"# {rule.code} `{rule.name}`",
        "",
        f"Severity: **{rule.severity}**" + ("" if rule.default else " (not selected by default)"),
        "",
        "## What it finds",
        "",
        rule.summary,
        "",
        "## Why",
        "",
        rule.why,
        "",
        "## Example",
        "",
        _fence(rule.bad),
        "",
    ]
    if rule.good is not None:
        lines += ["Fixed:", "", _fence(rule.good), ""]
    lines += ["## Fix", "", safety]
    if rule.fix_note:
        lines += ["", rule.fix_note]
    lines += [
        "",
        "## Silence it",
        "",
        f"`<!-- pelican-fast: disable-next-line {rule.code} -->` on the line before, "
        f'or `ignore = ["{rule.code}"]` in `[tool.pelican-fast]`.',
        "",
    ]
    return "\n".join(lines)


def index_page() -> str:
    """docs/rules/README.md: the table of every rule."""
    lines = [
        "# Link rules",
        "",
        "Generated from `pelican_fast/links/rules/` "
        "(`python -m pelican_fast.links.rules docs/rules`).",
        "",
        "| Code | Name | Severity | Fix |",
        "| --- | --- | --- | --- |",
    ]
    for rule in RULES:
        fix = rule.fix or "—"
        name = rule.name + ("" if rule.default else " (opt-in)")
        lines.append(f"| [{rule.code}]({rule.code}.md) | `{name}` | {rule.severity} | {fix} |")
    return "\n".join(lines) + "\n"


def pages() -> dict[str, str]:
    """File name -> content of every generated documentation page."""
    result = {f"{rule.code}.md": rule_page(rule) for rule in RULES}
    result["README.md"] = index_page()
    return result


def write_docs(folder: str) -> None:
    target = Path(folder)
    target.mkdir(parents=True, exist_ok=True)
    for name, text in pages().items():
        (target / name).write_text(text, encoding="utf-8")
