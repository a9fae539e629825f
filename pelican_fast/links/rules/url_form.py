"""PF2: the form of a URL (schemes, e-mail addresses, hosts, redirectors, embeds).

Each rule is a step of the repair cascade (``links/cascade.py``), declared here
with its place in the order; PF209 (a URL in plain text) is reported on its own.
"""

from __future__ import annotations

import re

from pelican_fast.links import urls
from pelican_fast.links.model import ERROR, HTML, SAFE, UNSAFE, WARNING, Link
from pelican_fast.links.rules.base import Reporter, Rule, Step, StepResult, short

RULES: tuple[Rule, ...] = (
    Rule(
        "PF201",
        "space-after-scheme",
        ERROR,
        SAFE,
        "A blank after `mailto:` or `https://`.",
        "`mailto: a@b.fr` becomes `mailto:%20a@b.fr`: mail programs see an address starting "
        "with a blank.",
        "[fast@beta.gouv.fr](<mailto: fast@beta.gouv.fr>)",
        "[fast@beta.gouv.fr](mailto:fast@beta.gouv.fr)",
    ),
    Rule(
        "PF202",
        "email-without-mailto",
        ERROR,
        SAFE,
        "An e-mail address used as a destination without `mailto:`.",
        "Without the scheme the browser looks for a page named after the address, relative "
        "to the post.",
        "[écrivez-nous](contact@beta.gouv.fr)",
        "[écrivez-nous](mailto:contact@beta.gouv.fr)",
        "Also for `mailto;`, `mailto//` and `mailto` glued to the address; a misspelt scheme "
        "(`maito:`) is fixed as unsafe.",
    ),
    Rule(
        "PF203",
        "missing-scheme",
        ERROR,
        UNSAFE,
        "A host name without `https://`: `(www.pix.fr)`, `(pix.fr/actu)`.",
        "Without a scheme the browser reads a path relative to the post: "
        "`/2019/12/03/post/www.pix.fr`.",
        "[Pix](www.pix.fr)",
        "[Pix](https://www.pix.fr)",
        "Unsafe: `https://` is a guess (the link text's own scheme is used when it shows one).",
    ),
    Rule(
        "PF204",
        "host-without-tld",
        ERROR,
        UNSAFE,
        "A host with no top-level domain: `https://mes-aides`.",
        "No such host exists on the Internet.",
        "[mes-aides.gouv.fr](https://mes-aides)",
        "[mes-aides.gouv.fr](https://mes-aides.gouv.fr)",
        "Only when the link text names the full host; otherwise report only.",
    ),
    Rule(
        "PF205",
        "doubled-scheme",
        ERROR,
        SAFE,
        "A scheme written twice: `https://https://…`, `http://mailto:…`.",
        "Typically a URL pasted after a pre-filled `https://`; the host becomes `https`.",
        "[le site](https://https://beta.gouv.fr)",
        "[le site](https://beta.gouv.fr)",
    ),
    Rule(
        "PF206",
        "malformed-scheme",
        ERROR,
        SAFE,
        "A scheme with a wrong separator or spelling: `https//`, `https:/`, `htps://`.",
        "`https//a.fr` is a relative path; `htps://` an unknown scheme.",
        "[le site](https//beta.gouv.fr)",
        "[le site](https://beta.gouv.fr)",
        "A misspelt scheme (`htps`, `htpp`) is fixed as unsafe.",
    ),
    Rule(
        "PF207",
        "redirect-wrapper",
        WARNING,
        SAFE,
        "A link wrapped by a redirector (Google, Facebook, Slack, LinkedIn, Outlook safe links).",
        "The wrapper leaks the reader to a third party, shows interstitials and often expires; "
        "the real destination is inside it.",
        "[le rapport](https://www.google.com/url?q=https://beta.gouv.fr/rapport&sa=D)",
        "[le rapport](https://beta.gouv.fr/rapport)",
    ),
    Rule(
        "PF208",
        "youtube-watch-in-iframe",
        ERROR,
        SAFE,
        "A YouTube `watch` URL as an `<iframe src>`.",
        "YouTube refuses to be framed on its watch pages: the frame stays empty. "
        "Embeds use `/embed/ID`.",
        '<iframe src="https://www.youtube.com/watch?v=dQw4w9WgXcQ"></iframe>',
        '<iframe src="https://www.youtube.com/embed/dQw4w9WgXcQ"></iframe>',
    ),
    Rule(
        "PF209",
        "bare-url",
        WARNING,
        UNSAFE,
        "A URL in plain text.",
        "Python-Markdown (Pelican) does not turn bare URLs into links: the reader must copy "
        "it. Write `<https://…>` or `[text](https://…)`.",
        "Toutes les infos sur https://beta.gouv.fr.",
        "Toutes les infos sur <https://beta.gouv.fr>.",
        "Unsafe (the author may have wanted the address shown, not linked): the URL becomes an "
        "autolink `<https://…>`, which shows the same text; `www.x.fr` becomes "
        "`[www.x.fr](https://www.x.fr)` (the scheme is a guess). A URL alone in parentheses "
        "after a name, `LexImpact (https://…)`, becomes `[LexImpact](https://…)`: the name is "
        "the word before the parenthesis, or up to three capitalised words "
        "(`Mon Entreprise (https://…)`). Sentence punctuation after the URL stays outside.",
    ),
    Rule(
        "PF210",
        "local-destination",
        ERROR,
        None,
        "A destination on the author's computer: `file:`, `C:\\…`, `localhost`.",
        "It only ever worked on the machine where the post was written.",
        "[le compte rendu](file:///C:/Users/marie/Documents/cr.pdf)",
        None,
    ),
)

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


def step_space_after_scheme(value: str, link: Link) -> StepResult | None:
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


def step_doubled(value: str, link: Link) -> StepResult | None:
    core = value
    while True:
        matched = _DOUBLED.match(core)
        if not matched or matched.end() == 0:
            break
        core = core[matched.end() :]
    if core == value:
        return None
    return f'scheme written twice in "{short(value)}"', core, SAFE


def step_separator(value: str, link: Link) -> StepResult | None:
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


def step_email(value: str, link: Link) -> StepResult | None:
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


def step_local(value: str, link: Link) -> StepResult | None:
    if urls.is_local(value):
        return f'"{short(value)}" only exists on the computer it was written on', None, SAFE
    return None


def step_missing_scheme(value: str, link: Link) -> StepResult | None:
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


def step_host_without_tld(value: str, link: Link) -> StepResult | None:
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


def step_redirect(value: str, link: Link) -> StepResult | None:
    inner = urls.unwrap_redirect(value)
    if inner is None:
        return None
    host = urls.host_of(value)
    return f"link wrapped by the {host} redirector", inner, SAFE


def step_youtube(value: str, link: Link) -> StepResult | None:
    if link.kind != HTML or link.tag != "iframe":
        return None
    embed = urls.youtube_embed(value)
    if embed is None:
        return None
    return "a YouTube watch page cannot be framed: embeds use /embed/", embed, SAFE


# In cascade order; `plain`: also run on a destination that is already a plain URL or path.
STEPS: tuple[Step, ...] = (
    Step("PF201", step_space_after_scheme, order=30),
    Step("PF205", step_doubled, order=40),
    Step("PF206", step_separator, order=50),
    Step("PF202", step_email, order=60),
    Step("PF210", step_local, order=70),
    Step("PF203", step_missing_scheme, order=80),
    Step("PF204", step_host_without_tld, order=90),
    Step("PF207", step_redirect, order=100, plain=True),
    Step("PF208", step_youtube, order=110, plain=True),
)


def check_bare(link: Link, report: Reporter) -> None:
    """PF209, with the link people write instead as an unsafe fix."""
    url = link.url
    named = _named(link, report.text)
    if named is not None:
        start, name = named
        replacement = f"[{name}]({url})"
        report.add(
            "PF209",
            f'"{short(url)}" is plain text, not a link: --unsafe-fixes writes {replacement}',
            start,
            link.dest_end + 1,
            replacement,
            UNSAFE,
        )
        return
    after = report.text[link.dest_end : link.dest_end + 1] if report.text else ""
    if after and not (after.isspace() or after in _AFTER_URL):
        # "https://a.fr/x> suite": where the URL ends is unclear, so nothing is rewritten.
        report.add(
            "PF209", f'"{short(url)}" is plain text, not a link', link.dest_start, link.dest_end
        )
        return
    www = url[:4].lower() == "www."
    replacement = f"[{url}](https://{url})" if www else f"<{url}>"
    report.add(
        "PF209",
        f'"{short(url)}" is plain text, not a link: write {replacement} to link it',
        link.dest_start,
        link.dest_end,
        replacement,
        UNSAFE,
    )


_AFTER_URL = frozenset(".,;:!?)]'\"»”’*_")
_NAME_WINDOW = 120  # characters before "(" where the name is looked for
_WORD = re.compile(r"\w(?:[\w'’&.-]*\w)?")


def _named(link: Link, text: str) -> tuple[int, str] | None:
    """``LexImpact (https://…)``: where the name starts and the name, when a URL alone in
    parentheses follows one word or up to three capitalised words."""
    start, end = link.dest_start, link.dest_end
    if not text or start < 2 or text[start - 1] != "(" or text[end : end + 1] != ")":
        return None
    if not link.url.lower().startswith(("http://", "https://")):
        return None
    before = text[max(0, start - 1 - _NAME_WINDOW) : start - 1]
    line = before.rsplit("\n", 1)[-1]
    stripped = line[:-1] if line.endswith((" ", "\t")) else line
    if not stripped or stripped[-1].isspace():
        return None
    words = stripped.split()
    if not words or not all(_WORD.fullmatch(word) for word in words[-1:]):
        return None
    if words[-1][0].isupper():
        count = 1
        while (
            count < min(3, len(words))
            and _WORD.fullmatch(words[-count - 1])
            and words[-count - 1][0].isupper()
        ):
            count += 1
        chosen = words[-count:]
    elif len(words[-1]) >= 3:
        chosen = words[-1:]
    else:
        return None
    name = " ".join(chosen)
    # The name's own spacing is kept: find it at the end of the line.
    position = stripped.rfind(chosen[0], 0, len(stripped) - len(chosen[-1]) + len(chosen[0]))
    if position < 0 or " ".join(stripped[position:].split()) != name:
        return None
    if position > 0 and not stripped[position - 1].isspace():
        return None
    name = stripped[position:]
    return start - 1 - len(line) + position, name
