"""How politely and how thoroughly to check: one frozen object built from settings."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from pelican_fast.core.version import __version__
from pelican_fast.links.external.excludes import Excludes

# Honest: names the tool, its version and where to read about it, so a site
# owner who sees it in their logs knows what it is and why it came.
USER_AGENT = (
    f"pelican-fast/{__version__} (link checker; +https://github.com/pelican-fast/pelican-fast)"
)
# What a browser sends for a page: some servers answer 406 or a bare error to
# clients that do not ask for HTML.
ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"


@dataclass(frozen=True)
class CheckOptions:
    """Limits and policies of one run of the external link checker."""

    timeout: float = 10.0
    concurrency: int = 16
    per_host: int = 2
    retries: int = 2
    retry_wait: float = 1.0  # first backoff; doubles at each retry
    max_retry_wait: float = 30.0  # cap of a backoff or a Retry-After we wait for
    max_redirects: int = 10
    fragments: bool = False
    user_agent: str = USER_AGENT
    max_body: int = 5 * 1024 * 1024  # bytes of a page read to look for #anchors
    deadline: float | None = None  # seconds for the whole run; then the rest is not checked
    excludes: Excludes = field(default_factory=Excludes)

    @classmethod
    def from_settings(cls, section: Mapping[str, Any], **overrides: Any) -> CheckOptions:
        """Build from the validated ``check_external`` section (see settings.py)."""
        values: dict[str, Any] = {
            "timeout": float(section["timeout"]),
            "concurrency": section["concurrency"],
            "per_host": section["per_host"],
            "retries": section["retries"],
            "retry_wait": float(section["retry_wait"]),
            "max_retry_wait": float(section["max_retry_wait"]),
            "max_redirects": section["max_redirects"],
            "fragments": section["fragments"],
            "deadline": section.get("deadline"),
            "user_agent": section["user_agent"] or USER_AGENT,
            "excludes": Excludes.build(
                patterns=section["exclude"],
                hosts=section["exclude_hosts"],
                private=section["exclude_private"],
            ),
        }
        values.update(overrides)
        return cls(**values)
