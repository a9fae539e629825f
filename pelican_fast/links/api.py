"""Small entry points of the link engine for other parts of pelican-fast."""

from __future__ import annotations

from pelican_fast.links.cascade import check_destination
from pelican_fast.links.model import ERROR, INLINE, LineIndex, Link
from pelican_fast.links.rules import BY_CODE, Selection
from pelican_fast.links.rules.base import Reporter

_ALL = Selection(select=["ALL"], ignore=["PF4"])


def repair_destination(raw: str) -> str | None:
    """A link destination as the engine would repair it (safe and unsafe fixes).

    Returns the repaired URL, the input trimmed when nothing needs repair, or
    None when it is empty or cannot be repaired without inventing a target
    (a placeholder like ``#``, a file on someone's computer, words after the URL).
    """
    text = raw.strip()
    angle = text.startswith("<") and text.endswith(">") and "<" not in text[1:-1]
    if angle:
        text = text[1:-1].strip()
    if not text:
        return None
    link = Link(
        kind=INLINE,
        start=0,
        end=len(text),
        dest_start=0,
        dest_end=len(text),
        url=text,
        angle=angle,
    )
    report = Reporter(LineIndex(text), _ALL.codes, BY_CODE)
    cascade = check_destination(link, report, set())
    errors = [f for f in report.findings if f.severity == ERROR]
    unrepaired = [f for f in errors if f.fix is None]
    if unrepaired or (cascade.stopped and errors) or not cascade.value:
        return None
    return cascade.value
