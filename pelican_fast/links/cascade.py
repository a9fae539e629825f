"""The repair cascade: every rule that judges a destination, run in a fixed order.

A destination goes through the steps the rule families declare (``STEPS`` of
``links/rules/syntax.py`` and ``url_form.py``, ordered by the registry): markup,
stray characters, blanks after the scheme, doubled and malformed schemes, missing
``mailto:`` or ``https://``… Each step that changes the destination reports one
finding whose replacement is the destination *after every step so far*: all the
findings of one destination replace the same span, and applying the latest one
the user allows (safe, or also unsafe) repairs everything before it at once. A
finding is unsafe as soon as one step before it was. Steps only ever remove
characters from a destination or add a scheme or a closing parenthesis: no
destination is invented. Around the steps, in this order: an unclosed
destination and broken HTML attributes (PF104, PF108) first; blanks (PF105,
PF106), empty or placeholder destinations (PF3) and hygiene (PF5) after.
"""

from __future__ import annotations

import re

from pelican_fast.links.model import (
    AUTOLINK,
    AUTOMAIL,
    DEFINITION,
    ERROR,
    FRONT_MATTER,
    HTML,
    IMAGE,
    IN_HTML,
    INLINE,
    UNCLOSED,
    UNDEFINED,
    Link,
)
from pelican_fast.links.rules import BY_CODE, PLAIN_STEPS, STEPS, empty, hygiene, syntax
from pelican_fast.links.rules.base import Cascade, Reporter

# A destination none of the repair steps can change (the common case): checked in one match.
_PLAIN = re.compile(
    r"(?:https?://(?!localhost\b|127\.|0\.0\.0\.0)[\w-]+(?:\.[\w-]+)+(?<!\.local)(?::\d+)?"
    r"(?:[/?#][^\s<>\"'“”‘’«»()\[\]{}\\`]*)?"
    r"|mailto:[\w.+'-]+@[\w-]+(?:\.[\w-]+)+(?:\?[^\s<>\"]*)?"
    r"|/(?!/)[^\s<>\"'“”‘’«»()\[\]{}\\`*]*)\Z",
    re.IGNORECASE,
)


def check_destination(link: Link, report: Reporter, https_hosts: set[str]) -> Cascade:
    """Run the cascade on a link; the result holds the repaired destination."""
    cascade = Cascade(link, link.url)
    start, end = link.dest_start, link.dest_end
    if link.malformed == UNCLOSED:
        syntax.check_unclosed(cascade, report)
    if link.kind == HTML:
        syntax.check_html_attribute(cascade, report)
    if cascade.stopped:
        return cascade
    value = cascade.value
    plain = _PLAIN.match(value) is not None
    steps = PLAIN_STEPS if plain else STEPS
    codes = report.codes
    for step in steps:
        code = step.code
        if code not in codes:
            continue
        result = step.check(cascade.value, link)
        if result is None:
            continue
        message, repaired, safety = result
        if repaired is None or repaired == cascade.value:
            report.add(code, message, start, end)
            if BY_CODE[code].severity == ERROR:
                cascade.stopped = True
                return cascade
            continue
        cascade.stage += 1
        report.add(
            code,
            message,
            start,
            end,
            cascade.render(repaired),
            cascade.applicability(safety),
            cascade.stage,
        )
        cascade.value = repaired
    if not (plain and cascade.value is value):  # a plain destination has no blank
        syntax.check_whitespace(cascade, report)
    if not cascade.stopped:
        empty.check_empty(cascade, report)
    if not cascade.stopped:
        hygiene.check_hygiene(cascade, report, https_hosts)
    return cascade


def repairs_destination(link: Link) -> bool:
    """Does the cascade apply to this kind of link?"""
    return link.kind in (INLINE, IMAGE, DEFINITION, AUTOLINK, AUTOMAIL, HTML, FRONT_MATTER) and (
        link.malformed not in (UNDEFINED, IN_HTML)
    )
