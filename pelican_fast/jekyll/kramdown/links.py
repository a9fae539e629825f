"""Where each link of the rendered HTML comes from in the source (filled in below)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from markdown_it.token import Token


@dataclass(frozen=True)
class RenderedLink:
    """One ``href``/``src`` the renderer emits, at the place its destination is written."""

    line: int  # 1-based
    column: int  # 1-based, of the destination as written
    destination: str  # as written in the source
    kind: str  # link, image, autolink, html-href, html-src
    url: str  # as emitted in the HTML


def collect_links(tokens: Sequence[Token], text: str) -> list[RenderedLink]:
    return []
