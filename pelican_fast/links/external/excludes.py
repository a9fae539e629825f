"""Which URLs are not checked, and why (reported as "excluded", never as broken).

As in lychee, private, link-local and loopback addresses are checked by
default (a staging server or a local test site is a legitimate target); they
can be excluded. Only IP literals and ``localhost`` names are recognised: a
name is not resolved just to decide whether to exclude it.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Iterable
from dataclasses import dataclass

import httpx


@dataclass(frozen=True)
class Excludes:
    """URL regexes, host names, and address classes not to check."""

    patterns: tuple[re.Pattern[str], ...] = ()
    hosts: frozenset[str] = frozenset()
    private: bool = False
    link_local: bool = False
    loopback: bool = False

    @classmethod
    def build(
        cls,
        patterns: Iterable[str] = (),
        hosts: Iterable[str] = (),
        *,
        private: bool = False,
        link_local: bool | None = None,
        loopback: bool | None = None,
    ) -> Excludes:
        """``private`` alone excludes all three address classes (lychee's ``-E``).

        Raises ``re.error`` for an invalid pattern: a usage error, not a crash.
        """
        return cls(
            patterns=tuple(re.compile(pattern) for pattern in patterns),
            hosts=frozenset(_normalise_host(host) for host in hosts if host.strip()),
            private=private,
            link_local=private if link_local is None else link_local,
            loopback=private if loopback is None else loopback,
        )

    def reason(self, url: str) -> str | None:
        """Why ``url`` is not checked, or None when it is."""
        scheme = url.split(":", 1)[0].lower() if ":" in url else ""
        if scheme not in ("http", "https"):
            return "not an http(s) URL"
        for pattern in self.patterns:
            if pattern.search(url):
                return f"matches the exclude pattern {pattern.pattern!r}"
        try:
            host = httpx.URL(url).host
        except (httpx.InvalidURL, ValueError):
            return "not a valid URL (lint reports it)"
        if not host:
            return "no host (lint reports it)"
        for excluded in self.hosts:
            if host == excluded or host.endswith("." + excluded):
                return f"host {excluded!r} is excluded"
        return self._address_reason(host)

    def _address_reason(self, host: str) -> str | None:
        if not (self.private or self.link_local or self.loopback):
            return None
        if host == "localhost" or host.endswith(".localhost"):
            return "loopback host" if self.loopback else None
        try:
            address = ipaddress.ip_address(host.strip("[]"))
        except ValueError:
            return None
        if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
            address = address.ipv4_mapped
        if address.is_loopback:
            return "loopback address" if self.loopback else None
        if address.is_link_local:
            return "link-local address" if self.link_local else None
        if address.is_private or address.is_unspecified:
            return "private address" if self.private else None
        return None


def _normalise_host(host: str) -> str:
    host = host.strip().lower().rstrip(".")
    if "://" in host:
        host = httpx.URL(host).host
    return host
