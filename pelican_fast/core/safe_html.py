"""Keep what authors typed from running code in readers' browsers.

Posts written in a web CMS over years can carry raw HTML with inline event
handlers (``<img onerror=…>``), ``javascript:`` links or inline ``<script>``
blocks. A strict Content-Security-Policy blocks them anyway; pelican-fast
removes them so the published pages have none, and says where they were.
Everything else (iframes, styles, classes, external scripts) is left alone.

Front-matter text that themes print raw (titles, category, tag and author
names) gets its ``<`` and ``>`` escaped: Pelican's Jinja environment does not
autoescape, and Jekyll themes usually write ``{{ page.title | escape }}``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Cheap test first: most posts have none of these, and are not parsed at all.
_SUSPECT = re.compile(
    r"<[a-zA-Z][^>]*?\s(?:on[a-zA-Z]+\s*=|(?:href|src|action|formaction|xlink:href)\s*=\s*[\"']?\s*(?:javascript|vbscript|data:text/html))"
    r"|<script\b(?![^>]*\bsrc\s*=)",
    re.IGNORECASE,
)
_DANGEROUS_SCHEME = re.compile(r"^\s*(?:javascript|vbscript|data:text/html)", re.IGNORECASE)
_URL_ATTRIBUTES = ("href", "src", "action", "formaction", "xlink:href")


@dataclass(frozen=True)
class Removal:
    """One thing taken out of a post's HTML."""

    tag: str
    what: str  # "onerror", "href=javascript:", "inline <script>"

    def message(self) -> str:
        if self.what == "inline <script>":
            return "removed an inline <script> block (a strict Content-Security-Policy blocks it)"
        return f"removed {self.what} from <{self.tag}> (it would run code in readers' browsers)"


def clean(html: str) -> tuple[str, list[Removal]]:
    """`html` without inline handlers, script URLs or inline scripts; what was removed."""
    if not html or not _SUSPECT.search(html):
        return html, []
    from bs4 import BeautifulSoup  # only for the few posts that need it: slow to import

    soup = BeautifulSoup(html, "html.parser")
    removed: list[Removal] = []
    for element in soup.find_all(True):
        for name in list(element.attrs):
            lowered = name.lower()
            if lowered.startswith("on"):
                del element.attrs[name]
                removed.append(Removal(element.name, lowered))
            elif lowered in _URL_ATTRIBUTES and _DANGEROUS_SCHEME.match(str(element.attrs[name])):
                scheme = str(element.attrs[name]).strip().split(":", 1)[0].lower()
                del element.attrs[name]
                removed.append(Removal(element.name, f"{lowered}={scheme}:"))
        if element.name == "script" and not element.get("src"):
            element.decompose()
            removed.append(Removal("script", "inline <script>"))
    return (str(soup), removed) if removed else (html, [])


_TAG = re.compile(r"<[a-zA-Z/!?][^<>]*>?")


def escape_text(text: str) -> str:
    """Plain text that themes print without escaping: tags removed, ``<``/``>`` escaped.

    Tags are removed rather than escaped because themes also print titles
    through Jinja's ``striptags``, which unescapes entities: an escaped
    ``&lt;img onerror=…&gt;`` would come back as a live tag in ``<title>`` and
    in attributes.
    """
    if "<" not in text and ">" not in text:
        return text
    text = " ".join(_TAG.sub(" ", text).split())
    return text.replace("<", "&lt;").replace(">", "&gt;")
