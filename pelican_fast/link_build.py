"""The link engine inside a Pelican build (glue between pelican_fast.links and Pelican).

- ``repair_body``: per file, from the reader (cache-safe): scan the Markdown
  source, keep the findings, apply the safe fixes in memory.
- ``finalize``: once every post is read: cross-file findings (links to the
  site's own domain that point at no post...), logged with file:line.
- ``on_finalized``: one summary line; fail the build when asked to.
"""

from __future__ import annotations

from typing import Any


def repair_body(
    body: str,
    *,
    relative_path: str,
    line_offset: int,
    config: Any,
    site: Any,
) -> tuple[str, list[Any]]:
    """Return the body with safe link repairs applied, and the findings."""
    return body, []


def finalize(contents: list[Any], config: Any, site: Any, generators: list[Any]) -> None:
    """Cross-file checks and logging, after every post has been read."""


def on_finalized(pelican: Any, config: Any) -> None:
    """Summary line; raise when `links.fail_on_error` and errors remain."""
