"""Python-Markdown as Pelican configures it, and the destinations it renders."""

from __future__ import annotations

import markdown
from bs4 import BeautifulSoup

from pelican_fast.links.model import AUTOLINK, AUTOMAIL, HTML, IMAGE, INLINE, REFERENCE, Link

# Pelican's default MARKDOWN setting, minus "meta" (the Jekyll reader drops it).
MD = markdown.Markdown(
    extensions=["markdown.extensions.extra", "markdown.extensions.codehilite"],
    extension_configs={"markdown.extensions.codehilite": {"css_class": "highlight"}},
    output_format="html5",
)
ATTRIBUTES = {
    "a": ("href",),
    "area": ("href",),
    "img": ("src",),
    "iframe": ("src",),
    "source": ("src",),
    "video": ("src", "poster"),
    "audio": ("src",),
    "embed": ("src",),
}
RENDERED_KINDS = {INLINE, IMAGE, REFERENCE, AUTOLINK, AUTOMAIL, HTML}


def rendered(body: str) -> list[str]:
    """Every href/src of the rendered body, in document order (footnote links excluded)."""
    MD.reset()
    soup = BeautifulSoup(MD.convert(body), "html.parser")
    found = []
    for element in soup.find_all(list(ATTRIBUTES)):
        classes = element.get("class") or []
        if "footnote-ref" in classes or "footnote-backref" in classes:
            continue
        for name in ATTRIBUTES[element.name]:
            if element.has_attr(name):
                found.append(element[name])
    return found


def renders(link: Link) -> bool:
    """Would the renderer make this scanned link an element?"""
    return link.kind in RENDERED_KINDS and not link.malformed
