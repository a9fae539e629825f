"""Call-for-projects banners and call boxes inside a Pelican build.

- ``prepare``: at start-up, load and validate the calls (a clear error naming the call).
- ``finalize``: once every post is read: call boxes in posts that name a call.
- ``on_content_written``: insert the banner in each written HTML page, by string.
- ``on_finalized``: copy the script and stylesheet to the output.
"""

from __future__ import annotations

from typing import Any


def prepare(config: Any) -> None:
    """Validate the calls; raise pelican_fast.settings.ConfigError when one is wrong."""


def finalize(contents: list[Any], config: Any, generators: list[Any]) -> None:
    """Render call boxes in posts."""


def on_content_written(path: str, context: Any) -> None:
    """Insert the banners of open calls into a written page."""


def on_finalized(pelican: Any, config: Any) -> None:
    """Copy static assets."""
