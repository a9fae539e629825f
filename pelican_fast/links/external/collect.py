"""Where external URLs occur: the link engine's scanner, reduced to what ``check`` needs.

``check`` does not find links itself: it reuses the scanner of the link engine
(issue 3), so that a link ``lint`` sees is the link ``check`` requests, at the
same line and column. This module is the one place that knows the scanner's
interface, as it takes shape on the ``links`` branch (duck-typed, so small
naming differences do not matter):

- ``pelican_fast.links.scanner.scan(body, base)`` scans the Markdown body (front
  matter cut off with ``pelican_fast.jekyll.frontmatter.split``) and returns
  an object whose ``links`` (or itself) iterate over links, with offsets in the
  file's coordinates (``base`` is the body's offset);
- each link has ``url`` (what the renderer makes of the destination; else
  ``destination`` or ``target``) and the offsets ``dest_start``/``dest_end``
  of the destination as written (else ``start``/``end``, or a ``span``),
  which a fix replaces; ``line``/``column`` are used when present, computed
  from the offsets otherwise; ``angle`` (``[t](<url>)``) and ``kind == "html"``
  tell how a replacement must be written.

A plain list of URLs (one per line, ``#`` comments) needs no scanner:
``from_url_list`` reads it with each line as the position.
"""

from __future__ import annotations

import bisect
import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

import httpx

from pelican_fast.core.files import Snapshot, read_bytes
from pelican_fast.jekyll import frontmatter

SOURCE_SUFFIXES = (".md", ".markdown", ".mdown", ".mkd", ".html", ".htm")


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
    angle: bool = False  # written as <url>: a replacement keeps the brackets
    html: bool = False  # in an HTML attribute: a replacement is HTML-escaped


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


Scan = Callable[[str, int], Any]


def default_scanner() -> Scan:
    """The link engine's scanner: the links `check` sees are the links `lint` sees."""
    from pelican_fast.links.scanner import scan

    return scan


def from_sources(
    paths: Iterable[str], scan: Scan | None = None, reads: dict[str, Snapshot] | None = None
) -> list[Occurrence]:
    """Every external link of the files under ``paths``, in file order.

    ``reads`` receives what each file was when read, so that ``--fix`` never
    writes over a file edited while the links were being checked.
    """
    scan = scan or default_scanner()
    occurrences: list[Occurrence] = []
    for path in source_files(paths):
        data, snapshot = read_bytes(path)
        if reads is not None:
            reads[path] = snapshot
        text = data.decode("utf-8-sig", errors="replace")
        parts = frontmatter.split(text)
        found: Any = scan(parts.body, parts.body_offset)
        links: Iterable[Any] = found.links if hasattr(found, "links") else found
        lines = _LineStarts(text)
        occurrences += [o for o in _occurrences(path, links, lines) if is_external(o.url)]
    return occurrences


class _LineStarts:
    """Offsets to 1-based (line, column)."""

    def __init__(self, text: str) -> None:
        self.starts = [0]
        position = text.find("\n")
        while position != -1:
            self.starts.append(position + 1)
            position = text.find("\n", position + 1)

    def position(self, offset: int) -> tuple[int, int]:
        index = bisect.bisect_right(self.starts, offset) - 1
        return index + 1, offset - self.starts[index] + 1


def _occurrences(path: str, links: Iterable[Any], lines: _LineStarts) -> Iterator[Occurrence]:
    for link in links:
        url = _first(link, "url", "destination", "target")
        if not isinstance(url, str):
            continue
        span = getattr(link, "span", None)
        start = int(_first(link, "dest_start", "start", default=span[0] if span else -1))
        end = int(_first(link, "dest_end", "end", default=span[1] if span else -1))
        line, column = _first(link, "line"), _first(link, "column", "col")
        if (line is None or column is None) and start >= 0:
            line, column = lines.position(start)
        end_line, end_column = _first(link, "end_line"), _first(link, "end_column")
        if (end_line is None or end_column is None) and end >= 0:
            end_line, end_column = lines.position(end)
        yield Occurrence(
            path=path,
            line=int(line or 0),
            column=int(column or 0),
            url=url.strip(),
            end_line=int(end_line or 0),
            end_column=int(end_column or 0),
            start=start,
            end=end,
            angle=bool(getattr(link, "angle", False)),
            html=getattr(link, "kind", "") == "html",
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
