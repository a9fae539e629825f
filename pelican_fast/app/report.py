"""Findings as text (like ruff), JSON, GitHub annotations or SARIF.

The JSON shape is a public interface, documented in docs/lint.md:
``{"findings": [{"path", "line", "column", "end_line", "end_column", "code",
"severity", "message", "fix": {"applicability", "replacement"} | null}],
"summary": {...}}``. Lines and columns are 1-based; columns count characters;
``end_column`` is the column just after the last character of the span.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Sequence
from dataclasses import asdict, dataclass

from pelican_fast.core.version import __version__
from pelican_fast.links.model import ERROR, INFO, SAFE, WARNING, Finding, Fix

FORMATS = ("text", "json", "github", "sarif")
SNIPPET_WIDTH = 100
DOCS_URL = "https://github.com/pelican-fast/pelican-fast/blob/main/docs/rules/{code}.md"


Snippet = tuple[str, int, int]  # the finding's line (windowed when long), caret offset, width
Counts = tuple[int, int, int, int, int]  # errors, warnings, info, fixable, unsafe_fixable


class FileFindings:
    """One file's findings, as a report prints them.

    Built from the file's text, whose lines the findings point at are cut into
    snippets at once (`slim`): a report is printed once every file is linted, and
    keeping each text until then would hold the whole site in memory. Or built by
    the lint cache (`decode`, `fragments`): a report of an unchanged site then
    prints the fragments the cache kept, and the findings are decoded only if
    something asks for them.
    """

    __slots__ = ("_counts", "_decode", "_findings", "_fragments", "_snippets", "path", "text")

    def __init__(
        self,
        path: str,
        text: str,
        findings: Sequence[Finding] = (),
        snippets: Sequence[Snippet] | None = None,
        *,
        decode: Callable[[], tuple[list[Finding], list[Snippet]]] | None = None,
        counts: Counts | None = None,
        fragments: dict[str, Sequence[str]] | None = None,
    ) -> None:
        self.path = path  # as shown to the user
        self.text = text  # the text the findings point into ("" once slimmed)
        self._findings: list[Finding] | None = None if decode else list(findings)
        self._snippets = None if snippets is None else list(snippets)
        self._decode = decode
        self._counts = counts
        self._fragments: dict[str, Sequence[str]] = {} if fragments is None else fragments

    def __repr__(self) -> str:
        return f"FileFindings({self.path!r}, {len(self.findings)} finding(s))"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, FileFindings):
            return NotImplemented
        return (self.path, self.findings, self.snippets) == (
            other.path,
            other.findings,
            other.snippets,
        )

    __hash__ = None  # type: ignore[assignment]

    def _load(self) -> None:
        if self._decode is not None:
            self._findings, self._snippets = self._decode()
            self._decode = None

    @property
    def findings(self) -> list[Finding]:
        self._load()
        assert self._findings is not None
        return self._findings

    @property
    def snippets(self) -> list[Snippet]:
        """Each finding's snippet (see `snippet_of_line`), in the order of `findings`."""
        self._load()
        if self._snippets is None:
            lines = self.text.splitlines() if self._findings else []
            self._snippets = [
                snippet_of_line(lines[f.line - 1] if 0 < f.line <= len(lines) else "", f)
                for f in self.findings
            ]
        return self._snippets

    def slim(self) -> FileFindings:
        """The same findings with their snippets, without the whole text."""
        if not self.text:
            return self
        return FileFindings(self.path, "", self.findings, self.snippets, counts=self._counts)

    @property
    def counts(self) -> Counts:
        """(errors, warnings, info, fixable, unsafe_fixable): what the summary adds up."""
        if self._counts is None:
            errors = warnings = info = fixable = unsafe_fixable = 0
            for finding in self.findings:
                if finding.severity == ERROR:
                    errors += 1
                elif finding.severity == WARNING:
                    warnings += 1
                else:
                    info += 1
                if finding.fix is not None:
                    if finding.fix.applicability == SAFE:
                        fixable += 1
                    else:
                        unsafe_fixable += 1
            self._counts = (errors, warnings, info, fixable, unsafe_fixable)
        return self._counts

    def fragments(self, variant: str) -> Sequence[str]:
        """Each finding as `variant` prints it, after the file's path (see FRAGMENTS)."""
        known = self._fragments.get(variant)
        if known is None:
            render = FRAGMENTS[variant]
            known = self._fragments[variant] = [
                render(finding, snippet)
                for finding, snippet in zip(self.findings, self.snippets, strict=True)
            ]
        return known

    def __len__(self) -> int:
        """How many findings (without decoding the cached ones)."""
        counts = self._counts
        return counts[0] + counts[1] + counts[2] if counts is not None else len(self.findings)


@dataclass
class Summary:
    files: int = 0
    findings: int = 0
    errors: int = 0
    warnings: int = 0
    info: int = 0
    fixable: int = 0  # with --fix
    unsafe_fixable: int = 0  # only with --unsafe-fixes
    fixed: int = 0

    @classmethod
    def of(cls, results: Sequence[FileFindings], files: int, fixed: int = 0) -> Summary:
        summary = cls(files=files, fixed=fixed)
        for result in results:
            errors, warnings, info, fixable, unsafe_fixable = result.counts
            summary.errors += errors
            summary.warnings += warnings
            summary.info += info
            summary.fixable += fixable
            summary.unsafe_fixable += unsafe_fixable
        summary.findings = summary.errors + summary.warnings + summary.info
        return summary


def render(
    output_format: str,
    results: Sequence[FileFindings],
    summary: Summary,
    *,
    color: bool = False,
    unsafe: bool = False,
) -> str:
    if output_format == "json":
        return to_json(results, summary)
    if output_format == "github":
        return to_github(results)
    if output_format == "sarif":
        return to_sarif(results)
    return to_text(results, summary, color=color, unsafe=unsafe)


def printed(
    output_format: str,
    results: Sequence[FileFindings],
    summary: Summary,
    *,
    color: bool = False,
    unsafe: bool = False,
) -> str:
    """What the command prints: `render`'s output ending with a newline (nothing when empty)."""
    output = render(output_format, results, summary, color=color, unsafe=unsafe)
    return output if not output or output.endswith("\n") else output + "\n"


# -- JSON ------------------------------------------------------------------------


def finding_dict(path: str, finding: Finding) -> dict[str, object]:
    return {
        "path": path,
        "line": finding.line,
        "column": finding.column,
        "end_line": finding.end_line,
        "end_column": finding.end_column,
        "code": finding.code,
        "severity": finding.severity,
        "message": finding.message,
        "fix": (_fix_json(finding.fix) if finding.fix is not None else None),
    }


def to_json(results: Sequence[FileFindings], summary: Summary) -> str:
    return "".join(_json_chunks(results, summary))


# json.dumps(..., ensure_ascii=False) builds a new encoder at each call: one is enough.
_ENCODE = json.JSONEncoder(ensure_ascii=False).encode
_NO_PATH = len(_ENCODE({"path": ""}).rstrip("}"))  # the length of '{"path": ""'


def json_fragment(finding: Finding, snippet: Snippet | None = None) -> str:
    """The finding's JSON object after its path: ``, "line": 3, ... }``.

    Each finding is encoded on its own by the C encoder (``indent`` would switch json
    to its pure-Python encoder: a quarter of a lint run on a large blog).
    """
    return _ENCODE(finding_dict("", finding))[_NO_PATH:]


def _json_chunks(results: Sequence[FileFindings], summary: Summary) -> Iterator[str]:
    """``{"findings": [...], "summary": {...}}`` with one finding per line."""
    yield '{\n "findings": ['
    separator = "\n  "
    for result in results:
        if not len(result):
            continue
        head = '{"path": ' + _ENCODE(result.path)
        yield separator + ",\n  ".join([head + tail for tail in result.fragments("json")])
        separator = ",\n  "
    yield '\n ],\n "summary": ' + json.dumps(asdict(summary), ensure_ascii=False) + "\n}\n"


# -- GitHub workflow commands ------------------------------------------------------


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def github_data(text: str) -> str:
    """A GitHub workflow command's message, escaped."""
    return _escape_data(text)


def github_properties(path: str, line: int, column: int) -> str:
    """``file=…,line=…,col=…`` of a GitHub workflow command, escaped."""
    return f"file={_escape_property(path)},line={line},col={column}"


def to_github(results: Sequence[FileFindings]) -> str:
    from pelican_fast.links.rules import BY_CODE

    lines = []
    level = {ERROR: "error", WARNING: "warning", INFO: "notice"}
    for result in results:
        for f in result.findings:
            properties = ",".join(
                [
                    f"file={_escape_property(result.path)}",
                    f"line={f.line}",
                    f"col={f.column}",
                    f"endLine={f.end_line}",
                    f"endColumn={f.end_column}",
                    f"title={_escape_property(f.code + ' ' + BY_CODE[f.code].name)}",
                ]
            )
            lines.append(f"::{level[f.severity]} {properties}::{_escape_data(f.message)}")
    return "\n".join(lines)


# -- SARIF 2.1.0 -----------------------------------------------------------------------


def to_sarif(results: Sequence[FileFindings]) -> str:
    from pelican_fast.links.rules import RULES

    level = {ERROR: "error", WARNING: "warning", INFO: "note"}
    rules = [
        {
            "id": rule.code,
            "name": rule.name,
            "shortDescription": {"text": rule.summary},
            "fullDescription": {"text": rule.why},
            "helpUri": DOCS_URL.format(code=rule.code),
            "defaultConfiguration": {"level": level[rule.severity]},
        }
        for rule in RULES
    ]
    sarif_results = []
    for result in results:
        for f in result.findings:
            entry: dict[str, object] = {
                "ruleId": f.code,
                "level": level[f.severity],
                "message": {"text": f.message},
                "locations": [
                    {
                        "physicalLocation": {
                            "artifactLocation": {"uri": result.path},
                            "region": {
                                "startLine": f.line,
                                "startColumn": f.column,
                                "endLine": f.end_line,
                                "endColumn": f.end_column,
                            },
                        }
                    }
                ],
            }
            if f.fix is not None:
                entry["fixes"] = [
                    {
                        "description": {"text": f"{f.fix.applicability} fix"},
                        "artifactChanges": [
                            {
                                "artifactLocation": {"uri": result.path},
                                "replacements": [
                                    {
                                        "deletedRegion": {
                                            "startLine": f.line,
                                            "startColumn": f.column,
                                            "endLine": f.end_line,
                                            "endColumn": f.end_column,
                                        },
                                        "insertedContent": {"text": f.fix.replacement},
                                    }
                                ],
                            }
                        ],
                    }
                ]
            sarif_results.append(entry)
    document = {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "pelican-fast",
                        "version": __version__,
                        "informationUri": "https://github.com/pelican-fast/pelican-fast",
                        "rules": rules,
                    }
                },
                "results": sarif_results,
            }
        ],
    }
    return json.dumps(document, ensure_ascii=False, indent=2)


# -- text --------------------------------------------------------------------------------

_COLORS = {
    ERROR: "\033[1;31m",
    WARNING: "\033[1;33m",
    INFO: "\033[1;34m",
    "path": "\033[1m",
    "dim": "\033[2m",
    "fix": "\033[32m",
    "reset": "\033[0m",
}


class _Paint:
    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled

    def __call__(self, style: str, text: str) -> str:
        return f"{_COLORS[style]}{text}{_COLORS['reset']}" if self.enabled else text


def snippet_of_line(line: str, finding: Finding) -> Snippet:
    """The finding's line (windowed when long), and where the carets go in it."""
    line = line.replace("\t", " ")
    start = finding.column - 1
    width = (
        (finding.end_column - finding.column)
        if finding.end_line == finding.line
        else len(line) - start
    )
    width = max(1, width)
    if len(line) <= SNIPPET_WIDTH:
        return line, start, width
    left = max(0, min(start - 20, len(line) - SNIPPET_WIDTH))
    right = min(len(line), left + SNIPPET_WIDTH)
    shown = ("…" if left else "") + line[left:right] + ("…" if right < len(line) else "")
    offset = start - left + (1 if left else 0)
    return shown, offset, max(1, min(width, right - start))


def text_fragment(finding: Finding, snippet: Snippet, *, color: bool, unsafe: bool) -> str:
    """The finding's block of the text report, after its path: ``:3:5: PF101 error ...``."""
    paint = _Paint(color)
    f = finding
    mark = " [*]" if f.fixable(unsafe) else ""
    where = paint("path", f":{f.line}:{f.column}:")[len(_COLORS["path"]) if color else 0 :]
    out = [f"{where} {paint(f.severity, f.code)} {f.severity}{mark} {f.message}"]
    shown, offset, width = snippet
    gutter = " " * len(str(f.line))
    out.append(paint("dim", f"{gutter} |"))
    out.append(paint("dim", f"{f.line} |") + f" {shown}")
    out.append(paint("dim", f"{gutter} |") + " " * (offset + 1) + paint(f.severity, "^" * width))
    if f.fix is not None:
        label = f"fix ({f.fix.applicability})"
        if f.fix.applicability != SAFE and not unsafe:
            label += ", with --unsafe-fixes"
        replacement = f.fix.replacement or "(remove)"
        out.append(paint("dim", f"{gutter} = ") + paint("fix", f"{label}: {replacement}"))
        if f.fix.unsafe_replacement is not None:
            bolder = f"fix (unsafe, with --unsafe-fixes): {f.fix.unsafe_replacement}"
            out.append(paint("dim", f"{gutter} = ") + paint("fix", bolder))
    out.append("\n")
    return "\n".join(out)


def text_variant(*, color: bool, unsafe: bool) -> str:
    """The FRAGMENTS key of the text report printed with these options."""
    return "text" + ("-color" if color else "") + ("-unsafe" if unsafe else "")


def _text_renderer(color: bool, unsafe: bool) -> Callable[[Finding, Snippet], str]:
    def render(finding: Finding, snippet: Snippet) -> str:
        return text_fragment(finding, snippet, color=color, unsafe=unsafe)

    return render


# What a report prints of one finding after its file's path, by variant: what the
# lint cache keeps ("json" and "text", the plain text of a run without
# --unsafe-fixes), so that a run with nothing changed prints without decoding.
FRAGMENTS: dict[str, Callable[[Finding, Snippet], str]] = {"json": json_fragment}
FRAGMENTS.update(
    {
        text_variant(color=color, unsafe=unsafe): _text_renderer(color, unsafe)
        for color in (False, True)
        for unsafe in (False, True)
    }
)
CACHED_FRAGMENTS = ("json", "text")


def to_text(results: Sequence[FileFindings], summary: Summary, *, color: bool, unsafe: bool) -> str:
    variant = text_variant(color=color, unsafe=unsafe)
    start = _COLORS["path"] if color else ""
    out: list[str] = []
    for result in results:
        if len(result):
            head = start + result.path
            out += [head + tail for tail in result.fragments(variant)]
    out.append(summary_line(summary, unsafe))
    return "".join(out)


def _fix_json(fix: Fix) -> dict[str, str]:
    shown = {"applicability": fix.applicability, "replacement": fix.replacement}
    if fix.unsafe_replacement is not None:
        shown["unsafe_replacement"] = fix.unsafe_replacement
    return shown


def summary_line(summary: Summary, unsafe: bool) -> str:
    parts = []
    if summary.fixed:
        parts.append(f"Fixed {summary.fixed} finding(s).")
    if not summary.findings:
        parts.append(f"No link problems in {summary.files} file(s).")
        return " ".join(parts)
    parts.append(
        f"Found {summary.findings} finding(s) in {summary.files} file(s): "
        f"{summary.errors} error(s), {summary.warnings} warning(s), {summary.info} info."
    )
    fixable = summary.fixable + (summary.unsafe_fixable if unsafe else 0)
    if fixable:
        flags = "--fix --unsafe-fixes" if unsafe and summary.unsafe_fixable else "--fix"
        parts.append(f"[*] {fixable} fixable with `{flags}`.")
    if summary.unsafe_fixable and not unsafe:
        parts.append(f"({summary.unsafe_fixable} more with `--unsafe-fixes`.)")
    return " ".join(parts)
