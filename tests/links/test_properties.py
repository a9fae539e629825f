"""Properties over arbitrary text: no crash, idempotent fixes, nothing touched outside links."""

from __future__ import annotations

import pickle
import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pelican_fast.links import engine, fixes
from pelican_fast.links.api import repair_destination
from pelican_fast.links.model import BARE, Finding, Link
from pelican_fast.links.rules import Selection
from tests.links.test_rules import POSITIVE
from tests.links.test_scanner import FRAGMENTS

OPTIONS = engine.LintOptions(selection=Selection())
MARKDOWN_CHARS = "[]()<>!`\\\"'“”*_#:/.@ \n\t-=|{}%"
pieces = st.one_of(
    st.sampled_from(FRAGMENTS + [case[0] for case in POSITIVE]),
    st.text(alphabet=MARKDOWN_CHARS + "ahx1é", max_size=6),
    st.text(max_size=4),
)
documents = st.lists(pieces, max_size=25).map(" ".join)
SETTINGS = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(st.text())
def test_never_crashes_on_any_text(text: str) -> None:
    report = engine.lint_document(text, OPTIONS)
    for finding in report.findings:
        assert 0 <= finding.start <= finding.end <= len(text)
        assert finding.line >= 1 and finding.column >= 1


@SETTINGS
@given(documents)
def test_findings_point_inside_the_text_and_pickle(text: str) -> None:
    report = engine.lint_document(text, OPTIONS)
    for finding in report.findings:
        assert 0 <= finding.start <= finding.end <= len(text)
    assert pickle.loads(pickle.dumps(report.findings)) == report.findings


@SETTINGS
@given(documents, st.booleans())
def test_fixing_is_idempotent(text: str, unsafe: bool) -> None:
    once = engine.fix_document(text, OPTIONS, unsafe).text
    twice = engine.fix_document(once, OPTIONS, unsafe)
    assert twice.text == once
    assert not [f for f in twice.remaining if f.fixable(unsafe)]


def _within_links(edit: fixes.Edit, links: list[Link], text: str) -> bool:
    if any(link.start <= edit.start and edit.end <= link.end for link in links):
        return True
    starts = [k for k in links if k.start <= edit.start < max(k.end, k.element_end)]
    ends = [k for k in links if k.start < edit.end <= max(k.end, k.element_end)]
    if starts and ends:
        return True
    return any(
        k.kind == BARE and re.fullmatch(r"[^\n()\[\]]{1,121}\(", text[edit.start : k.start])
        for k in ends
    )


@SETTINGS
@given(documents)
def test_edits_stay_inside_link_constructs(text: str) -> None:
    """Every edit of every round lies inside a link of the version it edits, or runs from
    one link to another (repeats on a line fixed at once, keeping the text between; an
    ``<a>`` element rewritten as a Markdown link), or takes in the name before a bare URL
    in parentheses (``Name (https://…)``)."""
    versions: dict[str, list[Link]] = {}

    def check(version: str) -> list[Finding]:
        report = engine.lint_document(version, OPTIONS)
        versions[version] = list(report.links)
        return report.findings

    result = fixes.fix(text, check, unsafe=True)
    current = text
    for edits in result.rounds:
        links = versions[current]
        for edit in edits:
            assert _within_links(edit, links, current), (edit, current)
        current = fixes.apply(current, edits)
    assert current == result.text


@SETTINGS
@given(documents)
def test_text_outside_links_is_byte_identical(text: str) -> None:
    report = engine.lint_document(text, OPTIONS)
    edits, _ = fixes.choose(report.findings, unsafe=True)
    fixed = fixes.apply(text, edits)
    # An edit may run from one link to another (repeats fixed at once): its span counts
    # as inside; test_edits_stay_inside_link_constructs bounds where edits may be.
    spans = sorted(
        [(link.start, link.end) for link in report.links] + [(e.start, e.end) for e in edits]
    )
    # Rebuild the fixed text's outside from the original spans shifted by the edits.
    shift = 0
    position = 0
    new_position = 0
    pending = list(edits)
    for start, end in _merge(spans):
        while pending and pending[0].start < start:
            edit = pending.pop(0)
            shift += len(edit.replacement) - (edit.end - edit.start)
        outside = text[position:start]
        assert fixed[new_position : new_position + len(outside)] == outside
        inner_shift = 0
        while pending and pending[0].start < end:
            edit = pending.pop(0)
            inner_shift += len(edit.replacement) - (edit.end - edit.start)
        new_position = new_position + len(outside) + (end - start) + inner_shift
        position = end
    assert fixed[new_position:] == text[position:]


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


@SETTINGS
@given(st.text(max_size=40))
def test_repair_destination_is_idempotent(raw: str) -> None:
    repaired = repair_destination(raw)
    if repaired is not None:
        assert repair_destination(repaired) == repaired
