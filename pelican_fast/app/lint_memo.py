"""The report a lint run printed, kept for the next run if none of its inputs changed.

A run with nothing changed (pre-commit on an untouched tree, an editor saving
nothing, CI re-run) would rebuild the same report from the per-file cache: load
every file's findings, print them again. Its output is a function of the files
(their bytes), the settings, the code and how the report is printed, so the
printed report is kept beside the cache (``report.bin``) under the digest of
all of them, and given back as it is when the digest is the same.

The files enter the digest by (path, modification time, size), the pre-check the
per-file cache uses, and under the same condition: every file must have been
last modified at least ``RACY_NS`` before the run that printed the report began
(an edit within the same clock tick, same size, could otherwise hide). Anything
else (a file added, removed, touched or racy; another setting; another version
or format; a corrupt ``report.bin``) and the run goes the per-file way.
"""

from __future__ import annotations

import contextlib
import marshal
import os
from collections.abc import Iterable
from dataclasses import dataclass

from pelican_fast.app import lint_cache

FILENAME = "report.bin"

State = tuple[bytes, int]  # (digest of every file's path, mtime and size; the newest mtime)


def tree_state(files: Iterable[tuple[str, tuple[int, int] | None]]) -> State:
    """The digest of the files as (relative path, (mtime_ns, size)), and the newest
    modification time among them. A file that could not be read makes no state."""
    parts = []
    newest = 0
    for relative, stat in files:
        if stat is None:
            return b"", 1 << 62  # never old enough
        mtime_ns, size = stat
        newest = max(newest, mtime_ns)
        parts.append(f"{relative}\0{mtime_ns}\0{size}")
    return lint_cache.digest("\n".join(parts).encode("utf-8", "surrogatepass")), newest


def key(state: State, *inputs: object) -> bytes:
    """What the report depends on: the files' state and every other input (settings,
    targets as shown, report format), with the package's code (lint_cache.options_key)."""
    return lint_cache.options_key(state[0], *inputs)


@dataclass(frozen=True)
class Printed:
    """A report as printed, with the counts the command's exit code depends on."""

    text: str
    summary: tuple[int, ...]  # report.Summary's fields, in order


def load(folder: str, wanted: bytes, newest_mtime_ns: int) -> Printed | None:
    """The report kept under `wanted`, if every file was already old when it was printed.

    The key is read first, alone: a run whose inputs changed does not read the report.
    """
    head = lint_cache.header()
    try:
        with open(os.path.join(folder, FILENAME), "rb") as handle:
            if handle.read(len(head) + len(wanted)) != head + wanted:
                return None
            data = handle.read()
    except OSError:
        return None
    check, body = data[:4], memoryview(data)[4:]
    if lint_cache.checksum(body) != check:
        return None
    try:
        started, summary, text = marshal.loads(body)
        if newest_mtime_ns >= started - lint_cache.RACY_NS:
            return None
        if not isinstance(text, str) or not all(isinstance(n, int) for n in summary):
            return None
        return Printed(text, tuple(summary))
    except (TypeError, ValueError, EOFError):
        return None


def save(folder: str, kept: bytes, started: int, newest_mtime_ns: int, printed: Printed) -> None:
    """Keep `printed` under `kept` (never raises OSError: a memo is only a speed-up).

    Not kept when some file was modified too shortly before the run began: the next
    run could not tell an edit within the same clock tick from no edit.
    """
    path = os.path.join(folder, FILENAME)
    if newest_mtime_ns >= started - lint_cache.RACY_NS:
        with contextlib.suppress(OSError):
            os.unlink(path)
        return
    body = marshal.dumps((started, printed.summary, printed.text))
    with contextlib.suppress(OSError, ValueError):
        lint_cache.write_atomic(folder, FILENAME, [kept, lint_cache.checksum(body), body])
