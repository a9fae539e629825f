"""HTML of calls: banners and call boxes from templates, and the cheap banner insertion.

Pages are never parsed: a banner block goes at the theme's marker
``<!-- pelican-fast:banner -->`` when one follows ``<body…>``, else right
after ``<body…>``. A block carries a signature comment (a hash of its
banners) so that a page whose theme already called the Jinja global, or a
page seen twice, does not get a second copy.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup

from pelican_fast.core import markers
from pelican_fast.widgets import render
from pelican_fast.widgets.call_words import Words
from pelican_fast.widgets.calls import Call, Status

BANNER_MARKER = markers.BANNER_MARKER
_MARKER_NAME = markers.BANNER_NAME
_MARKER = markers.BANNER_PATTERN
_BODY = re.compile(r"<body(?=[\s>/])[^>]*>", re.IGNORECASE)
SIGNATURE_PREFIX = "<!-- pf-calls "
CALL_MARKER = markers.CALL_PATTERN
SCRIPT = "pelican_fast/calls.js"
STYLESHEET = "pelican_fast/calls.css"


def _title(call: Call, words: Words) -> str:
    title = call.title or words.messages["call"]
    return f"{title} – {call.edition}" if call.edition else title


def _times(call: Call, words: Words) -> dict[str, Markup]:
    parts = {"closes": words.time_element(call.closes, call.closes_is_date)}
    if call.opens is not None:
        parts["opens"] = words.time_element(call.opens, call.opens_is_date)
    return parts


def _common(call: Call, status: Status, words: Words) -> dict[str, Any]:
    return {
        "call": call,
        "status": status.value,
        "title": _title(call, words),
        "text": words.messages,
        "closes_iso": call.closes.isoformat(),
        "opens_iso": call.opens.isoformat() if call.opens else "",
        "description": Markup(call.description_html),  # sanitised by nh3 when loaded
    }


def banner(settings: Mapping[str, Any], call: Call, status: Status, words: Words) -> str:
    """The site-wide banner of an open (or announced upcoming) call."""
    times = _times(call, words)
    if status is Status.UPCOMING and "opens" in times:
        sentence = words.sentence("upcoming", **times)
        link, label = (call.info_url, "info") if call.info_url else (call.apply_url, "apply")
    else:
        key = "open_until_day" if call.closes_is_date else "open_until"
        sentence = words.sentence(key, closes=times["closes"])
        link, label = (call.apply_url, "apply") if call.apply_url else (call.info_url, "info")
    return render.render(
        settings,
        "call_banner.html",
        sentence=sentence,
        link=link,
        link_label=words.messages[label],
        **_common(call, status, words),
    ).strip()


def box(
    settings: Mapping[str, Any], call: Call, status: Status, words: Words, heading_level: int
) -> str:
    """The call box (DSFR callout) of a post, with the status at build time."""
    times = _times(call, words)
    if status is Status.CLOSED:
        sentence = words.sentence(
            "closed_day" if call.closes_is_date else "closed", closes=times["closes"]
        )
    elif status is Status.UPCOMING and "opens" in times:
        sentence = words.sentence("upcoming", **times)
    else:
        key = "open_until_day" if call.closes_is_date else "open_until"
        sentence = words.sentence(key, closes=times["closes"])
    return render.render(
        settings,
        "call_box.html",
        sentence=sentence,
        heading_level=heading_level,
        **_common(call, status, words),
    ).strip()


@dataclass(frozen=True)
class BannerBlock:
    """The banners of this build, and how to write them into one page."""

    banners: tuple[str, ...]
    asset_version: str
    stylesheet: bool

    @property
    def signature(self) -> str:
        digest = hashlib.sha256("\n".join(self.banners).encode()).hexdigest()[:16]
        return f"{SIGNATURE_PREFIX}{digest} -->"

    def html(self, siteurl: str, assets: bool = True) -> str:
        """Signature, banners, then the one deferred script (and the optional stylesheet)."""
        if not self.banners:
            return ""
        base = (siteurl or "").rstrip("/")
        parts = [self.signature, *self.banners]
        query = f"?v={self.asset_version}" if self.asset_version else ""
        if assets and self.stylesheet:
            href = Markup.escape(f"{base}/{STYLESHEET}{query}")
            parts.append(f'<link rel="stylesheet" href="{href}">')
        if assets:
            src = Markup.escape(f"{base}/{SCRIPT}{query}")
            parts.append(f'<script src="{src}" defer></script>')
        return "\n".join(parts) + "\n"


def insert(page: str, block: BannerBlock, siteurl: str, assets: bool = True) -> str | None:
    """`page` with the banner block inserted, or None when nothing is to change.

    Nothing changes when the page already holds this block (the theme called
    the Jinja global) or has no ``<body>`` (not a full HTML page).
    """
    if not block.banners or block.signature in page:
        return None
    body = _BODY.search(page)
    if body is None:
        return None
    html = block.html(siteurl, assets)
    start = body.end()
    found = page.find(_MARKER_NAME, start)
    if found != -1:
        marker = _MARKER.search(page, max(start, found - 16), found + 64)
        if marker is not None:
            return page[: marker.start()] + html + page[marker.end() :]
    return page[:start] + "\n" + html + page[start:]


# A class attribute of a raw tag (in code, "<" is escaped and never matches).
_HOOK_CLASS = re.compile(
    r"(<[A-Za-z][^<>]*?\sclass\s*=\s*[\"']?[^\"'<>]*?)\bpf-call-banner\b", re.IGNORECASE
)


def neutralise(text: str) -> str:
    """Remove what only pelican-fast may put in a page from an author's text.

    A post (or its raw title) must not move the banner (marker), suppress it
    (signature) or fake one (the hook class ``pf-call-banner``).
    """
    if _MARKER_NAME not in text and "pf-call-banner" not in text and "pf-calls" not in text:
        return text
    text = _MARKER.sub("", text)
    text = re.sub(r"<!-- pf-calls [0-9a-f]* -->", "", text)
    previous = None
    while previous != text:  # a tag may carry the class more than once
        previous, text = text, _HOOK_CLASS.sub(r"\1pf-quoted-banner", text)
    return text


def call_marker_ids(match: re.Match[str]) -> list[str]:
    """The call ids named by a ``{% call … %}`` marker (quotes and commas tolerated)."""
    raw = match.group(1) if match.group(1) is not None else match.group(2) or ""
    return [part.strip("\"' ") for part in re.split(r"[\s,]+", raw) if part.strip("\"' ")]


def front_matter_ids(value: Any) -> list[str]:
    """``call: fast-3`` or ``call: [fast-3, fast-4]``."""
    if value is None or value == "":
        return []
    items: Iterable[Any] = value if isinstance(value, list | tuple) else [value]
    return [str(item).strip() for item in items if str(item).strip()]
