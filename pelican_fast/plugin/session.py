"""One build, one session: every piece of per-build state in one object.

Pelican's signals are process-wide and ``pelican --autoreload`` runs build after
build in the same process, so per-build state kept in module globals must be
reset by hand, each module its own. Instead, a :class:`BuildSession` is created
at ``initialized``, handed to every step that needs state, and dropped at
``finalized``: a new build cannot see the last one's leftovers.

Blinker hands a signal's sender to module-level handlers and nothing else, so
the handlers find the session through :func:`current` — the one holder left,
set and cleared here only.
"""

from __future__ import annotations

import weakref
from dataclasses import dataclass, field
from typing import Any

from pelican_fast.core.settings import FastConfig
from pelican_fast.jekyll.config import JekyllSite
from pelican_fast.plugin.call_step import CallState
from pelican_fast.plugin.link_step import LinkTotals
from pelican_fast.plugin.prefetch import ReadAhead


@dataclass
class BuildSession:
    """Everything one Pelican build with pelican-fast knows beyond its settings."""

    config: FastConfig
    site: JekyllSite
    diagnostics_logged: set[str] = field(default_factory=set)  # posts whose messages are out
    generators: list[Any] = field(default_factory=list)
    links: LinkTotals = field(default_factory=LinkTotals)
    calls: CallState | None = None
    read_aheads: list[ReadAhead] = field(default_factory=list)
    read_ahead_started: weakref.WeakSet[Any] = field(default_factory=weakref.WeakSet)

    def call_state(self) -> CallState | None:
        return self.calls


_CURRENT: BuildSession | None = None


def begin(config: FastConfig, site: JekyllSite) -> BuildSession:
    """A new session for the build that is starting (the last one is dropped)."""
    global _CURRENT
    end()
    _CURRENT = BuildSession(config, site)
    return _CURRENT


def current() -> BuildSession | None:
    return _CURRENT


def end() -> None:
    """Drop the session: stop its workers, forget its state."""
    global _CURRENT
    session = _CURRENT
    _CURRENT = None
    if session is not None:
        for read_ahead in list(session.read_aheads):
            read_ahead.close(terminate=True)
