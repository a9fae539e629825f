"""The cache file of external results: definite answers only, with their age.

A CI run the next day should not hit every site again, but a timeout, a
network error or a 429 says nothing durable about a link: only successes and
404/410 are written (see ``policy.cacheable``). The file is JSON, readable and
editable by hand, keyed by URL without its fragment; each entry records when
it was obtained. It is replaced atomically (temporary file + rename), so an
interrupted run never leaves half a file.
"""

from __future__ import annotations

import contextlib
import json
import math
import os
import tempfile
import time
from collections.abc import Mapping
from typing import Any

from pelican_fast.links.external.policy import cacheable
from pelican_fast.links.external.results import Flag, Kind, Result

# A date this far ahead is the clock skew between two machines sharing the cache: it
# counts as "just now". Further ahead (or not a date at all) the entry is stale.
CLOCK_SKEW = 300.0
FORMAT = "pelican-fast-cache"
VERSION = 1
SECTION = "external"


class ResultCache:
    """Entries loaded from, and saved to, one JSON file."""

    def __init__(self, path: str | None, max_age: float, now: float | None = None) -> None:
        self.path = path
        self.max_age = max_age
        self.now = time.time() if now is None else now
        self.latest = self.now  # the newest date an entry may have: now, or a put of this run
        self.entries: dict[str, dict[str, Any]] = {}
        self.other: dict[str, Any] = {}  # other sections of the file, kept as they are
        self.dirty = False
        self.problem: str | None = None  # why an existing file was ignored
        self.write_problem: str | None = None  # why the file could not be written
        if path:
            self._load(path)

    def _load(self, path: str) -> None:
        try:
            with open(path, encoding="utf-8") as handle:
                data = json.load(handle)
        except FileNotFoundError:
            return
        except (OSError, ValueError) as error:
            self.problem = f"cache file {path} ignored: {error}"
            return
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            self.problem = f"cache file {path} ignored: not a pelican-fast cache"
            return
        if data.get("version") != VERSION:
            return  # an older or newer layout: start afresh rather than misread it
        section = data.get(SECTION)
        if isinstance(section, dict):
            self.entries = {k: v for k, v in section.items() if isinstance(v, dict)}
        self.other = {k: v for k, v in data.items() if k not in ("format", "version", SECTION)}

    def age(self, key: str) -> float | None:
        """Seconds since the entry was obtained; None (stale) for a date that cannot be:
        missing, not a number, NaN, infinite, negative, or in the future beyond
        :data:`CLOCK_SKEW` (a small skew is clamped to now). Hand-edited or damaged
        caches must never hide a dead link."""
        entry = self.entries.get(key)
        if entry is None:
            return None
        checked = entry.get("checked")
        if isinstance(checked, bool) or not isinstance(checked, int | float | str):
            return None
        try:
            when = float(checked)
        except (OverflowError, ValueError):
            return None
        if not math.isfinite(when) or when < 0 or when > self.latest + CLOCK_SKEW:
            return None
        return max(0.0, self.now - when)

    def get(self, key: str, fragments: tuple[str, ...] = ()) -> Result | None:
        """A fresh cached answer for ``key`` that also answers every fragment asked."""
        age = self.age(key)
        if age is None or age > self.max_age:
            return None
        entry = self.entries[key]
        known = entry.get("anchors")
        known = known if isinstance(known, dict) else {}
        if any(fragment not in known for fragment in fragments):
            return None
        status = entry.get("status")
        if status is not None and (isinstance(status, bool) or not isinstance(status, int)):
            return None
        texts = [entry.get(name) for name in ("message", "final_url", "new_url")]
        if any(text is not None and not isinstance(text, str) for text in texts):
            return None
        if not isinstance(entry.get("flags", ()), list | tuple):
            return None
        try:
            result = Result(
                url=key,
                kind=Kind(entry["kind"]),
                status=entry.get("status"),
                message=entry.get("message", ""),
                final_url=entry.get("final_url"),
                new_url=entry.get("new_url"),
                flags=tuple(Flag(flag) for flag in entry.get("flags", ())),
                missing_anchors=tuple(f for f in fragments if not known.get(f, True)),
                cached=True,
                age=age,
            )
        except (KeyError, ValueError, TypeError):
            return None
        if Flag.MISSING_ANCHOR not in result.flags and result.missing_anchors:
            result = result.with_url(key, flags=(*result.flags, Flag.MISSING_ANCHOR))
        return result

    def put(self, key: str, result: Result, anchors: Mapping[str, bool] | None = None) -> None:
        """Record a definite answer; anything else is left out on purpose."""
        if not cacheable(result.kind, result.status):
            return
        checked = round(time.time() - result.age, 3)
        self.latest = max(self.latest, checked)
        entry: dict[str, Any] = {
            "checked": checked,
            "kind": result.kind.value,
            "status": result.status,
        }
        if result.message:
            entry["message"] = result.message
        if result.final_url:
            entry["final_url"] = result.final_url
        if result.new_url:
            entry["new_url"] = result.new_url
        flags = [flag.value for flag in result.flags if flag is not Flag.MISSING_ANCHOR]
        if flags:
            entry["flags"] = flags
        previous = self.entries.get(key, {})
        earlier = previous.get("anchors")
        merged = (
            dict(earlier)
            if isinstance(earlier, dict) and previous.get("status") == result.status
            else {}
        )
        merged.update(anchors or {})
        if merged:
            entry["anchors"] = merged
        self.entries[key] = entry
        self.dirty = True

    def save(self) -> None:
        """Write the file atomically, dropping entries older than the max age.

        A file that cannot be written (a folder in its place, a folder that cannot
        be written) is not an error of the run: ``write_problem`` says why, for a
        warning, and the results are reported as usual.
        """
        if not self.path or not self.dirty:
            return
        try:
            self._write(self.path)
        except OSError as error:
            reason = error.strerror or str(error)
            self.write_problem = f"cache file {self.path} not written: {reason}"

    def _write(self, path: str) -> None:
        fresh = {
            key: entry
            for key, entry in sorted(self.entries.items())
            if (age := self.age(key)) is not None and age <= self.max_age
        }
        data = {"format": FORMAT, "version": VERSION, **self.other, SECTION: fresh}
        directory = os.path.dirname(os.path.abspath(path))
        os.makedirs(directory, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=".pelican-fast-cache.", dir=directory)
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as stream:
                json.dump(data, stream, ensure_ascii=False, indent=1)
                stream.write("\n")
            os.chmod(temporary, 0o644)  # mkstemp's 0600 would hide it from a CI cache step
            os.replace(temporary, path)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
            raise
        self.dirty = False
