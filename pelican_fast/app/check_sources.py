"""Which files ``pelican-fast check`` reads: the site's sources, as ``lint`` chooses them.

With no path, ``PATH`` of ./pelicanconf.py (else the current folder). In a folder:
what Jekyll would read (its ``exclude:`` and default excludes honoured, hidden
folders, ``node_modules`` and ``_site`` skipped), never Pelican's ``OUTPUT_PATH``
(the built site holds every link again, thousands of times). Paths are shown
relative to the current folder when inside it, normalised (no ``/./``).
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence

from pelican_fast.app import lint_config
from pelican_fast.jekyll.walk import walk
from pelican_fast.links.external.collect import SOURCE_SUFFIXES


def shown(path: str) -> str:
    """`path` relative to the current folder when inside it, else absolute; normalised."""
    absolute = os.path.normpath(os.path.abspath(path))
    relative = os.path.relpath(absolute)
    return absolute if relative.startswith("..") else relative.replace(os.sep, "/")


def source_files(paths: Sequence[str], settings_file: str | None) -> list[str]:
    """The files to read under `paths`, in order (a file named is always read)."""
    config = lint_config.load(settings_file)
    output = str(config.pelican.get("OUTPUT_PATH") or "output")
    output = os.path.normpath(os.path.join(config.base_dir, output))
    found: list[str] = []
    seen: set[str] = set()
    for path in paths:
        for candidate in _files(path, config, output):
            if candidate not in seen:
                seen.add(candidate)
                found.append(candidate)
    return found


def _files(path: str, config: lint_config.LintConfig, output: str) -> Iterator[str]:
    if not os.path.isdir(path):
        yield shown(path)
        return
    root = os.path.abspath(path)
    site = config.jekyll_site(root)
    inside_output = os.path.join(output, "")
    for full, _ in walk(root, site):
        if not full.endswith(SOURCE_SUFFIXES):
            continue
        absolute = os.path.normpath(full)
        if absolute.startswith(inside_output) and not root.startswith(inside_output):
            continue
        yield shown(absolute)
