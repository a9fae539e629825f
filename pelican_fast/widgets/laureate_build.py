"""Laureate cards inside a Pelican build (glue between widgets.laureates and Pelican).

- ``detect``: per file, from the reader (cache-safe): find laureate prose and
  ``{% laureates %}`` placements, replace them with markers, return the data.
- ``finalize``: once every post is read: render the cards (data files may
  have changed without any post changing, so this is never cached).
"""

from __future__ import annotations

from typing import Any


def detect(
    body: str,
    *,
    relative_path: str,
    line_offset: int,
    config: Any,
    front_matter: dict[str, Any],
) -> tuple[str, list[Any]]:
    """Return the body with laureate blocks replaced by markers, and the laureates."""
    return body, []


def finalize(contents: list[Any], config: Any, generators: list[Any]) -> None:
    """Render laureate cards in place of their markers."""


def on_finalized(pelican: Any, config: Any) -> None:
    """Copy the optional stylesheet to the output."""
