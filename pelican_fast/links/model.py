"""The engine's vocabulary: links found in a file, findings about them, their fixes.

Everything here is a plain, frozen dataclass or a str enum: the Pelican reader stores
findings in its per-file cache (pickle), and the linter prints them as JSON.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from enum import StrEnum


class Severity(StrEnum):
    """What happens to a reader: the link does not work, works badly, or style."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


class Applicability(StrEnum):
    """Whether a fix keeps the author's meaning (safe) or is a likely guess (unsafe)."""

    SAFE = "safe"
    UNSAFE = "unsafe"


class LinkKind(StrEnum):
    """The construct a destination was written in, named after the source."""

    INLINE = "inline"  # [text](url)
    IMAGE = "image"  # ![alt](url)
    DEFINITION = "definition"  # [id]: url
    REFERENCE = "reference"  # [text][id], [text] (uses a definition)
    AUTOLINK = "autolink"  # <https://...>
    AUTOMAIL = "automail"  # <a@b.fr>, <mailto:a@b.fr>
    HTML = "html"  # <a href>, <img src>, <iframe src>, <source src>...
    BARE = "bare"  # https://... in plain text (not a link for the renderer)
    FRONT_MATTER = "front-matter"  # image: /img/x.png


class Malformed(StrEnum):
    """Why a construct that looks like a link is not rendered as one (Link.malformed)."""

    SPACED = "spaced"  # [text] (url)
    REVERSED = "reversed"  # (text)[url]
    UNCLOSED = "unclosed"  # [text](url   (no closing parenthesis)
    UNDEFINED = "undefined"  # [text][id] without a definition of id
    INVALID_TAG = "invalid-tag"  # <a href=\"x\"> that the renderer shows as text
    IN_HTML = "in-html"  # [text](url) inside a raw HTML block: left as text
    IN_PARAGRAPH = "in-paragraph"  # <iframe src> inside a paragraph: kramdown shows it as text


# The members by their short names, as the rule modules use them. They are str
# subclasses: they compare equal to (and print as) their values, so JSON, SARIF
# and pickled caches see the same strings as before.
ERROR, WARNING, INFO = Severity.ERROR, Severity.WARNING, Severity.INFO
SEVERITIES = tuple(Severity)
SAFE, UNSAFE = Applicability.SAFE, Applicability.UNSAFE
INLINE, IMAGE, DEFINITION, REFERENCE = (
    LinkKind.INLINE,
    LinkKind.IMAGE,
    LinkKind.DEFINITION,
    LinkKind.REFERENCE,
)
AUTOLINK, AUTOMAIL, HTML, BARE = LinkKind.AUTOLINK, LinkKind.AUTOMAIL, LinkKind.HTML, LinkKind.BARE
FRONT_MATTER = LinkKind.FRONT_MATTER
SPACED, REVERSED, UNCLOSED = Malformed.SPACED, Malformed.REVERSED, Malformed.UNCLOSED
UNDEFINED, INVALID_TAG, IN_HTML = Malformed.UNDEFINED, Malformed.INVALID_TAG, Malformed.IN_HTML
IN_PARAGRAPH = Malformed.IN_PARAGRAPH


@dataclass(eq=True)
class Link:
    """One destination in a file, with the exact spans a fix may replace.

    Offsets are character offsets in the scanned text. ``dest_start:dest_end``
    is the raw destination as written (angle brackets included for
    ``[t](<url>)``, quotes excluded for HTML attributes); ``url`` is what the
    renderer makes of it (Python-Markdown's ``href``). Not frozen: a frozen
    dataclass pays for every field at creation, and scans create many links.
    """

    kind: LinkKind
    start: int
    end: int
    dest_start: int
    dest_end: int
    url: str
    text: str = ""
    text_start: int = -1
    text_end: int = -1
    image: bool = False
    angle: bool = False
    tag: str = ""
    attr: str = ""
    quote: str = ""
    alt: str | None = None  # HTML <img alt>: None when the attribute is missing
    malformed: str = ""
    ref: str = ""  # reference id (REFERENCE, DEFINITION)
    gap_start: int = -1  # SPACED: the blank between ] and (
    gap_end: int = -1
    element_end: int = -1  # HTML <a href>: end of its "</a>", when [text](url) can say the same


@dataclass(frozen=True)
class Fix:
    """Text that replaces the finding's span, and whether it is safe to apply."""

    applicability: Applicability
    replacement: str
    # A bolder repair of the same span, applied instead with --unsafe-fixes (an HTML
    # link shown as text rewritten as the Markdown link people write by hand).
    unsafe_replacement: str | None = None

    def text(self, unsafe: bool) -> str:
        """The replacement to apply when unsafe fixes are (or are not) allowed."""
        if unsafe and self.unsafe_replacement is not None:
            return self.unsafe_replacement
        return self.replacement


@dataclass(frozen=True)
class Finding:
    """One problem at one place: what ``pelican-fast lint`` prints, what the build logs."""

    code: str
    severity: Severity
    message: str
    start: int
    end: int
    line: int
    column: int
    end_line: int
    end_column: int
    fix: Fix | None = None
    stage: int = 0  # position in the destination's repair cascade (see checks.py)
    path: str = ""  # the file, when the finding travels without its FileFindings (check)
    url: str = ""  # the URL judged, for findings about a URL (check)

    def fixable(self, unsafe: bool) -> bool:
        return self.fix is not None and (self.fix.applicability == SAFE or unsafe)

    def where(self, path: str) -> str:
        return f"{path}:{self.line}:{self.column}"


@dataclass(frozen=True)
class Reported:
    """A finding of a post in a build, and whether the built page has it repaired."""

    finding: Finding
    repaired: bool = False


@dataclass(frozen=True)
class PendingLink:
    """A link only the whole site can judge (own domain, absolute path, post_url).

    The build's reader is cached per file, so it records these and the
    all-generators-finalized step checks them once every post is known.
    """

    link: Link
    line: int
    column: int
    end_line: int
    end_column: int
    start: int = 0  # offsets in the source file
    end: int = 0


class LineIndex:
    """Offsets to 1-based line and column, in O(log n) per lookup."""

    __slots__ = ("first_line", "starts")

    def __init__(self, text: str, first_line: int = 1) -> None:
        starts = [0]
        find = text.find
        position = find("\n")
        while position != -1:
            starts.append(position + 1)
            position = find("\n", position + 1)
        self.starts = starts
        self.first_line = first_line

    def position(self, offset: int) -> tuple[int, int]:
        index = bisect_right(self.starts, offset) - 1
        return self.first_line + index, offset - self.starts[index] + 1

    def line_span(self, line: int) -> tuple[int, int]:
        """Offsets of the start and end (newline excluded) of a 1-based line."""
        index = line - self.first_line
        start = self.starts[index]
        end = self.starts[index + 1] - 1 if index + 1 < len(self.starts) else -1
        return start, end
