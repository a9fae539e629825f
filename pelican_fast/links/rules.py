"""The rule catalogue: one entry per defect, with a stable code.

Codes never change meaning (like ruff's): PF1 malformed syntax, PF2 URL form,
PF3 empty links, PF4 links inside the site, PF5 hosts and hygiene, PF0 files.
A severity says what happens to a reader: ``error``, the link does not work;
``warning``, it works badly or will rot; ``info``, style. A fix is ``safe``
when it keeps the author's meaning (applied by ``--fix`` and by the build),
``unsafe`` when it is a likely guess (applied with ``--unsafe-fixes`` only),
and absent when the right destination cannot be derived from the text.

The documentation pages in docs/rules/ are generated from this module
(``python -m pelican_fast.links.rules docs/rules``) and a test keeps them in step.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from pelican_fast.links.model import ERROR, INFO, SAFE, UNSAFE, WARNING


@dataclass(frozen=True)
class Rule:
    code: str
    name: str
    severity: str
    fix: str | None  # SAFE, UNSAFE or None (report only)
    summary: str  # what it finds, one sentence
    why: str  # why it matters
    bad: str  # Markdown that triggers it
    good: str | None  # the same after the fix (None: no automatic fix)
    fix_note: str = ""  # when the fix is offered, if not always
    default: bool = True  # selected when no --select is given


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
        "PF101",
        "stray-character-in-destination",
        ERROR,
        SAFE,
        "A stray `(`, `<`, `[`, quote or list marker (`1. `) glued to a destination.",
        "Python-Markdown keeps the character: `[x](<(https://a.fr>)` links to `(https://a.fr`, "
        "a relative address that does not exist.",
        "[En savoir plus](<(https://beta.gouv.fr/startups/lapins.html>)",
        "[En savoir plus](https://beta.gouv.fr/startups/lapins.html)",
        "The fix is offered when what remains is a URL, an e-mail address or a path.",
    ),
    Rule(
        "PF102",
        "space-before-destination",
        ERROR,
        SAFE,
        "A blank between `]` and `(`: `[text] (https://…)`.",
        "Markdown needs the parenthesis right after the bracket; with a blank both halves are "
        "shown as plain text and there is no link.",
        "[le site] (https://beta.gouv.fr)",
        "[le site](https://beta.gouv.fr)",
        "Only when the parenthesis holds a URL or an e-mail address.",
    ),
    Rule(
        "PF103",
        "reversed-link",
        ERROR,
        SAFE,
        "The two halves of a link written the wrong way round: `(text)[https://…]`.",
        "Nothing links: the reader sees brackets and parentheses.",
        "(le site)[https://beta.gouv.fr]",
        "[le site](https://beta.gouv.fr)",
        "Only when the brackets hold a URL or an e-mail address.",
    ),
    Rule(
        "PF104",
        "unclosed-destination",
        ERROR,
        UNSAFE,
        "`[text](https://…` with no closing parenthesis.",
        "Markdown shows the whole construct as text.",
        "Voir [le site](https://beta.gouv.fr pour tout savoir.",
        "Voir [le site](https://beta.gouv.fr) pour tout savoir.",
        "Unsafe: the parenthesis is placed right after the URL, where it was most likely meant.",
    ),
    Rule(
        "PF105",
        "space-in-destination",
        WARNING,
        None,
        "A destination with unescaped blanks (`/img/ma photo.jpg`).",
        "Python-Markdown accepts it and browsers usually encode the blank, but other Markdown "
        "parsers and many tools do not; such files are better renamed.",
        "![Affiche](/img/ma photo.jpg)",
        None,
    ),
    Rule(
        "PF106",
        "text-in-destination",
        ERROR,
        UNSAFE,
        "Words after the URL inside the parentheses: a `)` is missing after the URL.",
        "Python-Markdown reads up to a later `)` and links to `https://a.fr et la suite`, "
        "which does not exist; the words vanish from the page.",
        "([voir ici](https://beta.gouv.fr et la suite)",
        "([voir ici](https://beta.gouv.fr) et la suite)",
        "Unsafe: the parenthesis is placed right after the URL.",
    ),
    Rule(
        "PF107",
        "markup-in-destination",
        ERROR,
        SAFE,
        "Emphasis or a whole Markdown link inside a destination: `(**a@b.fr**)`, `(*https://…*)`.",
        "The asterisks become part of the address.",
        "[écrivez-nous](**contact@beta.gouv.fr**)",
        "[écrivez-nous](mailto:contact@beta.gouv.fr)",
    ),
    Rule(
        "PF108",
        "broken-html-attribute",
        ERROR,
        SAFE,
        "Smart quotes or backslashes glued to a URL in an HTML attribute.",
        'With `href=”https://a.fr”` or `href=\\"https://a.fr\\"` the quotes belong to the '
        "address (or the tag is shown as text): the link goes nowhere.",
        "<a href=”https://beta.gouv.fr”>le site</a>",
        '<a href="https://beta.gouv.fr">le site</a>',
        "The fix is offered when the URL itself is intact.",
    ),
    Rule(
        "PF109",
        "undefined-reference",
        ERROR,
        None,
        "A reference link `[text][id]` whose `[id]: url` definition is missing.",
        "Markdown shows it as plain text with its brackets.",
        "Voir [le rapport][1].",
        None,
    ),
    Rule(
        "PF110",
        "markdown-in-html-block",
        WARNING,
        None,
        "A Markdown link inside a raw HTML block (`<div>`…`</div>`).",
        "Python-Markdown does not read Markdown inside HTML blocks (kramdown may have, with "
        "`parse_block_html`): Pelican shows the brackets and parentheses as text.",
        '<div class="encart">\n[Candidater](https://www.demarches-simplifiees.fr/fast)\n</div>',
        None,
        'Write `<a href="…">` or add `markdown="1"` to the block.',
    ),
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
        None,
        "A URL in plain text.",
        "Python-Markdown (Pelican) does not turn bare URLs into links: the reader must copy "
        "it. Write `<https://…>` or `[text](https://…)`.",
        "Toutes les infos sur https://beta.gouv.fr.",
        None,
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
    Rule(
        "PF301",
        "empty-destination",
        ERROR,
        SAFE,
        'A link with an empty destination: `[text]()`, `[text](<>)`, `href=""`.',
        "An empty destination reloads the same page.",
        "[fast@beta.gouv.fr]()",
        "[fast@beta.gouv.fr](mailto:fast@beta.gouv.fr)",
        "Only when the link text is itself an e-mail address or a URL; otherwise report only.",
    ),
    Rule(
        "PF302",
        "empty-link-text",
        WARNING,
        None,
        "A link with no text: `[](https://…)`.",
        "The link is invisible on the page and silent for screen readers.",
        "[](https://beta.gouv.fr)",
        None,
    ),
    Rule(
        "PF303",
        "empty-image-source",
        ERROR,
        None,
        'An image with no source: `![]()`, `<img src="">`.',
        "The browser shows a broken image (and requests the page itself again).",
        "![]()",
        None,
        "In the built site the empty image is left out of the page (it could only show a "
        "broken image); the source keeps it, for an author to add the picture.",
    ),
    Rule(
        "PF304",
        "missing-alt-text",
        WARNING,
        None,
        "An image without alternative text.",
        "Screen readers announce the file name or nothing (RGAA 1.1); the text is also what "
        "shows when the image fails.",
        "![](/img/posts/laureats.jpg)",
        None,
    ),
    Rule(
        "PF305",
        "placeholder-destination",
        ERROR,
        None,
        "A destination left as a placeholder: `#`, `https://`, `url`, `lien`, `TODO`.",
        "The link was never filled in.",
        "[le dossier](#)",
        None,
    ),
    Rule(
        "PF401",
        "unknown-site-page",
        ERROR,
        UNSAFE,
        "A link to the site itself (its own domain or an absolute path) where no post is.",
        "Jekyll builds a post's URL from its front-matter date and categories, not from the "
        "file name: a link copied from the file name, or written by hand, often misses.",
        "[la FAQ](https://blog.beta.gouv.fr/2019/04/19/faq/)",
        "[la FAQ](https://blog.beta.gouv.fr/dinsic/fast/2019/04/19/faq/)",
        "Unsafe: offered when exactly one post has the link's slug.",
    ),
    Rule(
        "PF402",
        "own-domain-absolute",
        INFO,
        SAFE,
        "An absolute link to the site's own domain that could be relative.",
        "Absolute links break when the blog moves (a new domain, a preview deployment).",
        "[la FAQ](https://blog.beta.gouv.fr/dinsic/fast/2019/04/19/faq/)",
        "[la FAQ](/dinsic/fast/2019/04/19/faq/)",
        default=False,
    ),
    Rule(
        "PF403",
        "missing-file",
        ERROR,
        UNSAFE,
        "A path to a file of the site (`/img/…`, `../img/…`, `{static}…`) that does not exist.",
        "The image or document is missing from the site: a typo, a renamed file, a case or "
        "accent difference that a case-insensitive laptop hid.",
        "![Affiche](/img/posts/Affiche-1.JPG)",
        "![Affiche](/img/posts/affiche.jpg)",
        "Unsafe: offered when exactly one file matches once case, accents, blanks and "
        "`-1` suffixes are ignored.",
    ),
    Rule(
        "PF404",
        "unknown-post-url",
        ERROR,
        UNSAFE,
        "A `{% post_url %}` naming no post.",
        "Jekyll stops the build; Pelican leaves the tag in the page.",
        "[la FAQ]({% post_url 2019-04-18-faq %})",
        "[la FAQ]({% post_url 2019-04-19-faq %})",
        "Unsafe: offered when exactly one post has the same slug.",
    ),
    Rule(
        "PF501",
        "expiring-image-host",
        WARNING,
        None,
        "An image on a host whose URLs expire (googleusercontent, LinkedIn and Facebook CDNs, "
        "Slack or Discord attachments).",
        "The image disappears weeks later; copy it into the site.",
        "![](https://lh3.googleusercontent.com/abc=w600)",
        None,
    ),
    Rule(
        "PF502",
        "tracking-parameters",
        INFO,
        None,
        "Tracking parameters in a URL (`utm_*`, `fbclid`, `gclid`, `xtor`…).",
        "They follow readers across sites and make the same page look like many.",
        "[le site](https://beta.gouv.fr/?utm_source=newsletter)",
        None,
    ),
    Rule(
        "PF503",
        "insecure-http",
        WARNING,
        UNSAFE,
        "An `http://` link to a host the same post (or the site) links to with `https://`.",
        "The host serves HTTPS; plain HTTP exposes readers and is often redirected.",
        "[a](https://beta.gouv.fr/a) et [b](http://beta.gouv.fr/b)",
        "[a](https://beta.gouv.fr/a) et [b](https://beta.gouv.fr/b)",
    ),
    # -- PF9xx: external links, found by `pelican-fast check` over HTTP ----------
    Rule(
        "PF901",
        "dead-link",
        ERROR,
        None,
        "An external link whose page answers 404, 410 or another client error, or a persistent "
        "500, or whose host no longer exists.",
        "Readers land on an error page: the site, the page or the form is gone.",
        "[le budget](https://www.assemblee-nationale.fr/15/budget/plf2019/ancienne-page.asp)",
        None,
    ),
    Rule(
        "PF902",
        "moved-permanently",
        WARNING,
        UNSAFE,
        "An external link answered by a permanent redirect (301, 308) to a working page.",
        "It works today through the redirect, which the other site may drop; the new address "
        "is the one to keep. Unsafe: the redirect could be a temporary mistake of that site.",
        "[le guide](http://beta.gouv.fr/guide)",
        "[le guide](https://beta.gouv.fr/guide/)",
    ),
    Rule(
        "PF903",
        "redirect-to-login",
        WARNING,
        None,
        "An external link that now lands on a login page.",
        "Readers cannot see the page; it was probably made private.",
        "[le tableau](https://docs.example.org/spreadsheet/d/abc)",
        None,
    ),
    Rule(
        "PF904",
        "redirect-to-parking",
        WARNING,
        None,
        "An external link whose domain now looks parked or for sale.",
        "The service closed and its domain was taken: the link now advertises something else.",
        "[le service](https://ancien-service.fr)",
        None,
    ),
    Rule(
        "PF905",
        "redirect-to-home",
        WARNING,
        None,
        "A deep external link that now lands on the site's home page.",
        "The page was removed; readers do not find what the post promised.",
        "[le rapport](https://www.numerique.gouv.fr/publications/rapport-2019/)",
        None,
    ),
    Rule(
        "PF906",
        "missing-anchor",
        WARNING,
        None,
        "A `#fragment` that is no id or name of the target page (with `check --fragments`).",
        "The page opens at its top instead of the section the post points to.",
        "[les critères](https://beta.gouv.fr/guide#criteres-disparus)",
        None,
    ),
    Rule(
        "PF910",
        "rate-limited",
        WARNING,
        None,
        "The site kept answering 429 Too Many Requests: the link was not checked.",
        "Unknown, not dead: `check` exits 3 when only such results remain.",
        "[profil](https://www.linkedin.com/company/betagouv)",
        None,
    ),
    Rule(
        "PF911",
        "timeout",
        WARNING,
        None,
        "No answer within the timeout, after retries.",
        "Unknown, not dead: a slow site or network.",
        "[le site](https://lent.example.org)",
        None,
    ),
    Rule(
        "PF912",
        "network-error",
        WARNING,
        None,
        "Connection refused or reset, TLS or DNS trouble.",
        "Unknown, not dead, unless other hosts resolved in the same run and this one did not.",
        "[le site](https://injoignable.example.org)",
        None,
    ),
    Rule(
        "PF913",
        "access-denied",
        WARNING,
        None,
        "The site answers 401 or 403: a login, or robots are refused.",
        "Unknown: the page may work for a person in a browser.",
        "[le document](https://intranet.example.gouv.fr/doc)",
        None,
    ),
    Rule(
        "PF914",
        "server-unavailable",
        WARNING,
        None,
        "502, 503 or 504 that persisted after retries.",
        "Unknown: the site is down now, maybe not tomorrow.",
        "[le site](https://en-maintenance.example.org)",
        None,
    ),
    Rule(
        "PF915",
        "not-checked",
        WARNING,
        None,
        "A link still waiting for its answer when the run's deadline (`check --deadline`) "
        "passed: it was not checked.",
        "Unknown, not dead: the run stopped on time instead of waiting for slow sites. "
        "`check` exits 3 when only such results remain; the next run (or a longer deadline) "
        "checks it.",
        "[le site](https://tres-lent.example.org)",
        None,
    ),
)

# Codes found over HTTP by `pelican-fast check`, never by the Markdown engine.
EXTERNAL_PREFIX = "PF9"

BY_CODE: dict[str, Rule] = {rule.code: rule for rule in RULES}


def severity(code: str) -> str:
    return BY_CODE[code].severity


class Selection:
    """Which codes run, from ``select`` and ``ignore`` lists of codes or prefixes."""

    def __init__(self, select: Iterable[str] = (), ignore: Iterable[str] = ()) -> None:
        chosen = [s.strip().upper() for s in select if s.strip()]
        ignored = [s.strip().upper() for s in ignore if s.strip()]
        codes: set[str] = set()
        for rule in RULES:
            picked = any(_matches(rule.code, i) for i in chosen) if chosen else rule.default
            if picked and not any(_matches(rule.code, item) for item in ignored):
                codes.add(rule.code)
        self.codes = frozenset(codes)

    def __contains__(self, code: object) -> bool:
        return code in self.codes


def _matches(code: str, item: str) -> bool:
    return item == "ALL" or code.startswith(item)


def unknown_codes(items: Iterable[str]) -> list[str]:
    """Items that select no rule at all (a typo in --select or a suppression)."""
    return [
        item
        for item in items
        if item.strip() and not any(_matches(rule.code, item.strip().upper()) for rule in RULES)
    ]


# -- documentation -----------------------------------------------------------


def _fence(text: str) -> str:
    fence = "````" if "```" in text else "```"
    return f"{fence}markdown\n{text}\n{fence}"


def rule_page(rule: Rule) -> str:
    """docs/rules/<CODE>.md for one rule."""
    if rule.fix == SAFE:
        safety = "**safe**: applied by `pelican-fast lint --fix` and, in memory, by the build."
    elif rule.fix == UNSAFE:
        safety = "**unsafe**: applied only with `pelican-fast lint --fix --unsafe-fixes`."
    else:
        safety = "none: the right destination cannot be derived from the text; reported only."
    lines = [
        f"# {rule.code} `{rule.name}`",
        "",
        f"Severity: **{rule.severity}**" + ("" if rule.default else " (not selected by default)"),
        "",
        "## What it finds",
        "",
        rule.summary,
        "",
        "## Why",
        "",
        rule.why,
        "",
        "## Example",
        "",
        _fence(rule.bad),
        "",
    ]
    if rule.good is not None:
        lines += ["Fixed:", "", _fence(rule.good), ""]
    lines += ["## Fix", "", safety]
    if rule.fix_note:
        lines += ["", rule.fix_note]
    lines += [
        "",
        "## Silence it",
        "",
        f"`<!-- pelican-fast: disable-next-line {rule.code} -->` on the line before, "
        f'or `ignore = ["{rule.code}"]` in `[tool.pelican-fast]`.',
        "",
    ]
    return "\n".join(lines)


def index_page() -> str:
    """docs/rules/README.md: the table of every rule."""
    lines = [
        "# Link rules",
        "",
        "Generated from `pelican_fast/links/rules.py` "
        "(`python -m pelican_fast.links.rules docs/rules`).",
        "",
        "| Code | Name | Severity | Fix |",
        "| --- | --- | --- | --- |",
    ]
    for rule in RULES:
        fix = rule.fix or "—"
        name = rule.name + ("" if rule.default else " (opt-in)")
        lines.append(f"| [{rule.code}]({rule.code}.md) | `{name}` | {rule.severity} | {fix} |")
    return "\n".join(lines) + "\n"


def pages() -> dict[str, str]:
    """File name -> content of every generated documentation page."""
    result = {f"{rule.code}.md": rule_page(rule) for rule in RULES}
    result["README.md"] = index_page()
    return result


def write_docs(folder: str) -> None:
    target = Path(folder)
    target.mkdir(parents=True, exist_ok=True)
    for name, text in pages().items():
        (target / name).write_text(text, encoding="utf-8")


if __name__ == "__main__":  # pragma: no cover
    write_docs(sys.argv[1] if len(sys.argv) > 1 else "docs/rules")
