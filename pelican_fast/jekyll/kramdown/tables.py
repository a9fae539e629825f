"""kramdown's tables: any line with an unescaped ``|`` is a row, the separator is not checked.

Rules from kramdown/parser/kramdown/table.rb: the table starts after a blank line (it does not
interrupt a paragraph) and must end before one (or an IAL, or the end); the first separator
line (``|---|:-:|``) makes the rows above it the header and gives the alignments; a later
separator starts a new body; rows are padded to the widest; a table without body rows is
not a table. Pipes inside code spans and escaped pipes do not split cells.
"""

from __future__ import annotations

import re

from markdown_it.rules_block import StateBlock

_SEP = re.compile(r"[+|: \t-]*-[+|: \t-]*$")
_FOOT_SEP = re.compile(r"[+|: \t=]*=[+|: \t=]*$")
_ALIGN = re.compile(r"[ \t]?(:?)-+(:?)[ \t]?")
_IAL = re.compile(r" {0,3}\{:(?![:/])")


def _has_pipe(line: str) -> bool:
    """kramdown's TABLE_PIPE_CHECK: a ``|`` first, or one not after a backslash."""
    if line.startswith("|"):
        return True
    at = line.find("|", 1)
    while at > 0:
        if line[at - 1] != "\\":
            return True
        at = line.find("|", at + 1)
    return False


def split_cells(line: str) -> list[tuple[int, str]]:
    """Cells split on unescaped pipes outside code spans (linear: a missing closing run of
    backticks is remembered, so it is not searched for again)."""
    cells: list[tuple[int, str]] = []
    current: list[str] = []
    cell_start = 0
    missing: dict[int, int] = {}  # run length -> position from which no closing run exists
    i, n = 0, len(line)
    while i < n:
        char = line[i]
        if char == "\\" and i + 1 < n and line[i + 1] == "|":
            current.append("|")
            i += 2
        elif char == "|":
            cells.append((cell_start, "".join(current)))
            current = []
            i += 1
            cell_start = i
        elif char == "`":
            j = i
            while j < n and line[j] == "`":
                j += 1
            run = j - i
            close = -1
            if missing.get(run, n + 1) > j:
                k = line.find("`" * run, j)
                while k >= 0 and k + run < n and line[k + run] == "`":
                    k = line.find("`" * run, k + run + 1)
                close = k
                if close < 0:
                    missing[run] = j
            end = close + run if close >= 0 else j
            current.append(line[i:end])
            i = end
        else:
            current.append(char)
            i += 1
    cells.append((cell_start, "".join(current)))
    return cells


def _line(state: StateBlock, line: int) -> str:
    return state.src[state.bMarks[line] : state.eMarks[line]]


def table(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    if state.sCount[start] - state.blkIndent >= 4:
        return False
    first = _line(state, start)
    if not first.strip() or not _has_pipe(first.lstrip(" ")):
        return False
    # kramdown: a table starts at a block boundary (after a blank line, first in its
    # container, or after an IAL), not right after a heading or another block
    previous = state.tokens[-1] if state.tokens else None
    if not (
        previous is None
        or previous.nesting == 1
        or previous.type == "kd_ial"
        or state.isEmpty(start - 1)
    ):
        return False
    leading_pipe = first.lstrip().startswith("|")
    groups: list[tuple[str, list[list[tuple[int, str]]]]] = []
    rows: list[list[tuple[int, str]]] = []
    align: list[str] | None = None
    line = start
    while line < end:
        text = _line(state, line)
        if state.sCount[line] - state.blkIndent >= 4 or not _has_pipe(text.strip()):
            break
        stripped = text.strip()
        if _SEP.match(stripped):
            if rows and align is None:
                groups.append(("thead", rows))
                align = [
                    ""
                    if not (left or right)
                    else "left"
                    if not right
                    else "right"
                    if not left
                    else "center"
                    for left, right in _ALIGN.findall(stripped)
                ]
            elif rows:
                groups.append(("tbody", rows))
            rows = []
        elif _FOOT_SEP.match(stripped):
            if rows:
                groups.append(("tbody", rows))
            rows = []
        else:
            indent = len(text) - len(text.lstrip())
            cells = split_cells(text.strip())
            if leading_pipe and cells and not cells[0][1].strip():
                cells.pop(0)
            if cells and not cells[-1][1].strip():
                cells.pop()
            rows.append([(indent + at + len(c) - len(c.lstrip()), c.strip()) for at, c in cells])
        line += 1
    if line < end and not (state.isEmpty(line) or _IAL.match(_line(state, line))):
        return False
    if rows:
        groups.append(("tbody", rows))
    if not any(kind == "tbody" for kind, _ in groups):
        return False
    if silent:
        return True
    columns = max(len(r) for _, rs in groups for r in rs)
    aligns = (align or [])[:columns] + [""] * (columns - len(align or []))
    open_table = state.push("table_open", "table", 1)
    open_table.map = [start, line]
    row_line = start
    for kind, group_rows in groups:
        state.push(f"{kind}_open", kind, 1)
        cell_tag = "th" if kind == "thead" else "td"
        for row in group_rows:
            while row_line < line and _SEP.match(_line(state, row_line).strip()):
                row_line += 1
            tr = state.push("tr_open", "tr", 1)
            tr.map = [row_line, row_line + 1]
            for index in range(columns):
                cell = state.push(f"{cell_tag}_open", cell_tag, 1)
                if aligns[index]:
                    cell.attrSet("style", f"text-align: {aligns[index]}")
                inline = state.push("inline", "", 0)
                inline.content = row[index][1] if index < len(row) else ""
                inline.meta["kd_col"] = row[index][0] if index < len(row) else 0
                inline.map = [row_line, row_line + 1]
                inline.children = []
                state.push(f"{cell_tag}_close", cell_tag, -1)
            state.push("tr_close", "tr", -1)
            row_line += 1
        state.push(f"{kind}_close", kind, -1)
    state.push("table_close", "table", -1)
    state.line = line
    return True
