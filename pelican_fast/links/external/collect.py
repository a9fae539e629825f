"""Where external URLs occur: the link engine's scanner, reduced to what ``check`` needs.

``check`` does not find links itself: it reuses the scanner of the link engine
(issue 3), so that a link ``lint`` sees is the link ``check`` requests, at the
same line and column. This module is the one place that knows the scanner's
interface; what it expects (duck-typed, so small naming differences do not
matter) is:

- ``pelican_fast.links.scanner.scan(text)`` returning an iterable of links,
  given the whole file (front matter included, so positions are the file's);
- each link has its destination as written (``destination``, ``url`` or
  ``target``), the 1-based ``line`` and ``column`` where the destination
  starts, and, when known, ``end_line``/``end_column`` and the character
  offsets ``start``/``end`` of the destination (or a ``span`` pair), which a
  fix replaces.

A plain list of URLs (one per line, ``#`` comments) needs no scanner:
``from_url_list`` reads it with each line as the position.
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

import httpx

SOURCE_SUFFIXES = (".md", ".markdown", ".mdown", ".mkd", ".html", ".htm")


class ScannerMissing(RuntimeError):
    """The link engine's scanner is not installed (issue 3 not merged yet)."""


@dataclass(frozen=True)
class Occurrence:
    """One external URL as written at one place of one file."""

    path: str
    line: int
    column: int
    url: str
    end_line: int = 0
    end_column: int = 0
    start: int = -1  # character offsets of the URL in the file, for fixes
    end: int = -1


def is_external(url: str) -> bool:
    """An absolute http(s) URL with a host: what ``check`` requests."""
    if not url.lower().startswith(("http://", "https://")):
        return False
    try:
        return bool(httpx.URL(url).host)
    except (httpx.InvalidURL, ValueError):
        return True  # malformed but external: reported as excluded ("lint reports it")


def source_files(paths: Iterable[str]) -> list[str]:
    """Markdown and HTML files under ``paths`` (hidden folders skipped), sorted."""
    found: list[str] = []
    for path in paths:
        if os.path.isfile(path):
            found.append(path)
            continue
        for root, folders, files in os.walk(path):
            folders[:] = sorted(f for f in folders if not f.startswith("."))
            found += [os.path.join(root, f) for f in sorted(files) if f.endswith(SOURCE_SUFFIXES)]
    return found


Scan = Callable[[str], Iterable[Any]]


def default_scanner() -> Scan:
    """The link engine's scanner; ``ScannerMissing`` before issue 3 is merged."""
    try:
        module = importlib.import_module("pelican_fast.links.scanner")
    except ModuleNotFoundError as error:
        if error.name not in ("pelican_fast.links.scanner",):
            raise
        raise ScannerMissing(
            "checking the links of files needs the link scanner "
            "(pelican_fast.links.scanner, issue 3), not installed yet"
        ) from error
    scan: Scan = module.scan
    return scan


def from_sources(paths: Iterable[str], scan: Scan | None = None) -> list[Occurrence]:
    """Every external link of the files under ``paths``, in file order."""
    scan = scan or default_scanner()
    occurrences: list[Occurrence] = []
    for path in source_files(paths):
        with open(path, encoding="utf-8-sig", errors="replace", newline="") as handle:
            text = handle.read()
        occurrences += [o for o in _occurrences(path, scan(text)) if is_external(o.url)]
    return occurrences


def _occurrences(path: str, links: Iterable[Any]) -> Iterator[Occurrence]:
    for link in links:
        url = _first(link, "destination", "url", "target")
        if not isinstance(url, str):
            continue
        span = getattr(link, "span", None)
        start = _first(link, "start", default=span[0] if span else -1)
        end = _first(link, "end", default=span[1] if span else -1)
        yield Occurrence(
            path=path,
            line=int(_first(link, "line", default=0)),
            column=int(_first(link, "column", "col", default=0)),
            url=url.strip(),
            end_line=int(_first(link, "end_line", default=0)),
            end_column=int(_first(link, "end_column", default=0)),
            start=int(start),
            end=int(end),
        )


def _first(obj: Any, *names: str, default: Any = None) -> Any:
    for name in names:
        value = getattr(obj, name, None)
        if value is not None:
            return value
    return default


def from_url_list(path: str) -> list[Occurrence]:
    """URLs listed one per line (blank lines and ``#`` comments skipped); ``-`` is stdin."""
    import sys

    if path == "-":
        text = sys.stdin.read()
    else:
        with open(path, encoding="utf-8-sig", newline="") as handle:
            text = handle.read()
    occurrences: list[Occurrence] = []
    offset = 0
    for number, line in enumerate(text.splitlines(keepends=True), start=1):
        stripped = line.strip()
        if stripped and not stripped.startswith("#"):
            column = line.index(stripped) + 1
            start = offset + column - 1
            occurrences.append(
                Occurrence(
                    path=path,
                    line=number,
                    column=column,
                    url=stripped,
                    end_line=number,
                    end_column=column + len(stripped),
                    start=start,
                    end=start + len(stripped),
                )
            )
        offset += len(line)
    return occurrences
