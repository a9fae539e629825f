"""Control characters in a post's text: where they are, and the text without them.

A NUL or other C0 control character typed (or pasted) into a post is invisible
in an editor, cannot appear in XML, and made Pelican's Atom feed writer stop the
whole build without naming the file. They are taken out when the post is read
and reported with their lines, so the author can find them.
"""

from __future__ import annotations

import re

# C0 controls other than tab, LF and CR, and the two non-characters XML 1.0
# refuses (U+FFFE, U+FFFF), and lone surrogates (undecodable bytes).
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def strip_controls(text: str, first_line: int = 1) -> tuple[str, list[int]]:
    """`text` without control characters, and the lines (from `first_line`) that had some.

    One pass: lines are counted between consecutive matches only.
    """
    lines: list[int] = []
    position = 0
    line = first_line
    for match in _CONTROL.finditer(text):
        line += text.count("\n", position, match.start())
        position = match.start()
        if not lines or lines[-1] != line:
            lines.append(line)
    if not lines:
        return text, lines
    return _CONTROL.sub("", text), lines


def describe(lines: list[int], limit: int = 10) -> str:
    """Lines as a short phrase: ``line 3``, ``lines 3, 7 and 9``, ``lines 3, 7, … (40 lines)``."""
    if len(lines) == 1:
        return f"line {lines[0]}"
    shown = ", ".join(str(n) for n in lines[:limit])
    if len(lines) > limit:
        return f"lines {shown}, … ({len(lines)} lines)"
    head, _, last = shown.rpartition(", ")
    return f"lines {head} and {last}"
