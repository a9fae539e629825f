"""PF3: empty links, empty images, missing text and placeholder destinations."""

from __future__ import annotations

import re

from pelican_fast.links import urls
from pelican_fast.links.model import (
    ERROR,
    HTML,
    IMAGE,
    INLINE,
    REFERENCE,
    SAFE,
    UNSAFE,
    WARNING,
    Applicability,
    Link,
)
from pelican_fast.links.rules.base import Cascade, Reporter, Rule

RULES: tuple[Rule, ...] = (
    Rule(
        "PF301",
        "empty-destination",
        ERROR,
        SAFE,
        'A link with an empty destination: `[text]()`, `[text](<>)`, `href=""`.',
        "An empty destination reloads the same page.",
        "[fast@beta.gouv.fr]()",
        "[fast@beta.gouv.fr](mailto:fast@beta.gouv.fr)",
        "Only when the link text is itself an e-mail address or a URL; otherwise report only.",
    ),
    Rule(
        "PF302",
        "empty-link-text",
        WARNING,
        None,
        "A link with no text: `[](https://…)`.",
        "The link is invisible on the page and silent for screen readers.",
        "[](https://beta.gouv.fr)",
        None,
    ),
    Rule(
        "PF303",
        "empty-image-source",
        ERROR,
        None,
        'An image with no source: `![]()`, `<img src="">`.',
        "The browser shows a broken image (and requests the page itself again).",
        "![]()",
        None,
        "In the built site the empty image is left out of the page (it could only show a "
        "broken image); the source keeps it, for an author to add the picture.",
    ),
    Rule(
        "PF304",
        "missing-alt-text",
        WARNING,
        None,
        "An image without alternative text.",
        "Screen readers announce the file name or nothing (RGAA 1.1); the text is also what "
        "shows when the image fails.",
        "![](/img/posts/laureats.jpg)",
        None,
    ),
    Rule(
        "PF305",
        "placeholder-destination",
        ERROR,
        None,
        "A destination left as a placeholder: `#`, `https://`, `url`, `lien`, `TODO`.",
        "The link was never filled in.",
        "[le dossier](#)",
        None,
    ),
)

_PLACEHOLDERS = frozenset(
    {
        "#",
        "http://",
        "https://",
        "url",
        "lien",
        "link",
        "todo",
        "xxx",
        "...",
        "…",
        "tbd",
        "lien ici",
    }
)

# Findings the build repairs in the page although the source cannot be fixed: an
# image without a source can only be shown broken, so the page leaves it out. An
# HTML comment takes its place, so the text keeps its blocks (a paragraph that
# held only the image must not glue the paragraphs around it together).
LEFT_OUT_OF_THE_PAGE = {"PF303": "<!-- pelican-fast: image without a source left out -->"}


def check_empty(cascade: Cascade, report: Reporter) -> None:
    """PF301/PF303/PF305 on the repaired destination: empty, or a placeholder."""
    link = cascade.link
    value = cascade.value
    start, end = link.dest_start, link.dest_end
    if not value:
        if link.image or (link.kind == HTML and link.tag in ("img", "source", "iframe")):
            report.add("PF303", "image without a source", link.start, max(link.end, end))
            cascade.stopped = True
            return
        repaired, safety = _from_text(link.text)
        message = "empty destination: the link reloads the same page"
        if repaired is not None:
            cascade.stage += 1
            report.add(
                "PF301",
                message,
                start,
                end,
                cascade.render(repaired),
                cascade.applicability(safety),
                cascade.stage,
            )
        else:
            report.add("PF301", message, link.start, max(link.end, end))
            cascade.stopped = True
        return
    if value.lower() in _PLACEHOLDERS:
        report.add("PF305", f'placeholder destination "{value}"', start, end)
        cascade.stopped = True


def _from_text(text: str) -> tuple[str | None, Applicability]:
    """A destination the link text spells out: an address or a full URL."""
    core = text.strip().strip("*_`").strip()
    if urls.is_email(core):
        return "mailto:" + core, SAFE
    if re.fullmatch(r"https?://\S+", core, re.IGNORECASE):
        return core, SAFE
    if urls.scheme_less_host(core) is not None and " " not in core:
        return "https://" + core, UNSAFE
    return None, SAFE


def check_text(link: Link, report: Reporter) -> None:
    """Empty link text, missing alternative text."""
    if link.malformed:
        return
    if link.kind in (INLINE, REFERENCE) and not link.image and not link.text.strip():
        report.add("PF302", "link without text: invisible on the page", link.start, link.end)
    elif link.kind in (IMAGE, REFERENCE) and link.image and link.url and not link.text.strip():
        report.add("PF304", "image without alternative text", link.start, link.text_end + 1)
    elif link.kind == HTML and link.tag == "img" and link.alt is None and link.url:
        report.add("PF304", "<img> without an alt attribute", link.start, link.end)
