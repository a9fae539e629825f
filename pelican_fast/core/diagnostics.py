"""Messages about a source file, kept with their position so they can be logged later.

Pelican caches what a reader returns; a message logged inside ``read()`` would
be lost on the next, cached, build. Readers therefore return diagnostics in
the metadata, and the plugin logs them every time the post is used.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

ERROR = logging.ERROR
WARNING = logging.WARNING
INFO = logging.INFO


@dataclass(frozen=True)
class Diagnostic:
    """A message about one place of one file."""

    level: int
    message: str
    line: int = 0
    column: int = 0
    code: str = ""

    def where(self, path: str) -> str:
        if self.line and self.column:
            return f"{path}:{self.line}:{self.column}"
        if self.line:
            return f"{path}:{self.line}"
        return path

    def format(self, path: str) -> str:
        code = f" {self.code}" if self.code else ""
        return f"{self.where(path)}:{code} {self.message}"


class BuildFailure(RuntimeError):
    """Raised on purpose to fail a build (e.g. ``links.fail_on_error``); never swallowed."""

    exitcode = 1
