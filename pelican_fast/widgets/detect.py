"""Find laureate announcements written as prose in a Markdown post, and the laureates they list.

A post is looked at only if it says "lauréat" somewhere (a cheap text test:
most posts cost a regular-expression search and nothing else). Then:

1. triggers: a heading or sentence that announces laureates ("Les 5 lauréats
   du FAST 3", "a retenu 4 lauréats :"), not one that talks about future,
   past or would-be laureates ("les lauréats seront…", "devenir lauréat",
   "les anciens lauréats"). In a post whose title announces laureates, a
   sentence such as "le comité a sélectionné :" is a trigger too;
2. the list, paragraphs, sections or table that follow the trigger (after
   at most two short introductory blocks) are read entry by entry
   (``widgets.entries``); the run stops at the first block that does not
   read as a laureate;
3. a run counts only if it has at least two laureates (one if the trigger
   says "1 lauréat"/"le lauréat"), and plain-text names only right after
   the trigger: when unsure, the prose is left alone.

Sub-groups ("### Ministère des Armées" followed by a list) and a sponsor
named once for the whole list ("Incubés à la Fabrique numérique.") are
applied to every laureate of the group. No Pelican import.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from pelican_fast.core import markers
from pelican_fast.widgets import entries, prose
from pelican_fast.widgets.laureates import Laureate, parse_edition

LAUREATE_WORD = re.compile(r"laur(?:é|e|&eacute;|É|E)at", re.IGNORECASE)
MARKER = markers.LAUREATES_DETECTED

_NEGATIVE = re.compile(
    r"\b(?:seront|sera|serez|serons|pourront|pourra|pourrez|devront|devra|recevront|recevra"
    r"|b[ée]n[ée]ficieront|b[ée]n[ée]ficiera|b[ée]n[ée]ficient|b[ée]n[ée]ficie|obtiendront|auront"
    r"|feront|verront|disposeront|re[çc]oivent|re[çc]oit|peuvent|doivent|s['’]engagent|devenez"
    r"|candidatez|candidater|postulez|postuler|d[ée]posez|devenir|[êe]tre laur[ée]at\w*"
    r"|compos[ée]e?s? de|mentors?|coachs?|intervenants?|pr[ée]c[ée]dent\w*|ancien\w*|pass[ée]e?s"
    r"|prochaine?s?|futur\w*|n['’]ont pas|ne sont pas|pas [ée]t[ée]|non retenu\w*|annonc[ée]\w* le"
    r"|d['’]autres|exemples?|[ée]taient|avaient|rappel|t[ée]moign\w*"
    # Partners, a jury described, a running total ("plus de 80 lauréats depuis 2019").
    r"|partenaires?|gr[âa]ce [àa]|jury\s+(?:de\s+\w+\s+(?:personnes|membres|experts)|compos\w*)"
    r"|plus\s+de\s+\d+\s+laur\w*|depuis\s+(?:\d{4}|sa\s+cr[ée]ation|le\s+d[ée]but)"
    # Funded before: "ont déjà été lauréats", "par le passé".
    r"|d[ée]j[àa]\s+(?:[ée]t[ée]|b[ée]n[ée]fici\w*|financ\w*|laur\w*)|par\s+le\s+pass[ée]"
    # What laureates do, not who they are: jobs, stands, news.
    r"|recrut\w*|offres?\s+d['’]emploi|stands?|salon|vous\s+attendent)\b",
    re.IGNORECASE,
)
_PLURAL_LAUREATES = re.compile(r"laur(?:é|e|&eacute;|É|E)at(?:e)?s\b", re.IGNORECASE)
_QUESTION_OK = re.compile(r"^\W*(?:qui|quels|quelles) sont (?:les|nos|ces)\b", re.IGNORECASE)
_SELECTION = re.compile(
    r"\b(?:retenu|s[ée]lectionn[ée]|choisi|d[ée]sign[ée]|distingu[ée]|r[ée]compens[ée]|prim[ée])e?s?\b"
    r"|^\W*voici\b|\b(?:projets|startups?|services|produits|[ée]quipes|dossiers)\s+"
    r"(?:soutenu|financ[ée]|accompagn[ée])e?s\b"
    # "Le FAST 16 accompagnera 6 nouveaux services." (under a title that announces laureates)
    r"|\b(?:accompagn|financ|soutien|soutient|soutiendr)\w*\s+(?:\d{1,2}|deux|trois|quatre|cinq"
    r"|six|sept|huit|neuf|dix)\s+(?:nouveaux\s+|nouvelles\s+)?(?:projets|startups|services"
    r"|produits|[ée]quipes|incubateurs)\b",
    re.IGNORECASE,
)
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-ZÀ-Ý«\"*_\[])")
_VOICI = re.compile(r"\bvoici\b", re.IGNORECASE)  # _SELECTION's "^\W*voici" anywhere
_NUMBER_WORDS = {
    "un": 1,
    "une": 1,
    "deux": 2,
    "trois": 3,
    "quatre": 4,
    "cinq": 5,
    "six": 6,
    "sept": 7,
    "huit": 8,
    "neuf": 9,
    "dix": 10,
    "onze": 11,
    "douze": 12,
    "treize": 13,
    "quatorze": 14,
    "quinze": 15,
    "seize": 16,
    "vingt": 20,
}
_COUNT = re.compile(
    r"\b(\d{1,2}|" + "|".join(_NUMBER_WORDS) + r")\s+(?:nouveaux\s+|nouvelles\s+|premiers\s+)?"
    r"(?:projets\s+|startups?\s+(?:d['’][ée]tat\s+)?|services\s+|produits\s+|[ée]quipes\s+)?"
    r"(?:laur[ée]at|projet|startup|service|produit|[ée]quipe|dossier|incubateur)",
    re.IGNORECASE,
)
_SINGULAR = re.compile(r"\b(?:le|la|notre|un|une|seul)\s+(?:\w+\s+)?laur[ée]at(?:e)?\b(?!s)", re.I)
_EDITION_PATTERNS = (
    re.compile(r"\bFAST\s*#?\s*(?:n°\s*)?(\d{1,2})(?![\d\s]*(?:000|k€|m€|millions?|%|€))\b", re.I),
    re.compile(
        r"\b(\d{1,2})\s*(?:e|è|ème|eme|ᵉ|ieme|ième|er|ère|ere|re|nd|nde)\s+"
        r"(?:[ée]dition|promotion|promo|session|vague|commission|appel|comit[ée]|FAST)\b",
        re.I,
    ),
    re.compile(
        r"\b(?:[ée]dition|promotion|promo|session|vague|commission)\s*(?:n°|no\.?|#)?\s*(\d{1,2})\b",
        re.I,
    ),
    re.compile(
        r"\b(premi[èe]re?|deuxi[èe]me|seconde?|troisi[èe]me|quatri[èe]me|cinqui[èe]me|sixi[èe]me"
        r"|septi[èe]me|huiti[èe]me|neuvi[èe]me|dixi[èe]me|onzi[èe]me|douzi[èe]me|treizi[èe]me"
        r"|quatorzi[èe]me|quinzi[èe]me)\s+(?:[ée]dition|promotion|session|vague|commission"
        r"|comit[ée]|appel|laur[ée]ats)\b",
        re.I,
    ),
)
_SPONSOR_HEADER = re.compile(
    r"^\W*(?:pour|c[ôo]t[ée]|du c[ôo]t[ée] d[eu]s?|chez)\s+(?P<a>.+?)\s*:?\s*$"
    r"|^\W*(?:incub|port|sponsoris|soutenu)\w*\s+(?:à|au|aux|par|chez)\s+(?P<b>.+?)\s*:?\s*$"
    r"|^\W*(?:" + entries.ORIGIN_VERB + r")\s*(?P<c>.+?)\s*:?\s*$",
    re.IGNORECASE,
)
_STOP_HEADING = re.compile(
    r"\b(?:suite|prochaine?s?|calendrier|contact|merci|remerciements|apr[èe]s|crit[èe]res|comment"
    r"|pourquoi|bilan|conclusion|propos|autres|[ée]tapes|candidat\w*|appel|[ée]dition|FAST"
    r"|laur[ée]at\w*|jury|chiffres|en savoir plus|r[ée]sultats?)\b|\?",
    re.IGNORECASE,
)
# An introduction to a list of something else than laureates.
_OTHER_LIST = re.compile(
    r"\b(?:partenaires?|mentors?|coachs?|jury|crit[èe]res|intervenants?|membres|programme"
    r"|agenda|ordre du jour|conditions|offres?|postes?|stands?|nouvelles|actualit[ée]s"
    r"|questions|r[ée]ponses|[ée]v[ée]nements)\b",
    re.IGNORECASE,
)
_BOLD_OR_LINK_START = re.compile(r"^\W{0,4}(?:\*\*|__|\[(?!\]))")
_MAX_INTRO = 2
_MAX_SECTION_BLOCKS = 4


@dataclass
class Context:
    """What the run being read knows from the trigger and the headers above it."""

    trigger: int  # index of the trigger block
    min_heading: int  # headings of laureates must be deeper than this
    count: int | None = None  # "4 lauréats"
    singular: bool = False
    sponsor: str = ""
    kind: str = ""
    references: Mapping[str, str] = field(default_factory=dict)


@dataclass
class Found:
    """One run of laureates and the body lines it occupies."""

    start: int
    end: int
    entries: list[tuple[entries.Entry, int]]  # entry and its first body line
    sponsor: str = ""
    kind: str = ""
    trigger: int = 0
    holes: list[tuple[int, int]] = field(default_factory=list)  # lines of items that are not


@dataclass(frozen=True)
class Group:
    """Detected laureates that replace body lines ``start``-``end`` (0-based, end excluded)."""

    index: int
    start: int
    end: int
    laureates: tuple[Laureate, ...]


def mentions_laureates(text: str) -> bool:
    """The cheap test: without the word, there is nothing to detect."""
    return LAUREATE_WORD.search(text) is not None


def _sentences(text: str) -> list[str]:
    return [s for s in _SENTENCE.split(" ".join(text.split())) if s]


def _announces(sentence: str, *, context: bool) -> bool:
    # Cheap test on the raw text first: prose.plain() is the costly part, and
    # most sentences of a post that mentions laureates do not announce them.
    if not LAUREATE_WORD.search(sentence) and not (context and _SELECTION.search(sentence)):
        return False
    plain = prose.plain(sentence)
    # What announces comes first (cheap, and usually absent); then what rules it out.
    if LAUREATE_WORD.search(plain):
        # A list is announced in the plural ("les lauréats", "4 lauréates"); "Lauréat du
        # FAST en 2019, Lapins a…" is about one of them.
        if not (_PLURAL_LAUREATES.search(plain) or _COUNT.search(plain)):
            return False
    elif not (context and _SELECTION.search(plain)):
        return False
    if _NEGATIVE.search(plain):
        return False
    return not (plain.rstrip().endswith("?") and not _QUESTION_OK.match(plain))


def trigger_sentence(block: prose.Block, *, context: bool) -> str | None:
    """The sentence of `block` that announces laureates, if any."""
    if block.kind == "heading":
        return block.text if _announces(block.text, context=context) else None
    if block.kind != "paragraph":
        return None
    text = block.text
    # No sentence can announce what the whole paragraph does not mention.
    if not LAUREATE_WORD.search(text) and not (
        context and (_SELECTION.search(text) or _VOICI.search(text))
    ):
        return None
    sentences = _sentences(text)
    last = sentences[-1] if sentences else ""
    if last.rstrip().endswith(":") and (
        _OTHER_LIST.search(prose.plain(last))
        or (LAUREATE_WORD.search(last) and not _announces(last, context=context))
    ):
        # The sentence that introduces the list says what it is: "… ont été actifs. Voici
        # quelques nouvelles :", "… équipes lauréates … Les lauréats du FAST 15 recrutent :".
        return None
    for sentence in reversed(sentences):
        if _announces(sentence, context=context):
            return sentence
    return None


def announced_count(sentence: str) -> int | None:
    match = _COUNT.search(prose.plain(sentence))
    if not match:
        return None
    word = match.group(1).lower()
    return int(word) if word.isdigit() else _NUMBER_WORDS.get(word)


def edition_in(text: str) -> int | None:
    """The edition a text names ("FAST 3", "2è édition", "troisième promotion")."""
    best: tuple[int, int] | None = None
    anchor = LAUREATE_WORD.search(text)
    for pattern in _EDITION_PATTERNS:
        for match in pattern.finditer(text):
            value = parse_edition(match.group(1))
            if not isinstance(value, int) or not 0 < value < 100:
                continue
            distance = abs(match.start() - anchor.start()) if anchor else match.start()
            if best is None or distance < best[0]:
                best = (distance, value)
        if best is not None:
            return best[1]
    return None


# -- runs ---------------------------------------------------------------------------
def _item_text(item: prose.Block) -> str:
    lines = list(item.lines)
    for child in item.children:
        child_lines = _item_text(child).split("\n")
        lines.append("- " + child_lines[0])
        lines.extend(child_lines[1:])
    return "\n".join(lines)


def _header_of(block: prose.Block) -> tuple[str, str] | None:
    """(sponsor, kind) that a group header gives, or None when `block` is not one.

    A heading or a bold-only paragraph may name an administration or a kind
    ("### Incubateurs"); any paragraph may say "Pour le ministère des Armées :".
    """
    if block.kind not in ("heading", "paragraph", "item"):
        return None
    text = block.lines[0] if block.kind == "item" else block.text
    plain = entries.clean_name(prose.plain(text))
    if not plain or len(plain) > 120 or LAUREATE_WORD.search(plain):
        return None
    match = _SPONSOR_HEADER.match(plain)
    if match:
        if match.group("c"):  # "Issus de l'incubateur X :" keeps its article, as inline
            return entries.clean_sponsor(match.group("c")), ""
        who = match.group("a") or match.group("b") or ""
        return entries.clean_sponsor(who, after_verb=True), ""
    if block.kind != "heading" and not re.fullmatch(r"\W*(\*\*|__)[^*_]+\1\W*", text.strip()):
        return None
    if entries.INCUBATOR.search(plain) and len(plain.split()) <= 6:
        return "", "incubator"
    if re.search(r"\b(?:services?|startups?|produits?)\b", plain, re.I) and len(plain.split()) <= 6:
        return "", "service"
    if entries.is_administration(plain) and len(plain.split()) <= 12:
        return entries.clean_sponsor(plain), ""
    return None


def _is_image_only(block: prose.Block) -> bool:
    if block.kind != "paragraph":
        return False
    text, _logo = entries._strip_strays(block.text, {})
    return not prose.plain(text).strip()


def _items_run(blocks: Sequence[prose.Block], j: int, ctx: Context) -> tuple[list[Any], int]:
    """Every item of the list, each judged on its own: an odd item is a hole, not the end.

    A rejected item is kept as ``(None, start, end)`` so that its text stays in the
    page (``_run`` splits the run around it); rejected items after the last laureate
    just end the run, as before.
    """
    found: list[tuple[entries.Entry | None, int, int]] = []
    indent = blocks[j].indent
    index = j
    while index < len(blocks) and blocks[index].kind == "item" and blocks[index].indent == indent:
        item = blocks[index]
        header = (
            _header_of(item) if item.children and item.lines[0].rstrip().endswith(":") else None
        )
        if header is not None:
            for child in item.children:
                entry = entries.parse_entry(_item_text(child), ctx.references)
                if entry is None:
                    continue
                if not entries.plausible(entry):
                    found.append((None, child.start, child.end))
                    continue
                entry.sponsor = entry.sponsor or header[0]
                entry.kind = header[1] or entry.kind
                found.append((entry, child.start, child.end))
            index += 1
            continue
        entry = entries.parse_entry(_item_text(item), ctx.references)
        if entry is None:  # "- [](url)": a stray item, not the end of the list
            index += 1
            continue
        found.append((entry if entries.plausible(entry) else None, item.start, item.end))
        index += 1
    while found and found[-1][0] is None:
        found.pop()
    holes = sum(entry is None for entry, _s, _e in found)
    if holes and holes >= len(found) - holes:
        return [], j  # mostly not laureates: a list of something else
    return found, index


def _section_entry(
    blocks: Sequence[prose.Block], index: int, limit: int
) -> tuple[list[prose.Block], int]:
    """Blocks that belong to the heading at `index` (at most `limit`)."""
    level = blocks[index].level
    content: list[prose.Block] = []
    cursor = index + 1
    while cursor < len(blocks) and len(content) < limit:
        block = blocks[cursor]
        if block.kind not in ("paragraph", "item") or (
            block.kind == "heading" and block.level <= level
        ):
            break
        content.append(block)
        cursor += 1
    return content, cursor


def _headings_run(blocks: Sequence[prose.Block], j: int, ctx: Context) -> tuple[list[Any], int]:
    found: list[tuple[entries.Entry, int, int]] = []
    level = blocks[j].level
    if level <= ctx.min_heading:
        return found, j
    index = j
    sizes: list[int] = []
    while index < len(blocks) and blocks[index].kind == "heading" and blocks[index].level == level:
        heading = blocks[index]
        linked = heading.text.strip().startswith("[") and heading.text.rstrip().endswith(")")
        if not linked and _STOP_HEADING.search(prose.plain(heading.text)):
            break  # "### [La Suite numérique](url)" is a name, "### La suite" is not
        following = blocks[index + 1] if index + 1 < len(blocks) else None
        if _header_of(heading) is not None and following is not None and following.kind == "item":
            break  # "### Ministère des Armées" above a list: a group header, not a laureate
        limit = max(sizes) if sizes and _last_section(blocks, index, level) else _MAX_SECTION_BLOCKS
        content, after = _section_entry(blocks, index, limit)
        text = "\n".join(
            _item_text(b) if b.kind == "item" else b.text for b in content if not _is_image_only(b)
        )
        entry = entries.parse_entry(text, ctx.references, head=heading.text)
        if entry is None or not entries.plausible(entry) or not entry.has_substance:
            break
        end = content[-1].end if content else heading.end
        found.append((entry, heading.start, end))
        sizes.append(max(1, len(content)))
        index = after
    return found, index


def _last_section(blocks: Sequence[prose.Block], index: int, level: int) -> bool:
    """Is the heading at `index` the last of its level before the section ends?"""
    for block in blocks[index + 1 :]:
        if block.kind == "heading":
            return block.level < level
    return True


def _split_lines(block: prose.Block) -> list[tuple[str, int]]:
    """A paragraph whose every line starts with a bold or linked name holds one entry per line."""
    lines = [(line, block.start + i) for i, line in enumerate(block.lines) if line.strip()]
    if len(lines) >= 2 and all(_BOLD_OR_LINK_START.match(line) for line, _ in lines):
        return lines
    return [(block.text, block.start)]


def _paragraphs_run(blocks: Sequence[prose.Block], j: int, ctx: Context) -> tuple[list[Any], int]:
    found: list[tuple[entries.Entry, int, int]] = []
    index = j
    style = ""
    while index < len(blocks) and blocks[index].kind == "paragraph":
        block = blocks[index]
        if _is_image_only(block):
            if not found:
                break
            index += 1
            continue
        parts = _split_lines(block)
        stop = False
        for text, line in parts:
            entry = entries.parse_entry(text, ctx.references)
            if entry is None:
                continue
            if not entry.has_substance and entry.head in ("bold", "link") and len(parts) == 1:
                # "**Nom**" alone, then its description in the next paragraph(s).
                content, after = _pseudo_section(blocks, index)
                if content:
                    joined = "\n".join(b.text for b in content)
                    entry = entries.parse_entry(joined, ctx.references, head=text) or entry
                    if entries.plausible(entry) and entry.has_substance:
                        found.append((entry, block.start, content[-1].end))
                        index = after - 1
                        continue
                stop = True
                break
            sponsor = entries.sponsor_line(text) if found and len(parts) == 1 else ""
            if sponsor:  # "Issu de l'incubateur X." alone after a laureate's paragraph
                last, start, _end = found[-1]
                last.sponsor = last.sponsor or sponsor
                found[-1] = (last, start, block.end)
                continue
            if not entries.plausible(entry) or (
                style and entry.head == "plain" != (style == "plain")
            ):
                stop = True
                break
            style = style or entry.head
            found.append((entry, line, line + 1 if len(parts) > 1 else block.end))
        if stop:
            break
        index += 1
    return found, index


def _pseudo_section(blocks: Sequence[prose.Block], index: int) -> tuple[list[prose.Block], int]:
    content: list[prose.Block] = []
    cursor = index + 1
    while cursor < len(blocks) and len(content) < 2:
        block = blocks[cursor]
        if (
            block.kind != "paragraph"
            or _is_image_only(block)
            or _BOLD_OR_LINK_START.match(block.text)
        ):
            break
        content.append(block)
        cursor += 1
    return content, cursor


_TABLE_COLUMNS = {
    "name": re.compile(
        r"nom|projet|startup|start-up|service|produit|laur[ée]at|[ée]quipe|intitul", re.I
    ),
    "description": re.compile(r"mission|description|objectif|probl[èe]me|r[ée]sum[ée]", re.I),
    "sponsor": re.compile(
        r"sponsor|administration|porteu|minist[èe]re|port[ée]|structure|incubat", re.I
    ),
    "url": re.compile(r"lien|site|url", re.I),
    "amount": re.compile(r"montant|financement|ticket|budget", re.I),
}


def _cells(line: str) -> list[str]:
    return [cell.strip() for cell in line.strip().strip("|").split("|")]


def _table_run(blocks: Sequence[prose.Block], j: int, ctx: Context) -> tuple[list[Any], int]:
    table = blocks[j]
    if len(table.lines) < 3:
        return [], j
    header = [prose.plain(cell) for cell in _cells(table.lines[0])]
    columns: dict[str, int] = {}
    for field_name, pattern in _TABLE_COLUMNS.items():
        for position, title in enumerate(header):
            if pattern.search(title) and position not in columns.values():
                columns[field_name] = position
                break
    if "name" not in columns:
        return [], j
    found: list[tuple[entries.Entry, int, int]] = []
    for offset, line in enumerate(table.lines[2:], start=2):
        cells = _cells(line)

        def cell(name: str, cells: list[str] = cells) -> str:
            position = columns.get(name)
            return cells[position] if position is not None and position < len(cells) else ""

        parts = [f"**{cell('name')}**" if not cell("name").startswith("[") else cell("name")]
        if cell("description"):
            parts.append(" : " + cell("description"))
        text = "".join(parts)
        extra = [f"Sponsor : {cell('sponsor')}"] if cell("sponsor") else []
        extra += [f"Lien : {cell('url')}"] if cell("url") else []
        extra += [f"Montant : {cell('amount')}"] if cell("amount") else []
        entry = entries.parse_entry("\n".join([text, *extra]), ctx.references)
        if entry is None:
            continue
        entry.head = "table"
        if not entries.plausible(entry):
            return [], j
        found.append((entry, table.start + offset, table.start + offset + 1))
    return found, j + 1


def _run(
    blocks: Sequence[prose.Block], j: int, ctx: Context, intro: int, in_group: bool = False
) -> Found | None:
    block = blocks[j]
    readers: dict[str, Callable[[Sequence[prose.Block], int, Context], tuple[list[Any], int]]] = {
        "item": _items_run,
        "paragraph": _paragraphs_run,
        "heading": _headings_run,
        "table": _table_run,
    }
    reader = readers.get(block.kind)
    if reader is None:
        return None
    found, _after = reader(blocks, j, ctx)
    holes = [(s, e) for entry, s, e in found if entry is None]
    leading_hole = bool(found) and found[0][0] is None
    found = [(entry, s, e) for entry, s, e in found if entry is not None]
    if not found:
        return None
    if len(found) == 1 and not (ctx.count == 1 or ctx.singular or in_group):
        return None
    plain = all(
        entry.head == "plain" and not entries.is_incubator_name(entry.name)
        for entry, _s, _e in found
    )
    if plain and intro > 0 and ctx.count != len(found):
        return None
    bare = all(not entry.description and not entry.sponsor for entry, _s, _e in found)
    if bare and intro > 1:
        return None
    start = found[0][1] if leading_hole else blocks[j].start
    end = max(e for _entry, _s, e in found)
    return Found(
        start=start,
        end=end,
        entries=[(entry, s) for entry, s, _e in found],
        sponsor=ctx.sponsor,
        kind=ctx.kind,
        trigger=ctx.trigger,
        holes=[hole for hole in holes if start < hole[0] < end],
    )


def _segments(run: Found) -> list[tuple[int, int, list[tuple[entries.Entry, int]]]]:
    """(start, end, entries) of the parts of a run between the items that are not laureates."""
    parts: list[tuple[int, int, list[tuple[entries.Entry, int]]]] = []
    start = run.start
    current: list[tuple[entries.Entry, int]] = []
    holes = iter(sorted(run.holes))
    hole = next(holes, None)
    for entry, line in run.entries:
        while hole is not None and hole[0] < line:
            if current:
                parts.append((start, hole[0], current))
            current, start = [], hole[1]
            hole = next(holes, None)
        current.append((entry, line))
    if current:
        parts.append((start, run.end, current))
    return parts


def _next_block(blocks: Sequence[prose.Block], line: int, after: int) -> int:
    """Index of the first block that starts at or after body line `line`."""
    index = after
    while index < len(blocks) and blocks[index].start < line:
        index += 1
    return index


def _footer_sponsor(block: prose.Block) -> tuple[str, bool] | None:
    """ "Tous incubés à la Fabrique numérique." after a list: (sponsor, pure label?)."""
    if block.kind != "paragraph" or len(block.text) > 240 or block.text.rstrip().endswith(":"):
        return None  # "Issus de l'incubateur X :" introduces the next list
    plain = prose.plain(block.text)
    label = re.match(r"^\W*sponsors?\s*(?:commun)?\s*:\s*(.+)$", plain, re.I)
    if label:
        return entries.clean_sponsor(label.group(1)), True
    _rest, sponsor, plural = entries._extract_sponsor(plain)
    if sponsor and (plural or re.match(r"^\W*(?:tous|toutes|ils|elles|ces|les)\b", plain, re.I)):
        return sponsor, False
    return None


def _scan(blocks: Sequence[prose.Block], t: int, ctx: Context) -> list[Found]:
    """Runs after the trigger at `t`: intro blocks, then runs and group headers."""
    runs: list[Found] = []
    j = t + 1
    intro = headers = 0
    while j < len(blocks) and intro <= _MAX_INTRO:
        block = blocks[j]
        # A group header ("Portés par la Fabrique X :") is no distance from the trigger.
        run = _run(blocks, j, ctx, intro - headers)
        if run is not None:
            runs.append(run)
            break
        if block.kind in ("rule", "code", "html", "table", "quote", "item"):
            return runs  # a list that is not laureates is judged whole, not from each item
        if block.kind == "paragraph":
            plain = prose.plain(block.text)
            if _OTHER_LIST.search(plain):
                return runs  # "Nos partenaires :", "Au programme :": another list follows
            if LAUREATE_WORD.search(plain) and _NEGATIVE.search(plain):
                return runs  # "Trois anciens lauréats ont …": the list is about them
        header = _header_of(block)
        if block.kind == "heading" and (block.level <= ctx.min_heading or header is None):
            return runs  # a new section: the trigger's scope is over
        if header is not None:
            ctx.sponsor, ctx.kind = header[0] or ctx.sponsor, header[1] or ctx.kind
            headers += bool(header[1] or entries.is_administration(header[0]))
        j += 1
        intro += 1
    if not runs:
        return runs
    # Further groups: "### Ministère des Armées" / "Pour la DGFiP :" then another run.
    total = len(runs[0].entries)
    while True:
        j = _next_block(blocks, runs[-1].end, j)
        if j < len(blocks):
            footer = _footer_sponsor(blocks[j])
            if footer is not None:
                runs[-1].sponsor = runs[-1].sponsor or footer[0]
                if footer[1]:
                    runs[-1].end = blocks[j].end
                j += 1
        if (ctx.count is not None and total >= ctx.count) or j >= len(blocks):
            break
        block = blocks[j]
        if block.kind == "heading" and block.level <= ctx.min_heading:
            break
        header = _header_of(block)
        if header is None or j + 1 >= len(blocks):
            break
        sub = Context(
            trigger=ctx.trigger,
            min_heading=max(ctx.min_heading, block.level if block.kind == "heading" else 0),
            count=ctx.count,
            sponsor=header[0],
            kind=header[1],
            references=ctx.references,
        )
        run = _run(blocks, j + 1, sub, 0, in_group=True)
        if run is None:
            break
        runs.append(run)
        total += len(run.entries)
        j += 1
    return runs if _count_agrees(ctx.count, runs) else []


def _count_agrees(count: int | None, runs: Sequence[Found]) -> bool:
    """A stated count ("a retenu 4 lauréats") that the list contradicts means it is another list.

    Authors miscount by one, and a list whose every name is a link is strong
    evidence on its own.
    """
    found = [entry for run in runs for entry, _line in run.entries]
    if count is None or abs(len(found) - count) <= 1:
        return True
    return all(entry.url for entry in found)


def _enclosing_heading(blocks: Sequence[prose.Block], index: int) -> int:
    for block in reversed(blocks[:index]):
        if block.kind == "heading":
            return block.level
    return 0


def _edition(
    blocks: Sequence[prose.Block], t: int, sentence: str, title: str, front: Mapping[str, Any]
) -> int | str | None:
    declared = parse_edition(front.get("edition"))
    if declared is not None:
        return declared
    for text in [sentence, blocks[t].text]:
        found = edition_in(prose.plain(text))
        if found is not None:
            return found
    for block in reversed(blocks[:t]):
        if block.kind == "heading":
            found = edition_in(prose.plain(block.text))
            if found is not None:
                return found
    for text in (title, str(front.get("excerpt") or ""), str(front.get("description") or "")):
        found = edition_in(text)
        if found is not None:
            return found
    return None


def find(
    body: str,
    *,
    title: str = "",
    front_matter: Mapping[str, Any] | None = None,
    post: str = "",
    line_offset: int = 1,
    repair: Callable[[str], str | None] = lambda raw: raw.strip() or None,
) -> list[Group]:
    """Laureate groups announced in a Markdown `body` (the text after the front matter)."""
    front = front_matter or {}
    head_text = " ".join(str(front.get(k) or "") for k in ("title", "excerpt", "description"))
    if not mentions_laureates(body) and not mentions_laureates(title + " " + head_text):
        return []
    context = any(
        _announces(sentence, context=False)
        for sentence in _sentences(title + ". " + head_text)
        if LAUREATE_WORD.search(sentence)
    )
    if not mentions_laureates(body) and not context:
        return []
    blocks = prose.blocks(body)
    references = prose.reference_definitions(body) if "]:" in body else {}
    runs: list[Found] = []
    claimed = -1
    editions: dict[int, int | str | None] = {}
    for t, block in enumerate(blocks):
        if block.start < claimed:
            continue
        sentence = trigger_sentence(block, context=context)
        if sentence is None:
            continue
        min_heading = block.level if block.kind == "heading" else _enclosing_heading(blocks, t)
        ctx = Context(
            trigger=t,
            min_heading=min_heading,
            count=announced_count(sentence),
            singular=bool(_SINGULAR.search(prose.plain(sentence))),
            references=references,
        )
        found = _scan(blocks, t, ctx)
        if found:
            runs.extend(found)
            claimed = found[-1].end
            editions[t] = _edition(blocks, t, sentence, title, front)
    groups: list[Group] = []
    for run in runs:
        group_sponsor = next((e.group_sponsor for e, _line in run.entries if e.group_sponsor), "")
        for start, end, part in _segments(run):
            groups.append(
                _group(
                    len(groups),
                    start,
                    end,
                    part,
                    run,
                    group_sponsor,
                    editions,
                    post,
                    line_offset,
                    repair,
                )
            )
    return groups


def _group(
    index: int,
    start: int,
    end: int,
    part: Sequence[tuple[entries.Entry, int]],
    run: Found,
    group_sponsor: str,
    editions: Mapping[int, int | str | None],
    post: str,
    line_offset: int,
    repair: Callable[[str], str | None],
) -> Group:
    laureates = []
    for entry, line in part:
        raw = entry.url
        url = (repair(raw) or "") if raw else ""
        laureates.append(
            Laureate(
                name=entry.name,
                description=entry.description,
                sponsor=entry.sponsor or group_sponsor or run.sponsor,
                url=url,
                edition=editions.get(run.trigger),
                amount=entry.amount,
                logo=entry.logo,
                kind=run.kind or entry.kind,
                post=post,
                line=line_offset + line,
                source="detected",
                group=index,
            )
        )
    return Group(index, start, end, tuple(laureates))


def replace(body: str, groups: Sequence[Group]) -> str:
    """`body` with each group's lines replaced by its marker (line count kept when possible)."""
    if not groups:
        return body
    lines = body.split("\n")
    for group in sorted(groups, key=lambda g: g.start, reverse=True):
        size = group.end - group.start
        replacement = ["", MARKER.format(group=group.index), ""]
        replacement += [""] * max(0, size - len(replacement))
        lines[group.start : group.end] = replacement
    return "\n".join(lines)
