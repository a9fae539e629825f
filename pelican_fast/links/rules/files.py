"""PF0: files that cannot be linted or fixed (unreadable, changed during --fix, not writable).

These are found by the commands that read and write files (``app/lint.py``,
``app/check.py``); the findings are made here, beside the rules' declarations.
"""

from __future__ import annotations

from pelican_fast.core import files
from pelican_fast.links.model import ERROR, WARNING, Finding
from pelican_fast.links.rules.base import Rule

RULES: tuple[Rule, ...] = (
    Rule(
        "PF001",
        "unreadable-file",
        ERROR,
        None,
        "A file that is not valid UTF-8 (or cannot be read).",
        "Jekyll skips such a post and Pelican cannot read it either: none of its links exist.",
        "(a post saved as Latin-1: « Été » written as the byte 0xC9)",
        None,
    ),
    Rule(
        "PF002",
        "changed-during-fix",
        WARNING,
        None,
        "A file that changed between the moment `--fix` read it and the moment it would "
        "have been written (size, time or content differ).",
        "Writing it would silently overwrite the edit someone saved meanwhile: the fixes are "
        "not written and the edit is kept.",
        "(a post saved in an editor while `pelican-fast lint --fix` was running)",
        None,
        "Run `--fix` again once the edit is done.",
    ),
    Rule(
        "PF003",
        "file-not-writable",
        WARNING,
        None,
        "A file `--fix` leaves alone: read-only, or in a folder (or file system) that "
        "cannot be written.",
        "A read-only post is read-only on purpose; an unwritable folder is reported and the "
        "run goes on. The fixes are reported, not written.",
        "(a post with mode 0444, or in a folder the user cannot write)",
        None,
        "Make the file writable (or run where it can be written) and run `--fix` again.",
    ),
    Rule(
        "PF004",
        "over-time-budget",
        ERROR,
        None,
        "A file that took longer to lint than its time budget (`time_budget`, seconds per 100 KB).",
        "Such a file holds a construct on which parsers are slow (a million brackets, "
        "thousands of unclosed tags): the build leaves it out of the site for the same reason. "
        "Its links were not checked.",
        "(a post of 60 KB made of 20,000 unclosed `[` followed by a link)",
        None,
    ),
)

_SEVERITY = {rule.code: rule.severity for rule in RULES}


def _first_line(code: str, message: str, line: int = 1) -> Finding:
    return Finding(
        code=code,
        severity=_SEVERITY[code],
        message=message,
        start=0,
        end=0,
        line=line,
        column=1,
        end_line=line,
        end_column=1,
    )


UNREADABLE = "PF001"


def over_budget(budget: float) -> Finding:
    """PF004: a file whose linting ran past its time budget (``time_budget``)."""
    return _first_line("PF004", f"linting took more than {budget:g} s: the file was not checked", 1)


def unreadable(error: str, line: int = 1) -> Finding:
    """PF001: a file that cannot be read or decoded."""
    return _first_line("PF001", f"{error}: the file is skipped", line)


def write_code(result: files.WriteResult) -> str:
    """PF002 for a file edited since it was read, PF003 for one that cannot be written."""
    return "PF002" if result.status is files.WriteStatus.CHANGED else "PF003"


def write_finding(result: files.WriteResult) -> Finding:
    """A file ``--fix`` did not write, as a finding on its first line."""
    where = f" (through the link to {result.target})" if result.target != result.path else ""
    return _first_line(write_code(result), f"{result.message}{where}")
