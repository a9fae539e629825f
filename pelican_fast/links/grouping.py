"""One problem, one line of output: repeats of one finding on one line become one finding.

``http://digitalgov.gov`` linked seven times on a line is one thing to repair, not
seven warnings. Findings of the same rule with the same message on the same line
and disjoint spans merge into one whose span covers them all, whose message says
how many, and whose fix (when each had one, of the same safety) repairs them all at
once: the text between them is kept as it is. The linter and the build both call
this (from ``engine.lint_text``), so both count the same.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from itertools import pairwise

from pelican_fast.links.model import Finding, Fix


def group_repeats(findings: Sequence[Finding], text: str) -> list[Finding]:
    """`findings` with each line's repeats of one finding merged (order otherwise kept)."""
    groups: dict[tuple[str, int, str], list[Finding]] = {}
    for finding in findings:
        groups.setdefault((finding.code, finding.line, finding.message), []).append(finding)
    if len(groups) == len(findings):
        return list(findings)
    merged: list[Finding] = []
    done: set[tuple[str, int, str]] = set()
    for finding in findings:
        key = (finding.code, finding.line, finding.message)
        if key in done:
            continue
        group = groups[key]
        if len(group) == 1:
            merged.append(finding)
            continue
        combined = _merge(group, text)
        if combined is None:
            merged.append(finding)
            continue
        done.add(key)
        merged.append(combined)
    return merged


def _merge(group: list[Finding], text: str) -> Finding | None:
    ordered = sorted(group, key=lambda f: (f.start, f.end))
    for before, after in pairwise(ordered):
        if after.start < before.end:
            return None  # overlapping spans: separate repairs, kept apart
    first, last = ordered[0], ordered[-1]
    fix = _merged_fix(ordered, text)
    if fix is None and any(f.fix is not None for f in ordered):
        return None  # fixes that cannot be applied together: kept apart
    return replace(
        first,
        message=f"{first.message} ({len(ordered)} times on this line)",
        end=last.end,
        end_line=last.end_line,
        end_column=last.end_column,
        fix=fix,
        stage=max(f.stage for f in ordered),
    )


def _merged_fix(ordered: list[Finding], text: str) -> Fix | None:
    fixes = [f.fix for f in ordered]
    if any(fix is None or fix.unsafe_replacement is not None for fix in fixes) or not text:
        return None
    safeties = {fix.applicability for fix in fixes if fix is not None}
    if len(safeties) != 1:
        return None
    parts: list[str] = []
    position = ordered[0].start
    for finding in ordered:
        assert finding.fix is not None
        parts.append(text[position : finding.start])
        parts.append(finding.fix.replacement)
        position = finding.end
    return Fix(safeties.pop(), "".join(parts))
