"""Per-file rules: what is wrong with each link, and the minimal edit that repairs it.

A destination goes through a cascade of repairs, in a fixed order (markup,
stray characters, blanks after the scheme, doubled and malformed schemes,
missing ``mailto:`` or ``https://``…). Each step that changes the destination
reports one finding whose replacement is the destination *after every step
so far*: all the findings of one destination replace the same span, and
applying the latest one the user allows (safe, or also unsafe) repairs
everything before it at once. A finding is unsafe as soon as one step before
it was. Steps only ever remove characters from a destination or add a scheme
or a closing parenthesis: no destination is invented.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from pelican_fast.links import urls
from pelican_fast.links.model import (
    AUTOLINK,
    AUTOMAIL,
    BARE,
    DEFINITION,
    ERROR,
    FRONT_MATTER,
    HTML,
    IMAGE,
    IN_HTML,
    INLINE,
    INVALID_TAG,
    REFERENCE,
    REVERSED,
    SAFE,
    SPACED,
    UNCLOSED,
    UNDEFINED,
    UNSAFE,
    Finding,
    Fix,
    LineIndex,
    Link,
)
from pelican_fast.links.rules import BY_CODE, Selection
from pelican_fast.links.scanner import looks_like_url

MAX_REPAIR = 4096  # destinations longer than this are reported, never rewritten


@dataclass
class Reporter:
    """Collects findings for one file, computing line and column once."""

    lines: LineIndex
    selection: Selection
    findings: list[Finding] = field(default_factory=list)

    def add(
        self,
        code: str,
        message: str,
        start: int,
        end: int,
        replacement: str | None = None,
        applicability: str | None = None,
        stage: int = 0,
    ) -> None:
        if code not in self.selection.codes:
            return
        line, column = self.lines.position(start)
        end_line, end_column = self.lines.position(end)
        fix = None
        if replacement is not None:
            fix = Fix(applicability or BY_CODE[code].fix or UNSAFE, replacement)
        self.findings.append(
            Finding(
                code=code,
                severity=BY_CODE[code].severity,
                message=message,
                start=start,
                end=end,
                line=line,
                column=column,
                end_line=end_line,
                end_column=end_column,
                fix=fix,
                stage=stage,
            )
        )


def short(url: str, limit: int = 60) -> str:
    """A destination as quoted in a message: one line, not too long."""
    url = " ".join(url.split()) if _SPACE.search(url) else url
    return url if len(url) <= limit else url[: limit - 1] + "…"


# -- the repair cascade ---------------------------------------------------------

# (message, repaired destination or None to report only, safety)
Step = tuple[str, str | None, str]
StepFunction = Callable[[str, Link], Step | None]

_MARKUP = re.compile(r"^(\*\*|__|\*|_|`)([^\s*_`](?:.*[^\s*_`])?)\1$", re.DOTALL)
_MARKDOWN_LINK = re.compile(r"^\[[^\]]*\]\(\s*<?([^\s()<>]+)>?\s*\)$")
_LIST_MARKER = re.compile(r"^(?:\d{1,2}[.)]|[-*+•])\s+(?=\S)")
_OPENERS = "<\"'“”‘’«‹„"
_CLOSERS = ">\"'“”‘’»›"
_SPACE_AFTER_SCHEME = re.compile(r"^(mailto|tel|https?|ftp)\s*:(?:\s|%20)+", re.IGNORECASE)
_SPACE_AFTER_SLASHES = re.compile(r"^(https?|ftp)://(?:\s|%20)+", re.IGNORECASE)
_DOUBLED = re.compile(
    r"^(?:(?:https?|ftp)\s*:?\s*/{1,3}|mailto:)\s*(?=(?:https?|ftp)(?::|//)|mailto:)",
    re.IGNORECASE,
)
_SEPARATOR = re.compile(
    r"^(https?|ftp)(?::/(?!/)|//|:\\\\?|:/{3,}|;//?|::+/*|\.//|:(?=www\.))", re.IGNORECASE
)
_TYPO_HTTPS = re.compile(r"^(?:htps|htpps|htttps|hhttps|ttps|httsp|hhtps|htpts|hptts)://", re.I)
_TYPO_HTTP = re.compile(r"^(?:htp|htt|ttp|hhtp|htttp|hptt|htpp)://", re.IGNORECASE)
_MAIL_PREFIX = re.compile(
    r"^(mailto|mailt|maito|malito|mailtto|maiito|mail|email|e-mail|courriel)"
    r"\s*(?:://|:|;|,|\.|//)?\s*/*",
    re.IGNORECASE,
)
_PLACEHOLDERS = frozenset(
    {
        "#",
        "http://",
        "https://",
        "url",
        "lien",
        "link",
        "todo",
        "xxx",
        "...",
        "…",
        "tbd",
        "lien ici",
    }
)
_SPACE = re.compile(r"\s")
_UNQUOTABLE = re.compile(r"[\s\"'<>`=]")
# A destination none of the repair steps can change (the common case): checked in one match.
_PLAIN = re.compile(
    r"(?:https?://(?!localhost\b|127\.|0\.0\.0\.0)[\w-]+(?:\.[\w-]+)+(?<!\.local)(?::\d+)?"
    r"(?:[/?#][^\s<>\"'“”‘’«»()\[\]{}\\`]*)?"
    r"|mailto:[\w.+'-]+@[\w-]+(?:\.[\w-]+)+(?:\?[^\s<>\"]*)?"
    r"|/(?!/)[^\s<>\"'“”‘’«»()\[\]{}\\`*]*)\Z",
    re.IGNORECASE,
)
_LIQUID = re.compile(r"\{\{.*?\}\}|\{%.*?%\}")
_FILE_TOKEN = re.compile(r"\.[A-Za-z0-9]{2,5}$")


def _balanced(text: str, opening: str, closing: str) -> bool:
    depth = 0
    for char in text:
        if char == opening:
            depth += 1
        elif char == closing:
            depth -= 1
            if depth < 0:
                return False
    return depth == 0


def destination_like(value: str) -> bool:
    """Something a link may point to: a URL, an address, a path, a fragment."""
    if not value or _SPACE.search(value) is not None:
        return False
    return (
        looks_like_url(value)
        or value.startswith(("/", "#", "./", "../", "{{", "{%"))
        or urls.scheme_less_host(value) is not None
        or urls.is_email(value)
    )


def step_markup(value: str, link: Link) -> Step | None:
    matched = _MARKUP.match(value)
    if matched:
        return (
            f'"{matched.group(1)}" around the destination is Markdown emphasis; '
            f"it becomes part of the address",
            matched.group(2),
            SAFE,
        )
    matched = _MARKDOWN_LINK.match(value)
    if matched:
        return "a whole Markdown link written inside a destination", matched.group(1), SAFE
    return None


def step_stray(value: str, link: Link) -> Step | None:
    if len(value) > MAX_REPAIR or not value:
        return None
    core = value
    changed = True
    while changed and core:
        changed = False
        marker = _LIST_MARKER.match(core)
        if marker and destination_like(core[marker.end() :].strip()):
            core = core[marker.end() :]
            changed = True
        elif core[0] in _OPENERS:
            core = core[1:]
            changed = True
        elif core[-1] in _CLOSERS:
            core = core[:-1]
            changed = True
        else:
            for opening, closing in (("(", ")"), ("[", "]")):
                if (
                    core[0] == opening
                    and core[-1] == closing
                    and _balanced(core[1:-1], opening, closing)
                ):
                    core = core[1:-1]
                elif core[0] == opening and core.count(opening) > core.count(closing):
                    core = core[1:]
                elif core[-1] == closing and core.count(closing) > core.count(opening):
                    core = core[:-1]
                else:
                    continue
                changed = True
                break
        core = core.strip()
    if core == value:
        return None
    start = value.find(core) if core else len(value)
    removed = (value[:start] + " " + value[start + len(core) :]).strip()
    message = f'stray "{removed}" in the destination: the link points to "{short(value)}"'
    unmarked = _MARKUP.match(core)
    if destination_like(core) or (unmarked and destination_like(unmarked.group(2))):
        return message, core, SAFE
    return message, None, SAFE


def step_space_after_scheme(value: str, link: Link) -> Step | None:
    matched = _SPACE_AFTER_SCHEME.match(value)
    if matched:
        scheme = matched.group(1)
        repaired = scheme + ":" + value[matched.end() :]
        return f'blank after "{scheme}:": the address starts with a blank', repaired, SAFE
    matched = _SPACE_AFTER_SLASHES.match(value)
    if matched:
        repaired = matched.group(1) + "://" + value[matched.end() :]
        return f'blank after "{matched.group(1)}://"', repaired, SAFE
    return None


def step_doubled(value: str, link: Link) -> Step | None:
    core = value
    while True:
        matched = _DOUBLED.match(core)
        if not matched or matched.end() == 0:
            break
        core = core[matched.end() :]
    if core == value:
        return None
    return f'scheme written twice in "{short(value)}"', core, SAFE


def step_separator(value: str, link: Link) -> Step | None:
    matched = _SEPARATOR.match(value)
    if matched:
        repaired = matched.group(1) + "://" + value[matched.end() :].lstrip("/\\")
        return f'malformed scheme "{value[: matched.end()]}"', repaired, SAFE
    for typo, scheme in ((_TYPO_HTTPS, "https://"), (_TYPO_HTTP, "http://")):
        matched = typo.match(value)
        if matched:
            return (
                f'misspelt scheme "{value[: matched.end()]}"',
                scheme + value[matched.end() :],
                UNSAFE,
            )
    return None


def step_email(value: str, link: Link) -> Step | None:
    if urls.is_email(value):
        return (
            f'e-mail address "{short(value)}" without "mailto:": it is read as a page',
            "mailto:" + value,
            SAFE,
        )
    matched = _MAIL_PREFIX.match(value)
    if not matched:
        return None
    rest = value[matched.end() :].strip().strip("<>[]")
    if not urls.is_email(rest):
        return None
    repaired = "mailto:" + rest
    if repaired == value:
        return None
    safety = SAFE if matched.group(1).lower() == "mailto" else UNSAFE
    return f'malformed "mailto:" in "{short(value)}"', repaired, safety


def step_missing_scheme(value: str, link: Link) -> Step | None:
    host = urls.scheme_less_host(value)
    if host is None:
        return None
    scheme = "https"
    shown = re.search(r"(https?)://" + re.escape(value.split("/")[0]), link.text, re.IGNORECASE)
    if shown:
        scheme = shown.group(1).lower()
    return (
        f'"{short(value)}" has no "https://": browsers read it as a path of this site',
        f"{scheme}://{value}",
        UNSAFE,
    )


def step_local(value: str, link: Link) -> Step | None:
    if urls.is_local(value):
        return f'"{short(value)}" only exists on the computer it was written on', None, SAFE
    return None


def step_host_without_tld(value: str, link: Link) -> Step | None:
    if not value.lower().startswith(("http://", "https://")):
        return None
    host = urls.host_of(value)
    if not host or "." in host or host.startswith("[") or host.startswith("{"):
        return None
    message = f'host "{host}" has no top-level domain'
    candidates = {
        found.lower()
        for found in urls.HOST_IN_TEXT.findall(link.text)
        if found.lower().startswith(host + ".")
    }
    if len(candidates) == 1:
        full = candidates.pop()
        start = value.lower().index(host)
        return message, value[:start] + full + value[start + len(host) :], UNSAFE
    return message, None, SAFE


def step_redirect(value: str, link: Link) -> Step | None:
    inner = urls.unwrap_redirect(value)
    if inner is None:
        return None
    host = urls.host_of(value)
    return f"link wrapped by the {host} redirector", inner, SAFE


def step_youtube(value: str, link: Link) -> Step | None:
    if link.kind != HTML or link.tag != "iframe":
        return None
    embed = urls.youtube_embed(value)
    if embed is None:
        return None
    return "a YouTube watch page cannot be framed: embeds use /embed/", embed, SAFE


STEPS: tuple[tuple[str, StepFunction], ...] = (
    ("PF101", step_stray),
    ("PF107", step_markup),
    ("PF201", step_space_after_scheme),
    ("PF205", step_doubled),
    ("PF206", step_separator),
    ("PF202", step_email),
    ("PF210", step_local),
    ("PF203", step_missing_scheme),
    ("PF204", step_host_without_tld),
    ("PF207", step_redirect),
    ("PF208", step_youtube),
)
PLAIN_STEPS = STEPS[-2:]  # the only steps that can change a _PLAIN destination

# -- rendering a repaired destination back into its syntax -----------------------


def needs_angle(value: str) -> bool:
    if "{" in value:
        value = _LIQUID.sub("x", value)
    return (
        not value
        or _SPACE.search(value) is not None
        or value.count("(") != value.count(")")
        or value.startswith("<")
    )


@dataclass
class Cascade:
    """State of one destination's repairs."""

    link: Link
    value: str
    stage: int = 0
    unsafe: bool = False
    requote: bool = False  # an unquoted HTML value that the repair must quote
    stopped: bool = False  # an error without a fix: later rules cannot judge the value

    def render(self, value: str) -> str:
        link = self.link
        if link.kind == HTML:
            if link.quote:
                return value.replace(link.quote, "%22" if link.quote == '"' else "%27")
            if self.requote or _UNQUOTABLE.search(value):
                return '"' + value.replace('"', "%22") + '"'
            return value
        if link.kind in (AUTOLINK, AUTOMAIL, BARE, FRONT_MATTER):
            return value
        text = f"<{value}>" if needs_angle(value) else value
        if link.malformed == UNCLOSED:
            text += ")"
        return text

    def applicability(self, safety: str) -> str:
        self.unsafe = self.unsafe or safety == UNSAFE
        return UNSAFE if self.unsafe else SAFE


def check_destination(link: Link, report: Reporter, https_hosts: set[str]) -> Cascade:
    """Run the cascade on a link; the result holds the repaired destination."""
    cascade = Cascade(link, link.url)
    start, end = link.dest_start, link.dest_end
    selection = report.selection
    if link.malformed == UNCLOSED:
        cascade.unsafe = True
        cascade.stage += 1
        report.add(
            "PF104",
            f'no ")" closes the destination "{short(link.url)}": Markdown shows it as text',
            start,
            end,
            cascade.render(cascade.value),
            UNSAFE,
            cascade.stage,
        )
    if link.kind == HTML:
        glued = _glued_quotes(link.url)
        if glued is not None or link.malformed == INVALID_TAG:
            cascade.requote = True
            cascade.stage += 1
            message = (
                f'quotes glued to the URL in {link.attr}="{short(link.url)}"'
                if glued is not None
                else f"<{link.tag}> is not valid HTML for Markdown and is shown as text"
            )
            if glued is not None and destination_like(glued):
                cascade.value = glued
                report.add(
                    "PF108",
                    message,
                    start,
                    end,
                    cascade.render(glued),
                    cascade.applicability(SAFE),
                    cascade.stage,
                )
            else:
                report.add("PF108", message, start, end)
                cascade.stopped = True
                return cascade
    steps = PLAIN_STEPS if _PLAIN.match(cascade.value) else STEPS
    codes = selection.codes
    for code, step in steps:
        if code not in codes:
            continue
        result = step(cascade.value, link)
        if result is None:
            continue
        message, repaired, safety = result
        if repaired is None or repaired == cascade.value:
            report.add(code, message, start, end)
            if BY_CODE[code].severity == ERROR:
                cascade.stopped = True
                return cascade
            continue
        cascade.stage += 1
        report.add(
            code,
            message,
            start,
            end,
            cascade.render(repaired),
            cascade.applicability(safety),
            cascade.stage,
        )
        cascade.value = repaired
    _whitespace(cascade, report)
    if not cascade.stopped:
        _after(cascade, report, https_hosts)
    return cascade


def _glued_quotes(value: str) -> str | None:
    """``”https://a.fr”`` or ``\\"https://a.fr\\"`` -> ``https://a.fr``."""
    junk = "\\\"'“”„‟″«»"
    if value[:1] in junk or value[-1:] in junk:
        core = value.strip(junk).strip()
        return core if core and core != value else None
    return None


def _whitespace(cascade: Cascade, report: Reporter) -> None:
    value = cascade.value
    if not _SPACE.search(value) is not None or len(value) > MAX_REPAIR:
        return
    if "{" in value and not _SPACE.search(_LIQUID.sub("", value)) is not None:
        return  # blanks inside Liquid tags vanish when Jekyll renders them
    link = cascade.link
    if value.lower().startswith(("mailto:", "tel:")):
        return
    tokens = value.split()
    first, rest = tokens[0], tokens[1:]
    prose = [t for t in rest if re.search(r"[^\W\d_]{2,}", t)]
    if (
        link.kind in (INLINE, IMAGE)
        and not link.angle
        and not link.malformed
        and looks_like_url(first)
        and prose
        and not any("/" in t for t in rest)
        and not _FILE_TOKEN.search(rest[-1])
    ):
        cascade.stage += 1
        stage = cascade.stage
        raw_end = link.dest_end
        report.add(
            "PF106",
            f'words after the URL inside the parentheses: the link points to "{short(value)}"',
            link.dest_start,
            raw_end,
            cascade.render(first) + ")" + value[len(first) :],
            cascade.applicability(UNSAFE),
            stage,
        )
        cascade.stopped = True
        return
    report.add(
        "PF105", f'blank inside the destination "{short(value)}"', link.dest_start, link.dest_end
    )
    cascade.stopped = True


def _after(cascade: Cascade, report: Reporter, https_hosts: set[str]) -> None:
    """Checks on the repaired destination: empty, placeholder, hosts, tracking, http."""
    link = cascade.link
    value = cascade.value
    start, end = link.dest_start, link.dest_end
    if not value:
        if link.image or (link.kind == HTML and link.tag in ("img", "source", "iframe")):
            report.add("PF303", "image without a source", link.start, max(link.end, end))
            cascade.stopped = True
            return
        repaired, safety = _from_text(link.text)
        message = "empty destination: the link reloads the same page"
        if repaired is not None:
            cascade.stage += 1
            report.add(
                "PF301",
                message,
                start,
                end,
                cascade.render(repaired),
                cascade.applicability(safety),
                cascade.stage,
            )
        else:
            report.add("PF301", message, link.start, max(link.end, end))
            cascade.stopped = True
        return
    if value.lower() in _PLACEHOLDERS:
        report.add("PF305", f'placeholder destination "{value}"', start, end)
        cascade.stopped = True
        return
    lowered = value.lower()
    if not lowered.startswith(("http://", "https://")):
        return
    if (link.image or link.kind == FRONT_MATTER or link.tag in ("img", "iframe", "source")) and (
        urls.expiring_host(value)
    ):
        report.add("PF501", f"image on {urls.host_of(value)}, whose URLs expire", start, end)
    tracked = urls.tracking_parameters(value) if "?" in value else []
    if tracked:
        report.add("PF502", "tracking parameters: " + ", ".join(tracked), start, end)
    if lowered.startswith("http://"):
        host = urls.strip_www(urls.host_of(value))
        if host and host in https_hosts:
            cascade.stage += 1
            report.add(
                "PF503",
                f"http:// link to {host}, which is linked with https:// elsewhere",
                start,
                end,
                cascade.render("https://" + value[len("http://") :]),
                cascade.applicability(UNSAFE),
                cascade.stage,
            )


def _from_text(text: str) -> tuple[str | None, str]:
    """A destination the link text spells out: an address or a full URL."""
    core = text.strip().strip("*_`").strip()
    if urls.is_email(core):
        return "mailto:" + core, SAFE
    if re.fullmatch(r"https?://\S+", core, re.IGNORECASE):
        return core, SAFE
    if urls.scheme_less_host(core) is not None and " " not in core:
        return "https://" + core, UNSAFE
    return None, SAFE


# -- syntax and text ------------------------------------------------------------


def check_syntax(link: Link, report: Reporter, text: str) -> None:
    """Constructs the renderer does not turn into links."""
    if link.malformed == SPACED:
        report.add(
            "PF102",
            'blank between "]" and "(": Markdown shows the link as plain text',
            link.gap_start,
            link.gap_end,
            "",
            SAFE,
        )
    elif link.malformed == REVERSED:
        label = text[link.text_start : link.text_end]
        target = text[link.dest_start : link.dest_end]
        report.add(
            "PF103",
            "(text)[url] is written the wrong way round: nothing links",
            link.start,
            link.end,
            f"[{label}]({target})",
            SAFE,
        )
    elif link.malformed == IN_HTML:
        report.add(
            "PF110",
            "Markdown link inside an HTML block: Pelican shows it as text "
            '(write <a href="…"> or add markdown="1" to the block)',
            link.start,
            link.end,
        )
    elif link.malformed == UNDEFINED:
        report.add(
            "PF109",
            f'no definition "[{link.ref}]: …" for this reference link',
            link.start,
            link.end,
        )


def check_text(link: Link, report: Reporter) -> None:
    """Empty link text, missing alternative text."""
    if link.malformed:
        return
    if link.kind in (INLINE, REFERENCE) and not link.image and not link.text.strip():
        report.add("PF302", "link without text: invisible on the page", link.start, link.end)
    elif link.kind in (IMAGE, REFERENCE) and link.image and link.url and not link.text.strip():
        report.add("PF304", "image without alternative text", link.start, link.text_end + 1)
    elif link.kind == HTML and link.tag == "img" and link.alt is None and link.url:
        report.add("PF304", "<img> without an alt attribute", link.start, link.end)


def check_bare(link: Link, report: Reporter) -> None:
    report.add(
        "PF209",
        f'"{short(link.url)}" is plain text, not a link: write <{link.url}> to link it',
        link.dest_start,
        link.dest_end,
    )


def repairs_destination(link: Link) -> bool:
    """Does the cascade apply to this kind of link?"""
    return link.kind in (INLINE, IMAGE, DEFINITION, AUTOLINK, AUTOMAIL, HTML, FRONT_MATTER) and (
        link.malformed not in (UNDEFINED, IN_HTML)
    )
