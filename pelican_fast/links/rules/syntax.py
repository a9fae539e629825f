"""PF1: malformed Markdown and HTML link syntax (the renderer shows text, or a wrong address).

Declarations and checks: stray characters and markup glued to a destination
(cascade steps), an unclosed destination and broken HTML attributes (first phase
of the cascade), blanks inside a destination (after the steps), and constructs
the renderer does not turn into links at all (``check_syntax``).
"""

from __future__ import annotations

import re

from pelican_fast.links.model import (
    ERROR,
    HTML,
    IMAGE,
    IN_HTML,
    IN_PARAGRAPH,
    INLINE,
    INVALID_TAG,
    REVERSED,
    SAFE,
    SPACED,
    UNCLOSED,
    UNDEFINED,
    UNSAFE,
    WARNING,
    Link,
)
from pelican_fast.links.rules.base import (
    FILE_TOKEN,
    LIQUID,
    MAX_REPAIR,
    SPACE,
    Cascade,
    Reporter,
    Rule,
    Step,
    StepResult,
    balanced,
    destination_like,
    needs_angle,
    short,
)
from pelican_fast.links.urls import looks_like_url

RULES: tuple[Rule, ...] = (
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
        "The fix is offered when what remains is a URL, an e-mail address or a path. A "
        '`"> "` splitting a URL (`https://github.com/18F/> data-validator`, a quote mark left '
        "by a mail or a wrapped paste) is removed by an unsafe fix that joins the two halves.",
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
        "Unsafe: the parenthesis is placed right after the URL, where it was most likely meant; "
        "sentence punctuation right after the URL (`.`, `,`, `;`, `:`, `!`, `?`) stays outside, "
        "as GitHub's autolinker leaves it: `[x](https://a.fr/b/.` becomes `[x](https://a.fr/b/).`",
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
        "Typographic quotes, backslashes or an unclosed quote around the URL of an HTML "
        "attribute, or a tag Markdown shows as text (ended by an escaped `\\>`, or, with "
        "kramdown, a block tag such as `<iframe>` inside a paragraph).",
        'With `href=”https://a.fr”` or `href=\\"https://a.fr\\"` the quotes belong to the '
        "address (or the tag is shown as text): the link goes nowhere.",
        "<a href=”https://beta.gouv.fr”>le site</a>",
        '<a href="https://beta.gouv.fr">le site</a>',
        "The fix (proper quotes) is offered when the URL itself is intact. When typographic "
        "quotes garble an `<a>` that Markdown shows as text and that has only `href`, `target` "
        "and `rel` and plain text, `--unsafe-fixes` rewrites it as `[text](url)` instead.",
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
)

_MARKUP = re.compile(r"^(\*\*|__|\*|_|`)([^\s*_`](?:.*[^\s*_`])?)\1$", re.DOTALL)
_MARKDOWN_LINK = re.compile(r"^\[[^\]]*\]\(\s*<?([^\s()<>]+)>?\s*\)$")
_LIST_MARKER = re.compile(r"^(?:\d{1,2}[.)]|[-*+•])\s+(?=\S)")
_OPENERS = "<\"'“”‘’«‹„"
_CLOSERS = ">\"'“”‘’»›"


def step_markup(value: str, link: Link) -> StepResult | None:
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


def step_stray(value: str, link: Link) -> StepResult | None:
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
                    and balanced(core[1:-1], opening, closing)
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


# "https://github.com/18F/> data-validator": a quote mark ("> ") that a mail or a
# wrapped paste put inside the URL; what follows it is the rest of the URL.
_QUOTE_BREAK = re.compile(r"([^\s>]+)>[ \t]+([\w./#?=&%+~-]+)")


def step_quote_break(value: str, link: Link) -> StepResult | None:
    if len(value) > MAX_REPAIR or ">" not in value:
        return None
    matched = _QUOTE_BREAK.fullmatch(value)
    if matched is None or not looks_like_url(matched.group(1)):
        return None
    head, tail = matched.groups()
    if not head.endswith(("/", "-", "_", "=")):
        return None
    return (
        f'stray "> " splits the URL "{short(value)}": the rest of the address follows it',
        head + tail,
        UNSAFE,
    )


STEPS: tuple[Step, ...] = (
    Step("PF101", step_stray, order=10),
    Step("PF101", step_quote_break, order=15),
    Step("PF107", step_markup, order=20),
)


def check_unclosed(cascade: Cascade, report: Reporter) -> None:
    """PF104: ``[text](https://…`` with no closing parenthesis (the first repair)."""
    link = cascade.link
    if link.malformed != UNCLOSED:
        return
    cascade.unsafe = True
    cascade.stage += 1
    report.add(
        "PF104",
        f'no ")" closes the destination "{short(link.url)}": Markdown shows it as text',
        link.dest_start,
        link.dest_end,
        cascade.render(cascade.value),
        UNSAFE,
        cascade.stage,
    )


def check_html_attribute(cascade: Cascade, report: Reporter) -> None:
    """PF108: quotes glued to the URL of an HTML attribute, or a tag shown as text."""
    link = cascade.link
    if link.kind != HTML:
        return
    glued = _glued_quotes(link.url)
    if glued is None and link.malformed not in (INVALID_TAG, IN_PARAGRAPH):
        return
    start, end = link.dest_start, link.dest_end
    cascade.requote = True
    cascade.stage += 1
    message, garbled = _attribute_message(link, glued)
    if glued is not None and destination_like(glued):
        cascade.value = glued
        rendered = cascade.render(glued)
        applicability = cascade.applicability(SAFE)
        text = report.text
        if garbled and link.malformed == INVALID_TAG and link.element_end > 0 and text:
            # Shown as text: the Markdown link people write instead, as the unsafe fix.
            target = f"<{glued}>" if needs_angle(glued) else glued
            report.add(
                "PF108",
                message + f" (--unsafe-fixes writes [{link.text}]({short(glued, 40)}))",
                link.start,
                link.element_end,
                text[link.start : start] + rendered + text[end : link.element_end],
                applicability,
                cascade.stage,
                unsafe_replacement=f"[{link.text}]({target})",
            )
            return
        report.add("PF108", message, start, end, rendered, applicability, cascade.stage)
    else:
        report.add("PF108", message, start, end)
        cascade.stopped = True


_TYPOGRAPHIC = "“”„‟″«»‘’"


def _glued_quotes(value: str) -> str | None:
    """``”https://a.fr”`` or ``\\"https://a.fr\\"`` -> ``https://a.fr``."""
    junk = "\\\"'“”„‟″«»‘’"
    if value[:1] in junk or value[-1:] in junk:
        core = value.strip(junk).strip()
        return core if core and core != value else None
    return None


def _attribute_message(link: Link, glued: str | None) -> tuple[str, bool]:
    """What is wrong with the attribute, as the author sees it; and whether the tag is
    garbled by typographic quotes (as web editors paste them) rather than missing or
    escaping one quote: only then is the Markdown rewrite offered."""
    if glued is None and link.malformed == IN_PARAGRAPH:
        return (
            f"<{link.tag}> inside a paragraph is shown as text: put it on a line of its own",
            False,
        )
    if glued is None:
        return f"<{link.tag}> is not valid HTML for Markdown and is shown as text", False
    shown = "; Markdown shows the tag as text" if link.malformed == INVALID_TAG else ""
    value = link.url
    where = f'{link.attr}="{short(glued)}" of <{link.tag}>'
    ends = value[:1] + value[-1:]
    if any(char in _TYPOGRAPHIC for char in ends):
        return f"typographic quotes around {where}: the link goes nowhere{shown}", True
    if "\\" in value[:2] + value[-2:]:
        return f"backslash-escaped quotes around {where}: the link goes nowhere{shown}", False
    if not link.quote and value[:1] in "\"'" and value[-1:] != value[:1]:
        return f"the quote opened in {where} is never closed (no {value[0]} before >){shown}", False
    return f"quotes glued to the URL in {where}: the link goes nowhere{shown}", False


def check_whitespace(cascade: Cascade, report: Reporter) -> None:
    """PF105/PF106: blanks inside a destination, or words a missing ")" let in."""
    value = cascade.value
    if not SPACE.search(value) is not None or len(value) > MAX_REPAIR:
        return
    if "{" in value and not SPACE.search(LIQUID.sub("", value)) is not None:
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
        and not FILE_TOKEN.search(rest[-1])
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
