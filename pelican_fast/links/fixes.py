"""Apply fixes: non-overlapping edits, repeated until nothing more applies.

Every fix replaces exactly its finding's span. Findings on the same span come
from one destination's repair cascade (see checks.py): the latest one allowed
already contains the earlier repairs, so it alone is applied. Overlapping
spans of different constructs are applied in later rounds, after a rescan,
which is also what makes fixing idempotent: a second run finds nothing to do.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from pelican_fast.links.model import Finding

MAX_ROUNDS = 8


@dataclass(frozen=True)
class Edit:
    start: int
    end: int
    replacement: str


def choose(findings: Sequence[Finding], unsafe: bool) -> tuple[list[Edit], list[Finding]]:
    """Edits to apply now, and the findings they repair."""
    best: dict[tuple[int, int], Finding] = {}
    for finding in findings:
        if not finding.fixable(unsafe):
            continue
        span = (finding.start, finding.end)
        kept = best.get(span)
        if kept is None or finding.stage > kept.stage:
            best[span] = finding
    edits: list[Edit] = []
    chosen: list[Finding] = []
    last_end = -1
    last_start = -1
    for (start, end), finding in sorted(best.items()):
        if start < last_end or (start == end == last_start):
            continue  # overlaps an edit already chosen: next round
        assert finding.fix is not None
        edits.append(Edit(start, end, finding.fix.text(unsafe)))
        chosen.append(finding)
        last_start, last_end = start, max(end, start)
    repaired = [
        f
        for f in findings
        if f.fixable(unsafe)
        and any(f.start == c.start and f.end == c.end and f.stage <= c.stage for c in chosen)
    ]
    return edits, repaired


def apply(text: str, edits: Sequence[Edit]) -> str:
    """`text` with `edits` (sorted, non-overlapping) applied."""
    parts: list[str] = []
    position = 0
    for edit in edits:
        parts.append(text[position : edit.start])
        parts.append(edit.replacement)
        position = edit.end
    parts.append(text[position:])
    return "".join(parts)


@dataclass
class Fixed:
    text: str
    repaired: list[Finding]  # findings repaired; offsets in the original text
    remaining: list[Finding]  # findings of the final text (offsets in it)
    rounds: list[list[Edit]]  # the edits of each round, to map offsets back


def fix(text: str, check: Callable[[str], list[Finding]], unsafe: bool) -> Fixed:
    """Fix `text` until no allowed fix remains; `check` lints a version of it."""
    findings = check(text)
    repaired_all: list[Finding] = []
    rounds: list[list[Edit]] = []
    current = text
    for _ in range(MAX_ROUNDS):
        edits, repaired = choose(findings, unsafe)
        if not edits:
            break
        updated = apply(current, edits)
        if updated == current:
            break
        repaired_all.extend(
            replace(
                f,
                start=original_offset(f.start, rounds),
                end=original_offset(f.end, rounds),
            )
            for f in repaired
        )
        rounds.append(edits)
        current = updated
        findings = check(current)
    return Fixed(current, repaired_all, findings, rounds)


def _back(offset: int, edits: Sequence[Edit]) -> int:
    shift = 0
    for edit in edits:
        new_start = edit.start + shift
        if offset < new_start:
            break
        if offset < new_start + len(edit.replacement):
            return edit.start  # inside a replacement: where it was
        shift += len(edit.replacement) - (edit.end - edit.start)
    return offset - shift


def original_offset(offset: int, rounds: Sequence[Sequence[Edit]]) -> int:
    """Map an offset of the fixed text back to the text before any round."""
    for edits in reversed(rounds):
        offset = _back(offset, edits)
    return offset
